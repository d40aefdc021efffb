"""Streamlit pieces shared by the pages: cached data, safe text, the area panel.

Only presentation lives here; every number and every choice comes from the engine.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from .assets import STATIC_URL, ensure_data_file, ensure_leaflet, ensure_web_assets
from .cli import default_data_dir
from .load import Dataset, validate_dataset
from .model import EVIDENCE_LABELS, HOLDER_LABELS, ROUTE_STATE_LABELS, holder_label
from .render import APP_SCRIPT_FILES, STYLE_FILES, app_map, map_payload, safe_json, safe_url
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
        # Every week's state, changes and siege, which each rerun reads: made in the
        # background, so the first reader does not wait and later actions find them ready.
        threading.Thread(target=timeline.warm, name="warm-timeline", daemon=True).start()
    return dataset, timeline, problems


@st.cache_resource
def _static_links() -> tuple[list[str], list[str]]:
    """Leaflet and the map's own files, copied into the static folder Streamlit serves."""
    static = APP_ROOT / "static"
    ensure_leaflet(static)
    leaflet = f"{STATIC_URL}/vendor/leaflet/leaflet"
    scripts = [f"{leaflet}.js", *ensure_web_assets(static, APP_SCRIPT_FILES)]
    styles = [f"{leaflet}.css", *ensure_web_assets(static, STYLE_FILES)]
    return scripts, styles


MAP_KEY = "map"


@st.cache_resource(show_spinner=False)
def _map_args(_dataset: Dataset, _timeline: Timeline, key: str) -> dict:
    """streamlit-folium's arguments for the dataset's map, made once per process.

    The map script never changes for a dataset, so it is rendered once and every session
    sends the same arguments: the frame is never remounted, and a rerun costs no rendering.
    This follows what `st_folium` computes (streamlit-folium 0.27); a week or an area chosen
    in Python travels separately, as the small `feature_group` script.
    """
    from streamlit_folium import (
        _get_header,
        _get_html,
        _get_map_string,
        generate_js_hash,
        get_full_id,
    )

    scripts, styles = _static_links()
    payload = safe_json(map_payload(_dataset, _timeline))
    payload_url = ensure_data_file(APP_ROOT / "static", "map-data", payload)
    folium_map = app_map(_dataset, scripts, styles, payload_url)
    folium_map.get_root().render()
    folium_map.render()
    html, header = _get_html(folium_map), _get_header(folium_map)
    script = _get_map_string(folium_map)
    return {
        "script": script,
        "html": html,
        "header": header,
        "id": get_full_id(folium_map),
        "js_links": scripts,
        "css_links": styles,
        "key": generate_js_hash(script, MAP_KEY, False),
    }


def map_component(
    dataset: Dataset, timeline: Timeline, command: str, height: int, on_change
) -> None:
    """The map: streamlit-folium's frame running the browser layer. `command` is the JS that
    moves it to a week or area chosen in Python; `on_change(properties)` gets what the reader
    settled on (date, id of an area, route)."""
    from streamlit_folium import _component_func

    args = _map_args(dataset, timeline, str(dataset.root))

    def changed() -> None:
        value = st.session_state.get(args["key"]) or {}
        drawing = value.get("last_active_drawing") or {}
        on_change(drawing.get("properties") or {})

    _component_func(
        script=args["script"], header=args["header"], html=args["html"], id=args["id"],
        key=args["key"], height=height, width=None, returned_objects=["last_active_drawing"],
        default={"last_active_drawing": None}, zoom=None, center=None, feature_group=command,
        return_on_hover=False, layer_control=None, pixelated=False,
        css_links=args["css_links"], js_links=args["js_links"], on_change=changed,
        wrap_longitude=False,
    )  # fmt: skip


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
    from streamlit.errors import StreamlitPageNotFoundError

    with container or st.sidebar:
        for path, label, icon in PAGES:
            try:
                st.page_link(path, label=label, icon=icon)
            except StreamlitPageNotFoundError:  # AppTest runs one page without the others
                return


def load_or_stop(inline_links: bool = True) -> tuple[Dataset, Timeline]:
    """The dataset and its timeline; on bad data, the problems in an error box and stop.

    The pages are linked in the sidebar and, unless the page places them itself, on a line
    at the top (the sidebar may be closed)."""
    page_links()
    if inline_links:
        page_links(st.container(horizontal=True, gap="small"))
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


def compact_page() -> None:
    """The map is the page: little space above it, so it fits the first screen."""
    st.markdown(
        "<style>[data-testid='stMainBlockContainer']{padding-top:3.2rem;padding-bottom:2rem}"
        "[data-testid='stMainBlockContainer'] h3{padding-top:.2rem}</style>",
        unsafe_allow_html=True,
    )


