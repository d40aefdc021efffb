"""The frame around every page: the page links (the sidebar's, and a line at the top, the map
page's on its title line), a visible focus on them, and the compact map page with its title
(the page's one h1) and its "Skip to the time bar" link."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from ..frame import skip_link
from ..i18n import N_
from ..load import Dataset
from . import lang
from .lang import _
from .text import md

PAGES = (
    ("app.py", N_("Map"), ":material/map:"),
    ("pages/1_Timeline.py", N_("Timeline"), ":material/timeline:"),
    ("pages/2_Sources.py", N_("Sources"), ":material/menu_book:"),
    ("pages/3_Data.py", N_("Data"), ":material/table:"),
    ("pages/4_Method.py", N_("Method"), ":material/straighten:"),
)


def page_links(container=None) -> None:
    """The page list (the sidebar's, or one line in `container`), with the map page named
    "Map" rather than after its file."""
    with container or st.sidebar:
        for path, label, icon in PAGES:
            try:
                query = {lang.KEY: lang.current()} if lang.current() != "en" else None
                st.page_link(path, label=_(label), icon=icon, query_params=query)
            # AppTest runs one page without the others: Streamlit 1.67 then raises this
            # error, 1.56 a KeyError (its page list lacks the pages' paths).
            except (StreamlitPageNotFoundError, KeyError):
                return


# Every page: the closed sidebar's links take no focus while off the screen, and the page
# links show where the keyboard is.
PAGE_STYLE = (
    "<style class='tm-quiet'>[data-testid='stSidebar'][data-collapsed='true'],"
    "[data-testid='stSidebar'][aria-expanded='false']{visibility:hidden}"
    "[data-testid='stPageLink-NavLink']:focus-visible,[data-testid='stSidebar'] a:focus-visible,"
    "[data-testid='stExpandSidebarButton']:focus-visible,.tm-skip:focus{"
    "outline:3px solid #0072b2;outline-offset:2px}"
    # these blocks of style (and the skip link) take no room on the page
    "[data-testid='stElementContainer']:has(.tm-quiet){position:absolute;height:0;margin:0}"
    "</style>"
)
# The map page's title: the page's h1, as small as the line it stands on.
TITLE_STYLE = (
    "<style class='tm-quiet'>[data-testid='stMainBlockContainer'] h1{font-size:1rem;"
    "font-weight:700;padding:0;margin:0;line-height:1.6}"
    ".tm-skip{position:absolute;left:-10000px;top:0;padding:8px 12px;background:#fff;"
    "border:2px solid #0072b2;border-radius:4px;font-weight:600;z-index:1000;"
    "white-space:nowrap}.tm-skip:focus{left:0}</style>"
)


def navigation(inline: bool = True) -> None:
    """The pages, linked in the sidebar and, unless the page places them itself (`inline`
    False), on a line at the top: the sidebar may be closed."""
    lang.current()
    st.markdown(PAGE_STYLE, unsafe_allow_html=True)
    lang.page_direction()
    page_links()
    if inline:
        page_links(st.container(horizontal=True, gap="small"))


def title_line(dataset: Dataset, params: dict[str, str] | None = None) -> None:
    """The map page's first line: the title (the page's h1), the dataset version, the hint,
    the pages; and before it, for the keyboard, the link that skips to the map's time bar."""
    st.markdown(TITLE_STYLE + skip_link(_), unsafe_allow_html=True)
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.title(md(_(dataset.headline)), anchor=False, width="content")
        hint = _("dataset {version} · every colour cites a sentence: click an area").format(
            version=md(dataset.version)
        )
        st.markdown(f":gray[· {hint}]", width="content")
        page_links(st.container(horizontal=True, gap="small", width="content"))
        st.markdown(lang.switch_markdown(params), width="content")


def compact_page() -> None:
    """The map is the page: little space above it, so it fits the first screen."""
    st.markdown(
        "<style>[data-testid='stMainBlockContainer']{padding-top:3.2rem;padding-bottom:2rem}"
        "[data-testid='stMainBlockContainer'] h3{padding-top:.2rem}</style>",
        unsafe_allow_html=True,
    )
