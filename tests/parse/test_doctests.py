import doctest

import pytest

from pipeline.parse import layout, numerals


@pytest.mark.parametrize("module", [layout, numerals])
def test_doctests(module) -> None:
    assert doctest.testmod(module).failed == 0
