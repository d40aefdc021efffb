"""Places nest: the map's units in the districts the sources name, districts in wider groups.

`geodata/districts.csv` lists the groups (`id,name,name_ar,alt_names,parent_id,note`); each
unit of `geodata/areas.geojson` names its group in `district_id`. A claim's `area_id` may name
a unit or a group, so that a sentence about "the Old City" is one claim about the Old City and
a sentence about al-Farafira, a part of it, is a claim about that unit.

A group that contains other groups (the city, "eastern Aleppo") is a *wider* group: a sentence
about it names no neighbourhood, so a claim about it is always `inferred`. A dataset without a
districts file still works: every unit stands alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .model import AREAS_FILE, AREAS_INDEX_FILE, DISTRICT_COLUMNS, DISTRICTS_FILE, Collector
from .readers import check_ids, did_you_mean, read_csv_table

GROUP_COLUMNS = ("name", "name_ar", "alt_names", "parent_id", "note", "line")


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
        """Groups that contain other groups: a sentence about one names no neighbourhood."""
        return {p for p in self.groups["parent_id"] if p}

    @property
    def has_groups(self) -> bool:
        return len(self.groups) > 0

    def is_group(self, place: str) -> bool:
        return place in self.groups.index

    def level(self, unit: str, place: str) -> int:
        """How many steps up from `unit` `place` is: 0 for the unit itself, 1 its district…"""
        return self.chains[unit].index(place)

    def district_of(self, unit: str) -> str:
        return self.unit_groups.get(unit, "")

    def children(self, group: str) -> list[str]:
        """The places directly inside a group: its groups, then its units."""
        inner = [g for g, p in self.groups["parent_id"].items() if p == group]
        return inner + [u for u in self.units if self.unit_groups.get(u) == group]

    @property
    def ids(self) -> set[str]:
        return set(self.units) | set(self.groups.index)


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
