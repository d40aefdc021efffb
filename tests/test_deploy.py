"""Deployment, as docs/deploy.md describes it.

- `.streamlit/config.toml` holds the production settings.
- The Dockerfile (no Docker engine here) is parsed. Its install commands run in a fresh virtual
  environment on a copy of the build context, filtered by `.dockerignore`, and its CMD then
  starts the app from that environment (marked `slow`).
- The app runs under /aleppo/ behind a small reverse proxy on localhost that behaves like the
  nginx block in docs/deploy.md: it passes the path on unchanged, lets WebSocket upgrades
  through, and answers 404 to everything outside /aleppo/. Headless Chromium checks through
  the proxy that the map draws its polygons and that Leaflet comes from
  /aleppo/app/static/vendor/leaflet/ (marked `browser`).
"""

from __future__ import annotations

import ast
import contextlib
import fnmatch
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from aleppo_map.frame import frame_page
from aleppo_map.render import APP_SCRIPT_FILES, SIDE_SCRIPT_FILES
from tests.browser.harness import (
    free_port,
    holders_by_area,
    offline,
    serving,
    streamlit_server,
    wait_for_app,
    wait_for_polygons,
)
from tests.conftest import REPO

DEPLOY_DOC = REPO / "docs" / "deploy.md"
ARTIFACTS = REPO / "test-artifacts" / "browser"

# What the image must contain for the app to run (docs/method.md: the Method page reads it).
NEEDED_IN_IMAGE = [
    "pyproject.toml",
    "README.md",
    "app.py",
    "pages/1_Timeline.py",
    "aleppo_map/__init__.py",
    "control_changes.csv",
    "sources.csv",
    "datapackage.json",
    "geodata/areas.geojson",
    "geodata/areas_index.csv",
    "geodata/landmarks.geojson",
    "docs/method.md",
    ".streamlit/config.toml",
]

# Imports that a fresh install from pyproject.toml cannot satisfy, each with the reason. The
# test fails when one of them becomes importable, so that it is removed from this list.
KNOWN_GAPS: dict[str, str] = {}


# ------------------------------------------------------------------ production settings


def test_streamlit_config_has_the_production_settings():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["headless"] is True
    assert "baseUrlPath" not in config["server"], "the sub-path belongs to the deployment"
    theme = config["theme"]
    assert theme["base"] == "light"
    for key in ("primaryColor", "backgroundColor", "secondaryBackgroundColor", "textColor"):
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", theme[key]), key


def test_static_scripts_are_served_as_scripts():
    """The map's frame loads Leaflet and our scripts from app/static/: Streamlit must serve
    them with their own type (before 1.56 it served every script as text/plain, which the
    browser refuses to run). Run by `make test-min` too, on the lowest Streamlit allowed."""
    frame_dir = frame_page()
    scripts = re.findall(
        r'<script src="\.\./\.\./(app/static/[^"]+)"', (frame_dir / "index.html").read_text()
    )
    assert len(scripts) >= 5, scripts
    with streamlit_server() as base:
        for path in scripts + ["app/static/vendor/leaflet/leaflet.css"]:
            with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
                kind = response.headers["Content-Type"]
            assert ("css" if path.endswith(".css") else "javascript") in kind, (path, kind)


