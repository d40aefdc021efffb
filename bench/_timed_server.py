"""`streamlit run` with timing hooks, for bench/profile_step.py: the server's time per action.

    BENCH_SERVER_LOG=/tmp/runs.jsonl .venv/bin/python bench/_timed_server.py run app.py [...]

Runs Streamlit's own command line after wrapping three of its functions (Streamlit 1.67):

- `AppSession.handle_backmsg`: a rerun request arrives from the browser (a widget's new value,
  e.g. the map's report of a release or a click);
- `ScriptRunner._run_script`: the script (or the map fragment) runs, in the script thread;
- `serialize_forward_msg` of the websocket: each message to the browser is serialised, on
  the event loop; the run's `script_finished` message is the last one.

Each rerun request appends one JSON line to $BENCH_SERVER_LOG (times from `perf_counter`, s):
arrived, the runs (start, end, the script thread's CPU time), finished, the serialisation
time and bytes on the event loop, and the messages' count. A request that arrives before
the one in flight has finished joins its line (`requests` counts them; a run stopped early
for the newer request is one of `runs`). The server's time for the action is
`finished - arrived`. One browser session at a time: the benchmark drives one page.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time


def install(log_path: str) -> None:
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web.server.starlette import starlette_websocket as websocket

    lock = threading.Lock()
    state: dict = {"record": None}  # the rerun in flight

    def write_when_complete(record: dict) -> None:
        """Once the run's last message has gone and every run has returned (in either order:
        the event loop may serialise `script_finished` before the script thread returns)."""
        if "finished" in record and all("end" in run for run in record["runs"]):
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")

    handle_backmsg = app_session.AppSession.handle_backmsg

    def timed_handle_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            with lock:
                record = state["record"]
                if record is None:  # else the request joins the one in flight (Streamlit
                    record = state["record"] = {  # stops that run and runs again)
                        "arrived": time.perf_counter(),
                        "requests": 0,
                        "request_bytes": 0,
                        "runs": [],
                        "serialise_s": 0.0,
                        "sent_bytes": 0,
                        "messages": 0,
                        "largest_message": 0,
                    }
                record["requests"] += 1
                record["request_bytes"] += msg.ByteSize()
        return handle_backmsg(self, msg)

    run_script = script_runner.ScriptRunner._run_script

    def timed_run_script(self, rerun_data):
        run = {"start": time.perf_counter(), "fragment": bool(rerun_data.fragment_id_queue)}
        cpu = time.thread_time()
        with lock:
            record = state["record"]
            if record is not None:
                record["runs"].append(run)
        try:
            return run_script(self, rerun_data)
        finally:
            with lock:
                run["cpu_s"] = time.thread_time() - cpu
                run["end"] = time.perf_counter()
                if record is not None:
                    write_when_complete(record)

    serialize = websocket.serialize_forward_msg
    early_for_rerun = 2  # ForwardMsg.ScriptFinishedStatus: a newer request took over

    def timed_serialize(msg):
        started = time.perf_counter()
        payload = serialize(msg)
        ended = time.perf_counter()
        with lock:
            record = state["record"]
            if record is not None:
                record["serialise_s"] += ended - started
                record["sent_bytes"] += len(payload)
                record["messages"] += 1
                record["largest_message"] = max(record["largest_message"], len(payload))
                finished = msg.WhichOneof("type") == "script_finished"
                if finished and msg.script_finished != early_for_rerun:
                    record["finished"] = ended
                    record["status"] = int(msg.script_finished)
                    state["record"] = None
                    write_when_complete(record)
        return payload

    app_session.AppSession.handle_backmsg = timed_handle_backmsg
    script_runner.ScriptRunner._run_script = timed_run_script
    websocket.serialize_forward_msg = timed_serialize


def main() -> None:
    install(os.environ["BENCH_SERVER_LOG"])
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
