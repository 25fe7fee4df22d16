"""Shared fixtures and the rule for tests that need system tools.

Tests that need Tesseract, LibreOffice or Chromium are skipped on a machine that
lacks them, with the reason; in CI (``PIPELINE_REQUIRE_TOOLS=1``) they fail instead,
so that they always run there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "deliberations" / "2025-07-10_annexe2_tarifs.pdf"
CORPUS = Path(__file__).resolve().parent / "corpus"
"""A copy of the shared corpus (PDFs, truths and score.py), so tests need nothing beside."""

TOOLS = {
    "tesseract": ("tesseract", "apt-get install tesseract-ocr tesseract-ocr-fra"),
    "libreoffice": ("soffice", "apt-get install libreoffice-writer-nogui"),
    "chromium": ("chromium", "apt-get install chromium"),
}


def require_tool(name: str) -> str:
    """Return the tool's path, or skip (locally) / fail (in CI) when it is missing."""
    binary, install = TOOLS[name]
    path = shutil.which(binary)
    if path:
        return path
    reason = f"{binary} absent ({install})"
    if os.environ.get("PIPELINE_REQUIRE_TOOLS"):
        pytest.fail(f"{reason} : obligatoire en CI")
    pytest.skip(reason)


def corpus_file(name: str) -> Path:
    """A file of the corpus copied into the tests."""
    return CORPUS / name


@pytest.fixture
def sample_pdf() -> Path:
    return SAMPLE


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project folder as the staff have it, as the current directory."""
    for name in ("deliberations", "output", "templates"):
        (tmp_path / name).mkdir()
    for template in (ROOT / "templates").glob("*.docx"):
        shutil.copy(template, tmp_path / "templates" / template.name)
    monkeypatch.chdir(tmp_path)
    for var in list(os.environ):
        if var.startswith("PIPELINE_") and var != "PIPELINE_REQUIRE_TOOLS":
            monkeypatch.delenv(var)
    return tmp_path
