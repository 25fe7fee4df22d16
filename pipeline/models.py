"""The pydantic models: the contract between the stages and with the templates.

An :class:`Extraction` is what the parse stage returns and what the validate stage
annotates with findings. Its JSON form (``model_dump(mode="json")``) is the export
described by ``pipeline/contract/extraction.schema.json``.

Money is :class:`~decimal.Decimal` quantized to the cent and exported as a string
with two decimals; dates are :class:`~datetime.date`; population bounds are
inclusive integers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer

CENT = Decimal("0.01")


def _to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


Money = Annotated[
    Decimal,
    AfterValidator(_to_cents),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str, when_used="json"),
]
"""An amount in euros, to the cent."""

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, as pdfplumber reports them."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class TaxBasis(StrEnum):
    TTC = "TTC"
    HT = "HT"


class TierKind(StrEnum):
    COLLECTIVITY = "collectivity"
    PUBLIC_ESTABLISHMENT = "public_establishment"
    OTHER = "other"


Vote = Literal["unanimity", "majority", "rejected"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Model):
    """The file an extraction was read from."""

    file: str = Field(description="nom du fichier déposé, sans dossier")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="empreinte SHA-256 du fichier")
    pages: int = Field(ge=1, description="nombre de pages")
    ocr: bool = Field(default=False, description="vrai quand le texte vient de l'OCR")
    rotations: dict[int, float] = Field(
        default_factory=dict,
        description="par page scannée, l'angle (degrés) dont elle a été redressée ; "
        "ses cadres sont dans la page redressée",
    )


class Deliberation(_Model):
    """The sitting: who deliberated, when, where, and how the vote went."""

    date: dt.date | None = Field(description="date de la séance")
    assembly: str | None = Field(default=None, description="ex. Conseil d'Administration")
    authority: str | None = Field(
        default=None, description="ex. Centre de Gestion du Pas-de-Calais"
    )
    title: str | None = Field(default=None, description="objet de la délibération")
    number: str | None = Field(default=None, description="numéro de la délibération, ex. 2025/58")
    place: str | None = Field(default=None, description="lieu de la séance")
    president: str | None = Field(default=None, description="prénom et nom du président")
    secretary: str | None = Field(default=None, description="secrétaire de séance")
    present_count: int | None = Field(default=None, ge=0, description="nombre de présents")
    absent_count: int | None = Field(default=None, ge=0, description="absents ou excusés")
    represented_count: int | None = Field(default=None, ge=0, description="représentés")
    vote: Vote | None = Field(default=None, description="unanimity, majority ou rejected")
    votes_for: int | None = Field(default=None, ge=0)
    votes_against: int | None = Field(default=None, ge=0)
    abstentions: int | None = Field(default=None, ge=0)
    references: list[str] = Field(default_factory=list, description="délibérations visées")
    effective_date: dt.date | None = Field(
        default=None, description="date d'application indiquée par la délibération"
    )
    enforceable_date: dt.date | None = Field(
        default=None, description="date à laquelle elle est devenue exécutoire (préfecture)"
    )
    page: int | None = Field(default=None, ge=1, description="page de la date de séance")
    bbox: BBox | None = None


class ServiceLine(_Model):
    """One priced service of the syndicat mixte."""

    category: str | None = Field(description="rubrique, ex. Sécurité")
    group: str | None = Field(description="sous-rubrique, ex. Antivirus")
    label: str = Field(min_length=1, description="libellé de la ligne")
    conditions: list[str] = Field(
        default_factory=list,
        description="ce qui précise le prix au-delà du libellé, du plus général au plus "
        "précis : en-têtes de colonne d'une grille de prix (« Journée », « Habitants de la "
        "commune »), ou précision écrite dans la case du prix (« Zone hyper centre »)",
    )
    amount: Money | None = Field(description="tarif (TTC quand il est donné)")
    currency: Literal["EUR"] = "EUR"
    tax_basis: TaxBasis = TaxBasis.TTC
    on_quote: bool = Field(default=False, description="vrai pour « sur devis »")
    free: bool = Field(default=False, description="vrai pour « gratuit »")
    unit: str = Field(description="unité de facturation")
    amount_ht: Money | None = Field(default=None, description="tarif HT quand il est donné aussi")
    page: int = Field(ge=1)
    bbox: BBox | None = None
    amount_bbox: BBox | None = Field(default=None, description="case du tarif")
    amount_text: str | None = Field(default=None, description="le tarif tel qu'écrit")
    confidence: float | None = Field(default=None, description="confiance OCR minimale (0-100)")
    origin: Literal["table", "text"] = Field(
        default="table",
        description="« table » : lu dans une case de tableau ; « text » : lu dans le texte "
        "courant ou une liste, à confirmer par une personne",
    )

    @property
    def key(self) -> tuple[str | None, str | None, str, tuple[str, ...]]:
        """What identifies a line from one version to the next."""
        return (self.category, self.group, self.label, tuple(self.conditions))

    @property
    def full_label(self) -> str:
        """The label followed by its conditions ("Salle A — Journée — Extérieurs")."""
        return " — ".join([self.label, *self.conditions])


class Tier(_Model):
    """One population tier (strate) of the CDG's accompaniment fee."""

    label: str = Field(min_length=1)
    kind: TierKind = TierKind.COLLECTIVITY
    min_population: int | None = Field(default=None, ge=0, description="borne basse incluse")
    max_population: int | None = Field(default=None, ge=0, description="borne haute incluse")
    amount: Money | None = None
    on_quote: bool = False
    unit: str = ""
    page: int = Field(ge=1)
    bbox: BBox | None = None
    amount_bbox: BBox | None = None
    amount_text: str | None = None
    confidence: float | None = None

    def covers(self, population: int) -> bool:
        """Whether a collectivity of that population falls in this tier."""
        if self.kind is not TierKind.COLLECTIVITY:
            return False
        low = self.min_population if self.min_population is not None else 0
        return low <= population and (
            self.max_population is None or population <= self.max_population
        )


