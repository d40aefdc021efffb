"""Text from the data made inert for Streamlit's markdown (every markdown character
escaped, one line), links only for plain http(s) addresses, and the small phrases the panels
share (holder badges, "since …")."""

from __future__ import annotations

import html
import re

import pandas as pd

from ..i18n import format_date
from ..model import holder_label
from ..safetext import safe_url
from . import lang
from .lang import _

# Streamlit's own colour directives for holder badges (no raw HTML needed).
HOLDER_BADGE = {
    "government": "blue",
    "opposition": "orange",
    "kurdish": "violet",
    "contested": "gray",
    "unknown": "gray",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=])")
_MD_INLINE = re.compile(r"([\\*_{}\[\]()#+!|<>~:$&=])")


def md(text) -> str:
    """Text from the data made inert for st.markdown: every markdown character escaped."""
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def md_message(text) -> str:
    """Our one-line message quoting a link's parameter: inert like md(), but `code` spans
    (backticks) are kept, and "-" and "." too, which do nothing inside a line."""
    text = "" if text is None else str(text)
    return _MD_INLINE.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def md_link(label: str, url) -> str:
    """A markdown link if the URL is plain http(s), else the label alone (escaped)."""
    safe = safe_url(url)
    if not safe:
        return md(label)
    return f"[{md(label)}]({safe.replace('(', '%28').replace(')', '%29')})"


def html_text(text) -> str:
    """Text for a small block of our own HTML: escaped, and on one line (a blank line would
    end the HTML block and let markdown, such as links, run after it)."""
    text = "" if text is None else str(text)
    return html.escape(text.replace("\r", " ").replace("\n", " "))


def badge(holder: str) -> str:
    """The holder's label on its colour (markdown)."""
    return f":{HOLDER_BADGE.get(holder, 'gray')}-background[{md(_(holder_label(holder)))}]"


def since_text(row) -> str:
    """'since 28 Nov 2016 (day) — as written: “on 28 November”'."""
    if not row.get("claim_id"):
        return _("no source has a claim about this area on or before this date")
    since = pd.Timestamp(row["since"] if "since" in row else row["date"])
    precision = row.get("since_precision") or row.get("date_precision") or ""
    written = row.get("date_as_written", "")
    if lang.current() == "en":
        return f"since {since:%d %B %Y} (precision: {md(precision)}; as written: “{md(written)}”)"
    return _("since {date} (precision: {precision}; as written: “{written}”)").format(
        date=format_date(since, lang.current()),
        precision=md(_(precision)),
        written=f"\u2068{md(written)}\u2069" if written else "",  # isolated (FSI … PDI)
    )
