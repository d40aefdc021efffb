"""Who held what, when: the state at a date, weekly frames, changes, and km² per holder.

The adopted claims are sorted once by (area, date); the state at any date is then one
`searchsorted` per area, so it costs the same for 100 areas or 10,000, for 300 claims or 1e6.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .load import Dataset
from .model import HOLDERS

UNKNOWN = "unknown"
# A state's columns from the claim in force: (the state's name, the claim's column).
STATE_COLUMNS = {
    "holder": "holder", "since": "date", "since_precision": "date_precision",
    **{name: name for name in (
        "date_as_written", "claim_id", "source_id", "quote", "confidence", "evidence", "note",
        "claim_area_id",
    )},
}  # fmt: skip


def _finest_evidence(ordered: pd.DataFrame) -> np.ndarray:
    """Which of a unit's ordered claims it follows: all but those about a wider place that
    repeat the holder of the finer claim in force."""
    codes = ordered["area_code"].to_numpy()
    holders = ordered["holder"].to_numpy(object)
    levels = ordered["level"].to_numpy()
    keep = np.ones(len(ordered), dtype=bool)
    current = (-1, None, 0)  # unit, holder and level of the claim in force
    for i in range(len(ordered)):
        if codes[i] == current[0] and holders[i] == current[1] and levels[i] > current[2]:
            keep[i] = False
        else:
            current = (codes[i], holders[i], levels[i])
    return keep


@dataclass
class Timeline:
    """The adopted claims of a dataset, indexed for fast look-ups by date."""

    dataset: Dataset

    @cached_property
    def area_ids(self) -> np.ndarray:
        return self.dataset.areas.index.to_numpy()

    @cached_property
    def _bearing(self) -> pd.DataFrame:
        """Adopted claims as they bear on each unit, ordered by unit, then date: a claim about
        a group stands for each unit in it (`claim_area_id` keeps the place the sentence speaks
        about, `level` how many steps up from the unit that place is). On one day wider places
        sort first, then by the line of the file, so the last row of a day is the one that wins.
        """
        claims = self.dataset.claims
        adopted = claims[claims["adopted"]]
        places = self.dataset.places
        if places.has_groups:
            members = places.members
            units = adopted["area_id"].map(lambda place: members.get(place, []))
            adopted = adopted.assign(claim_area_id=adopted["area_id"], area_id=units)
            adopted = adopted.explode("area_id").dropna(subset=["area_id"])
            chains = places.chains
            adopted["level"] = [
                chains[unit].index(place)
                for unit, place in zip(adopted["area_id"], adopted["claim_area_id"], strict=True)
            ]
        else:
            adopted = adopted.assign(claim_area_id=adopted["area_id"], level=0)
        codes = pd.Categorical(adopted["area_id"], categories=self.area_ids).codes
        adopted = adopted.assign(area_code=codes)
        adopted = adopted[adopted["area_code"] >= 0]
        return adopted.sort_values(
            ["area_code", "date", "level", "line"],
            ascending=[True, True, False, True],
            kind="stable",
        ).reset_index(drop=True)

    @cached_property
    def _sorted(self) -> pd.DataFrame:
        """The claims each unit follows, ordered by unit, then date (see `_bearing`): the latest
        wins, and a claim about a wider place that only repeats the holder a finer claim in
        force already gives is dropped, so the finer sentence stays the one the map cites.
        docs/method.md ("Places nest") works through examples."""
        bearing = self._bearing
        if not self.dataset.places.has_groups:
            return bearing
        return bearing[_finest_evidence(bearing)].reset_index(drop=True)

    @cached_property
    def _keys(self) -> np.ndarray:
        """One sortable int64 per claim: area code in the high part, day number in the low."""
        days = self._sorted["date"].to_numpy("datetime64[D]").astype(np.int64)
        return self._sorted["area_code"].to_numpy(np.int64) * 10_000_000 + (days + 5_000_000)

    def _last_claim_rows(self, date: pd.Timestamp) -> np.ndarray:
        """Per area, the row of its last adopted claim on or before `date`, or -1."""
        day = np.datetime64(pd.Timestamp(date).date(), "D").astype(np.int64)
        codes = np.arange(len(self.area_ids), dtype=np.int64)
        probes = codes * 10_000_000 + (day + 5_000_000)
        rows = np.searchsorted(self._keys, probes, side="right") - 1
        valid = rows >= 0
        valid[valid] = self._sorted["area_code"].to_numpy()[rows[valid]] == codes[valid]
        return np.where(valid, rows, -1)

    def holders_at(self, date) -> np.ndarray:
        """The holder code of each area (in `area_ids` order) at the end of `date`."""
        return self._column_at(date, "holder")

    def evidence_at(self, date) -> np.ndarray:
        """Per area, the evidence of the claim in force ("named", "inferred"), or ""."""
        return self._column_at(date, "evidence")

    def _column_at(self, date, column: str) -> np.ndarray:
        """Per area, `column` of the claim in force; where none is, UNKNOWN for the holder,
        no date for the date and "" for any other column."""
        return self._padded(column)[self._last_claim_rows(date)]  # row -1: the padding

    def _padded(self, column: str) -> np.ndarray:
        """`column` of `_sorted` with the value for "no claim" appended (row -1), made once
        per column: a week's column is then one look-up."""
        padded = self._padded_columns
        if column not in padded:
            if column == "date":
                dates = self._sorted["date"].to_numpy("datetime64[ns]")
                padded[column] = np.append(dates, np.datetime64("NaT", "ns"))
            else:
                missing = UNKNOWN if column == "holder" else ""
                padded[column] = np.append(self._sorted[column].to_numpy(object), missing)
        return padded[column]

    @cached_property
    def _padded_columns(self) -> dict[str, np.ndarray]:
        return {}

    def _kept(self, key: tuple, make):
        """Results the app asks for again and again (a week's state, an area's claims), kept
        with the dataset (a timeline is a function of it): the app shows only weekly frames,
        so this stays small. Read-only."""
        return self.dataset.derived(("timeline", *key), make)

    def state_at(self, date) -> pd.DataFrame:
        """One row per area: holder, since, and the adopted claim that set it.

        An area with no adopted claim on or before `date` is `unknown`: the map never guesses.
        The frame returned is shared: copy it before changing it.
        """
        date = pd.Timestamp(date)
        return self._kept(("state_at", date), lambda: self._state_at(date))

    def warm(self) -> None:
        """Compute what the app reads for every weekly frame (state, changes, siege)."""
        for date in self.frame_dates:
            self.state_at(date)
            self.changes_in_week(date)
            self.siege_at(date)

    def state_of(self, area_id: str, date) -> pd.Series:
        """One area's row of `state_at(date)`."""
        positions = self._kept(("positions",), self._positions)
        return self.state_at(date).iloc[positions[area_id]]

    def _state_at(self, date: pd.Timestamp) -> pd.DataFrame:
        rows = self._last_claim_rows(date)  # -1 where no claim: the padding
        picked = {shown: self._padded(column)[rows] for shown, column in STATE_COLUMNS.items()}
        return pd.DataFrame({**self._state_areas, **picked, "area_km2": self._area_km2})

    @cached_property
    def _state_areas(self) -> dict[str, np.ndarray]:
        """The columns of a state that do not change with the date, first in its order."""
        areas = self.dataset.areas
        places = self.dataset.places
        return {
            "area_id": self.area_ids,
            "name": areas["name"].to_numpy(),
            "name_ar": areas["name_ar"].to_numpy(),
            "district_id": np.array([places.district_of(a) for a in self.area_ids], object),
        }

    @cached_property
    def _area_km2(self) -> np.ndarray:
        return self.dataset.areas["area_km2"].to_numpy()

    def claims_for(self, area_id: str) -> pd.DataFrame:
        """Every claim bearing on a place, adopted or not, oldest first (on one day the wider
        place first, then by line): its whole history.

        For a unit, that is the claims about it and about each group containing it (their
        `area_id` is the place the sentence speaks about); for a group, those about it and
        the groups containing it."""
        return self._kept(("claims_for", area_id), lambda: self._claims_for(area_id))

    def _claims_for(self, area_id: str) -> pd.DataFrame:
        claims = self.dataset.claims
        places = self.dataset.places
        chain = [area_id]
        while (up := places.parent.get(chain[-1], "")) and up not in chain:
            chain.append(up)
        mine = claims[claims["area_id"].isin(chain)]
        wider_first = -mine["area_id"].map(chain.index)  # the order the rule reads them in
        return (
            mine.assign(_order=wider_first)
            .sort_values(["date", "_order", "line"], kind="stable")
            .drop(columns="_order")
        )

    def followed_dates(self, area_id: str) -> np.ndarray:
        """The dates of the claims a unit follows (see `_sorted`)."""
        code = self._kept(("positions",), self._positions)[area_id]
        rows = self._sorted["area_code"].to_numpy() == code
        return self._sorted["date"].to_numpy("datetime64[ns]")[rows]

    def _positions(self) -> dict[str, int]:
        return {a: i for i, a in enumerate(self.area_ids)}

    def disagreeing_claims(self, area_id: str, date) -> pd.DataFrame:
        """Claims the map does not follow that bear on the holding shown at `date`.

        Those are the area's non-adopted claims dated after the adopted claim before the
        current one and before the next adopted claim: rival dates for the same change, and
        rival holders for the same period.
        """
        date = pd.Timestamp(date)
        return self._kept(("disagreeing", area_id, date), lambda: self._disagreeing(area_id, date))

    def _disagreeing(self, area_id: str, date: pd.Timestamp) -> pd.DataFrame:
        history = self.claims_for(area_id)
        # numpy on a handful of rows: pandas' per-call overhead was most of a click's cost
        dates = history["date"].to_numpy("datetime64[ns]")
        adopted = history["adopted"].to_numpy(bool)
        adopted_dates = self.followed_dates(area_id)
        day = np.datetime64(date, "ns")
        before = adopted_dates[adopted_dates <= day]
        after = adopted_dates[adopted_dates > day]
        start = before[-2] if len(before) > 1 else np.datetime64("NaT")
        end = after[0] if len(after) else np.datetime64("NaT")
        keep = ~adopted
        if not np.isnat(start):
            keep &= dates > start
        if not np.isnat(end):
            keep &= dates < end
        return history[keep]

    @cached_property
    def first_date(self) -> pd.Timestamp:
        """The first adopted claim: before it the map would be all unknown."""
        return self._sorted["date"].min() if len(self._sorted) else self.dataset.period[0]

    @cached_property
    def last_date(self) -> pd.Timestamp:
        return self._sorted["date"].max() if len(self._sorted) else self.dataset.period[1]

    @cached_property
    def frame_dates(self) -> pd.DatetimeIndex:
        """The end (Sunday) of every week from the first adopted claim's week to the last's."""
        return pd.date_range(self.first_date, self.last_date + pd.Timedelta(days=6), freq="W-SUN")

    def frame_date_for(self, date) -> pd.Timestamp:
        """The weekly frame whose week contains `date` (clamped to the covered frames)."""
        index = int(np.searchsorted(self.frame_dates, pd.Timestamp(date), side="left"))
        return self.frame_dates[min(max(index, 0), len(self.frame_dates) - 1)]

    def weekly_frames(self, column: str = "holder") -> pd.DataFrame:
        """Holder (or another claim column, e.g. "evidence") of every area at every frame date:
        rows are frame dates, columns area ids."""
        matrix = np.vstack([self._column_at(d, column) for d in self.frame_dates])
        return pd.DataFrame(matrix, index=self.frame_dates, columns=self.area_ids)

    def _evidence_matrices(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Frames × areas: coloured (holder known), named and inferred."""
        holders = self.weekly_frames().to_numpy()
        evidence = self.weekly_frames("evidence").to_numpy()
        coloured = holders != UNKNOWN
        return coloured, coloured & (evidence == "named"), coloured & (evidence == "inferred")

    def evidence_weekly(self) -> pd.DataFrame:
        """Areas per weekly frame whose holder rests on a named sentence, on an inference,
        or on no claim (unknown): rows are frame dates."""
        coloured, named, inferred = self._evidence_matrices()
        return pd.DataFrame(
            {
                "named": named.sum(axis=1),
                "inferred": inferred.sum(axis=1),
                "unknown": (~coloured).sum(axis=1),
            },
            index=self.frame_dates,
        )

    def evidence_shares(self) -> dict:
        """How much of the map a sentence names, over every weekly frame.

        `named` and `inferred` are shares of the coloured area-weeks (holder not unknown);
        `unknown` is the share of all area-weeks; `mostly_inferred` lists the areas whose
        coloured weeks rest on inferred claims more often than not, most inferred first.
        """
        coloured, named, inferred = self._evidence_matrices()
        total = max(int(coloured.sum()), 1)
        per_area = pd.Series(
            inferred.sum(axis=0) / np.maximum(coloured.sum(axis=0), 1), index=self.area_ids
        )
        mostly = per_area[per_area > 0.5].sort_values(ascending=False, kind="stable")
        return {
            "area_weeks": int(coloured.size),
            "coloured": int(coloured.sum()),
            "named": float(named.sum() / total),
            "inferred": float(inferred.sum() / total),
            "unknown": float((~coloured).sum() / max(coloured.size, 1)),
            "mostly_inferred": mostly,
        }

    @cached_property
    def changes(self) -> pd.DataFrame:
        """Every adopted claim that changed an area's holder, with the holder before it."""
        ordered = self._sorted
        previous = ordered.groupby("area_code")["holder"].shift(1).fillna(UNKNOWN)
        changed = ordered[ordered["holder"] != previous].copy()
        changed["previous_holder"] = previous[changed.index]
        return changed.sort_values(["date", "line"], kind="stable").reset_index(drop=True)

    def changes_between(self, start, end) -> pd.DataFrame:
        """Changes of holder dated after `start` and on or before `end`."""
        changes = self.changes
        mask = (changes["date"] > pd.Timestamp(start)) & (changes["date"] <= pd.Timestamp(end))
        return changes[mask]

    def changes_in_week(self, date) -> pd.DataFrame:
        """The changes shown as new at `date`: those of the seven days ending on `date`
        (for a weekly frame, a Sunday, that is its Monday-to-Sunday week)."""
        end = pd.Timestamp(date)
        return self._kept(
            ("changes_in_week", end),
            lambda: self.changes_between(end - pd.Timedelta(days=7), end),
        )

    def change_dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.changes["date"].drop_duplicates().sort_values())

    # ------------------------------------------------------------- routes into the east

    @cached_property
    def _route_claims(self) -> pd.DataFrame:
        routes = self.dataset.routes
        adopted = routes[routes["adopted"].astype(bool)]
        claims = adopted.sort_values(["route_id", "date", "line"], kind="stable")
        names = self.dataset.landmarks.set_index("id")["name"] if len(claims) else {}
        return claims.assign(name=claims["route_id"].map(names)).reset_index(drop=True)

    @cached_property
    def _route_dates(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per route (sorted ids): its claims' dates and their rows in `_route_claims`."""
        claims = self._route_claims
        dates = claims["date"].to_numpy("datetime64[ns]")
        return {
            route: (dates[rows], rows)
            for route, rows in sorted(claims.groupby("route_id").indices.items())
        }

    def route_rows_at(self, dates) -> np.ndarray:
        """Dates × routes (in sorted id order): the row in `_route_claims` of each route's claim
        in force at the end of each date, or -1. One searchsorted per route."""
        days = pd.DatetimeIndex(dates).to_numpy("datetime64[ns]")
        out = np.full((len(days), len(self._route_dates)), -1, dtype=np.int64)
        for column, (route_dates, rows) in enumerate(self._route_dates.values()):
            at = np.searchsorted(route_dates, days, side="right") - 1
            out[:, column] = np.where(at >= 0, rows[np.maximum(at, 0)], -1)
        return out

    @property
    def route_ids(self) -> list[str]:
        return list(self._route_dates)

    def route_states_at(self, date) -> pd.DataFrame:
        """Per route with a claim on or before `date`: its state and the claim that set it."""
        rows = self.route_rows_at([pd.Timestamp(date)])[0]
        return self._route_claims.iloc[rows[rows >= 0]].reset_index(drop=True)

    def siege_at(self, date) -> pd.Series | None:
        """The claim that cut the last route into the east, if every route with a known state
        is cut on `date` (the east is besieged); otherwise None."""
        date = pd.Timestamp(date)
        return self._kept(("siege_at", date), lambda: self._siege_at(date))

    def siege_rows(self, dates) -> np.ndarray:
        """Per date, the row in `_route_claims` of the claim that cut the last route while
        every route with a known state is cut, else -1."""
        rows = self.route_rows_at(dates)
        if not rows.shape[1]:  # no route: never besieged
            return np.full(len(rows), -1, dtype=np.int64)
        claims = self._route_claims
        cut = np.append(claims["state"].to_numpy(object) == "cut", False)  # row -1: not cut
        order = np.lexsort((claims["line"].to_numpy(), claims["date"].to_numpy("datetime64[ns]")))
        rank = np.empty(len(claims) + 1, dtype=np.int64)
        rank[order] = np.arange(len(order))
        rank[-1] = -1  # a route with no claim ranks below every claim
        known = rows >= 0
        besieged = known.any(axis=1) & (cut[rows] | ~known).all(axis=1)
        latest = np.take_along_axis(rows, rank[rows].argmax(axis=1)[:, None], axis=1)[:, 0]
        return np.where(besieged, latest, -1)

    def _siege_at(self, date: pd.Timestamp) -> pd.Series | None:
        row = self.siege_rows([date])[0]
        return None if row < 0 else self._route_claims.iloc[row]

    def area_by_holder(self, date) -> pd.Series:
        """km² held by each holder at `date` (every holder listed, zeros included)."""
        holders = self.holders_at(date)
        km2 = self.dataset.areas["area_km2"].to_numpy()
        totals = pd.Series(km2).groupby(holders).sum()
        return totals.reindex(list(HOLDERS), fill_value=0.0)

    def area_by_holder_weekly(self) -> pd.DataFrame:
        """km² per holder for every weekly frame: rows are frame dates, columns holders."""
        frames = self.weekly_frames()
        km2 = self.dataset.areas["area_km2"].to_numpy()
        table = {h: (frames.to_numpy() == h).astype(float) @ km2 for h in HOLDERS}
        return pd.DataFrame(table, index=frames.index)
