"""The corpus deliberations, scored like the shared corpus scores them.

The text PDFs must score perfectly (every line and tier, nothing extra, metadata
right), through the library and through the CLI's JSON export with ``score.py``;
the deliberation with no tariff table gives a blocking error; the reference's gap
at exactly 3 500 inhabitants is flagged for a person, and the follow-up that closes
it is not.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract import extract
from tests.conftest import CORPUS, ROOT, corpus_file, require_tool
from tests.corpus.score import score

REFERENCE = "2025-07-10_annexe2_tarifs"
FOLLOW_UP = "2026-03-19_annexe2_actualisation"
TEXT_PDFS = (REFERENCE, FOLLOW_UP)


def _truth(name: str) -> dict:
    return json.loads(corpus_file(f"{name}.truth.json").read_text("utf-8"))


def _extracted(name: str) -> dict:
    return json.loads(extract(corpus_file(f"{name}.pdf")).to_json())


def _assert_perfect(name: str, got: dict) -> None:
    result = score(_truth(name), got)
    (sf, st, sx), (tf, tt, tx), (mf, mt) = result["services"], result["strata"], result["meta"]
    assert (sf, sx, tf, tx, mf) == (st, 0, tt, 0, mt), json.dumps(
        {k: result[k] for k in ("missed", "extra", "meta_wrong")}, ensure_ascii=False, indent=1
    )


@pytest.mark.parametrize("name", TEXT_PDFS)
def test_corpus_text_pdf_scores_perfectly(name: str) -> None:
    _assert_perfect(name, _extracted(name))


@pytest.mark.parametrize("name", TEXT_PDFS)
def test_corpus_cli_export_passes_score_py(name: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(corpus_file(f"{name}.pdf")), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    exported = tmp_path / "extracted.json"
    exported.write_text(run.stdout, encoding="utf-8")
    scored = subprocess.run(
        [
            sys.executable,
            str(CORPUS / "score.py"),
            str(CORPUS / f"{name}.truth.json"),
            str(exported),
            "--verbose",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert scored.returncode == 0, scored.stdout + scored.stderr


@pytest.mark.tesseract
def test_corpus_scan_scores_perfectly(workdir: Path) -> None:
    """The photocopied reference, read by OCR, gives the reference's truth."""
    require_tool("tesseract")
    got = json.loads(extract(corpus_file(f"{REFERENCE}_scan.pdf")).to_json())
    assert got["source"]["ocr"] is True
    _assert_perfect(f"{REFERENCE}_scan", got)


def test_deliberation_without_tariff_table_is_an_error() -> None:
    got = json.loads(extract(corpus_file("2025-07-10_medecine_preventive.pdf")).to_json())
    errors = [f for f in got["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["table.missing"]
    assert got["services"] == [] and got["strata"] == []
    assert got["deliberation"]["date"] == "2025-07-10"


def _gap_warnings(got: dict) -> list[dict]:
    return [f for f in got["findings"] if f["severity"] == "warning" and f["code"] == "tiers.gap"]


def test_reference_gap_at_3500_needs_a_person() -> None:
    got = _extracted(REFERENCE)
    gaps = _gap_warnings(got)
    assert len(gaps) == 1, got["findings"]
    assert "3500" in re.sub(r"\s", "", gaps[0]["message"])
    assert gaps[0]["page"] == 3
    assert not [f for f in got["findings"] if f["severity"] == "error"]


def test_follow_up_closes_the_gap() -> None:
    got = _extracted(FOLLOW_UP)
    assert _gap_warnings(got) == []
    assert not [f for f in got["findings"] if f["severity"] == "error"]
