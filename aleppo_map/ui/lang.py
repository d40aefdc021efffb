"""The app's language: `?lang=ar` in the address, else the browser's first language when it
is one of ours (its Accept-Language header), else English; the "English | العربية" links
that keep the view; `_` for the page's texts; and the right-to-left page.

Streamlit has no right-to-left setting (its issue #552): the page gets one small style block
that sets `direction: rtl` on the app's main block and sidebar, the least it takes; the map
frame sets its own `<html dir>` (timemap-strings.js).
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ..i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, direction, language, translator

KEY = "lang"


def _browser_language() -> str | None:
    try:
        header = (st.context.headers or {}).get("Accept-Language", "")
    except Exception:  # noqa: BLE001 (AppTest has no request)
        return None
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
        if code:
            return None  # the reader's first choice is another language: the default
    return None


def current() -> str:
    """The language of this page: the address's, else the session's, else the browser's."""
    asked = st.query_params.get(KEY)
    if asked is not None:
        lang = language(asked)
    else:
        lang = st.session_state.get(KEY) or _browser_language() or DEFAULT_LANGUAGE
    st.session_state[KEY] = lang
    return lang


def _(text: str) -> str:
    """`text` (English) in the page's language (read from the address when nothing has read
    it yet in this session, e.g. for the page's title before its navigation)."""
    return translator(st.session_state.get(KEY) or current())(text)


def address_params(params: dict[str, str]) -> dict[str, str]:
    """The view's parameters with the language, when it is not the default."""
    lang = st.session_state.get(KEY) or DEFAULT_LANGUAGE
    return {**params, KEY: lang} if lang != DEFAULT_LANGUAGE else dict(params)


def switch_markdown(params: dict[str, str]) -> str:
    """ "English | العربية": links to this view in each language; the one in use is bold."""
    lang = st.session_state.get(KEY) or DEFAULT_LANGUAGE
    parts = []
    for code in LANGUAGES:
        name = LANGUAGE_NAMES[code]
        if code == lang:
            parts.append(f"**{name}**")
        else:
            query = urlencode({**{k: v for k, v in params.items() if k != KEY}, KEY: code})
            parts.append(f"[{name}](?{query})")
    return " | ".join(parts)


RTL_STYLE = (
    "<style class='tm-quiet'>[data-testid='stMain'],[data-testid='stSidebar']{direction:rtl}"
    "[data-testid='stMain'] [data-testid='stMarkdownContainer'],"
    "[data-testid='stMain'] h1,[data-testid='stMain'] h2,[data-testid='stMain'] h3{"
    "text-align:start}"
    # a quote (English, as published) keeps its own direction: its full stop at its end
    "[data-testid='stMain'] blockquote p{unicode-bidi:plaintext;text-align:start}"
    # tables and charts from the data keep their own direction inside
    "[data-testid='stDataFrame'],[data-testid='stVegaLiteChart']{direction:ltr}</style>"
)


def page_direction() -> None:
    """Right to left for a right-to-left language (one style block; see the module's note)."""
    if direction(st.session_state.get(KEY) or DEFAULT_LANGUAGE) == "rtl":
        st.markdown(RTL_STYLE, unsafe_allow_html=True)
