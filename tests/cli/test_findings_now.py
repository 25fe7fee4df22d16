"""What the commands show is current (issue 12): the warnings of a pending version once
another is approved, and the status in an audit page written before a decision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_versions import cli, corpus_store  # noqa: F401  (fixtures)


@pytest.fixture
def pending(corpus_store):  # noqa: F811
    corpus_store("run")
    return corpus_store


def counts(history: str, number: int) -> str:
    row = next(r for r in history.splitlines() if re.match(rf"│\s+{number} │", r))
    return row.split("│")[6].strip()


def audit_counts(html: str) -> tuple[str, str]:
    errors = re.search(r">(\d+) erreur\(s\)<", html)
    warnings = re.search(r">(\d+) avertissement\(s\)<", html)
    return errors.group(1), warnings.group(1)


def test_history_shows_the_warnings_of_a_pending_version_once_another_is_approved(pending):
    assert counts(pending("history").output, 2) == "0 erreur, 0 avertissement"
    assert pending("approve", "1", "--par", "Marie", "--accepter-avertissements").exit_code == 0
    assert counts(pending("history").output, 2) == "0 erreur, 2 avertissements"


def test_an_audit_page_written_before_an_approval_shows_the_new_warnings(pending, workdir):
    assert pending("audit", "2").exit_code == 0
    page = workdir / "output/audit/version-2.html"
    assert audit_counts(page.read_text(encoding="utf-8")) == ("0", "0")
    approved = pending("approve", "1", "--par", "Marie", "--accepter-avertissements")
    assert f"Rapport d'audit mis à jour : {page}" in approved.output
    html = page.read_text(encoding="utf-8")
    assert audit_counts(html) == ("0", "2")
    assert "Page internet" in html and "history.line_removed" in html


def test_an_audit_page_says_rejected_once_its_version_is_rejected(pending, workdir: Path):
    other = workdir / "rapports" / "v2.html"
    assert pending("audit", "2").exit_code == 0
    assert pending("audit", "2", "--sortie", str(other)).exit_code == 0
    page = workdir / "output/audit/version-2.html"
    assert "en attente d&#39;approbation" in page.read_text(encoding="utf-8")
    rejected = pending("reject", "2", "--motif", "doublon", "--par", "Paul")
    assert rejected.exit_code == 0
    for path in (page, other):
        html = path.read_text(encoding="utf-8")
        assert "version n° 2, rejetée" in html and "en attente" not in html
        assert "doublon" in html


def test_an_audit_page_removed_by_hand_is_not_written_again(pending, workdir):
    pending("audit", "2")
    page = workdir / "output/audit/version-2.html"
    page.unlink()
    rejected = pending("reject", "2", "--motif", "doublon")
    assert "Rapport d'audit mis à jour" not in rejected.output
    assert not page.exists()


def test_an_audit_page_shows_a_correction_as_soon_as_it_is_made(pending, workdir):
    pending("audit", "2")
    done = pending("corriger", "2", "--ligne", "3", "--montant", "16,50", "--motif", "mal lu")
    assert done.exit_code == 0
    html = (workdir / "output/audit/version-2.html").read_text(encoding="utf-8")
    assert "corrigé (tarif : avant 16,20\xa0€)" in html
    assert "ligne 3, tarif : 16,20\xa0€ → 16,50\xa0€" in html
