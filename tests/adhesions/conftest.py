"""A project whose store has the corpus deliberations read by the real pipeline: the
10 July 2025 annex approved (version 1) and the 19 March 2026 one pending (version 2),
and the register of 40 adherents (``data/adhesions_40.csv``) imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.adhesions import import_register
from pipeline.registry import load_registry
from pipeline.run import run
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.versions import approve
from tests.conftest import CORPUS, ROOT
from tests.web.conftest import project_settings

DATA = Path(__file__).resolve().parent / "data"
REGISTER = DATA / "adhesions_40.csv"
OLD, NEW = "2025-07-10_annexe2_tarifs.pdf", "2026-03-19_annexe2_actualisation.pdf"
V_OLD, V_NEW = 1, 2


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with version 1 (2025) approved, version 2 (2026) pending, and the
    register imported; made once, copied by each test."""
    root = tmp_path_factory.mktemp("adhesions")
    settings = project_settings(root)
    settings.deliberations_dir.mkdir()
    shutil.copy(CORPUS / OLD, settings.deliberations_dir)
    run(settings)
    with Store(settings.db) as store:
        approve(store, V_OLD, by="Paul Martin", acknowledge_warnings=True, settings=settings)
    shutil.copy(CORPUS / NEW, settings.deliberations_dir)
    run(settings)
    with Store(settings.db) as store:
        import_register(store, REGISTER, load_registry())
    return settings.db


@pytest.fixture
def project(corpus_store: Path, workdir: Path) -> Settings:
    """The corpus store copied into a fresh project folder (the current directory)."""
    settings = project_settings(workdir)
    shutil.copy(corpus_store, settings.db)
    for template in (ROOT / "templates").glob("*.docx"):
        shutil.copy(template, settings.templates_dir / template.name)
    return settings
