"""Stores with approved tariff versions and small registries for the devis tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

from docx import Document

from pipeline.registry import Collectivity, CollectivityKind, Registry, TariffBasis
from pipeline.registry.models import PopulationFigure
from pipeline.settings import Settings
from pipeline.store import Store, new_owner
from tests.store.factories import from_truth

V2025 = "2025-07-10_annexe2_tarifs"
V2026 = "2026-03-19_annexe2_actualisation"
BEFORE_2026 = dt.date(2026, 3, 31)
"""The last day of the 10 July 2025 prices: the 19 March 2026 ones apply from 1 April."""


def approve(path: Path, *stems: str) -> list[int]:
    """Approve the corpus truths ``stems`` (as a perfect parser reads them) in the store."""
    ids = []
    with Store(path) as store:
        for stem in stems:
            data = f"%PDF-{stem}".encode()
            sha = hashlib.sha256(data).hexdigest()
            owner = new_owner()
            store.claim_file(sha256=sha, name=f"{stem}.pdf", content=data, owner=owner)
            version = store.add_version(sha256=sha, owner=owner, extraction=from_truth(stem))
            assert version is not None
            store.approve(version, by="Test", acknowledge_warnings=True)
            ids.append(version)
    return ids


def commune(code: str, name: str, population: int, vintage: int = 2022) -> Collectivity:
    """A commune whose population totale (and municipale) is ``population``."""
    return Collectivity(
        code=code,
        insee_code=code,
        name=name,
        kind=CollectivityKind.COMMUNE,
        basis=TariffBasis.POPULATION,
        populations=tuple(
            PopulationFigure(kind=kind, value=population, vintage=vintage, source="test")
            for kind in ("municipale", "totale")
        ),
        representative_title="Mme",
        representative_name="Anne Martin",
        address="1 place de la Mairie",
        origin="test",
    )


def establishment(code: str, name: str) -> Collectivity:
    return Collectivity(
        code=code,
        siren=code,
        name=name,
        kind=CollectivityKind.SYNDICAT,
        basis=TariffBasis.PUBLIC_ESTABLISHMENT,
        origin="test",
    )


SMALL = commune("62990", "Petite-Commune", 1994)
CITY = commune("62991", "Grande-Ville", 12_000)
EXACTLY_3500 = commune("62992", "Borne-sur-Mer", 3500)
SYNDICATE = establishment("200012345", "Syndicat des Eaux")


def registry() -> Registry:
    return Registry([SMALL, CITY, EXACTLY_3500, SYNDICATE])


def settings(root: Path) -> Settings:
    """Settings for a project folder (its store, output and the shipped templates)."""
    from tests.conftest import ROOT

    return Settings(
        db=root / "pipeline.sqlite3",
        output_dir=root / "output",
        templates_dir=ROOT / "templates",
        registers_dir=root / "registres",
    )


def plain(text: str) -> str:
    """French typography undone: no-break spaces as spaces, typographic apostrophes."""
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("’", "'")


def docx_text(path: Path | bytes) -> str:
    """Every paragraph and table cell of a DOCX, as python-docx reads it back (with
    :func:`plain` spaces and apostrophes)."""
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    document = Document(source)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return plain("\n".join(parts))


def docx_rows(path: Path) -> list[list[str]]:
    """Every table row of a DOCX, its cells' texts (:func:`plain`)."""
    return [[plain(c.text) for c in row.cells] for t in Document(path).tables for row in t.rows]


def euros(text: str) -> Decimal:
    """« 99,60 € » (no-break spaces, thousands) as a Decimal."""
    digits = text.replace("€", "").replace("\u202f", "").replace("\xa0", "").strip()
    return Decimal(digits.replace(" ", "").replace(",", "."))
