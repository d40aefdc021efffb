"""The boundaries as data: geodata/areas.geojson rebuilt from geodata/boundaries/, the
CONTRIBUTING.md walkthrough redone on a copy, and every boundary check on a broken input.

- areas.geojson is byte for byte what tools/draw_areas.py builds, for Aleppo and Testville;
- the bootstrap inputs redraw Testville exactly, and every Aleppo area that is no longer where
  the bootstrap drew it says so in its boundary_note;
- the walkthrough: the shared vertex of al-Sakhur and al-Shaar moved in both polygons and the
  file saved by GDAL's GeoJSON writer (as QGIS saves it), rebuilt, validated: both areas
  moved, nothing else did, no overlap, no gap, the diff shows only what moved; where QGIS's
  Python bindings are installed, the same edit is made and saved by QGIS itself;
- tests/data/bad_boundaries/<case>/ overlays Testville with one broken source each, and
  expected.txt lists what the validator must say (the same pattern as tests/data/bad/);
- a dataset without geodata/boundaries gets no boundary problem; the checks run in well under
  0.5 s; no Python file holds a coordinate list; no file in tools/ reaches 500 lines.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pyogrio
import pytest
import shapely

from aleppo_map.boundaries import DRAWN_FILE, PLAN_FILE, build_areas
from aleppo_map.boundary_checks import boundary_problems
from aleppo_map.cli import main as aleppo_map
from aleppo_map.geometry import read_areas
from aleppo_map.load import validate_dataset
from aleppo_map.model import AREAS_FILE, Collector
from tests.conftest import REPO, TESTVILLE
from tests.test_bad_inputs import assert_rejected_precisely

BAD = Path(__file__).parent / "data" / "bad_boundaries"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
GUIDE = REPO / "CONTRIBUTING.md"
DATA_FILES = ("control_changes.csv", "sources.csv", "route_changes.csv", "datapackage.json")


@functools.cache
def tool(name: str):
    """The tool's module, loaded once (its cache of the import's result lives there)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_dataset(source: Path, target: Path) -> Path:
    """The data files of a dataset (not the code), as a contributor's working copy has them."""
    target.mkdir(parents=True)
    shutil.copytree(source / "geodata", target / "geodata")
    for name in DATA_FILES:
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    if (source / "sources").is_dir():
        shutil.copytree(source / "sources", target / "sources")
    return target


def areas_of(root: Path):
    collector = Collector()
    meta = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    areas = read_areas(root / AREAS_FILE, AREAS_FILE, collector, meta)
    return areas, collector.problems


def features(root: Path, name: str = AREAS_FILE) -> dict[str, dict]:
    doc = json.loads((root / name).read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in doc["features"]}


# ------------------------------------------------------------------ rebuilt byte for byte


@pytest.mark.parametrize("root", [REPO, TESTVILLE], ids=["aleppo", "testville"])
def test_areas_geojson_is_rebuilt_byte_for_byte_from_its_sources(root):
    assert build_areas(root) == (root / AREAS_FILE).read_text(encoding="utf-8"), (
        "geodata/areas.geojson is not what geodata/boundaries builds: run tools/draw_areas.py"
    )
    assert tool("draw_areas").main(["--data", str(root), "--check"]) == 0


def test_the_bootstrap_inputs_draw_testville_exactly():
    drawn = tool("bootstrap_areas").bootstrap(TESTVILLE, "EPSG:32632")
    assert drawn == (TESTVILLE / DRAWN_FILE).read_text(encoding="utf-8")


# One worker builds the import once for both (tools/import_reference.built).
@pytest.mark.xdist_group("reference-import")
def test_every_unit_redrawn_since_the_import_says_so_in_its_note():
    found = tool("import_reference").departures(REPO)
    silent = [(area, f"{distance:.0f} m") for area, distance, explained in found if not explained]
    assert not silent, f"redrawn by hand, but the boundary_note is still the import's: {silent}"


# ------------------------------------------------------------- the walkthrough, on a copy


def exercise() -> tuple[list[float], list[float]]:
    """The vertex and its new place, as CONTRIBUTING.md gives them."""
    section = GUIDE.read_text(encoding="utf-8").split("## Walkthrough: redraw one boundary")[1]
    (old, new) = re.findall(r"lon (\d+\.\d+), lat (\d+\.\d+)", section)[:2]
    return [float(v) for v in old], [float(v) for v in new]


