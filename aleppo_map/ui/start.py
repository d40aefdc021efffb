"""`streamlit run app.py`, with the first page's slow work done before the server answers:
the app's modules imported (pandas, GeoPandas, Arrow: about half a second), the dataset
loaded from its validated copy on disk, and every week's state made (about two seconds of
one core). Without it, the first reader after a start (`make run`, `make serve`, a worker
restarted after a crash) waited for the imports, and then shared the machine with the
background warm-up while the map loaded.

    python -m aleppo_map.ui.start [streamlit run options] [-- --data DIR]

takes the same options as `streamlit run app.py` and runs the same app in this process.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

from streamlit.web import cli as streamlit_cli

from .. import warmup
from ..config import APP_ROOT, app_data_dir

CACHE_LOGGER = "streamlit.runtime.caching.cache_data_api"  # "No runtime found" at declaration


def import_the_app() -> None:
    """Import every module of the screens (and through them the engine and its libraries):
    the app's script then finds them loaded. Streamlit's caches warn that no server runs yet
    when their functions are declared; that is expected here, so it is not printed."""
    package = importlib.import_module(__package__)
    quiet = logging.getLogger(CACHE_LOGGER)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for module in pkgutil.iter_modules(package.__path__):
            if module.name != "start":
                importlib.import_module(f"{__package__}.{module.name}")
    finally:
        quiet.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    import_the_app()
    warmup.prepare(app_data_dir(app_args))
    sys.argv = ["streamlit", "run", str(APP_ROOT / "app.py"), *argv]
    return streamlit_cli.main()


if __name__ == "__main__":
    raise SystemExit(main())
