"""Load and validate a dataset directory: areas, landmarks, claims and sources.

`load_dataset` either returns a `Dataset` or raises `DataError` listing every problem found,
each with the file, the line or feature, the field, the value and what was expected.
Nothing here ever writes to the data files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from .boundaries import boundary_problems
from .evidence import area_spellings, names_place
from .model import (
    AREA_KINDS,
    AREAS_FILE,
    CLAIM_COLUMNS,
    CLAIMS_FILE,
    CONFIDENCES,
    CONTESTED_RENEWAL_WEEKS,
    DATE_PRECISIONS,
    EVIDENCE,
    GEOGRAPHIC_CRS,
    HOLDERS,
    LANDMARKS_FILE,
    METRIC_CRS,
    PACKAGE_FILE,
    ROUTE_COLUMNS,
    ROUTE_STATES,
    ROUTES_FILE,
    SOURCE_COLUMNS,
    SOURCES_FILE,
    DataError,
    Problem,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# Two areas may share an edge drawn by hand; they may not overlap by more than this.
OVERLAP_TOLERANCE_M2 = 50.0
# An area whose centre lies this far from the others is misplaced (often: lat/lon swapped).
OUTLIER_DISTANCE_KM = 60.0
EARLIEST_PLAUSIBLE_DATE = pd.Timestamp("1900-01-01")
CITATION_MARKER = re.compile(r"\[\d+\]")
WHITESPACE = re.compile(r"\s+")


@dataclass
class Dataset:
    """A validated dataset: what the timeline and the renderers work on."""

    root: Path
    areas: gpd.GeoDataFrame  # index: area id; EPSG:4326; column area_km2
    claims: pd.DataFrame  # one row per claim, `date` as datetime64, `adopted` as bool, `line`
    sources: pd.DataFrame  # index: source_id
    landmarks: gpd.GeoDataFrame
    meta: dict = field(default_factory=dict)
    # States of the routes into a besieged part of the city (route_changes.csv, optional):
    # claims with `route_id` for `area_id` and `state` for `holder`.
    routes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROUTE_COLUMNS))
    warnings: list[Problem] = field(default_factory=list)
    quotes_checked: bool = False
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # derived data

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    @property
    def metric_crs(self) -> str:
        return self.areas.attrs.get("metric_crs", METRIC_CRS)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", "Territorial control map"))

    @property
    def headline(self) -> str:
        """The maps' title line: the datapackage's `headline`, else the dataset's title."""
        return str(self.meta.get("headline") or self.title)

    @property
    def siege_label(self) -> str:
        """What the maps call the state where every route in is cut (the datapackage's
        `siege_label`, e.g. "Eastern Aleppo besieged")."""
        return str(self.meta.get("siege_label") or "Besieged")

    def derived(self, key: tuple, make):
        """`make()`, made once per dataset and kept under `key`: data derived from this
        dataset that the app asks for again and again. Shared: treat it as read-only."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @property
    def period(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The covered period: from the datapackage if stated, else the claims' own span."""
        return self.derived(("period",), self._period)  # asked on every rerun

    def _period(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        period = self.meta.get("period") or {}
        first = self.claims["date"].min()
        last = self.claims["date"].max()
        start = pd.Timestamp(period["start"]) if period.get("start") else first
        end = pd.Timestamp(period["end"]) if period.get("end") else last
        return start, end


class _Collector:
    """Gathers problems for one run of the validator."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file, where, field_name, value, expected, severity="error") -> None:
        self.problems.append(Problem(str(file), where, field_name, str(value), expected, severity))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


# ---------------------------------------------------------------- reading text files safely


def read_text(path: Path, display: str, problems: _Collector) -> str | None:
    """The file's text if it is non-empty UTF-8 without a byte-order mark, else None."""
    raw = read_bytes(path, display, problems)
    return None if raw is None else decode_text(raw, display, problems)


def read_bytes(path: Path, display: str, problems: _Collector) -> bytes | None:
    """The file's bytes if it is non-empty and neither UTF-16 nor UTF-8 with a BOM, else None."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add(display, "", "file", str(path), "the file to exist")
        return None
    except OSError as exc:
        problems.add(display, "", "file", str(exc), "a readable file")
        return None
    if not raw or raw.isspace():  # as `not raw.strip()`, without copying a large file
        problems.add(display, "", "file", "(empty)", "a non-empty file")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        problems.add(display, "line 1", "encoding", "UTF-16", "UTF-8 text (re-save as UTF-8)")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(
            display,
            "line 1",
            "encoding",
            "UTF-8 with byte-order mark",
            "UTF-8 without a byte-order mark (re-save without BOM)",
        )
        return None
    return raw


def decode_text(raw: bytes, display: str, problems: _Collector) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(display, f"line {line}", "encoding", repr(raw[exc.start : exc.end]), "UTF-8")
        return None


def read_csv_table(
    path: Path, display: str, columns: tuple[str, ...], problems: _Collector
) -> pd.DataFrame | None:
    """Rows of a CSV as strings, plus a `line` column giving each record's first line.

    A plainly regular file (one record per line, quotes only around whole fields) is parsed
    by Arrow's C++ reader, which reads a million claims in about a second. Any other file
    goes through the structure check below (header, field counts, quoting), row by row,
    because a C parser would stop at the first broken row and lose the line numbers; both
    give the same table for a file they both accept.
    """
    raw = read_bytes(path, display, problems)
    if raw is None:
        return None
    frame = _read_regular_csv(raw, columns)
    if frame is not None:
        return frame
    text = decode_text(raw, display, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.add(display, "line 1", "header", str(exc), "a CSV header row")
        return None
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    for name in missing:
        problems.add(display, "line 1", "header", ",".join(header), f"a column named {name!r}")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    for name in duplicated:
        problems.add(display, "line 1", "header", name, "each column name once")
    if missing or duplicated:
        return None
    width = len(header)
    records: list[list[str]] = []
    lines: list[int] = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(
                display,
                f"line {line}",
                "quoting",
                str(exc),
                'every quotation mark inside a field doubled ("") and each field closed',
            )
            break
        last_line = reader.line_num
        if record and len(record) != width and last_line > line:
            problems.add(
                display,
                f"line {line}",
                "quoting",
                f"one record running over lines {line}-{last_line} with {len(record)} fields",
                f"{width} fields on one line: is a quotation mark opened and never closed?",
            )
        elif record and len(record) != width:
            problems.add(
                display,
                f"line {line}",
                "row",
                f"{len(record)} fields",
                f"{width} fields, as in the header (is a comma in a field not quoted?)",
            )
        elif record and any(v.strip() for v in record):
            records.append(record)
            lines.append(line)
        line = reader.line_num + 1
    frame = (
        pd.DataFrame(records, columns=header, dtype=str)
        if records
        else pd.DataFrame(columns=header, dtype=str)
    )
    frame["line"] = np.asarray(lines, dtype=np.int64)
    return frame


# Python's str.isspace() characters, for RE2: a record whose fields are all blank is skipped.
_BLANK_FIELD = (
    "^[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]*$"
)
_COMMA, _LF, _CR, _QUOTE = 44, 10, 13, 34


def _read_regular_csv(raw: bytes, columns: tuple[str, ...]) -> pd.DataFrame | None:
    """The table as `read_csv_table` gives it, parsed by Arrow, or None if the file is not
    plainly regular: then the row-by-row reader parses it and names what is wrong.

    Regular means: no NUL, no carriage return outside CR LF, a first line holding the
    header with every column once, each line one whole record (an even number of quotation
    marks per line), every quotation mark opening a field, closing it or doubled inside it,
    no line longer than the csv module's field limit, every record as wide as the header,
    valid UTF-8. On such a file Python's csv module and Arrow read the same fields, and the
    record on physical line n has line number n.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pa_csv
    except ImportError:  # pragma: no cover - pyarrow comes with streamlit
        return None
    if b"\x00" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n")):
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = np.flatnonzero(data == _LF)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(data)]))
    if starts[-1] == len(data):  # the file ends with a line break
        starts, stops = starts[:-1], stops[:-1]
    lengths = stops - starts
    lengths -= (lengths > 0) & (data[np.maximum(stops - 1, 0)] == _CR)
    if not len(lengths) or lengths[0] == 0 or lengths.max() > csv.field_size_limit():
        return None
    quotes = np.flatnonzero(data == _QUOTE)
    if len(quotes):
        if (np.bincount(np.searchsorted(ends, quotes), minlength=1) % 2).any():
            return None
        before = data[np.maximum(quotes - 1, 0)]
        after = data[np.minimum(quotes + 1, len(data) - 1)]
        opening, closing = quotes[0::2], quotes[1::2]
        opens_field = np.isin(before[0::2], (_COMMA, _LF, _QUOTE)) | (opening == 0)
        closes_field = np.isin(after[1::2], (_COMMA, _LF, _CR, _QUOTE)) | (closing == len(data) - 1)
        if not (opens_field.all() and closes_field.all()):
            return None
    try:
        first_line = raw[: lengths[0]].decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        header = [h.strip() for h in next(csv.reader([first_line], strict=True))]
    except csv.Error:
        return None
    if any(c not in header for c in columns) or len(set(header)) != len(header):
        return None
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(raw),
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    lines = np.flatnonzero(lengths[1:] > 0) + 2
    if table.num_rows != len(lines):
        return None
    blank = pc.match_substring_regex(table.column(0), _BLANK_FIELD)
    if pc.any(blank).as_py():  # drop records whose fields are all blank, as csv-reading does
        for column in table.columns[1:]:
            blank = pc.and_(blank, pc.match_substring_regex(column, _BLANK_FIELD))
        keep = pc.invert(blank)
        table, lines = table.filter(keep), lines[keep.to_numpy(zero_copy_only=False)]
    frame = table.to_pandas()
    frame["line"] = lines.astype(np.int64)
    return frame


