"""Writes this dataset: Testville with a payload in every text field.

Run `python tests/data/hostile/make.py` after a change to the data format; it overwrites the
files beside it and reads the geometry and the date structure from ../testville.
"""

import csv
import json
from pathlib import Path

from aleppo_map.evidence import area_spellings, names_place
from aleppo_map.model import CLAIM_COLUMNS

DST = Path(__file__).resolve().parent
SRC = DST.parent / "testville"
(DST / "geodata").mkdir(exist_ok=True)
(DST / "sources").mkdir(exist_ok=True)

S = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload="window.__pwned=1">'
MDL = "[x](javascript:window.__pwned=1)"
END = "</script><script>window.__pwned=1</script>"
ATTR = "' onmouseover='window.__pwned=1' x='"
IFR = '<iframe src="javascript:window.__pwned=1"></iframe>'
MISC = "{{7*7}} $\\alpha$ $\\notacommand{$ :red[red] ![i](https://evil.invalid/i.png) &lt;b&gt;"

names = {
    "north_bank": f"North Bank {S}",
    "mill_quarter": f"Mill Quarter {IMG}",
    "old_town": f"Old Town {SVG}",
    "south_bank": f"South Bank {MDL}",
    "station": f"Station {END} $x^$",
    "harbour": f"Harbour {ATTR} {{{{7*7}}}} {{% if 1 %}}j{{% endif %}}",
}
areas = json.loads((SRC / "geodata/areas.geojson").read_text())
for f in areas["features"]:
    p = f["properties"]
    aid = f["id"]
    plain_name = p["name"]
    p["name"] = names[aid]
    p["name_ar"] = p["name_ar"] + " " + IMG + "\n\n" + MDL
    p["alt_names"] = [plain_name, S, IMG, SVG, MDL, END]  # the plain name: quotes name it
    p["boundary_note"] = f"Grid cell {SVG} {MDL} {END} {MISC}"
(DST / "geodata/areas.geojson").write_text(json.dumps(areas, ensure_ascii=False, indent=1) + "\n")

lm = json.loads((SRC / "geodata/landmarks.geojson").read_text())
lm["features"][0]["properties"].update(id=f"river{S}", name=f"River {IMG}", note=f"note {SVG}")
lm["features"][1]["properties"].update(
    id=f"tower{END}", name=f"Clock Tower {S} $\\alpha$", note=f"note {MDL}", kind="citadel"
)
(DST / "geodata/landmarks.geojson").write_text(json.dumps(lm, ensure_ascii=False, indent=1) + "\n")

pkg = json.loads((SRC / "datapackage.json").read_text())
pkg = {k: pkg[k] for k in ("name", "title", "version", "period", "city")}
pkg["name"] = "hostile-control"
pkg["title"] = f"Hostile city {S} {MDL} $\\notacommand{{$"
pkg["version"] = f"0.0.1{IMG}"
pkg["citation_authors"] = f"Authors {END}"
pkg["homepage"] = "javascript:window.__pwned=1"
pkg["city"]["name"] = f"Hostile {SVG}"
(DST / "datapackage.json").write_text(json.dumps(pkg, ensure_ascii=False, indent=1) + "\n")