def test_the_guide_has_the_steps_the_walkthrough_test_takes():
    section = GUIDE.read_text(encoding="utf-8").split("## Walkthrough: redraw one boundary")[1]
    section = section.split("\n## ")[0]
    for step in (
        "geodata/boundaries/drawn_areas.geojson",
        "Enable Snapping",
        "Topological",
        "Vertex Tool",
        "boundary_note",
        "Save Layer Edits",
        ".venv/bin/python tools/draw_areas.py",
        ".venv/bin/aleppo-map validate",
        "make test",
    ):
        assert step in section, step


# One worker builds the import once for both (tools/import_reference.built).
@pytest.mark.xdist_group("reference-import")
def test_redraw_one_shared_edge_as_contributing_says(tmp_path):
    old, new = exercise()
    data = copy_dataset(REPO, tmp_path / "aleppo")
    before_drawn = (data / DRAWN_FILE).read_text(encoding="utf-8")
    before = features(data)
    _, problems_before = validate_dataset(data)
    # QGIS with topological editing: the vertex moves in every polygon that has it; a
    # sentence is added to each of those notes; GDAL's GeoJSON driver saves the layer.
    layer = pyogrio.read_dataframe(data / DRAWN_FILE)
    moved = []
    for i, geometry in enumerate(layer.geometry):
        coords = shapely.get_coordinates(geometry)
        hit = (coords == old).all(axis=1)
        if hit.any():
            coords[hit] = new
            layer.loc[i, "geometry"] = shapely.set_coordinates(geometry, coords)
            layer.loc[i, "boundary_note"] += " Redrawn by hand: the walkthrough's exercise."
            moved.append(layer.loc[i, "id"])
    assert sorted(moved) == ["hananu", "jabal_badro"]
    (data / DRAWN_FILE).unlink()
    pyogrio.write_dataframe(layer, data / DRAWN_FILE, driver="GeoJSON")
    assert '"crs"' in (data / DRAWN_FILE).read_text(encoding="utf-8")  # QGIS' own layout

    assert tool("draw_areas").main(["--data", str(data)]) == 0
    # the drawing is back in its layout: the diff is the moved vertex and the two notes
    after_drawn = (data / DRAWN_FILE).read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before_drawn.splitlines(), after_drawn.splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 12, changed  # lon and lat in two polygons, two notes: - and +
    # validate: nothing new, nothing about the geodata
    dataset, problems = validate_dataset(data)
    assert {str(p) for p in problems} <= {str(p) for p in problems_before}
    assert not [p for p in problems if p.file.startswith("geodata/")]
    # both neighbours moved, and nothing else
    after = features(data)
    changed_areas = sorted(k for k in after if after[k]["geometry"] != before[k]["geometry"])
    assert changed_areas == ["hananu", "jabal_badro"]
    for area in changed_areas:
        ring = after[area]["geometry"]["coordinates"][0]
        assert new in ring and old not in ring
    # no overlap, no gap, and Jabal Badro gained what Hananu lost
    areas, read_problems = areas_of(data)
    assert not [p for p in read_problems if p.severity == "error"]
    assert boundary_problems(data, areas) == []
    metric = areas.geometry.to_crs(areas.attrs["metric_crs"])
    assert metric["hananu"].intersection(metric["jabal_badro"]).area < 1.0
    original, _ = areas_of(REPO)
    gained = areas.at["jabal_badro", "area_km2"] - original.at["jabal_badro", "area_km2"]
    lost = original.at["hananu", "area_km2"] - areas.at["hananu", "area_km2"]
    assert gained > 0 and gained == pytest.approx(lost, rel=1e-6)
    # the redrawn areas are listed as such, with their new notes
    found = tool("import_reference").departures(data)
    assert sorted((a, explained) for a, _, explained in found) == [
        ("hananu", True),
        ("jabal_badro", True),
    ]


QGIS_EDIT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.core import QgsApplication, QgsPoint, QgsProject, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
path, (x, y), (new_x, new_y) = sys.argv[1], map(float, sys.argv[2:4]), map(float, sys.argv[4:6])
layer = QgsVectorLayer(path, "drawn_areas", "ogr")
QgsProject.instance().addMapLayer(layer)
QgsProject.instance().setTopologicalEditing(True)
layer.startEditing()
note = layer.fields().indexOf("boundary_note")
for feature in layer.getFeatures():
    for i, vertex in enumerate(feature.geometry().vertices()):
        if abs(vertex.x() - x) < 1e-9 and abs(vertex.y() - y) < 1e-9:
            layer.moveVertex(new_x, new_y, feature.id(), i)
            layer.changeAttributeValue(feature.id(), note, feature["boundary_note"] + " Moved.")
            print(feature["id"])
