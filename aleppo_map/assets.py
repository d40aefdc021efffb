"""The files the app's map frame loads, served by Streamlit so the map works with no internet.

Leaflet comes from the `xstatic-leaflet` package (Leaflet 1.9.3) and is copied at set-up into
`static/vendor/leaflet/`; the map's own scripts and styles (`aleppo_map/web/`) and its data
are written into `static/vendor/aleppo-map/` under names that carry a hash of their content,
so a browser never runs a stale copy and may keep them. Streamlit serves both at
/app/static/. None of it is committed: the package registry and the package are its sources.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

LEAFLET_FILES = ("leaflet.js", "leaflet.css")
# From the map's frame (/component/<component name>/index.html), so the links also work when
# the app is served under a sub-path.
STATIC_URL = "../../app/static"
OWN_DIR = ("vendor", "aleppo-map")  # under the static folder: our hashed files


def leaflet_source() -> Path:
    return Path(str(files("xstatic.pkg.leaflet") / "data"))


def ensure_leaflet(static_dir: Path) -> Path:
    """Copy Leaflet into `static_dir/vendor/leaflet` unless it is already there."""
    target = static_dir / "vendor" / "leaflet"
    if all((target / name).is_file() for name in LEAFLET_FILES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    source = leaflet_source()
    for name in LEAFLET_FILES:
        shutil.copyfile(source / name, target / name)
    shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return target


def ensure_web_assets(static_dir: Path, names: tuple[str, ...]) -> list[str]:
    """Copy the map's own files into `static_dir/vendor/aleppo-map` as name.<hash>.ext and
    return their URLs, in the order given."""
    urls = []
    for name in names:
        stem, ext = name.rsplit(".", 1)
        data = (files("aleppo_map") / "web" / name).read_bytes()
        urls.append(_hashed_file(static_dir, stem, ext, data, digits=10))
    return urls


def ensure_data_file(static_dir: Path, stem: str, text: str) -> str:
    """Write `text` as static/vendor/aleppo-map/<stem>.<hash>.json (once) and return its URL.
    The map's data is served like its scripts: fetched once per page, cached by the browser,
    and no part of what each rerun sends."""
    return _hashed_file(static_dir, stem, "json", text.encode("utf-8"), digits=16)


def package_signature() -> str:
    """Changes with any file of the package (its code, the map's scripts, the catalogs) and
    with the interpreter: what a payload is made by."""
    package = Path(__file__).resolve().parent
    files = [p for p in sorted(package.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    stats = [f"{p.relative_to(package)}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in files]
    return hashlib.sha256("|".join([sys.version, *stats]).encode()).hexdigest()[:16]


def remembered_data_file(
    static_dir: Path, stem: str, made_from: str, make: Callable[[], str]
) -> str:
    """`ensure_data_file(static_dir, stem, make())`, with a note of the file's name kept
    under `made_from` (the data's and the code's signatures): a process started again on the
    same files finds its payload without making it again, which the first visit after a
    start would otherwise wait for (1-2 s for the bundled data). `made_from` "": no note."""
    if not made_from:
        return ensure_data_file(static_dir, stem, make())
    key = hashlib.sha256(made_from.encode()).hexdigest()[:16]
    folder = static_dir.joinpath(*OWN_DIR)
    note = folder / f"{stem}.{key}.name"
    try:
        name = note.read_text(encoding="utf-8").strip()
        if name.startswith(f"{stem}.") and "/" not in name and (folder / name).is_file():
            return "/".join((STATIC_URL, *OWN_DIR, name))
    except OSError:
        pass  # no note yet: make the payload
    url = ensure_data_file(static_dir, stem, make())
    with contextlib.suppress(OSError):  # a read-only folder: the next start makes it again
        write_file(note, url.rsplit("/", 1)[1].encode("utf-8"))
    return url


def write_file(path: Path, data: bytes) -> Path:
    """`data` as the file `path`, unless it already holds exactly that; atomic, so a reader
    never sees half a file. The temporary name is this process's own, as several app
    processes (deploy/serve.py) may start at once."""
    if path.is_file() and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return path


def _hashed_file(static_dir: Path, stem: str, ext: str, data: bytes, digits: int) -> str:
    """`data` as static/vendor/aleppo-map/<stem>.<hash>.<ext>, written once; its URL."""
    hashed = f"{stem}.{hashlib.sha256(data).hexdigest()[:digits]}.{ext}"
    target = static_dir.joinpath(*OWN_DIR, hashed)
    if not target.is_file():
        write_file(target, data)
    return "/".join((STATIC_URL, *OWN_DIR, hashed))


if __name__ == "__main__":
    print(ensure_leaflet(Path(__file__).resolve().parent.parent / "static"))
