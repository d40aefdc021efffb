"""The `aleppo-map` command line: validate, state, diff and export (README.md, "Command line").

Exit codes: 0 success; 1 the data is invalid (every problem is listed); 2 the command itself
is wrong (unknown option, malformed date, date outside the period), with a one-line message.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pandas as pd

import aleppo_map

from . import export
from .config import default_data_dir
from .i18n import LANGUAGES
from .load import load_dataset, validate_dataset
from .model import (
    AREAS_FILE,
    CLAIMS_FILE,
    LANDMARKS_FILE,
    PACKAGE_FILE,
    REVIEWED_FILE,
    SOURCES_FILE,
    DataError,
)
from .publish import SITE_BASEMAPS, write_site
from .timeline import Timeline
from .video import ASPECTS, DEFAULT_ASPECT, WEEKS_PER_SECOND

EXPORT_FORMATS = ("png", "html", "geojson", "csv", "gif", "mp4", "site")
# (attribute, option) of every date option: each is checked before any data is loaded.
DATE_OPTIONS = (
    ("date", "--date"),
    ("start", "--start"),
    ("end", "--end"),
    ("date_from", "--from"),
    ("date_to", "--to"),
    ("compare", "--compare"),
)


class UsageError(Exception):
    """The command line is wrong: printed on one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print the whole usage block
        raise UsageError(f"{self.prog}: {message} (see --help)")


def version_text() -> str:
    """`aleppo-map --version`: the software's version and the bundled dataset's version."""
    try:
        meta = json.loads((default_data_dir() / PACKAGE_FILE).read_text(encoding="utf-8"))
        data_version = str(meta.get("version", "unversioned"))
    except (OSError, ValueError, AttributeError):
        data_version = "unknown (no readable datapackage.json)"
    return f"aleppo-map {aleppo_map.__version__} (software), dataset {data_version}"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aleppo-map", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=version_text())
    data = _Parser(add_help=False)
    data.add_argument(
        "--data",
        type=Path,
        default=None,
        help="dataset directory (default: the bundled Aleppo data)",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser(
        "validate", parents=[data], help="check the data and list every problem"
    )
    validate.add_argument(
        "--warnings",
        action="store_true",
        help=f"also list the reviewed warnings of {REVIEWED_FILE}, each with why",
    )
    state = commands.add_parser("state", parents=[data], help="print who held what at a date")
    state.add_argument("--date", required=True, help="YYYY-MM-DD")
    state.add_argument("--format", choices=("csv", "geojson"), default="csv")
    diff = commands.add_parser(
        "diff", parents=[data], help="print the areas whose holder differs between two dates"
    )
    diff.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD (week A)")
    diff.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD (week B)")
    diff.add_argument("--format", choices=("csv", "geojson"), default="csv")
    export = commands.add_parser("export", parents=[data], help="write a map or table at a date")
    export.add_argument("format", choices=EXPORT_FORMATS)
    export.add_argument(
        "--date", help="YYYY-MM-DD (png, html, geojson, csv; site: the opening date)"
    )
    export.add_argument("--start", help="first date of a gif/mp4 (default: first claim)")
    export.add_argument("--end", help="last date of a gif/mp4 (default: last claim)")
    export.add_argument(
        "--out", required=True, type=Path, help="file to write (site: a directory for index.html)"
    )
    export.add_argument(
        "--area",
        help="highlight this area or district id (png; html and site open on it)",
    )
    export.add_argument("--labels", action="store_true", help="print area labels (png, gif)")
    export.add_argument("--width", type=float, default=None, help="figure width in inches (png)")
    export.add_argument("--dpi", type=int, default=None, help="dots per inch (png)")
    export.add_argument("--preset", choices=("print", "web"), default="print", help="png size")
    export.add_argument(
        "--aspect", choices=tuple(ASPECTS), default=DEFAULT_ASPECT,
        help="gif/mp4 frame shape: 16:9, 9:16 (1080x1920, for phones) or 1:1",
    )  # fmt: skip
    export.add_argument(
        "--weeks-per-second", type=float, default=WEEKS_PER_SECOND,
        help=f"gif/mp4 pace (default {WEEKS_PER_SECOND:g})",
    )  # fmt: skip
    export.add_argument(
        "--basemap", choices=tuple(SITE_BASEMAPS), default=None,
        help="site: the basemap: none (the default: no request to any other host), carto or "
        "osm (tiles from that host)",
    )  # fmt: skip
    export.add_argument(
        "--url", default=None,
        help="site: the address the folder will be served from, for link previews and oEmbed",
    )  # fmt: skip
    export.add_argument(
        "--compare", help="YYYY-MM-DD (png): outline the areas whose holder differs from then"
    )
    export.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help=f"the language: {' or '.join(LANGUAGES)} (default en; ar: Arabic, right to left). "
        "site and html: the file's default (#lang= overrides); png, gif and mp4: every word of "
        "the image or frame (the video's progress bar then runs from the right)",
    )
    export.add_argument(
        "--mode",
        choices=("holder", "age"),
        default="holder",
        help="png: colour by holder, or by the age of the evidence (weeks since the last "
        "sentence that supports the colour)",
    )
    return parser


