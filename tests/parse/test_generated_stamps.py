"""The prefecture's stamp of a generated deliberation gives the date it became
enforceable (the latest of receipt and publication), wherever the stamp stands.

Only the variations whose truth states it (``enforceable_date``) are checked; the
rest of their reading is scored by ``test_generated_layouts``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import extract
from tests.conftest import require_tool
from tests.pdfgen.build import build_all
from tests.pdfgen.variations import Variation, variations

STAMPED = [v for v in variations() if "enforceable_date" in v.deliberation.truth()["deliberation"]]


def _params() -> list:
    return [
        pytest.param(v, id=v.name, marks=[pytest.mark.libreoffice] if v.engine == "word" else [])
        for v in STAMPED
    ]


def test_some_variations_carry_a_stamp() -> None:
    assert STAMPED


@pytest.mark.parametrize("variation", _params())
def test_enforceable_date_read_from_the_stamp(variation: Variation, tmp_path: Path) -> None:
    if variation.engine == "word":
        require_tool("libreoffice")
    pdf = build_all([variation], tmp_path)[variation.name]
    got = json.loads(extract(pdf).to_json())["deliberation"]
    want = variation.deliberation.truth()["deliberation"]
    assert got.get("enforceable_date") == want["enforceable_date"], pdf
    assert got.get("effective_date") == want.get("effective_date"), pdf
