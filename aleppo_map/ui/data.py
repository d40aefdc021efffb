"""The dataset the pages show, loaded, checked and warmed once per process and shared by
every session; on bad data, the problems in an error box. Also the results the pages ask for
again and again, cached: whole-period series and the panels' tables, as Arrow."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from ..config import app_data_dir
from ..load import Dataset, data_signature
from ..timeline import Timeline
from ..warmup import load_warm, warm_in_background
from .lang import _
from .text import md


@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=2)
def _load(path: str, signature: str):
    """One validated dataset and timeline per process and per state of the data files
    (`signature`), shared by every session: an edited file is read again on the next run."""
    return load_warm(path)


def load_or_stop() -> tuple[Dataset, Timeline]:
    """The dataset and its timeline; on bad data, the problems in an error box and stop."""
    path = app_data_dir().resolve()
    dataset, timeline, problems = _load(str(path), data_signature(path))
    if dataset is None:
        errors = [p for p in problems if p.severity == "error"]
        st.error(
            _(
                "The data in {path} cannot be shown: {n} problem(s) were found. Nothing has "
                "been changed in your files. Fix these, save, and reload this page: the app "
                "reads the files again when they change."
            ).format(path=md(path), n=len(errors))
        )
        st.code("\n".join(str(p) for p in errors), language=None)
        st.stop()
    return dataset, timeline


def warm(timeline: Timeline) -> None:
    """Once the page is out: make every week's state in the background (later reruns read it)."""
    warm_in_background(timeline)


def arrow_table(dataset: Dataset, key: tuple, make) -> pa.Table:
    """A table the panel shows again and again, made once per dataset (shared, read-only),
    as Arrow: what st.dataframe sends, so a rerun does not convert it again. The pandas
    metadata keeps its range index, as Streamlit's own conversion does: without it the
    page of Streamlit 1.56 cannot read the table."""
    return dataset.derived(("ui", *key), lambda: pa.Table.from_pandas(make()))


@st.cache_data(show_spinner=False)
def area_by_holder_weekly(_timeline: Timeline, key: str) -> pd.DataFrame:
    """km² per holder, week by week (`key`: Dataset.cache_key)."""
    return _timeline.area_by_holder_weekly()


@st.cache_data(show_spinner=False)
def evidence_weekly(_timeline: Timeline, key: str) -> pd.DataFrame:
    """Areas per week whose holder is named, inferred or unknown (`key`: Dataset.cache_key)."""
    return _timeline.evidence_weekly()


@st.cache_data(show_spinner=False)
def evidence_shares(_timeline: Timeline, key: str) -> dict:
    """The shares of named, inferred and unknown area-weeks (`key`: Dataset.cache_key)."""
    return _timeline.evidence_shares()