# ------------------------------------------------------------------------ areas (GeoJSON)


def _feature_label(index: int, feature_id) -> str:
    return f"feature {index}" + (f" (id {feature_id!r})" if feature_id else "")


def metric_crs_for(areas: gpd.GeoDataFrame, meta: dict) -> str:
    """The dataset's metric CRS: as stated in datapackage.json, else the areas' UTM zone."""
    return str(meta.get("metric_crs") or areas.estimate_utm_crs().to_string())


def read_areas(
    path: Path, display: str, problems: _Collector, meta: dict | None = None
) -> gpd.GeoDataFrame | None:
    """The areas as a GeoDataFrame indexed by id, or None if the file cannot be used."""
    features = _read_feature_collection(path, display, problems)
    if features is None:
        return None
    rows, geoms, labels = [], [], []
    seen: dict[str, int] = {}
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        area_id = feature.get("id", props.get("id")) if isinstance(feature, dict) else None
        label = _feature_label(index, area_id)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.add(display, label, "type", _short(feature), "a GeoJSON Feature")
            continue
        if area_id is None or area_id == "":
            problems.add(display, label, "id", "(missing)", "a lowercase id such as 'hananu'")
            continue
        if not isinstance(area_id, str) or not ID_PATTERN.match(area_id):
            problems.add(display, label, "id", area_id, "a lowercase slug: a-z, 0-9, _ . -")
            continue
        if "id" in props and props["id"] != area_id:
            problems.add(
                display, label, "properties.id", props["id"], f"the feature id {area_id!r}"
            )
        if area_id in seen:
            problems.add(
                display, label, "id", area_id, f"a unique id (also feature {seen[area_id]})"
            )
            continue
        seen[area_id] = index
        geom = _area_geometry(feature.get("geometry"), display, label, problems)
        name = props.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.add(display, label, "name", name, "a non-empty English name")
        kind = props.get("kind")
        if kind not in AREA_KINDS:
            problems.add(display, label, "kind", kind, "one of " + ", ".join(AREA_KINDS))
        for optional in ("name_ar", "boundary_note"):
            if not isinstance(props.get(optional), str) or not props.get(optional, "").strip():
                problems.add(
                    display, label, optional, props.get(optional), "a non-empty text", "warning"
                )
        alt = props.get("alt_names", [])
        if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
            problems.add(display, label, "alt_names", alt, "a list of names")
            alt = []
        if geom is None:
            continue
        rows.append(
            {
                "id": area_id,
                "name": str(name or area_id),
                "name_ar": str(props.get("name_ar") or ""),
                "alt_names": alt,
                "kind": str(kind),
                "boundary_note": str(props.get("boundary_note") or ""),
                "feature": index,
            }
        )
        geoms.append(geom)
        labels.append(label)
    if not rows:
        if not problems.has_errors:
            problems.add(display, "", "features", "[]", "at least one area")
        return None
    areas = gpd.GeoDataFrame(rows, geometry=geoms, crs=GEOGRAPHIC_CRS).set_index("id")
    _check_positions(areas, labels, display, problems)
    areas.attrs["metric_crs"] = metric_crs_for(areas, meta or {})
    metric = areas.geometry.to_crs(areas.attrs["metric_crs"])
    _check_overlaps(metric, labels, display, problems)
    areas["area_km2"] = metric.area.to_numpy() / 1e6
    return areas


