"""The lowest versions pyproject.toml allows, for `make test-min`.

    python .ci/lowest_pins.py dev            # pip constraints: name==lowest, one a line
    python .ci/lowest_pins.py --check dev    # exit 1 unless exactly those are installed

Covers the project's dependencies and the extras named; every requirement must name its
lowest version (`>=`). What those packages need in turn is not pinned.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def lowest_pins(extras: list[str]) -> dict[str, str]:
    """Distribution name -> the lowest version its requirement allows."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = {}
    for requirement in requirements:
        name, _extras, specifiers = REQUIREMENT.match(requirement).groups()
        floor = re.search(r">=\s*([0-9][^,;\s]*)", specifiers)
        if floor is None:
            sys.exit(f"lowest_pins: {requirement!r} names no lowest version (>=)")
        pins[name] = floor.group(1)
    return pins


def same(installed: str, wanted: str) -> bool:
    """1.52 is 1.52.0; 15 is 15.0.0."""

    def parts(text: str) -> list[str]:
        values = text.split(".")
        while len(values) > 1 and values[-1] == "0":
            values.pop()
        return values

    return parts(installed) == parts(wanted)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extras", nargs="*")
    parser.add_argument("--check", action="store_true", help="compare with what is installed")
    args = parser.parse_args(argv)
    pins = lowest_pins(args.extras)
    if not args.check:
        print("\n".join(f"{name}=={floor}" for name, floor in pins.items()))
        return 0
    wrong = []
    for name, floor in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "missing"
        ok = same(installed, floor)
        wrong += [] if ok else [name]
        verdict = "ok" if ok else "NOT THE LOWEST"
        print(f"{verdict:>14}  {name} {installed} (lowest allowed {floor})")
    if wrong:
        print(f"lowest_pins: not at their lowest version: {', '.join(wrong)}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
