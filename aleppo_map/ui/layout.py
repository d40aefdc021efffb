"""The frame around every page: the page links (the sidebar's, and a line at the top, the map
page's on its title line) and the compact map page."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from ..load import Dataset
from .text import md

PAGES = (
    ("app.py", "Map", ":material/map:"),
    ("pages/1_Timeline.py", "Timeline", ":material/timeline:"),
    ("pages/2_Sources.py", "Sources", ":material/menu_book:"),
    ("pages/3_Data.py", "Data", ":material/table:"),
    ("pages/4_Method.py", "Method", ":material/straighten:"),
)


def page_links(container=None) -> None:
    """The page list (the sidebar's, or one line in `container`), with the map page named
    "Map" rather than after its file."""
    with container or st.sidebar:
        for path, label, icon in PAGES:
            try:
                st.page_link(path, label=label, icon=icon)
            # AppTest runs one page without the others: Streamlit 1.67 then raises this
            # error, 1.56 a KeyError (its page list lacks the pages' paths).
            except (StreamlitPageNotFoundError, KeyError):
                return


def navigation(inline: bool = True) -> None:
    """The pages, linked in the sidebar and, unless the page places them itself (`inline`
    False), on a line at the top: the sidebar may be closed."""
    page_links()
    if inline:
        page_links(st.container(horizontal=True, gap="small"))


def title_line(dataset: Dataset) -> None:
    """The map page's first line: the title, the dataset version, the hint, the pages."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(
            f"**{md(dataset.headline)}** :gray[· dataset "
            f"{md(dataset.version)} · every colour cites a sentence: click an area]",
            width="content",
        )
        page_links(st.container(horizontal=True, gap="small", width="content"))


def compact_page() -> None:
    """The map is the page: little space above it, so it fits the first screen."""
    st.markdown(
        "<style>[data-testid='stMainBlockContainer']{padding-top:3.2rem;padding-bottom:2rem}"
        "[data-testid='stMainBlockContainer'] h3{padding-top:.2rem}</style>",
        unsafe_allow_html=True,
    )