def week_summary(dataset: Dataset, timeline: Timeline, date) -> None:
    """The shown week: its dates, whether the east is besieged, and what changed hands."""
    date = pd.Timestamp(date)
    frame = timeline.frame_date_for(date)
    in_week = timeline.changes_in_week(frame)
    st.markdown(f"**Week of {frame - pd.Timedelta(days=6):%d %b} – {frame:%d %b %Y}**")
    siege = timeline.siege_at(frame)
    if siege is not None:
        st.markdown(
            f"**{md(dataset.siege_label)}** since "
            f"{siege['date']:%d %B %Y}: every route in is cut. {md(siege['name'])}: "
            f"“{md(siege['quote'])}” — {md(_outlet(dataset, siege['source_id']))}"
        )
    if len(in_week):
        areas = in_week["area_id"].nunique()
        st.markdown(
            f"{areas} area(s) changed hands, outlined in black on the map"
            + (f" ({len(in_week)} changes)" if len(in_week) != areas else "")
            + ":"
        )
        table = _memo(dataset, ("changes_table", frame), lambda: changes_table(dataset, in_week))
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.caption("No change of hands this week.")


def _memo(dataset: Dataset, key: tuple, make):
    """A table the panel shows again and again, made once per dataset (shared, read-only),
    as Arrow: what st.dataframe sends, so a rerun does not convert it again."""
    import pyarrow as pa

    return dataset.derived(("ui", *key), lambda: pa.Table.from_pandas(make(), preserve_index=False))


def badge(holder: str) -> str:
    return f":{HOLDER_BADGE.get(holder, 'gray')}-background[{md(holder_label(holder))}]"


def since_text(row) -> str:
    """'since 28 Nov 2016 (day) — as written: “on 28 November”'."""
    if not row.get("claim_id"):
        return "no source has a claim about this area on or before this date"
    since = pd.Timestamp(row["since"] if "since" in row else row["date"])
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
    row = timeline.state_of(area_id, date).to_dict()
    area = dataset.areas.loc[area_id]
    st.markdown(f"### {md(area['name'])}")
    if area["name_ar"]:
        st.markdown(
            f"<div dir='rtl' lang='ar'>{_html(area['name_ar'])}</div>", unsafe_allow_html=True
        )
    # Few elements, each with more text: a rerun's cost grows with the number of elements.
    head = f"{badge(row['holder'])} {since_text(row)}"
    if not row["claim_id"]:
        st.markdown(head)
    else:
        st.markdown(head + "\n\n" + claim_evidence(row))
        note = f" — {md(row['note'])}" if row["note"] and row["evidence"] == "named" else ""
        st.caption(
            source_line(dataset, row["source_id"])
            + f"  \nClaim {md(row['claim_id'])}, confidence {md(row['confidence'])}{note}"
        )
    others = timeline.disagreeing_claims(area_id, date)
    # A claim not followed may still agree on the holder (a later, weaker sentence, or
    # another date for the same change): it is listed apart, so a conflict stands out.
    rival = others[others["holder"] != row["holder"]]
    agreeing = others[others["holder"] == row["holder"]]
    if len(rival):
        st.warning(f"{len(rival)} claim(s) disagree with what the map shows:", icon="⚖️")
        not_followed_list(dataset, rival)
    if len(agreeing):
        with st.expander(f"{len(agreeing)} other claim(s) give the same holder"):
            not_followed_list(dataset, agreeing)
    history = timeline.claims_for(area_id)
    if len(history):
        st.markdown("**Every claim about this area**")
        table = _memo(dataset, ("history_table", area_id), lambda: history_table(dataset, history))
        st.dataframe(table, hide_index=True, width="stretch")
    if area["boundary_note"]:
        st.caption(f"Boundary: {md(area['boundary_note'])}")


def not_followed_list(dataset: Dataset, claims: pd.DataFrame) -> None:
    st.markdown(
        "\n".join(
            f"- {badge(claim.holder)} from {claim.date:%d %b %Y} "
            f"(as written: “{md(claim.date_as_written)}”) — “{md(claim.quote)}” "
            f"— {md(_outlet(dataset, claim.source_id))}. *Why not followed:* {md(claim.note)}"
            for claim in claims.itertuples()
        )
    )


def claim_evidence(row) -> str:
    """How the sentence supports the claim, then the sentence (markdown): the panel leads
    with this."""
    if row["evidence"] == "named":
        lead = f"**{EVIDENCE_LABELS['named']}.**"
    else:
        lead = f"**Not named:** inferred from a wider statement, because {md(row['note'])}"
    return lead + "\n\n> " + md(row["quote"])