def read_feature_collection(path: Path, display: str, problems: _Collector) -> dict | None:
    """The file's GeoJSON FeatureCollection as parsed JSON, else None (and why)."""
    text = read_text(path, display, problems)
    if text is None:
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(
            display, f"line {exc.lineno}, column {exc.colno}", "json", exc.msg, "valid JSON"
        )
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        problems.add(display, "", "type", kind, "a GeoJSON FeatureCollection")
        return None
    return doc


def _read_feature_collection(path: Path, display: str, problems: _Collector) -> list | None:
    doc = read_feature_collection(path, display, problems)
    if doc is None:
        return None
    if "crs" in doc:
        problems.add(
            display,
            "",
            "crs",
            _short(doc["crs"]),
            "no 'crs' member: RFC 7946 GeoJSON is always WGS84 longitude/latitude (EPSG:4326)",
        )
    features = doc.get("features")
    if not isinstance(features, list):
        problems.add(display, "", "features", _short(features), "a list of features")
        return None
    return features


def _area_geometry(geometry, display, label, problems: _Collector):
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        problems.add(display, label, "geometry.type", kind, "Polygon or MultiPolygon")
        return None
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        problems.add(display, label, "geometry.coordinates", str(exc), "rings of [lon, lat] pairs")
        return None
    if geom.is_empty:
        problems.add(display, label, "geometry", "empty", "a non-empty polygon")
        return None
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        problems.add(
            display,
            label,
            "geometry.coordinates",
            f"bounds {geom.bounds}",
            "longitude in [-180, 180] and latitude in [-90, 90] (EPSG:4326)",
        )
        return None
    if not geom.is_valid:
        problems.add(
            display,
            label,
            "geometry",
            shapely.is_valid_reason(geom),
            "a valid polygon (no self-intersection, closed rings)",
        )
        return None
    return geom


