from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pipeline.cli import register
from pipeline.cli.app import app
from pipeline.models import Extraction
from pipeline.store import Store, new_owner
from tests.audit.drawn import Drawn, draw

register()

runner = CliRunner()


@pytest.fixture
def drawn(workdir: Path) -> Drawn:
    return draw(workdir / "deliberations")


def _store(extraction: Extraction, content: bytes, *, approve: bool) -> int:
    with Store(Path("pipeline.sqlite3")) as store:
        owner = new_owner()
        store.claim_file(
            sha256=extraction.source.sha256,
            name=extraction.source.file,
            content=content,
            owner=owner,
        )
        version_id = store.add_version(
            sha256=extraction.source.sha256, owner=owner, extraction=extraction
        )
        if approve:
            store.approve(version_id, by="Marie Dupont", acknowledge_warnings=True)
    return version_id


def _next_year(drawn: Drawn) -> tuple[Extraction, bytes]:
    """The same deliberation a year later, with a new price for the first line."""
    content = drawn.pdf.read_bytes() + b"\n% 2026\n"
    first = drawn.extraction.services[0].model_copy(update={"amount": Decimal("18.90")})
    extraction = drawn.extraction.model_copy(
        update={
            "source": drawn.extraction.source.model_copy(
                update={"sha256": hashlib.sha256(content).hexdigest(), "file": "2026.pdf"}
            ),
            "deliberation": drawn.extraction.deliberation.model_copy(
                update={"date": dt.date(2026, 3, 19)}
            ),
            "services": [first, *drawn.extraction.services[1:]],
            "findings": [],
        }
    )
    return extraction, content


def test_audit_of_a_stored_version_shows_the_diff(drawn: Drawn) -> None:
    approvable = drawn.extraction.model_copy(update={"findings": []})
    _store(approvable, drawn.pdf.read_bytes(), approve=True)
    newer, content = _next_year(drawn)
    version_id = _store(newer, content, approve=False)

    result = runner.invoke(app, ["audit", str(version_id)])

    assert result.exit_code == 0, result.output
    report = Path("output/audit") / f"version-{version_id}.html"
    html = report.read_text(encoding="utf-8")
    assert "Rapport d'audit écrit" in result.output
    assert "16,80\xa0€" in html and "18,90\xa0€" in html and "+12,5\u202f%" in html
    assert "en attente d&#39;approbation" in html
    assert 'id="b-s1-a"' in html


def test_audit_of_a_pdf_needs_no_store(drawn: Drawn, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module("pipeline.extract")  # the module, not the function
    monkeypatch.setattr(module, "extract", lambda path, settings=None: drawn.extraction)
    result = runner.invoke(app, ["audit", str(drawn.pdf), "--sortie", "a/rapport.html"])
    assert result.exit_code == 0, result.output
    assert "Pas de comparaison" in Path("a/rapport.html").read_text(encoding="utf-8")
    assert not Path("pipeline.sqlite3").exists()


def test_an_unknown_version_is_one_french_line(drawn: Drawn) -> None:
    result = runner.invoke(app, ["audit", "42"])
    assert result.exit_code == 1
    assert "Erreur" in result.output and "Traceback" not in result.output
    _store(drawn.extraction, drawn.pdf.read_bytes(), approve=False)
    result = runner.invoke(app, ["export", "42", "--format", "csv"])
    assert result.exit_code == 1


def test_a_missing_pdf_exits_with_code_2(workdir: Path) -> None:
    result = runner.invoke(app, ["audit", "deliberations/absente.pdf"])
    assert result.exit_code == 2
    assert "absente.pdf" in result.output


def test_export_writes_csv_and_xlsx(drawn: Drawn) -> None:
    version_id = _store(drawn.extraction, drawn.pdf.read_bytes(), approve=False)

    result = runner.invoke(app, ["export", str(version_id), "--format", "csv"])
    assert result.exit_code == 0, result.output
    text = Path(f"output/export/version-{version_id}.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("Type;Rubrique;")
    assert "1234,50" in text

    result = runner.invoke(app, ["export", str(version_id), "--sortie", "tarifs.xlsx"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook("tarifs.xlsx")
    assert book["Source"]["B2"].value == drawn.extraction.source.file