sources = [
    dict(
        source_id="chronicle",
        outlet=f"The Chronicle {S} $\\alpha$",
        author=f"Author {IMG}",
        title=f"Chronicle {SVG}",
        published=f"2020-07-01 {END}",
        url="javascript:window.__pwned=1",
        language=f"en{ATTR}",
        stance=f"neutral {MDL}",
        file="chronicle.txt",
        known_problems=f"problems {IFR} {MISC}",
        role=f"role {S}",
    ),
    dict(
        source_id="gazette",
        outlet=f"The Gazette {IMG}",
        author=f"Other {SVG}",
        title=f"Gazette {MDL}",
        published="2020-07-02",
        url="data:text/html,<script>window.__pwned=1</script>",
        language="en",
        stance=f"sides with the Blue Militia {END}",
        file="gazette.txt",
        known_problems=f"{MDL} {ATTR}",
        role="",
    ),
    dict(
        source_id="wire",
        outlet=f"The Wire {SVG}",
        author=f"Wire {MDL}",
        title=f"Wire report {S}",
        published="2020-07-03",
        url="https://example.org/wire?q=)](javascript:window.__pwned=1)",
        language="en",
        stance=f"neutral {IMG}",
        file="wire.txt",
        known_problems=f"{END}",
        role="",
    ),
    dict(
        source_id="jsupper",
        outlet="Mixed-case scheme",
        author="x",
        title=f"Scheme {S}",
        published="2020-07-04",
        url=" JaVaScRiPt:window.__pwned=1",
        language="en",
        stance="none",
        file="jsupper.txt",
        known_problems="",
        role="",
    ),
]
with open(DST / "sources.csv", "w", newline="", encoding="utf-8") as h:
    w = csv.DictWriter(h, fieldnames=list(sources[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(sources)

Q_INIT_N = (
    f"On 3 March 2020 the Blue Militia held the North Bank {IMG}, the Mill Quarter and the "
    f"Old Town {S}."
)
Q_INIT_S = (
    f"The Orange Guard held the South Bank {SVG}, the Station District and the Harbour {MDL}."
)
Q_APRIL = f"In the second week of April 2020 the Orange Guard took the Mill Quarter {END}."
Q_MAY = f"Fighting raged in the Old Town from 1 May 2020 {ATTR}; neither side held it."
Q_END = (
    "By the end of May 2020 the Blue Militia had retaken the Mill Quarter and the Old Town "
    f"{IFR}, and on 14 June 2020 it entered the Harbour {MISC}."
)
Q_GAZ = (
    f"The Harbour fell to the Blue Militia on 7 June 2020 {S}, a week earlier than others report."
)
(DST / "sources/chronicle.txt").write_text(
    f"The Chronicle {S}, a hostile synthetic source for tests.\n\n"
    f"{Q_INIT_N}\n\n{Q_APRIL}\n\n{Q_MAY}\n\n{Q_END}\n",
    encoding="utf-8",
)
(DST / "sources/gazette.txt").write_text(
    f"The Gazette {IMG}, a second hostile source that disagrees.\n\n{Q_GAZ}\n", encoding="utf-8"
)
(DST / "sources/jsupper.txt").write_text(f"Station claim {S}\n", encoding="utf-8")
(DST / "sources/wire.txt").write_text(f"The Wire {SVG}.\n\n{Q_INIT_S}\n", encoding="utf-8")


def DAW(text):  # noqa: N802 - a date as written, with a payload
    return f"{text} {IMG}"


NOTE = f"Note {S} {SVG} {MDL} {END} {MISC}"
claims = [
    (
        "ch-20200303-north_bank",
        "north_bank",
        "2020-03-03",
        "day",
        DAW("On 3 March 2020"),
        "government",
        "chronicle",
        Q_INIT_N,
        "high",
        "true",
        NOTE,
    ),
    (
        "ch-20200303-mill_quarter",
        "mill_quarter",
        "2020-03-03",
        "day",
        DAW("On 3 March 2020"),
        "government",
        "chronicle",
        Q_INIT_N,
        "high",
        "true",
        NOTE,
    ),
    (
        "ch-20200303-old_town",
        "old_town",
        "2020-03-03",
        "day",
        DAW("On 3 March 2020"),
        "government",
        "chronicle",
        Q_INIT_N,
        "high",
        "true",
        NOTE,
    ),
    (
        "wi-20200303-south_bank",
        "south_bank",
        "2020-03-03",
        "day",
        f"On 3 March 2020 {SVG}",
        "opposition",
        "wire",
        Q_INIT_S,
        "high",
        "true",
        NOTE,
    ),
    (
        "wi-20200303-station",
        "station",
        "2020-03-03",
        "day",
        f"On 3 March 2020 {MDL}",
        "opposition",
        "wire",
        Q_INIT_S,
        "high",
        "true",
        NOTE,
    ),
    (
        "wi-20200303-harbour",
        "harbour",
        "2020-03-03",
        "day",
        f"On 3 March 2020 {END}",
        "opposition",
        "wire",
        Q_INIT_S,
        "high",
        "true",
        NOTE,
    ),
    (
        "ch-20200406-mill_quarter",
        "mill_quarter",
        "2020-04-06",
        "week",
        f"In the second week of April 2020 {S}",
        "opposition",
        "chronicle",
        Q_APRIL,
        "medium",
        "true",
        NOTE,
    ),
    (
        "ch-20200501-old_town",
        "old_town",
        "2020-05-01",
        "day",
        f"from 1 May 2020 {ATTR}",
        "contested",
        "chronicle",
        Q_MAY,
        "high",
        "true",
        "",
    ),
    (
        "ch-20200525-mill_quarter",
        "mill_quarter",
        "2020-05-25",
        "week",
        f"By the end of May 2020 {IFR}",
        "government",
        "chronicle",
        Q_END,
        "medium",
        "true",
        NOTE,
    ),
    (
        "ch-20200525-old_town",
        "old_town",
        "2020-05-25",
        "week",
        f"By the end of May 2020 {MISC} {S}",
        "government",
        "chronicle",
        Q_END,
        "medium",
        "true",
        NOTE,
    ),
    (
        "ch-20200614-harbour",
        "harbour",
        "2020-06-14",
        "day",
        DAW("on 14 June 2020"),
        "government",
        "chronicle",
        Q_END,
        "high",
        "true",
        NOTE,
    ),
    (
        "ga-20200607-harbour",
        "harbour",
        "2020-06-07",
        "day",
        f"on 7 June 2020 {SVG}",
        "government",
        "gazette",
        Q_GAZ,
        "low",
        "false",
        f"Disagrees {IMG} {MDL}",
    ),
    (
        "js-20200610-station",
        "station",
        "2020-06-10",
        "day",
        f"on 10 June 2020 {S}",
        "government",
        "jsupper",
        f"Station claim {S}",
        "low",
        "false",
        f"Not followed {END}",
    ),
]
cols = list(CLAIM_COLUMNS)
spellings = {
    f["id"]: area_spellings("", "", f["properties"]["alt_names"]) for f in areas["features"]
}
with open(DST / "control_changes.csv", "w", newline="", encoding="utf-8") as h:
    w = csv.writer(h, lineterminator="\n")
    w.writerow(cols)
    for claim in claims:  # the evidence column is derived: named when the quote names the area
        evidence = "named" if names_place(claim[7], spellings[claim[1]]) else "inferred"
        w.writerow([*claim[:9], evidence, *claim[9:]])
(DST / "README.md").write_text(
    "# Hostile Testville\n\nTestville (see ../testville) with an HTML, script, markdown, "
    "template or URL payload in every text field. Each payload would set `window.__pwned` if "
    "it ever ran. Used by tests/browser/test_hostile_browser.py; see docs/reliability.md. "
    "Written by make.py.\n",
    encoding="utf-8",
)
