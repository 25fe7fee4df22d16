"""What the audit template shows, computed from the models: rows, boxes and links.

Every value read gets an id; its row in the tables links to its box on the page
image (``#b-…``) and the box links back to the row (``#r-…``). Boxes are placed as
percentages of the page so that they stay on the words at any zoom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pipeline.audit import french
from pipeline.audit.pages import PageImage
from pipeline.corrections import (
    describe,
    line_corrections,
    marker,
    signed,
    subject,
    tier_corrections,
)
from pipeline.corrections import note as correction_note
from pipeline.corrections import shown as shown_value
from pipeline.models import (
    BBox,
    Correction,
    CorrectionTarget,
    Extraction,
    Finding,
    LineChange,
    ServiceLine,
    Severity,
    TariffDiff,
    TariffVersion,
    Tier,
    TierChange,
)

LOW_CONFIDENCE = 60.0
"""OCR confidence (0-100) under which a value is flagged for a second look."""


@dataclass(frozen=True)
class Mark:
    """A box drawn on a page image."""

    id: str
    kind: str
    """``row``, ``amount``, ``finding`` or ``meta``: the CSS class and colour."""
    target: str
    """Id of the table row or list item the box links to."""
    title: str
    left: float
    top: float
    width: float
    height: float


@dataclass
class PageView:
    image: PageImage
    marks: list[Mark] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"p-{self.image.number}"

    @property
    def values(self) -> int:
        """How many values (lines and tiers) were read on this page."""
        return len({mark.target for mark in self.marks if mark.kind in ("row", "amount")})


@dataclass(frozen=True)
class ValueRow:
    """One service line or tier in the tables beside the pages."""

    id: str
    box: str | None
    """Id of the box a click on the row shows (the price cell's, else the row's)."""
    page: int
    cells: tuple[str, ...]
    price: str
    written: str | None
    """The price as written in the PDF, when it differs from how it is shown."""
    confidence: str | None
    doubtful: bool
    number: int = 0
    """The value's number, the one ``pipeline corriger`` takes (its rank when read)."""
    corrected: str = ""
    """« corrigé (tarif : avant 1 250,00 €) », « ajoutée par correction », or empty."""
    corrected_by: str = ""
    """Each correction of the value with who, when and why (the mark's tooltip)."""


@dataclass(frozen=True)
class CorrectionRow:
    """One correction of the version, in the order it was made."""

    id: str
    number: int
    subject: str
    change: str
    signed: str
    row: str | None
    """Id of the corrected value's row, when it is still in the tables."""


@dataclass(frozen=True)
class Heading:
    """A category or group heading row in the services table."""

    text: str
    level: int


@dataclass(frozen=True)
class FindingView:
    id: str
    severity: str
    severity_label: str
    code: str
    message: str
    page: int | None
    box: str | None


@dataclass(frozen=True)
class ChangeRow:
    change: str
    change_label: str
    where: str
    label: str
    old: str
    new: str
    percent: str
    note: str
    row: str | None
    """Id of the current version's row for that value, when it still exists."""


@dataclass
class AuditView:
    title: str
    headline: str
    """The version's number, status and effective date, when auditing a stored version."""
    source: list[tuple[str, str]]
    sitting: list[tuple[str, str]]
    sitting_box: str | None
    version: list[tuple[str, str]]
    pages: list[PageView]
    services: list[ValueRow | Heading]
    service_columns: tuple[str, ...]
    tiers: list[ValueRow]
    findings: list[FindingView]
    diff: TariffDiff | None
    line_changes: list[ChangeRow]
    tier_changes: list[ChangeRow]
    previous: str | None
    counts: dict[str, int]
    unplaced: int
    """Values read without a box on a page: they cannot be checked on the image."""
    corrections: list[CorrectionRow] = field(default_factory=list)