def _check_positions(areas: gpd.GeoDataFrame, labels, display, problems: _Collector) -> None:
    """Flag areas far from all the others; a lat/lon swap moves an area ~100+ km."""
    if len(areas) < 3:
        return
    centres = shapely.get_coordinates(shapely.centroid(areas.geometry.to_numpy()))
    median = np.median(centres, axis=0)
    km_per_deg = np.array([111.32 * np.cos(np.radians(median[1])), 110.57])
    distance = np.hypot(*((centres - median) * km_per_deg).T)
    swapped = np.hypot(*((centres[:, ::-1] - median) * km_per_deg).T)
    for i in np.flatnonzero(distance > OUTLIER_DISTANCE_KM):
        hint = (
            "coordinates as [longitude, latitude]: they look swapped"
            if swapped[i] < OUTLIER_DISTANCE_KM
            else f"a position within {OUTLIER_DISTANCE_KM:.0f} km of the other areas"
        )
        problems.add(
            display,
            labels[i],
            "geometry.coordinates",
            f"centre at lon {centres[i, 0]:.4f}, lat {centres[i, 1]:.4f}, "
            f"{distance[i]:.0f} km from the other areas",
            hint,
        )


def _check_overlaps(metric: gpd.GeoSeries, labels, display, problems: _Collector) -> None:
    geoms = metric.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    if not len(left):
        return
    # Only pairs whose interiors meet can overlap: neighbours that share an edge are skipped
    # before the (much dearer) intersection is computed.
    inner = shapely.relate_pattern(geoms[left], geoms[right], "2********")
    left, right = left[inner], right[inner]
    overlap = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    for i, j, m2 in zip(left, right, overlap, strict=True):
        if m2 > OVERLAP_TOLERANCE_M2:
            problems.add(
                display,
                labels[i],
                "geometry",
                f"overlaps {labels[j]} by {m2:,.0f} m²",
                f"areas that overlap by at most {OVERLAP_TOLERANCE_M2:.0f} m²",
            )


