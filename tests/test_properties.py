"""Properties over random datasets and random text (hypothesis).

- Validation never crashes: any directory of files is either accepted or rejected with a
  list of problems that each name the file, the place, the field and what was expected.
- Every export of any valid dataset opens in its reader (CSV, GeoJSON, PNG, HTML, GIF) and
  carries the data's text unchanged; the HTML export never gains a tag from the data.
- Text from the data is inert wherever it is shown: md() renders to plain text, esc() and
  safe_json() never emit markup, and only http(s) addresses ever become links.

The state engine is checked against a slow reference implementation in test_timeline.py.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jinja2 import Template
from markdown_it import MarkdownIt
from PIL import Image

from aleppo_map import export
from aleppo_map.load import validate_dataset
from aleppo_map.model import (
    AREA_KINDS,
    CLAIM_COLUMNS,
    CONFIDENCES,
    DATE_PRECISIONS,
    HOLDERS,
    SOURCE_COLUMNS,
)
from aleppo_map.publish import standalone_html
from aleppo_map.safetext import esc, safe_json, safe_url
from aleppo_map.timeline import Timeline
from aleppo_map.ui.text import md, md_link, md_message
from tests.conftest import TESTVILLE

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
    "</script><script>window.__pwned=1</script>",
    "' onmouseover='window.__pwned=1' x='",
    "$\\notacommand{$",
    ":red[x] :material/home: ![i](https://evil.invalid/i.png) {{7*7}} &lt;b&gt; &#60;",
    "{{ cycler.__init__.__globals__.os.getpid() }} {% if 1 %}x{% endif %} {# c #} {{{%",
    "javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    '=HYPERLINK("https://evil.invalid")',
    "a\r\n\r\n<b>x</b>",
    "حي <b>المحطة</b> \u202e",
]
# Any Unicode text but surrogates and NUL (a NUL makes a file binary, which is its own test).
ANY_TEXT = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30
)
TEXT = st.one_of(ANY_TEXT, st.sampled_from(PAYLOADS))
LONE_CR = re.compile(r"\r(?!\n)")
SLUG = st.from_regex(r"\A[a-z][a-z0-9_]{0,8}\Z")
DATES = st.dates(
    min_value=pd.Timestamp("2020-03-01").date(), max_value=pd.Timestamp("2020-06-30").date()
)


# ------------------------------------------------------------------- writing a dataset


def grid_cell(i: int, size: float = 0.01) -> list:
    """Square i of a row of squares near (10E, 50N): valid and not overlapping."""
    x0, y0 = 10.0 + i * size, 50.0
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


def write_dataset(
    root: Path,
    areas: list[dict],
    claims: list[list],
    sources: list[list],
    meta: dict | None,
    texts: dict[str, str],
) -> None:
    (root / "geodata").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    features = [
        {
            "type": "Feature",
            "id": a["id"],
            "properties": {k: v for k, v in a.items() if k != "geometry"},
            "geometry": a["geometry"],
        }
        for a in areas
    ]
    (root / "geodata" / "areas.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    for name, rows, columns in (
        ("control_changes.csv", claims, CLAIM_COLUMNS),
        ("sources.csv", sources, SOURCE_COLUMNS),
    ):
        with open(root / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")  # quotes a lone CR too
            writer.writerow(columns)
            writer.writerows(rows)
    if meta is not None:
        (root / "datapackage.json").write_text(json.dumps(meta), encoding="utf-8")
    for name, text in texts.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")


@st.composite
def datasets(draw, valid: bool):
    """A dataset's parts; with valid=False every field may also be wrong."""
    maybe = (lambda good, bad: good) if valid else (lambda good, bad: st.one_of(good, bad))
    count = draw(st.integers(1, 5))
    ids = draw(st.lists(maybe(SLUG, TEXT), min_size=count, max_size=count, unique=valid))
    coordinate = st.floats(-200, 200) | st.sampled_from([float("nan"), float("inf")])
    bad_geometry = st.one_of(
        st.just(None),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["Polygon", "Point", "Blob"]),
                "coordinates": st.lists(
                    st.lists(st.lists(coordinate, max_size=3), max_size=5), max_size=2
                ),
            }
        ),
        st.just({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}),
    )
    areas = []
    for i, area_id in enumerate(ids):
        geometry = {"type": "Polygon", "coordinates": grid_cell(i)}
        areas.append(
            {
                "id": area_id,
                "name": draw(maybe(TEXT.filter(str.strip), TEXT)),
                "name_ar": draw(TEXT),
                "alt_names": draw(maybe(st.lists(TEXT, max_size=3), st.integers())),
                "kind": draw(maybe(st.sampled_from(AREA_KINDS), TEXT)),
                "boundary_note": draw(TEXT),
                "geometry": draw(maybe(st.just(geometry), bad_geometry)),
            }
        )
    source_ids = draw(st.lists(maybe(SLUG, TEXT), min_size=1, max_size=3, unique=valid))
    with_text = draw(st.booleans())
    sources = [
        [
            source_id,
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
            draw(TEXT),
            draw(st.one_of(st.just("https://example.org/a"), TEXT)),
            draw(TEXT),
            draw(TEXT),
            f"text{n}.txt" if with_text else "",
        ]
        for n, source_id in enumerate(source_ids)
    ]
    claims, quotes = [], {n: [] for n in range(len(source_ids))}
    seen_days: dict[tuple, str] = {}
    for n in range(draw(st.integers(1, 8))):
        area_id = draw(maybe(st.sampled_from(ids), TEXT))
        day = draw(DATES)
        holder = draw(maybe(st.sampled_from(HOLDERS), TEXT))
        adopted = draw(maybe(st.sampled_from(["true", "false"]), TEXT))
        if valid and adopted == "true" and seen_days.setdefault((area_id, day), holder) != holder:
            adopted = "false"  # two adopted claims for one area and day must agree
        source = draw(st.integers(0, len(source_ids) - 1))
        quote = draw(maybe(TEXT.filter(str.strip), TEXT))
        quotes[source].append(quote)
        claims.append(
            [
                draw(maybe(st.just(f"c{n}"), TEXT)),
                area_id,
                draw(
                    maybe(
                        st.just(f"{day:%Y-%m-%d}"),
                        st.one_of(TEXT, st.just("2020-02-30"), st.just("1800-01-01")),
                    )
                ),
                draw(maybe(st.sampled_from(DATE_PRECISIONS), TEXT)),
                draw(maybe(TEXT.filter(str.strip), TEXT)),
                holder,
                draw(maybe(st.just(source_ids[source]), TEXT)),
                quote,
                draw(maybe(st.sampled_from(CONFIDENCES), TEXT)),
                # random quotes name no area, so they are inferred, and an inference needs a note
                draw(maybe(st.just("inferred"), TEXT)),
                adopted,
                draw(maybe(TEXT.filter(str.strip), TEXT)),
            ]
        )
    texts = {}
    if with_text:
        for n in range(len(source_ids)):
            texts[f"text{n}.txt"] = (
                "\n\n".join(quotes[n])
                if valid
                else draw(st.one_of(st.just("\n\n".join(quotes[n])), TEXT))
            )
    meta = {
        "title": draw(TEXT),
        "version": draw(TEXT),
        "period": {"start": "2020-03-01", "end": "2020-06-30"},
        "city": draw(
            st.one_of(
                st.none(),
                TEXT,
                st.just({"center": [50.005, 10.02], "zoom": 14}),
                st.fixed_dictionaries({"center": st.lists(TEXT, max_size=3), "zoom": TEXT}),
            )
        ),
    }
    if not valid:
        meta = draw(
            st.one_of(
                st.just(meta),
                st.none(),
                st.fixed_dictionaries(
                    {
                        "title": TEXT,
                        "default_date": TEXT,
                        "city": st.one_of(
                            TEXT, st.fixed_dictionaries({"center": st.lists(TEXT, max_size=3)})
                        ),
                    }
                ),
                st.fixed_dictionaries(
                    {
                        "period": st.fixed_dictionaries(
                            {"start": st.one_of(TEXT, st.integers()), "end": TEXT}
                        )
                    }
                ),
            )
        )
    return areas, claims, sources, meta, texts


