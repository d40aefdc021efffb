"""The city as pixels, drawn once and recoloured week by week: the map of the video frames and
of the link preview (video.py).

Each area's pixels are found once (the polygons rasterised into a label image). The lines
over the areas (white borders, the river, roads, landmarks, the scale bar) are drawn once,
antialiased, into an overlay. A week then rewrites only the areas whose colour, pattern or
outline changed, blended under that overlay, and redraws the routes into the east only when
one of them changes state. So a frame costs the few areas that changed hands, not a drawing
of the city: the whole period renders in about the time of one PNG export.

The drawing follows the PNG and the interactive map (look.py, snapshot.py): contested areas
hatched, areas whose sentence does not name them dotted in white, the week's changes
outlined in black, routes solid while open, dashed under fire and dotted vermilion once cut.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from .drawtext import draw_text, font, text_box
from .look import LABELLED_LANDMARKS
from .model import CONTESTED_HATCH_COLOUR, HOLDER_COLOURS, HOLDERS

SUPERSAMPLE = 2  # lines are drawn at twice the size, then reduced: antialiased
BACKGROUND = "#FFFFFF"
BORDER = "#FFFFFF"
OUTLINE = "#111111"  # changed hands this week
DOT = "#FFFFFF"  # the inferred pattern's dots
HOLDER_CODE = {holder: i for i, holder in enumerate(HOLDERS)}
UNKNOWN = HOLDER_CODE["unknown"]
CONTESTED = HOLDER_CODE["contested"]
# Route lines in pixels per unit (a unit is 1 px on a 1080 px frame): colour, width, dash
# (on, off) or None for solid, or "dots" (a dot every `gap`).
ROUTE_LOOK = {
    "open": ("#1A1A1A", 4.2, None),
    "under_fire": ("#1A1A1A", 4.2, (11, 7)),
    "cut": ("#D55E00", 5.6, "dots"),
    None: ("#555555", 2.6, (8, 6)),
}
LANDMARK_LOOK = {
    "river": ("#3A7DC9", 3.2, None),
    "castello": ("#222222", 3.2, (10, 6)),
    "wall": ("#6B5B45", 2.0, (3, 4)),
    "road": ("#666666", 1.6, None),
}


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _rings(geom):
    for polygon in getattr(geom, "geoms", [geom]):
        yield np.asarray(polygon.exterior.coords), [np.asarray(r.coords) for r in polygon.interiors]


def _lines(geom):
    return [np.asarray(line.coords) for line in getattr(geom, "geoms", [geom])]


def _dashes(points: np.ndarray, on: float, off: float) -> list[np.ndarray]:
    """The pieces of a polyline drawn by a dash pattern (`on` drawn, `off` skipped)."""
    pieces, current, phase, drawing = [], [points[0]], 0.0, True
    for a, b in zip(points[:-1], points[1:], strict=True):
        length = float(np.hypot(*(b - a)))
        at = 0.0
        while at < length:
            left = (on if drawing else off) - phase
            step = min(left, length - at)
            at += step
            phase += step
            point = a + (b - a) * (at / length if length else 0)
            if drawing:
                current.append(point)
            if phase >= (on if drawing else off):
                if drawing:
                    pieces.append(np.array(current))
                drawing, phase, current = not drawing, 0.0, [point]
    if drawing and len(current) > 1:
        pieces.append(np.array(current))
    return pieces


def _dots(points: np.ndarray, gap: float) -> list[np.ndarray]:
    """Points every `gap` along a polyline."""
    out, carry = [], 0.0
    for a, b in zip(points[:-1], points[1:], strict=True):
        length = float(np.hypot(*(b - a)))
        at = carry
        while at <= length:
            out.append(a + (b - a) * (at / length if length else 0))
            at += gap
        carry = at - length
    return out


def stroke(draw: ImageDraw.ImageDraw, points: np.ndarray, look, scale: float) -> None:
    """One line in a look (colour, width, dash), `scale` pixels per unit."""
    colour, width, dash = look
    w = max(1, round(width * scale))
    if dash == "dots":
        r = width * scale / 2
        for x, y in _dots(points, 2.3 * width * scale):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        return
    pieces = [points] if dash is None else _dashes(points, dash[0] * scale, dash[1] * scale)
    for piece in pieces:
        draw.line(piece.ravel().tolist(), fill=colour, width=w, joint="curve")


class MapRaster:
    """The areas of a dataset drawn into a `size` (width, height) picture; `unit` is the
    pixel size of a line 1 px wide on a 1080 px frame. `image` (height × width × 3, uint8)
    holds the map as last shown. `names`: (x, y, name) of the areas to label; `say`: the
    words in the frame's language (image_words.image_translator), for the landmarks' names and
    the scale bar."""

    def __init__(self, areas, landmarks, route_ids, size, unit: float = 1.0, names=None, say=None):
        self.w, self.h = size
        self.unit = unit
        self.say = say or (lambda text: text)
        bounds = areas.total_bounds
        pad = 10 * unit
        span_x, span_y = bounds[2] - bounds[0], bounds[3] - bounds[1]
        self.scale = min((self.w - 2 * pad) / span_x, (self.h - 2 * pad) / span_y)
        self._ox = (self.w - span_x * self.scale) / 2 - bounds[0] * self.scale
        self._oy = (self.h - span_y * self.scale) / 2
        self._top = bounds[3]
        self.count = len(areas)
        self._rasterise(areas.geometry)
        self._textures()
        self.routes = {
            row.id: _lines(geom)
            for row, geom in zip(landmarks.itertuples(), landmarks.geometry, strict=True)
            if row.id in set(route_ids) and geom.geom_type.endswith("LineString")
        }
        self.route_states: dict = {}
        static = self._static_overlay(areas.geometry, landmarks, names)
        self.static = np.asarray(static)
        self.ov_rgb = self.static[:, :, :3].astype(np.uint16)
        self.ov_a = self.static[:, :, 3].astype(np.uint16)
        self.fill = np.empty((self.h, self.w, 3), np.uint8)
        self.fill[:] = rgb(BACKGROUND)
        self.image = self._blend(self.ov_rgb, self.ov_a, self.fill)
        self.drawn = np.full(self.count, -1)
        # Where a line may lie over an area (the overlay, or any route in any state): only
        # there is a new colour blended; elsewhere it is copied.
        under = (self.static[:, :, 3] > 0) | self._route_zone()
        self.mixed = [np.flatnonzero(under.ravel()[p]) for p in self.pixels]

    # ------------------------------------------------------------------ drawn once

    def px(self, coords: np.ndarray) -> np.ndarray:
        """Metric coordinates (x, y) as pixel coordinates of the picture."""
        out = np.empty((len(coords), 2))
        out[:, 0] = self._ox + coords[:, 0] * self.scale
        out[:, 1] = self._oy + (self._top - coords[:, 1]) * self.scale
        return out

    def _rasterise(self, geoms) -> None:
        """The label image (area index per pixel, -1 outside) and each area's pixels."""
        image = Image.new("I", (self.w, self.h), -1)
        draw = ImageDraw.Draw(image)
        # Larger areas first: a hole is filled by the smaller area drawn into it afterwards.
        for k in np.argsort([-g.area for g in geoms], kind="stable"):
            for exterior, holes in _rings(geoms.iloc[k]):
                draw.polygon([tuple(p) for p in self.px(exterior[:, :2])], fill=int(k))
                for hole in holes:
                    draw.polygon([tuple(p) for p in self.px(hole[:, :2])], fill=-1)
        label = np.asarray(image)
        flat = label.ravel()
        inside = np.flatnonzero(flat >= 0)
        order = inside[np.argsort(flat[inside], kind="stable")]
        counts = np.bincount(flat[inside], minlength=self.count)
        self.pixels = np.split(order, np.cumsum(counts)[:-1])
        band = self._inner_band(label, max(2, round(3 * self.unit)))
        self.band = [band.ravel()[p] for p in self.pixels]
        self.boxes = []
        for p in self.pixels:
            if len(p):
                ys, xs = np.divmod(p, self.w)
                self.boxes.append((ys.min(), ys.max() + 1, xs.min(), xs.max() + 1))
            else:
                self.boxes.append(None)

    @staticmethod
    def _inner_band(label: np.ndarray, r: int) -> np.ndarray:
        """Pixels within `r` of another area or the outside: where an outline is drawn."""
        h, w = label.shape
        padded = np.full((h + 2 * r, w + 2 * r), -2, label.dtype)
        padded[r : r + h, r : r + w] = label
        band = np.zeros((h, w), bool)
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                if (dx or dy) and dx * dx + dy * dy <= r * r:
                    band |= padded[r + dy : r + dy + h, r + dx : r + dx + w] != label
        return band

    def _textures(self) -> None:
        """One small repeating tile per fill (holder × inferred), and each pixel's place in
        it, so a pattern lines up across neighbouring areas."""
        t = max(6, round(12 * self.unit))
        self.tile = t
        big = 4 * t
        yy, xx = np.mgrid[0:big, 0:big]
        stripes = ((xx + yy) % big) < big * 0.34
        dots = np.zeros((big, big), bool)
        for cy, cx in ((big / 4, big / 4), (3 * big / 4, 3 * big / 4)):
            dots |= (yy + 0.5 - cy) ** 2 + (xx + 0.5 - cx) ** 2 <= (0.13 * big) ** 2
        self.tiles = {}
        for holder, code in HOLDER_CODE.items():
            for inferred in (False, True):
                tile = np.empty((big, big, 3), np.float32)
                tile[:] = rgb(HOLDER_COLOURS[holder])
                if code == CONTESTED:
                    tile[stripes] = rgb(CONTESTED_HATCH_COLOUR)
                if inferred and code != UNKNOWN:
                    tile[dots] = rgb(DOT)
                small = tile.reshape(t, 4, t, 4, 3).mean(axis=(1, 3))
                self.tiles[code * 2 + inferred] = np.round(small).astype(np.uint8).reshape(-1, 3)
        self.tile_pos = []
        for p in self.pixels:
            ys, xs = np.divmod(p, self.w)
            self.tile_pos.append((ys % t) * t + xs % t)

    def swatch(self, holder: str, inferred: bool, size: tuple[int, int]) -> Image.Image:
        """A legend swatch of a fill, with the map's own pattern."""
        w, h = size
        t = self.tile
        yy, xx = np.mgrid[0:h, 0:w]
        tile = self.tiles[HOLDER_CODE[holder] * 2 + bool(inferred)]
        return Image.fromarray(tile[(yy % t) * t + xx % t].astype(np.uint8))

    def _static_overlay(self, geoms, landmarks, names) -> Image.Image:
        """Borders, landmarks, their names and the scale bar, antialiased, on transparency."""
        ss, u = SUPERSAMPLE, self.unit
        big = Image.new("RGBA", (self.w * ss, self.h * ss), (0, 0, 0, 0))
        draw = ImageDraw.Draw(big)
        border = (BORDER, 1.3, None)
        for geom in geoms:
            for exterior, holes in _rings(geom):
                for ring in [exterior, *holes]:
                    stroke(draw, self.px(ring[:, :2]) * ss, border, u * ss)
        labelled = []
        for row, geom in zip(landmarks.itertuples(), landmarks.geometry, strict=True):
            if row.id in self.routes:
                continue
            kind = "castello" if "castello" in f"{row.id} {row.name}".lower() else str(row.kind)
            if geom.geom_type.endswith("LineString"):
                for line in _lines(geom):
                    look = LANDMARK_LOOK.get(kind, LANDMARK_LOOK["road"])
                    stroke(draw, self.px(line[:, :2]) * ss, look, u * ss)
            elif geom.geom_type == "Point" and row.kind in LABELLED_LANDMARKS:
                x, y = self.px(np.array([[geom.x, geom.y]]))[0]
                r = 5 * u * ss
                draw.ellipse(
                    (x * ss - r, y * ss - r, x * ss + r, y * ss + r),
                    fill="#FFFFFF", outline="#111111", width=max(1, round(2 * u * ss)),
                )  # fmt: skip
                labelled.append((x, y, self.say(str(row.name)).split(" (")[0]))
        self._scale_bar(draw, ss)
        overlay = big.resize((self.w, self.h), Image.Resampling.BOX)
        text = ImageDraw.Draw(overlay)
        face = font(17 * u)
        taken: list[tuple] = []
        for x, y, name in labelled:  # each on the first free side, or left out
            for dx, anchor in ((8 * u, "lm"), (-8 * u, "rm")):
                box = text_box((x + dx, y), name, face, anchor)
                if not any(_overlap(box, other) for other in taken):
                    taken.append(box)
                    draw_text(text, (x + dx, y), name, face, "#111111", anchor, halo="#FFFFFF")
                    break
        for mx, my, name in names or []:
            x, y = self.px(np.array([[mx, my]]))[0]
            box = text_box((x, y), name, font(11 * u), "mm")
            if not any(_overlap(box, other) for other in taken):
                taken.append(box)
                draw_text(text, (x, y), name, font(11 * u), "#111111", "mm", halo="#FFFFFF")
        self._scale_label(text)
        return overlay

    def _scale_bar(self, draw, ss) -> None:
        metres = next(v for v in (500, 1000, 2000, 5000, 10000, 20000, 50000)
                      if v * self.scale >= self.w / 7)  # fmt: skip
        self.scale_metres = metres
        length = metres * self.scale
        x1, y = self.w - 14 * self.unit, self.h - 14 * self.unit
        self._scale_at = (x1 - length, x1, y)
        draw.rectangle(
            ((x1 - length) * ss, (y - 4 * self.unit) * ss, x1 * ss, y * ss), fill="#1A1A1A"
        )

    def _scale_label(self, text) -> None:
        x0, x1, y = self._scale_at
        metres = self.scale_metres
        if metres >= 1000:
            label = self.say("{length} km").format(length=f"{metres / 1000:g}")
        else:
            label = self.say("{length} m").format(length=metres)
        draw_text(text, ((x0 + x1) / 2, y - 8 * self.unit), label, font(15 * self.unit),
                  anchor="md")  # fmt: skip

    # ------------------------------------------------------------------ every week

    @staticmethod
    def _blend(ov_rgb, ov_a, fill):
        """The overlay over the fill (8-bit alpha), as uint8."""
        a = ov_a[..., None]
        return ((ov_rgb * a + fill.astype(np.uint16) * (255 - a) + 127) // 255).astype(np.uint8)

    def show(self, holders: np.ndarray, inferred: np.ndarray, changed: np.ndarray, routes=None):
        """Recolour for a week: `holders` (a HOLDER_CODE per area), `inferred` and `changed`
        (bool per area), `routes` (route id -> state). Returns the box (y0, y1, x0, x1) of
        what changed in `image`, or None."""
        keys = (holders * 2 + (inferred & (holders != UNKNOWN))) * 2 + changed
        todo = np.flatnonzero(keys != self.drawn)
        box = None
        fill = self.fill.reshape(-1, 3)
        image = self.image.reshape(-1, 3)
        ov_rgb, ov_a = self.ov_rgb.reshape(-1, 3), self.ov_a.reshape(-1)
        for k in todo:
            key = int(keys[k])
            self.drawn[k] = key
            pixels = self.pixels[k]
            if not len(pixels):
                continue
            colours = self.tiles[key // 2][self.tile_pos[k]]
            if key % 2:
                colours[self.band[k]] = rgb(OUTLINE)
            fill[pixels] = colours
            image[pixels] = colours
            mixed = self.mixed[k]
            if len(mixed):
                at = pixels[mixed]
                image[at] = self._blend(ov_rgb[at], ov_a[at], colours[mixed])
            box = union_box(box, self.boxes[k])
        if routes is not None and self.routes:
            box = union_box(box, self._show_routes(routes))
        return box

    def _route_zone(self) -> np.ndarray:
        """The pixels a route's line may cover, whatever its state."""
        zone = Image.new("L", (self.w, self.h), 0)
        draw = ImageDraw.Draw(zone)
        width = max(look[1] for look in ROUTE_LOOK.values()) * self.unit + 4
        for lines in self.routes.values():
            for line in lines:
                stroke(draw, self.px(line[:, :2]), (255, width, None), 1)
        return np.asarray(zone) > 0

    def _show_routes(self, states: dict):
        wanted = {r: states.get(r) for r in self.routes}
        if wanted == self.route_states:
            return None
        self.route_states = wanted
        ss, u = SUPERSAMPLE, self.unit
        pad = 8 * u
        lines = [line for ls in self.routes.values() for line in ls]
        points = np.concatenate([self.px(line[:, :2]) for line in lines])
        x0 = int(max(0, points[:, 0].min() - pad))
        y0 = int(max(0, points[:, 1].min() - pad))
        x1 = int(min(self.w, points[:, 0].max() + pad + 1))
        y1 = int(min(self.h, points[:, 1].max() + pad + 1))
        layer = Image.new("RGBA", ((x1 - x0) * ss, (y1 - y0) * ss), (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for route, lines in self.routes.items():
            for line in lines:
                pts = (self.px(line[:, :2]) - (x0, y0)) * ss
                stroke(draw, pts, ROUTE_LOOK.get(wanted[route], ROUTE_LOOK[None]), u * ss)
        layer = layer.resize((x1 - x0, y1 - y0), Image.Resampling.BOX)
        base = Image.fromarray(self.static[y0:y1, x0:x1])
        over = np.asarray(Image.alpha_composite(base, layer))
        self.ov_rgb[y0:y1, x0:x1] = over[:, :, :3]
        self.ov_a[y0:y1, x0:x1] = over[:, :, 3]
        self.image[y0:y1, x0:x1] = self._blend(
            self.ov_rgb[y0:y1, x0:x1], self.ov_a[y0:y1, x0:x1], self.fill[y0:y1, x0:x1]
        )
        return (y0, y1, x0, x1)


def union_box(a, b):
    """The smallest (y0, y1, x0, x1) box holding boxes `a` and `b` (either may be None)."""
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
