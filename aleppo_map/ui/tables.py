"""The tables the panels and pages show, with the column names readers see: claims (an
area's or a route's history), changes of hands, sources and areas."""

from __future__ import annotations

import pandas as pd

from ..load import Dataset
from ..model import HOLDER_LABELS
from ..safetext import safe_url


def outlet(dataset: Dataset, source_id: str) -> str:
    """The outlet that published a source, or the source id if the table lacks it."""
    if source_id in dataset.sources.index:
        return str(dataset.sources.at[source_id, "outlet"])
    return source_id


def history_table(
    dataset: Dataset,
    history: pd.DataFrame,
    value: str = "holder",
    labels=HOLDER_LABELS,
    about: bool = False,
) -> pd.DataFrame:
    """Claims as the panel lists them; `value` is what they state (an area's holder, a
    route's state), shown with its `labels`. `about`: say which place each sentence speaks
    about (an area's history holds the claims about its district and wider groups too)."""
    evidence = history["evidence"]
    if about:
        places = dataset.places
        evidence = evidence + history["area_id"].map(
            lambda place: f" for {places.phrase(place)}" if places.is_group(place) else ""
        )
    return pd.DataFrame(
        {
            "date": history["date"].dt.strftime("%Y-%m-%d"),
            "precision": history["date_precision"],
            "as written": history["date_as_written"],
            value: history[value].map(labels),
            "evidence": evidence,
            "followed": history["adopted"].map({True: "adopted", False: "not followed"}),
            "source": history["source_id"].map(lambda s: outlet(dataset, s)),
            "quote": history["quote"],
        }
    )


def changes_table(dataset: Dataset, changes: pd.DataFrame) -> pd.DataFrame:
    """Changes of hands: when, to what precision, where, from whom to whom, on whose word."""
    names = dataset.areas["name"]
    return pd.DataFrame(
        {
            "date": changes["date"].dt.strftime("%Y-%m-%d"),
            "precision": changes["date_precision"],
            "area": changes["area_id"].map(names),
            "from": changes["previous_holder"].map(HOLDER_LABELS),
            "to": changes["holder"].map(HOLDER_LABELS),
            "source": changes["source_id"].map(lambda s: outlet(dataset, s)),
        }
    )


def source_summary(dataset: Dataset) -> pd.DataFrame:
    """One row per source: its stance, how many claims it makes and how many are followed."""
    claims = dataset.claims
    total = claims.groupby("source_id").size()
    adopted = claims[claims["adopted"]].groupby("source_id").size()
    sources = dataset.sources
    return pd.DataFrame(
        {
            "source": sources["outlet"],
            "stance": sources["stance"],
            "claims": total.reindex(sources.index, fill_value=0).to_numpy(),
            "adopted": adopted.reindex(sources.index, fill_value=0).to_numpy(),
            "role": sources.get("role", pd.Series("", index=sources.index)),
            "published": sources["published"],
            "title": sources["title"],
            "author": sources["author"],
            "link": sources["url"].map(lambda u: safe_url(u) or ""),
        }
    )


def areas_table(dataset: Dataset) -> pd.DataFrame:
    """Every area, its names and spellings, its size and how its boundary was drawn."""
    areas = dataset.areas
    return pd.DataFrame(
        {
            "id": areas.index,
            "name": areas["name"].to_numpy(),
            "Arabic": areas["name_ar"].to_numpy(),
            "kind": areas["kind"].to_numpy(),
            "km²": areas["area_km2"].round(2).to_numpy(),
            "spellings": areas["alt_names"].map("; ".join).to_numpy(),
            "how the boundary was drawn": areas["boundary_note"].to_numpy(),
        }
    )