def read_landmarks(path: Path, display: str, problems: _Collector) -> gpd.GeoDataFrame:
    """Landmarks are optional: a dataset without them gets an empty layer."""
    empty = gpd.GeoDataFrame(
        {"id": [], "name": [], "kind": [], "note": [], "alt_names": []},
        geometry=[],
        crs=GEOGRAPHIC_CRS,
    )
    if not path.exists():
        return empty
    features = _read_feature_collection(path, display, problems)
    if not features:
        return empty
    rows, geoms = [], []
    for index, feature in enumerate(features):
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        label = _feature_label(index, props.get("id"))
        try:
            geom = shape(feature["geometry"])
        except Exception as exc:  # any malformed geometry
            problems.add(display, label, "geometry", str(exc), "a GeoJSON geometry")
            continue
        alt = props.get("alt_names", [])
        if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
            problems.add(display, label, "alt_names", _short(alt), "a list of names")
            alt = []
        rows.append(
            {
                "id": str(props.get("id", index)),
                "name": str(props.get("name", "")),
                "kind": str(props.get("kind", "")),
                "note": str(props.get("note", "")),
                "alt_names": alt,
            }
        )
        geoms.append(geom)
    if not rows:
        return empty
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=GEOGRAPHIC_CRS)


# ------------------------------------------------------------------------ sources, claims


def read_sources(path: Path, display: str, problems: _Collector) -> pd.DataFrame | None:
    sources = read_csv_table(path, display, SOURCE_COLUMNS, problems)
    if sources is None:
        return None
    _check_ids(sources, "source_id", display, problems)
    for row in sources.itertuples():
        url = row.url.strip()
        if url and not re.match(r"^https?://[^\s<>\"']+$", url):
            problems.add(
                display,
                f"line {row.line}",
                "url",
                url,
                "an http:// or https:// address (no link is made for other addresses)",
                "warning",
            )
    return sources.drop_duplicates("source_id").set_index("source_id", drop=False)


def _check_ids(frame: pd.DataFrame, column: str, display: str, problems: _Collector) -> None:
    ids = frame[column].str.strip()
    bad = ~ids.str.match(ID_PATTERN.pattern)
    for line, value in zip(frame["line"][bad], frame[column][bad], strict=True):
        problems.add(display, f"line {line}", column, value, "a lowercase id: a-z, 0-9, _ . -")
    dup = ids.duplicated(keep="first") & ~bad
    if not dup.any():
        return
    first_line = frame.groupby(ids)["line"].transform("first")
    for line, value, first in zip(frame["line"][dup], ids[dup], first_line[dup], strict=True):
        problems.add(display, f"line {line}", column, value, f"a unique id (also on line {first})")


@dataclass(frozen=True)
class ClaimTable:
    """What differs between a table of claims about areas and one about routes."""

    columns: tuple[str, ...]
    place: str  # the column naming what the claim is about
    place_file: str  # where those ids come from
    value: str  # the column holding the claimed state
    values: tuple[str, ...]
    required: bool = True


AREA_CLAIMS = ClaimTable(CLAIM_COLUMNS, "area_id", AREAS_FILE, "holder", HOLDERS)
ROUTE_CLAIMS = ClaimTable(
    ROUTE_COLUMNS, "route_id", LANDMARKS_FILE + " (a line)", "state", ROUTE_STATES, False
)