def build_view(
    extraction: Extraction,
    pages: list[PageImage],
    *,
    diff: TariffDiff | None = None,
    version: TariffVersion | None = None,
    previous: TariffVersion | None = None,
) -> AuditView:
    page_views = {image.number: PageView(image) for image in pages}
    unplaced = 0

    def place(
        mark_id: str, kind: str, target: str, title: str, page: int | None, bbox: BBox | None
    ) -> str | None:
        view = page_views.get(page) if page is not None else None
        if view is None or bbox is None:
            return None
        view.marks.append(_mark(mark_id, kind, target, title, view.image, bbox))
        return mark_id

    has_ht = any(line.amount_ht is not None for line in extraction.services)
    bases = {line.tax_basis for line in extraction.services}
    mixed_basis = len(bases) > 1
    marks = _Marks.of(extraction, version)
    services: list[ValueRow | Heading] = []
    heading: tuple[str | None, str | None] = (None, None)
    for index, line in enumerate(extraction.services, start=1):
        if line.category and line.category != heading[0]:
            services.append(Heading(line.category, 1))
        if line.group and (line.category, line.group) != heading:
            services.append(Heading(line.group, 2))
        heading = (line.category, line.group)
        row = f"r-s{index}"
        title = f"{line.full_label} : {_line_price(line)}"
        row_box = place(f"b-s{index}", "row", row, title, line.page, line.bbox)
        amount_box = place(f"b-s{index}-a", "amount", row, title, line.page, line.amount_bbox)
        box = amount_box or row_box
        corrections = marks.lines[index - 1]
        unplaced += box is None and not _added(corrections)
        cells = (line.full_label,)
        if mixed_basis:
            cells += (french.TAX_BASIS[line.tax_basis],)
        cells += (line.unit,)
        if has_ht:
            cells += (french.money(line.amount_ht),)
        services.append(
            _corrected(
                _value_row(row, box, line, _line_price(line), cells, marks.line_number(index - 1)),
                corrections,
            )
        )

    tiers = []
    for index, tier in enumerate(extraction.strata, start=1):
        row = f"r-t{index}"
        price = french.price(tier.amount, on_quote=tier.on_quote)
        title = f"{tier.label} : {price}"
        row_box = place(f"b-t{index}", "row", row, title, tier.page, tier.bbox)
        amount_box = place(f"b-t{index}-a", "amount", row, title, tier.page, tier.amount_bbox)
        box = amount_box or row_box
        corrections = marks.tiers[index - 1]
        unplaced += box is None and not _added(corrections)
        cells = (
            tier.label,
            french.TIER_KIND[tier.kind],
            french.bounds(tier.min_population, tier.max_population),
            tier.unit,
        )
        tiers.append(
            _corrected(
                _value_row(row, box, tier, price, cells, marks.tier_number(index - 1)), corrections
            )
        )

    findings = []
    for index, finding in enumerate(extraction.findings, start=1):
        item = f"f{index}"
        box = place(f"b-f{index}", "finding", item, finding.message, finding.page, finding.bbox)
        findings.append(_finding(item, box, finding))
    findings.sort(key=lambda f: _SEVERITY_ORDER[f.severity])

    meta = extraction.deliberation
    sitting_box = place(
        "b-m", "meta", "r-m", f"Date de la séance : {french.date(meta.date)}", meta.page, meta.bbox
    )

    service_rows = {line.key: f"r-s{i}" for i, line in enumerate(extraction.services, start=1)}
    tier_rows = {(t.kind, t.label): f"r-t{i}" for i, t in enumerate(extraction.strata, start=1)}
    counts = {
        severity.value: sum(1 for f in extraction.findings if f.severity is severity)
        for severity in Severity
    }
    counts["services"] = len(extraction.services)
    counts["tiers"] = len(extraction.strata)
    counts["corrections"] = len(marks.all)
    return AuditView(
        title=_title(extraction),
        headline=_headline(version),
        source=_source(extraction),
        sitting=_sitting(extraction, marks.sitting),
        sitting_box=sitting_box,
        version=_version(version),
        pages=[page_views[number] for number in sorted(page_views)],
        services=services,
        service_columns=_service_columns(bases, has_ht),
        tiers=tiers,
        findings=findings,
        diff=diff,
        line_changes=[_line_change(c, service_rows) for c in diff.lines] if diff else [],
        tier_changes=[_tier_change(c, tier_rows) for c in diff.tiers] if diff else [],
        previous=_previous(previous),
        counts=counts,
        unplaced=unplaced,
        corrections=[_correction_row(c, marks) for c in marks.all],
    )


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _mark(mark_id: str, kind: str, target: str, title: str, image: PageImage, bbox: BBox) -> Mark:
    x0, top, x1, bottom = bbox

    def pct(value: float, origin: float, size: float) -> float:
        return round(min(max((value - origin) / size * 100, 0.0), 100.0), 3)

    left = pct(x0, image.x0, image.width)
    right = pct(x1, image.x0, image.width)
    upper = pct(top, image.top, image.height)
    lower = pct(bottom, image.top, image.height)
    return Mark(mark_id, kind, target, title, left, upper, right - left, lower - upper)


def _service_columns(bases: set, has_ht: bool) -> tuple[str, ...]:
    """The services table's headers; « Base » only when lines mix TTC and HT."""
    if len(bases) == 1:
        price = f"Tarif {french.TAX_BASIS[next(iter(bases))]}"
        columns: tuple[str, ...] = ("Libellé", price, "Unité de facturation")
    else:
        columns = ("Libellé", "Tarif", "Base", "Unité de facturation")
    return columns + (("Tarif HT",) if has_ht else ())


def _line_price(line: ServiceLine) -> str:
    return french.price(line.amount, on_quote=line.on_quote, free=line.free)


