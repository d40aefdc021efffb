"""The dataset an app process serves: validated once, the timeline's shared caches made
before the first reader, and every week's state, changes and siege warmed in the background
(each rerun reads them, so later actions find them ready)."""

from __future__ import annotations

import threading
from pathlib import Path

from .load import Dataset, validate_dataset
from .model import Problem
from .timeline import Timeline


def load_warm(path: str | Path) -> tuple[Dataset | None, Timeline | None, list[Problem]]:
    """The validated dataset and its timeline (None, None and the problems if invalid); the
    weekly frames and changes are made now, the rest in a daemon thread."""
    dataset, problems = validate_dataset(path)
    if dataset is None:
        return None, None, problems
    timeline = Timeline(dataset)
    timeline.weekly_frames()
    _ = timeline.changes
    threading.Thread(target=timeline.warm, name="warm-timeline", daemon=True).start()
    return dataset, timeline, problems