def read_claims(
    path: Path,
    display: str,
    area_ids: set[str] | None,
    sources: pd.DataFrame | None,
    problems: _Collector,
    table: ClaimTable = AREA_CLAIMS,
) -> pd.DataFrame | None:
    claims = read_csv_table(path, display, table.columns, problems)
    if claims is None:
        return None
    if claims.empty:
        if table.required:
            problems.add(display, "", "rows", "0", "at least one claim")
            return None
        return claims.assign(date=pd.to_datetime(claims["date"]), adopted=False)
    for column in table.columns:
        claims[column] = claims[column].str.strip()
    _check_ids(claims, "claim_id", display, problems)

    def report(mask: pd.Series, column: str, expected: str) -> None:
        for line, value in zip(claims["line"][mask], claims[column][mask], strict=True):
            problems.add(display, f"line {line}", column, value, expected)

    if area_ids is not None:
        report(~claims[table.place].isin(area_ids), table.place, f"an id from {table.place_file}")
    if sources is not None:
        report(
            ~claims["source_id"].isin(sources.index),
            "source_id",
            f"a source_id from {SOURCES_FILE}",
        )
    report(
        ~claims[table.value].isin(table.values), table.value, "one of " + ", ".join(table.values)
    )
    report(
        ~claims["date_precision"].isin(DATE_PRECISIONS),
        "date_precision",
        "one of " + ", ".join(DATE_PRECISIONS),
    )
    report(
        ~claims["confidence"].isin(CONFIDENCES), "confidence", "one of " + ", ".join(CONFIDENCES)
    )
    report(~claims["evidence"].isin(EVIDENCE), "evidence", "one of " + ", ".join(EVIDENCE))
    report(
        claims["evidence"].eq("inferred") & claims["note"].eq(""),
        "note",
        "the reasoning of an inferred claim: which wider statement, and why it covers this place",
    )
    adopted = claims["adopted"].str.lower()
    report(~adopted.isin(["true", "false"]), "adopted", "true or false")
    claims["adopted"] = adopted.eq("true")
    report(claims["quote"].eq(""), "quote", "the source's sentence, verbatim")
    report(
        claims["date_as_written"].eq(""), "date_as_written", "the source's own words for the date"
    )

    shaped = claims["date"].str.match(DATE_PATTERN)
    report(~shaped, "date", "an ISO date YYYY-MM-DD")
    dates = pd.to_datetime(claims["date"].where(shaped), format="%Y-%m-%d", errors="coerce")
    report(shaped & dates.isna(), "date", "a date that exists in the calendar")
    report(dates < EARLIEST_PLAUSIBLE_DATE, "date", "a date after 1900-01-01")
    claims["date"] = dates
    return claims


def check_period(claims: pd.DataFrame, meta: dict, display: str, problems: _Collector) -> None:
    period = meta.get("period") or {}
    for bound in ("start", "end"):
        if period.get(bound):
            try:
                period[bound] = pd.Timestamp(period[bound]).strftime("%Y-%m-%d")
            except (ValueError, TypeError):
                problems.add(PACKAGE_FILE, "", f"period.{bound}", period[bound], "an ISO date")
                return
    start, end = period.get("start"), period.get("end")
    dated = claims["date"].notna()
    if start:
        early = dated & (claims["date"] < pd.Timestamp(start))
        for line, value in zip(claims["line"][early], claims["date"][early], strict=True):
            problems.add(
                display,
                f"line {line}",
                "date",
                value.date(),
                f"a date on or after {start}, the start of the period in datapackage.json",
            )
    if end:
        late = dated & (claims["date"] > pd.Timestamp(end))
        for line, value in zip(claims["line"][late], claims["date"][late], strict=True):
            problems.add(
                display,
                f"line {line}",
                "date",
                value.date(),
                f"a date on or before {end}, the end of the period in datapackage.json",
            )


def check_adopted_conflicts(
    claims: pd.DataFrame, display: str, problems: _Collector, table: ClaimTable = AREA_CLAIMS
) -> None:
    """Two adopted claims for one area (or route) on one day must agree on the holder."""
    place, value = table.place, table.value
    adopted = claims.loc[claims["adopted"] & claims["date"].notna(), [place, "date", value, "line"]]
    holders = adopted.groupby([place, "date"])[value].nunique()
    for area_id, date in holders[holders > 1].index:
        rows = adopted[(adopted[place] == area_id) & (adopted["date"] == date)]
        listing = ", ".join(
            f"line {line}: {holder}" for line, holder in zip(rows["line"], rows[value], strict=True)
        )
        problems.add(
            display,
            f"line {rows['line'].iloc[-1]}",
            "adopted",
            f"{area_id} on {date.date()} ({listing})",
            f"one adopted {value} per {place.removesuffix('_id')} and day: set adopted=false on "
            "the claim the map should not follow and say why in note",
        )


def check_named(
    claims: pd.DataFrame,
    places: pd.DataFrame,
    display: str,
    problems: _Collector,
    table: ClaimTable = AREA_CLAIMS,
    places_file: str = AREAS_FILE,
) -> None:
    """A claim marked `named` must quote a sentence that contains one of its place's spellings.

    `places` is indexed by id, with `name`, `alt_names` and (for areas) `name_ar`.
    """
    named = claims[claims["evidence"].eq("named") & claims[table.place].isin(places.index)]
    spellings = {
        place_id: area_spellings(row["name"], row.get("name_ar", ""), row["alt_names"])
        for place_id, row in places.iterrows()
    }
    for line, place_id, quote in zip(
        named["line"], named[table.place], named["quote"], strict=True
    ):
        if names_place(quote, spellings[place_id]) is None:
            listed = "; ".join(spellings[place_id][:6])
            problems.add(
                display,
                f"line {line}",
                "evidence",
                f"named, but the quote names no spelling of {place_id!r}",
                f"a quote that contains the name or one of the alt_names in {places_file} "
                f"({listed}…): add the spelling the text uses to alt_names, or mark the claim "
                "inferred and give the reasoning in note",
            )


