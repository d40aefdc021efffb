"""The picture of one week in a video or a link preview: the title, the week and what
changed in it (and the siege, while the east is besieged), a thin bar of where the week lies
in the period, the map, the legend with the evidence key (dotted: the sentence does not name
the area), and the sources behind the colours with the dataset version and the licence.

Everything but the map and the week's lines is drawn once; each week redraws the areas that
changed (maplayer.py) and the strip under the title. What each week shows is read for the
whole range at once (`weeks_between`), never week by week from the timeline.

`lang="ar"`: every word in Arabic (image_words.ARABIC; `TEXT` holds the English msgids), each
line set from the right (drawtext.py shapes it), the legend's swatches on the right of their
words and its first column on the right, and the progress bar running from the right: the
first week at the right end, as the app's mirrored time axis (docs/i18n.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from .citation import licence_text
from .drawtext import draw_text, font, line_height, text_width, wrap
from .image_words import check_lang, image_date, image_translator, is_rtl
from .load import Dataset
from .maplayer import HOLDER_CODE, OUTLINE, ROUTE_LOOK, MapRaster, stroke, union_box
from .model import BOUNDARY_LINE, HOLDER_LABELS, HOLDERS, ROUTE_STATE_LABELS, ROUTE_STATES
from .shaping import isolate
from .timeline import Timeline

BACKGROUND, INK, MUTED, TRACK = "#FFFFFF", "#1A1A1A", "#4A4A4A", "#DDDDDD"
# Every word the frames say, in English: the msgids of image_words.ARABIC (read through
# image_translator, never a literal _("…"), so that the app's catalog does not collect them).
TEXT = {
    "dotted": "Dotted: not named in the sentence, holder inferred",
    "outlined": "Outlined: changed hands this week",
    "route": "Route {state}",
    "changes": {0: "no change of hands", 1: "1 area changed hands"},
    "changes_n": "{n} areas changed hands",
    "siege": "{label} since {date}: every route in is cut",
    "sources": "Sources behind the colours: {sources}",
    "between": "; ",  # between two sources
    "articles": "{outlet} ({n} articles)",
    "about": "Dataset version {version} · {boundary} Every colour cites a quoted sentence. "
    "Licence: {licence}.",
    "months": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec"),
}  # fmt: skip


def short_date(date: pd.Timestamp, year: bool = True, lang: str = "en") -> str:
    """ "4 Dec 2016"; in Arabic the Levantine month in full, "4 كانون الأول 2016" (the
    images' date format, image_words.image_date: the months have no short forms)."""
    if lang != "en":
        return image_date(date, lang, year=year)
    return f"{date.day} {TEXT['months'][date.month - 1]}" + (f" {date.year}" if year else "")


def week_label(end, lang: str = "en") -> str:
    """ "28 Nov – 4 Dec 2016" for the week ending on `end` (as the map's time bar says)."""
    end = pd.Timestamp(end)
    start = end - pd.Timedelta(days=6)
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
    else:
        first = short_date(start, start.year != end.year, lang)
    return f"{first} – {short_date(end, lang=lang)}"


def changed_hands(n: int, lang: str = "en") -> str:
    _ = image_translator(lang)
    once = TEXT["changes"].get(n)
    return _(once) if once else _(TEXT["changes_n"]).format(n=n)


@dataclass
class Weeks:
    """What each frame of a range of weeks shows: per week the holder codes, the inferred
    and changed flags of every area, the routes' states and the lines under the date."""

    dates: pd.DatetimeIndex
    holders: np.ndarray
    inferred: np.ndarray
    changed: np.ndarray
    routes: list[dict]
    notes: list[list[str]]
    sources: list[str]
    span: tuple[pd.Timestamp, pd.Timestamp]  # the ends of the progress bar


def weeks_between(
    dataset: Dataset, timeline: Timeline, start=None, end=None, lang: str = "en"
) -> Weeks:
    """The weekly frames from the week containing `start` to the one containing `end`, with
    no per-week query of the timeline: the whole range is read at once. The notes and sources
    in `lang`."""
    frames = timeline.frame_dates
    first = timeline.frame_date_for(start) if start is not None else frames[0]
    last = timeline.frame_date_for(end) if end is not None else frames[-1]
    keep = (frames >= first) & (frames <= last)
    dates = frames[keep]
    holders = timeline.weekly_frames().to_numpy()[keep]
    codes = np.vectorize(HOLDER_CODE.get, otypes=[int])(holders)
    inferred = timeline.weekly_frames("evidence").to_numpy()[keep] == "inferred"
    changes = timeline.changes
    week = frames.searchsorted(changes["date"].to_numpy(), side="left")
    position = {area: i for i, area in enumerate(timeline.area_ids)}
    changed = np.zeros((len(frames), len(position)), bool)
    # As floats: a week without changes gives an empty column, which numpy cannot index with
    # unless it is numeric; an id that is no unit gives NaN and is left out.
    column = changes["area_id"].map(position).to_numpy(dtype=float, na_value=np.nan)
    inside = (week < len(frames)) & ~np.isnan(column)
    changed[week[inside], column[inside].astype(int)] = True
    changed = changed[keep]
    routes, sieges = _route_weeks(dataset, timeline, dates, lang)
    notes = [
        [changed_hands(int(row.sum()), lang)] + ([siege] if siege else [])
        for row, siege in zip(changed, sieges, strict=True)
    ]
    source_ids = timeline.weekly_frames("source_id").to_numpy()[keep]
    span = (dates[0], dates[-1]) if len(dates) > 1 else (frames[0], frames[-1])
    return Weeks(
        dates, codes, inferred, changed, routes, notes, _sources(dataset, source_ids, lang), span
    )


def _route_weeks(
    dataset: Dataset, timeline: Timeline, dates, lang: str = "en"
) -> tuple[list[dict], list[str]]:
    """Per week, the routes' states and the siege line: read at the route claims' own dates
    (a handful), not at every week."""
    _ = image_translator(lang)
    claims = dataset.routes
    if claims.empty:
        return [{} for _ in dates], ["" for _ in dates]
    moments = pd.DatetimeIndex(sorted(set(claims["date"])))
    at = moments.searchsorted(dates, side="right") - 1
    states, sieges = [], []
    for k in range(len(moments)):
        table = timeline.route_states_at(moments[k])
        states.append(dict(zip(table["route_id"], table["state"], strict=True)))
        siege = timeline.siege_at(moments[k])
        sieges.append(
            ""
            if siege is None
            else _(TEXT["siege"]).format(
                label=_(dataset.siege_label),
                date=short_date(pd.Timestamp(siege["date"]), lang=lang),
            )
        )
    return (
        [states[k] if k >= 0 else {} for k in at],
        [sieges[k] if k >= 0 else "" for k in at],
    )


def _sources(dataset: Dataset, source_ids: np.ndarray, lang: str = "en") -> list[str]:
    """The outlets behind the colours shown, the primary source first, then by how many
    area-weeks they back; an outlet quoted through several texts is named once. Outlets are
    named as published; in Arabic each is isolated, so that it reads as one unit."""
    _ = image_translator(lang)
    ids, counts = np.unique(source_ids[source_ids != ""], return_counts=True)
    sources = dataset.sources
    role = sources["role"] if "role" in sources else pd.Series(dtype=str)
    weight: dict[str, float] = {}
    texts: dict[str, int] = {}
    for source_id, n in zip(ids, counts, strict=True):
        if source_id not in sources.index:
            continue
        outlet = str(sources.loc[source_id, "outlet"])
        bonus = 1e9 if role.get(source_id) == "primary" else 0
        weight[outlet] = weight.get(outlet, 0) + n + bonus
        texts[outlet] = texts.get(outlet, 0) + 1
    ordered = sorted(weight, key=lambda o: -weight[o])
    named = {o: isolate(o, "ltr") if is_rtl(lang) else o for o in ordered}
    return [
        _(TEXT["articles"]).format(outlet=named[o], n=texts[o]) if texts[o] > 2 else named[o]
        for o in ordered
    ]


# ---------------------------------------------------------------------------- the frame


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float


class Frames:
    """The frames of a range of weeks at `size` (width, height): `canvas` (height × width ×
    3, uint8) is redrawn in place by `show(i)`. `lang`: the language of its words (the
    `weeks` are read in the same one)."""

    def __init__(
        self, dataset: Dataset, weeks: Weeks, size, labels: bool = False, lang: str = "en"
    ):
        self.dataset, self.weeks = dataset, weeks
        self.lang = check_lang(lang)
        self._ = image_translator(lang)
        self.rtl = is_rtl(lang)
        self.w, self.h = size
        self.u = min(size) / 1080
        self._layout()
        areas = dataset.areas.to_crs(dataset.metric_crs)
        landmarks = dataset.landmarks.to_crs(dataset.metric_crs)
        names = None
        if labels:
            points = areas.geometry.representative_point()
            names = list(zip(points.x, points.y, self._area_names(areas), strict=True))
        m = self.map_box
        self.raster = MapRaster(
            areas,
            landmarks,
            set(dataset.routes["route_id"]),
            (round(m.w), round(m.h)),
            self.u,
            names,
            self._,
        )
        self.static = np.asarray(self._furniture())
        self.map_at = (round(m.y), round(m.x))
        y0, x0 = self.map_at
        # The map's lines and scale bar belong to the picture drawn once.
        canvas = self.static.copy()
        canvas[y0 : y0 + self.raster.h, x0 : x0 + self.raster.w] = self.raster.image
        self.static = canvas
        self.canvas = canvas.copy()

    def _area_names(self, areas) -> list[str]:
        """The areas' names in the frame's language: in Arabic the data's `name_ar`, where
        it has one."""
        english = areas["name"].astype(str)
        if not self.rtl or "name_ar" not in areas:
            return list(english)
        arabic = areas["name_ar"].fillna("").astype(str).str.strip()
        return list(arabic.where(arabic != "", english))

    def _text(self, draw, x: float, width: float, y: float, text: str, face, fill) -> None:
        """One line from the start of the room from `x`, `width` wide: its left end, or in
        Arabic its right end."""
        if self.rtl:
            draw_text(draw, (x + width, y), text, face, fill, anchor="ra")
        else:
            draw_text(draw, (x, y), text, face, fill)

    # ------------------------------------------------------------------ layout

    def _layout(self) -> None:
        """Where everything goes. Landscape: the map on the left, the words in a column
        beside it. Portrait: the words above and the legend below the map. Square: the
        legend beside the map, under the words. The legend takes the columns and the type
        size that fit it in its room."""
        u, w, h = self.u, self.w, self.h
        margin = self.margin = 40 * u
        self.title_face = font(44 * u if w >= h else 48 * u, "bold")
        week_size = 58 * u if w >= h else 66 * u
        self.note_face = font(28 * u if w >= h else 32 * u)
        self.small_face = font(19 * u if w >= h else 22 * u)
        landscape, portrait = w >= 1.3 * h, h >= 1.3 * w
        if landscape:
            side = min(h, w * 0.56)
            self.map_box = Box(0, 0, side, h)
            self.header = Box(side + margin * 0.5, margin, w - side - margin * 1.5, h - 2 * margin)
        else:
            self.header = Box(margin, margin, w - 2 * margin, h - 2 * margin)
        self.week_face = self._week_face(week_size)
        self.title_lines = wrap(self._(self.dataset.headline), self.title_face, self.header.w, 3)
        y = self.header.y + len(self.title_lines) * line_height(self.title_face, 1.15) + 10 * u
        self.week_at = y
        y += line_height(self.week_face, 1.05) + 2 * line_height(self.note_face, 1.2) + 8 * u
        self.bar_box = Box(self.header.x, y, self.header.w, 9 * u)
        y += 9 * u + line_height(self.small_face) + 14 * u
        self.source_lines = self._source_lines(self.header.w)
        self.sources_at = h - margin - len(self.source_lines) * line_height(self.small_face, 1.2)
        room_bottom = self.sources_at - 14 * u
        if landscape:
            self.legend = self._fit_legend(self.header.w, room_bottom - y, (1, 2))
            self.legend_box = Box(self.header.x, y, self.header.w, self.legend["height"])
        elif portrait:
            self.legend = self._fit_legend(self.header.w, 0.22 * h, (2,))
            top = room_bottom - self.legend["height"]
            self.legend_box = Box(margin, top, self.header.w, self.legend["height"])
            self.map_box = Box(0, y, w, top - y - 10 * u)
        else:
            legend_w = 0.36 * w
            self.legend = self._fit_legend(legend_w, room_bottom - y, (1,))
            self.legend_box = Box(w - margin - legend_w, y, legend_w, self.legend["height"])
            self.map_box = Box(0, y - 10 * u, w - legend_w - margin, room_bottom - y + 10 * u)

    def _week_face(self, size: float):
        """The bold type of the week at `size`, smaller if the longest week of the range
        would not fit the header (the Arabic months are long)."""
        labels = sorted({week_label(d, self.lang) for d in self.weeks.dates}, key=len)[-8:]
        face = font(size, "bold")
        while size > 24 * self.u and max(text_width(t, face) for t in labels) > self.header.w:
            size *= 0.94
            face = font(size, "bold")
        return face

    def _legend_items(self) -> list[tuple]:
        _ = self._
        items = [("fill", h, False, _(HOLDER_LABELS[h])) for h in HOLDERS]
        items.append(("fill", "government", True, _(TEXT["dotted"])))
        items.append(("outline", None, None, _(TEXT["outlined"])))
        if len(self.dataset.routes):
            items += [("route", s, None, _(TEXT["route"].format(state=ROUTE_STATE_LABELS[s])))
                      for s in ROUTE_STATES]  # fmt: skip
        return items

    def _fit_legend(self, width: float, height: float, columns: tuple[int, ...]) -> dict:
        """The largest type (and fewest columns) at which every legend entry fits in
        `width` × `height`, each wrapped to at most two lines."""
        u = self.u
        items = self._legend_items()
        for size in (27, 25, 23, 21, 19, 17, 15):
            face = font(size * u)
            lh = line_height(face, 1.1)
            for n in columns:
                col_w = width / n
                swatch = (round(1.6 * size * u), round(size * u))
                lines = [wrap(item[3], face, col_w - swatch[0] - 20 * u, 2) for item in items]
                heights = [len(ls) * lh + 0.5 * lh for ls in lines]
                per = -(-len(items) // n)
                tall = max(sum(heights[c * per : (c + 1) * per]) for c in range(n))
                if tall <= height or (size == 15 and n == columns[-1]):
                    return {"face": face, "per_column": per, "heights": heights,
                            "swatch": swatch, "items": list(zip(items, lines, strict=True)),
                            "height": tall, "col_w": col_w}  # fmt: skip
        raise AssertionError("unreachable")

    def _source_lines(self, width: float) -> list[str]:
        """The sources (as published), the dataset version and the licence; in Arabic the
        version and the licence's English name isolated."""
        _ = self._
        version, licence = str(self.dataset.version), licence_text(self.dataset)
        if self.rtl:
            version, licence = isolate(version, "ltr"), isolate(licence, "ltr")
        about = _(TEXT["about"]).format(version=version, boundary=_(BOUNDARY_LINE),
                                        licence=licence)  # fmt: skip
        sources = _(TEXT["sources"]).format(sources=_(TEXT["between"]).join(self.weeks.sources))
        lines = wrap(sources, self.small_face, width, 3)
        return lines + wrap(about, self.small_face, width, 2)

    # ------------------------------------------------------------------ drawn once

    def _furniture(self) -> Image.Image:
        """Everything that does not change: the title, the legend, the sources, the bar's
        track and the period's ends."""
        image = Image.new("RGB", (self.w, self.h), BACKGROUND)
        draw = ImageDraw.Draw(image)
        y = self.header.y
        header = self.header
        for line in self.title_lines:
            self._text(draw, header.x, header.w, y, line, self.title_face, INK)
            y += line_height(self.title_face, 1.15)
        self._draw_legend(image, draw)
        y = self.sources_at
        for line in self.source_lines:
            self._text(draw, header.x, header.w, y, line, self.small_face, MUTED)
            y += line_height(self.small_face, 1.2)
        bar = self.bar_box
        below = bar.y + bar.h + 6 * self.u
        first, last = (short_date(d, lang=self.lang) for d in self.weeks.span)
        if self.rtl:  # time runs from the right
            first, last = last, first
        draw_text(draw, (bar.x, below), first, self.small_face, MUTED)
        draw_text(draw, (bar.x + bar.w, below), last, self.small_face, MUTED, anchor="ra")
        return image

    def _draw_legend(self, image: Image.Image, draw: ImageDraw.ImageDraw) -> None:
        legend, box, u = self.legend, self.legend_box, self.u
        face, (sw, sh) = legend["face"], legend["swatch"]
        lh = line_height(face, 1.1)
        y = box.y
        for n, ((kind, key, inferred, _label), lines) in enumerate(legend["items"]):
            col, row = divmod(n, legend["per_column"])
            if row == 0:
                y = box.y
            x = box.x + col * legend["col_w"]
            if self.rtl:  # the first column on the right, each swatch right of its words
                x = box.x + box.w - (col + 1) * legend["col_w"]
            text_top = y + 0.25 * lh
            top, left = round(text_top + (lh - sh) / 2), round(x)
            if self.rtl:
                left = round(x + legend["col_w"] - sw)
            if kind == "fill":
                image.paste(self.raster.swatch(key, inferred, (sw, sh)), (left, top))
            elif kind == "outline":
                draw.rectangle((left, top, left + sw, top + sh), fill=BACKGROUND,
                               outline=OUTLINE, width=max(2, round(3 * u)))  # fmt: skip
            else:
                mid = top + sh / 2
                stroke(draw, np.array([[left, mid], [left + sw, mid]]), ROUTE_LOOK[key], u)
            for line in lines:
                if self.rtl:
                    draw_text(draw, (left - 12 * u, text_top), line, face, INK, anchor="ra")
                else:
                    draw_text(draw, (x + sw + 12 * u, text_top), line, face, INK)
                text_top += lh
            y += legend["heights"][n]

    # ------------------------------------------------------------------ every week

    def show(self, i: int):
        """Draw week `i` into `canvas`; return the box (y0, y1, x0, x1) that changed."""
        weeks = self.weeks
        box = self.raster.show(
            weeks.holders[i], weeks.inferred[i], weeks.changed[i], weeks.routes[i]
        )
        y0, x0 = self.map_at
        if box is not None:
            a, b, c, d = box
            self.canvas[y0 + a : y0 + b, x0 + c : x0 + d] = self.raster.image[a:b, c:d]
            box = (y0 + a, y0 + b, x0 + c, x0 + d)
        return union_box(box, self._week_text(i))

    def _week_text(self, i: int):
        """The week, its notes and the progress bar: a strip redrawn every frame."""
        header = self.header
        top = round(self.week_at)
        bottom = round(self.bar_box.y + self.bar_box.h + 1)
        left, right = round(header.x), round(header.x + header.w)
        strip = Image.fromarray(self.static[top:bottom, left:right])
        draw = ImageDraw.Draw(strip)
        width = right - left
        self._text(draw, 0, width, 0, week_label(self.weeks.dates[i], self.lang),
                   self.week_face, INK)  # fmt: skip
        y = line_height(self.week_face, 1.05)
        for note in self.weeks.notes[i][:2]:
            for line in wrap(note, self.note_face, header.w, 1):
                self._text(draw, 0, width, y, line, self.note_face, MUTED)
                y += line_height(self.note_face, 1.2)
        bar_top = round(self.bar_box.y) - top
        bar_h = max(3, round(self.bar_box.h))
        first, last = self.weeks.span
        done = (self.weeks.dates[i] - first) / max(last - first, pd.Timedelta(days=1))
        draw.rectangle((0, bar_top, width, bar_top + bar_h), fill=TRACK)
        filled = round(width * done)
        if self.rtl:  # time runs from the right, as the app's mirrored time axis
            draw.rectangle((width - filled, bar_top, width, bar_top + bar_h), fill=INK)
        else:
            draw.rectangle((0, bar_top, filled, bar_top + bar_h), fill=INK)
        self.canvas[top:bottom, left:right] = np.asarray(strip)
        return (top, bottom, left, right)
