"""`pipeline extract` as the staff run it: a real process, its output and exit code."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, corpus_file

SCHEMA = json.loads((ROOT / "pipeline" / "contract" / "extraction.schema.json").read_text())


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def score(truth: Path, extracted: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(corpus_file("score.py")), str(truth), str(extracted), "--verbose"],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("name", ["2025-07-10_annexe2_tarifs", "2026-03-19_annexe2_actualisation"])
def test_json_export_scores_and_validates(name: str, tmp_path: Path) -> None:
    result = run(corpus_file(f"{name}.pdf"), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, SCHEMA)
    out = tmp_path / "got.json"
    out.write_text(result.stdout, encoding="utf-8")
    scored = score(corpus_file(f"{name}.truth.json"), out)
    assert scored.returncode == 0, scored.stdout


def test_reference_warns_about_the_3500_gap() -> None:
    payload = json.loads(run(corpus_file("2025-07-10_annexe2_tarifs.pdf"), "--json").stdout)
    gaps = [f for f in payload["findings"] if f["code"] == "tiers.gap"]
    assert gaps and "3\u202f500 habitants exactement" in gaps[0]["message"]


def test_no_tariff_table_exits_1() -> None:
    result = run(corpus_file("2025-07-10_medecine_preventive.pdf"), "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert [f["code"] for f in payload["findings"] if f["severity"] == "error"] == ["table.missing"]


@pytest.mark.parametrize(
    "name", ["broken_not_a_pdf.pdf", "broken_password.pdf", "broken_truncated.pdf", "absent.pdf"]
)
def test_unreadable_file_exits_2_with_one_french_line(name: str) -> None:
    result = run(corpus_file(name))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.stderr


def test_one_bad_file_does_not_stop_the_others() -> None:
    result = run(
        corpus_file("broken_truncated.pdf"), corpus_file("2025-07-10_annexe2_tarifs.pdf"), "--json"
    )
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert len(payload) == 1 and payload[0]["source"]["file"] == "2025-07-10_annexe2_tarifs.pdf"


def test_summary_is_french_and_readable() -> None:
    result = run(ROOT / "deliberations" / "2025-07-10_annexe2_tarifs.pdf")
    assert result.returncode == 0
    for expected in ("Services", "Accompagnement par strate", "16,80", "Sur devis".lower()):
        assert expected in result.stdout
