"""B1/B2 and friends: text encodings are detected strictly, reported, and never mojibake silently."""

from __future__ import annotations

import pytest

from geo import _ingest_encoding as enc
from geo.errors import IngestError
from tests.ingest import corpus
from tests.ingest.conftest import inline


def test_b1_gbk_dbf_without_cpg_reads_chinese(tmp):
    res, gdf = inline(corpus.gbk_shapefile(tmp))
    assert res.usable, res.error
    assert res.encoding == "gb18030"
    assert "GB18030" in res.encoding_reason[1] and "not valid UTF-8" in res.encoding_reason[1]
    assert list(gdf["name"]) == corpus.NAMES


def test_b1_user_override_wins_and_says_so(tmp):
    res, gdf = inline(corpus.gbk_shapefile(tmp), encoding="utf-8")
    assert res.encoding == "utf-8" and "chosen by the user" in res.encoding_reason[1]
    assert any("replaced" in en for _, en in res.warnings)  # not silent: the bytes did not fit
    assert "\ufffd" in gdf["name"].iloc[0]


def test_cpg_that_lies_is_caught(tmp):
    shp = corpus.gbk_shapefile(tmp)
    shp.with_suffix(".cpg").write_text("UTF-8")
    res, gdf = inline(shp)
    assert res.encoding == "gb18030" and list(gdf["name"]) == corpus.NAMES
    assert any("declares utf-8" in en for _, en in res.warnings)


def test_cpg_declaration_is_honoured(tmp):
    shp = corpus.write_shp(tmp, "u", [corpus.shapely.Point(117.5, 36.7)], {"name": ["章丘"]})
    res, gdf = inline(shp)
    assert res.encoding == "utf-8" and "declared by the .cpg" in res.encoding_reason[1]
    assert gdf["name"].iloc[0] == "章丘"


def test_b2_gbk_member_names_are_readable(tmp):
    shp = corpus.gbk_shapefile(tmp)
    zpath = corpus.shapefile_zip(tmp, shp, "章丘规划", gbk_names=True)
    res, gdf = inline(zpath)
    assert res.usable, res.error
    assert "章丘规划.shp" in res.members and res.layer == "章丘规划.shp"
    assert list(gdf["name"]) == corpus.NAMES


@pytest.mark.parametrize(("encoding", "raw", "expected"), [
    ("GBK", "长度名称".encode("gbk")[:7], "长度名"),  # 3.5 characters: the 4th cut in half
    ("UTF-8", "章丘区".encode() + "名".encode()[:1], "章丘区"),  # 9 bytes + 1 of a 3-byte char
])
def test_field_name_cut_mid_character_does_not_crash(tmp, encoding, raw, expected):
    shp = corpus.write_shp(tmp, "cut", [corpus.shapely.Point(117.5, 36.7)],
                           {"fieldname1": ["章丘"]}, encoding=encoding)
    corpus.truncate_field_name(shp.with_suffix(".dbf"), 0, raw)
    res, gdf = inline(shp)
    assert res.usable, res.error
    assert any("cut mid-character" in en for _, en in res.warnings)
    assert list(gdf.columns) == [expected, "geometry"]
    assert gdf[expected].iloc[0] == "章丘"


def test_geojson_in_gbk_is_transcoded(tmp):
    path = tmp / "gbk.geojson"
    doc = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"章丘区"},' \
          '"geometry":{"type":"Point","coordinates":[117.5,36.7]}}]}'
    path.write_bytes(doc.encode("gbk"))
    res, gdf = inline(path)
    assert res.usable and res.encoding == "gb18030"
    assert gdf["名称"].iloc[0] == "章丘区"
    assert path.read_bytes() == doc.encode("gbk")  # the original is never written to


def test_choose_rules():
    assert enc.choose(b"abc", what="CSV").encoding == "utf-8"
    both = "章丘".encode()  # an even number of CJK characters is also valid GB18030
    dec = enc.choose(both, what="CSV")
    assert dec.encoding == "utf-8" and any("ambiguous" in en for _, en in dec.warnings)
    assert enc.choose("章丘区".encode("gbk"), what="CSV").encoding == "gb18030"
    with pytest.raises(IngestError, match="Cannot tell"):
        enc.choose(b"\xff\xfe\xff\x80", what="CSV")
    assert enc.normalize("936") == "gb18030" and enc.normalize("GBK") == "gb18030"
    assert enc.decode_name("章丘".encode() + b"\xe5", "utf-8") == ("章丘", True)


def test_one_damaged_byte_in_much_gbk_text_is_read_and_reported():
    blob = bytearray(("章丘区明水街道" * 40).encode("gbk"))
    blob[11] = 0xFF  # one byte damaged
    dec = enc.choose(bytes(blob), what="DBF")
    assert dec.encoding == "gb18030" and "damaged" in dec.reason[1]
    assert any("replaced by" in en for _, en in dec.warnings)