def check_contested_renewal(
    claims: pd.DataFrame, period_end: pd.Timestamp, display: str, problems: _Collector
) -> None:
    """A contested state that no adopted claim renews for more than 26 weeks is flagged: a
    fight that one sentence reports rarely lasts for years unreported."""
    limit = pd.Timedelta(weeks=CONTESTED_RENEWAL_WEEKS)
    adopted = claims[claims["adopted"] & claims["date"].notna()]
    adopted = adopted.sort_values(["area_id", "date", "line"], kind="stable")
    for area_id, rows in adopted.groupby("area_id", sort=False):
        dates, holders, lines = rows["date"].tolist(), rows["holder"].tolist(), rows["line"]
        for i, holder in enumerate(holders):
            if holder != "contested":
                continue
            until = dates[i + 1] if i + 1 < len(dates) else period_end
            if until - dates[i] > limit:
                weeks = (until - dates[i]).days // 7
                problems.add(
                    display,
                    f"line {lines.iloc[i]}",
                    "holder",
                    f"{area_id} contested {dates[i].date()} to {until.date()} ({weeks} weeks)",
                    f"a contested state renewed or ended by a claim within "
                    f"{CONTESTED_RENEWAL_WEEKS} weeks (see the contested policy in docs/method.md)",
                    "warning",
                )


def normalise_for_quote(text: str) -> str:
    """Quotes are compared ignoring citation markers such as [12] and runs of whitespace."""
    return WHITESPACE.sub(" ", CITATION_MARKER.sub("", text)).strip()


def check_quotes(
    claims: pd.DataFrame, sources: pd.DataFrame, texts_dir: Path, display: str, problems: _Collector
) -> bool:
    """Every quote must appear verbatim in its source text. Returns whether texts were found."""
    texts: dict[str, str | None] = {}
    checked_any = False
    for (source_id, quote), rows in claims.groupby(["source_id", "quote"], sort=False)["line"]:
        if source_id not in sources.index:
            continue
        file_name = sources.at[source_id, "file"].strip()
        if not file_name:
            continue
        if file_name not in texts:
            text_path = (texts_dir / file_name).resolve()
            inside = text_path.is_relative_to(texts_dir.resolve())
            raw = (
                read_text(text_path, f"source text {file_name}", problems)
                if inside and text_path.is_file()
                else None
            )
            texts[file_name] = normalise_for_quote(raw) if raw is not None else None
        text = texts[file_name]
        if text is None:
            continue
        checked_any = True
        if normalise_for_quote(quote) not in text:
            problems.add(
                display,
                f"line {rows.iloc[0]}",
                "quote",
                quote,
                f"a passage found verbatim in {file_name}",
            )
    return checked_any


