"""The validated dataset kept on disk: reused for the same files and code, made again when a
data file changes, and never in the way when the cache cannot be written."""

from __future__ import annotations

import threading

import pytest

from aleppo_map import warmup


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALEPPO_CACHE_DIR", str(folder))
    return folder


def test_the_same_files_are_validated_once_and_an_edit_validates_again(
    cache, testville_copy, monkeypatch
):
    calls = []
    real = warmup.validate_dataset
    monkeypatch.setattr(warmup, "validate_dataset", lambda root: calls.append(root) or real(root))
    first, _ = warmup.validated(testville_copy)
    again, _ = warmup.validated(testville_copy)
    assert len(calls) == 1 and len(list(cache.glob("dataset-*.pickle"))) == 1
    assert list(again.areas.index) == list(first.areas.index)
    assert again.claims.equals(first.claims)
    claims = testville_copy / "control_changes.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Initial state.", "Start."))
    edited, _ = warmup.validated(testville_copy)
    assert len(calls) == 2
    assert "Start." in set(edited.claims["note"])


def test_an_unwritable_cache_only_costs_the_validation(tmp_path, monkeypatch, testville_copy):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ALEPPO_CACHE_DIR", str(blocked / "cache"))
    dataset, problems = warmup.validated(testville_copy)
    assert dataset is not None and not [p for p in problems if p.severity == "error"]


def test_a_cache_other_libraries_made_is_neither_shared_nor_trusted(
    cache, testville_copy, monkeypatch
):
    """`make test-min` and `make test` share ~/.cache: a pickle from other pandas versions
    raised TypeError in the app. Other versions get their own file, and an unreadable one is
    validated again instead of failing."""
    warmup.validated(testville_copy)
    (made,) = cache.glob("dataset-*.pickle")
    monkeypatch.setattr(warmup, "_version", lambda name: "0.0-other")
    warmup.validated(testville_copy)
    assert len(list(cache.glob("dataset-*.pickle"))) == 2
    for pickled in cache.glob("dataset-*.pickle"):
        pickled.write_bytes(b"\x80\x05\x95garbage that no unpickler reads")
    dataset, problems = warmup.validated(testville_copy)
    assert dataset is not None and not [p for p in problems if p.severity == "error"]
    assert made.exists()


def test_what_the_start_prepared_is_what_the_app_loads_first_and_is_warmed_once(
    cache, testville_copy
):
    """aleppo_map.ui.start prepares the dataset before the server answers: the app's first
    load gets that very timeline, every week already made, and no second warm-up starts."""
    warmup.prepare(testville_copy)
    dataset, timeline, problems = warmup.load_warm(testville_copy)
    assert dataset is not None and not [p for p in problems if p.severity == "error"]
    assert all(("timeline", "state_at", d) in dataset.cache for d in timeline.frame_dates)
    warmup.warm_in_background(timeline)
    assert "warm-timeline" not in [thread.name for thread in threading.enumerate()]
    _, later, _ = warmup.load_warm(testville_copy)
    assert later is not timeline  # taken once: the app's own cache keeps it after that


def test_files_edited_after_the_start_are_read_again(cache, testville_copy):
    warmup.prepare(testville_copy)
    claims = testville_copy / "control_changes.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Initial state.", "Start."))
    dataset, _, _ = warmup.load_warm(testville_copy)
    assert "Start." in set(dataset.claims["note"])
    assert warmup.load_warm(testville_copy)[0] is not dataset
