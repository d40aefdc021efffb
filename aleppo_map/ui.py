"""Streamlit pieces shared by the pages: cached data, safe text, the area panel.

Only presentation lives here; every number and every choice comes from the engine.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from .assets import ensure_leaflet
from .cli import default_data_dir
from .load import Dataset, validate_dataset
from .model import HOLDER_LABELS, holder_label
from .render import safe_url
from .timeline import Timeline

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
APP_ROOT = Path(__file__).resolve().parent.parent


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


def data_dir() -> Path:
    """`streamlit run app.py -- --data DIR`, or $ALEPPO_DATA_DIR, or the bundled data."""
    argv = sys.argv[1:]
    if "--data" in argv and argv.index("--data") + 1 < len(argv):
        return Path(argv[argv.index("--data") + 1])
    return Path(os.environ.get("ALEPPO_DATA_DIR") or default_data_dir())


@st.cache_resource(show_spinner="Loading and checking the data…")
def _load(path: str):
    """One validated dataset and timeline per process, shared by every session."""
    dataset, problems = validate_dataset(path)
    timeline = Timeline(dataset) if dataset is not None else None
    if timeline is not None:
        timeline.weekly_frames()  # warm the shared caches once
        _ = timeline.changes
    return dataset, timeline, problems


@st.cache_resource
def _serve_leaflet() -> Path:
    return ensure_leaflet(APP_ROOT / "static")


PAGES = (
    ("app.py", "Map", ":material/map:"),
    ("pages/1_Timeline.py", "Timeline", ":material/timeline:"),
    ("pages/2_Sources.py", "Sources", ":material/menu_book:"),
    ("pages/3_Data.py", "Data", ":material/table:"),
    ("pages/4_Method.py", "Method", ":material/straighten:"),
)


def page_links() -> None:
    """The sidebar's page list, with the map page named "Map" rather than after its file."""
    from streamlit.errors import StreamlitPageNotFoundError

    with st.sidebar:
        for path, label, icon in PAGES:
            try:
                st.page_link(path, label=label, icon=icon)
            except StreamlitPageNotFoundError:  # AppTest runs one page without the others
                return


def load_or_stop() -> tuple[Dataset, Timeline]:
    """The dataset and its timeline; on bad data, the problems in an error box and stop."""
    page_links()
    _serve_leaflet()
    path = data_dir()
    dataset, timeline, problems = _load(str(path.resolve()))
    if dataset is None:
        errors = [p for p in problems if p.severity == "error"]
        st.error(
            f"The data in {md(path)} cannot be shown: {len(errors)} problem(s) were found. "
            "Nothing has been changed in your files. Fix these and reload:"
        )
        st.code("\n".join(str(p) for p in errors), language=None)
        st.stop()
    return dataset, timeline


def badge(holder: str) -> str:
    return f":{HOLDER_BADGE.get(holder, 'gray')}-background[{md(holder_label(holder))}]"


def since_text(row) -> str:
    """'since 28 Nov 2016 (day) — as written: “on 28 November”'."""
    if not row.get("claim_id"):
        return "no source has a claim about this area on or before this date"
    since = pd.Timestamp(row["since"])
    precision = row.get("since_precision") or row.get("date_precision") or ""
    written = row.get("date_as_written", "")
    return f"since {since:%d %B %Y} (precision: {md(precision)}; as written: “{md(written)}”)"


def source_line(dataset: Dataset, source_id: str) -> str:
    if source_id not in dataset.sources.index:
        return md(source_id)
    src = dataset.sources.loc[source_id]
    title = md_link(src["title"] or source_id, src["url"])
    return (
        f"{md(src['outlet'])} — {md(src['author'])}, *{title}*, {md(src['published'])}. "
        f"Stance: {md(src['stance'])}"
    )


def area_panel(dataset: Dataset, timeline: Timeline, area_id: str, date) -> None:
    """Who held the area at `date`, since when, on whose word, and who disagrees."""
    state = timeline.state_at(date).set_index("area_id")
    row = state.loc[area_id].to_dict()
    area = dataset.areas.loc[area_id]
    st.markdown(f"### {md(area['name'])}")
    if area["name_ar"]:
        st.markdown(
            f"<div dir='rtl' lang='ar'>{_html(area['name_ar'])}</div>", unsafe_allow_html=True
        )
    st.markdown(f"{badge(row['holder'])} {since_text(row)}")
    if row["claim_id"]:
        st.markdown("> " + md(row["quote"]))
        st.caption(source_line(dataset, row["source_id"]))
        note = f" — {md(row['note'])}" if row["note"] else ""
        st.caption(f"Claim {md(row['claim_id'])}, confidence {md(row['confidence'])}{note}")
    rival = timeline.disagreeing_claims(area_id, date)
    if len(rival):
        st.warning(f"{len(rival)} claim(s) disagree with what the map shows:", icon="⚖️")
        for claim in rival.itertuples():
            st.markdown(
                f"- {badge(claim.holder)} from {claim.date:%d %b %Y} "
                f"(as written: “{md(claim.date_as_written)}”) — “{md(claim.quote)}” "
                f"— {md(_outlet(dataset, claim.source_id))}. *Why not followed:* {md(claim.note)}"
            )
    history = timeline.claims_for(area_id)
    if len(history):
        st.markdown("**Every claim about this area**")
        st.dataframe(history_table(dataset, history), hide_index=True, width="stretch")
    if area["boundary_note"]:
        st.caption(f"Boundary: {md(area['boundary_note'])}")


