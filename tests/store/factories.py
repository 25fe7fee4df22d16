"""Hand-made extractions for the store, run, history and CLI tests.

``from_truth`` builds an extraction from a corpus truth file (what the parser should
find), so that the history tests work on realistic tariffs without the parser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from pipeline.models import (
    Deliberation,
    Extraction,
    Finding,
    ServiceLine,
    Severity,
    Source,
    Tier,
    TierKind,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def line(
    label: str,
    amount: str | None,
    *,
    category: str | None = "Présence en ligne",
    group: str | None = None,
    unit: str = "Par compte et par an",
    on_quote: bool = False,
    page: int = 1,
) -> ServiceLine:
    return ServiceLine(
        category=category,
        group=group,
        label=label,
        amount=Decimal(amount) if amount is not None else None,
        on_quote=on_quote,
        unit=unit,
        page=page,
    )


def tier(
    label: str,
    amount: str | None,
    low: int | None,
    high: int | None,
    *,
    kind: TierKind = TierKind.COLLECTIVITY,
    on_quote: bool = False,
) -> Tier:
    return Tier(
        label=label,
        kind=kind,
        min_population=low,
        max_population=high,
        amount=Decimal(amount) if amount is not None else None,
        on_quote=on_quote,
        unit="Par collectivité et par an",
        page=2,
    )


def finding(severity: Severity, code: str = "rules.test", message: str = "Constat.") -> Finding:
    return Finding(severity=severity, code=code, message=message)


def make_extraction(
    *,
    name: str = "deliberation.pdf",
    sitting: dt.date | None = dt.date(2025, 7, 10),
    stated: dt.date | None = None,
    enforceable: dt.date | None = None,
    services: list[ServiceLine] | None = None,
    strata: list[Tier] | None = None,
    findings: list[Finding] | None = None,
) -> Extraction:
    if services is None:
        services = [line("Messagerie compte 5 Go", "16.80", group="Messagerie")]
    return Extraction(
        source=Source(file=name, sha256=hashlib.sha256(name.encode()).hexdigest(), pages=2),
        deliberation=Deliberation(
            date=sitting, effective_date=stated, enforceable_date=enforceable
        ),
        services=services,
        strata=strata or [],
        findings=findings or [],
    )


def from_truth(stem: str, *, name: str | None = None) -> Extraction:
    """The extraction a perfect parser would give for a corpus file."""
    truth = json.loads((CORPUS / f"{stem}.truth.json").read_text(encoding="utf-8"))
    meta = truth["deliberation"]
    return Extraction(
        source=Source(
            file=name or f"{stem}.pdf",
            sha256=hashlib.sha256(stem.encode()).hexdigest(),
            pages=3,
        ),
        deliberation=Deliberation(
            date=dt.date.fromisoformat(meta["date"]),
            effective_date=dt.date.fromisoformat(meta["effective_date"])
            if meta.get("effective_date")
            else None,
        ),
        services=[ServiceLine(**s, page=2) for s in truth["services"]],
        strata=[Tier(**t, page=2) for t in truth["strata"]],
    )


class FakeExtractor:
    """Stands for ``pipeline.extract.extract``: answers by the dropped file's content.

    A file whose bytes start with ``%PDF-`` and contain ``TRUTH:<stem>`` gives that
    corpus truth; ``BROKEN`` raises a DamagedPdf; anything else is not a PDF.
    """

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: Path) -> Extraction:
        from pipeline.errors import DamagedPdf, NotAPdf

        data = path.read_bytes()
        self.calls.append(path.name)
        if not data.startswith(b"%PDF-"):
            raise NotAPdf("ce fichier n'est pas un PDF.", path=path)
        if b"BROKEN" in data:
            raise DamagedPdf("PDF endommagé ou tronqué : impossible de le lire.", path=path)
        stem = data.split(b"TRUTH:", 1)[1].split()[0].decode()
        extraction = from_truth(stem, name=path.name)
        salt = data.decode(errors="replace").splitlines()[2:3]
        if salt and salt[0].strip():  # another deliberation: its own number
            sitting = extraction.deliberation.model_copy(update={"number": f"n° {salt[0]}"})
            extraction = extraction.model_copy(update={"deliberation": sitting})
        return extraction


def fake_pdf(stem: str, salt: str = "") -> bytes:
    """A file the FakeExtractor reads as the truth ``stem``; with a ``salt``, another
    deliberation with the same tariffs (numbered ``salt``), not a copy of it."""
    return f"%PDF-1.4\nTRUTH:{stem}\n{salt}\n".encode()