def find_texts_dir(root: Path) -> Path | None:
    """Where the source texts live: $ALEPPO_SOURCES_DIR, <data>/sources, or ../shared/sources."""
    candidates = [
        os.environ.get("ALEPPO_SOURCES_DIR"),
        root / "sources",
        root.resolve().parent / "shared" / "sources",  # resolve: `--data .` has no parent
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def read_meta(root: Path, problems: _Collector) -> dict:
    path = root / PACKAGE_FILE
    if not path.exists():
        return {}
    text = read_text(path, PACKAGE_FILE, problems)
    if text is None:
        return {}
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(PACKAGE_FILE, f"line {exc.lineno}", "json", exc.msg, "valid JSON")
        return {}
    if not isinstance(meta, dict):
        problems.add(PACKAGE_FILE, "", "(top level)", type(meta).__name__, "a JSON object")
        return {}
    _check_meta(meta, problems)
    return meta


def _check_meta(meta: dict, problems: _Collector) -> None:
    """Our own keys in datapackage.json; a bad one is reported and dropped, never trusted."""
    period = meta.get("period")
    if period is not None and not isinstance(period, dict):
        problems.add(PACKAGE_FILE, "", "period", _short(period), 'an object {"start": …, "end": …}')
        meta.pop("period")
    crs = meta.get("metric_crs")
    if crs is not None:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            projected = CRS.from_user_input(crs).is_projected
        except (CRSError, TypeError, ValueError):
            projected = None
        if not projected:
            problems.add(
                PACKAGE_FILE, "", "metric_crs", _short(crs),
                "a projected CRS in metres, such as 'EPSG:32637' (UTM zone 37N)",
            )  # fmt: skip
            meta.pop("metric_crs")


# ------------------------------------------------------------------------------- entry point


def validate_dataset(
    root: str | Path, texts_dir: Path | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """Read and check everything; return the dataset (None if any error) and all problems."""
    root = Path(root)
    problems = _Collector()
    if not root.is_dir():
        problems.add(str(root), "", "--data", str(root), "a dataset directory")
        return None, problems.problems
    meta = read_meta(root, problems)
    areas = read_areas(root / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is not None:
        problems.problems.extend(boundary_problems(root, areas))
    landmarks = read_landmarks(root / LANDMARKS_FILE, LANDMARKS_FILE, problems)
    sources = read_sources(root / SOURCES_FILE, SOURCES_FILE, problems)
    area_ids = set(areas.index) if areas is not None else None
    claims = read_claims(root / CLAIMS_FILE, CLAIMS_FILE, area_ids, sources, problems)
    routes = _read_routes(root, landmarks, sources, problems)
    quotes_checked = False
    texts_dir = texts_dir or find_texts_dir(root)
    for table, display, rows in (
        (AREA_CLAIMS, CLAIMS_FILE, claims),
        (ROUTE_CLAIMS, ROUTES_FILE, routes),
    ):
        if rows is None or rows.empty:
            continue
        check_period(rows, meta, display, problems)
        check_adopted_conflicts(rows, display, problems, table)
        if sources is not None and texts_dir is not None:
            checked = check_quotes(rows, sources, texts_dir, display, problems)
            quotes_checked = quotes_checked or checked
    if claims is not None and areas is not None:
        check_named(claims, areas, CLAIMS_FILE, problems)
        check_contested_renewal(claims, _period_end(claims, meta), CLAIMS_FILE, problems)
    if routes is not None and not routes.empty:
        check_named(
            routes, landmarks.set_index("id"), ROUTES_FILE, problems, ROUTE_CLAIMS, LANDMARKS_FILE
        )
    if problems.has_errors or areas is None or claims is None or sources is None:
        return None, problems.problems
    claims = claims.sort_values(["date", "line"], kind="stable").reset_index(drop=True)
    dataset = Dataset(
        root=root,
        areas=areas,
        claims=claims,
        sources=sources,
        landmarks=landmarks,
        meta=meta,
        routes=routes.sort_values(["date", "line"], kind="stable").reset_index(drop=True),
        warnings=[p for p in problems.problems if p.severity != "error"],
        quotes_checked=quotes_checked,
    )
    return dataset, problems.problems


def _read_routes(root: Path, landmarks, sources, problems: _Collector) -> pd.DataFrame:
    """The optional route_changes.csv; without it, an empty table with the same columns."""
    path = root / ROUTES_FILE
    empty = pd.DataFrame(columns=[*ROUTE_COLUMNS, "line"]).astype({"adopted": bool})
    empty["date"] = pd.to_datetime(empty["date"])
    if not path.exists():
        return empty
    lines = landmarks[landmarks.geometry.geom_type.str.endswith("LineString")]
    routes = read_claims(path, ROUTES_FILE, set(lines["id"]), sources, problems, ROUTE_CLAIMS)
    return empty if routes is None else routes


def _period_end(claims: pd.DataFrame, meta: dict) -> pd.Timestamp:
    end = (meta.get("period") or {}).get("end")
    try:
        return pd.Timestamp(end) if end else claims["date"].max()
    except (TypeError, ValueError):
        return claims["date"].max()


def load_dataset(root: str | Path, texts_dir: Path | None = None) -> Dataset:
    """The validated dataset, or `DataError` with every problem found."""
    dataset, problems = validate_dataset(root, texts_dir)
    if dataset is None:
        raise DataError(problems)
    return dataset


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."