# ------------------------------------------------------------------------------ Dockerfile


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    instructions, logical = [], ""
    for raw in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            logical += line[:-1].strip() + " "
            continue
        keyword, _, args = (logical + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        logical = ""
    assert not logical, "the Dockerfile ends inside a continued line"
    return instructions


def docker_env() -> dict[str, str]:
    env = {}
    for keyword, args in dockerfile():
        if keyword == "ENV":
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def run_commands() -> list[list[str]]:
    """Every command of every RUN, split at `&&`, as argument lists."""
    commands = []
    for keyword, args in dockerfile():
        if keyword == "RUN":
            commands += [shlex.split(part) for part in args.split("&&") if part.strip()]
    return commands


def docker_cmd() -> list[str]:
    (cmd,) = [args for keyword, args in dockerfile() if keyword in ("CMD", "ENTRYPOINT")]
    return json.loads(cmd)  # exec form: signals reach streamlit


def pip_installs() -> list[list[str]]:
    return [c for c in run_commands() if c[:2] == ["pip", "install"]]


def test_dockerfile_installs_from_pyproject_and_runs_the_app():
    instructions = dockerfile()
    keywords = [k for k, _ in instructions]
    assert keywords[0] == "FROM"
    image = instructions[0][1]
    match = re.fullmatch(r"python:(\d+)\.(\d+)(-slim)?(-\w+)?", image)
    assert match, f"expected an official python image, got {image}"
    requires = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    minimum = tuple(
        int(n) for n in re.search(r">=\s*(\d+)\.(\d+)", requires["requires-python"]).groups()
    )
    assert (int(match[1]), int(match[2])) >= minimum

    sources = [args.split()[:-1] for k, args in instructions if k == "COPY"]
    assert any("." in src or "pyproject.toml" in src for src in sources), sources
    installs = pip_installs()
    assert installs, "no `pip install` in a RUN"
    targets = [arg for command in installs for arg in command[2:] if not arg.startswith("-")]
    assert "." in targets, "pip must install the project itself, from pyproject.toml"
    assert not any("requirements" in arg for command in installs for arg in command)
    assert ["python", "-m", "aleppo_map.frame"] in run_commands(), "the map's files are not written"

    cmd = docker_cmd()
    assert cmd[:3] == ["python", "-m", "aleppo_map.ui.start"]  # `streamlit run app.py`, warmed
    assert "--server.address=0.0.0.0" in cmd
    port = next(a.split("=", 1)[1] for a in cmd if a.startswith("--server.port="))
    assert ("EXPOSE", port) in instructions
    users = [args for k, args in instructions if k == "USER"]
    assert users and users[-1] not in ("root", "0"), "the app must not run as root"
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")


def dockerignore() -> list[str]:
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def ignored(relative: str, patterns: list[str]) -> bool:
    """Docker's rule, for the patterns used here: a match on the path or any parent."""
    parts = relative.split("/")
    for pattern in patterns:
        assert not pattern.startswith("!"), "exceptions are not supported by this check"
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if fnmatch.fnmatch(prefix, pattern.rstrip("/")):
                return True
            if pattern.startswith("**/") and fnmatch.fnmatch(parts[depth - 1], pattern[3:]):
                return True
    return False


def test_dockerignore_keeps_what_the_app_needs_and_drops_the_rest():
    patterns = dockerignore()
    for needed in NEEDED_IN_IMAGE:
        assert (REPO / needed).exists(), needed
        assert not ignored(needed, patterns), f"{needed} would be left out of the image"
    for dropped in (".git/HEAD", ".venv/bin/python", "tests/conftest.py", "static/vendor/x.js"):
        assert ignored(dropped, patterns), f"{dropped} would be copied into the image"


def build_context(target: Path) -> Path:
    """The files `COPY . .` puts into the image."""
    patterns = dockerignore()
    for folder, dirs, files in os.walk(REPO):
        relative = Path(folder).relative_to(REPO)
        dirs[:] = [d for d in dirs if not ignored((relative / d).as_posix(), patterns)]
        for name in files:
            path = (relative / name).as_posix()
            if not ignored(path, patterns):
                (target / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / path, target / path)
    return target


def imported_modules() -> set[str]:
    """Top-level names imported anywhere in the app and the package, lazily or not."""
    names = set()
    for path in [REPO / "app.py", *REPO.glob("pages/*.py"), *REPO.glob("aleppo_map/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__", "aleppo_map"}


@pytest.mark.slow
def test_docker_install_commands_work_in_a_fresh_virtual_environment(tmp_path):
    """The image's RUN commands on the build context, `pip` and `python` from a new venv.

    PIP_NO_CACHE_DIR from the Dockerfile's ENV is not applied, so pip reuses the local cache,
    and pip installs with --no-compile (Python compiles what it imports; compiling every file
    up front took 12 of the install's 29 s).
    Commands that only set the image up (useradd) are not run.
    """
    app = build_context(tmp_path / "app")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {**os.environ, **docker_env(), "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    for key in ("PIP_NO_CACHE_DIR", "VIRTUAL_ENV", "PYTHONPATH", "ALEPPO_DATA_DIR"):
        env.pop(key, None)
    ran = []
    for command in run_commands():
        if command[0] not in ("pip", "python"):
            continue
        ran.append(command)
        if command[:2] == ["pip", "install"]:
            command = [*command[:2], "--no-compile", *command[2:]]
        command = [str(venv / "bin" / command[0]), *command[1:]]
        result = subprocess.run(
            command, cwd=app, env=env, capture_output=True, text=True, timeout=240
        )
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr}"
    assert any(c[1:3] == ["install", "-e"] or c[1:3] == ["install", "."] for c in ran), ran
    assert (app / "static" / "vendor" / "leaflet" / "leaflet.js").is_file()
    assert (app / "static" / "vendor" / "aleppo-map" / "frame" / "index.html").is_file()

    def run(*args):
        return subprocess.run(
            [str(venv / "bin" / args[0]), *args[1:]],
            cwd=app,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    assert run("pip", "check").returncode == 0
    version = json.loads((REPO / "datapackage.json").read_text("utf-8"))["version"]
    assert f"dataset {version}" in run("aleppo-map", "--version").stdout
    validate = run("aleppo-map", "validate")
    assert validate.returncode == 0, validate.stderr
    assert "ok: " in validate.stdout

    modules = sorted(imported_modules())
    probe = run(
        "python",
        "-c",
        "import importlib.util, sys; "
        "print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))",
        *modules,
    )
    missing = set(probe.stdout.split())
    assert missing == set(KNOWN_GAPS), (
        f"not installed from pyproject.toml: {sorted(missing - set(KNOWN_GAPS))}; "
        f"no longer missing (remove from KNOWN_GAPS): {sorted(set(KNOWN_GAPS) - missing)}"
    )

    # The image's CMD, on a free local port instead of 0.0.0.0:8501.
    port = str(free_port())
    cmd = [
        "--server.address=127.0.0.1" if a.startswith("--server.address=") else a
        for a in docker_cmd()
    ]
    cmd = [f"--server.port={port}" if a.startswith("--server.port=") else a for a in cmd]
    log = tmp_path / "streamlit.log"
    with serving(
        [str(venv / "bin" / cmd[0]), *cmd[1:]],
        f"http://127.0.0.1:{port}/_stcore/health",
        cwd=app, env=env, log=log, seconds=90,
    ):  # fmt: skip
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert b"<html" in page.read().lower()
        leaflet = f"http://127.0.0.1:{port}/app/static/vendor/leaflet/leaflet.js"
        with urllib.request.urlopen(leaflet, timeout=10) as script:
            assert b"Leaflet" in script.read(4096)
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


# ------------------------------------------------------ reverse proxy under a sub-path


def nginx_location() -> tuple[str, str, str]:
    """The documented nginx block: (location prefix, proxy_pass URL, whole block)."""
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    (block,) = re.findall(r"```nginx\n(.*?)```", text, re.DOTALL)
    prefix = re.search(r"location\s+(\S+)\s*\{", block)[1]
    upstream = re.search(r"proxy_pass\s+(\S+);", block)[1]
    return prefix, upstream, block


def test_documented_proxy_keeps_the_path_and_lets_websockets_through():
    prefix, upstream, block = nginx_location()
    assert prefix.startswith("/") and prefix.endswith("/")
    assert urlsplit(upstream).path == prefix, "the proxy must not strip the sub-path"
    for directive in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        'proxy_set_header Connection "upgrade";',
    ):
        assert directive in block
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    name = prefix.strip("/")
    assert f"--server.baseUrlPath {name}" in text
    assert f"STREAMLIT_SERVER_BASE_URL_PATH={name}" in text


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


class SubPathProxy:
    """A reverse proxy on localhost with the behaviour of the documented nginx block.

    Requests under `prefix` go to the upstream with the path unchanged; WebSocket upgrades
    are passed through; `prefix` without its slash is redirected; anything else gets a 404
    and is recorded in `outside`, so a test can tell that the app asked for nothing there.
    """

    def __init__(self, prefix: str, upstream_port: int) -> None:
        self.prefix = prefix
        self.upstream = ("127.0.0.1", upstream_port)
        self.outside: list[str] = []
        self.forwarded: list[tuple[str, str, bool]] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SubPathProxy:
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.close()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk or len(data) > 1 << 20:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            request_line, *lines = head.decode("latin-1").split("\r\n")
            _method, target, _version = request_line.split(" ", 2)
            path = urlsplit(target).path
            headers = dict(line.split(":", 1) for line in lines if ":" in line)
            headers = {k.strip().lower(): v.strip() for k, v in headers.items()}
            if path == self.prefix.rstrip("/"):
                client.sendall(
                    f"HTTP/1.1 301 Moved Permanently\r\nLocation: {self.prefix}\r\n"
                    "Content-Length: 0\r\nConnection: close\r\n\r\n".encode()
                )
                return
            if not path.startswith(self.prefix):
                self.outside.append(path)
                message = f"not found: {path} is outside {self.prefix}".encode()
                client.sendall(
                    b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(message) + message
                )
                return
            upgrade = headers.get("upgrade", "").lower() == "websocket"
            self.forwarded.append((_method, path, upgrade))
            kept = [
                line
                for line in lines
                if line.split(":", 1)[0].strip().lower()
                not in ("connection", "keep-alive", "proxy-connection")
            ]
            kept += [
                f"Connection: {'upgrade' if upgrade else 'close'}",
                "X-Forwarded-For: 127.0.0.1",
                "X-Forwarded-Proto: http",
            ]
            head = "\r\n".join([request_line, *kept]) + "\r\n\r\n"
            try:
                upstream = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            with upstream:
                upstream.settimeout(None)
                upstream.sendall(head.encode("latin-1") + body)
                upload = threading.Thread(target=_pump, args=(client, upstream), daemon=True)
                upload.start()
                _pump(upstream, client)
                with contextlib.suppress(OSError):
                    client.shutdown(socket.SHUT_RDWR)
                upload.join(timeout=5)


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.read(), url


@pytest.mark.browser
def test_the_map_renders_under_a_sub_path_behind_a_reverse_proxy(browser):
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline

    prefix, _upstream, _block = nginx_location()
    name = prefix.strip("/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "test_deploy.server.log"
    with (
        streamlit_server(extra_args=["--server.baseUrlPath", name], log=log) as direct,
        SubPathProxy(prefix, urlsplit(direct).port) as proxy,
    ):
        assert direct.endswith(f"/{name}")
        site = proxy.base + prefix
        # plain HTTP through the proxy
        assert fetch(site + "_stcore/health")[:2] == (200, b"ok")
        status, script, _ = fetch(site + "app/static/vendor/leaflet/leaflet.js")
        assert status == 200 and b"Leaflet" in script[:4096]
        status, _, landed = fetch(proxy.base + prefix.rstrip("/"))
        assert status == 200 and landed == site
        assert fetch(proxy.base + "/_stcore/health")[0] == 404  # the proxy's, not the app's
        proxy.outside.clear()

        expected = Timeline(load_dataset(REPO)).state_at("2016-11-20")
        expected = expected.set_index("area_id")["holder"].to_dict()
        # One Playwright per test session: the shared `browser` fixture.
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        offline(page, proxy.base)
        loaded, sockets, errors = [], [], []
        page.on("response", lambda r: loaded.append((r.url, r.status)))
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(site + "?date=2016-11-20&area=hananu")
            wait_for_app(page)
            wait_for_polygons(page)
            shown = holders_by_area(page)
            page.get_by_role("heading", name=re.compile("Hananu")).first.wait_for()
        finally:
            page.screenshot(path=str(ARTIFACTS / "test_deploy_proxy.png"), full_page=True)
            context.close()

    assert shown == expected
    assert not errors, errors
    leaflet = [u for u, s in loaded if u.endswith("/leaflet.js") and s == 200]
    assert leaflet and all(u.startswith(site + "app/static/vendor/leaflet/") for u in leaflet)
    # The map's own scripts and style (aleppo_map/web/), and its data, come from under the
    # sub-path too: all of the map frame's, and the side frame's when it has loaded by now.
    own = {u.rsplit("/", 1)[1].split(".")[0] for u, s in loaded if "/aleppo-map/" in u and s == 200}
    stem = {name.rsplit(".", 1)[0] for name in APP_SCRIPT_FILES}
    side = {name.rsplit(".", 1)[0] for name in SIDE_SCRIPT_FILES}
    assert {*stem, "map-data"} <= own <= {*stem, *side, "map-data", "side-data"}, own
    assert all(
        u.startswith(site + "app/static/vendor/aleppo-map/") for u, _ in loaded if "/timemap" in u
    )
    assert any(u.startswith(f"ws://127.0.0.1:{proxy.port}{prefix}_stcore/stream") for u in sockets)
    assert any(upgraded for _method, _path, upgraded in proxy.forwarded)
    assert not [p for p in proxy.outside if p != "/favicon.ico"], proxy.outside
    assert not [(u, s) for u, s in loaded if u.startswith(proxy.base) and s >= 400]