def history_table(dataset: Dataset, history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": history["date"].dt.strftime("%Y-%m-%d"),
            "precision": history["date_precision"],
            "as written": history["date_as_written"],
            "holder": history["holder"].map(HOLDER_LABELS),
            "followed": history["adopted"].map({True: "adopted", False: "not followed"}),
            "source": history["source_id"].map(lambda s: _outlet(dataset, s)),
            "quote": history["quote"],
        }
    )


def _outlet(dataset: Dataset, source_id: str) -> str:
    if source_id in dataset.sources.index:
        return str(dataset.sources.at[source_id, "outlet"])
    return source_id


def _html(text) -> str:
    import html

    # One line: a blank line would end the HTML block and let markdown (links) run after it.
    text = "" if text is None else str(text)
    return html.escape(text.replace("\r", " ").replace("\n", " "))


def changes_table(dataset: Dataset, changes: pd.DataFrame) -> pd.DataFrame:
    names = dataset.areas["name"]
    return pd.DataFrame(
        {
            "date": changes["date"].dt.strftime("%Y-%m-%d"),
            "precision": changes["date_precision"],
            "area": changes["area_id"].map(names),
            "from": changes["previous_holder"].map(HOLDER_LABELS),
            "to": changes["holder"].map(HOLDER_LABELS),
            "source": changes["source_id"].map(lambda s: _outlet(dataset, s)),
        }
    )


@st.cache_data(show_spinner=False)
def _changes_per_week(_timeline: Timeline, key: str) -> pd.DataFrame:
    changes = _timeline.changes
    weeks = changes["date"].map(_timeline.frame_date_for)
    counts = weeks.value_counts().rename_axis("week").reset_index(name="changes")
    return counts


def change_strip(timeline: Timeline, date) -> None:
    """A thin bar strip marking the weeks with changes, and a rule at the shown date."""
    # Building and validating the Altair chart costs a quarter of a week step's server time,
    # so its Vega-Lite spec is made once. A step changes only the "shown" dataset: with the
    # same spec, the browser swaps that dataset in place instead of redrawing the chart.
    spec = _change_strip_spec(timeline, str(timeline.dataset.root))
    spec["datasets"]["shown"] = pd.DataFrame({"date": [pd.Timestamp(date)]})
    st.vega_lite_chart(spec=spec, width="stretch")


@st.cache_data(show_spinner=False)
def _change_strip_spec(_timeline: Timeline, key: str) -> dict:
    """The strip as a Vega-Lite spec (a fresh copy per call) on two named datasets: "weeks"
    (changes per week) and "shown" (the rule's date, set by the caller)."""
    import altair as alt

    timeline = _timeline
    counts = _changes_per_week(timeline, key)
    start, end = timeline.dataset.period
    scale = alt.Scale(domain=[start.isoformat(), end.isoformat()])
    bars = (
        alt.Chart(counts)
        .mark_bar(color="#555", width=3)
        .encode(
            x=alt.X(
                "week:T", scale=scale, title=None, axis=alt.Axis(format="%Y", tickCount="year")
            ),
            y=alt.Y("changes:Q", title=None, axis=None),
            tooltip=[alt.Tooltip("week:T", title="week ending"), "changes:Q"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [start]}))
        .mark_rule(color="#D55E00", strokeWidth=2)
        .encode(x="date:T")
    )
    spec = (bars + rule).properties(height=70).to_dict()
    spec.pop("config", None)  # Altair's default view size: Streamlit sizes the chart
    spec["layer"][0]["data"] = {"name": "weeks"}
    spec["layer"][1]["data"] = {"name": "shown"}
    spec["datasets"] = {"weeks": counts}
    return spec


def current_date(timeline: Timeline) -> pd.Timestamp:
    """The date chosen on the map page in this session, or the link's, or the default."""
    view = st.session_state.get("view")
    if view is not None:
        return view.date
    from .viewstate import parse_view

    params = {name: st.query_params.get_all(name) for name in st.query_params}
    return parse_view(params, timeline).date


@st.cache_data(show_spinner=False)
def area_by_holder_weekly(_timeline: Timeline, key: str) -> pd.DataFrame:
    return _timeline.area_by_holder_weekly()


