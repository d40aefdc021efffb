"""Places nest: the map's units in the districts the sources name, districts in wider groups.

`geodata/districts.csv` lists the groups (`id,name,name_ar,alt_names,parent_id,note`); each
unit of `geodata/areas.geojson` names its group in `district_id`. A claim's `area_id` may name
a unit or a group, so that a sentence about "the Old City" is one claim about the Old City and
a sentence about al-Farafira, a part of it, is a claim about that unit.

A group that contains other groups (the city, "eastern Aleppo") is a *wider* group: a sentence
about it names no neighbourhood, so a claim about it is always `inferred`. So is a group the
file marks `wider` in its optional `kind` column (Aleppo's "two northern districts YPG-held": a
side of the city, not a district). Every other group with units in it is a *district*: the map
outlines it and names it. A dataset without a districts file still works: every unit stands
alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from .model import (
    AREAS_FILE,
    AREAS_INDEX_FILE,
    DISTRICT_COLUMNS,
    DISTRICTS_FILE,
    GROUP_KINDS,
    Collector,
)
from .readers import check_ids, did_you_mean, read_csv_table

GROUP_COLUMNS = ("name", "name_ar", "alt_names", "parent_id", "kind", "note", "line")
# A name whose last word is one of these takes "the" in a sentence: "named for the Old City",
# "the Handarat Camp"; "Bab al-Hadid", "Eastern Aleppo" and "al-Sakhur" do not.
ARTICLE_NOUNS = frozenset(
    {"city", "side", "north", "south", "east", "west", "quarter", "quarters", "district",
     "districts", "camp", "farms", "hill", "town", "housing", "project", "apartments",
     "neighbourhoods", "neighborhoods"}
)  # fmt: skip


def empty_groups() -> pd.DataFrame:
    return pd.DataFrame(columns=GROUP_COLUMNS).rename_axis("id")


@dataclass
class Places:
    """The units (in the areas' order) and the groups, and how they nest."""

    units: list[str]
    unit_groups: dict[str, str]  # unit id -> its district_id ("" when it stands alone)
    groups: pd.DataFrame = field(default_factory=empty_groups)  # index: group id

    @cached_property
    def parent(self) -> dict[str, str]:
        """Every place's containing group ("" at the top)."""
        parents = {g: str(p or "") for g, p in self.groups["parent_id"].items()}
        return {**parents, **self.unit_groups}

    @cached_property
    def chains(self) -> dict[str, tuple[str, ...]]:
        """Per unit: the unit, then each group containing it, finest first."""
        chains = {}
        for unit in self.units:
            chain = [unit]
            while (up := self.parent.get(chain[-1], "")) and up not in chain:
                chain.append(up)
            chains[unit] = tuple(chain)
        return chains

    @cached_property
    def members(self) -> dict[str, list[str]]:
        """Per place: the units it covers (a unit covers itself), in the areas' order."""
        members: dict[str, list[str]] = {unit: [unit] for unit in self.units}
        for group in self.groups.index:
            members[group] = []
        for unit, chain in self.chains.items():
            for group in chain[1:]:
                members.setdefault(group, []).append(unit)
        return members

    @cached_property
    def wider(self) -> set[str]:
        """Groups that contain other groups, and those the file marks `wider`: a sentence
        about one names no neighbourhood."""
        declared = {g for g, kind in self.groups["kind"].items() if kind == "wider"}
        return {p for p in self.groups["parent_id"] if p} | declared

    @cached_property
    def districts(self) -> list[str]:
        """The groups the map outlines and names, in the file's order: those with units in
        them that are not wider groups."""
        return [g for g in self.groups.index if g not in self.wider and self.members.get(g)]

    @property
    def has_groups(self) -> bool:
        return len(self.groups) > 0

    def is_group(self, place: str) -> bool:
        return place in self.groups.index

    def level(self, unit: str, place: str) -> int:
        """How many steps up from `unit` `place` is: 0 for the unit itself, 1 its district…"""
        return self.chains[unit].index(place)

    def district_of(self, unit: str) -> str:
        """The unit's finest group (its `district_id`), "" when it stands alone."""
        return self.unit_groups.get(unit, "")

    def shown_district(self, unit: str) -> str:
        """The district the map outlines the unit in, "" when its finest group is a wider one
        (a unit directly in "eastern Aleppo" or the city is a place of its own)."""
        district = self.unit_groups.get(unit, "")
        return district if district and district not in self.wider else ""

    def children(self, group: str) -> list[str]:
        """The places directly inside a group: its groups, then its units."""
        inner = [g for g, p in self.groups["parent_id"].items() if p == group]
        return inner + [u for u in self.units if self.unit_groups.get(u) == group]

    @property
    def ids(self) -> set[str]:
        return set(self.units) | set(self.groups.index)

    @cached_property
    def selectable(self) -> frozenset[str]:
        """The places a reader may choose (a click, a search, an address): every unit, and
        every group with units in it."""
        return frozenset(self.units) | {g for g in self.groups.index if self.members.get(g)}

    def phrase(self, place: str) -> str:
        """A group's name as it reads in a sentence ("the Old City"); a unit's id as given."""
        if place in self.groups.index:
            return with_article(str(self.groups.at[place, "name"]))
        return place


def read_groups(root: Path, problems: Collector) -> pd.DataFrame:
    """The groups of geodata/districts.csv indexed by id (an empty table when there is no
    such file), with alt_names split into lists. Rows that cannot be used are reported."""
    path = root / DISTRICTS_FILE
    if not path.exists():
        return empty_groups()
    table = read_csv_table(path, DISTRICTS_FILE, DISTRICT_COLUMNS, problems)
    if table is None:
        return empty_groups()
    table = table.apply(lambda col: col.str.strip() if col.name != "line" else col)
    check_ids(table, "id", DISTRICTS_FILE, problems)
    for line in table["line"][table["name"].eq("")]:
        problems.add(DISTRICTS_FILE, f"line {line}", "name", "", "a non-empty English name")
    if "kind" not in table:
        table["kind"] = ""
    for line, kind in table.loc[~table["kind"].isin(("", *GROUP_KINDS)), ["line", "kind"]].values:
        expected = "empty, or one of: " + ", ".join(GROUP_KINDS)
        problems.add(DISTRICTS_FILE, f"line {line}", "kind", kind, expected)
    table = table.drop_duplicates("id").set_index("id")
    table["alt_names"] = table["alt_names"].map(
        lambda v: [s.strip() for s in v.split("|") if s.strip()]
    )
    return table[list(GROUP_COLUMNS)]


def check_nesting(areas: pd.DataFrame, groups: pd.DataFrame, problems: Collector) -> None:
    """Every unit's district_id and every group's parent_id names a group; no group contains
    itself; no id is both a unit and a group."""
    group_ids = list(groups.index)
    for unit, district in areas["district_id"].items():
        if not district:
            continue
        if district not in groups.index:
            where = f"feature {areas.at[unit, 'feature']} (id {unit!r})"
            expected = (
                f"the id of a group in {DISTRICTS_FILE}" + did_you_mean(district, group_ids)
                if len(groups)
                else f"empty, or a group listed in {DISTRICTS_FILE} (this dataset has none)"
            )
            problems.add(AREAS_FILE, where, "district_id", district, expected)
    for group, row in groups.iterrows():
        where = f"line {row['line']} (id {group!r})"
        if group in areas.index:
            expected = f"an id not also used by a unit of {AREAS_FILE} (see {AREAS_INDEX_FILE})"
            problems.add(DISTRICTS_FILE, where, "id", group, expected)
        if row["kind"] == "district" and group in set(groups["parent_id"]):
            inner = ", ".join(g for g, p in groups["parent_id"].items() if p == group)
            expected = f"wider, or empty: it contains the groups {inner}"
            problems.add(DISTRICTS_FILE, where, "kind", "district", expected)
        parent = row["parent_id"]
        if parent and parent not in groups.index:
            expected = f"empty, or the id of another group{did_you_mean(parent, group_ids)}"
            problems.add(DISTRICTS_FILE, where, "parent_id", parent, expected)
    inside = set(areas["district_id"]) | set(groups["parent_id"])
    for group in groups.index.difference(list(inside)):
        where = f"line {groups.at[group, 'line']} (id {group!r})"
        expected = "a group with at least one unit or group in it (a district_id or parent_id)"
        problems.add(DISTRICTS_FILE, where, "id", group, expected, "warning")
    for loop in _loops(groups):
        first = loop[0]
        where = f"line {groups.at[first, 'line']} (id {first!r})"
        value = " → ".join([*loop, first])
        expected = "groups that nest without a loop: a group cannot contain itself"
        problems.add(DISTRICTS_FILE, where, "parent_id", value, expected)


def _loops(groups: pd.DataFrame) -> list[list[str]]:
    """Each cycle among the groups' parent links, once, starting at its first group."""
    parent = {g: p for g, p in groups["parent_id"].items() if p in groups.index}
    loops, seen = [], set()
    for start in groups.index:
        path, node = [], start
        while node in parent and node not in path and node not in seen:
            path.append(node)
            node = parent[node]
        if node in path:
            loop = path[path.index(node) :]
            first = min(loop, key=list(groups.index).index)
            i = loop.index(first)
            loops.append(loop[i:] + loop[:i])
        seen.update(path)
    return loops


def make_places(areas: pd.DataFrame, groups: pd.DataFrame) -> Places:
    """The nesting of a validated dataset (district ids that name no group are dropped)."""
    districts = areas["district_id"] if "district_id" in areas else pd.Series("", areas.index)
    unit_groups = {
        unit: district if district in groups.index else "" for unit, district in districts.items()
    }
    return Places(units=list(areas.index), unit_groups=unit_groups, groups=groups)


def with_article(name: str) -> str:
    """The name as it reads inside a sentence: "the Old City", "the North Side", "Bab
    al-Hadid"."""
    words = name.split()
    if not words:
        return name
    if words[0] in ("The", "the"):
        return "the " + " ".join(words[1:])
    return f"the {name}" if words[-1].lower() in ARTICLE_NOUNS else name


def district_outlines(geometry, places: Places):
    """Per district (Places.districts), the outline of its units together: the union of their
    shapes in `geometry` (a GeoSeries indexed by unit id, in a metric CRS), with the hairline
    gaps between neighbours closed. A GeoSeries in the same CRS, indexed by district id."""
    shapes = []
    for group in places.districts:
        union = shapely.union_all(geometry.loc[places.members[group]].to_numpy())
        # Neighbours drawn apart by a street's width leave slivers a heavy line would trace.
        shapes.append(union.buffer(3.0, join_style="mitre").buffer(-3.0, join_style="mitre"))
    return gpd.GeoSeries(shapes, index=pd.Index(places.districts, name="id"), crs=geometry.crs)


def label_point(geom):
    """Where a place's name goes: the centre of the largest circle inside its largest part
    (a name at the centroid of a crescent would sit outside it)."""
    largest = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
    return shapely.get_point(shapely.maximum_inscribed_circle(largest, largest.length / 500), 0)
