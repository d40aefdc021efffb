"""Two more views of the PNG snapshot (snapshot.MapFigure), as the map draws them:

- **compare**: the holders at date B, and the areas whose holder differs from date A outlined,
  each with A's colour as an inner edge, and a from → to key;
- **age of the evidence**: each area shaded by the weeks since the last sentence that supports
  its colour (compare.evidence_age_weekly), in a colour-blind-safe sequential palette.

Both keep the figure's title, scale bar, north arrow, routes and sources line.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch

from .compare import (
    AGE_COLOURS,
    AGE_LABELS,
    AGE_TITLE,
    age_class,
    diff,
    evidence_age_weekly,
    km2_gained_and_lost,
)
from .image_evidence import cite
from .image_words import image_date
from .model import HOLDER_COLOURS, HOLDER_LABELS, HOLDERS
from .snapshot import (
    INFERRED_HATCH,
    ROUTE_LEGEND,
    ROUTE_LINES,
    Evidence,
    MapFigure,
    _path_of,
)

COMPARE_LINE = "Changes of holder from {start} to {end}: {count} area(s), outlined"
COMPARE_KEY = "inner edge: holder on {start}; fill: holder on {end}"
NO_CHANGE = "No area's holder differs between {start} and {end}."
AGE_LINE = "{title}, week ending {date}"
PAIR_LABEL = "{holder_from} → {holder_to} ({count})"
EDGE_POINTS = 7.0  # the edge's stroke; clipped to the area, half of it shows


def compare_pairs(table: pd.DataFrame) -> list[tuple[str, str, int]]:
    """The (holder at A, holder at B, number of areas) pairs of a diff table, most first."""
    counts = table.groupby(["holder_from", "holder_to"]).size().sort_values(ascending=False)
    return [(a, b, int(n)) for (a, b), n in counts.items()]


def compare_legend_room(width: float, pairs: int, routes: bool) -> int:
    """How many more legend entries a MapFigure of `width` inches must make room for, so that
    the compare key (holders, the from → to pairs, the dots, the routes, in two columns: the
    pairs' labels are long) fits above the sources line."""
    columns = 3 if width < 9 else 4  # MapFigure's own legend
    base = len(HOLDERS) + 2 + (len(ROUTE_LEGEND) if routes else 0)
    rows = -(-(len(HOLDERS) + 1 + pairs + (len(ROUTE_LEGEND) if routes else 0)) // 2)
    return max(0, rows * columns - base)


def _replace_legend(figure: MapFigure, handles: list, columns: int | None = None) -> None:
    """The view's own key (each handle labelled in English) in the figure's language."""
    for legend in list(figure.fig.legends):
        legend.remove()
    figure.legend(handles, [figure._(h.get_label()) for h in handles], columns)


def _route_handles(figure: MapFigure) -> list:
    if not figure.routes:
        return []
    return [Line2D([], [], label=label, **ROUTE_LINES[s]) for s, label in ROUTE_LEGEND.items()]


def _clear_week_marks(figure: MapFigure, *names: str) -> None:
    for name in names:
        marks = getattr(figure, name)
        # `dots` is a list: one collection per dot colour (look.py), the Kurdish lines last
        for artist in marks if isinstance(marks, list) else [marks]:
            if artist is not None:
                artist.remove()
        setattr(figure, name, [] if isinstance(marks, list) else None)


def show_compare(figure: MapFigure, date_from, date_to) -> Evidence:
    """The holders at `date_to`, the areas whose holder differs from `date_from` outlined with
    the holder at `date_from` as an inner edge; the key names each from → to pair."""
    evidence = figure.show(date_to)
    _clear_week_marks(figure, "outlines")  # the week's own changes are not this view's
    table = diff(figure.timeline, date_from, date_to)
    ax = figure.ax
    for row in table.itertuples():
        path = _path_of(figure.geoms[row.area_id])
        edge = PathPatch(
            path, facecolor="none", edgecolor=HOLDER_COLOURS[row.holder_from],
            linewidth=EDGE_POINTS, zorder=4,
        )  # fmt: skip
        ax.add_patch(edge)
        edge.set_clip_path(PathPatch(path, transform=ax.transData))
        ax.add_patch(PathPatch(path, fill=False, edgecolor="#111111", linewidth=1.1, zorder=4.2))
    _, lang = figure._, figure.lang
    start, end = image_date(date_from, lang), image_date(date_to, lang)
    handles = [
        Patch(
            facecolor=HOLDER_COLOURS[h], edgecolor="#777",
            hatch="////" if h == "contested" else None, label=HOLDER_LABELS[h],
        )
        for h in HOLDERS
    ]  # fmt: skip
    pairs = []
    for holder_from, holder_to, count in compare_pairs(table):
        pairs.append(
            _(PAIR_LABEL).format(
                holder_from=_(HOLDER_LABELS[holder_from]),
                holder_to=_(HOLDER_LABELS[holder_to]),
                count=count,
            )
        )
        handles.append(
            Patch(
                facecolor=HOLDER_COLOURS[holder_to], edgecolor=HOLDER_COLOURS[holder_from],
                linewidth=3, hatch="////" if holder_to == "contested" else None,
                label=pairs[-1],
            )
        )  # fmt: skip
    handles.append(
        Patch(facecolor=HOLDER_COLOURS["government"], edgecolor="white", hatch=INFERRED_HATCH,
              label="dotted: area not named, inferred")
    )  # fmt: skip
    _replace_legend(figure, handles + _route_handles(figure), columns=2)
    if len(table):
        totals = km2_gained_and_lost(table)
        moves = _("; ").join(
            _("{holder} {km2} km²").format(holder=_(HOLDER_LABELS[h]), km2=f"{r.net_km2:+.1f}")
            for h, r in totals.iterrows()
            if abs(r.net_km2) >= 0.05
        )
        line = _(COMPARE_LINE).format(start=start, end=end, count=len(table))
        key = _(COMPARE_KEY).format(start=start, end=end)
        line += f" ({key}). " + _("Net: {moves}.").format(moves=moves)
    else:
        line = _(NO_CHANGE).format(start=start, end=end)
    claims = figure.dataset.claims.set_index("claim_id")
    changed_by = [c for ids in table["claim_ids"] for c in ids.split(";") if c in claims.index]
    sources = figure.dataset.sources
    cited = list(evidence.sources)
    for source_id in pd.unique(claims.loc[changed_by, "source_id"]) if changed_by else []:
        if source_id in sources.index:
            entry = cite(sources.loc[source_id], lang)
            if entry not in cited:
                cited.append(entry)
    return _with_text(figure, Evidence(evidence.title, line, cited, evidence.version, lang))


def show_age(figure: MapFigure, date) -> Evidence:
    """Each area shaded by the weeks since the last sentence that supports its colour, at the
    weekly frame containing `date` (the map shows weeks)."""
    timeline = figure.timeline
    frame = timeline.frame_date_for(date)
    evidence = figure.show(frame)
    _clear_week_marks(figure, "outlines", "hatch", "dots")
    ages = evidence_age_weekly(timeline).loc[frame].reindex(figure.ids)
    classes = [age_class(a) for a in ages]
    figure.patches.set_facecolor(
        [AGE_COLOURS[c] if c >= 0 else HOLDER_COLOURS["unknown"] for c in classes]
    )
    handles = [
        Patch(facecolor=colour, edgecolor="#777", label=label)
        for colour, label in zip(AGE_COLOURS, AGE_LABELS, strict=True)
    ]
    handles.append(
        Patch(facecolor=HOLDER_COLOURS["unknown"], edgecolor="#777", label=HOLDER_LABELS["unknown"])
    )
    _replace_legend(figure, handles + _route_handles(figure))
    _, lang = figure._, figure.lang
    line = _(AGE_LINE).format(title=_(AGE_TITLE), date=image_date(frame, lang))
    return _with_text(
        figure, Evidence(evidence.title, line, evidence.sources, evidence.version, lang)
    )


def _with_text(figure: MapFigure, evidence: Evidence) -> Evidence:
    """Print the view's date line and sources on the figure."""
    figure.print_evidence(evidence)
    return evidence
