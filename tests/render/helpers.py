"""Hand-made tariff versions and DOCX reading for the render and generate tests."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from pipeline.models import (
    Deliberation,
    EffectiveDateSource,
    Extraction,
    TariffVersion,
    VersionStatus,
)
from tests.store.factories import CORPUS, from_truth

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"


def read_truth(name: str) -> Extraction:
    """A corpus truth as a perfect parser would read it, sitting included (assembly,
    president, visas: the deliberations it cites)."""
    extraction = from_truth(name)
    truth = json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))
    sitting = {k: v for k, v in truth["deliberation"].items() if k in Deliberation.model_fields}
    return extraction.model_copy(update={"deliberation": Deliberation.model_validate(sitting)})


def version_2025(version_id: int = 1) -> TariffVersion:
    """The approved 10 July 2025 version, as a perfect parser would read it."""
    return TariffVersion(
        id=version_id,
        status=VersionStatus.APPROVED,
        effective_date=dt.date(2025, 7, 10),
        effective_date_source=EffectiveDateSource.SITTING,
        extraction=read_truth("2025-07-10_annexe2_tarifs"),
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
        extraction=read_truth("2026-03-19_annexe2_actualisation"),
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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TYPOGRAPHY = [
    (re.compile(r" [;:!?](?=\s|$|»|\))"), "espace sécable avant « ; : ! ? »"),
    (re.compile(r"« "), "espace sécable après « « »"),
    (re.compile(r" »"), "espace sécable avant « » »"),
    (re.compile(r"\d \d{3}(?!\d)"), "espace sécable dans un nombre"),
    (re.compile(r"\d [€%]"), "espace sécable avant € ou %"),
    (re.compile(r"[^\W\d_]'[^\W\d_]"), "apostrophe droite"),
    (re.compile(r"(?<!\w)1er(?!\w)"), "« 1er » sans exposant"),
    (re.compile(r"\d-\d"), "trait d'union sécable entre chiffres"),
]


def docx_parts(path: Path) -> dict[str, etree._Element]:
    """The XML parts that hold text: body, headers, footers, footnotes."""
    with zipfile.ZipFile(path) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name)
        }


def paragraph_texts(path: Path) -> list[str]:
    """Each paragraph's text as Word shows it, in every part; a non-breaking hyphen
    reads as U+2011, the letters in superscript are marked ^."""
    found = []
    for root in docx_parts(path).values():
        for paragraph in root.iter(f"{W}p"):
            text = ""
            for node in paragraph.iter(f"{W}t", f"{W}noBreakHyphen"):
                if node.tag == f"{W}noBreakHyphen":
                    text += "\u2011"
                    continue
                run = node.getparent()
                sup = run.find(f"{W}rPr/{W}vertAlign")
                raised = sup is not None and sup.get(f"{W}val") == "superscript"
                text += "^" + (node.text or "") if raised and node.text else node.text or ""
            found.append(text)
    return found


def typography_problems(path: Path) -> list[str]:
    """Every place a generated document breaks a French typography rule."""
    problems = []
    for text in paragraph_texts(path):
        for pattern, what in _TYPOGRAPHY:
            for match in pattern.finditer(text):
                start = max(match.start() - 25, 0)
                problems.append(f"{path.name} : {what} : « {text[start : match.end() + 25]} »")
    return problems
