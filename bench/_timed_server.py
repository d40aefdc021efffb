"""`streamlit run` with timing hooks, for bench/profile_step.py: the server's time per action.

    BENCH_SERVER_LOG=/tmp/runs.jsonl .venv/bin/python bench/_timed_server.py run app.py [...]

Runs Streamlit's own command line after wrapping three of its functions (Streamlit 1.67):

- `AppSession.handle_backmsg`: a rerun request arrives from the browser (a widget's new value,
  e.g. the map's report of a release or a click);
- `ScriptRunner._run_script`: the script (or the map fragment) runs, in the script thread;
- `serialize_forward_msg` of the websocket: each message to the browser is serialised, on
  the event loop; the run's `script_finished` message is the last one.

Each rerun request appends one JSON line to $BENCH_SERVER_LOG (times from `perf_counter`, s):
arrived, run_start, run_end, finished, the script thread's CPU time, the serialisation time
and bytes on the event loop, and the messages' count. The server's time for the action is
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
    current: dict = {}

    def write(record: dict) -> None:
        with lock, open(log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")

    handle_backmsg = app_session.AppSession.handle_backmsg

    def timed_handle_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            rerun = msg.rerun_script
            with lock:
                current.clear()
                current.update(
                    arrived=time.perf_counter(),
                    fragment=bool(rerun.fragment_id),
                    request_bytes=msg.ByteSize(),
                    runs=[],
                    serialise_s=0.0,
                    sent_bytes=0,
                    messages=0,
                    largest_message=0,
                )
        return handle_backmsg(self, msg)

    run_script = script_runner.ScriptRunner._run_script

    def timed_run_script(self, rerun_data):
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return run_script(self, rerun_data)
        finally:
            run = {
                "start": started,
                "end": time.perf_counter(),
                "cpu_s": time.thread_time() - cpu,
                "fragment": bool(rerun_data.fragment_id_queue),
            }
            with lock:
                if current:
                    current["runs"].append(run)

    serialize = websocket.serialize_forward_msg

    def timed_serialize(msg):
        started = time.perf_counter()
        payload = serialize(msg)
        ended = time.perf_counter()
        done = None
        with lock:
            if current:
                current["serialise_s"] += ended - started
                current["sent_bytes"] += len(payload)
                current["messages"] += 1
                current["largest_message"] = max(current["largest_message"], len(payload))
                if msg.WhichOneof("type") == "script_finished":
                    current["finished"] = ended
                    current["status"] = int(msg.script_finished)
                    done = dict(current)
                    current.clear()
        if done:
            write(done)
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