def source_summary(dataset: Dataset) -> pd.DataFrame:
    claims = dataset.claims
    total = claims.groupby("source_id").size()
    adopted = claims[claims["adopted"]].groupby("source_id").size()
    sources = dataset.sources
    return pd.DataFrame(
        {
            "source": sources["outlet"],
            "stance": sources["stance"],
            "claims": total.reindex(sources.index, fill_value=0).to_numpy(),
            "adopted": adopted.reindex(sources.index, fill_value=0).to_numpy(),
            "role": sources.get("role", pd.Series("", index=sources.index)),
            "published": sources["published"],
            "title": sources["title"],
            "author": sources["author"],
            "link": sources["url"].map(lambda u: safe_url(u) or ""),
        }
    )


def citation_text(dataset: Dataset, date=None, url: str | None = None) -> str:
    """How to cite the dataset, or one view of it."""
    meta = dataset.meta
    authors = meta.get("citation_authors", "Aleppo control map contributors")
    text = f"{authors}. {dataset.title}. Dataset version {dataset.version}."
    if date is not None:
        text += f" State on {pd.Timestamp(date):%d %B %Y}."
    if url:
        text += f" {url}"
    if meta.get("homepage"):
        text += f" {meta['homepage']}"
    return text


def areas_table(dataset: Dataset) -> pd.DataFrame:
    areas = dataset.areas
    return pd.DataFrame(
        {
            "id": areas.index,
            "name": areas["name"].to_numpy(),
            "Arabic": areas["name_ar"].to_numpy(),
            "kind": areas["kind"].to_numpy(),
            "km²": areas["area_km2"].round(2).to_numpy(),
            "spellings": areas["alt_names"].map("; ".join).to_numpy(),
            "how the boundary was drawn": areas["boundary_note"].to_numpy(),
        }
    )


def export_buttons(dataset: Dataset, timeline: Timeline, date, area: str | None) -> None:
    """Download buttons for the shown date and selection; files are made only when clicked."""
    from . import export
    from .render import standalone_html

    stamp = f"{pd.Timestamp(date):%Y-%m-%d}"
    name = f"aleppo-control-{stamp}" + (f"-{area}" if area else "")

    def png() -> bytes:
        return export.png_bytes(dataset, date, preset="print", highlight=area, timeline=timeline)

    formats = [
        ("Download PNG", "png", "image/png", png),
        ("Download HTML map", "html", "text/html",
         lambda: standalone_html(dataset, date, selected=area, timeline=timeline)),
        ("Download GeoJSON", "geojson", "application/geo+json",
         lambda: export.state_geojson(dataset, date, timeline)),
        ("Download CSV", "csv", "text/csv", lambda: export.state_csv(dataset, date, timeline)),
    ]  # fmt: skip
    for column, (label, extension, mime, make) in zip(
        st.columns(len(formats)), formats, strict=True
    ):
        column.download_button(
            label, data=make, file_name=f"{name}.{extension}", mime=mime,
            on_click="ignore", width="stretch",
        )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=4)
def animation_bytes(_dataset: Dataset, _timeline: Timeline, key: str, start, end) -> bytes:
    """A GIF of every week from `start` to `end`, with a progress bar while it renders."""
    import io

    from . import export

    total = len(export.animation_dates(_timeline, start, end))
    bar = st.progress(0.0, text=f"Rendering {total} weekly frames…")
    buffer = io.BytesIO()

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Rendering frame {done} of {total}…")

    class _Named(io.BytesIO):
        name = "animation.gif"

    buffer = _Named()
    export.write_animation(_dataset, buffer, start, end, progress=progress, timeline=_timeline)
    bar.empty()
    return buffer.getvalue()


def animation_section(dataset: Dataset, timeline: Timeline) -> None:
    """Pick a range, render the GIF with a progress bar, then offer it for download."""
    frames = list(timeline.frame_dates)
    with st.expander("Animated GIF of a range of weeks"):
        start, end = st.select_slider(
            "Weeks",
            options=frames,
            value=(frames[0], frames[-1]),
            format_func=lambda d: f"{d:%d %b %Y}",
            key="gif_range",
        )
        if st.button("Render GIF", key="gif_render"):
            st.session_state.gif = (
                animation_bytes(dataset, timeline, str(dataset.root), start, end),
                f"aleppo-control-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.gif",
            )
        if st.session_state.get("gif"):
            data, file_name = st.session_state.gif
            st.download_button(
                f"Download GIF ({len(data) / 1e6:.1f} MB)",
                data,
                file_name,
                "image/gif",
                on_click="ignore",
            )


def view_url(params: dict[str, str]) -> str:
    """The address of this view, for citations (the app's own origin and path)."""
    from urllib.parse import urlencode

    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(params)}"
