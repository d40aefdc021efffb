"""The house rules that keep the code easy to change, checked on the source (no import runs):

- no module of the package is over 500 lines;
- no private name of another library is imported (a patch release may change it);
- no import cycle between the package's modules, and imports at the top of their module,
  except the heavy optional dependencies named in HEAVY;
- the engine (everything outside `aleppo_map/ui/`) does not import Streamlit, and nothing
  imports folium or streamlit-folium (only bench/baseline_app.py, the naive page the
  benchmark compares the map with, does);
- the pages stay thin: each reads as a description of its screen.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "aleppo_map"
MODULES = sorted(PACKAGE.rglob("*.py"))
PAGES = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))]
MAX_LINES = 500
MAX_PAGE_LINES = 80
# Imported inside the function that needs them, so that the app and the table exports do
# not load them: (module, what it imports).
HEAVY = {
    ("aleppo_map/export.py", "aleppo_map.snapshot"),  # matplotlib, for PNG and GIF only
    ("aleppo_map/export.py", "aleppo_map.snapshot_views"),  # the compare and age PNGs
    ("aleppo_map/video.py", "imageio_ffmpeg"),  # the MP4 encoder (finds ffmpeg)
}


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str], bool]]:
    """(imported module, names, at the top of the module?) for every import in `path`;
    relative imports resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [alias.name for alias in node.names]
            if node.module is None or base == "aleppo_map":  # `from . import export`
                found += [(f"{base}.{name}", [], id(node) in top) for name in names]
            else:
                found.append((base, names, id(node) in top))
    return found


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_no_module_is_over_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{relative(path)} has {lines} lines"


def test_no_private_name_of_another_library_is_imported():
    private = [
        f"{relative(path)}: {module} {names}"
        for path in [*MODULES, *PAGES]
        for module, names, _ in imports(path)
        if not module.startswith(("aleppo_map", "__future__"))
        and (
            any(part.startswith("_") for part in module.split("."))
            or any(name.startswith("_") for name in names)
        )
    ]
    assert private == []


def test_imports_are_at_the_top_except_the_heavy_optional_ones():
    inside = {
        (relative(path), module)
        for path in MODULES
        for module, _, at_top in imports(path)
        if not at_top and module != "__future__"
    }
    assert inside == HEAVY


def test_the_package_has_no_import_cycle():
    names = {module_name(path) for path in MODULES}
    graph = {
        module_name(path): {
            module
            for module, _, at_top in imports(path)
            if at_top and module in names and module != module_name(path)
        }
        for path in MODULES
    }
    cycles = []

    def visit(node, trail):
        for nxt in sorted(graph[node]):
            if nxt in trail:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        done.add(node)

    done: set[str] = set()
    for node in sorted(graph):
        if node not in done:
            visit(node, [node])
    assert cycles == []


def test_the_engine_does_not_import_streamlit_and_nothing_imports_folium():
    engine = [path for path in MODULES if "ui" not in path.relative_to(PACKAGE).parts]
    streamlit = [
        relative(path)
        for path in engine
        for module, _, _ in imports(path)
        if module.split(".")[0] == "streamlit"
    ]
    assert streamlit == []
    folium = [
        relative(path)
        for path in [*MODULES, *PAGES]
        for module, _, _ in imports(path)
        if module.split(".")[0] in ("folium", "streamlit_folium", "branca")
    ]
    assert folium == []


@pytest.mark.parametrize("path", PAGES, ids=relative)
def test_pages_are_thin(path):
    """A page arranges what aleppo_map computes: it is short and defines at most the one
    fragment that reruns alone (the map page's map and panel)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert len(text.splitlines()) <= MAX_PAGE_LINES
    assert functions in ([], ["map_and_panel"]), functions
