"""The data model: vocabularies, labels, colours and the one error type for bad data.

Everything that names a holder, a precision or a column is defined here once and imported
everywhere else, so the app, the exports and the validator can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .i18n import N_

HOLDERS: tuple[str, ...] = ("government", "opposition", "kurdish", "contested", "unknown")

# Neutral, descriptive labels: no side's own vocabulary.
HOLDER_LABELS: dict[str, str] = {
    "government": N_("Syrian government and allied forces"),
    "opposition": N_("Armed opposition factions"),
    "kurdish": N_("Kurdish YPG / Asayish"),
    "contested": N_("Contested"),
    "unknown": N_("Unknown / no claim"),
}

# Okabe-Ito colours (colour-blind safe). No colour borrows a side's flag: no red/green/black
# pairing, no yellow for the YPG. Contested areas are hatched over the neutral grey, not given a
# fourth loud colour.
HOLDER_COLOURS: dict[str, str] = {
    "government": "#0072B2",  # blue
    "opposition": "#E69F00",  # orange
    "kurdish": "#CC79A7",  # reddish purple
    "contested": "#BBBBBB",  # grey, drawn hatched
    "unknown": "#E6E6E6",  # light neutral grey
}
CONTESTED_HATCH_COLOUR = "#444444"  # the hatch at 3:1 or more on its grey (contrast.py)
BOUNDARY_LINE = N_("Boundaries are approximate: published outlines, adjusted or drawn by hand.")

DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "season", "year")
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")
# How a claim's sentence supports it: `named` when the sentence names the area (or one of its
# alt_names) and says who holds, took or lost it; `inferred` when the holder is read from a
# wider statement (city-wide, "the western neighbourhoods", a neighbour's capture), with the
# reasoning in `note`. The map draws inferred holdings dotted.
EVIDENCE: tuple[str, ...] = ("named", "inferred")
EVIDENCE_LABELS: dict[str, str] = {
    "named": N_("Named in the sentence"),
    "inferred": N_("Not named: inferred from a wider statement"),
}
# The same when the sentence speaks about a group the area is in ({place}: "the Old City",
# "Eastern Aleppo"), not about the area itself.
EVIDENCE_FOR_GROUP: dict[str, str] = {
    "named": N_("Named for {place}: the sentence names the district this area is in"),
    "inferred": N_("Not named: inferred from a sentence about {place}"),
}
# A contested state that no claim renews for this long is flagged for review.
CONTESTED_RENEWAL_WEEKS = 26
AREA_KINDS: tuple[str, ...] = ("neighbourhood", "district", "village", "site")

CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "area_id",
    "date",
    "date_precision",
    "date_as_written",
    "holder",
    "source_id",
    "quote",
    "confidence",
    "evidence",
    "adopted",
    "note",
)
# The routes into the besieged east (the Castello Road, the Ramouseh corridor): dated, cited
# states in `route_changes.csv`, with the same columns as a claim about an area.
ROUTE_STATES: tuple[str, ...] = ("open", "under_fire", "cut")
ROUTE_STATE_LABELS: dict[str, str] = {
    "open": N_("open"),
    "under_fire": N_("open but under fire"),
    "cut": N_("cut"),
}
ROUTE_COLUMNS: tuple[str, ...] = tuple(
    {"area_id": "route_id", "holder": "state"}.get(c, c) for c in CLAIM_COLUMNS
)
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id",
    "outlet",
    "author",
    "title",
    "published",
    "url",
    "language",
    "stance",
    "file",
)
AREA_PROPERTIES: tuple[str, ...] = (
    "id",
    "name",
    "name_ar",
    "alt_names",
    "kind",
    "district_id",
    "boundary_source",
    "boundary_note",
)
# Where a unit's boundary comes from: the city's published neighbourhood outline (only the
# street gaps to its neighbours split down the middle), that outline cut, merged or refitted
# by us for a reason its note gives, or drawn by hand where the published layer has nothing.
BOUNDARY_SOURCES: tuple[str, ...] = ("published", "adjusted", "hand-drawn")
# Groups of units (geodata/districts.csv): the districts the sources name and wider groups
# such as "eastern Aleppo". A claim's area_id may name a unit or a group.
DISTRICT_COLUMNS: tuple[str, ...] = ("id", "name", "name_ar", "alt_names", "parent_id", "note")
# The optional `kind` column of districts.csv: "wider" marks a group that is a side of the city
# rather than a district the sources name, though it holds no other group; empty, the nesting
# decides (a group that contains groups is wider).
GROUP_KINDS: tuple[str, ...] = ("district", "wider")

# Areas are measured in a metric CRS: UTM zone 37N contains Aleppo. Another city's dataset
# names its own in datapackage.json ("metric_crs"), else its UTM zone is estimated.
METRIC_CRS = "EPSG:32637"
GEOGRAPHIC_CRS = "EPSG:4326"

# Ids of areas, groups, claims and sources: lowercase slugs.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")

# File names inside a dataset directory.
CLAIMS_FILE = "control_changes.csv"
SOURCES_FILE = "sources.csv"
AREAS_FILE = "geodata/areas.geojson"
DISTRICTS_FILE = "geodata/districts.csv"  # optional: without it every unit stands alone
AREAS_INDEX_FILE = "geodata/areas_index.csv"  # every id a claim may name, for contributors
LANDMARKS_FILE = "geodata/landmarks.geojson"
ROUTES_FILE = "route_changes.csv"  # optional
# Warnings a maintainer has read and accepted, each with why (optional): `validate` counts
# them in one line instead of printing each, and `validate --warnings` lists them.
REVIEWED_FILE = "reviewed_warnings.csv"
REVIEWED_COLUMNS: tuple[str, ...] = ("file", "field", "value", "why")
PACKAGE_FILE = "datapackage.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, precise enough to fix without guessing."""

    file: str
    where: str  # "line 12", "feature 3 (id 'hananu')", or "" for the whole file
    field: str
    value: str
    expected: str
    # "error" stops the data loading; "warning" is shown only; "reviewed": a warning listed in
    # reviewed_warnings.csv, counted rather than shown
    severity: str = "error"
    why: str = ""  # for a reviewed warning, the maintainer's reason

    def __str__(self) -> str:
        location = f"{self.file}, {self.where}" if self.where else self.file
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{location}: {self.field} = {value!r}: expected {self.expected}"


@dataclass
class DataError(Exception):
    """Bad data. Carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) in the data"
        return head + "\n" + "\n".join(f"  - {p}" for p in errors)


class Collector:
    """The problems of one run of the validator: every reader and check adds to it, so a
    contributor sees them all at once, errors and warnings alike."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file, where, field_name, value, expected, severity="error") -> None:
        self.problems.append(Problem(str(file), where, field_name, str(value), expected, severity))

    def append(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def holder_label(holder: str) -> str:
    """The user-facing label for a holder code."""
    return HOLDER_LABELS.get(holder, HOLDER_LABELS["unknown"])
