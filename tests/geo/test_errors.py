"""The error hierarchy: bilingual messages, str() in English, one docstring line each."""

import pytest

from geo import errors
from geo.errors import GeoError

SUBCLASSES = [
    errors.CRSMissingError,
    errors.NotDegreesError,
    errors.NonFiniteError,
    errors.InvalidFilterError,
    errors.UnsupportedInputError,
]


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_subclass_carries_both_languages(cls):
    exc = cls("数据没有坐标系", "The data has no CRS")
    assert isinstance(exc, GeoError)
    assert exc.zh == "数据没有坐标系" and exc.en == "The data has no CRS"
    assert exc.message("zh") == exc.zh
    assert exc.message("en") == exc.en
    assert str(exc) == exc.en


@pytest.mark.parametrize("cls", [GeoError, *SUBCLASSES])
def test_one_line_docstring(cls):
    assert cls.__doc__ and "\n" not in cls.__doc__.strip()


def test_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError, match="lang"):
        GeoError("中", "en").message("fr")


def test_can_be_raised_and_caught_as_base():
    with pytest.raises(GeoError) as info:
        raise errors.NotDegreesError("不是经纬度", "Not degrees")
    assert info.value.message("zh") == "不是经纬度"
