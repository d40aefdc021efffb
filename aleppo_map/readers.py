"""Reading data files safely: text (UTF-8, no BOM), CSV tables with line numbers, GeoJSON
FeatureCollections and datapackage.json. Every reader reports what it cannot use to a
`Collector`, naming the file, the line and the field, and returns None instead of raising.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from pyproj import CRS
from pyproj.exceptions import CRSError

from .model import ID_PATTERN, PACKAGE_FILE, Collector


def did_you_mean(value: str, choices) -> str:
    """' (did you mean 'midan'?)' for the closest of `choices`, or '' when none is close."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_ids(frame: pd.DataFrame, column: str, display: str, problems: Collector) -> None:
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


def short_value(value) -> str:
    """A value as a message quotes it: JSON for non-strings, cut to 60 characters."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def read_text(path: Path, display: str, problems: Collector) -> str | None:
    """The file's text if it is non-empty UTF-8 without a byte-order mark, else None."""
    raw = read_bytes(path, display, problems)
    return None if raw is None else decode_text(raw, display, problems)


def read_bytes(path: Path, display: str, problems: Collector) -> bytes | None:
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


def decode_text(raw: bytes, display: str, problems: Collector) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(display, f"line {line}", "encoding", repr(raw[exc.start : exc.end]), "UTF-8")
        return None


def read_csv_table(
    path: Path, display: str, columns: tuple[str, ...], problems: Collector
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
    frame = read_regular_csv(raw, columns)
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


def read_regular_csv(raw: bytes, columns: tuple[str, ...]) -> pd.DataFrame | None:
    """The table as `read_csv_table` gives it, parsed by Arrow, or None if the file is not
    plainly regular: then the row-by-row reader parses it and names what is wrong.

    Regular means: no NUL, no carriage return outside CR LF, a first line holding the
    header with every column once, each line one whole record (an even number of quotation
    marks per line), every quotation mark opening a field, closing it or doubled inside it,
    no line longer than the csv module's field limit, every record as wide as the header,
    valid UTF-8. On such a file Python's csv module and Arrow read the same fields, and the
    record on physical line n has line number n.
    """
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


def read_feature_collection(path: Path, display: str, problems: Collector) -> dict | None:
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


def feature_list(path: Path, display: str, problems: Collector) -> list | None:
    doc = read_feature_collection(path, display, problems)
    if doc is None:
        return None
    if "crs" in doc:
        problems.add(
            display,
            "",
            "crs",
            short_value(doc["crs"]),
            "no 'crs' member: RFC 7946 GeoJSON is always WGS84 longitude/latitude (EPSG:4326)",
        )
    features = doc.get("features")
    if not isinstance(features, list):
        problems.add(display, "", "features", short_value(features), "a list of features")
        return None
    return features


def read_meta(root: Path, problems: Collector) -> dict:
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
    check_meta(meta, problems)
    return meta


def check_meta(meta: dict, problems: Collector) -> None:
    """Our own keys in datapackage.json; a bad one is reported and dropped, never trusted."""
    period = meta.get("period")
    if period is not None and not isinstance(period, dict):
        expected = 'an object {"start": …, "end": …}'
        problems.add(PACKAGE_FILE, "", "period", short_value(period), expected)
        meta.pop("period")
    crs = meta.get("metric_crs")
    if crs is not None:
        try:
            projected = CRS.from_user_input(crs).is_projected
        except (CRSError, TypeError, ValueError):
            projected = None
        if not projected:
            problems.add(
                PACKAGE_FILE, "", "metric_crs", short_value(crs),
                "a projected CRS in metres, such as 'EPSG:32637' (UTM zone 37N)",
            )  # fmt: skip
            meta.pop("metric_crs")
