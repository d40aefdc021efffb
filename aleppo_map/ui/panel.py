"""The panel beside the map: who held the selected area (or the state of a route) at the
shown date, since when, on whose word (named for the area, for its district, or inferred) and
who disagrees, when it was last named and its holder week by week (the side frame's strip);
for a selected district, who held each of its areas and the claims about the district itself;
and the shown week, with the siege and what changed hands."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import format_date
from ..load import Dataset
from ..model import EVIDENCE_FOR_GROUP, EVIDENCE_LABELS, ROUTE_STATE_LABELS
from ..timeline import Timeline
from . import lang, side, tables
from .data import arrow_table
from .lang import _
from .tables import changes_table, history_table, outlet
from .text import badge, html_text, md, md_link, since_text


def source_line(dataset: Dataset, source_id: str) -> str:
    """Outlet, author, title (linked if it has a plain web address), date and stance."""
    if source_id not in dataset.sources.index:
        return md(source_id)
    src = dataset.sources.loc[source_id]
    title = md_link(src["title"] or source_id, src["url"])
    return (
        f"{md(src['outlet'])} — {md(src['author'])}, *{title}*, {md(src['published'])}. "
        + _("Stance: ")
        + md(src["stance"])
    )


def claim_evidence(row, about: str = "") -> str:
    """How the sentence supports the claim, then the sentence (markdown): the panel leads
    with this. `about`: the group the sentence speaks about ("the Old City") when it is not
    the area itself."""
    kind = row["evidence"]  # a variable: Babel's extractors differ on `_(table["key"])`
    if about:
        lead = _(EVIDENCE_FOR_GROUP[kind]).format(place=about)
        lead = f"**{md(lead)}.**" if kind == "named" else (
            "**" + md(lead) + "**" + _(", because {note}").format(note=md(row["note"]))
        )  # fmt: skip
    elif kind == "named":
        lead = f"**{_(EVIDENCE_LABELS[kind])}.**"
    else:
        lead = _("**Not named:** inferred from a wider statement, because {note}").format(
            note=md(row["note"])
        )
    quoted = "" if lang.current() == "en" else "\n\n" + _("(quoted in English, as published)")
    return lead + "\n\n> " + md(row["quote"]) + quoted


def place_phrase(dataset: Dataset, place: str) -> str:
    """A group's name as it reads in a sentence of the page's language: "the Old City", or
    its Arabic name."""
    return tables.place_phrase(dataset, place, lang.current())


def claim_about(dataset: Dataset, row) -> str:
    """The group a claim in force speaks about, as it reads in a sentence ("the Old City"),
    when it is not the area itself; else ""."""
    place = row.get("claim_area_id") or ""
    return place_phrase(dataset, place) if dataset.places.is_group(place) else ""


def area_panel(
    dataset: Dataset, timeline: Timeline, area_id: str, date, on_week=None, on_choose=None
) -> None:
    """Who held the area at `date`, since when, on whose word, and who disagrees; when it was
    last named and its holder week by week (`on_week(report)` gets a week chosen there); its
    district, a button that chooses the district (`on_choose(id)`)."""
    row = timeline.state_of(area_id, date).to_dict()
    area = dataset.areas.loc[area_id]
    district = dataset.places.shown_district(area_id)
    arabic = lang.current() == "ar" and area["name_ar"]
    first, second = (area["name_ar"], area["name"]) if arabic else (area["name"], area["name_ar"])
    title = md(first)
    if district:
        title += f" · {md(place_phrase(dataset, district))}"
    st.markdown(f"### {title}")
    if second:
        st.markdown(
            f"<div dir='auto' lang='{'en' if arabic else 'ar'}'>{html_text(second)}</div>",
            unsafe_allow_html=True,
        )
    # Few elements, each with more text: a rerun's cost grows with the number of elements.
    head = f"{badge(row['holder'])} {since_text(row)}"
    if not row["claim_id"]:
        st.markdown(head)
    else:
        st.markdown(head + "\n\n" + claim_evidence(row, claim_about(dataset, row)))
        note = f" — {md(row['note'])}" if row["note"] and row["evidence"] == "named" else ""
        level = row["confidence"]  # high, medium or low: marked with N_ in model.py
        st.caption(
            source_line(dataset, row["source_id"])
            + "  \n"
            + _("Claim {id}, confidence {confidence}").format(
                id=md(row["claim_id"]), confidence=md(_(level))
            )
            + note
        )
    others = timeline.disagreeing_claims(area_id, date)
    # A claim not followed may still agree on the holder (a later, weaker sentence, or
    # another date for the same change): it is listed apart, so a conflict stands out.
    rival = others[others["holder"] != row["holder"]]
    agreeing = others[others["holder"] == row["holder"]]
    if len(rival):
        st.warning(
            _("{n} claim(s) disagree with what the map shows:").format(n=len(rival)), icon="⚖️"
        )
        not_followed_list(dataset, rival)
    if len(agreeing):
        with st.expander(_("{n} other claim(s) give the same holder").format(n=len(agreeing))):
            not_followed_list(dataset, agreeing)
    st.caption(side.last_named_line(timeline, area_id, date))
    if on_week is not None:
        side.story_strip(dataset, timeline, area_id, date, on_week)
    history = timeline.claims_for(area_id)
    if len(history):
        st.markdown("**" + _("Every claim about this area") + "**")
        table = arrow_table(
            dataset,
            ("history_table", area_id, lang.current()),
            lambda: history_table(dataset, history, about=True, lang=lang.current()),
        )
        st.dataframe(table, hide_index=True, width="stretch")
    if area["boundary_note"]:
        st.caption(_("Boundary: ") + md(area["boundary_note"]))
    if district:
        count = len(dataset.places.members[district])
        st.button(
            _("All {n} areas of {place}").format(
                n=count, place=md(place_phrase(dataset, district))
            ),
            key="open-district",
            icon=":material/select_all:",
            on_click=on_choose,
            args=(district,),
        )


def group_panel(dataset: Dataset, timeline: Timeline, group_id: str, date, on_choose) -> None:
    """A district (or a wider group a link names): who held each of its areas at `date`, each
    a button that chooses it (`on_choose(id)`), and the claims about the group itself."""
    places = dataset.places
    group = places.groups.loc[group_id]
    arabic = lang.current() == "ar" and group["name_ar"]
    first, second = (
        (group["name_ar"], group["name"]) if arabic else (group["name"], group["name_ar"])
    )
    st.markdown(f"### {md(first)}")
    if second:
        st.markdown(
            f"<div dir='auto' lang='{'en' if arabic else 'ar'}'>{html_text(second)}</div>",
            unsafe_allow_html=True,
        )
    units = places.members[group_id]
    kind = (
        _("Wider group of {n} areas: click one for its holder and the sentence behind it.")
        if group_id in places.wider
        else _("District of {n} areas: click one for its holder and the sentence behind it.")
    )
    st.markdown(kind.format(n=len(units)) + "\n\n**" + _("Who held its areas this week") + "**")
    state = timeline.state_at(date)
    holders = dict(zip(state["area_id"], state["holder"], strict=True))
    names = dataset.areas["name_ar" if lang.current() == "ar" else "name"]
    english = dataset.areas["name"]
    # One element per area (a rerun's cost grows with the number of elements): its name and
    # its holder's badge on one button.
    with st.container(key="district-areas", horizontal=True, gap="small"):
        for unit in units:
            st.button(
                f"{md(names[unit] or english[unit])} {badge(holders[unit])}",
                key=f"district-area-{unit}",
                type="tertiary",
                on_click=on_choose,
                args=(unit,),
            )
    own = dataset.claims[dataset.claims["area_id"] == group_id]
    phrase = md(place_phrase(dataset, group_id))
    if not len(own):
        st.caption(
            _(
                "No claim speaks about {place} as a whole: each of its areas follows the "
                "sentences about it."
            ).format(place=phrase)
        )
        return
    st.markdown("**" + _("Every claim about {place} as a whole").format(place=phrase) + "**")
    shown = lang.current()
    table = arrow_table(
        dataset,
        ("history_table", group_id, shown),
        lambda: history_table(dataset, own, lang=shown),
    )
    st.dataframe(table, hide_index=True, width="stretch")


def not_followed_list(dataset: Dataset, claims: pd.DataFrame) -> None:
    """Claims the map does not follow, each with its words and why it is not followed."""
    st.markdown(
        "\n".join(
            f"- {badge(claim.holder)} from {claim.date:%d %b %Y} "
            f"(as written: “{md(claim.date_as_written)}”) — “{md(claim.quote)}” "
            f"— {md(outlet(dataset, claim.source_id))}. *Why not followed:* {md(claim.note)}"
            for claim in claims.itertuples()
        )
    )


def route_panel(dataset: Dataset, timeline: Timeline, route_id: str, date) -> None:
    """A route into the besieged east: its state at `date`, on whose word, and its history."""
    states = timeline.route_states_at(date).set_index("route_id")
    names = dataset.landmarks.set_index("id")["name"]
    st.markdown(f"### {md(names.get(route_id, route_id))}")
    if route_id not in states.index:
        st.markdown(_("No source has a claim about this route on or before this date."))
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
        st.markdown("**" + _("Every claim about this route") + "**")
        table = history_table(dataset, history, "state", ROUTE_STATE_LABELS, lang=lang.current())
        st.dataframe(table, hide_index=True, width="stretch")


def week_summary(dataset: Dataset, timeline: Timeline, date) -> None:
    """The shown week: its dates, whether the east is besieged, and what changed hands."""
    date = pd.Timestamp(date)
    frame = timeline.frame_date_for(date)
    in_week = timeline.changes_in_week(frame)
    if lang.current() == "en":
        st.markdown(f"**Week of {frame - pd.Timedelta(days=6):%d %b} – {frame:%d %b %Y}**")
    else:
        start = format_date(frame - pd.Timedelta(days=6), lang.current())
        end = format_date(frame, lang.current())
        st.markdown("**" + _("Week of {week}").format(week=f"{start} – {end}") + "**")
    siege = timeline.siege_at(frame)
    if siege is not None and lang.current() != "en":
        st.markdown(
            _("**{siege}** since {date}: every route in is cut.").format(
                siege=md(_(dataset.siege_label)), date=format_date(siege["date"], lang.current())
            )
        )
    elif siege is not None:
        st.markdown(
            f"**{md(dataset.siege_label)}** since "
            f"{siege['date']:%d %B %Y}: every route in is cut. {md(siege['name'])}: "
            f"“{md(siege['quote'])}” — {md(outlet(dataset, siege['source_id']))}"
        )
    if len(in_week):
        areas = in_week["area_id"].nunique()
        st.markdown(
            _("{n} area(s) changed hands, outlined in black on the map").format(n=areas)
            + (_(" ({n} changes)").format(n=len(in_week)) if len(in_week) != areas else "")
            + ":"
        )
        table = arrow_table(
            dataset,
            ("changes_table", frame, lang.current()),
            lambda: changes_table(dataset, in_week, lang.current()),
        )
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.caption(_("No change of hands this week."))


def selection_panel(
    dataset: Dataset,
    timeline: Timeline,
    area,
    route,
    date,
    on_clear,
    on_week=None,
    on_choose=None,
) -> None:
    """The selected route's, area's or district's panel, with a button to clear the
    selection; with nothing selected, how to select. `on_choose(id)` chooses an area or a
    district from a panel."""
    if route:
        route_panel(dataset, timeline, route, date)
    elif area and dataset.places.is_group(area):
        group_panel(dataset, timeline, area, date, on_choose)
    elif area:
        area_panel(dataset, timeline, area, date, on_week, on_choose)
    else:
        st.markdown(
            _(
                "**Click an area**, or find it or its district by name on the map, to see who "
                "held it, since when, and the sentence that says so."
            )
        )
    if route or area:
        st.button(_("Clear selection"), on_click=on_clear)
