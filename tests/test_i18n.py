"""The interface's languages: the catalog is complete and in step with the code, the API the
exports use, and the published file in Arabic."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aleppo_map import i18n
from aleppo_map.model import HOLDER_LABELS
from aleppo_map.publish import site_html
from aleppo_map.ui.tables import changes_table, history_table

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "aleppo_map" / "locale" / "ar" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{\w*\}")


def _catalog():
    with open(PO, "rb") as handle:
        return read_po(handle, locale="ar")


def test_the_catalog_is_in_step_with_the_code():
    """`make strings` was run: the .pot, .po, .mo and the browser's JSON match the code."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_every_text_has_an_arabic_translation_that_is_not_fuzzy():
    missing = [
        m.id
        for m in _catalog()
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert not missing, f"translate these in {PO.relative_to(ROOT)}: {missing}"


def test_translations_keep_the_placeholders():
    for m in _catalog():
        if m.id and isinstance(m.id, str):
            assert sorted(PLACEHOLDER.findall(m.id.split("|")[0])) == sorted(
                PLACEHOLDER.findall(m.string.split("|")[0])
            ), m.id


def test_every_browser_text_is_in_the_json_the_payload_carries():
    table = json.loads((ROOT / "aleppo_map" / "web" / "strings-ar.json").read_text("utf-8"))
    for m in _catalog():
        if m.id and any(path.startswith("aleppo_map/web/") for path, _ in m.locations):
            assert table.get(m.id) == m.string


def test_the_api():
    assert i18n.LANGUAGES == ("en", "ar")
    assert i18n.translator("en")("Holder") == "Holder"
    assert i18n.translator("xx")("Holder") == "Holder"
    assert i18n.translator("ar")("Syrian government and allied forces") == (
        "القوات الحكومية السورية وحلفاؤها"
    )
    assert i18n.is_rtl("ar") and not i18n.is_rtl("en")
    assert (i18n.direction("ar"), i18n.direction("en")) == ("rtl", "ltr")
    assert i18n.format_date("2016-12-04", "ar") == "4 كانون الأول 2016"
    assert i18n.format_date("2016-01-10", "ar", "month") == "كانون الثاني 2016"
    assert i18n.format_date("2016-11-29", "en") == "29 November 2016"
    assert i18n.format_number(20.456, "ar", digits=1) == "20.5"  # Western digits
    assert i18n.format_number(1234, "en") == "1,234"
    assert i18n.language("AR ") == "ar" and i18n.language("<script>") == "en"
    assert i18n.ntranslator("en")("area", "areas", 2) == "areas"


@pytest.mark.parametrize("lang, direction", [("ar", "rtl"), ("en", "ltr")])
def test_the_published_file_opens_in_its_language(aleppo, lang, direction):
    html = site_html(aleppo, lang=lang)
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert 'data-tm-lang="ar"' in html and 'data-tm-lang="en"' in html
    assert f'"defaultLang":"{lang}"' in html.replace(" ", "")
    if lang == "ar":
        assert "من سيطر على أي حيّ من أحياء حلب" in html


def test_an_english_file_carries_its_page_words_in_arabic(aleppo):
    """#lang=ar in an English file's address: the script puts in the header's Arabic words,
    which the file carries (publish.page_words)."""
    html = site_html(aleppo, lang="en")
    assert "<h1>Who held which neighbourhood of Aleppo, week by week</h1>" in html
    words = json.loads(html.split('"pageWords":', 1)[1].split("}}", 1)[0] + "}}")
    assert words["ar"]["title"] == "من سيطر على أي حيّ من أحياء حلب، أسبوعًا بأسبوع"
    assert "تموز 2012" in words["ar"]["subtitle"]
    assert words["en"]["skip"] == "Skip to the time bar"


def test_the_panels_tables_in_arabic(aleppo):
    """The app's panel tables: column names, holders, precisions and our words in Arabic,
    area names Arabic first; the quotes as published."""
    claims = aleppo.claims[aleppo.claims["area_id"] == "sheikh_saeed"]
    table = history_table(aleppo, claims, about=True, lang="ar")
    assert list(table.columns[:4]) == ["التاريخ", "الدقة", "كما كُتب", "الجهة المسيطرة"]
    assert set(table["الجهة المسيطرة"]) <= {
        i18n.translator("ar")(label) for label in HOLDER_LABELS.values()
    }
    assert set(table["الاعتماد"]) <= {"معتمدة", "غير معتمدة"}
    assert list(table["الاقتباس"]) == list(claims["quote"])
    english = history_table(aleppo, claims)
    assert list(english.columns[:4]) == ["date", "precision", "as written", "holder"]
    units = aleppo.claims[aleppo.claims["area_id"].isin(aleppo.areas.index)]
    changes = units.head(3).assign(previous_holder="unknown")
    arabic = changes_table(aleppo, changes, "ar")
    assert arabic["المنطقة"].str.contains("[\u0600-\u06ff]").all()