class Finding(_Model):
    """Something validation found: errors block publication, warnings need review."""

    severity: Severity
    code: str = Field(pattern=r"^[a-z0-9_.]+$")
    message: str = Field(description="en français, pour le service juridique")
    page: int | None = None
    bbox: BBox | None = None


class Extraction(_Model):
    """Everything read from one deliberation, with where each value came from."""

    source: Source
    deliberation: Deliberation
    services: list[ServiceLine] = Field(default_factory=list)
    strata: list[Tier] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, exclude_none=False)

    def rewritten(
        self, rewrite: Callable[[ServiceLine | Tier], tuple[ServiceLine | Tier, list[Finding]]]
    ) -> Extraction:
        """The extraction with each line and tier as ``rewrite`` gives it back, and the
        findings it says of them; the same extraction when it says none."""
        services, strata, said = [], [], []
        for items, into in ((self.services, services), (self.strata, strata)):
            for item in items:
                written, findings = rewrite(item)
                into.append(written)
                said.extend(findings)
        if not said:
            return self
        return self.model_copy(
            update={"services": services, "strata": strata, "findings": [*self.findings, *said]}
        )


# --- Tariff versions (the store) and what changes between them -------------------


class VersionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class EffectiveDateSource(StrEnum):
    STATED = "stated"
    """The deliberation states it ("applicables au 1er avril 2026")."""
    ENFORCEABLE = "enforceable"
    """The date it became enforceable (prefecture), later than the stated date."""
    SITTING = "sitting"
    """No date stated: the sitting's date, the best available default."""


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    """Left as it was by a deliberation that sets only part of the annex."""


class LineChange(_Model):
    """A service line added, removed, or whose price or unit changed."""

    change: Change
    category: str | None
    group: str | None
    label: str
    conditions: list[str] = Field(default_factory=list, description="conditions de la ligne")
    old_category: str | None = Field(default=None, description="rubrique d'avant, si renommée")
    old_group: str | None = Field(default=None, description="sous-rubrique d'avant, si renommée")
    old_amount: Money | None = None
    new_amount: Money | None = None
    old_on_quote: bool = False
    new_on_quote: bool = False
    old_unit: str | None = None
    new_unit: str | None = None
    percent: Decimal | None = Field(default=None, description="variation en %, 1 décimale")

    @property
    def key(self) -> tuple[str | None, str | None, str, tuple[str, ...]]:
        """The :attr:`ServiceLine.key` of the line that changed."""
        return (self.category, self.group, self.label, tuple(self.conditions))

    @property
    def full_label(self) -> str:
        return " — ".join([self.label, *self.conditions])