class _Marks:
    """The corrections of the version audited: per line, per tier, of the sitting."""

    def __init__(
        self,
        lines: list[list[Correction]],
        tiers: list[list[Correction]],
        sitting: list[Correction],
        every: list[Correction],
        version: TariffVersion | None,
    ) -> None:
        self.lines, self.tiers, self.sitting, self.all = lines, tiers, sitting, every
        self.version = version

    @classmethod
    def of(cls, extraction: Extraction, version: TariffVersion | None) -> _Marks:
        if version is None or version.extraction is not extraction:
            return cls(
                [[] for _ in extraction.services], [[] for _ in extraction.strata], [], [], None
            )
        return cls(
            line_corrections(version),
            tier_corrections(version),
            version.corrections_of(CorrectionTarget.SITTING),
            list(version.corrections),
            version,
        )

    def line_number(self, index: int) -> int:
        return self.version.line_number(index) if self.version else index + 1

    def tier_number(self, index: int) -> int:
        return self.version.tier_number(index) if self.version else index + 1

    def row_of(self, correction: Correction) -> str | None:
        """The row id of the value a correction is about, when it is still shown."""
        if self.version is None or correction.number is None:
            return None
        if correction.target is CorrectionTarget.LINE:
            numbers = [self.line_number(i) for i in range(len(self.lines))]
            prefix = "r-s"
        elif correction.target is CorrectionTarget.TIER:
            numbers = [self.tier_number(i) for i in range(len(self.tiers))]
            prefix = "r-t"
        else:
            return None
        if correction.number not in numbers:
            return None
        return f"{prefix}{numbers.index(correction.number) + 1}"


def _corrected(row: ValueRow, corrections: list[Correction]) -> ValueRow:
    """The row with what was corrected in its value, by whom and why."""
    if not corrections:
        return row
    return replace(row, corrected=marker(corrections), corrected_by=correction_note(corrections))


def _added(corrections: list[Correction]) -> bool:
    return any(c.field == "added" for c in corrections)


def _correction_row(correction: Correction, marks: _Marks) -> CorrectionRow:
    return CorrectionRow(
        id=f"c{correction.id}",
        number=correction.id,
        subject=subject(correction),
        change=describe(correction),
        signed=signed(correction),
        row=marks.row_of(correction)
        if correction.target is not CorrectionTarget.SITTING
        else "r-m",
    )


def _value_row(
    row: str,
    box: str | None,
    value: ServiceLine | Tier,
    price: str,
    cells: tuple[str, ...],
    number: int,
) -> ValueRow:
    written = value.amount_text
    if written is not None and _bare(written) in (_bare(price), ""):
        written = None
    confidence = None
    doubtful = False
    if value.confidence is not None:
        confidence = f"{value.confidence:.0f}"
        doubtful = value.confidence < LOW_CONFIDENCE
    return ValueRow(row, box, value.page, cells, price, written, confidence, doubtful, number)


def _bare(price: str) -> str:
    """A price without spaces, euro sign or zero cents, to tell a real rewording."""
    bare = "".join(price.split()).replace("€", "").replace("EUR", "").lower()
    return bare.removesuffix(",00").removesuffix(".00")


def _finding(item: str, box: str | None, finding: Finding) -> FindingView:
    return FindingView(
        id=item,
        severity=finding.severity.value,
        severity_label=french.SEVERITY[finding.severity],
        code=finding.code,
        message=finding.message,
        page=finding.page,
        box=box,
    )


def _title(extraction: Extraction) -> str:
    meta = extraction.deliberation
    if meta.date is not None:
        return f"Délibération du {french.date(meta.date)}"
    return f"Délibération « {extraction.source.file} »"


def _headline(version: TariffVersion | None) -> str:
    if version is None:
        return ""
    text = f"version n° {version.id}, {french.STATUS[version.status]}"
    if version.effective_date is not None:
        text += f", applicable au {french.date(version.effective_date)}"
    if version.corrections:
        count = len(version.corrections)
        text += f", {count} correction{'s' if count > 1 else ''}"
    return text


