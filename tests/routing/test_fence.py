import json

import numpy as np
import pytest

from magneton.geo.fence import FenceError, Geofence, parse_db_fence_data, parse_fence_text, parse_mad_text, read_fence_file

SQUARE = "[square]\n52.50,13.30\n52.50,13.40\n52.60,13.40\n52.60,13.30\n"
HOLE = "[hole]\n52.54,13.34\n52.54,13.36\n52.56,13.36\n52.56,13.34\n"


def test_mad_text_several_polygons_and_names() -> None:
    polys = parse_mad_text(SQUARE + "[second]\n10,10\n10,11\n11,11\n")
    assert [p.name for p in polys] == ["square", "second"]
    assert polys[0].polygon.bounds == pytest.approx((13.30, 52.50, 13.40, 52.60))


def test_mad_text_without_header_gets_default_name() -> None:
    assert parse_mad_text("1,1\n1,2\n2,2\n", "area")[0].name == "area"


def test_include_and_exclude() -> None:
    fence = Geofence.from_text(SQUARE, HOLE)
    lat = np.array([52.52, 52.55, 52.70])
    lng = np.array([13.32, 13.35, 13.35])
    assert fence.contains(lat, lng).tolist() == [True, False, False]


def test_concave_polygon() -> None:
    # A "U": the notch between the arms is outside.
    u = "[u]\n0,0\n0,3\n3,3\n3,2\n1,2\n1,1\n3,1\n3,0\n"
    fence = Geofence.from_text(u)
    assert fence.contains([0.5, 2.0, 2.0], [1.5, 0.5, 2.5]).tolist() == [True, True, True]
    assert fence.contains([1.5, 2.5], [1.5, 1.5]).tolist() == [False, False]


def test_no_include_means_everything_not_excluded() -> None:
    fence = Geofence.from_text("", HOLE)
    assert fence.contains([0.0, 52.55], [0.0, 13.35]).tolist() == [True, False]


def test_db_json_form() -> None:
    data = json.dumps(["[Berlin]", "52.50,13.30", "52.50,13.40", "52.60,13.40", "[B]", "1,1", "1,2", "2,2"])
    polys = parse_db_fence_data(data)
    assert [p.name for p in polys] == ["Berlin", "B"]
    assert parse_fence_text(data)[0].name == "Berlin"


def test_db_form_with_quote_in_name_falls_back_to_mad_split() -> None:
    # MAD stores str(list).replace("'", '"'): a name with an apostrophe is not valid JSON.
    data = str(["[O'Brien]", "1,1", "1,2", "2,2"]).replace("'", '"')
    assert parse_db_fence_data(data)[0].polygon.area > 0


def test_geojson_polygon_with_hole_and_feature_collection() -> None:
    outer = [[13.30, 52.50], [13.40, 52.50], [13.40, 52.60], [13.30, 52.60], [13.30, 52.50]]
    hole = [[13.34, 52.54], [13.36, 52.54], [13.36, 52.56], [13.34, 52.56], [13.34, 52.54]]
    other = [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "holey"}, "geometry": {"type": "Polygon", "coordinates": [outer, hole]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": other}},
    ]}
    fence = Geofence.from_polygons(parse_fence_text(json.dumps(fc)))
    assert fence.names[0] == "holey"
    assert fence.contains([52.52, 52.55, 0.2], [13.32, 13.35, 0.5]).tolist() == [True, False, True]


@pytest.mark.parametrize(("text", "needle"), [
    ("[a]\n1,1\n1,x\n2,2\n", "line 3"),
    ("[a]\n1,1\n1,2\n", "line 1: polygon 'a' has 2 point(s)"),
    ("[a\n1,1\n1,2\n2,2\n", "line 1: malformed fence name"),
    ("[a]\n1,1,1\n", "line 2"),
    ("[a]\n95,1\n1,2\n2,2\n", "line 2: coordinate out of range"),
    ('{"type": "Point", "coordinates": [1, 2]}', "unsupported type 'Point'"),
    ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}', "at least 4 positions"),
    ('{"type": ', "GeoJSON: line 1"),
    ('["[a]", "1,1", 3]', "array of strings"),
])
def test_malformed_input_names_the_place(text: str, needle: str) -> None:
    with pytest.raises(FenceError, match=None) as info:
        parse_fence_text(text)
    assert needle in str(info.value)


def test_unreadable_file_is_named(tmp_path) -> None:
    with pytest.raises(FenceError, match="missing.txt: cannot read"):
        read_fence_file(tmp_path / "missing.txt")


def test_representative_point_is_inside_even_for_a_u_shape() -> None:
    # MAD used the bbox centre (for IV "routes" and time zones), which lies in the notch here.
    fence = Geofence.from_text("[u]\n0,0\n0,3\n3,3\n3,2\n1,2\n1,1\n3,1\n3,0\n")
    lat, lng = fence.representative_point()
    assert fence.contains([lat], [lng]).all()