assert layer.commitChanges(), layer.commitErrors()
"""


@functools.cache
def qgis_python() -> str | None:
    """The system Python if it has QGIS's own bindings (Debian: python3-qgis), else None."""
    python = shutil.which("python3", path="/usr/bin")
    if python is None:
        return None
    found = subprocess.run([python, "-c", "import qgis.core"], capture_output=True, timeout=60)
    return python if found.returncode == 0 else None


@pytest.mark.skipif(qgis_python() is None, reason="QGIS's Python bindings are not installed")
def test_the_same_edit_saved_by_qgis_itself(tmp_path):
    """QGIS's own data provider moves the vertex in both polygons and saves the layer in place;
    the rebuild takes that file as it is and the diff is the same as the walkthrough's."""
    old, new = exercise()
    data = copy_dataset(REPO, tmp_path / "aleppo")
    before = (data / DRAWN_FILE).read_text(encoding="utf-8")
    args = [str(v) for v in (*old, *new)]
    result = subprocess.run(
        [qgis_python(), "-c", QGIS_EDIT, str(data / DRAWN_FILE), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == ["hananu", "jabal_badro"]
    assert tool("draw_areas").main(["--data", str(data)]) == 0
    after = (data / DRAWN_FILE).read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 12, changed
    areas, _ = areas_of(data)
    assert boundary_problems(data, areas) == []


def test_a_spelling_added_to_the_plan_reaches_the_areas_and_the_index(tmp_path):
    data = copy_dataset(TESTVILLE, tmp_path / "testville")
    plan = data / PLAN_FILE
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("HARBOUR,", "HARBOUR | the Quays,"), "utf-8"
    )
    draw = tool("draw_areas")
    assert draw.main(["--data", str(data), "--check"]) == 1
    assert draw.main(["--data", str(data)]) == 0
    assert features(data)["harbour"]["properties"]["alt_names"] == ["HARBOUR", "the Quays"]
    index = (data / "geodata" / "areas_index.csv").read_text(encoding="utf-8")
    assert "HARBOUR | the Quays" in index
    assert draw.main(["--data", str(data), "--check"]) == 0


# -------------------------------------------------------------------- each check, broken


def test_every_check_has_a_broken_case():
    assert {
        "drawn_polygon_invalid",
        "drawn_polygons_overlap",
        "drawn_polygons_gap",
        "reference_point_outside",
        "km2_sum_out_of_range",
        "areas_not_rebuilt",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_broken_drawing_is_reported_precisely(case, testville_copy, capsys):
    assert_rejected_precisely(case, testville_copy, capsys, root=BAD)


def test_a_plain_areas_file_without_boundary_sources_stays_valid(testville_copy, capsys):
    shutil.rmtree(testville_copy / "geodata" / "boundaries")
    areas, _ = areas_of(testville_copy)
    assert boundary_problems(testville_copy, areas) == []
    assert aleppo_map(["validate", "--data", str(testville_copy)]) == 0, capsys.readouterr()


def test_draw_areas_refuses_to_bootstrap_over_a_drawing(testville_copy):
    draw = tool("draw_areas")
    assert draw.main(["--data", str(testville_copy), "--bootstrap"]) == 1
    assert draw.main(["--data", str(testville_copy), "--bootstrap", "--check"]) == 0


# --------------------------------------------------------------------- speed and shape


def test_the_bundled_boundaries_pass_their_checks():
    """Their speed is bench.engine's ("boundary checks" row), not a timed test's."""
    areas, _ = areas_of(REPO)
    assert boundary_problems(REPO, areas) == []


COORDINATE_PAIR = re.compile(r"[\[(]\s*-?\d{1,3}\.\d{3,}\s*,\s*-?\d{1,3}\.\d{3,}\s*[\])]")


def test_no_coordinate_list_is_left_in_python():
    python = [
        p
        for p in REPO.rglob("*.py")
        if not {".venv", "data", "node_modules"} & set(p.relative_to(REPO).parts)
    ]
    holding = [str(p.relative_to(REPO)) for p in python if COORDINATE_PAIR.search(p.read_text())]
    assert not holding


def test_every_tool_is_short():
    lengths = {p.name: len(p.read_text().splitlines()) for p in (REPO / "tools").glob("*.py")}
    assert max(lengths.values()) < 500, lengths