def route_panel(dataset: Dataset, timeline: Timeline, route_id: str, date) -> None:
    """A route into the besieged east: its state at `date`, on whose word, and its history."""
    states = timeline.route_states_at(date).set_index("route_id")
    names = dataset.landmarks.set_index("id")["name"]
    st.markdown(f"### {md(names.get(route_id, route_id))}")
    if route_id not in states.index:
        st.markdown("No source has a claim about this route on or before this date.")
    else:
        row = states.loc[route_id]
        label = ROUTE_STATE_LABELS.get(row["state"], row["state"])
        st.markdown(f"**{md(label.capitalize())}** {since_text(row)}\n\n{claim_evidence(row)}")
        st.caption(source_line(dataset, row["source_id"]))
    siege = timeline.siege_at(date)
    if siege is not None:
        st.info(
            f"{md(dataset.siege_label)}: every route in is cut since {siege['date']:%d %B %Y}.",
            icon=":material/block:",
        )
    history = dataset.routes[dataset.routes["route_id"] == route_id]
    if len(history):
        st.markdown("**Every claim about this route**")
        table = history_table(dataset, history, "state", ROUTE_STATE_LABELS)
        st.dataframe(table, hide_index=True, width="stretch")


def history_table(
    dataset: Dataset, history: pd.DataFrame, value: str = "holder", labels=HOLDER_LABELS
) -> pd.DataFrame:
    """Claims as the panel lists them; `value` is what they state (an area's holder, a
    route's state), shown with its `labels`."""
    return pd.DataFrame(
        {
            "date": history["date"].dt.strftime("%Y-%m-%d"),
            "precision": history["date_precision"],
            "as written": history["date_as_written"],
            value: history[value].map(labels),
            "evidence": history["evidence"],
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


@st.cache_data(show_spinner=False)
def evidence_weekly(_timeline: Timeline, key: str) -> pd.DataFrame:
    return _timeline.evidence_weekly()


@st.cache_data(show_spinner=False)
def evidence_shares(_timeline: Timeline, key: str) -> dict:
    return _timeline.evidence_shares()


def evidence_summary(dataset: Dataset, timeline: Timeline) -> None:
    """The share of the map that a sentence names, and the areas still mostly inferred."""
    shares = evidence_shares(timeline, str(dataset.root))
    cols = st.columns(3)
    cols[0].metric(
        "Named in the sentence",
        f"{shares['named']:.0%}",
        help="Share of the coloured area-weeks whose claim quotes a sentence naming the area",
    )
    cols[1].metric(
        "Inferred (drawn dotted)",
        f"{shares['inferred']:.0%}",
        help="Share of the coloured area-weeks whose holder is read from a wider statement",
    )
    cols[2].metric("Unknown (no claim)", f"{shares['unknown']:.0%}", help="Share of all area-weeks")
    mostly = shares["mostly_inferred"]
    if len(mostly):
        names = dataset.areas["name"]
        st.caption(
            f"{len(mostly)} area(s) rest mostly on inference: "
            + "; ".join(f"{md(names[a])} ({share:.0%})" for a, share in mostly.items())
        )


def weekly_stack_chart(
    weekly: pd.DataFrame, colours: list[str], unit: str, date, height: int, value_format=None
):
    """A stacked area chart of weekly values (rows: weeks; columns: series, stacked in their
    order, with these colours) and a rule at the shown date; tooltips show the values with
    the d3 `value_format` (e.g. ".1f"), or as Vega-Lite does by default."""
    import altair as alt

    order = list(weekly.columns)
    long = weekly.rename_axis("week").reset_index().melt("week", var_name="series", value_name=unit)
    area = (
        alt.Chart(long)
        .mark_area()
        .encode(
            x=alt.X("week:T", title=None),
            y=alt.Y(f"{unit}:Q", title=unit, stack=True),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("series_order:Q"),
            tooltip=[
                alt.Tooltip("week:T", title="week ending"),
                "series:N",
                alt.Tooltip(f"{unit}:Q", format=value_format or alt.Undefined),
            ],
        )
        .transform_calculate(series_order=f"indexof({order!r}, datum.series)")
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [pd.Timestamp(date)]}))
        .mark_rule(color="#D55E00", strokeWidth=2)
        .encode(x="date:T")
    )
    return (area + rule).properties(height=height)


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
        ("Download CSV", "csv", "text/csv", lambda: export.state_csv(dataset, date, timeline)),
        ("Download GeoJSON", "geojson", "application/geo+json",
         lambda: export.state_geojson(dataset, date, timeline)),
        ("Download interactive map (HTML)", "html", "text/html",
         lambda: standalone_html(dataset, date, selected=area, timeline=timeline)),
    ]  # fmt: skip
    with st.container(horizontal=True, gap="small"):  # wraps as the column narrows
        for label, extension, mime, make in formats:
            st.download_button(
                label, data=make, file_name=f"{name}.{extension}", mime=mime,
                on_click="ignore", width="content",
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