def _pairs(items: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    return [(label, value) for label, value in items if value not in (None, "")]


def _source(extraction: Extraction) -> list[tuple[str, str]]:
    source = extraction.source
    return _pairs(
        [
            ("Fichier", source.file),
            ("Empreinte SHA-256", source.sha256),
            ("Pages", str(source.pages)),
            (
                "Lecture",
                "OCR (image numérisée) : vérifiez chaque valeur"
                if source.ocr
                else "texte du PDF (pas d'OCR)",
            ),
        ]
    )


def _count(value: int | None) -> str | None:
    return None if value is None else str(value)


_SITTING_LABELS = {
    "date": "Date de la séance",
    "effective_date": "Date d'application indiquée",
    "enforceable_date": "Exécutoire le",
}


def _sitting(
    extraction: Extraction, corrections: list[Correction] | None = None
) -> list[tuple[str, str]]:
    """The sitting's facts; a corrected date says so, with the date read before."""
    pairs = _sitting_pairs(extraction)
    labels = [_SITTING_LABELS[c.field] for c in corrections or ()]
    if not labels:
        return pairs
    shown = dict(pairs)
    for label in dict.fromkeys(labels):
        changes = [c for c in corrections or () if _SITTING_LABELS[c.field] == label]
        before = shown_value(changes[0].field, changes[0].old)
        shown[label] = f"{shown.get(label, french.DASH)} (corrigée, avant : {before})"
    order = [label for label, _ in pairs] + [label for label in labels if label not in dict(pairs)]
    return [(label, shown[label]) for label in dict.fromkeys(order)]


def _sitting_pairs(extraction: Extraction) -> list[tuple[str, str]]:
    meta = extraction.deliberation
    return _pairs(
        [
            ("Objet", meta.title),
            ("Assemblée", meta.assembly),
            ("Autorité", meta.authority),
            ("Date de la séance", french.date(meta.date)),
            ("Lieu", meta.place),
            ("Président", meta.president),
            ("Secrétaire de séance", meta.secretary),
            ("Présents", _count(meta.present_count)),
            ("Absents ou excusés", _count(meta.absent_count)),
            ("Représentés", _count(meta.represented_count)),
            ("Vote", french.vote(meta.vote, meta.votes_for, meta.votes_against, meta.abstentions)),
            ("Délibérations visées", ", ".join(meta.references)),
            (
                "Date d'application indiquée",
                french.date(meta.effective_date) if meta.effective_date else None,
            ),
            (
                "Exécutoire le",
                french.date(meta.enforceable_date) if meta.enforceable_date else None,
            ),
        ]
    )


def _version(version: TariffVersion | None) -> list[tuple[str, str]]:
    if version is None:
        return []
    decided = None
    if version.decided_by or version.decided_at:
        when = french.timestamp(version.decided_at)
        decided = " le ".join(part for part in (version.decided_by, when) if part)
    return _pairs(
        [
            ("Version", f"n° {version.id}"),
            ("Statut", french.STATUS[version.status]),
            ("En vigueur à partir du", french.date(version.effective_date)),
            ("Origine de cette date", french.EFFECTIVE_SOURCE[version.effective_date_source]),
            ("Enregistrée le", french.timestamp(version.created_at)),
            ("Décision", decided),
            ("Motif du rejet", version.reason),
            (
                "Avertissements",
                "pris en compte par la personne qui a approuvé"
                if version.warnings_acknowledged
                else None,
            ),
        ]
    )


def _previous(previous: TariffVersion | None) -> str | None:
    if previous is None:
        return None
    text = f"version n° {previous.id}"
    if previous.effective_date is not None:
        text += f", en vigueur depuis le {french.date(previous.effective_date)}"
    return text


def _line_change(change: LineChange, rows: dict) -> ChangeRow:
    where = " › ".join(part for part in (change.category, change.group) if part)
    note = ""
    if change.old_unit and change.new_unit and change.old_unit != change.new_unit:
        note = f"unité : « {change.old_unit} » → « {change.new_unit} »"
    return ChangeRow(
        change=change.change.value,
        change_label=french.CHANGE[change.change],
        where=where,
        label=change.label,
        old=_side(change.change.value, "removed", change.old_amount, change.old_on_quote),
        new=_side(change.change.value, "added", change.new_amount, change.new_on_quote),
        percent=french.percent(change.percent),
        note=note,
        row=rows.get(change.key),
    )


def _tier_change(change: TierChange, rows: dict) -> ChangeRow:
    old_bounds = french.bounds(change.old_min, change.old_max)
    new_bounds = french.bounds(change.new_min, change.new_max)
    note = ""
    if change.change.value == "changed" and old_bounds != new_bounds:
        note = f"bornes : {old_bounds} → {new_bounds}"
    elif change.change.value == "added":
        note = new_bounds
    elif change.change.value == "removed":
        note = old_bounds
    return ChangeRow(
        change=change.change.value,
        change_label=french.CHANGE[change.change],
        where=french.TIER_KIND[change.kind],
        label=change.label,
        old=_side(change.change.value, "removed", change.old_amount, change.old_on_quote),
        new=_side(change.change.value, "added", change.new_amount, change.new_on_quote),
        percent=french.percent(change.percent),
        note=note,
        row=rows.get((change.kind, change.label)),
    )


def _side(change: str, only: str, amount: Decimal | None, on_quote: bool) -> str:
    """The old or new price of a change; empty on the side an addition or removal lacks."""
    if change != "changed" and change != only:
        return ""
    return french.price(amount, on_quote=on_quote)
