"""The Timeline, Sources and Data pages in Arabic (`?lang=ar`), under AppTest: they run, their
own words (headings, captions, labels, messages, column names, chart titles) are Arabic with
essentially no English word outside the data's own values, and English stays as it was."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from aleppo_map.i18n import translator
from aleppo_map.model import HOLDER_LABELS
from aleppo_map.ui.tables import claims_view, source_summary
from tests.conftest import REPO

ARABIC = re.compile(r"[\u0600-\u06ff]")
# An English word: two Latin letters or more, outside brackets (a code such as EPSG:32637 or
# CSV, an outlet or an id quoted in brackets).
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
BRACKETS = re.compile(r"\([^)]*\)")
AR_HOLDERS = {translator("ar")(label) for label in HOLDER_LABELS.values()}


def run(page: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("ALEPPO_DATA_DIR", str(REPO))
    at = AppTest.from_file(str(REPO / page), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def english_words(texts) -> list[str]:
    return [word for text in texts for word in LATIN_WORD.findall(BRACKETS.sub("", str(text)))]


def our_words(at: AppTest) -> list[str]:
    """The page's own texts: headings, captions, messages, widget labels, metrics."""
    texts = [e.value for kind in ("title", "subheader", "caption", "success", "warning") for e in
             getattr(at, kind)]  # fmt: skip
    texts += [w.label for kind in ("multiselect", "slider", "metric") for w in getattr(at, kind)]
    return texts


def check_arabic(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    texts = our_words(at)
    assert texts and all(ARABIC.search(t) for t in texts), texts
    assert english_words(texts) == [], texts
    assert at.session_state["lang"] == "ar"


def charts(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.main if e.type == "vega_lite_chart"]


def test_the_timeline_in_arabic(monkeypatch):
    at = run("pages/1_Timeline.py", monkeypatch, lang="ar", date="2016-11-29")
    check_arabic(at)
    assert at.title[0].value == "الخط الزمني"
    # the shown date's figures: holder labels, the Levantine month, Arabic units
    line = next(m.value for m in at.markdown if m.value.startswith("في **"))
    assert "تشرين الثاني 2016" in line and "كم²" in line and "؛ " in line
    assert english_words([line]) == []
    # the charts: series, tooltips and axis titles in Arabic; the axis in years
    holders, evidence = charts(at)
    layer = holders["layer"][0]["encoding"]
    assert set(layer["color"]["scale"]["domain"]) == AR_HOLDERS
    titles = [t["title"] for t in layer["tooltip"]] + [layer["y"]["title"]]
    assert titles == ["الأسبوع المنتهي في", "الجهة المسيطرة", "كم²", "كم²"]
    assert layer["x"]["axis"]["format"] == "%Y"
    series = evidence["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert english_words(series) == [] and len(series) == 3
    # the changes: Arabic column names, area names Arabic first, links that keep the language
    table = at.dataframe[0].value
    assert list(table.columns) == ["افتح على الخريطة", "التاريخ", "الدقة", "المنطقة", "من",
                                   "إلى", "المصدر"]  # fmt: skip
    assert table["المنطقة"].str.contains(ARABIC).mean() > 0.9
    assert set(table["إلى"]) <= AR_HOLDERS
    assert table["افتح على الخريطة"].str.endswith("&lang=ar").all()


def test_the_sources_page_in_arabic(monkeypatch):
    at = run("pages/2_Sources.py", monkeypatch, lang="ar")
    check_arabic(at)
    assert at.title[0].value == "المصادر"
    assert ARABIC.search(at.markdown[-1].value) or any(
        m.value.startswith("كل لون على الخريطة") for m in at.markdown
    )
    # each source's expander: its title as written, then our count
    for expander in at.expander:
        assert re.match(r"الإفادات: \d+ — \u2068", expander.label), expander.label
    summary = at.dataframe[0].value
    assert english_words(summary.columns) == [], list(summary.columns)
    claims = at.dataframe[1].value
    assert english_words(claims.columns) == [], list(claims.columns)
    assert set(claims["الجهة المسيطرة"]) <= AR_HOLDERS
    assert any(m.value.startswith("**مشكلات معروفة:**") for m in at.markdown)


def test_the_data_page_in_arabic(monkeypatch):
    at = run("pages/3_Data.py", monkeypatch, lang="ar")
    check_arabic(at)
    assert at.title[0].value == "البيانات"
    assert [w.label for w in at.multiselect] == ["المنطقة", "الجهة المسيطرة", "المصدر"]
    assert at.multiselect[1].format_func("government") == "القوات الحكومية السورية وحلفاؤها"
    assert at.multiselect[0].format_func("sheikh_saeed") == "الشيخ سعيد"
    for frame in at.dataframe:
        assert english_words(frame.value.columns) == [], list(frame.value.columns)
    # the values stay as the file writes them; the download is the file's own columns
    claims = at.dataframe[-1].value
    assert claims["المنطقة"].str.contains(ARABIC).mean() > 0.9
    assert set(claims["الجهة المسيطرة"]) <= set(HOLDER_LABELS)
    button = at.get("download_button")[0]
    assert button.proto.label == "نزّل هذه الإفادات (CSV)"


@pytest.mark.parametrize(
    "page, title",
    [("pages/1_Timeline.py", "Timeline"), ("pages/2_Sources.py", "Sources"),
     ("pages/3_Data.py", "Data")],
)  # fmt: skip
def test_english_is_unchanged(page, title, monkeypatch):
    at = run(page, monkeypatch)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert not any(ARABIC.search(t) for t in our_words(at))
    columns = [list(frame.value.columns) for frame in at.dataframe]
    if title == "Timeline":
        assert columns[0] == ["open on map", "date", "precision", "area", "from", "to", "source"]
        assert at.dataframe[0].value["open on map"].iloc[0].startswith("./?date=")
        assert "lang" not in at.dataframe[0].value["open on map"].iloc[0]
        assert at.markdown[-1].value.startswith("On **") or any(
            m.value.startswith("On **") for m in at.markdown
        )
    elif title == "Sources":
        assert columns[0] == ["source", "stance", "claims", "adopted", "role", "published",
                              "title", "author", "link"]  # fmt: skip
        assert columns[1][-1] == "area"
    else:
        assert columns[-1][:3] == ["claim_id", "area_id", "date"]
        assert [w.label for w in at.multiselect] == ["Area", "Holder", "Source"]


def test_the_pages_tables_in_arabic(aleppo):
    summary = source_summary(aleppo, "ar")
    assert list(summary.columns[:4]) == ["المصدر", "الموقف", "الإفادات", "معتمدة"]
    assert list(summary["المصدر"]) == list(aleppo.sources["outlet"])  # as written
    claims = aleppo.claims.drop(columns=["line"])
    shown = claims_view(aleppo, claims, "ar")
    assert list(shown.columns[:3]) == ["معرّف الإفادة", "معرّف المنطقة", "المنطقة"]
    assert list(shown["الاقتباس"]) == list(claims["quote"])
    assert claims_view(aleppo, claims, "en") is claims
