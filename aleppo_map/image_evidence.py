"""What an image of the map says, in its language: the title, the date line and the sources
line printed on a PNG, GIF or MP4 frame and written into the PNG's metadata.

The texts here are logical (unshaped) text; snapshot.py shapes them for drawing (shaping.py).
Sources are cited as published, in English; in Arabic each one is isolated (shaping.isolate)
so that its parentheses and quotation marks stay with it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from .image_words import image_date, image_list, image_translator, is_rtl
from .load import Dataset
from .model import BOUNDARY_LINE
from .shaping import isolate
from .timeline import Timeline

IMPRECISE = {
    "week": "to the week",
    "month": "to the month",
    "season": "to the season",
    "year": "to the year",
}


def wrap_lines(text: str, width: int) -> str:
    """Each line of `text` wrapped at `width` characters."""
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


@dataclass
class Evidence:
    """What an image shows and on whose word: printed on it and written into its metadata."""

    title: str
    date_line: str
    sources: list[str]
    version: str
    lang: str = "en"

    def _lines(self) -> tuple[str, str]:
        _ = image_translator(self.lang)
        sources = _("; ").join(self.sources)
        version = _("Dataset version {version}.").format(version=self.version)
        return (
            _("Sources behind the colours shown: {sources}").format(sources=sources),
            f"{version} {_(BOUNDARY_LINE)}",
        )

    def attribution(self, width: int = 120) -> str:
        _ = image_translator(self.lang)
        sources, version = self._lines()
        labels = _("Holder labels are neutral descriptions; every colour cites a quoted source.")
        return "\n".join(textwrap.fill(line, width) for line in (sources, f"{version} {labels}"))

    def metadata(self) -> dict[str, str]:
        _ = image_translator(self.lang)
        return {
            "Title": self.title,
            "Description": f"{self.title}. {self.date_line}",
            "Source": _("; ").join(self.sources),
            "Comment": self._lines()[1],
            "Software": "aleppo-map",
        }


def cite(source: pd.Series, lang: str = "en") -> str:
    """A source as the images cite it: outlet, “title” (published), as published."""
    entry = f"{source['outlet']}, “{source['title']}” ({source['published']})"
    return isolate(entry, "ltr") if is_rtl(lang) else entry


def evidence_for(dataset: Dataset, timeline: Timeline, date, lang: str = "en") -> Evidence:
    """The title, the date with its precision, and the sources of the claims in view."""
    _ = image_translator(lang)
    date = pd.Timestamp(date)
    state = timeline.state_at(date)
    in_view = state[state["claim_id"] != ""]
    sources = dataset.sources
    cited = []
    backing = in_view["source_id"].value_counts()
    primary = [s for s in backing.index if sources.get("role", {}).get(s) == "primary"]
    for source_id in primary + [s for s in backing.index if s not in primary]:
        if source_id in sources.index:
            cited.append(cite(sources.loc[source_id], lang))
    week = timeline.changes_in_week(date)
    vague = sorted(
        {IMPRECISE[p] for p in week["date_precision"] if p in IMPRECISE},
        key=list(IMPRECISE.values()).index,
    )
    date_line = _("State on {date}").format(date=image_date(date, lang, padded=True))
    if vague:
        precisions = image_list((_(v) for v in vague), lang)
        date_line += " " + _("(some changes this week are dated only {precisions})").format(
            precisions=precisions
        )
    siege = timeline.siege_at(date)
    if siege is not None:
        # "Ramouseh road (Aleppo - Hama …)": the short name
        route = _(str(siege["name"]).split(" (")[0])
        outlet = str(sources["outlet"].get(siege["source_id"], siege["source_id"]))
        if is_rtl(lang):
            route, outlet = isolate(route), isolate(outlet)
        date_line += "\n" + _(
            "{label} since {since}: every route in is cut ({route}; {outlet})"
        ).format(
            label=_(dataset.siege_label),
            since=image_date(siege["date"], lang),
            route=route,
            outlet=outlet,
        )
    return Evidence(_(dataset.title), date_line, cited, dataset.version, lang)
