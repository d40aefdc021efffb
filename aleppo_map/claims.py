"""The claims and sources tables: reading them, and every check on a claim (ids, vocabularies,
dates and the period, adopted conflicts, quotes verbatim in their texts, named evidence,
contested states left unrenewed).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .evidence import area_spellings, names_place
from .model import (
    AREAS_FILE,
    AREAS_INDEX_FILE,
    CLAIM_COLUMNS,
    CONFIDENCES,
    CONTESTED_RENEWAL_WEEKS,
    DATE_PRECISIONS,
    DISTRICTS_FILE,
    EVIDENCE,
    HOLDERS,
    LANDMARKS_FILE,
    PACKAGE_FILE,
    ROUTE_COLUMNS,
    ROUTE_STATES,
    SOURCE_COLUMNS,
    SOURCES_FILE,
    Collector,
)
from .readers import check_ids, did_you_mean, read_csv_table, read_text

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
EARLIEST_PLAUSIBLE_DATE = pd.Timestamp("1900-01-01")
CITATION_MARKER = re.compile(r"\[\d+\]")
WHITESPACE = re.compile(r"\s+")


def read_sources(path: Path, display: str, problems: Collector) -> pd.DataFrame | None:
    sources = read_csv_table(path, display, SOURCE_COLUMNS, problems)
    if sources is None:
        return None
    check_ids(sources, "source_id", display, problems)
    for row in sources.itertuples():
        url = row.url.strip()
        if url and not re.match(r"^https?://[^\s<>\"']+$", url):
            problems.add(
                display,
                f"line {row.line}",
                "url",
                url,
                "an http:// or https:// address (no link is made for other addresses)",
                "warning",
            )
    return sources.drop_duplicates("source_id").set_index("source_id", drop=False)


@dataclass(frozen=True)
class ClaimTable:
    """What differs between a table of claims about areas and one about routes."""

    columns: tuple[str, ...]
    place: str  # the column naming what the claim is about
    place_file: str  # where those ids come from
    value: str  # the column holding the claimed state
    values: tuple[str, ...]
    required: bool = True


AREA_CLAIMS = ClaimTable(
    CLAIM_COLUMNS,
    "area_id",
    f"{AREAS_INDEX_FILE} (a unit of {AREAS_FILE} or a group of {DISTRICTS_FILE})",
    "holder",
    HOLDERS,
)
ROUTE_CLAIMS = ClaimTable(
    ROUTE_COLUMNS, "route_id", LANDMARKS_FILE + " (a line)", "state", ROUTE_STATES, False
)


def read_claims(
    path: Path,
    display: str,
    area_ids: set[str] | None,
    sources: pd.DataFrame | None,
    problems: Collector,
    table: ClaimTable = AREA_CLAIMS,
) -> pd.DataFrame | None:
    claims = read_csv_table(path, display, table.columns, problems)
    if claims is None:
        return None
    if claims.empty:
        if table.required:
            problems.add(display, "", "rows", "0", "at least one claim")
            return None
        return claims.assign(date=pd.to_datetime(claims["date"]), adopted=False)
    for column in table.columns:
        claims[column] = claims[column].str.strip()
    check_ids(claims, "claim_id", display, problems)

    def report(mask: pd.Series, column: str, expected: str) -> None:
        for line, value in zip(claims["line"][mask], claims[column][mask], strict=True):
            problems.add(display, f"line {line}", column, value, expected)

    if area_ids is not None:
        unknown = ~claims[table.place].isin(area_ids)
        for line, value in zip(claims["line"][unknown], claims[table.place][unknown], strict=True):
            expected = f"an id from {table.place_file}" + did_you_mean(value, area_ids)
            problems.add(display, f"line {line}", table.place, value, expected)
    if sources is not None:
        report(
            ~claims["source_id"].isin(sources.index),
            "source_id",
            f"a source_id from {SOURCES_FILE}",
        )
    report(
        ~claims[table.value].isin(table.values), table.value, "one of " + ", ".join(table.values)
    )
    report(
        ~claims["date_precision"].isin(DATE_PRECISIONS),
        "date_precision",
        "one of " + ", ".join(DATE_PRECISIONS),
    )
    report(
        ~claims["confidence"].isin(CONFIDENCES), "confidence", "one of " + ", ".join(CONFIDENCES)
    )
    report(~claims["evidence"].isin(EVIDENCE), "evidence", "one of " + ", ".join(EVIDENCE))
    report(
        claims["evidence"].eq("inferred") & claims["note"].eq(""),
        "note",
        "the reasoning of an inferred claim: which wider statement, and why it covers this place",
    )
    adopted = claims["adopted"].str.lower()
    report(~adopted.isin(["true", "false"]), "adopted", "true or false")
    claims["adopted"] = adopted.eq("true")
    report(claims["quote"].eq(""), "quote", "the source's sentence, verbatim")
    report(
        claims["date_as_written"].eq(""), "date_as_written", "the source's own words for the date"
    )

    shaped = claims["date"].str.match(DATE_PATTERN)
    report(~shaped, "date", "an ISO date YYYY-MM-DD")
    dates = pd.to_datetime(claims["date"].where(shaped), format="%Y-%m-%d", errors="coerce")
    report(shaped & dates.isna(), "date", "a date that exists in the calendar")
    report(dates < EARLIEST_PLAUSIBLE_DATE, "date", "a date after 1900-01-01")
    claims["date"] = dates
    return claims


def check_period(claims: pd.DataFrame, meta: dict, display: str, problems: Collector) -> None:
    period = meta.get("period") or {}
    for bound in ("start", "end"):
        if period.get(bound):
            try:
                period[bound] = pd.Timestamp(period[bound]).strftime("%Y-%m-%d")
            except (ValueError, TypeError):
                problems.add(PACKAGE_FILE, "", f"period.{bound}", period[bound], "an ISO date")
                return
    start, end = period.get("start"), period.get("end")
    dated = claims["date"].notna()
    if start:
        early = dated & (claims["date"] < pd.Timestamp(start))
        for line, value in zip(claims["line"][early], claims["date"][early], strict=True):
            problems.add(
                display,
                f"line {line}",
                "date",
                value.date(),
                f"a date on or after {start}, the start of the period in datapackage.json",
            )
    if end:
        late = dated & (claims["date"] > pd.Timestamp(end))
        for line, value in zip(claims["line"][late], claims["date"][late], strict=True):
            problems.add(
                display,
                f"line {line}",
                "date",
                value.date(),
                f"a date on or before {end}, the end of the period in datapackage.json",
            )


def check_adopted_conflicts(
    claims: pd.DataFrame, display: str, problems: Collector, table: ClaimTable = AREA_CLAIMS
) -> None:
    """Two adopted claims for one area (or route) on one day must agree on the holder."""
    place, value = table.place, table.value
    adopted = claims.loc[claims["adopted"] & claims["date"].notna(), [place, "date", value, "line"]]
    holders = adopted.groupby([place, "date"])[value].nunique()
    for area_id, date in holders[holders > 1].index:
        rows = adopted[(adopted[place] == area_id) & (adopted["date"] == date)]
        listing = ", ".join(
            f"line {line}: {holder}" for line, holder in zip(rows["line"], rows[value], strict=True)
        )
        problems.add(
            display,
            f"line {rows['line'].iloc[-1]}",
            "adopted",
            f"{area_id} on {date.date()} ({listing})",
            f"one adopted {value} per {place.removesuffix('_id')} and day: set adopted=false on "
            "the claim the map should not follow and say why in note",
        )


def check_named(
    claims: pd.DataFrame,
    places: pd.DataFrame,
    display: str,
    problems: Collector,
    table: ClaimTable = AREA_CLAIMS,
    places_file: str = AREAS_FILE,
) -> None:
    """A claim marked `named` must quote a sentence that contains one of its place's spellings.

    `places` is indexed by id, with `name`, `alt_names` and (for areas) `name_ar`.
    """
    named = claims[claims["evidence"].eq("named") & claims[table.place].isin(places.index)]
    spellings = {
        place_id: area_spellings(row["name"], row.get("name_ar", ""), row["alt_names"])
        for place_id, row in places.iterrows()
    }
    for line, place_id, quote in zip(
        named["line"], named[table.place], named["quote"], strict=True
    ):
        if names_place(quote, spellings[place_id]) is None:
            listed = "; ".join(spellings[place_id][:6])
            problems.add(
                display,
                f"line {line}",
                "evidence",
                f"named, but the quote names no spelling of {place_id!r}",
                f"a quote that contains the name or one of the alt_names in {places_file} "
                f"({listed}…): add the spelling the text uses to alt_names, or mark the claim "
                "inferred and give the reasoning in note",
            )


def check_wider_inferred(
    claims: pd.DataFrame, wider: set[str], display: str, problems: Collector
) -> None:
    """A sentence about a wider group (the city, "eastern Aleppo") names no neighbourhood: a
    claim about one is `inferred`, with its reasoning in note."""
    named = claims["evidence"].eq("named") & claims["area_id"].isin(wider)
    for line, place in zip(claims["line"][named], claims["area_id"][named], strict=True):
        problems.add(
            display,
            f"line {line}",
            "evidence",
            f"named, but {place!r} is a wider group of {DISTRICTS_FILE}",
            "inferred: a sentence about a side of the city names no neighbourhood (say in "
            "note which units it covers and why)",
        )


def check_contested_renewal(
    claims: pd.DataFrame, period_end: pd.Timestamp, display: str, problems: Collector
) -> None:
    """A contested state that no adopted claim renews for more than 26 weeks is flagged: a
    fight that one sentence reports rarely lasts for years unreported."""
    limit = pd.Timedelta(weeks=CONTESTED_RENEWAL_WEEKS)
    adopted = claims[claims["adopted"] & claims["date"].notna()]
    adopted = adopted.sort_values(["area_id", "date", "line"], kind="stable")
    for area_id, rows in adopted.groupby("area_id", sort=False):
        dates, holders, lines = rows["date"].tolist(), rows["holder"].tolist(), rows["line"]
        for i, holder in enumerate(holders):
            if holder != "contested":
                continue
            until = dates[i + 1] if i + 1 < len(dates) else period_end
            if until - dates[i] > limit:
                weeks = (until - dates[i]).days // 7
                problems.add(
                    display,
                    f"line {lines.iloc[i]}",
                    "holder",
                    f"{area_id} contested {dates[i].date()} to {until.date()} ({weeks} weeks)",
                    f"a contested state renewed or ended by a claim within "
                    f"{CONTESTED_RENEWAL_WEEKS} weeks (see the contested policy in docs/method.md)",
                    "warning",
                )


def normalise_for_quote(text: str) -> str:
    """Quotes are compared ignoring citation markers such as [12] and runs of whitespace."""
    return WHITESPACE.sub(" ", CITATION_MARKER.sub("", text)).strip()


def check_quotes(
    claims: pd.DataFrame, sources: pd.DataFrame, texts_dir: Path, display: str, problems: Collector
) -> bool:
    """Every quote must appear verbatim in its source text. Returns whether texts were found."""
    texts: dict[str, str | None] = {}
    checked_any = False
    for (source_id, quote), rows in claims.groupby(["source_id", "quote"], sort=False)["line"]:
        if source_id not in sources.index:
            continue
        file_name = sources.at[source_id, "file"].strip()
        if not file_name:
            continue
        if file_name not in texts:
            text_path = (texts_dir / file_name).resolve()
            inside = text_path.is_relative_to(texts_dir.resolve())
            raw = (
                read_text(text_path, f"source text {file_name}", problems)
                if inside and text_path.is_file()
                else None
            )
            texts[file_name] = normalise_for_quote(raw) if raw is not None else None
        text = texts[file_name]
        if text is None:
            continue
        checked_any = True
        if normalise_for_quote(quote) not in text:
            problems.add(
                display,
                f"line {rows.iloc[0]}",
                "quote",
                quote,
                f"a passage found verbatim in {file_name}",
            )
    return checked_any


def find_texts_dir(root: Path) -> Path | None:
    """Where the source texts live: $ALEPPO_SOURCES_DIR, <data>/sources, or ../shared/sources."""
    candidates = [
        os.environ.get("ALEPPO_SOURCES_DIR"),
        root / "sources",
        root.resolve().parent / "shared" / "sources",  # resolve: `--data .` has no parent
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
