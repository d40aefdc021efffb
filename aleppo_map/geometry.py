"""The areas file and the landmarks: reading GeoJSON features into GeoDataFrames, and the
checks on geometry that every dataset gets (valid shapes, plausible positions, no overlaps).
`boundaries` adds the checks of a drawn dataset (gaps, reference points, the build).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from .model import AREA_KINDS, BOUNDARY_SOURCES, GEOGRAPHIC_CRS, ID_PATTERN, Collector
from .readers import feature_list, short_value

# Two areas may share an edge drawn by hand; they may not overlap by more than this.
OVERLAP_TOLERANCE_M2 = 50.0
# An area whose centre lies this far from the others is misplaced (often: lat/lon swapped).
OUTLIER_DISTANCE_KM = 60.0


def feature_label(index: int, feature_id) -> str:
    return f"feature {index}" + (f" (id {feature_id!r})" if feature_id else "")


def metric_crs_for(areas: gpd.GeoDataFrame, meta: dict) -> str:
    """The dataset's metric CRS: as stated in datapackage.json, else the areas' UTM zone."""
    return str(meta.get("metric_crs") or areas.estimate_utm_crs().to_string())


def read_areas(
    path: Path, display: str, problems: Collector, meta: dict | None = None
) -> gpd.GeoDataFrame | None:
    """The areas as a GeoDataFrame indexed by id, or None if the file cannot be used."""
    features = feature_list(path, display, problems)
    if features is None:
        return None
    rows, geoms, labels = [], [], []
    seen: dict[str, int] = {}
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        area_id = feature.get("id", props.get("id")) if isinstance(feature, dict) else None
        label = feature_label(index, area_id)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.add(display, label, "type", short_value(feature), "a GeoJSON Feature")
            continue
        if area_id is None or area_id == "":
            problems.add(display, label, "id", "(missing)", "a lowercase id such as 'hananu'")
            continue
        if not isinstance(area_id, str) or not ID_PATTERN.match(area_id):
            problems.add(display, label, "id", area_id, "a lowercase slug: a-z, 0-9, _ . -")
            continue
        if "id" in props and props["id"] != area_id:
            problems.add(
                display, label, "properties.id", props["id"], f"the feature id {area_id!r}"
            )
        if area_id in seen:
            problems.add(
                display, label, "id", area_id, f"a unique id (also feature {seen[area_id]})"
            )
            continue
        seen[area_id] = index
        geom = area_geometry(feature.get("geometry"), display, label, problems)
        name = props.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.add(display, label, "name", name, "a non-empty English name")
        kind = props.get("kind")
        if kind not in AREA_KINDS:
            problems.add(display, label, "kind", kind, "one of " + ", ".join(AREA_KINDS))
        for optional in ("name_ar", "boundary_note"):
            if not isinstance(props.get(optional), str) or not props.get(optional, "").strip():
                problems.add(
                    display, label, optional, props.get(optional), "a non-empty text", "warning"
                )
        alt = props.get("alt_names", [])
        if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
            problems.add(display, label, "alt_names", alt, "a list of names")
            alt = []
        if geom is None:
            continue
        district = props.get("district_id") or ""
        if not isinstance(district, str):
            problems.add(display, label, "district_id", short_value(district), "an id text")
            district = ""
        source = props.get("boundary_source") or ""
        if source and source not in BOUNDARY_SOURCES:
            expected = "one of " + ", ".join(BOUNDARY_SOURCES)
            problems.add(display, label, "boundary_source", short_value(source), expected)
        rows.append(
            {
                "id": area_id,
                "name": str(name or area_id),
                "name_ar": str(props.get("name_ar") or ""),
                "alt_names": alt,
                "kind": str(kind),
                "district_id": district,
                "boundary_source": str(source),
                "boundary_note": str(props.get("boundary_note") or ""),
                "feature": index,
            }
        )
        geoms.append(geom)
        labels.append(label)
    if not rows:
        if not problems.has_errors:
            problems.add(display, "", "features", "[]", "at least one area")
        return None
    areas = gpd.GeoDataFrame(rows, geometry=geoms, crs=GEOGRAPHIC_CRS).set_index("id")
    check_outliers(areas, labels, display, problems)
    areas.attrs["metric_crs"] = metric_crs_for(areas, meta or {})
    metric = areas.geometry.to_crs(areas.attrs["metric_crs"])
    overlap_problems(
        metric.to_numpy(), labels, display, problems,
        f"areas that overlap by at most {OVERLAP_TOLERANCE_M2:.0f} m²",
    )  # fmt: skip
    areas["area_km2"] = metric.area.to_numpy() / 1e6
    return areas


def area_geometry(geometry, display, label, problems: Collector):
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        problems.add(display, label, "geometry.type", kind, "Polygon or MultiPolygon")
        return None
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        problems.add(display, label, "geometry.coordinates", str(exc), "rings of [lon, lat] pairs")
        return None
    if geom.is_empty:
        problems.add(display, label, "geometry", "empty", "a non-empty polygon")
        return None
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        problems.add(
            display,
            label,
            "geometry.coordinates",
            f"bounds {geom.bounds}",
            "longitude in [-180, 180] and latitude in [-90, 90] (EPSG:4326)",
        )
        return None
    if not geom.is_valid:
        problems.add(
            display,
            label,
            "geometry",
            shapely.is_valid_reason(geom),
            "a valid polygon (no self-intersection, closed rings)",
        )
        return None
    return geom


def check_outliers(areas: gpd.GeoDataFrame, labels, display, problems: Collector) -> None:
    """Flag areas far from all the others; a lat/lon swap moves an area ~100+ km."""
    if len(areas) < 3:
        return
    centres = shapely.get_coordinates(shapely.centroid(areas.geometry.to_numpy()))
    median = np.median(centres, axis=0)
    km_per_deg = np.array([111.32 * np.cos(np.radians(median[1])), 110.57])
    distance = np.hypot(*((centres - median) * km_per_deg).T)
    swapped = np.hypot(*((centres[:, ::-1] - median) * km_per_deg).T)
    for i in np.flatnonzero(distance > OUTLIER_DISTANCE_KM):
        hint = (
            "coordinates as [longitude, latitude]: they look swapped"
            if swapped[i] < OUTLIER_DISTANCE_KM
            else f"a position within {OUTLIER_DISTANCE_KM:.0f} km of the other areas"
        )
        problems.add(
            display,
            labels[i],
            "geometry.coordinates",
            f"centre at lon {centres[i, 0]:.4f}, lat {centres[i, 1]:.4f}, "
            f"{distance[i]:.0f} km from the other areas",
            hint,
        )


def overlap_problems(
    metric: np.ndarray, labels: list[str], display: str, problems: Collector, expected: str
) -> None:
    """Report each pair of shapes (in a metric CRS) whose interiors overlap by more than
    OVERLAP_TOLERANCE_M2, at the first of the two; `expected` says what to do about it."""
    left, right = shapely.STRtree(metric).query(metric, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    if not len(left):
        return
    # Only pairs whose interiors meet can overlap: neighbours that share an edge are skipped
    # before the (much dearer) intersection is computed.
    inner = shapely.relate_pattern(metric[left], metric[right], "2********")
    left, right = left[inner], right[inner]
    overlap = shapely.area(shapely.intersection(metric[left], metric[right]))
    for i, j, m2 in zip(left, right, overlap, strict=True):
        if m2 > OVERLAP_TOLERANCE_M2:
            problems.add(display, labels[i], "geometry", f"overlaps {labels[j]} by {m2:,.0f} m²",
                         expected)  # fmt: skip


def projection(source: str, target: str):
    """A function projecting shapely geometries from one CRS to another (x = longitude)."""
    transform = Transformer.from_crs(source, target, always_xy=True).transform
    return lambda geometry: shapely.transform(
        geometry, lambda xy: np.column_stack(transform(xy[:, 0], xy[:, 1]))
    )


def read_landmarks(path: Path, display: str, problems: Collector) -> gpd.GeoDataFrame:
    """Landmarks are optional: a dataset without them gets an empty layer."""
    empty = gpd.GeoDataFrame(
        {"id": [], "name": [], "name_ar": [], "kind": [], "note": [], "alt_names": []},
        geometry=[],
        crs=GEOGRAPHIC_CRS,
    )
    if not path.exists():
        return empty
    features = feature_list(path, display, problems)
    if not features:
        return empty
    rows, geoms = [], []
    for index, feature in enumerate(features):
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        label = feature_label(index, props.get("id"))
        try:
            geom = shape(feature["geometry"])
        except Exception as exc:  # any malformed geometry
            problems.add(display, label, "geometry", str(exc), "a GeoJSON geometry")
            continue
        alt = props.get("alt_names", [])
        if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
            problems.add(display, label, "alt_names", short_value(alt), "a list of names")
            alt = []
        rows.append(
            {
                "id": str(props.get("id", index)),
                "name": str(props.get("name", "")),
                "name_ar": str(props.get("name_ar") or ""),  # the Arabic interface's label
                "kind": str(props.get("kind", "")),
                "note": str(props.get("note", "")),
                "alt_names": alt,
            }
        )
        geoms.append(geom)
    if not rows:
        return empty
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=GEOGRAPHIC_CRS)
