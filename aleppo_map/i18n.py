"""The interface's languages: one gettext catalog (aleppo_map/locale/, managed with Babel by
tools/i18n.py) for Python and, compiled to JSON (web/strings-ar.json), for the map's
JavaScript; the direction of each language; dates and numbers written as its readers write
them.

The message ids are the English texts: `translator("en")` is the identity, and an English
text without a translation stays English. Dates use Babel's `ar_SY` locale, whose month names
are the Levantine ones Syrians read (كانون الثاني … كانون الأول). Digits: Western (0-9) in
both languages, as Enab Baladi's Arabic site prints them (docs/i18n.md says why).
"""

from __future__ import annotations

import datetime
import gettext
import json
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LANGUAGES = ("en", "ar")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}
# The locale of each language's dates and numbers.
LOCALES = {"en": "en_GB", "ar": "ar_SY"}
# Western digits in both languages (docs/i18n.md, "Digits").
NUMBERING_SYSTEM = "latn"
DATE_PATTERNS = {
    "day": "d MMMM y",
    "month": "MMMM y",
    "year": "y",
    "short": "d MMM y",
}
LOCALE_DIR = files("aleppo_map") / "locale"
BROWSER_CATALOG = "strings-{lang}.json"  # in aleppo_map/web/


def language(value: object) -> str:
    """`value` if it is one of LANGUAGES (case and spaces aside), else the default, English."""
    text = str(value or "").strip().lower()[:8]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


def is_rtl(lang: str) -> bool:
    """Whether `lang` is written right to left."""
    return language(lang) in RTL_LANGUAGES


def direction(lang: str) -> str:
    """The HTML `dir` of `lang`: "rtl" or "ltr"."""
    return "rtl" if is_rtl(lang) else "ltr"


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if language(lang) == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(
        "messages", localedir=str(LOCALE_DIR), languages=[lang], fallback=True
    )


def translator(lang: str) -> Callable[[str], str]:
    """A function from an English text to its translation in `lang` (the text itself for
    English, an unknown language or a text without a translation)."""
    return _catalog(language(lang)).gettext


def ntranslator(lang: str) -> Callable[[str, str, int], str]:
    """`ngettext` for `lang`: (singular, plural, n) -> the form for n in that language (Arabic
    has six; the catalog holds them all)."""
    return _catalog(language(lang)).ngettext


@cache
def browser_strings(lang: str) -> dict[str, str]:
    """The translations the map's JavaScript needs (English text -> `lang`), as compiled into
    web/strings-<lang>.json; empty for English."""
    lang = language(lang)
    if lang == DEFAULT_LANGUAGE:
        return {}
    path = files("aleppo_map") / "web" / BROWSER_CATALOG.format(lang=lang)
    return json.loads(path.read_text(encoding="utf-8"))


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return pd.Timestamp(value).date()


def format_date(value, lang: str, precision: str = "day") -> str:
    """A date as readers of `lang` write it: "29 November 2016" / "29 تشرين الثاني 2016";
    `precision` "month" or "year" drops what the date does not know, "short" abbreviates the
    month (in Arabic the Levantine months have no short form: the full name)."""
    lang = language(lang)
    pattern = DATE_PATTERNS.get(precision, DATE_PATTERNS["day"])
    return _babel_date(_as_date(value), pattern, locale=LOCALES[lang])


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """A number with the locale's grouping and decimal sign and `digits` decimals, in Western
    digits: "1,234.5"."""
    lang = language(lang)
    fmt = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(
        value, format=fmt, locale=LOCALES[lang], numbering_system=NUMBERING_SYSTEM
    )


def method_text(lang: str, english: Path) -> str:
    """The Method page's text in `lang`: locale/method-<lang>.md when there is one, else the
    English file `english` (docs/method.md)."""
    translated = LOCALE_DIR / f"method-{language(lang)}.md"
    if language(lang) != DEFAULT_LANGUAGE and translated.is_file():
        return translated.read_text(encoding="utf-8")
    return english.read_text(encoding="utf-8")


def N_(text: str) -> str:  # noqa: N802 (gettext's name for "mark for extraction only")
    """Marks `text` for the catalog without translating it (a constant translated later)."""
    return text
