"""The dataset an app process serves, ready fast: validated once per state of the data files
and kept on disk, so the first reader after a start (`make run`, a worker restarted by
`make serve`) does not wait for the validation again; the timeline's shared caches made
before the first page; every week's state, changes and siege warmed in the background once
the first page is out (each later rerun reads them)."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path

from . import __version__
from .assets import package_signature
from .load import Dataset, data_signature, validate_dataset
from .model import Problem
from .timeline import Timeline


def cache_dir() -> Path:
    """Where validated datasets are kept: $ALEPPO_CACHE_DIR, else the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache) — never a shared temporary folder, since a cached file is
    unpickled."""
    explicit = os.environ.get("ALEPPO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aleppo-map"


# A pickle holds pandas/geopandas/shapely objects: one made under other versions of them
# (another virtualenv sharing ~/.cache, say `make test-min` beside `make test`) may not load.
_PICKLED_LIBRARIES = ("numpy", "pandas", "geopandas", "shapely", "pyproj")


def _code_signature() -> str:
    """Changes with the package's files (assets.package_signature, which the map's payloads
    are remembered under too), the interpreter and the versions of the libraries whose
    objects are pickled, so a cache made by other rules or other libraries is not reused."""
    versions = [f"{name}={_version(name)}" for name in _PICKLED_LIBRARIES]
    parts = [__version__, sys.executable, package_signature(), *versions]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def validated(path: str | Path) -> tuple[Dataset | None, list[Problem]]:
    """`validate_dataset(path)`, kept on disk under the data files' and the code's
    signatures: the same files read by the same code give the same result."""
    root = Path(path).resolve()
    key = hashlib.sha256(f"{root}|{data_signature(root)}|{_code_signature()}".encode())
    cached = cache_dir() / f"dataset-{key.hexdigest()[:24]}.pickle"
    try:
        with cached.open("rb") as f:
            return pickle.load(f)  # noqa: S301 - a file this code wrote in the user's cache
    except Exception:  # noqa: BLE001, S110 - no cache yet, or one these libraries cannot read
        pass  # validate again: the cache only saves time, it never decides
    result = validate_dataset(root)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, cached)  # whole or not at all: another process may read it
    except OSError:
        pass  # a read-only home: the app works, only the next start validates again
    return result


def load_warm(path: str | Path) -> tuple[Dataset | None, Timeline | None, list[Problem]]:
    """The validated dataset and its timeline (None, None and the problems if invalid),
    with the weekly frames and the changes made now; the one `prepare` made at start, if
    the data files have not changed since."""
    root = Path(path).resolve()
    prepared = _PREPARED.pop((root, data_signature(root)), None)
    _PREPARED.clear()  # made for files that have changed since: never asked for again
    if prepared is not None:
        return prepared
    dataset, problems = validated(root)
    if dataset is None:
        return None, None, problems
    timeline = Timeline(dataset)
    timeline.weekly_frames()
    _ = timeline.changes
    return dataset, timeline, problems


def prepare(path: str | Path) -> None:
    """At the start of an app process, before it serves: `load_warm(path)` and every week
    made, kept for the app's first `load_warm` of the same files (aleppo_map/ui/start.py)."""
    root = Path(path).resolve()
    signature = data_signature(root)
    dataset, timeline, problems = load_warm(root)
    if timeline is not None and _claim_warming(timeline):
        timeline.warm()
    _PREPARED[(root, signature)] = (dataset, timeline, problems)


def warm_in_background(timeline: Timeline) -> None:
    """Every week's state, changes and siege, made once in a daemon thread: started after the
    first page is out, so it does not slow that page down (about two seconds of one core). A
    timeline `prepare` warmed at start is not warmed again."""
    if _claim_warming(timeline):
        threading.Thread(target=timeline.warm, name="warm-timeline", daemon=True).start()


def _claim_warming(timeline: Timeline) -> bool:
    """True the first time it is asked for `timeline`: who gets it does the warming."""
    with _WARMING:
        if getattr(timeline, "_warming", False):
            return False
        timeline._warming = True
        return True


# What `prepare` made at start, by (data folder, signature of its files): taken by the
# first `load_warm`, or dropped by it.
_PREPARED: dict[tuple[Path, str], tuple] = {}
_WARMING = threading.Lock()
