"""The interface's catalog, kept in step with the code: `make strings` (or
`python tools/i18n.py`) extracts every marked text from aleppo_map/, app.py and pages/
(`_("…")`, `N_("…")`, `ngettext`) and from the map's JavaScript (`T("…")` and `N_("…")` in
aleppo_map/web/*.js) into aleppo_map/locale/messages.pot, merges it into each language's
messages.po (new texts arrive untranslated, changed ones fuzzy), and compiles each .po into
the .mo Python reads and the web/strings-<lang>.json the browser reads.

`python tools/i18n.py --check` changes nothing and exits 1 if the .pot, .mo or JSON is not
what the code and the .po make (tests/test_i18n.py runs it); `--compile` only compiles.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "aleppo_map" / "locale"
WEB = ROOT / "aleppo_map" / "web"
POT = LOCALE / "messages.pot"
LANGS = ("ar",)
KEYWORDS = {"_": None, "N_": None, "T": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**.js", "javascript")]
SOURCES = (("aleppo_map", True), ("pages", False), ("app.py", False))
# The PNG exports' words have their own table (aleppo_map/image_words.py: ARABIC, read by
# image_translator, which these modules call `_`): they stay out of this catalog, where a
# translation would change nothing.
IMAGE_MODULES = frozenset(
    {"image_evidence.py", "maplayer.py", "snapshot.py", "snapshot_views.py", "videoframe.py"}
)
# Flags Babel works out by itself, and only from version 2.15 on: not a difference in meaning.
FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})
FIXED_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
HEADER = "The Aleppo territorial-control map's interface"


def _po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "messages.po"


def extracted() -> Catalog:
    """Every marked text of the code, in a template catalog (no dates, so it is reproducible)."""
    catalog = Catalog(project="aleppo-map", header_comment=f"# {HEADER}.", fuzzy=False)
    for folder in ("aleppo_map", "pages"):
        for name, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, METHODS, keywords=KEYWORDS, comment_tags=("i18n:",)
        ):
            if "locale" in Path(name).parts or (folder == "aleppo_map" and name in IMAGE_MODULES):
                continue
            catalog.add(message, locations=[(f"{folder}/{name}", lineno)],
                        auto_comments=comments, context=context)  # fmt: skip
    with open(ROOT / "app.py", "rb") as handle:
        from babel.messages.extract import extract

        for lineno, message, comments, context in extract(
            "python", handle, keywords=KEYWORDS, comment_tags=("i18n:",)
        ):
            catalog.add(message, locations=[("app.py", lineno)], auto_comments=comments,
                        context=context)  # fmt: skip
    return catalog


def _po_bytes(catalog: Catalog, **options) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, **options)
    return buffer.getvalue()


def _fixed(catalog: Catalog) -> Catalog:
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    return catalog


def template_bytes() -> bytes:
    return _po_bytes(_fixed(extracted()), include_lineno=False)


def read(lang: str) -> Catalog:
    with open(_po_path(lang), "rb") as handle:
        return read_po(handle, locale=lang)


def updated_po_bytes(lang: str) -> bytes:
    """The language's .po merged with the code's texts (Babel's `update`)."""
    template = _fixed(extracted())
    path = _po_path(lang)
    if path.exists():
        catalog = read(lang)
    else:
        catalog = Catalog(locale=lang, project="aleppo-map", header_comment=f"# {HEADER}.")
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    return _po_bytes(_fixed(catalog), include_lineno=False)


def mo_bytes(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(lang), use_fuzzy=False)
    return buffer.getvalue()


def browser_json(lang: str) -> str:
    """The translations of the texts the browser shows (those found in aleppo_map/web/ and in
    the published file's Python), English -> `lang`, sorted; fuzzy or empty ones left out."""
    table = {}
    for message in read(lang):
        if not message.id or message.fuzzy or not message.string:
            continue
        if not any(_for_browser(path) for path, _line in message.locations):
            continue
        if isinstance(message.id, tuple):  # Python plurals stay in Python
            continue
        table[message.id] = message.string
    return json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def _for_browser(path: str) -> bool:
    return path.startswith("aleppo_map/web/") or path in (
        "aleppo_map/publish.py",
        "aleppo_map/payload.py",
        "aleppo_map/look.py",
        "aleppo_map/model.py",
        "aleppo_map/frame.py",
    )


def outputs() -> dict[Path, bytes]:
    """Every file the catalog makes, and its bytes."""
    made = {POT: template_bytes()}
    for lang in LANGS:
        base = _po_path(lang)
        made[base.with_suffix(".mo")] = mo_bytes(lang)
        made[WEB / f"strings-{lang}.json"] = browser_json(lang).encode("utf-8")
    return made


def catalog_content(path: Path, data: bytes):
    """What a made file says, for --check: a catalog's texts, translations, flags and places
    without its header (another Babel version writes "Generated-By" and wraps lines its own
    way, and `make test-min` runs the lowest Babel allowed); other files' bytes."""
    if path.suffix not in (".po", ".pot", ".mo"):
        return data
    reader = read_mo if path.suffix == ".mo" else read_po
    catalog = reader(io.BytesIO(data))
    return sorted(
        (
            str(m.context),
            str(m.id),
            str(m.string),
            sorted(m.flags - FORMAT_FLAGS),
            sorted(m.locations),
        )
        for m in catalog
        if m.id
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--compile", action="store_true", help="only compile .mo and JSON")
    args = parser.parse_args(argv)
    if args.check:
        made = {**outputs(), **{_po_path(lang): updated_po_bytes(lang) for lang in LANGS}}
        stale = [
            str(p.relative_to(ROOT))
            for p, b in made.items()
            if not p.exists() or catalog_content(p, p.read_bytes()) != catalog_content(p, b)
        ]
        if stale:
            print("out of date (run `make strings`): " + ", ".join(stale), file=sys.stderr)
            return 1
        print("ok: the catalog matches the code")
        return 0
    if not args.compile:
        POT.parent.mkdir(parents=True, exist_ok=True)
        POT.write_bytes(template_bytes())
        for lang in LANGS:
            _po_path(lang).parent.mkdir(parents=True, exist_ok=True)
            _po_path(lang).write_bytes(updated_po_bytes(lang))
    for path, content in outputs().items():
        path.write_bytes(content)
    for lang in LANGS:
        missing = [m.id for m in read(lang) if m.id and (m.fuzzy or not m.string)]
        print(f"{lang}: {len(read(lang)) - 1} texts, {len(missing)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
