"""Leaflet's own files, served by the app so the map works with no internet at all.

They come from the `xstatic-leaflet` package (Leaflet 1.9.3, the version folium uses) and are
copied at set-up into `static/vendor/leaflet/`, which Streamlit serves at /app/static/.
They are not committed: the package registry is their source.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

LEAFLET_FILES = ("leaflet.js", "leaflet.css")


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


if __name__ == "__main__":
    print(ensure_leaflet(Path(__file__).resolve().parent.parent / "static"))