class TierChange(_Model):
    """A population tier added, removed, or whose bounds or fee changed."""

    change: Change
    label: str
    kind: TierKind
    old_min: int | None = None
    old_max: int | None = None
    new_min: int | None = None
    new_max: int | None = None
    old_amount: Money | None = None
    new_amount: Money | None = None
    old_on_quote: bool = False
    new_on_quote: bool = False
    percent: Decimal | None = None


class TariffDiff(_Model):
    lines: list[LineChange] = Field(default_factory=list)
    tiers: list[TierChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """No line nor tier changes (those left unchanged by a partial one aside)."""
        return all(c.change is Change.UNCHANGED for c in [*self.lines, *self.tiers])


class CorrectionTarget(StrEnum):
    LINE = "line"
    TIER = "tier"
    SITTING = "sitting"


class Correction(_Model):
    """A value of a pending version corrected by a person, kept beside what was read.

    Values are kept in a canonical text form: an amount ``"12.50"``, ``"sur devis"``
    or ``"gratuit"`` for a price, an ISO date, an integer, a text; a line or tier
    added or removed is its JSON. ``None`` is « no value ».
    """

    id: int
    target: CorrectionTarget
    number: int | None = Field(
        default=None,
        description="numéro de la ligne ou de la strate : son rang à la lecture, puis les "
        "lignes ajoutées à la suite ; aucun pour la séance",
    )
    field: str = Field(
        description="category, group, label, price, unit, min_population, max_population, "
        "date, effective_date, enforceable_date ; added ou removed pour un ajout ou une "
        "suppression"
    )
    old: str | None = Field(description="valeur d'avant (forme canonique)")
    new: str | None = Field(description="valeur corrigée (forme canonique)")
    reason: str = Field(min_length=1, description="motif")
    by: str = Field(min_length=1, description="personne qui a corrigé")
    at: str = Field(description="horodatage ISO 8601 UTC")


class TariffVersion(_Model):
    """A tariff version as stored: one extraction, its status and its approval.

    ``extraction`` holds the *effective* values: what was read with the corrections
    applied in order, validated again (``corrections`` says what was changed, by
    whom and why).
    """

    id: int
    status: VersionStatus
    effective_date: dt.date | None
    effective_date_source: EffectiveDateSource
    extraction: Extraction
    created_at: str
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str | None = Field(default=None, description="motif du rejet")
    warnings_acknowledged: bool = False
    superseded_by: int | None = Field(
        default=None, description="version approuvée qui la remplace à partir de sa date d'effet"
    )
    corrections: list[Correction] = Field(
        default_factory=list, description="corrections des valeurs lues, dans l'ordre"
    )
    line_numbers: list[int] = Field(
        default_factory=list,
        description="numéro de chaque ligne de l'extraction (vide : 1, 2, 3… dans l'ordre)",
    )
    tier_numbers: list[int] = Field(
        default_factory=list,
        description="numéro de chaque strate de l'extraction (vide : 1, 2, 3… dans l'ordre)",
    )

    def line_number(self, index: int) -> int:
        """The number of the line at ``index`` (0-based) of ``extraction.services``."""
        return self.line_numbers[index] if self.line_numbers else index + 1

    def tier_number(self, index: int) -> int:
        """The number of the tier at ``index`` (0-based) of ``extraction.strata``."""
        return self.tier_numbers[index] if self.tier_numbers else index + 1

    def corrections_of(
        self, target: CorrectionTarget, number: int | None = None
    ) -> list[Correction]:
        """The corrections of one line, one tier, or of the sitting (``number`` None)."""
        return [c for c in self.corrections if c.target is target and c.number == number]
