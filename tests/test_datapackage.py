"""The Frictionless Data Package: the real `frictionless validate` beside our own validator.

- The descriptor mirrors the data model (columns, enums, id pattern, period), so the two
  validators check the same rules where Table Schema can express them.
- Both accept the bundled data and Testville.
- On the bad-input corpus, both reject every case Table Schema can see, and name the same
  place (file and line, or feature). The cases out of frictionless' reach are listed below
  with the reason; there frictionless must still say "valid", so that a schema change that
  starts catching one of them is noticed and the case moved.
- geodata/areas_index.csv (the `areas` resource, target of the area_id foreign key) is
  exactly what tools/areas_index.py derives from geodata/areas.geojson.
- The versions agree: datapackage.json, CITATION.cff, CHANGELOG.md, `aleppo-map --version`.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from aleppo_map.cli import main
from aleppo_map.model import (
    AREA_KINDS,
    CLAIM_COLUMNS,
    CONFIDENCES,
    DATE_PRECISIONS,
    EVIDENCE,
    HOLDERS,
    ID_PATTERN,
    ROUTE_COLUMNS,
    ROUTE_STATES,
    SOURCE_COLUMNS,
)
from tests.conftest import REPO, TESTVILLE
from tests.test_bad_inputs import CASES, overlay

PACKAGES = {"aleppo": REPO, "testville": TESTVILLE}

# Cases both validators can see: where our message points, and the frictionless error
# (resource, row number, error type) that must point to the same place. Rows of the
# GeoJSON "table" are its features: feature i is row i + 2 (row 1 is the header).
IN_REACH: dict[str, list[tuple[str, str, int | None, str]]] = {
    "area_id_unknown": [
        ("control_changes.csv, line 8: area_id", "control_changes", 8, "foreign-key")
    ],
    "source_id_unknown": [
        ("control_changes.csv, line 8: source_id", "control_changes", 8, "foreign-key")
    ],
    "claim_id_duplicate": [
        ("control_changes.csv, line 8: claim_id", "control_changes", 8, "primary-key")
    ],
    "holder_unknown": [
        ("control_changes.csv, line 8: holder", "control_changes", 8, "constraint-error")
    ],
    "date_before_period": [
        ("control_changes.csv, line 8: date", "control_changes", 8, "constraint-error")
    ],
    "date_impossible": [("control_changes.csv, line 8: date", "control_changes", 8, "type-error")],
    "date_wrong_format": [
        ("control_changes.csv, line 8: date", "control_changes", 8, "type-error")
    ],
    "several_problems_in_one_file": [
        ("control_changes.csv, line 8: holder", "control_changes", 8, "constraint-error"),
        ("control_changes.csv, line 9: date", "control_changes", 9, "type-error"),
        ("control_changes.csv, line 2: source_id", "control_changes", 2, "foreign-key"),
    ],
    "csv_missing_column": [
        ("control_changes.csv, line 1: header", "control_changes", None, "missing-label")
    ],
    "csv_too_many_fields": [
        ("control_changes.csv, line 3: row", "control_changes", 3, "extra-cell")
    ],
    "quote_broken_quotation_mark": [
        # we see one record running over several lines; frictionless sees its short row
        ("control_changes.csv, line 8: quoting", "control_changes", 8, "missing-cell")
    ],
    "empty_file": [("control_changes.csv: file", "control_changes", None, "source-error")],
    "utf16_file": [("sources.csv, line 1: encoding", "sources", None, "encoding-error")],
    "area_id_duplicate": [
        (
            "geodata/areas.geojson, feature 3 (id 'north_bank'): id",
            "area_polygons",
            5,
            "primary-key",
        )
    ],
    "feature_without_id": [
        ("geodata/areas.geojson, feature 2: id", "area_polygons", 4, "constraint-error")
    ],
    "geojson_not_json": [("geodata/areas.geojson, line", "area_polygons", None, "source-error")],
    "evidence_unknown_value": [
        ("control_changes.csv, line 6: evidence", "control_changes", 6, "constraint-error")
    ],
}

# Cases only our validator can see, and why frictionless cannot.
OUT_OF_REACH: dict[str, str] = {
    "adopted_claims_disagree": "a rule across rows (two adopted claims for one area and day "
    "must name the same holder); Table Schema has unique, primary and foreign keys only",
    "quote_not_in_source": "needs the source texts in ../shared/sources, which are not "
    "resources of the package (they are quoted, not redistributed)",
    "areas_overlap": "geometry: the geojson field type checks a feature's GeoJSON structure, "
    "not whether polygons overlap",
    "polygon_self_intersecting": "geometry validity (a self-intersecting ring is well-formed "
    "GeoJSON)",
    "lat_lon_swapped": "geometry position: swapped coordinates are still numbers in range",
    "crs_member": "a member of the FeatureCollection outside its features: frictionless reads "
    "the features as the rows of a table and never sees the collection's other members",
    "evidence_named_without_spelling": "a rule between two fields and another file: the quote "
    "must contain one of the area's spellings, which live in geodata/areas.geojson",
    "evidence_inferred_without_note": "a rule between fields (note is required only when "
    "evidence is inferred); Table Schema constrains each field alone",
    "route_state_unknown": "routes are optional: Testville's package declares no route_changes "
    "resource, so frictionless never reads the file",
    "byte_order_mark": "frictionless decodes UTF-8 with a byte-order mark and ignores the mark; "
    "we reject it because other CSV readers turn it into part of the first column's name",
}


def frictionless(descriptor: Path) -> dict:
    """The JSON report of the real `frictionless validate` command."""
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stdout.strip(), result.stderr
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["valid"] else 1), result.stderr
    return report


def frictionless_errors(report: dict) -> list[tuple[str, int | None, str]]:
    errors = [(None, None, e["type"]) for e in report.get("errors", [])]
    for task in report["tasks"]:
        errors += [(task["name"], e.get("rowNumber"), e["type"]) for e in task["errors"]]
    return errors


def ours(data: Path, capsys) -> tuple[int, str]:
    code = main(["validate", "--data", str(data)])
    out = capsys.readouterr()
    return code, out.err + out.out


def descriptor(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def schema(root: Path, resource: str) -> dict:
    (found,) = [r for r in descriptor(root)["resources"] if r["name"] == resource]
    return found["schema"]


def fields(root: Path, resource: str) -> dict[str, dict]:
    return {f["name"]: f for f in schema(root, resource)["fields"]}


# ---------------------------------------------------------------- the two validators agree


@pytest.mark.parametrize("name", PACKAGES)
def test_both_validators_accept_the_clean_data(name, capsys):
    root = PACKAGES[name]
    report = frictionless(root / "datapackage.json")
    assert report["valid"], frictionless_errors(report)
    assert {t["name"] for t in report["tasks"]} >= {"control_changes", "sources", "areas"}
    code, messages = ours(root, capsys)
    assert code == 0, messages


def test_every_bad_case_is_classified():
    assert set(IN_REACH) | set(OUT_OF_REACH) == set(CASES)
    assert not set(IN_REACH) & set(OUT_OF_REACH)


@pytest.mark.parametrize("case", sorted(IN_REACH))
def test_both_validators_reject_the_case_at_the_same_place(case, tmp_path, capsys):
    data = tmp_path / "testville"
    shutil.copytree(TESTVILLE, data)
    overlay(case, data)
    code, messages = ours(data, capsys)
    assert code == 1, messages
    report = frictionless(data / "datapackage.json")
    assert not report["valid"], f"frictionless accepts {case}"
    found = frictionless_errors(report)
    for where, resource, row, error_type in IN_REACH[case]:
        assert where in messages, f"{case}: we do not report {where!r}:\n{messages}"
        assert (resource, row, error_type) in found, f"{case}: frictionless said {found}"


@pytest.mark.parametrize("case", sorted(OUT_OF_REACH))
def test_cases_out_of_frictionless_reach_are_ours_alone(case, tmp_path, capsys):
    data = tmp_path / "testville"
    shutil.copytree(TESTVILLE, data)
    overlay(case, data)
    code, messages = ours(data, capsys)
    assert code == 1, messages
    report = frictionless(data / "datapackage.json")
    assert report["valid"], (
        f"frictionless now rejects {case} ({frictionless_errors(report)}): "
        "move it from OUT_OF_REACH to IN_REACH"
    )


# ------------------------------------------------------------- the schema mirrors the model


@pytest.mark.parametrize("name", PACKAGES)
def test_claims_schema_mirrors_the_model(name):
    root = PACKAGES[name]
    claims = fields(root, "control_changes")
    assert tuple(claims) == CLAIM_COLUMNS
    assert claims["holder"]["constraints"]["enum"] == list(HOLDERS)
    assert claims["date_precision"]["constraints"]["enum"] == list(DATE_PRECISIONS)
    assert claims["confidence"]["constraints"]["enum"] == list(CONFIDENCES)
    for column in ("claim_id", "area_id", "source_id"):
        pattern = claims[column]["constraints"]["pattern"]
        assert f"^{pattern}$" == ID_PATTERN.pattern
    period = descriptor(root)["period"]
    assert claims["date"]["constraints"]["minimum"] == period["start"]
    assert claims["date"]["constraints"]["maximum"] == period["end"]
    required = {c for c, f in claims.items() if f.get("constraints", {}).get("required")}
    assert required == set(CLAIM_COLUMNS) - {"note"}
    keys = schema(root, "control_changes")
    assert keys["primaryKey"] == ["claim_id"]
    assert {
        (fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
        for fk in keys["foreignKeys"]
    } == {("area_id", "areas", "area_id"), ("source_id", "sources", "source_id")}


@pytest.mark.parametrize("name", PACKAGES)
def test_sources_and_areas_schemas_mirror_the_files(name):
    root = PACKAGES[name]
    header = (root / "sources.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(fields(root, "sources")) == header
    assert set(SOURCE_COLUMNS) <= set(header)
    assert schema(root, "sources")["primaryKey"] == ["source_id"]
    areas = fields(root, "areas")
    assert areas["kind"]["constraints"]["enum"] == list(AREA_KINDS)
    assert schema(root, "areas")["primaryKey"] == ["area_id"]
    paths = {r["name"]: r["path"] for r in descriptor(root)["resources"]}
    routes = {"route_changes": "route_changes.csv"} if (root / "route_changes.csv").exists() else {}
    assert paths == {
        "control_changes": "control_changes.csv",
        **routes,
        "sources": "sources.csv",
        "areas": "geodata/areas_index.csv",
        "districts": "geodata/districts.csv",
        "area_polygons": "geodata/areas.geojson",
        "landmarks": "geodata/landmarks.geojson",
    }


def test_route_schema_mirrors_the_claims_schema():
    routes = fields(REPO, "route_changes")
    assert tuple(routes) == ROUTE_COLUMNS
    assert routes["state"]["constraints"]["enum"] == list(ROUTE_STATES)
    assert routes["evidence"]["constraints"]["enum"] == list(EVIDENCE)
    claims = fields(REPO, "control_changes")
    for column in set(ROUTE_COLUMNS) - {"route_id", "state"}:
        assert routes[column].get("constraints") == claims[column].get("constraints"), column


def test_testville_keeps_its_own_keys():
    meta = descriptor(TESTVILLE)
    assert meta["period"] == {"start": "2020-03-01", "end": "2020-06-30"}
    assert meta["city"]["name"] == "Testville"
    assert meta["version"]


# --------------------------------------------------------- the areas index is derived data


def _areas_index_tool():
    spec = importlib.util.spec_from_file_location("areas_index", REPO / "tools" / "areas_index.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", PACKAGES)
def test_areas_index_is_exactly_what_the_tool_derives_from_the_geojson(name):
    root = PACKAGES[name]
    tool = _areas_index_tool()
    on_disk = (root / tool.INDEX_FILE).read_text(encoding="utf-8")
    assert on_disk == tool.index_text(root), (
        f"{tool.INDEX_FILE} is out of date: run .venv/bin/python tools/areas_index.py"
        + ("" if root == REPO else f" --data {root.relative_to(REPO)}")
    )
    features = json.loads((root / "geodata" / "areas.geojson").read_text(encoding="utf-8"))
    rows = [line.split(",", 2)[:2] for line in on_disk.splitlines()[1:]]
    units = [r[0] for r in rows if r[1] == "unit"]
    assert units == [f["id"] for f in features["features"]]  # units first, in the file's order


def test_areas_index_check_flags_a_stale_index(tmp_path):
    data = tmp_path / "testville"
    shutil.copytree(TESTVILLE, data)
    tool = _areas_index_tool()
    assert tool.main(["--data", str(data), "--check"]) == 0
    index = data / tool.INDEX_FILE
    index.write_text(index.read_text(encoding="utf-8").replace("Harbour", "Port"), "utf-8")
    assert tool.main(["--data", str(data), "--check"]) == 1
    assert tool.main(["--data", str(data)]) == 0
    assert tool.main(["--data", str(data), "--check"]) == 0


# ------------------------------------------------------------ versions, citation, licences


def test_versions_agree_everywhere():
    version = descriptor(REPO)["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == version
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[?{re.escape(version)}\]?", changelog, re.MULTILINE)
    software = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (reference,) = [r for r in citation["references"] if r["type"] == "software"]
    assert reference["version"] == software["project"]["version"]
    result = subprocess.run(
        [sys.executable, "-m", "aleppo_map", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0
    assert f"dataset {version}" in result.stdout
    assert software["project"]["version"] in result.stdout or "+source" in result.stdout


# From the CFF 1.2.0 JSON schema: the top level admits no other key; reference types.
CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
}  # fmt: skip
CFF_REFERENCE_TYPES = {"data", "database", "encyclopedia", "software", "website", "article"}


def test_citation_file_has_what_cff_requires():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "type", "license", "abstract"):
        assert citation.get(key), key
    assert set(citation) <= CFF_KEYS, set(citation) - CFF_KEYS
    assert citation["type"] == "dataset"
    assert citation["license"] == "CC-BY-SA-4.0"  # a list would mean "either licence"
    (software,) = [r for r in citation["references"] if r["type"] == "software"]
    assert software["license"] == "MIT"
    assert all(r["type"] in CFF_REFERENCE_TYPES for r in citation["references"])
    assert all(a.get("name") or a.get("family-names") for a in citation["authors"])


def test_licences_are_stated_for_code_and_data():
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    data_licence = (REPO / "DATA-LICENSE.md").read_text(encoding="utf-8")
    for needed in ("CC BY-SA 4.0", "Wikipedia", "quotation", "Columbia", "own drawing"):
        assert needed in data_licence, needed
    licences = descriptor(REPO)["licenses"]
    assert [lic["name"] for lic in licences] == ["CC-BY-SA-4.0"]
    cited = (REPO / "sources.csv").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in cited  # the Wikipedia sources carry their licence row by row
