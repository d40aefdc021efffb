"""Text from the data made safe where it is written: JSON inside a <script> block, HTML
text and attributes, and links (only plain http(s) addresses ever become one)."""

from __future__ import annotations

import html
import json
import re

_TEMPLATE_OPEN = re.compile(r"\{(?=[{%#])")


def safe_json(value) -> str:
    """JSON that is also safe inside an HTML <script> block and inert as a template.

    <, > and & are written as \\u escapes, so no quote can close the block. A "{{", "{%"
    or "{#" is written with its brace as \\u007b (in JSON such a brace is always inside a
    string, where the escape means the same character), so a Jinja-style template that the
    text passes through (folium's branca did, when the app's map was a folium map) never
    runs it.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _TEMPLATE_OPEN.sub("\\\\u007b", text)


def esc(text) -> str:
    """HTML-escaped text; braces too, so the text is also inert as a template."""
    escaped = html.escape("" if text is None else str(text), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url) -> str | None:
    """The URL if it is plain http(s); anything else (javascript:, data:, …) gets no link."""
    url = "" if url is None else str(url).strip()
    lowered = url.lower()
    unsafe = any(c in "<>\"'\\`" or c.isspace() or not c.isprintable() for c in url)
    if lowered.startswith(("http://", "https://")) and not unsafe:
        return url
    return None
