"""What a reader takes away: the shown view as PNG, CSV, GeoJSON or the interactive HTML
file (made only when clicked), a video of a range of weeks (a GIF, or an MP4 for phones, feeds
or screens), and the line to cite it."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from .. import export
from ..citation import citation_text
from ..i18n import N_, format_date
from ..image_words import LANGS as IMAGE_LANGS
from ..load import Dataset
from ..publish import standalone_html
from ..timeline import Timeline
from . import lang
from .lang import _
from .text import md


def export_buttons(
    dataset: Dataset, timeline: Timeline, date, area: str | None, compare=None, mode="holder"
) -> None:
    """Download buttons for the shown date and selection (and, in compare mode, the changes
    since week A as CSV); files are made only when clicked. The PNG draws what the map shows:
    the comparison, or the age of the evidence."""
    stamp = f"{pd.Timestamp(date):%Y-%m-%d}"
    name = f"aleppo-control-{stamp}" + (f"-{area}" if area else "")
    view = name
    if compare is not None:
        view = f"aleppo-changes-{pd.Timestamp(compare):%Y-%m-%d}-to-{stamp}"
    elif mode == "age":
        view = f"aleppo-evidence-age-{stamp}"

    shown_lang = lang.current()  # the PNG's words and the HTML file's language

    def png() -> bytes:
        return export.png_bytes(
            dataset, date, preset="print", highlight=area, timeline=timeline,
            compare=compare, mode=mode, lang=shown_lang,
        )  # fmt: skip

    formats = [
        (N_("Download PNG"), f"{view}.png", "image/png", png),
        (N_("Download CSV"), f"{name}.csv", "text/csv",
         lambda: export.state_csv(dataset, date, timeline)),
        (N_("Download GeoJSON"), f"{name}.geojson", "application/geo+json",
         lambda: export.state_geojson(dataset, date, timeline)),
        (N_("Download interactive map (HTML)"), f"{name}.html", "text/html",
         lambda: standalone_html(dataset, date, selected=area, timeline=timeline,
                                 lang=shown_lang)),
    ]  # fmt: skip
    if compare is not None:
        formats.insert(1, (DIFF_LABEL, f"{view}.csv", "text/csv",
                           lambda: export.diff_csv(dataset, compare, date, timeline)))  # fmt: skip
    with st.container(horizontal=True, gap="small"):  # wraps as the column narrows
        for label, file_name, mime, make in formats:
            st.download_button(
                _(label), data=make, file_name=file_name, mime=mime,
                on_click="ignore", width="content",
            )  # fmt: skip


DIFF_LABEL = N_("Download the changes (CSV)")


def cite_line(dataset: Dataset, date, url: str) -> None:
    """The "Cite this view" line: the dataset version, the date and the link to the view."""
    # Plain text, not st.code: the code box's highlighter costs the first visit ~0.4 s.
    st.caption("**" + _("Cite this view:") + f"** {md(citation_text(dataset, date, url))}")


# The videos offered: label -> (kind, aspect). The MP4s are H.264 in yuv420p (video.py).
VIDEOS = {
    N_("GIF (16:9)"): ("gif", "16:9"),
    N_("MP4 for phones (9:16)"): ("mp4", "9:16"),
    N_("MP4 square (1:1)"): ("mp4", "1:1"),
    N_("MP4 (16:9)"): ("mp4", "16:9"),
}
MIME = {"gif": "image/gif", "mp4": "video/mp4"}


@st.cache_data(show_spinner=False, max_entries=4)
def animation_bytes(
    _dataset: Dataset,
    _timeline: Timeline,
    key: str,
    start,
    end,
    kind="gif",
    aspect="16:9",
    video_lang="en",
) -> bytes:
    """A GIF or MP4 of every week from `start` to `end` in `aspect`, its words in
    `video_lang`, with a progress bar while it renders."""
    total = len(export.animation_dates(_timeline, start, end))
    bar = st.progress(0.0, text=_("Rendering {n} weekly frames…").format(n=total))

    def progress(done: int, total: int) -> None:
        bar.progress(
            done / total,
            text=_("Rendering frame {done} of {total}…").format(done=done, total=total),
        )

    buffer = io.BytesIO()
    export.write_animation(
        _dataset, buffer, start, end, progress=progress, timeline=_timeline, kind=kind,
        aspect=aspect, lang=video_lang,
    )  # fmt: skip
    bar.empty()
    return buffer.getvalue()


def animation_section(dataset: Dataset, timeline: Timeline) -> None:
    """Pick a range and a shape, render the video with a progress bar, then offer it for
    download."""
    frames = list(timeline.frame_dates)
    shown_lang = lang.current()
    with st.expander(_("Video of a range of weeks (GIF or MP4, vertical for phones)")):
        # The frames speak the images' languages (image_words.LANGS): the page's, else English.
        video_lang = shown_lang if shown_lang in IMAGE_LANGS else "en"
        if video_lang != shown_lang:
            st.caption(_("The video's words are in English."))
        start, end = st.select_slider(
            _("Weeks"),
            options=frames,
            value=(frames[0], frames[-1]),
            format_func=lambda d: format_date(d, shown_lang, "short"),
            key="gif_range",
        )
        choice = st.radio(
            _("Format"), list(VIDEOS), horizontal=True, key="video_format", format_func=_
        )
        kind, aspect = VIDEOS[choice]
        if st.button(_("Render {video}").format(video=_(choice)), key="gif_render"):
            shape = aspect.replace(":", "x")
            st.session_state.gif = (
                animation_bytes(
                    dataset, timeline, dataset.cache_key, start, end, kind, aspect, video_lang
                ),
                f"aleppo-control-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}-{shape}.{kind}",
                kind,
            )
        if st.session_state.get("gif"):
            data, file_name, made = st.session_state.gif
            st.download_button(
                _("Download {kind} ({size} MB)").format(
                    kind=made.upper(), size=f"{len(data) / 1e6:.1f}"
                ),
                data,
                file_name,
                MIME[made],
                on_click="ignore",
            )
