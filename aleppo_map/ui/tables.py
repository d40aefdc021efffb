"""The tables the panels and pages show, with the column names readers see: claims (an
area's or a route's history), changes of hands, sources and areas."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, translator
from ..load import Dataset
from ..model import HOLDER_LABELS
from ..safetext import safe_url

# The tables' column names, translated with the page (English: the keys, as before).
COLUMNS = {
    "date": N_("date"),
    "precision": N_("precision"),
    "as written": N_("as written"),
    "holder": N_("holder"),
    "state": N_("state"),
    "evidence": N_("evidence"),
    "followed": N_("followed"),
    "source": N_("source"),
    "quote": N_("quote"),
    "area": N_("area"),
    "from": N_("from"),
    "to": N_("to"),
    # the Sources page's table of sources
    "stance": N_("stance"),
    "claims": N_("claims"),
    "adopted": N_("adopted"),
    "role": N_("role"),
    "published": N_("published"),
    "title": N_("title"),
    "author": N_("author"),
    "link": N_("link"),
    # the Data page's claims (the file's own column names: shown in English as they are)
    "claim_id": N_("claim id"),
    "area_id": N_("area id"),
    "date_precision": N_("precision"),
    "date_as_written": N_("as written"),
    "source_id": N_("source"),
    "confidence": N_("confidence"),
    "note": N_("note"),
    # the Data page's contested states to review
    "where": N_("where"),
    "what": N_("what"),
}


def outlet(dataset: Dataset, source_id: str) -> str:
    """The outlet that published a source, or the source id if the table lacks it."""
    if source_id in dataset.sources.index:
        return str(dataset.sources.at[source_id, "outlet"])
    return source_id


def place_phrase(dataset: Dataset, place: str, lang: str = "en") -> str:
    """A group's name as it reads in a sentence of `lang`: "the Old City", or its Arabic
    name; a unit's id as given."""
    groups = dataset.places.groups
    if lang == "ar" and place in groups.index and groups.at[place, "name_ar"]:
        return str(groups.at[place, "name_ar"])
    return dataset.places.phrase(place)


def column_name(key: str, lang: str) -> str:
    """A column's name as readers of `lang` see it (English: the key itself)."""
    if lang == "en":
        return key
    name = COLUMNS.get(key, key)  # a variable: Babel's extractors differ on `_(table[key])`
    return translator(lang)(name)


def _named(frame: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame({column_name(key, lang): column for key, column in frame.items()})


def area_names(dataset: Dataset, lang: str = "en") -> pd.Series:
    """Each area's name as `lang` shows it: in Arabic the Arabic name first, where there is
    one."""
    names = dataset.areas["name"]
    if lang == "ar":
        arabic = dataset.areas["name_ar"].fillna("").astype(str)
        names = arabic.where(arabic != "", names)
    return names


def place_names(dataset: Dataset, places: pd.Series, lang: str = "en") -> pd.Series:
    """The places claims speak about as `lang` shows them: in English their ids, as written
    in the files; in Arabic an area's Arabic name and a group's (the Old City's), else the
    id."""
    if lang == "en":
        return places
    names = area_names(dataset, lang)
    return places.map(
        lambda place: names[place] if place in names.index else place_phrase(dataset, place, lang)
    )


def history_table(
    dataset: Dataset,
    history: pd.DataFrame,
    value: str = "holder",
    labels=HOLDER_LABELS,
    about: bool = False,
    lang: str = "en",
) -> pd.DataFrame:
    """Claims as the panel lists them; `value` is what they state (an area's holder, a
    route's state), shown with its `labels`. `about`: say which place each sentence speaks
    about (an area's history holds the claims about its district and wider groups too).
    `lang`: the language of the column names and of our words (the quotes stay as
    published)."""
    _ = translator(lang)
    evidence = history["evidence"].map(_)
    if about:
        places = dataset.places
        evidence = evidence + history["area_id"].map(
            lambda place: (
                _(" for {place}").format(place=place_phrase(dataset, place, lang))
                if places.is_group(place)
                else ""
            )
        )
    followed = {True: _("adopted"), False: _("not followed")}
    return _named(
        {
            "date": history["date"].dt.strftime("%Y-%m-%d"),
            "precision": history["date_precision"].map(_),
            "as written": history["date_as_written"],
            value: history[value].map(labels).map(_),
            "evidence": evidence,
            "followed": history["adopted"].map(followed),
            "source": history["source_id"].map(lambda s: outlet(dataset, s)),
            "quote": history["quote"],
        },
        lang,
    )


def changes_table(dataset: Dataset, changes: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Changes of hands: when, to what precision, where, from whom to whom, on whose word."""
    _ = translator(lang)
    names = area_names(dataset, lang)
    holders = {h: _(label) for h, label in HOLDER_LABELS.items()}
    return _named(
        {
            "date": changes["date"].dt.strftime("%Y-%m-%d"),
            "precision": changes["date_precision"].map(_),
            "area": changes["area_id"].map(names),
            "from": changes["previous_holder"].map(holders),
            "to": changes["holder"].map(holders),
            "source": changes["source_id"].map(lambda s: outlet(dataset, s)),
        },
        lang,
    )


def source_summary(dataset: Dataset, lang: str = "en") -> pd.DataFrame:
    """One row per source: its stance, how many claims it makes and how many are followed
    (`lang`: the column names'; the sources' own words stay as written)."""
    claims = dataset.claims
    total = claims.groupby("source_id").size()
    adopted = claims[claims["adopted"]].groupby("source_id").size()
    sources = dataset.sources
    return _named(
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
        },
        lang,
    )


def claims_view(dataset: Dataset, claims: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The claims file's rows as the Data page shows them: the values as written; in a
    language other than English the column names translated and, after the area's id, its
    name (Arabic first)."""
    if lang == "en":
        return claims
    shown = claims.copy()
    where = shown.columns.get_loc("area_id") + 1
    shown.insert(where, "area", place_names(dataset, shown["area_id"], lang))
    return shown.rename(columns=lambda key: column_name(key, lang))


def areas_table(dataset: Dataset) -> pd.DataFrame:
    """Every area, its names and spellings, its size and how its boundary was drawn."""
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
