"""A small description of a tariff deliberation: what it says, not how it looks.

A :class:`Deliberation` yields the ground truth in the shape of the export contract
(``truth()``, like ``tests/corpus/*.truth.json``) and is what the renderers lay out,
with a :class:`~tests.pdfgen.layout.Layout` saying how.

Everything here is plain data written by hand in the variations: the truth of a tier's
bounds is stated next to its wording, never derived by code that a parser could share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")

TaxBasis = Literal["TTC", "HT"]


def french_date(day: dt.date, *, capitalised: bool = False, weekday: bool = False) -> str:
    """'10 juillet 2025', '1er avril 2026', 'Jeudi 10 Juillet 2025'."""
    month = MONTHS[day.month - 1]
    if capitalised:
        month = month.capitalize()
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {month} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


@dataclass(frozen=True)
class Line:
    """A priced service line.

    ``ttc`` and ``ht`` are the amounts as the deliberation gives them (either may be
    absent); ``written`` overrides how the price cell reads ("12 €", "16,80 euros",
    "Gratuit"); ``footnote`` is a marker set after the label (superscript), which the
    extraction must drop.
    """

    label: str
    unit: str
    ttc: Decimal | None = None
    ht: Decimal | None = None
    on_quote: bool = False
    free: bool = False
    written: str | None = None
    footnote: str | None = None
    note: str | None = None
    """Text of an "Observations" column, when the layout has one."""
    heading_look: bool = False
    """Drawn like a category row (bold, shaded) although it carries a price: a service
    that is its own category."""
    matrix: tuple[Decimal | None, ...] = ()
    """The amounts of a price matrix, one per ``Deliberation.matrix_columns`` (TTC)."""
    truth_group: str | None = None
    """The group the truth gives this line, when not its group row's name: a line whose
    label stands in a "Prestation" column has its "Domaine" as group."""


@dataclass(frozen=True)
class Group:
    """A sub-heading row ("Antivirus") and its lines; ``name`` None for lines that stand
    directly under the category."""

    name: str | None
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Category:
    name: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Tier:
    """A population tier as written, with its bounds stated by hand (inclusive)."""

    label: str
    low: int | None
    high: int | None
    amount: Decimal | None = None
    on_quote: bool = False
    kind: str = "collectivity"
    unit: str = "Par collectivité et par an"
    written: str | None = None
    footnote: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Vote:
    """How the board voted: unanimity, or counted votes."""

    unanimity: bool = True
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    wording: str = "A l'unanimité des membres présents,"

    @property
    def kind(self) -> str:
        if self.unanimity:
            return "unanimity"
        return "majority" if (self.votes_for or 0) > (self.votes_against or 0) else "rejected"


def counted_vote(votes_for: int, against: int, abstentions: int) -> Vote:
    """'Par 15 voix pour, 2 voix contre et 1 abstention,' and its counts."""
    parts = [f"{votes_for} voix pour"]
    if against:
        parts.append(f"{against} voix contre")
    if abstentions:
        parts.append(f"{abstentions} abstention{'s' if abstentions > 1 else ''}")
    wording = "Par " + (", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else parts[0])
    return Vote(
        unanimity=False,
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstentions,
        wording=wording + ",",
    )


@dataclass(frozen=True)
class Sitting:
    """The sitting: date, place, who chaired, who was there, how it voted."""

    date: dt.date
    present: tuple[str, ...]
    absent: tuple[str, ...]
    vote: Vote = field(default_factory=Vote)
    hour: str = "10 heures 30"
    room: str = "salle des réunions au CENTRE DE GESTION"
    place: str = "BRUAY-LA-BUISSIERE"
    president: str = "René HOCQ"
    president_civility: str = "M."
    secretary: str = "M. Francis CORDONNIER, Adjoint au Maire de BETHUNE"
    references: tuple[tuple[str, dt.date], ...] = ()
    effective_date: dt.date | None = None
    effective_wording: str = "applicables au {date}"
    """How the effective date is stated; ``{date}`` is replaced by the French date."""
    assembly: str = "Conseil d'Administration"
    opening: str | None = None
    """The paragraph saying who met when, replacing the board's usual sentence."""
    presence: tuple[str, ...] | None = None
    """Paragraphs on who attended, replacing the lists of names (whose counts stay the
    truth: write them from ``len(present)`` and ``len(absent)``)."""
    heading: tuple[str, ...] = ()
    """Paragraphs above the title ("EXTRAIT DU REGISTRE …", a deliberation number)."""
    closing: tuple[str, ...] | None = None
    """The lines after the dispositif, replacing "Ainsi fait et délibéré en séance" …"""
    stamp: tuple[str, ...] = ()
    """The prefecture's acknowledgement, printed small at the top of the first page."""
    decision: str | None = None
    """The dispositif's first line, replacing "ARRETE les tarifs …"."""
    after_decision: tuple[str, ...] = ()
    """More articles of the dispositif after "AUTORISE …" ("DIT que ces tarifs entrent en
    vigueur le …")."""
    secretary_line: str | None = None
    """The sentence naming the secretary, replacing "Le secrétaire de séance désigné est …"."""
    secretary_first: bool = False
    """The secretary named above the opening sentence rather than after it."""
    enforceable_date: dt.date | None = None
    """The latest date of the prefecture's stamp (receipt, publication), when it has one:
    part of the truth as ``enforceable_date``."""


