"""Where things are: the bundled data, the app's static folder, and which dataset the app
serves (`streamlit run app.py -- --data DIR`, or $ALEPPO_DATA_DIR, or the bundled data)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent  # the repository: app.py, the data, docs
STATIC_DIR = APP_ROOT / "static"  # served by Streamlit at app/static/ (enableStaticServing)
DATA_DIR_VARIABLE = "ALEPPO_DATA_DIR"


def default_data_dir() -> Path:
    """The bundled Aleppo data: the repository root, where control_changes.csv lives."""
    return APP_ROOT


def app_data_dir(
    argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The dataset the app serves: `-- --data DIR` after `streamlit run app.py`, else
    $ALEPPO_DATA_DIR, else the bundled data."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    if "--data" in argv and argv.index("--data") + 1 < len(argv):
        return Path(argv[argv.index("--data") + 1])
    return Path(environ.get(DATA_DIR_VARIABLE) or default_data_dir())
