"""Hand-made tariff versions and DOCX reading for the render and generate tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from pipeline.models import EffectiveDateSource, TariffVersion, VersionStatus
from tests.store.factories import from_truth

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"


def version_2025(version_id: int = 1) -> TariffVersion:
    """The approved 10 July 2025 version, as a perfect parser would read it."""
    return TariffVersion(
        id=version_id,
        status=VersionStatus.APPROVED,
        effective_date=dt.date(2025, 7, 10),
        effective_date_source=EffectiveDateSource.SITTING,
        extraction=from_truth("2025-07-10_annexe2_tarifs"),
        created_at="2025-07-11T09:00:00",
    )


def version_2026(version_id: int = 2) -> TariffVersion:
    """The approved 19 March 2026 version (no more « Page internet », a new
    « Dématérialisation » category), as a perfect parser would read it."""
    return TariffVersion(
        id=version_id,
        status=VersionStatus.APPROVED,
        effective_date=dt.date(2026, 4, 1),
        effective_date_source=EffectiveDateSource.STATED,
        extraction=from_truth("2026-03-19_annexe2_actualisation"),
        created_at="2026-03-20T09:00:00",
    )


def docx_text(path: Path) -> dict[str, object]:
    """What a reader sees: paragraphs, table rows (cell texts) and header/footer texts."""
    document = Document(str(path))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    section = document.sections[0]
    return {
        "paragraphs": [p.text for p in document.paragraphs],
        "tables": tables,
        "header": "\n".join(p.text for p in section.header.paragraphs),
        "footer": "\n".join(p.text for p in section.footer.paragraphs),
        "document": document,
    }
