"""Static map images (PNG frames) drawn with matplotlib: offline, in CI, with their evidence.

`MapFigure` draws everything that does not change once (the district outlines, landmarks,
labels, legend, scale bar, north arrow) and then recolours the areas for each date, so a GIF
of 230 weeks costs one figure and 230 cheap redraws. Labels are placed as on the interactive
map: the landmarks first, then the districts' names, then (with `labels`) the areas' names,
the largest first, each hidden where it would overlap one already placed.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display, in CI or on a server

import warnings  # noqa: E402

# Text from the data may use characters no bundled font has; they print as boxes, not errors.
warnings.filterwarnings(
    "ignore", message=r"Glyph \d+ .* missing from (current )?font", category=UserWarning
)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.legend_handler import HandlerTuple  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from .image_evidence import Evidence, evidence_for, wrap_lines  # noqa: E402
from .image_text import IMAGE_FONT, MATPLOTLIB_SHAPES, right_to_left  # noqa: E402
from .image_words import check_lang, image_translator, is_rtl  # noqa: E402
from .load import Dataset  # noqa: E402
from .look import DISTRICT_OUTLINE, DOT_COLOURS, KURDISH_LINES, UNKNOWN_EDGE  # noqa: E402
from .model import (  # noqa: E402
    CONTESTED_HATCH_COLOUR,
    HOLDER_COLOURS,
    HOLDER_LABELS,
    HOLDERS,
)
from .places import district_outlines, label_point  # noqa: E402
from .shaping import display_text, rtl_lines  # noqa: E402
from .timeline import Timeline  # noqa: E402

# The same drawing as the interactive map (look.py): inferred holdings are dotted over the
# holder's colour (white dots on the dark fill, black on the light ones), Kurdish holdings
# carry horizontal lines, unknown areas a grey edge; routes are solid while open, dashed under
# fire, and a dotted vermilion line once cut.
INFERRED_HATCH = "..."
KURDISH_HATCH = "---"
CONTESTED_HATCH = "////"
ROUTE_LINES = {
    "open": {"color": "#1A1A1A", "linewidth": 2.2, "linestyle": "-"},
    "under_fire": {"color": "#1A1A1A", "linewidth": 2.2, "linestyle": (0, (5, 3))},
    "cut": {"color": "#D55E00", "linewidth": 2.6, "linestyle": (0, (0.6, 2.2))},
    None: {"color": "#555555", "linewidth": 1.4, "linestyle": (0, (4, 3))},
}
TITLE_INCHES, ATTRIBUTION_INCHES = 1.3, 1.6
ROUTE_LEGEND = {"open": "route open", "under_fire": "route under fire", "cut": "route cut"}
# District outlines (look.py's colour), heavier than the areas' white edges; a highlighted
# place dashed in black over everything.
DISTRICT_LINE = {"edgecolor": DISTRICT_OUTLINE["color"], "linewidth": 1.3}
DISTRICT_LEGEND_LINE = {"color": DISTRICT_LINE["edgecolor"], "linewidth": 1.3}
HIGHLIGHT_LINE = {"edgecolor": "black", "linewidth": 2.2, "linestyle": (0, (4, 2))}
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]

PRESETS = {"print": (8.0, 200), "web": (8.0, 100)}  # width in inches, dots per inch
LEGEND_POINTS = 7.5


def _path_of(geom) -> MplPath:
    """A matplotlib path for a (multi)polygon, holes included."""
    vertices, codes = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)
            vertices.append(coords)
            codes.append(
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
            )
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


class MapFigure:
    """One matplotlib figure of the dataset's areas, recoloured per date."""

    def __init__(
        self,
        dataset: Dataset,
        timeline: Timeline | None = None,
        width: float = 8.0,
        dpi: int = 100,
        labels: bool = False,
        highlight: str | None = None,
        extra_legend: int = 0,
        lang: str = "en",
    ):
        """`extra_legend`: room for that many more legend entries (a view that draws its own
        legend, snapshot_views.py). `lang`: the language of every word on the image
        (image_words.py); in Arabic the text is shaped, set from the right and the legend
        reads from the right."""
        self.lang = check_lang(lang)
        self._ = image_translator(lang)
        self.rtl = is_rtl(lang)
        self.dataset = dataset
        self.timeline = timeline or Timeline(dataset)
        self.dpi = dpi
        areas = dataset.areas.to_crs(self.dataset.metric_crs)
        minx, miny, maxx, maxy = areas.total_bounds
        aspect = (maxy - miny) / (maxx - minx)
        # Below the map: the legend, as many rows as it needs, then the attribution. Above
        # it: the title and the date line (longer when the east is besieged).
        entries = len(HOLDERS) + 2 + (len(ROUTE_LEGEND) if len(dataset.routes) else 0)
        entries += extra_legend
        entries += 1 if dataset.places.districts else 0
        self.legend_columns = 3 if width < 9 else 4
        legend_top = ATTRIBUTION_INCHES + -(-entries // self.legend_columns) * 0.19
        self.fig = plt.figure(
            figsize=(width, width * aspect + TITLE_INCHES + legend_top + 0.2), dpi=dpi
        )
        height = self.fig.get_figheight()
        map_bottom = (legend_top + 0.15) / height
        self.ax = self.fig.add_axes(
            (0.02, map_bottom, 0.96, 1 - map_bottom - TITLE_INCHES / height)
        )
        self.ax.set_axis_off()
        self.ax.set_aspect("equal")
        pad = 0.02 * (maxx - minx)
        self.ax.set_xlim(minx - pad, maxx + pad)
        self.ax.set_ylim(miny - pad, maxy + pad)
        self.ids = list(areas.index)
        self.patches = PatchCollection(
            [PathPatch(_path_of(g)) for g in areas.geometry], edgecolor="white", linewidth=0.6
        )
        self.ax.add_collection(self.patches)
        self.hatch = None
        self.outlines = None
        self.dots: list = []  # one collection of inferred areas per dot colour
        self.routes: dict[str, list] = {}  # route id -> its line artists, restyled per date
        self.geoms = areas.geometry
        self.districts = district_outlines(areas.geometry, dataset.places)
        if len(self.districts):
            self.ax.add_collection(
                PatchCollection(
                    [PathPatch(_path_of(g)) for g in self.districts],
                    facecolor="none",
                    zorder=4.5,
                    **DISTRICT_LINE,
                )
            )
        with plt.rc_context(IMAGE_FONT):  # the font of every word drawn below
            self.placed_labels = self._draw_landmarks()
            self._district_texts = self._draw_district_labels()
            self.placed_labels += self._district_texts
            if labels:
                self.placed_labels += self._draw_labels(areas)
            self._place_labels()
            outline = self._outline_of(highlight, areas)
            if outline is not None:
                self.ax.add_patch(
                    PathPatch(_path_of(outline), fill=False, zorder=6, **HIGHLIGHT_LINE)
                )
            self._draw_furniture(minx, miny, maxx, maxy)
            # Arabic is set from the right edge, each line right-aligned.
            x, align = (0.97, "right") if self.rtl else (0.03, "left")
            text = {"ha": align, "multialignment": align, "parse_math": False}
            self.title = self.fig.text(
                x, 1 - 0.3 / height, "", fontsize=14, fontweight="bold", va="top", **text
            )
            self.date_text = self.fig.text(x, 1 - 0.62 / height, "", fontsize=11, va="top", **text)
            self.attribution = self.fig.text(
                x, 0.12 / height, "", fontsize=6.5, va="bottom", color="#333", **text
            )

    def shown(self, text: str) -> str:
        """`text` (logical, wrapped) as matplotlib must be given it: in Arabic, shaped and in
        visual order (shaping.display_text), unless matplotlib does that itself."""
        if not self.rtl:
            return text
        return rtl_lines(text) if MATPLOTLIB_SHAPES else display_text(text)

    def legend(self, handles: list, labels: list[str], columns: int | None = None, **options):
        """The key below the map, in the image's language: in Arabic it reads from the top
        right, each label to the left of its swatch."""
        columns = columns or self.legend_columns
        labels = [self.shown(label) for label in labels]
        if self.rtl:
            handles, labels = right_to_left(handles, labels, columns)
        with plt.rc_context(IMAGE_FONT):
            legend = self.fig.legend(
                handles=handles,
                labels=labels,
                loc="lower right" if self.rtl else "lower left",
                bbox_to_anchor=(
                    0.98 if self.rtl else 0.02,
                    ATTRIBUTION_INCHES / self.fig.get_figheight(),
                ),
                ncol=columns,
                fontsize=LEGEND_POINTS,
                frameon=False,
                markerfirst=not self.rtl,
                **options,
            )
        return legend

    def _outline_of(self, place: str | None, areas):
        """The shape of a unit, or of a group's units together (metric), or None."""
        places = self.dataset.places
        if place in areas.index:
            return areas.geometry[place]
        if place in self.districts.index:
            return self.districts[place]
        if place and places.is_group(place) and places.members.get(place):
            union = shapely.union_all(areas.geometry.loc[places.members[place]].to_numpy())
            return union.buffer(3.0, join_style="mitre").buffer(-3.0, join_style="mitre")
        return None

    def _draw_landmarks(self) -> list:
        """The landmarks; returns their labels, to be placed first."""
        texts: list = []
        landmarks = self.dataset.landmarks
        if landmarks.empty:
            return texts
        metric = landmarks.to_crs(self.dataset.metric_crs)
        route_ids = set(self.dataset.routes["route_id"])
        for row, geom in zip(landmarks.itertuples(), metric.geometry, strict=True):
            name = self.shown(self._(str(row.name)))
            if geom.geom_type.endswith("LineString") and row.id in route_ids:
                self.routes[row.id] = [
                    self.ax.plot(*np.asarray(line.coords).T, zorder=5, **ROUTE_LINES[None])[0]
                    for line in getattr(geom, "geoms", [geom])
                ]
            elif geom.geom_type.endswith("LineString"):
                kind = "castello" if "castello" in f"{row.id} {name}".lower() else row.kind
                style = {
                    "river": {"color": "#3A7DC9", "linewidth": 1.8},
                    "castello": {"color": "#222", "linewidth": 1.8, "linestyle": (0, (5, 3))},
                }.get(kind, {"color": "#666", "linewidth": 0.9})
                for line in getattr(geom, "geoms", [geom]):
                    xy = np.asarray(line.coords)
                    self.ax.plot(xy[:, 0], xy[:, 1], zorder=4, **style)
            elif geom.geom_type == "Point" and row.kind in ("citadel", "crossing", "landmark"):
                self.ax.plot(
                    geom.x, geom.y, "o", ms=4.5, mfc="white", mec="black", mew=1.2, zorder=7
                )
                text = self.ax.annotate(
                    name,
                    (geom.x, geom.y),
                    xytext=(-4 if self.rtl else 4, 3),
                    textcoords="offset points",
                    ha="right" if self.rtl else "left",
                    fontsize=6.5,
                    zorder=7,
                    parse_math=False,  # a "$" in a name is text, not mathtext
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                )
                texts.append(text)
        return texts

    def _draw_district_labels(self) -> list:
        """The districts' names, in italics, at the heart of each district (in Arabic, the
        Arabic name where the data has one)."""
        groups = self.dataset.places.groups
        names = groups["name"].astype(str)
        if self.rtl and "name_ar" in groups:
            arabic = groups["name_ar"].fillna("").astype(str).str.strip()
            names = arabic.where(arabic != "", names)
        return [
            self.ax.text(
                point.x,
                point.y,
                self.shown(str(names[group])),
                fontsize=6.8,
                fontstyle="normal" if self.rtl else "italic",  # DejaVu Sans Oblique has no Arabic
                fontweight="bold",
                parse_math=False,
                ha="center",
                va="center",
                zorder=6.5,
                color="#111",
                path_effects=HALO,
            )
            for group, point in zip(
                self.districts.index, self.districts.map(label_point), strict=True
            )
        ]

    def _draw_labels(self, areas) -> list:
        """Every area's name, the largest area first (placed in that order); in Arabic, the
        Arabic name where the data has one."""
        points = shapely.point_on_surface(areas.geometry.to_numpy())
        order = np.argsort(-areas.geometry.area.to_numpy(), kind="stable")
        names = areas["name"].astype(str)
        if self.rtl:
            arabic = areas["name_ar"].fillna("").astype(str).str.strip()
            names = arabic.where(arabic != "", names)
        return [
            self.ax.text(
                points[i].x,
                points[i].y,
                self.shown(names.iloc[i]),
                fontsize=4.2,
                parse_math=False,
                ha="center",
                va="center",
                zorder=5,
                color="#111",
                bbox={"boxstyle": "round,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.55},
            )
            for i in order
        ]

    def _place_labels(self) -> None:
        """Each label, in order, takes its place or, for a district's name, the first free
        place just below, above or beside it; a label with no free place is hidden."""
        renderer = self.fig.canvas.get_renderer()
        to_data = self.ax.transData.inverted()
        districts = set(self._district_texts)
        shown: list = []
        for text in self.placed_labels:
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            shifts = [(0.0, 0.0)]
            if text in districts:
                w, h = box.width, box.height
                shifts += [(0, -h), (0, h), (0.6 * w, 0), (-0.6 * w, 0)]
            for dx, dy in shifts:
                moved = box.translated(dx, dy)
                if not any(moved.overlaps(other) for other in shown):
                    if dx or dy:
                        x, y = text.get_position()
                        cx, cy = self.ax.transData.transform((x, y))
                        text.set_position(to_data.transform((cx + dx, cy + dy)))
                    shown.append(moved)
                    break
            else:
                text.set_visible(False)

    def _draw_furniture(self, minx, miny, maxx, maxy) -> None:
        edges = {"kurdish": KURDISH_LINES["colour"], "unknown": UNKNOWN_EDGE}
        handles = [
            Patch(
                facecolor=HOLDER_COLOURS[h],
                edgecolor=edges.get(h, "#777"),
                hatch={"contested": CONTESTED_HATCH, "kurdish": KURDISH_HATCH}.get(h),
            )
            for h in HOLDERS
        ]
        dotted = tuple(
            Patch(facecolor=HOLDER_COLOURS[h], edgecolor=DOT_COLOURS[h], hatch=INFERRED_HATCH)
            for h in ("government", "opposition")
        )
        handles.append(dotted)
        _ = self._
        labels = [_(HOLDER_LABELS[h]) for h in HOLDERS]
        labels.append(_("dotted: area not named, inferred"))
        handles.append(Patch(facecolor="white", edgecolor="black", linewidth=2))
        labels.append(_("changed this week"))
        if len(self.districts):
            handles.append(Line2D([], [], **DISTRICT_LEGEND_LINE))
            labels.append(_("district (its areas outlined together)"))
        if self.routes:
            handles += [Line2D([], [], **ROUTE_LINES[state]) for state in ROUTE_LEGEND]
            labels += [_(label) for label in ROUTE_LEGEND.values()]
        self.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.2)})
        # Scale bar: a round length near a fifth of the map's width.
        span = maxx - minx
        length = next(v for v in (500, 1000, 2000, 5000, 10000, 20000) if v >= span / 6)
        x0, y0 = maxx - length - 0.02 * span, miny + 0.03 * (maxy - miny)
        self.ax.plot(
            [x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt", zorder=8
        )
        if length >= 1000:
            label = _("{length} km").format(length=f"{length / 1000:g}")
        else:
            label = _("{length} m").format(length=length)
        self.ax.text(
            x0 + length / 2, y0 + 0.012 * span, self.shown(label), ha="center", fontsize=7, zorder=8
        )
        # North arrow: UTM grid north is within a degree of true north here.
        self.ax.annotate(
            self.shown(_("N")),
            xy=(0.965, 0.96),
            xytext=(0.965, 0.88),
            xycoords="axes fraction",
            ha="center",
            fontsize=9,
            fontweight="bold",
            arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5},
        )

    def show(self, date) -> Evidence:
        """Recolour for `date`; return the evidence printed on the frame."""
        date = pd.Timestamp(date)
        holders = self.timeline.holders_at(date)
        colours = [HOLDER_COLOURS[h] for h in holders]
        self.patches.set_facecolor(colours)
        self.patches.set_edgecolor([UNKNOWN_EDGE if h == "unknown" else "white" for h in holders])
        self.patches.set_alpha(None)
        for artist in (self.hatch, self.outlines, *self.dots):
            if artist is not None:
                artist.remove()
        self.hatch = self.outlines = None
        support = self.timeline.evidence_at(date)
        self.dots = [
            self._textured(
                [i for i, h in enumerate(holders) if DOT_COLOURS.get(h) == colour
                 and support[i] == "inferred"],
                colour, INFERRED_HATCH, 3.5,
            )
            for colour in sorted(set(DOT_COLOURS.values()))
        ]  # fmt: skip
        self.dots.append(
            self._textured(
                [i for i, h in enumerate(holders) if h == "kurdish"],
                KURDISH_LINES["colour"], KURDISH_HATCH, 3.2,
            )
        )  # fmt: skip
        if self.routes:
            states = self.timeline.route_states_at(date).set_index("route_id")["state"]
            for route_id, lines in self.routes.items():
                style = ROUTE_LINES.get(states.get(route_id), ROUTE_LINES[None])
                for line in lines:
                    line.set(**style)
        self.hatch = self._textured(
            [i for i, h in enumerate(holders) if h == "contested"],
            CONTESTED_HATCH_COLOUR, CONTESTED_HATCH, 3,
        )  # fmt: skip
        changed = set(self.timeline.changes_in_week(date)["area_id"])
        if changed:
            self.outlines = PatchCollection(
                [PathPatch(_path_of(self.geoms[a])) for a in changed if a in self.geoms.index],
                facecolor="none",
                edgecolor="black",
                linewidth=1.8,
                zorder=4,
            )
            self.ax.add_collection(self.outlines)
        evidence = evidence_for(self.dataset, self.timeline, date, self.lang)
        headline = wrap_lines(self._(self.dataset.headline), int(self.fig.get_figwidth() * 7.5))
        self.title.set_text(self.shown(headline))
        self.print_evidence(evidence)
        return evidence

    def print_evidence(self, evidence: Evidence) -> None:
        """The date line and the sources line of `evidence`, wrapped to the figure's width."""
        # 11 pt text, about 11 characters an inch; smaller if that takes more than four lines
        # (a long compare line, in Arabic), which is all the room above the map.
        for points in (11, 9.5, 8.5):
            lines = wrap_lines(evidence.date_line, int(self.fig.get_figwidth() * 121 / points))
            if lines.count("\n") < 4:
                break
        self.date_text.set_fontsize(points)
        self.date_text.set_text(self.shown(lines))
        attribution = evidence.attribution(width=int(self.fig.get_figwidth() * 17))
        self.attribution.set_text(self.shown(attribution))

    def _textured(self, indices: list[int], colour: str, hatch: str, zorder: float):
        """A texture (`hatch` in `colour`) over the areas at `indices`, or None."""
        if not indices:
            return None
        artist = PatchCollection(
            [PathPatch(_path_of(self.geoms.iloc[i])) for i in indices],
            facecolor="none",
            edgecolor=colour,
            hatch=hatch,
            linewidth=0,
            zorder=zorder,
        )
        self.ax.add_collection(artist)
        return artist

    def rgb(self) -> np.ndarray:
        """The current frame as an H×W×3 uint8 array."""
        self.fig.canvas.draw()
        return np.asarray(self.fig.canvas.buffer_rgba())[:, :, :3].copy()

    def close(self) -> None:
        plt.close(self.fig)