def build(parts) -> tempfile.TemporaryDirectory:
    tmp = tempfile.TemporaryDirectory()
    write_dataset(Path(tmp.name), *parts)
    return tmp


def check_verdict(root: Path):
    dataset, problems = validate_dataset(root)
    errors = [p for p in problems if p.severity == "error"]
    assert (dataset is None) == bool(errors), problems
    for problem in problems:
        assert problem.file and problem.field and problem.expected
        assert str(problem)
    return dataset


# ---------------------------------------------------------------- validation never crashes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(valid=False))
def test_validation_accepts_or_lists_problems_never_crashes(parts):
    with build(parts) as tmp:
        dataset = check_verdict(Path(tmp))
        if dataset is not None:  # an accepted dataset can be used
            timeline = Timeline(dataset)
            assert len(timeline.state_at(dataset.period[1])) == len(dataset.areas)


FILES = [
    "control_changes.csv",
    "sources.csv",
    "geodata/areas.geojson",
    "geodata/landmarks.geojson",
    "datapackage.json",
    "sources/chronicle.txt",
]


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(FILES),
    cut=st.floats(0, 1),
    insert=st.binary(max_size=12) | st.sampled_from([b'"', b",", b"\n", b"\xff", b"{", b"]"]),
    drop=st.integers(0, 20),
)
def test_corrupted_bytes_in_any_file_never_crash_validation(name, cut, insert, drop):
    """Testville with one file damaged at one place: bytes inserted, removed or both."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "city"
        shutil.copytree(TESTVILLE, root)
        path = root / name
        raw = path.read_bytes()
        at = int(cut * len(raw))
        path.write_bytes(raw[:at] + insert + raw[at + drop :])
        check_verdict(root)


def test_datapackage_period_that_is_not_an_object_is_reported(testville_copy):
    (testville_copy / "datapackage.json").write_text('{"period": "2020"}', encoding="utf-8")
    check_verdict(testville_copy)


def test_source_text_that_is_not_utf8_is_reported(testville_copy):
    text = testville_copy / "sources" / "chronicle.txt"
    text.write_bytes(b"\x80" + text.read_bytes())
    check_verdict(testville_copy)


def test_datapackage_unknown_metric_crs_is_reported(testville_copy):
    (testville_copy / "datapackage.json").write_text('{"metric_crs": "EPSG:0"}', encoding="utf-8")
    check_verdict(testville_copy)


# ------------------------------------------------------- exports of any valid dataset


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.ends: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    def handle_endtag(self, tag):
        self.ends.append(tag)


def parse_html(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def baseline_tags(testville):
    """The tags and scripts of the HTML export of plain Testville."""
    page = parse_html(standalone_html(testville, "2020-05-03"))
    return sorted(set(page.tags)), page.tags.count("script")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(parts=datasets(valid=True), when=DATES)
def test_every_export_of_a_valid_dataset_opens_in_its_reader(parts, when, baseline_tags):
    with build(parts) as tmp:
        dataset = check_verdict(Path(tmp))
        assume(dataset is not None)
        timeline = Timeline(dataset)
        state = export.state_table(dataset, when, timeline)

        table = pd.read_csv(
            io.StringIO(export.state_csv(dataset, when, timeline)),
            dtype=str,
            keep_default_na=False,
        )
        assert list(table["area_id"]) == list(state["area_id"])
        assert list(table["quote"]) == list(state["quote"])  # text unchanged, any bytes
        assert list(table["name"]) == list(state["name"])

        text = export.state_geojson(dataset, when, timeline)
        doc = json.loads(text)
        assert [f["properties"]["name"] for f in doc["features"]] == list(state["name"])
        frame = gpd.read_file(io.BytesIO(text.encode("utf-8")))
        assert len(frame) == len(dataset.areas)

        image = Image.open(
            io.BytesIO(export.png_bytes(dataset, when, preset="web", timeline=timeline))
        )
        image.verify()
        assert image.format == "PNG"

        page = parse_html(standalone_html(dataset, when, timeline=timeline))
        tags, scripts = baseline_tags
        assert sorted(set(page.tags)) == tags, "the data added an HTML tag"
        assert page.tags.count("script") == scripts
        assert not [k for k, _ in page.attrs if k.startswith("on")]
        assert not [
            v
            for k, v in page.attrs
            if k in ("href", "src") and re.match(r"\s*(javascript|data|vbscript):", v, re.I)
        ]

        gif = io.BytesIO()
        end = min(pd.Timestamp(when) + pd.Timedelta(weeks=2), dataset.period[1])
        export.write_animation(dataset, gif, when, end, timeline=timeline)
        animation = Image.open(io.BytesIO(gif.getvalue()))
        assert animation.format == "GIF" and animation.n_frames >= 1


def test_csv_export_keeps_a_carriage_return_inside_a_field(testville):
    dataset = copy.copy(testville)
    dataset.areas = testville.areas.copy()
    dataset.areas.loc["harbour", "name"] = "Har\rbour"
    dataset.cache = {}
    table = pd.read_csv(io.StringIO(export.state_csv(dataset, "2020-05-03")), dtype=str)
    assert len(table) == len(dataset.areas)
    assert "Har\rbour" in set(table["name"])


# ------------------------------------------------------------------ text is inert


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MARKDOWN.validateLink = lambda url: True  # let any link through: the test judges them


def markdown_text(rendered: str) -> tuple[set[str], list, str]:
    page = parse_html(rendered)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return set(page.tags), page.attrs, " ".join(text.split())


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_md_renders_any_text_as_that_text_and_nothing_else(text):
    """Even with raw HTML allowed (the worst case), md() text renders as itself."""
    tags, attrs, shown = markdown_text(MARKDOWN.render(md(text)))
    assert tags <= {"p", "pre", "code"}, tags  # a text opening with 4 spaces: inert code
    assert not attrs
    if "pre" not in tags:
        assert shown == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_messages_quoting_a_link_parameter_are_inert(text):
    message = f"The link names an area “{text}” that is not on this map; no area is selected."
    tags, attrs, _ = markdown_text(MARKDOWN.render(md_message(message)))
    assert tags <= {"p", "code"}, tags
    assert not attrs


@settings(max_examples=300, deadline=None)
@given(
    label=TEXT,
    url=st.one_of(
        TEXT,
        st.sampled_from(PAYLOADS),
        st.builds(lambda t: "https://example.org/" + t, TEXT),
        st.builds(lambda t: " JaVaScRiPt:" + t, TEXT),
    ),
)
def test_links_are_made_only_for_http_addresses(label, url):
    safe = safe_url(url)
    if safe is not None:
        assert re.match(r"https?://", safe, re.I)
        assert not re.search(r"[\s<>\"'\\`]", safe) and safe.isprintable()
    page = parse_html(MARKDOWN.render(md_link(label, url)))
    hrefs = [v for k, v in page.attrs if k == "href"]
    assert set(page.tags) <= {"p", "a", "pre", "code"}
    assert all(re.match(r"https?://", h, re.I) for h in hrefs)
    assert len(hrefs) <= 1 and (not hrefs or safe is not None)
    assert [k for k, _ in page.attrs if k != "href"] == []


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.one_of(TEXT, st.integers(), st.none()),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    )
)
def test_esc_and_safe_json_never_emit_markup(value):
    encoded = safe_json(value)
    assert not re.search(r"[<>&]", encoded)
    assert json.loads(encoded) == value
    text = json.dumps(value)
    escaped = esc(text)
    assert not re.search(r"[<>\"']", escaped)
    assert html.unescape(escaped) == text
    # branca renders our output again as a Jinja template: it must come out unchanged.
    assert Template(encoded).render() == encoded
    assert Template(escaped).render() == escaped