@dataclass(frozen=True)
class BudgetTable:
    """A budget table (chapitre, article, libellé, montant) and its total row: euros that
    are no tariff."""

    title: str
    rows: tuple[tuple[str, str, str, Decimal], ...]


@dataclass(frozen=True)
class Deliberation:
    """What a tariff deliberation says."""

    title: tuple[str, ...]
    sitting: Sitting
    categories: tuple[Category, ...]
    tiers: tuple[Tier, ...]
    price_columns: tuple[TaxBasis | Literal["TVA"], ...] = ("TTC",)
    """The price columns of the services table, left to right as written ("TVA": the
    tax amount, between HT and TTC)."""
    tier_footnote: str | None = "Pour les autres structures, un devis sera établi"
    service_footnote: str | None = None
    exposition: tuple[str, ...] = ()
    """More paragraphs of the exposé (a long deliberation), before the tables."""
    price_footnotes: tuple[str, ...] = ()
    """Footnotes printed under the services table, as written ("(1) Hors frais de port")."""
    matrix_columns: tuple[str, ...] = ()
    """A price matrix: the price columns' headers ("Communes membres", "Autres
    collectivités"), each line giving one amount per column (``Line.matrix``); the truth
    has one line per cell, the column's header as its group."""
    budget: tuple[BudgetTable, ...] = ()
    """Budget tables printed in the exposé, before the tariff tables (not in the truth)."""
    budget_intro: str = "Les crédits correspondants sont inscrits au budget comme suit :"
    preamble: tuple[str, ...] | None = None
    """The exposé's paragraphs, replacing those on the tripartite convention."""
    proposal: str | None = None
    """What the President proposes, replacing "- d'arrêter les nouveaux tarifs …"."""
    authorisation: str | None = None
    """The article after the decision, replacing "AUTORISE le Président à signer …"."""

    @property
    def tax_basis(self) -> TaxBasis:
        return "TTC" if "TTC" in self.price_columns else "HT"

    def lines(self):
        """(category, group, line) for every line, in reading order."""
        for category in self.categories:
            for group in category.groups:
                for line in group.lines:
                    yield category.name, group.name, line

    def truth(self) -> dict:
        """The ground truth, in the shape of the export contract."""
        s = self.sitting
        meta = {
            "date": s.date.isoformat(),
            "assembly": s.assembly,
            "place": s.place,
            "president": s.president,
            "present_count": len(s.present),
            "absent_count": len(s.absent),
            "vote": s.vote.kind,
            "references": [number for number, _ in s.references],
        }
        if not s.vote.unanimity:
            meta["votes_for"] = s.vote.votes_for
            meta["votes_against"] = s.vote.votes_against
            meta["abstentions"] = s.vote.abstentions
        if s.effective_date is not None:
            meta["effective_date"] = s.effective_date.isoformat()
        if s.enforceable_date is not None:
            meta["enforceable_date"] = s.enforceable_date.isoformat()
        services = []
        for category, group, line in self.lines():
            if self.matrix_columns:
                for header, cell in zip(self.matrix_columns, line.matrix, strict=True):
                    services.append(
                        {
                            "category": category or None,
                            "group": header,
                            "label": line.label,
                            "amount": f"{cell:.2f}",
                            "on_quote": False,
                            "unit": line.unit,
                            "tax_basis": self.tax_basis,
                        }
                    )
                continue
            amount = line.ttc if self.tax_basis == "TTC" else line.ht
            if line.free:
                amount = Decimal(0)
            service = {
                "category": category or None,
                "group": line.truth_group or group,
                "label": line.label,
                "amount": None if line.on_quote else f"{amount:.2f}",
                "on_quote": line.on_quote,
                "unit": line.unit,
                "tax_basis": self.tax_basis,
            }
            if line.free:
                service["free"] = True
            services.append(service)
        strata = [
            {
                "label": tier.label,
                "kind": tier.kind,
                "min_population": tier.low,
                "max_population": tier.high,
                "amount": None if tier.on_quote else f"{tier.amount:.2f}",
                "on_quote": tier.on_quote,
                "unit": tier.unit,
            }
            for tier in self.tiers
        ]
        return {"deliberation": meta, "services": services, "strata": strata}


def ttc_of(ht: Decimal, rate: Decimal = Decimal("1.20")) -> Decimal:
    """The TTC amount of an HT amount at 20 % VAT, to the cent."""
    return (ht * rate).quantize(Decimal("0.01"))
