"""How to cite the dataset or one view of it, and its licences by name: the words every
export, the app and the published file carry."""

from __future__ import annotations

import pandas as pd

from .load import Dataset


def licence_text(dataset: Dataset) -> str:
    """The dataset's licences by name, for exports and the published file."""
    licences = dataset.meta.get("licenses") or []
    names = [str(entry.get("name", "")) for entry in licences if isinstance(entry, dict)]
    return ", ".join(n for n in names if n) or "see the dataset's licence"


def citation_text(dataset: Dataset, date=None, url: str | None = None) -> str:
    """How to cite the dataset, or one view of it (the state on `date`, at `url`)."""
    meta = dataset.meta
    authors = meta.get("citation_authors") or f"Contributors to “{dataset.title}”"
    text = f"{authors}. {dataset.title}. Dataset version {dataset.version}."
    if date is not None:
        text += f" State on {pd.Timestamp(date):%d %B %Y}."
    if url:
        text += f" {url}"
    if meta.get("homepage"):
        text += f" {meta['homepage']}"
    return text
