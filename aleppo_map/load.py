"""Load and validate a dataset directory: areas, landmarks, claims and sources.

`load_dataset` either returns a `Dataset` or raises `DataError` listing every problem found,
each with the file, the line or feature, the field, the value and what was expected.
Nothing here ever writes to the data files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .boundary_checks import boundary_problems
from .claims import (
    AREA_CLAIMS,
    ROUTE_CLAIMS,
    check_adopted_conflicts,
    check_contested_renewal,
    check_named,
    check_period,
    check_quotes,
    check_wider_inferred,
    find_texts_dir,
    read_claims,
    read_sources,
)
from .geometry import read_areas, read_landmarks
from .model import (
    AREAS_FILE,
    CLAIMS_FILE,
    DISTRICTS_FILE,
    LANDMARKS_FILE,
    METRIC_CRS,
    REVIEWED_COLUMNS,
    REVIEWED_FILE,
    ROUTE_COLUMNS,
    ROUTES_FILE,
    SOURCES_FILE,
    Collector,
    DataError,
    Problem,
)
from .places import Places, check_nesting, empty_groups, make_places, read_groups
from .readers import read_csv_table, read_meta


@dataclass
class Dataset:
    """A validated dataset: what the timeline and the renderers work on."""

    root: Path
    areas: gpd.GeoDataFrame  # index: area id; EPSG:4326; column area_km2
    claims: pd.DataFrame  # one row per claim, `date` as datetime64, `adopted` as bool, `line`
    sources: pd.DataFrame  # index: source_id
    landmarks: gpd.GeoDataFrame
    # How units nest in districts and wider groups (geodata/districts.csv); every unit
    # stands alone when the dataset has no groups.
    places: Places | None = None
    meta: dict = field(default_factory=dict)
    # States of the routes into a besieged part of the city (route_changes.csv, optional):
    # claims with `route_id` for `area_id` and `state` for `holder`.
    routes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROUTE_COLUMNS))
    warnings: list[Problem] = field(default_factory=list)
    quotes_checked: bool = False
    signature: str = ""  # data_signature of the files when they were read
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # derived data

    def __post_init__(self) -> None:
        if self.places is None:
            self.places = make_places(self.areas, empty_groups())

    @property
    def cache_key(self) -> str:
        """Names this dataset as read: its folder and the state of its files."""
        return f"{self.root}@{self.signature}"

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    @property
    def metric_crs(self) -> str:
        return self.areas.attrs.get("metric_crs", METRIC_CRS)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", "Territorial control map"))

    @property
    def headline(self) -> str:
        """The maps' title line: the datapackage's `headline`, else the dataset's title."""
        return str(self.meta.get("headline") or self.title)

    @property
    def siege_label(self) -> str:
        """What the maps call the state where every route in is cut (the datapackage's
        `siege_label`, e.g. "Eastern Aleppo besieged")."""
        return str(self.meta.get("siege_label") or "Besieged")

    def derived(self, key: tuple, make):
        """`make()`, made once per dataset and kept under `key`: data derived from this
        dataset that the app asks for again and again. Shared: treat it as read-only."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @property
    def period(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The covered period: from the datapackage if stated, else the claims' own span."""
        return self.derived(("period",), self._period)  # asked on every rerun

    def _period(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        period = self.meta.get("period") or {}
        first = self.claims["date"].min()
        last = self.claims["date"].max()
        start = pd.Timestamp(period["start"]) if period.get("start") else first
        end = pd.Timestamp(period["end"]) if period.get("end") else last
        return start, end


# ------------------------------------------------------------------------------- entry point


def validate_dataset(
    root: str | Path, texts_dir: Path | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """Read and check everything; return the dataset (None if any error) and all problems."""
    root = Path(root)
    problems = Collector()
    signature = data_signature(root) if root.is_dir() else ""
    if not root.is_dir():
        problems.add(str(root), "", "--data", str(root), "a dataset directory")
        return None, problems.problems
    meta = read_meta(root, problems)
    areas = read_areas(root / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is not None:
        problems.problems.extend(boundary_problems(root, areas))
    landmarks = read_landmarks(root / LANDMARKS_FILE, LANDMARKS_FILE, problems)
    sources = read_sources(root / SOURCES_FILE, SOURCES_FILE, problems)
    groups = read_groups(root, problems)
    if areas is not None:
        check_nesting(areas, groups, problems)
    place_ids = set(areas.index) | set(groups.index) if areas is not None else None
    claims = read_claims(root / CLAIMS_FILE, CLAIMS_FILE, place_ids, sources, problems)
    routes = _read_routes(root, landmarks, sources, problems)
    quotes_checked = False
    texts_dir = texts_dir or find_texts_dir(root)
    for table, display, rows in (
        (AREA_CLAIMS, CLAIMS_FILE, claims),
        (ROUTE_CLAIMS, ROUTES_FILE, routes),
    ):
        if rows is None or rows.empty:
            continue
        check_period(rows, meta, display, problems)
        check_adopted_conflicts(rows, display, problems, table)
        if sources is not None and texts_dir is not None:
            checked = check_quotes(rows, sources, texts_dir, display, problems)
            quotes_checked = quotes_checked or checked
    places = make_places(areas, groups) if areas is not None else None
    if claims is not None and places is not None:
        check_named(claims, areas, CLAIMS_FILE, problems)
        check_named(claims, groups, CLAIMS_FILE, problems, places_file=DISTRICTS_FILE)
        check_wider_inferred(claims, places.wider, CLAIMS_FILE, problems)
        check_contested_renewal(claims, _period_end(claims, meta), CLAIMS_FILE, problems)
    if routes is not None and not routes.empty:
        check_named(
            routes, landmarks.set_index("id"), ROUTES_FILE, problems, ROUTE_CLAIMS, LANDMARKS_FILE
        )
    _mark_reviewed(root, problems)
    if problems.has_errors or areas is None or claims is None or sources is None:
        return None, problems.problems
    claims = claims.sort_values(["date", "line"], kind="stable").reset_index(drop=True)
    dataset = Dataset(
        root=root,
        areas=areas,
        claims=claims,
        sources=sources,
        landmarks=landmarks,
        places=places,
        meta=meta,
        routes=routes.sort_values(["date", "line"], kind="stable").reset_index(drop=True),
        warnings=[p for p in problems.problems if p.severity != "error"],
        quotes_checked=quotes_checked,
        signature=signature,
    )
    return dataset, problems.problems


def _mark_reviewed(root: Path, problems: Collector) -> None:
    """Warnings listed in reviewed_warnings.csv become `reviewed` (counted, not shown); a
    listed warning the data no longer raises is itself a warning, so the list stays true."""
    path = root / REVIEWED_FILE
    if not path.exists():
        return
    table = read_csv_table(path, REVIEWED_FILE, REVIEWED_COLUMNS, problems)
    if table is None:
        return
    reviewed = {(row.file, row.field, row.value): row.why for row in table.itertuples(index=False)}
    raised = set()
    for i, problem in enumerate(problems.problems):
        key = (problem.file, problem.field, problem.value)
        if problem.severity == "warning" and key in reviewed:
            problems.problems[i] = replace(problem, severity="reviewed", why=reviewed[key])
            raised.add(key)
    for line, row in zip(table["line"], table.itertuples(index=False), strict=True):
        if (row.file, row.field, row.value) not in raised:
            problems.add(
                REVIEWED_FILE, f"line {line}", "value", row.value,
                "a warning the data still raises: this one is gone, so remove its row",
                "warning",
            )  # fmt: skip


def _read_routes(root: Path, landmarks, sources, problems: Collector) -> pd.DataFrame:
    """The optional route_changes.csv; without it, an empty table with the same columns."""
    path = root / ROUTES_FILE
    empty = pd.DataFrame(columns=[*ROUTE_COLUMNS, "line"]).astype({"adopted": bool})
    empty["date"] = pd.to_datetime(empty["date"])
    if not path.exists():
        return empty
    lines = landmarks[landmarks.geometry.geom_type.str.endswith("LineString")]
    routes = read_claims(path, ROUTES_FILE, set(lines["id"]), sources, problems, ROUTE_CLAIMS)
    return empty if routes is None else routes


def _period_end(claims: pd.DataFrame, meta: dict) -> pd.Timestamp:
    end = (meta.get("period") or {}).get("end")
    try:
        return pd.Timestamp(end) if end else claims["date"].max()
    except (TypeError, ValueError):
        return claims["date"].max()


DATA_SUFFIXES = (".csv", ".json", ".geojson", ".txt")


def data_signature(root: str | Path) -> str:
    """A short key that changes whenever a data file of the dataset changes (its name, size or
    modification time): the app keys its caches on it, so an edited file is read again."""
    root = Path(root)
    files = [p for p in root.glob("*") if p.suffix in DATA_SUFFIXES]
    files += [p for p in (root / "geodata").rglob("*") if p.suffix in DATA_SUFFIXES]
    texts = find_texts_dir(root)
    if texts is not None:
        files += [p for p in texts.rglob("*") if p.suffix in (".txt", ".md")]
    stats = []
    for path in sorted(files):
        try:
            info = path.stat()
        except OSError:  # removed while we looked: the next look sees it gone
            continue
        stats.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(stats).encode()).hexdigest()[:16]


def load_dataset(root: str | Path, texts_dir: Path | None = None) -> Dataset:
    """The validated dataset, or `DataError` with every problem found."""
    dataset, problems = validate_dataset(root, texts_dir)
    if dataset is None:
        raise DataError(problems)
    return dataset