def parse_iso_date(text: str | None, option: str = "--date") -> pd.Timestamp:
    """A calendar date written YYYY-MM-DD, or UsageError naming the option."""
    if text is None:
        raise UsageError(f"aleppo-map: {option} is required (YYYY-MM-DD)")
    try:
        return pd.Timestamp(pd.to_datetime(text, format="%Y-%m-%d"))
    except (ValueError, TypeError):
        raise UsageError(
            f"aleppo-map: {option} {text!r} is not a date; expected YYYY-MM-DD"
        ) from None


def parse_date(text: str | None, dataset, option: str = "--date") -> pd.Timestamp:
    """A date inside the dataset's period, or UsageError naming the option."""
    date = parse_iso_date(text, option)
    start, end = dataset.period
    if not start <= date <= end:
        raise UsageError(
            f"aleppo-map: {option} {text} is outside the covered period "
            f"{start.date()} to {end.date()}"
        )
    return date


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        data_dir = args.data or default_data_dir()
        if args.command == "validate":
            return _validate(data_dir, args.warnings)
        for attr, option in DATE_OPTIONS:  # malformed dates fail before any loading
            if getattr(args, attr, None) is not None:
                parse_iso_date(getattr(args, attr), option)
        dataset = load_dataset(data_dir)
        if args.command == "state":
            return _state(dataset, args)
        if args.command == "diff":
            return _diff(dataset, args)
        return _export(dataset, args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `aleppo-map state ... | head`
        return 0


def _validate(data_dir: Path, list_reviewed: bool = False) -> int:
    """Errors (exit 1) and new warnings, each on its own line; warnings a maintainer has
    reviewed are counted in one line (listed with --warnings); then a short summary."""
    dataset, problems = validate_dataset(data_dir)
    reviewed = [p for p in problems if p.severity == "reviewed"]
    for problem in problems:
        if problem.severity == "error":
            print(f"error: {problem}", file=sys.stderr)
        elif problem.severity == "warning":
            print(f"warning: {problem}")
        elif list_reviewed:
            print(f"reviewed: {problem}\n  why: {problem.why}")
    if dataset is None:
        errors = sum(p.severity == "error" for p in problems)
        print(f"invalid: {errors} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    start, end = dataset.period
    groups = len(dataset.places.groups)
    print(
        f"ok: {len(dataset.areas)} units"
        + (f" in {groups} groups" if groups else "")
        + f", {len(dataset.claims)} claims "
        f"({int(dataset.claims['adopted'].sum())} adopted), {len(dataset.sources)} sources, "
        f"{start.date()} to {end.date()}; quotes "
        + (
            "checked against the source texts"
            if dataset.quotes_checked
            else "NOT checked (no source texts found)"
        )
    )
    print(evidence_summary(dataset))
    if reviewed and not list_reviewed:
        print(
            f"reviewed: {len(reviewed)} warning(s) read and accepted in {REVIEWED_FILE} "
            "(known front lines): aleppo-map validate --warnings lists them"
        )
    return 0


def evidence_summary(dataset) -> str:
    """One line: how much of the map rests on a sentence that names the area."""
    shares = Timeline(dataset).evidence_shares()
    return (
        f"evidence: {shares['named']:.1%} of the {shares['coloured']:,} coloured area-weeks rest "
        f"on a sentence that names the area, {shares['inferred']:.1%} are inferred from a wider "
        f"statement; {shares['unknown']:.1%} of all area-weeks are unknown"
    )


def _state(dataset, args) -> int:
    date = parse_date(args.date, dataset)
    if args.format == "csv":
        text = export.state_csv(dataset, date)
    else:
        text = export.state_geojson(dataset, date)
    sys.stdout.write(text)
    return 0


def progress_bar(stream, width: int = 30):
    """A `progress(done, total)` that draws a bar of the frames rendered on `stream`: in
    place on a terminal, a line at each quarter otherwise (a log, a CI job)."""
    live = stream.isatty()
    shown = set()

    def progress(done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        line = f"rendering weeks [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if live:
            stream.write("\r" + line + ("\n" if done == total else ""))
        elif 4 * done // max(total, 1) not in shown or done == total:
            shown.add(4 * done // max(total, 1))
            stream.write(line + "\n")
        stream.flush()

    return progress


def _diff(dataset, args) -> int:
    """The units whose holder differs between --from and --to, with the claims that changed
    them (compare.diff)."""
    start = parse_date(args.date_from, dataset, "--from")
    end = parse_date(args.date_to, dataset, "--to")
    if args.format == "csv":
        text = export.diff_csv(dataset, start, end)
    else:
        text = export.diff_geojson(dataset, start, end)
    sys.stdout.write(text)
    return 0


def _refuse_data_files(dataset, out: Path) -> None:
    """Exports never overwrite the data they were made from."""
    target = out.resolve()
    for name in (CLAIMS_FILE, SOURCES_FILE, AREAS_FILE, LANDMARKS_FILE, PACKAGE_FILE):
        if target == (dataset.root / name).resolve():
            raise UsageError(f"aleppo-map: --out {out} is a data file; choose another file name")


def _check_area(dataset, area: str | None) -> None:
    """`--area` names a unit or a group of units (a district such as old_city)."""
    if area is not None and area not in dataset.places.selectable:
        raise UsageError(
            f"aleppo-map: --area {area!r} is not an area or a district of this dataset"
        )


def _export_site(dataset, args) -> int:
    """The whole timeline as one self-contained DIR/index.html."""
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"aleppo-map: --out {args.out} is a file; site needs a directory")
    date = parse_date(args.date, dataset) if args.date else None
    target = args.out / "index.html"
    _refuse_data_files(dataset, target)
    _check_area(dataset, args.area)
    url = args.url
    if url is not None and not re.match(r"^https?://[^\s\"'<>]+$", url):
        raise UsageError(f"aleppo-map: --url {url!r}: expected an http(s) address")
    args.out.mkdir(parents=True, exist_ok=True)
    written = write_site(dataset, args.out, date=date, area=args.area, basemap=args.basemap,
                         url=url, lang=args.lang)  # fmt: skip
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    if url is None:
        print("note: link previews need absolute addresses: add --url https://… (where the "
              "folder will be served)")  # fmt: skip
    return 0


def _export(dataset, args) -> int:
    if args.format == "site":
        return _export_site(dataset, args)
    _refuse_data_files(dataset, args.out)
    if args.format in ("gif", "mp4"):
        start = parse_date(args.start, dataset, "--start") if args.start else None
        end = parse_date(args.end, dataset, "--end") if args.end else None
        if start is not None and end is not None and start > end:
            raise UsageError("aleppo-map: --start is after --end")
        pace = args.weeks_per_second
        if not 0.1 <= pace <= 60:  # also refuses nan
            raise UsageError(f"aleppo-map: --weeks-per-second {pace:g}: expected 0.1 to 60")
        export.write_animation(
            dataset, args.out, start=start, end=end, labels=args.labels, kind=args.format,
            aspect=args.aspect, weeks_per_second=pace, progress=progress_bar(sys.stderr),
            lang=args.lang,
        )  # fmt: skip
    else:
        date = parse_date(args.date, dataset)
        if args.format in ("png", "html"):
            _check_area(dataset, args.area)
        if args.format == "png":
            compare = parse_date(args.compare, dataset, "--compare") if args.compare else None
            if compare is not None and args.mode == "age":
                raise UsageError("aleppo-map: --compare draws holders; not with --mode age")
            export.write_png(
                dataset,
                date,
                args.out,
                preset=args.preset,
                width=args.width,
                dpi=args.dpi,
                highlight=args.area,
                labels=args.labels,
                compare=compare,
                mode=args.mode,
                lang=args.lang,
            )
        elif args.format == "html":
            export.write_html(dataset, date, args.out, selected=args.area, lang=args.lang)
        elif args.format == "geojson":
            args.out.write_text(export.state_geojson(dataset, date), encoding="utf-8")
        else:
            args.out.write_text(export.state_csv(dataset, date), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
