#!/usr/bin/env python
"""Draw the neighbourhood polygons of Aleppo (2012-2016) and the landmark layer.

Writes geodata/areas.geojson, geodata/landmarks.geojson and docs/areas_draft.png, then
runs the checks (validity, overlaps, holes, seeds inside their areas, km² sums) and
prints them.  Run from anywhere:

    .venv/bin/python tools/draw_areas.py [--centres PATH] [--no-png]

Method (all geometry in EPSG:32637, UTM 37N):

1. A hand-drawn outline of the built-up city (OUTLINE below: the real edge as far as it
   is known, including the Sheikh Najjar industrial city, Handarat, the Mallah farms,
   the Layramoun / Kafr Hamra edge, Rashidin, Minyan, Dahiyat al-Assad, the Ramouseh
   colleges, the airport and an-Nayrab).
2. The outline is cut into faces by two hand-drawn lines: the Castello Road (from the
   Layramoun side to where it crosses the Queiq) and the Queiq river south of the Castello
   Road.  A neighbourhood never crosses these lines.
3. A few areas are drawn by hand (FIXED): the walled Old City, the Citadel, the Sheikh
   Najjar industrial city, and the two hills Tallet al-Zuhur and Tal al-Shurta.
4. The rest of every face is split into Voronoi cells around the seeds of each area:
   the reference points of centres.csv listed for the area in the area plan (several
   seeds for areas such as Ramouseh I-IV or Hamdaniyeh I-V), plus a few placed points
   for areas without a usable reference point.  Cells are dissolved by area id.
5. Two hand transfers (TRANSFERS below) move ground from one Voronoi cell to another
   where the sources say so; small detached fragments are given to the neighbour that
   shares most of their edge;
   the coverage is simplified to ~20 m with a topology-preserving coverage simplifier.

Reference points: /work/shared/reference/centres.csv (most from Columbia University
Center for Spatial Research, "Conflict Urbanism: Aleppo").  The polygons are our own
drawing.  Nothing here is read from the network.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
import shapely.ops
from pyproj import Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, mapping
from shapely.geometry.polygon import orient
from shapely.ops import polygonize, unary_union

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CENTRES = ROOT.parent / "shared" / "reference" / "centres.csv"
AREAS_OUT = ROOT / "geodata" / "areas.geojson"
LANDMARKS_OUT = ROOT / "geodata" / "landmarks.geojson"
PNG_OUT = ROOT / "docs" / "areas_draft.png"

CSR = "Columbia University Center for Spatial Research, Conflict Urbanism: Aleppo"

TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True).transform
TO_WGS = Transformer.from_crs("EPSG:32637", "EPSG:4326", always_xy=True).transform


def _apply(fn, geom):
    return shapely.transform(geom, lambda xy: np.column_stack(fn(xy[:, 0], xy[:, 1])))


def utm(geom):
    return _apply(TO_UTM, geom)


def wgs(geom):
    return _apply(TO_WGS, geom)


def ll(points):
    """(lon, lat) tuples -> the same list (documentation helper: vertices are lon, lat)."""
    return [(float(x), float(y)) for x, y in points]


# --------------------------------------------------------------------------- hand lines
# All vertex lists are (lon, lat), WGS84.  Drawn from the extents of the CSR neighbourhood
# polygons (read as reference only), the reference points and the written sources.

# fmt: off
OUTLINE = ll([
    # NW: edge of al-Layramoun, south-east of Kafr Hamra (Kafr Hamra itself stays outside)
    (37.0860, 36.2440), (37.0895, 36.2525), (37.0990, 36.2610), (37.1100, 36.2675),
    # N: the Mallah farms, north of the Castello Road
    (37.1240, 36.2735), (37.1400, 36.2780), (37.1570, 36.2805),
    # N: Handarat (camp and village)
    (37.1720, 36.2835), (37.1840, 36.2865), (37.1925, 36.2845), (37.1950, 36.2770),
    # east edge of al-Owaija, north edge of al-Inzarat and al-Ard al-Hamra (about 700 m
    # beyond their reference points), then a neck to the south-west corner of the Sheikh
    # Najjar industrial city
    (37.1915, 36.2680), (37.1900, 36.2600), (37.1900, 36.2540), (37.1930, 36.2490),
    (37.2000, 36.2500), (37.2060, 36.2525), (37.2105, 36.2555), (37.2092, 36.2629),
    # NE: west edge of the Sheikh Najjar industrial city, then its north edge
    (37.2140, 36.2686), (37.2159, 36.2737), (37.2174, 36.2780), (37.2182, 36.2830),
    (37.2190, 36.2870), (37.2225, 36.2900), (37.2270, 36.2920), (37.2364, 36.2920),
    (37.2440, 36.2900), (37.2516, 36.2877), (37.2594, 36.2866), (37.2674, 36.2879),
    (37.2745, 36.2905), (37.2830, 36.2886), (37.2905, 36.2836),
    # E: the industrial city is cut at ~37.29 E (it goes on to ~37.31)
    (37.2920, 36.2700), (37.2905, 36.2545), (37.2860, 36.2473),
    # its south side (with the unbuilt notch), back west to above Tallet al-Zuhur
    (37.2746, 36.2617), (37.2555, 36.2689), (37.2454, 36.2612), (37.2406, 36.2527),
    (37.2300, 36.2560), (37.2235, 36.2582),
    # Tallet al-Zuhur, then down the east edge of Hananu and Jabal Badro
    (37.2185, 36.2560), (37.2175, 36.2500), (37.2150, 36.2450), (37.2160, 36.2400),
    (37.2192, 36.2328),
    (37.2137, 36.2286), (37.2095, 36.2250), (37.2110, 36.2215), (37.2148, 36.2195),
    (37.2150, 36.2135),
    # al-Besel and the Ma'saraniyah youth housing, east edge
    (37.2205, 36.2135), (37.2209, 36.2050), (37.2193, 36.1962),
    # Karm al-Tarab, then the north edge of the airport (west of the Jibreen industrial area)
    (37.2142, 36.1935), (37.2142, 36.1873), (37.2311, 36.1858), (37.2390, 36.1815),
    (37.2456, 36.1805),
    # the airport and an-Nayrab
    (37.2455, 36.1770), (37.2410, 36.1745), (37.2370, 36.1712), (37.2352, 36.1650),
    (37.2320, 36.1615), (37.2270, 36.1585), (37.2190, 36.1562), (37.2162, 36.1585),
    (37.2160, 36.1632), (37.2117, 36.1700), (37.2055, 36.1769),
    # west edge of the airport, then the south edge of al-Sheikh Lutfi, the Police Hill
    # (Tal al-Shurta) and al-Marja
    (37.2062, 36.1830), (37.2068, 36.1860), (37.1990, 36.1875), (37.1930, 36.1868),
    (37.1912, 36.1820), (37.1910, 36.1770), (37.1924, 36.1718), (37.1908, 36.1690),
    (37.1880, 36.1685), (37.1852, 36.1693), (37.1838, 36.1722), (37.1800, 36.1748),
    (37.1760, 36.1753), (37.1700, 36.1748),
    # Sheikh Saeed
    (37.1660, 36.1712), (37.1653, 36.1650), (37.1640, 36.1600), (37.1612, 36.1577),
    (37.1560, 36.1558), (37.1510, 36.1563), (37.1480, 36.1570),
    # Ramouseh industrial districts III and IV
    (37.1465, 36.1530), (37.1450, 36.1480), (37.1470, 36.1440), (37.1490, 36.1405),
    (37.1470, 36.1365), (37.1440, 36.1330), (37.1400, 36.1300),
    # the Ramouseh military colleges (south of the Ramouseh industrial districts)
    (37.1290, 36.1285), (37.1160, 36.1300), (37.1060, 36.1380), (37.0985, 36.1480),
    (37.0930, 36.1565), (37.0890, 36.1640),
    # Dahiyat al-Assad (SW edge near 36.174 37.083), Minyan, al-Rashidin
    (37.0800, 36.1650), (37.0720, 36.1690), (37.0675, 36.1770), (37.0660, 36.1860),
    (37.0600, 36.1920), (37.0585, 36.2000), (37.0570, 36.2080), (37.0590, 36.2170),
    (37.0650, 36.2250), (37.0760, 36.2320), (37.0830, 36.2370),
])
# fmt: on

# The Castello Road: from the Kafr Hamra / Layramoun roundabout side, east along the north
# edge of Bani Zaid, the youth housing and Sheikh Maqsoud, to the Jandoul roundabout.
CASTELLO = ll(
    [
        (37.0950, 36.2800),
        (37.1050, 36.2710),
        (37.1150, 36.2640),
        (37.1250, 36.2590),
        (37.1350, 36.2562),
        (37.1450, 36.2548),
        (37.1550, 36.2538),
        (37.1650, 36.2526),
        (37.1735, 36.2505),
    ]
)
JANDOUL = (37.1735, 36.2505)
LAYRAMOUN_ROUNDABOUT = (37.1185, 36.2615)

# From the Jandoul roundabout north past the Kindi hospital to Handarat.
HANDARAT_ROAD = ll(
    [
        (37.1735, 36.2505),
        (37.1762, 36.2600),
        (37.1790, 36.2700),
        (37.1818, 36.2800),
        (37.1850, 36.2950),
        (37.1860, 36.3050),
    ]
)

# The Queiq, north to south: between Sheikh Maqsoud and Ayn al-Tal / Bustan al-Basha,
# south-west along the ash-Sheikh Taha strip to the Public Park, between al-Jamiliyah and
# al-Aziziyah, along the west side of Bustan al-Qasr (the river's Wikipedia coordinate,
# 36.1878 37.1401, lies there), east of al-Sukkari and west of Sheikh Saeed, and out of
# the city east of the Ramouseh industrial districts.
# fmt: off
QUEIQ = ll([
    (37.1680, 36.3050), (37.1670, 36.2800), (37.1658, 36.2600), (37.1648, 36.2470),
    (37.1641, 36.2380), (37.1630, 36.2310), (37.1610, 36.2275), (37.1585, 36.2245),
    (37.1555, 36.2212), (37.1520, 36.2182), (37.1492, 36.2152), (37.1470, 36.2120),
    (37.1458, 36.2100), (37.1462, 36.2085), (37.1472, 36.2060), (37.1471, 36.2030),
    (37.1458, 36.2000), (37.1440, 36.1980), (37.1428, 36.1960), (37.1415, 36.1925),
    (37.1403, 36.1885), (37.1405, 36.1848), (37.1430, 36.1835), (37.1455, 36.1822),
    (37.1472, 36.1800), (37.1475, 36.1745), (37.1477, 36.1700), (37.1476, 36.1650),
    (37.1473, 36.1610), (37.1478, 36.1572), (37.1495, 36.1520), (37.1525, 36.1450),
    (37.1545, 36.1380), (37.1560, 36.1250),
])
# fmt: on

# The walls of the Old City (gates from centres.csv: Bab Antaki 36.19898 37.15168, Bab
# al-Jinan 36.20210 37.15204, Bab al-Nasr 36.20407 37.16080, Bab Qinnesrin 36.19450
# 37.15586, Bab al-Maqam 36.19207 37.16044); Bab al-Hadid at the NE corner, Bab al-Ahmar
# in the east wall, Bab al-Nairab at the SE corner.
WALLS = ll(
    [
        (37.1514, 36.1990),
        (37.1518, 36.2021),
        (37.1540, 36.2038),
        (37.1575, 36.2044),
        (37.1608, 36.2041),
        (37.1655, 36.2036),
        (37.1668, 36.2022),
        (37.1690, 36.2008),
        (37.1703, 36.1985),
        (37.1702, 36.1958),
        (37.1690, 36.1944),
        (37.1645, 36.1937),
        (37.1604, 36.1921),
        (37.1580, 36.1918),
        (37.1557, 36.1925),
        (37.1540, 36.1930),
        (37.1524, 36.1938),
        (37.1514, 36.1960),
    ]
)

# Sheikh Najjar industrial city (drawn after the extent of the CSR "Sheikh Najjar" polygon,
# cut at ~37.29 E); intersected with the outline.
# The airport and an-Nayrab (after the CSR 'Aleppo International Airport' and 'an-Nayrab'
# polygons); intersected with the outline.
# fmt: off
AIRPORT = ll([
    (37.2073, 36.1886), (37.2168, 36.1870), (37.2270, 36.1859), (37.2311, 36.1856),
    (37.2600, 36.1840), (37.2600, 36.1450), (37.2050, 36.1450), (37.2055, 36.1769),
    (37.2062, 36.1830),
])
# fmt: on

SHEIKH_NAJJAR = ll(
    [
        (37.2092, 36.2629),
        (37.2140, 36.2686),
        (37.2159, 36.2737),
        (37.2174, 36.2780),
        (37.2182, 36.2830),
        (37.2190, 36.2870),
        (37.2225, 36.2900),
        (37.2270, 36.2960),
        (37.2950, 36.2960),
        (37.2950, 36.2450),
        (37.2860, 36.2473),
        (37.2746, 36.2617),
        (37.2555, 36.2689),
        (37.2454, 36.2612),
        (37.2406, 36.2527),
        (37.2300, 36.2560),
        (37.2200, 36.2595),
    ]
)


def ellipse(lat, lon, rx_m, ry_m, n=24):
    """An ellipse (in metres, UTM) around lat/lon, returned in WGS84."""
    cx, cy = TO_UTM(lon, lat)
    pts = [
        (cx + rx_m * math.cos(2 * math.pi * i / n), cy + ry_m * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]
    return wgs(Polygon(pts))


# --------------------------------------------------------------------------- the areas
# seeds: rows of centres.csv (by exact name); placed: (lat, lon, why) for points we place.
# main: the row giving ref_lat/ref_lon (default: the first seed row).

A = []


def area(
    id,
    name,
    kind,
    seeds=(),
    placed=(),
    main=None,
    ar=None,
    alt=(),
    note="",
    exclude_alt=(),
    fixed=None,
    ref_override=None,
    aux=(),
):
    """One area.  seeds: rows of the area plan; aux: further centres.csv rows that also
    seed the area (not spelling variants, so not added to alt_names)."""
    A.append(
        dict(
            aux=list(aux),
            id=id,
            name=name,
            kind=kind,
            seeds=list(seeds),
            placed=list(placed),
            main=main,
            ar=ar,
            alt=list(alt),
            note=note,
            exclude_alt=set(exclude_alt),
            fixed=fixed,
            ref_override=ref_override,
        )
    )


# ---- the north of eastern Aleppo (taken mid-November to 3 December 2016)
area(
    "hananu",
    "Hananu (Masaken Hanano)",
    "district",
    ["Hanano (Masaken Hanano / Hananu Residences)"],
    alt=["Hananu Residence", "Hananu residences", "Masakin Hanano district", "Hanano district"],
    note="The large north-eastern housing district, not the Hanano Barrack of the Old City "
    "(which is in al-Maysaloon / al-Mashatiyeh here).",
)
area(
    "haidariya",
    "al-Haidariya",
    "neighbourhood",
    ["al-Haidariya"],
    alt=["Haydariyah", "al-Haidarya", "Haydariya"],
)
area(
    "sakhur",
    "al-Sakhur",
    "neighbourhood",
    ["al-Sakhur", "as-Sakhour I"],
    alt=["Sakhour", "al-Sakhour", "Sakhur"],
)
area(
    "suleiman_al_halabi",
    "Suleiman al-Halabi",
    "neighbourhood",
    ["Suleiman al-Halabi"],
    alt=["Suleiman al-Halabi"],
)
area("jabal_badro", "Jabal Badro", "neighbourhood", ["Jabal Badro"], alt=["Jabal-Badro"])
area(
    "inzarat",
    "al-Inzarat",
    "neighbourhood",
    ["al-Inzarat"],
    alt=["al-Intharat", "Inzarat"],
    note="Low-confidence point (estimate from written descriptions: 'the northeastern "
    "Inzarat district', north of al-Haidariya); the cell lies between al-Haidariya, "
    "al-Owaija and al-Ard al-Hamra.",
)
area(
    "ayn_al_tal",
    "Ayn al-Tal",
    "neighbourhood",
    ["Ayn al-Tal"],
    ar="عين التل",
    alt=["Ayn al-Tel", "Ayn al-Tal", "Ayn Al-Tal"],
    note="One dataset (the CSR polygon) labels it عين التينة; the name is عين التل.",
)
area(
    "ard_al_hamra",
    "al-Ard al-Hamra",
    "neighbourhood",
    ["al-Ard al-Hamra"],
    alt=["Aradh Al-Hamra", "Ard Al-Hamra", "al-Arad al-Hamra", "'Ard Al-Hamra"],
    note="This is the northern al-Ard al-Hamra (north / north-east of Hananu, taken about "
    "25-28 November 2016).  The October 2016 account of a south-eastern 'Aradh "
    "al-Hamra' near the airport and Karm al-Trab is not drawn as a separate area.",
)
area(
    "sheikh_khodr",
    "al-Sheikh Khodr",
    "neighbourhood",
    ["al-Sheikh Khodr"],
    alt=["Sheikh Kheder", "al-Sheikh Khader", "Sheikh Khodr"],
)
area(
    "bustan_al_basha",
    "Bustan al-Basha",
    "neighbourhood",
    ["Bustan al-Basha"],
    alt=["Bastan al-Basha", "Bustan Al-Basha"],
)
area(
    "sheikh_fares",
    "al-Sheikh Fares",
    "neighbourhood",
    ["al-Sheikh Fares"],
    alt=["Sheikh Fares", "al-Sheikh Faris"],
)
area(
    "zaytun",
    "al-Zaytun",
    "neighbourhood",
    [],
    placed=[
        (
            36.2335,
            37.1646,
            "no reference point: placed from Enab Baladi, which lists al-Zaytunah with "
            "Bastan al-Basha, Ayn al-Tel and al-Sheikh Faris among the neighbourhoods the "
            "YPG took over (so next to Sheikh Maqsoud); put on the east bank of the Queiq "
            "between Bustan al-Basha, al-Hallak and Ayn al-Tal, facing Sheikh Maqsoud",
        )
    ],
    ar="الزيتون",
    alt=["al-Zaytunah"],
)
area(
    "baaidin",
    "Ba'aidin",
    "neighbourhood",
    ["Ba'aidin", "Ba'aiedeen"],
    alt=["Ba'ibdeen", "Ba'idayn"],
)
area(
    "hallak",
    "al-Hallak",
    "neighbourhood",
    ["Hallak (Trab al-Hellok)"],
    ar="الهلك",
    alt=[
        "Hallak",
        "Halak",
        "Hellok",
        "Hallak Fuqani",
        "Hallak Tahtani",
        "Hallak Al-Fukani",
        "Hallak Al-Tahtani",
    ],
)
area(
    "tallet_al_zuhur",
    "Tallet al-Zuhur (Zouhor hill)",
    "site",
    [],
    placed=[
        (
            36.2545,
            37.2150,
            "no reference point: the hill 'overlooking Hananu' taken from the east on "
            "19-21 November 2016; the Tiger Forces then 'advanced southwest from the Zouhor "
            "hill into the old Sheikh Najjar factories', so it lies north-east of Hananu, "
            "between Hananu and the Sheikh Najjar industrial city",
        )
    ],
    ar="تلة الزهور",
    alt=["Zouhor hill", "al-Zuhur hill"],
    exclude_alt={"Zuhur"},
    fixed="tallet",
    note="Not the western az-Zuhour neighbourhood.  Drawn as a small oval (~0.9 x 0.8 km) "
    "around the placed point; its position is uncertain by about 1 km.",
)
area(
    "tariq_al_bab",
    "Tariq al-Bab",
    "neighbourhood",
    ["Tariq al-Bab"],
    alt=["Tariq al Bab"],
    note="Datasets place Tariq al-Bab differently (around al-Halwaniyeh / Karm al-Jazmati, "
    "or within al-Shaar, about 1 km apart); this follows the reference point (median "
    "of UNOSAT damage points), on the Bab road south of al-Halwaniyeh.",
)
area(
    "masaken_al_shabab_masaraniyah",
    "Masaken al-Shabab (al-Ma'saraniyah youth housing)",
    "neighbourhood",
    ["al-Ma'saraniyah youth housing", "al-Ma'asaraniyeh Youth Housing"],
    ar="مساكن الشباب (المعصرانية)",
    alt=[
        "Ma'saraniyah Youth housing",
        "al-Ma’saraniyah",
        "Masaken al-Shabab",
        "al-Sakan al-Shababi",
    ],
    note="The eastern youth housing.  Enab Baladi's 'Masaken al-Shabab' (taken 3 December "
    "2016, with Tariq al-Bab, al-Hilwanet and Karm al-Jazmati) and its 'al-Sakan "
    "al-Shababi area' near the front in early December mean this complex (the "
    "north-western one at Bani Zaid was taken in July 2016).",
)
area(
    "halwaniyeh",
    "al-Halwaniyeh",
    "neighbourhood",
    ["al-Halwaniyeh"],
    alt=["al-Hilwanet", "al-Helwania", "al-Helwaniyah"],
)
area(
    "karm_al_jazmati",
    "Karm al-Jazmati",
    "neighbourhood",
    ["Karm al-Jazmati"],
    alt=["al-Jazmati", "Karm al-Jazmati"],
)
area(
    "owaija",
    "al-Owaija",
    "neighbourhood",
    ["Owaija (UNOSAT label)"],
    ar="العويجة",
    alt=["Owaija", "Al-‘Aweeja", "al-Oweija", "Al-‘Oweeja", "al-'Aweeja", "Uwayjah"],
)

# ---- still held by the opposition on 3 December 2016
area(
    "karm_al_maysar",
    "Karm al-Maysar",
    "neighbourhood",
    ["Karm al-Maysar", "Karm al-Sabbagh - Karm al-Tahhan"],
    alt=["Karm al-Miysar", "al-Miysar", "Myasar", "Karm al-Myassar"],
)
area(
    "karm_al_tarab",
    "Karm al-Tarab",
    "neighbourhood",
    [],
    placed=[
        (
            36.1910,
            37.2128,
            "the reference row 'Karm al-Tarab' (36.200850 37.210291, medium) is the same "
            "point as al-Ma'saraniyah youth housing and is used there; Karm al-Tarab is "
            "placed east / south-east of it, towards the airport road: Wikipedia has the "
            "army take it on 2 December 2016 while 'securing the airport road', and in "
            "October 'the Nayrab Bridge - al-Miysar axis ... parts of the nearby Karm "
            "al-Trab'",
        )
    ],
    main="Karm al-Tarab",
    ref_override="placed",
    alt=["Karm al-Trab"],
)
area("karm_al_khayyat", "Karm al-Khayyat", "neighbourhood", ["Karm al-Khayyat"])
area(
    "karm_al_aqd",
    "Karm al-Aqd",
    "neighbourhood",
    ["Karm al-Aqd"],
    note="The GeoNames point lies 230 m from the Karm al-Jazmati point, inside the area "
    "the CSR draws as Karm al-Jazmati; the two cells split that ground north / south.",
)
area(
    "qaterji",
    "al-Qaterji",
    "neighbourhood",
    ["al-Qaterji (Karm al-Qaterji)"],
    alt=["al-Qatraji", "al-Qaterrji"],
)
area(
    "shaar",
    "al-Shaar",
    "neighbourhood",
    ["al-Shaar", "ash-Sha'ar", "Karm al-Beik"],
    aux=["Karm aj-Jabal"],
    alt=["Sha'ar", "al-Shaar", "Shaar", "al-Sha'ar"],
    note="al-Shaar, ash-Sha'ar and Karm al-Beik are one point in centres.csv.  The CSR "
    "quarter Karm aj-Jabal also seeds it (a departure from the plan's rows): Wikipedia has "
    "the rebels consider 'Sha'ar and nearby Karm al-Jabal' lost on 5 December 2016.",
)
area(
    "dahret_awwad",
    "Dahret Awwad",
    "neighbourhood",
    ["Dahret Awwad", "Jouret ‘Awwad"],
    alt=["Dahret Awwad"],
)
area("karm_homad", "Karm Homad", "neighbourhood", ["Karm Homad"])
area("marja", "al-Marja", "neighbourhood", ["al-Marja"], alt=["Marjeh", "al-Marjet", "Marjah"])
area(
    "sheikh_lutfi",
    "al-Sheikh Lutfi",
    "neighbourhood",
    ["al-Sheikh Lutfi"],
    aux=["Maqar al-Anbiya'a"],
    alt=["Sheikh Lutfi", "al-Sheikh Lutfi", "Sheikh Lufti"],
    note="The reference point is a low-confidence estimate ('may be 1.5-2 km off').  The "
    "CSR list has no Sheikh Lutfi; Enab Baladi says it 'borders Bab al-Nirab neighborhood on "
    "the south eastern front', which is where the CSR quarter 'Maqar al-Anbiya'a' lies, so "
    "that point seeds this area (a departure from the plan's rows).  The area runs from "
    "Maqar al-Anbiya'a east to about 37.191 E, south of the airport road, north of the "
    "Police Hill.  The estimate (36.180 37.195) lies ~350 m east of that drawn edge: the "
    "ground between there and the airport fence is left outside the outline (Wikipedia's "
    "south-eastern 'Aradh al-Hamra', taken by the army in October 2016 on the Nayrab "
    "bridge axis, is probably there; it is not drawn as an area).",
)
area(
    "bab_al_nairab",
    "Bab al-Nairab",
    "neighbourhood",
    ["Bab al-Nairab"],
    alt=["Bab al-Nirab", "Bab Al-Nayrab"],
)
area(
    "tal_al_shurta",
    "Tal al-Shurta (Police Hill) / al-Aziziyeh front",
    "site",
    [],
    placed=[
        (
            36.1718,
            37.1880,
            "no reference point: Enab Baladi's 'al-Azizet and al-Shurta Hill front' aimed "
            "at al-Sheikh Lutfi; Wikipedia has 'the southern Hill 420 (Police Hill)' taken "
            "with southern Sheikh Lutfi, and al-Aziza as a suburb on the southern "
            "outskirts; placed on the southern edge, south of al-Sheikh Lutfi / al-Marja",
        )
    ],
    ar="تلة الشرطة",
    alt=["al-Shurta Hill", "Hill 420", "Police Hill", "al-Azizet"],
    fixed="shurta",
    note="Not the western al-Aziziyah.  Drawn as a small oval (~0.8 x 0.7 km) on the "
    "southern edge; its position is uncertain by about 1 km.",
)
area(
    "sheikh_saeed",
    "al-Sheikh Saeed",
    "neighbourhood",
    ["al-Sheikh Saeed"],
    alt=[
        "Sheikh Saeed",
        "Sheikh Sa'id",
        "al-Sheikh Saeed",
        "Sheikh Said",
        "Sheikh Sa'eed",
        "al-Sheikh Sa'id",
    ],
)
area(
    "salihin",
    "al-Salihin",
    "neighbourhood",
    ["al-Salihin"],
    alt=["Salheen", "al-Salihin", "Saliheen"],
)
area("maadi", "al-Maadi", "neighbourhood", ["al-Maadi", "al-Asileh"], alt=["Maadi"])
area("qadi_askar", "Qadi Askar", "neighbourhood", ["Qadi Askar"])
area(
    "bab_al_hadid",
    "Bab al-Hadid",
    "neighbourhood",
    ["Bab al-Hadid", "Abraj", "Sajlikhan"],
    note="East of the Old City, outside the walls at Bab al-Hadid.",
)
area("mashatiyeh", "al-Mashatiyeh", "neighbourhood", ["al-Mashatiyeh"])
area(
    "maysaloon",
    "Maysaloon",
    "neighbourhood",
    ["Maysaloon (UNOSAT label)", "Maysaloon Cemetery"],
    ar="ميسلون",
)
area("karm_al_daadaa", "Karm al-Da'ada'a", "neighbourhood", ["Karm ad-Da'ada'a"])
area(
    "bustan_al_qasr",
    "Bustan al-Qasr",
    "neighbourhood",
    ["Bustan al-Qasr"],
    alt=["Bustan Al Kasr", "Bustan Al-Qasr", "Bustan al-Qaser"],
)
area(
    "kalasa",
    "al-Kalasa",
    "neighbourhood",
    ["al-Kalasa"],
    alt=["Kallaseh", "Kallasa", "al-Kallaseh"],
)
area(
    "fardous",
    "al-Fardous",
    "neighbourhood",
    ["al-Fardous", "Jisr al-Haj"],
    alt=["Fardous", "Fardos", "Firdous"],
    note="al-Fardous and Jisr al-Haj are one point in centres.csv (Jisr al-Haj, the "
    "roundabout, is inside al-Fardous here).",
)
area("sukkari", "al-Sukkari", "neighbourhood", ["al-Sukkari"], alt=["Sukkari"])
area(
    "ansari_sharqi", "al-Ansari al-Sharqi", "neighbourhood", ["Ansari Sharqi"], ar="الأنصاري الشرقي"
)
area(
    "mashhad",
    "al-Mashhad (Ansari Mashhad)",
    "neighbourhood",
    ["al-Mashhad (Ansari Mashhad)"],
    alt=["Mashhad"],
)
area("zebdiyeh", "al-Zebdiyeh", "neighbourhood", ["az-Zebdiyeh"])
area(
    "salah_al_din",
    "Salah al-Din",
    "neighbourhood",
    ["Salah al-Din"],
    alt=["Salaheddine", "Salah al-Din", "Salah el-Din"],
)
area("amiriyah", "al-Amiriyah", "neighbourhood", ["al-Amiriyah"], alt=["Ameriyah", "Al-Amariya"])
area("tal_az_zarazir", "Tal al-Zarazir", "neighbourhood", ["Tal az-Zarazir"])
area(
    "old_city",
    "Old City",
    "district",
    ["Old City (Ancient City of Aleppo, walled city)"],
    fixed="walls",
    alt=["Old Aleppo", "old city of Aleppo"],
    note="The walled city, drawn along the line of the walls through the gates of "
    "centres.csv (Bab Antaki, Bab al-Jinan, Bab al-Nasr, Bab Qinnesrin, Bab al-Maqam) "
    "and Bab al-Hadid / Bab al-Ahmar / Bab al-Nairab on the east, minus the Citadel.  "
    "Intramural quarters of centres.csv (Souq al-Madina, al-Jalloum, al-Bayyada, "
    "al-A'ajam, Altunbogha, ad-Dudu, al-'Aqabeh, Bab Qinnasrin, Qal'et ash-Sharif, "
    "Sahet Bizzeh, the Umayyad Mosque) fall inside it.",
)
area(
    "citadel",
    "Citadel of Aleppo",
    "site",
    ["Citadel of Aleppo", "Aleppo Citadel"],
    fixed="citadel",
    alt=["Citadel"],
    note="A small oval (~350 x 300 m) around the citadel mound, cut out of the Old City.",
)

# ---- outskirts and the rest of the city
area(
    "sheikh_najjar",
    "al-Sheikh Najjar industrial city",
    "district",
    ["al-Sheikh Najjar industrial city"],
    fixed="najjar",
    ar="المدينة الصناعية الشيخ نجار",
    alt=[
        "Sheikh Najjar",
        "al-Sheikh Najar",
        "Sheikh Najjar Industrial City",
        "Sheikh Najjar industrial district",
        "Sheikh Najjar industrial zone",
    ],
    note="Drawn by hand after the extent of the industrial city (CSR 'Sheikh Najjar' "
    "polygon, read as reference), cut at about 37.29 E.",
)
area("handarat", "Handarat", "village", ["Handarat"], alt=["Hindrat", "Handaraat", "Handarat Camp"])
area(
    "mallah",
    "al-Mallah farms",
    "district",
    [],
    placed=[
        (
            36.2780,
            37.1450,
            "no reference point: 'the al-Malah territory overlooking Castello Road' (Enab "
            "Baladi); Wikipedia: the Mallah farms north of the road, the army 'within one "
            "kilometer of the Castello Road' after taking southern Mallah; placed in the "
            "farmland north of the Castello Road, west of Handarat",
        )
    ],
    ar="مزارع الملاح",
    alt=["al-Mallah", "Mallah", "al-Malah", "Mallah Farms"],
)
area(
    "shuqayf",
    "al-Shuqayf industrial area",
    "district",
    ["al-Shuqayf industrial area"],
    alt=["Shuqayf", "Shaqayf", "al-Shakif", "Shuqayyif", "Shuqeif"],
)
area(
    "airport",
    "Aleppo International Airport (al-Nayrab)",
    "site",
    ["Aleppo International Airport", "an-Nayrab"],
    alt=["Aleppo International Airport", "Nairab", "Nayrab", "al-Nairab Military Airport"],
    fixed="airport",
    note="Drawn by hand after the extent of the airport and an-Nayrab (CSR polygons 'Aleppo "
    "International Airport' and 'an-Nayrab', read as reference): its north edge runs along "
    "the airport fence south of Karm al-Tarab, its west edge along the airport's west fence "
    "east of al-Sheikh Lutfi.",
)
area(
    "sheikh_maqsoud",
    "Sheikh Maqsoud",
    "district",
    ["Sheikh Maqsoud"],
    alt=["Sheikh Maqsood", "Sheikh Maqsoud"],
)
area(
    "bani_zaid",
    "Bani Zaid",
    "neighbourhood",
    ["Bani Zaid", "Rasafeh"],
    alt=["Bani Zeid"],
    note="Bani Zaid and Rasafeh are one point in centres.csv; both seed this area.",
)
area(
    "masaken_al_shabab_bani_zaid",
    "Masaken al-Shabab (north-western youth housing)",
    "neighbourhood",
    ["Masaken al-Shabab (NW youth housing)"],
    ar="السكن الشبابي (بني زيد)",
)
area(
    "layramoun",
    "al-Layramoun",
    "district",
    ["al-Layramoun (CSR al-Belleramoon polygon)"],
    alt=["al-Layramoun", "Al-Layramoun", "Layramoun", "al-Leirmoun"],
)
area("khalidiyah", "al-Khalidiyah", "neighbourhood", ["al-Khalidiyah"], alt=["Khaldiyeh"])
area(
    "ashrafiyeh",
    "al-Ashrafiyeh",
    "neighbourhood",
    ["Ashrafiyeh"],
    alt=["Ashrafiyeh", "Ashrafieh", "Ashrafiyah"],
)
area(
    "ramouseh",
    "al-Ramouseh",
    "district",
    [
        "al-Ramouseh (district)",
        "Ad-Ramouseh Industrial District I",
        "Ad-Ramouseh Industrial District II",
        "Ad-Ramouseh Industrial District III",
        "Ad-Ramouseh Industrial District IV",
    ],
    alt=["Ramouseh", "al-Ramouseh", "Ramousah", "Old Ramouseh"],
    note="Residential and industrial district, not the military colleges (ramouseh_academy).",
)
area(
    "ramouseh_academy",
    "Ramouseh military academy complex",
    "site",
    [],
    placed=[
        (
            36.1420,
            37.1210,
            "the reference row (36.150589 37.144260, low) coincides with the centre of "
            "Ramouseh Industrial District III (36.150468 37.143220) and is used for "
            "al-Ramouseh; the colleges (artillery, armament, air-force technical) are "
            "south-west of the district, on the Ramouseh hill by the Aleppo-Hama road, "
            "between the 1070 project and the Ramouseh road",
        )
    ],
    main="Ramouseh military academy complex (Artillery / Armament / Air-Force Technical colleges)",
    ref_override="placed",
    ar="كلية المدفعية (الراموسة)",
    alt=[
        "Al-Ramousah Military Academy",
        "Aleppo Artillery Academy",
        "Ramouseh Artillery Base",
        "Aleppo Technical College",
    ],
)
area(
    "hamdaniyeh",
    "al-Hamdaniyeh",
    "district",
    [
        "al-Hamdaniyeh",
        "al-Hamdaniyeh I",
        "al-Hamdaniyeh II",
        "al-Hamdaniyeh III",
        "al-Hamdaniyeh IV",
        "al-Hamdaniyeh V",
    ],
    alt=["Hamdaniyah", "al-Hamadaniya", "Hamdaniya", "Hamadaniyah", "Hamdaniyeh"],
)
area(
    "apartments_1070",
    "1070 Apartments project",
    "neighbourhood",
    ["1070 Apartments project"],
    alt=[
        "1070 Apartments",
        "1070 Housing Project",
        "1070 Al-Hamdaniyah Housing Project",
        "1070 Al-Hamadaniyah Housing Project",
    ],
    note="Low-confidence point (SW edge of al-Hamdaniyeh).",
)
area(
    "apartments_3000",
    "3000 Apartments project",
    "neighbourhood",
    ["3000 Apartments project"],
    alt=["3000 Apartments", "3000 Housing Project"],
    note="Low-confidence point (W of al-Hamdaniyeh), 700 m from the Tishreen point; the "
    "two cells split that ground.",
)
area("new_aleppo", "New Aleppo", "district", ["New Aleppo"])
area(
    "dahiyat_al_assad",
    "Dahiyat al-Assad",
    "district",
    ["Dahiyat al-Assad"],
    alt=["al-Assad suburb", "Al-Assad district", "Assad suburb"],
    note="The Aleppo suburb on the south-west edge (not the Damascus suburb of that name).",
)
area("minyan", "Minyan", "village", ["Minyan"], note="Low-confidence point (W edge).")
area(
    "rashidin",
    "al-Rashidin",
    "district",
    ["al-Rashidin (Rashideen suburbs)"],
    alt=["Rashideen", "Rashidin", "Rashiddeen", "al-Rashedin"],
)
area(
    "zahraa",
    "al-Zahraa",
    "neighbourhood",
    ["al-Zahraa"],
    alt=["Zahraa", "al-Zahra", "Zahra", "Zahra'a", "al-Zahraa"],
)
area("shahba", "al-Shahba", "neighbourhood", ["al-Shahba", "ash-Shahba'", "Andalus"])
area(
    "furqan",
    "al-Furqan",
    "neighbourhood",
    ["al-Furqan", "al-Ghazali", "ash-Shuhada’"],
    alt=["Furqan"],
)
area(
    "university",
    "University district",
    "neighbourhood",
    ["University of Aleppo", "al-Kawakbi"],
    ar="الجامعة",
)
area("muhafaza", "al-Muhafaza", "neighbourhood", ["al-Muhafaza"], alt=["Muhafaza Sakaniya"])
area("sabil", "al-Sabil", "neighbourhood", ["al-Sabil", "Nile Street", "Tareq Ben Ziad"])
area(
    "zuhour",
    "az-Zuhour",
    "neighbourhood",
    ["az-Zuhour"],
    alt=["Zuhur"],
    note="The western neighbourhood next to al-Ashrafiyeh ('the Armenian district of "
    "Zuhur'), not Tallet al-Zuhur.",
)
area(
    "siryan",
    "al-Siryan",
    "neighbourhood",
    ["as-Siryan (Syriac Quarter)"],
    alt=["Seryan", "Syriac quarter", "New Syriac quarter"],
)
area("jamiliyah", "al-Jamiliyah", "neighbourhood", ["al-Jamiliyah"])
area(
    "aziziyah",
    "al-Aziziyah",
    "neighbourhood",
    ["al-Aziziyah", "al-'Aziziyeh", "The Public Park"],
    alt=["Aziziyah", "Aziziya", "Al-Aziziyah"],
    exclude_alt={"al-Azizet"},
    note="The western al-Aziziyah.  centres.csv lists 'al-Azizet' as a variant, but Enab "
    "Baladi's 'al-Azizet' is the south-eastern front (see tal_al_shurta), so it is "
    "left out here.",
)
area(
    "sulaymaniyah",
    "al-Sulaymaniyah",
    "neighbourhood",
    ["Sulaymaniyah", "ash-Sheikh Taha"],
    alt=["Suleimaniyeh"],
)
area("midan", "al-Midan", "neighbourhood", ["al-Midan"], alt=["Midan"])
area(
    "jabriyeh",
    "al-Jabriyeh",
    "neighbourhood",
    ["al-Jabriyeh", "al-Hamidiyeh", "Beit Muheb / Jdeydeh"],
    aux=["Qastal Mosht"],
    alt=["Jdeydeh"],
    note="The CSR quarter Qastal Mosht, north of the walls between Jdeydeh and Bab al-Hadid, "
    "also seeds it (a departure from the plan's rows), so that the Jdeydeh side of the "
    "northern edge of the Old City stays with al-Jabriyeh.",
)
area("masharqa", "al-Masharqa", "neighbourhood", ["al-Masharqa", "Bustan az-Zahra", "al-Feid"])
area("ansari", "al-Ansari (west)", "neighbourhood", ["al-Ansari"], alt=["Sa'ad al-Ansari"])
area("saif_al_dawla", "Saif al-Dawla", "neighbourhood", ["Saif al-Dawla"], alt=["Saif al-Dawlah"])
area("azamiyeh", "al-A'azamiyeh", "neighbourhood", ["al-A'azamiyeh"])
area("tishreen", "Tishreen", "neighbourhood", ["Tishreen"])
area("wafa", "al-Wafa", "neighbourhood", ["Al Wafa (UNOSAT label)"], ar="الوفاء")

NORTH_GROUP = [
    "hananu",
    "tallet_al_zuhur",
    "haidariya",
    "sakhur",
    "suleiman_al_halabi",
    "jabal_badro",
    "inzarat",
    "ayn_al_tal",
    "ard_al_hamra",
    "sheikh_khodr",
    "baaidin",
    "hallak",
    "bustan_al_basha",
    "sheikh_fares",
    "zaytun",
    "tariq_al_bab",
    "masaken_al_shabab_masaraniyah",
    "halwaniyeh",
    "karm_al_jazmati",
    "owaija",
]
SOUTH_GROUP = [
    "karm_al_maysar",
    "karm_al_tarab",
    "karm_al_khayyat",
    "karm_al_aqd",
    "qaterji",
    "shaar",
    "dahret_awwad",
    "karm_homad",
    "marja",
    "sheikh_lutfi",
    "bab_al_nairab",
    "tal_al_shurta",
    "sheikh_saeed",
    "salihin",
    "maadi",
    "qadi_askar",
    "bab_al_hadid",
    "mashatiyeh",
    "maysaloon",
    "karm_al_daadaa",
    "bustan_al_qasr",
    "kalasa",
    "fardous",
    "sukkari",
    "ansari_sharqi",
    "mashhad",
    "zebdiyeh",
    "salah_al_din",
    "amiriyah",
    "tal_az_zarazir",
    "old_city",
]

# Hand transfers after the Voronoi step: (lon/lat polygon, target id, why).
# fmt: off
TRANSFERS: list[tuple[list, str, str]] = [
    ([(37.1700, 36.2650), (37.1950, 36.2650), (37.1950, 36.2800), (37.1700, 36.2800)],
     "handarat",
     "the ground north of 36.265 between the Castello Road area and the east edge is given "
     "to Handarat (camp, Kindi hospital), keeping al-Owaija within ~600 m of its reference "
     "point"),
    ([(37.1300, 36.1640), (37.1360, 36.1648), (37.1395, 36.1660), (37.1405, 36.1690),
      (37.1440, 36.1700), (37.1474, 36.1712), (37.1474, 36.1650), (37.1471, 36.1610),
      (37.1474, 36.1580), (37.1300, 36.1580)],
     "ramouseh",
     "the ground south of al-Sukkari and Tal al-Zarazir, west of the Queiq ('the Sadkop and "
     "Old Ramouseh areas, south of Sheikh Saeed', Wikipedia) is given to al-Ramouseh"),
]
# fmt: on

# ------------------------------------------------------------------------- helpers

ARABIC = re.compile(r"[\u0600-\u06FF]")


def read_centres(path: Path) -> dict[str, dict]:
    rows = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            r["variants_list"] = [v.strip() for v in (r["variants"] or "").split(";") if v.strip()]
            r["lat_f"] = float(r["lat"]) if r["lat"] else None
            r["lon_f"] = float(r["lon"]) if r["lon"] else None
            rows[r["name"]] = r
    return rows


NOT_A_NAME = re.compile(
    r"^(district|artillery|armament|walled city|NW youth housing|.*colleges)$", re.I
)
DESCRIPTIVE = re.compile(r"\b(UNOSAT|CSR|label|polygon)\b", re.I)


def row_name_spellings(name: str) -> list[str]:
    """'Hanano (Masaken Hanano / Hananu Residences)' -> the names in it, without the
    descriptive parts ('UNOSAT label', 'CSR ... polygon')."""
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if not m:
        return [name]
    out = [m.group(1).strip()]
    for part in re.split(r"\s*/\s*|,\s*", m.group(2)):
        part = re.sub(r"\s+", " ", DESCRIPTIVE.sub("", part)).strip()
        if part and not NOT_A_NAME.search(part):
            out.append(part)
    return out


def short_source(r: dict) -> str:
    src = r["source"]
    src = re.sub(r",\s*github:\S+$", "", src).strip()
    return src


def polygon_parts(g):
    if g is None or g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    return [p for p in getattr(g, "geoms", []) if isinstance(p, Polygon)]


def as_poly(parts):
    parts = [p for p in parts if not p.is_empty and p.area > 0]
    if not parts:
        return Polygon()
    if len(parts) == 1:
        return parts[0]
    u = unary_union(parts)
    return u


# ---------------------------------------------------------------------------- build


def build(centres: dict[str, dict]):
    by_id = {a["id"]: a for a in A}
    # seeds
    seeds = []  # (id, Point utm, label, confidence, kind)
    for a in A:
        for name in a["seeds"] + a["aux"]:
            if name not in centres:
                raise SystemExit(f"{a['id']}: no row {name!r} in centres.csv")
            r = centres[name]
            if r["lat_f"] is None:
                continue
            seeds.append(
                (a["id"], Point(TO_UTM(r["lon_f"], r["lat_f"])), name, r["confidence"], "ref")
            )
        for lat, lon, _why in a["placed"]:
            seeds.append((a["id"], Point(TO_UTM(lon, lat)), "placed point", "placed", "placed"))

    outline = utm(Polygon(OUTLINE))
    assert outline.is_valid, shapely.validation.explain_validity(outline)

    fixed = {}
    fixed["citadel"] = utm(
        ellipse(
            centres["Citadel of Aleppo"]["lat_f"], centres["Citadel of Aleppo"]["lon_f"], 175, 150
        )
    )
    walls = utm(Polygon(WALLS))
    fixed["old_city"] = walls.difference(fixed["citadel"])
    fixed["sheikh_najjar"] = utm(Polygon(SHEIKH_NAJJAR)).intersection(outline)
    tz = by_id["tallet_al_zuhur"]["placed"][0]
    fixed["tallet_al_zuhur"] = utm(ellipse(tz[0], tz[1], 380, 330)).intersection(outline)
    ts = by_id["tal_al_shurta"]["placed"][0]
    fixed["tal_al_shurta"] = utm(ellipse(ts[0], ts[1], 340, 290)).intersection(outline)
    fixed["airport"] = utm(Polygon(AIRPORT)).intersection(outline)
    fixed_union = unary_union(list(fixed.values()))

    # faces of the outline cut by the Castello Road and the Queiq (south of the road)
    castello = utm(LineString(CASTELLO))
    queiq = utm(LineString(QUEIQ))
    # the part of the river south of where it crosses the Castello Road
    pieces = sorted(shapely.ops.split(queiq, castello).geoms, key=lambda g: g.bounds[1])
    # start one vertex north of the crossing so that the two lines are noded together
    queiq_south = LineString([pieces[-1].coords[-2], *pieces[0].coords])
    lines = [castello, queiq_south]
    noded = unary_union([outline.exterior, *lines])
    faces = [f for f in polygonize(noded) if outline.contains(f.representative_point())]
    domain_faces = []
    for f in faces:
        d = f.intersection(outline).difference(fixed_union)
        for p in polygon_parts(d):
            if p.area > 1.0:
                domain_faces.append(p)

    voronoi_seeds = [s for s in seeds if s[0] not in fixed]
    cells = defaultdict(list)
    orphan_faces = []
    for face in domain_faces:
        inside = [s for s in voronoi_seeds if face.buffer(0.01).contains(s[1])]
        # one seed per distinct location
        uniq = {}
        for s in inside:
            key = (round(s[1].x, 1), round(s[1].y, 1))
            uniq.setdefault(key, s)
        inside = list(uniq.values())
        if not inside:
            orphan_faces.append(face)
            continue
        if len(inside) == 1:
            cells[inside[0][0]].append(face)
            continue
        mp = shapely.MultiPoint([s[1] for s in inside])
        vd = shapely.voronoi_polygons(mp, extend_to=face.envelope.buffer(20000))
        for cell in vd.geoms:
            owner = [s for s in inside if cell.buffer(0.01).contains(s[1])]
            if not owner:
                continue
            piece = cell.intersection(face)
            if not piece.is_empty:
                cells[owner[0][0]].append(piece)

    geoms = {aid: unary_union(parts) for aid, parts in cells.items()}
    for aid, g in fixed.items():
        geoms[aid] = g

    # orphan faces (no seed): give to the neighbour sharing the longest edge
    for face in orphan_faces:
        best, blen = None, 0.0
        for aid, g in geoms.items():
            ln = face.boundary.intersection(g.buffer(0.5)).length
            if ln > blen:
                best, blen = aid, ln
        if best:
            geoms[best] = unary_union([geoms[best], face])

    # hand transfers
    transfer_log = defaultdict(list)  # id -> sentences for its boundary note
    for poly_ll, target, why in TRANSFERS:
        tp = utm(Polygon(poly_ll)).intersection(outline)
        for aid in list(geoms):
            if aid != target:
                lost = geoms[aid].intersection(tp).area
                if lost > 1000:
                    transfer_log[aid].append(
                        f"Hand adjustment: {lost / 1e6:.2f} km² of its Voronoi cell went to "
                        f"{target} ({why})."
                    )
                    transfer_log[target].append(
                        f"Hand adjustment: it received {lost / 1e6:.2f} km² from {aid} ({why})."
                    )
                geoms[aid] = geoms[aid].difference(tp)
        geoms[target] = unary_union(
            [
                geoms.get(target, Polygon()),
                tp.difference(fixed_union) if target not in fixed else tp,
            ]
        )

    # fragments: parts without a seed and smaller than 20 000 m² go to the best neighbour
    seed_pts = defaultdict(list)
    for s in seeds:
        seed_pts[s[0]].append(s[1])
    for _round in range(3):
        moved = False
        for aid in list(geoms):
            parts = polygon_parts(geoms[aid])
            if len(parts) <= 1:
                continue
            keep, give = [], []
            for p in parts:
                has_seed = any(p.buffer(0.5).contains(pt) for pt in seed_pts[aid])
                if has_seed or (aid in fixed and p.area > 20000) or p.area >= 20000:
                    keep.append(p)
                else:
                    give.append(p)
            if not keep:
                keep, give = (
                    [max(parts, key=lambda q: q.area)],
                    [q for q in parts if q is not max(parts, key=lambda q: q.area)],
                )
            for p in give:
                best, blen = None, 0.0
                for bid, g in geoms.items():
                    if bid == aid:
                        continue
                    ln = p.boundary.intersection(g.buffer(0.5)).length
                    if ln > blen:
                        best, blen = bid, ln
                if best:
                    geoms[best] = unary_union([geoms[best], p])
                    moved = True
                else:
                    keep.append(p)
            geoms[aid] = as_poly(keep)
        if not moved:
            break

    # coverage simplification (~20 m), shared edges stay shared
    ids = [a["id"] for a in A]
    missing = [i for i in ids if i not in geoms or geoms[i].is_empty]
    if missing:
        raise SystemExit(f"areas without geometry: {missing}")
    arr = [shapely.make_valid(geoms[i]) for i in ids]
    arr = [unary_union(polygon_parts(g)) for g in arr]
    simp = shapely.coverage_simplify(arr, tolerance=20.0, simplify_boundary=True)
    out = {}
    for i, g in zip(ids, simp, strict=True):
        g = shapely.make_valid(g)
        g = unary_union(polygon_parts(g))
        out[i] = g
    ctx = dict(
        outline=outline,
        fixed=fixed,
        lines=lines,
        seeds=seeds,
        walls=walls,
        faces=domain_faces,
        orphan_faces=orphan_faces,
        transfer_log=transfer_log,
    )
    return out, ctx


# --------------------------------------------------------------------------- output


def to_wgs_rounded(g):
    g = wgs(g)
    g = shapely.set_precision(g, 1e-6)
    g = shapely.make_valid(g)
    parts = [orient(p, 1.0) for p in polygon_parts(g) if p.area > 0]
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(parts)


def round_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), 6) for v in obj]
        return [round_coords(o) for o in obj]
    return obj


def edge_notes(aid, g_utm, ctx, geoms_utm):
    """Which edges of the area follow the outline, the hand lines or the walls."""
    notes = []
    b = g_utm.boundary
    outline_len = b.intersection(ctx["outline"].exterior.buffer(1.0)).length
    if outline_len > 150:
        notes.append(
            f"its outer edge (~{outline_len / 1000:.1f} km) is the hand-drawn "
            "outline of the built-up city"
        )
    names = ["the Castello Road", "the Queiq river"]
    for name, line in zip(names, ctx["lines"], strict=True):
        ln = b.intersection(line.buffer(1.0)).length
        if ln > 150:
            notes.append(f"~{ln / 1000:.1f} km of its edge follows {name}")
    if aid not in ("old_city", "citadel"):
        wl = b.intersection(ctx["walls"].exterior.buffer(1.0)).length
        if wl > 100:
            notes.append(f"~{wl / 1000:.1f} km of its edge is the line of the Old City walls")
    return notes


def boundary_note(a, centres, g_utm, ctx, geoms_utm):
    parts = []
    if a["fixed"]:
        how = {
            "walls": "Drawn by hand along the walls (not a Voronoi cell).",
            "citadel": "Drawn by hand as an oval around the citadel mound.",
            "najjar": "Drawn by hand (not a Voronoi cell).",
            "tallet": "Drawn by hand as a small oval around a placed point.",
            "shurta": "Drawn by hand as a small oval around a placed point.",
            "airport": "Drawn by hand (not a Voronoi cell).",
        }[a["fixed"]]
        parts.append(how)
    else:
        parts.append(
            "Voronoi cell(s) around the seed point(s) below, clipped to the city "
            "outline and to the hand-drawn lines, dissolved into one area."
        )
    seed_txt, outside = [], []
    for name in a["seeds"] + a["aux"]:
        r = centres[name]
        if r["lat_f"] is None:
            continue
        seed_txt.append(
            f"'{name}' ({r['lat_f']:.6f} {r['lon_f']:.6f}; {short_source(r)}; "
            f"{r['method'] or 'no method given'}; confidence {r['confidence']})"
        )
        if not g_utm.buffer(1.0).contains(Point(TO_UTM(r["lon_f"], r["lat_f"]))):
            outside.append(name)
    if seed_txt:
        parts.append("Seed point(s) from centres.csv: " + "; ".join(seed_txt) + ".")
    for name in outside:
        parts.append(
            f"The point '{name}' (confidence {centres[name]['confidence']}) lies outside "
            "the drawn area, so it did not seed it: see the note below."
        )
    for lat, lon, why in a["placed"]:
        parts.append(f"Placed point {lat:.4f} {lon:.4f}: {why}.")
    if not a["seeds"] and not a["placed"]:
        parts.append("No reference point.")
    if a["note"]:
        parts.append(a["note"])
    parts.extend(ctx["transfer_log"].get(a["id"], []))
    edges = edge_notes(a["id"], g_utm, ctx, geoms_utm)
    if edges:
        parts.append(
            "Edges: " + "; ".join(edges) + "; the other edges are Voronoi "
            "bisectors with the neighbouring seeds (or the hand-drawn areas)."
        )
    parts.append("Simplified to ~20 m.")
    return " ".join(parts)


def area_feature(a, centres, g_wgs, g_utm, ctx, geoms_utm):
    # Arabic name and alt names
    alts, ar = [], a["ar"]
    for name in a["seeds"] + ([a["main"]] if a["main"] else []):
        r = centres[name]
        for v in row_name_spellings(name) + r["variants_list"]:
            if ARABIC.search(v) and ar is None:
                ar = v
            alts.append(v)
    alts += a["alt"]
    if ar is None:
        ar = ""
    clean, seen = [], set()
    for v in alts:
        v = v.strip()
        if not v or v == a["name"] or v in a["exclude_alt"] or v.lower() in seen:
            continue
        seen.add(v.lower())
        clean.append(v)
    # reference point
    ref_lat = ref_lon = None
    conf = "none"
    if a["ref_override"] == "placed":
        lat, lon, _ = a["placed"][0]
        ref_lat, ref_lon, conf = lat, lon, "low"
    else:
        main = a["main"] or (a["seeds"][0] if a["seeds"] else None)
        if main:
            r = centres[main]
            if r["lat_f"] is not None:
                ref_lat, ref_lon, conf = r["lat_f"], r["lon_f"], r["confidence"]
    props = {
        "id": a["id"],
        "name": a["name"],
        "name_ar": ar,
        "alt_names": clean,
        "kind": a["kind"],
        "boundary_note": boundary_note(a, centres, g_utm, ctx, geoms_utm),
        "ref_lat": ref_lat,
        "ref_lon": ref_lon,
        "ref_confidence": conf,
    }
    geom = mapping(g_wgs)
    geom = {"type": geom["type"], "coordinates": round_coords(geom["coordinates"])}
    return {"type": "Feature", "id": a["id"], "properties": props, "geometry": geom}


def landmarks(centres):
    feats = []

    def pt(id, name, ar, kind, lat, lon, note):
        feats.append(
            {
                "type": "Feature",
                "id": id,
                "properties": {"id": id, "name": name, "name_ar": ar, "kind": kind, "note": note},
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            }
        )

    def line(id, name, ar, kind, coords, note):
        feats.append(
            {
                "type": "Feature",
                "id": id,
                "properties": {"id": id, "name": name, "name_ar": ar, "kind": kind, "note": note},
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(x, 6), round(y, 6)] for x, y in coords],
                },
            }
        )

    c = centres["Citadel of Aleppo"]
    pt(
        "citadel",
        "Citadel of Aleppo",
        "قلعة حلب",
        "citadel",
        c["lat_f"],
        c["lon_f"],
        f"centres.csv row 'Citadel of Aleppo' ({short_source(c)}, centre of the named polygon, "
        "high).",
    )
    for row, id, name, ar in [
        ("Bab Antaki, City Gate", "bab_antakya", "Bab Antakya (Antioch Gate)", "باب أنطاكية"),
        ("Bab Jinan, City Gate", "bab_al_jinan", "Bab al-Jinan", "باب الجنان"),
        ("Bab Nasr, City Gate", "bab_al_nasr", "Bab al-Nasr", "باب النصر"),
        ("Bab Qinnesrin, City Gate", "bab_qinnasrin", "Bab Qinnasrin", "باب قنسرين"),
        ("Bab Maqam, city gate", "bab_al_maqam", "Bab al-Maqam", "باب المقام"),
    ]:
        r = centres[row]
        pt(
            id,
            name,
            ar,
            "gate",
            r["lat_f"],
            r["lon_f"],
            f"centres.csv row '{row}' ({short_source(r)}, confidence {r['confidence']}).",
        )
    r = centres["Bab Faraj Clock Tower, Historic Building"]
    pt(
        "bab_al_faraj_clock_tower",
        "Bab al-Faraj clock tower",
        "ساعة باب الفرج",
        "monument",
        r["lat_f"],
        r["lon_f"],
        f"centres.csv row 'Bab Faraj Clock Tower, Historic Building' ({short_source(r)}).",
    )
    r = centres["Mosque, Umayyad Mosque"]
    pt(
        "umayyad_mosque",
        "Umayyad Mosque",
        "الجامع الأموي",
        "mosque",
        r["lat_f"],
        r["lon_f"],
        f"centres.csv row 'Mosque, Umayyad Mosque' ({short_source(r)}).",
    )
    pt(
        "bab_al_hadid_gate",
        "Bab al-Hadid (gate)",
        "باب الحديد",
        "gate",
        36.2030,
        37.1662,
        "Approximate: the north-east corner of the hand-drawn wall line (the centres.csv row "
        "'Bab al-Hadid' is the centre of a neighbourhood polygon, not the gate).",
    )
    pt(
        "ramouseh_crossing",
        "al-Ramouseh crossing (Ramouseh roundabout and bridge)",
        "معبر الراموسة",
        "crossing",
        36.1610,
        37.1375,
        "Approximate, drawn by hand: the Ramouseh roundabout / bridge on the south edge, "
        "between al-Ramouseh, Tal al-Zarazir and al-Sheikh Saeed, on the way from the Ramouseh "
        "colleges; Enab Baladi: 'a first aid convoy ... through al-Ramouseh crossing' (August "
        "2016); Wikipedia: 'the Al-Ramouseh Roundabout and Bridge' (22 August 2016).  Not "
        "surveyed; uncertain by a few hundred metres.",
    )
    pt(
        "bustan_al_qasr_crossing",
        "Bustan al-Qasr crossing (Karaj al-Hajz)",
        "معبر بستان القصر",
        "crossing",
        36.1958,
        37.1430,
        "Approximate, drawn by hand: the crossing between rebel-held Bustan al-Qasr and "
        "government-held al-Masharqa, at the Queiq; uncertain by a few hundred metres.",
    )
    pt(
        "jandoul_roundabout",
        "Jandoul roundabout",
        "دوار الجندول",
        "roundabout",
        JANDOUL[1],
        JANDOUL[0],
        "Approximate: the east end of the hand-drawn Castello Road, at the north end of Ayn "
        "al-Tal / Ba'aidin, where the road north to Handarat begins.",
    )
    pt(
        "layramoun_roundabout",
        "al-Layramoun roundabout",
        "دوار الليرمون",
        "roundabout",
        LAYRAMOUN_ROUNDABOUT[1],
        LAYRAMOUN_ROUNDABOUT[0],
        "Approximate: where the hand-drawn Castello Road meets the road north from "
        "al-Layramoun; uncertain by ~1 km.",
    )
    line(
        "queiq",
        "Queiq river",
        "نهر قويق",
        "river",
        QUEIQ,
        "Drawn by hand, approximate (not surveyed): from the north between Sheikh Maqsoud "
        "and Ayn al-Tal / Bustan al-Basha, south-west along the ash-Sheikh Taha strip to the "
        "Public Park (36.210 37.147), between al-Jamiliyah (west) and al-Aziziyah (east), "
        "along the west side of Bustan al-Qasr (Wikipedia's river coordinate 36.1878 37.1401), "
        "east of al-Sukkari and west of al-Sheikh Saeed, and out east of the Ramouseh "
        "industrial districts.  Used as an area boundary south of the Castello Road.",
    )
    line(
        "castello_road",
        "Castello Road",
        "طريق الكاستيلو",
        "road",
        CASTELLO,
        "Drawn by hand, approximate: from the Layramoun / Kafr Hamra side (north-west) east "
        "along the northern edge of Bani Zaid, the north-western youth housing and Sheikh "
        "Maqsoud to the Jandoul roundabout; the Mallah farms lie north of it, Handarat to "
        "the north-east (reached by the road north from the Jandoul roundabout).  West of "
        "the Queiq it is an area boundary (al-Mallah north of it; al-Layramoun, the "
        "north-western youth housing and Sheikh Maqsoud south of it).",
    )
    line(
        "handarat_road",
        "Jandoul - Handarat road",
        "طريق حندرات",
        "road",
        HANDARAT_ROAD,
        "Drawn by hand, approximate: from the Jandoul roundabout north past the Kindi "
        "hospital to Handarat.  Not used as an area boundary.",
    )
    line(
        "airport_road",
        "Airport road",
        "طريق المطار",
        "road",
        [
            (37.1700, 36.1935),
            (37.1745, 36.1922),
            (37.1840, 36.1925),
            (37.1932, 36.1916),
            (37.2049, 36.1891),
            (37.2073, 36.1886),
            (37.2150, 36.1872),
            (37.2220, 36.1850),
        ],
        "Drawn by hand, approximate: from Bab al-Nairab east along the south edge of Karm "
        "al-Maysar and Karm al-Jazmati to the airport gate (the straight south edge of the "
        "CSR Karm al-Jazmati polygon).",
    )
    line(
        "bab_road",
        "al-Bab road (Tariq al-Bab)",
        "طريق الباب",
        "road",
        [
            (37.1685, 36.2033),
            (37.1775, 36.2052),
            (37.1860, 36.2066),
            (37.1964, 36.2064),
            (37.2075, 36.2066),
            (37.2200, 36.2082),
            (37.2400, 36.2110),
            (37.2600, 36.2150),
        ],
        "Drawn by hand, approximate: east from Bab al-Hadid through Qadi Askar, past Jouret "
        "Awwad and the Tariq al-Bab reference point, out towards al-Bab.",
    )
    line(
        "ramouseh_road",
        "Ramouseh road (Aleppo - Hama / Khan Tuman road)",
        "طريق الراموسة",
        "road",
        [
            (37.1395, 36.1700),
            (37.1380, 36.1610),
            (37.1360, 36.1520),
            (37.1330, 36.1420),
            (37.1300, 36.1300),
            (37.1270, 36.1150),
        ],
        "Drawn by hand, approximate: south from the Ramouseh roundabout through al-Ramouseh "
        "past the military colleges.",
    )
    line(
        "old_city_walls",
        "Line of the Old City walls",
        "سور حلب القديمة",
        "wall",
        WALLS + [WALLS[0]],
        "The hand-drawn wall line used for the old_city area (through the gates of "
        "centres.csv); approximate.",
    )
    return feats


# ---------------------------------------------------------------------------- checks


def checks(features, seeds_info, centres):
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        [f["properties"] for f in features],
        geometry=[shapely.geometry.shape(f["geometry"]) for f in features],
        crs="EPSG:4326",
    )
    m = gdf.to_crs("EPSG:32637")
    res = {}
    res["invalid"] = [r.id for r in gdf.itertuples() if not r.geometry.is_valid]
    res["empty"] = [r.id for r in gdf.itertuples() if r.geometry.is_empty]
    tree = shapely.STRtree(list(m.geometry))
    worst, over = 0.0, []
    geoms = list(m.geometry)
    for i, g in enumerate(geoms):
        for j in tree.query(g):
            if j <= i:
                continue
            a = g.intersection(geoms[j]).area
            worst = max(worst, a)
            if a > 50:
                over.append((gdf.id.iloc[i], gdf.id.iloc[j], round(a, 1)))
    res["max_overlap_m2"] = worst
    res["overlaps_over_50"] = over
    u = unary_union(geoms)
    holes = []
    for p in polygon_parts(u):
        for ring in p.interiors:
            holes.append(Polygon(ring).area)
    res["union_parts"] = len(polygon_parts(u))
    res["holes_over_1000"] = [h for h in holes if h > 1000]
    res["largest_hole_m2"] = max(holes) if holes else 0.0
    res["total_km2"] = u.area / 1e6
    bad = []
    n_checked = 0
    for aid, lat, lon, name, conf in seeds_info:
        if conf not in ("high", "medium"):
            continue
        n_checked += 1
        g = gdf.loc[gdf.id == aid, "geometry"].iloc[0]
        if not g.contains(Point(lon, lat)):
            bad.append((aid, name))
    res["seeds_checked"] = n_checked
    res["seeds_outside"] = bad
    refbad = []
    for r in gdf.itertuples():
        if (
            r.ref_confidence in ("high", "medium")
            and r.ref_lat is not None
            and not r.geometry.contains(Point(r.ref_lon, r.ref_lat))
        ):
            refbad.append(r.id)
    res["ref_points_outside"] = refbad
    area = dict(zip(gdf.id, m.area / 1e6, strict=True))
    res["north_km2"] = sum(area[i] for i in NORTH_GROUP)
    res["south_km2"] = sum(area[i] for i in SOUTH_GROUP)
    b = u.bounds
    lo, la = TO_WGS(b[0], b[1]), TO_WGS(b[2], b[3])
    res["span"] = (round(lo[1], 3), round(la[1], 3), round(lo[0], 3), round(la[0], 3))
    res["area_km2"] = area
    nverts = {r.id: len(shapely.get_coordinates(r.geometry)) for r in gdf.itertuples()}
    res["max_vertices"] = max(nverts.items(), key=lambda kv: kv[1])
    res["multipolygons"] = [r.id for r in gdf.itertuples() if r.geometry.geom_type != "Polygon"]
    # unassigned reference rows: where do they fall?
    used = {s[3] for s in seeds_info}
    where = {}
    for name, r in centres.items():
        if name in used or r["lat_f"] is None:
            continue
        p = Point(r["lon_f"], r["lat_f"])
        hit = gdf.loc[gdf.contains(p), "id"]
        where[name] = hit.iloc[0] if len(hit) else "(outside)"
    res["unassigned_rows"] = where
    return res


# ---------------------------------------------------------------------------- figure


def draw_png(features, lm_feats, seeds_info, centres, path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon as MplPolygon

    north, south = set(NORTH_GROUP), set(SOUTH_GROUP)
    fig, axes = plt.subplots(1, 2, figsize=(26, 13), gridspec_kw={"width_ratios": [1.25, 1]})
    for ax, extent, fs in [
        (axes[0], (37.050, 37.297, 36.124, 36.298), 5.2),
        (axes[1], (37.128, 37.225, 36.160, 36.255), 6.5),
    ]:
        for _i, f in enumerate(features):
            g = shapely.geometry.shape(f["geometry"])
            aid = f["id"]
            col = "#f4b6b6" if aid in north else "#b6d7f4" if aid in south else "#d9e8c8"
            if aid in ("citadel",):
                col = "#d0a060"
            for p in polygon_parts(g):
                ax.add_patch(
                    MplPolygon(
                        list(p.exterior.coords),
                        closed=True,
                        fc=col,
                        ec="#333333",
                        lw=0.5,
                        alpha=0.85,
                    )
                )
            rp = g.representative_point()
            if extent[0] <= rp.x <= extent[1] and extent[2] <= rp.y <= extent[3]:
                ax.text(rp.x, rp.y, aid, fontsize=fs, ha="center", va="center", zorder=5)
        for f in lm_feats:
            g = shapely.geometry.shape(f["geometry"])
            k = f["properties"]["kind"]
            if g.geom_type == "LineString":
                xs, ys = g.xy
                style = {
                    "river": ("#1f5fbf", 1.6, "-"),
                    "road": ("#444444", 1.0, "--"),
                    "wall": ("#7a4b00", 0.8, ":"),
                }.get(k, ("k", 0.8, "-"))
                ax.plot(xs, ys, color=style[0], lw=style[1], ls=style[2], zorder=4)
            else:
                ax.plot(
                    g.x,
                    g.y,
                    marker="*" if k == "crossing" else "^",
                    ms=6,
                    color="#5a2d82",
                    zorder=6,
                )
        colour = {"high": "#1a9641", "medium": "#fdae61", "low": "#d7191c", "placed": "#7b3294"}
        for _aid, lat, lon, _name, conf in seeds_info:
            ax.plot(
                lon, lat, "o", ms=3.2, color=colour.get(conf, "k"), zorder=7, mec="black", mew=0.3
            )
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_aspect(1 / math.cos(math.radians(36.2)))
        ax.grid(True, lw=0.2)
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="", color=c, label=f"seed: {k}")
        for k, c in {
            "high": "#1a9641",
            "medium": "#fdae61",
            "low": "#d7191c",
            "placed": "#7b3294",
        }.items()
    ]
    handles += [
        Line2D([], [], color="#1f5fbf", lw=1.6, label="Queiq"),
        Line2D([], [], color="#444444", lw=1, ls="--", label="roads (hand-drawn)"),
        MplPolygon([[0, 0]], fc="#f4b6b6", label="north group (taken by 3 Dec 2016)"),
        MplPolygon([[0, 0]], fc="#b6d7f4", label="held on 3 Dec 2016"),
    ]
    axes[0].legend(handles=handles, loc="lower right", fontsize=8)
    axes[0].set_title("Aleppo areas (draft) - whole set")
    axes[1].set_title("centre / east")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------------------ main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--centres", type=Path, default=DEFAULT_CENTRES)
    ap.add_argument("--no-png", action="store_true")
    args = ap.parse_args(argv)
    centres = read_centres(args.centres)

    geoms_utm, ctx = build(centres)
    feats = []
    for a in A:
        g_utm = geoms_utm[a["id"]]
        feats.append(area_feature(a, centres, to_wgs_rounded(g_utm), g_utm, ctx, geoms_utm))
    AREAS_OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(AREAS_OUT, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    lm = landmarks(centres)
    with open(LANDMARKS_OUT, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": lm}, f, ensure_ascii=False, indent=1)
        f.write("\n")

    seeds_info = []
    for aid, p, name, conf, _kind in ctx["seeds"]:
        lon, lat = TO_WGS(p.x, p.y)
        seeds_info.append((aid, lat, lon, name, conf))
    res = checks(feats, seeds_info, centres)
    if not args.no_png:
        draw_png(feats, lm, seeds_info, centres, PNG_OUT)

    print(f"areas: {len(feats)}  landmarks: {len(lm)}")
    print(f"invalid: {res['invalid']}  empty: {res['empty']}")
    print(
        f"max pairwise overlap: {res['max_overlap_m2']:.2f} m²; over 50 m²: "
        f"{res['overlaps_over_50']}"
    )
    print(
        f"union: {res['union_parts']} part(s), {res['total_km2']:.2f} km²; holes > 1000 m²: "
        f"{res['holes_over_1000']} (largest hole {res['largest_hole_m2']:.1f} m²)"
    )
    print(
        f"high/medium seeds checked: {res['seeds_checked']}, outside their area: "
        f"{res['seeds_outside']}"
    )
    print(f"ref points (high/medium) outside their area: {res['ref_points_outside']}")
    print(
        f"north group: {res['north_km2']:.2f} km²   south group (held 3 Dec): "
        f"{res['south_km2']:.2f} km²"
    )
    print(f"span lat {res['span'][0]}-{res['span'][1]}, lon {res['span'][2]}-{res['span'][3]}")
    print(f"most vertices: {res['max_vertices']}; multipolygons: {res['multipolygons']}")
    print(
        "areas km²: "
        + ", ".join(
            f"{k} {v:.2f}" for k, v in sorted(res["area_km2"].items(), key=lambda kv: -kv[1])
        )
    )
    print(
        "unassigned reference rows fall in: "
        + "; ".join(f"{k} -> {v}" for k, v in res["unassigned_rows"].items())
    )
    ok = (
        not res["invalid"]
        and not res["empty"]
        and not res["overlaps_over_50"]
        and not res["holes_over_1000"]
        and not res["seeds_outside"]
        and 12 <= res["north_km2"] <= 28
        and 12 <= res["south_km2"] <= 28
    )
    print("ALL CHECKS PASS" if ok else "SOME CHECKS FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
