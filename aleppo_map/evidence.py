"""Does a quoted sentence name a place? The test behind the `evidence` column.

A claim marked `named` must quote a sentence that contains one of its area's spellings: the
English name, the Arabic name or one of `alt_names`. The comparison forgives what
transliteration and typography vary (case, accents, apostrophes and ʿayn marks, hyphens,
the Arabic article "al-"/"el-"/"as-"…), not a different spelling: "Sakhour" does not match
"Sakhur". A spelling that a text really uses belongs in `alt_names`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The article as transliterated before sun letters, and its variants; dropped at word start.
_ARTICLE = re.compile(r"\b(?:al|el|as|ash|ad|adh|ar|az|at|ath|an|es|ed|er|ez|et|en)\s+(?=\w)")
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u02be\u02bf\u0060\u00b4]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]\"“”«»!?]+")
_ARABIC_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel


def spelling_key(text: str) -> str:
    """`text` reduced to what every transliteration of one name shares, padded by spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ARABIC_DIACRITICS.sub("", text.casefold())
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    text = _ARTICLE.sub("", text)
    return f" {text.strip()} "


def names_place(quote: str, spellings: Iterable[str]) -> str | None:
    """The first spelling that the quote contains as whole words, or None."""
    haystack = spelling_key(quote)
    for spelling in spellings:
        key = spelling_key(spelling)
        if key.strip() and key in haystack:
            return spelling
    return None


def area_spellings(name: str, name_ar: str, alt_names: Iterable[str]) -> list[str]:
    """Every spelling of an area, its display name first."""
    spellings = [name, name_ar, *alt_names]
    return [s for s in dict.fromkeys(spellings) if s and str(s).strip()]
