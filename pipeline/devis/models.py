"""What a devis is made of: its lines, its events, its status and its totals.

A :class:`Draft` is a devis computed from an order and the tariff version in force,
before it has a number; the register (:mod:`pipeline.store.devis`) gives it one and
keeps it as a :class:`Devis`, whose status follows from its append-only events. A line
priced « sur devis » gets its amount from a person (an event ``chiffre``); once every
line has one, the devis is complete and issued.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models import Money


class Issuer(StrEnum):
    """Who issues the devis: the Syndicat for its services, the CDG for its accompaniment."""

    SYNDICAT = "syndicat"
    CDG = "cdg"


class LineKind(StrEnum):
    SERVICE = "service"
    ACCOMPANIMENT = "accompagnement"


class Periodicity(StrEnum):
    """How often a line is billed, read from its unit (:mod:`pipeline.devis.units`)."""

    YEARLY = "annuel"
    FIRST_YEAR = "premiere_annee"
    ONE_OFF = "ponctuel"


PERIODICITY = {
    Periodicity.YEARLY: "par an",
    Periodicity.FIRST_YEAR: "la première année",
    Periodicity.ONE_OFF: "une fois",
}


class Status(StrEnum):
    TO_PRICE = "a_chiffrer"
    ISSUED = "emis"
    ACCEPTED = "accepte"
    REFUSED = "refuse"
    EXPIRED = "expire"
    REPLACED = "remplace"


STATUS = {
    Status.TO_PRICE: "à chiffrer",
    Status.ISSUED: "émis",
    Status.ACCEPTED: "accepté",
    Status.REFUSED: "refusé",
    Status.EXPIRED: "expiré",
    Status.REPLACED: "remplacé",
}


class EventKind(StrEnum):
    CREATED = "cree"
    PRICED = "chiffre"
    ISSUED = "emis"
    ACCEPTED = "accepte"
    REFUSED = "refuse"
    REPLACED = "remplace"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DraftLine(_Model):
    """One line of a devis as computed from the order and the version's line or tier."""

    kind: LineKind
    key: list[str | None] = Field(
        description="ce qui désigne la ligne ou la strate d'une version à l'autre"
    )
    category: str | None = None
    group: str | None = None
    label: str
    unit: str
    periodicity: Periodicity
    quantity: int = Field(ge=1)
    unit_price: Money | None = Field(description="prix unitaire dans la base ; None : sur devis")
    unit_price_ht: Money | None = Field(default=None, description="HT quand la version le donne")
    basis: str = Field(pattern=r"^(TTC|HT)$")
    on_quote: bool = False
    note: str = Field(default="", description="pourquoi sur devis, ou ce que précise la ligne")

    @property
    def name(self) -> str:
        """« Antivirus — Licence »: the group before a label that needs it."""
        if self.group and self.group.casefold() not in self.label.casefold():
            return f"{self.group} — {self.label}"
        return self.label


class Draft(_Model):
    """A devis computed, not yet numbered."""

    issuer: Issuer
    collectivity_code: str
    collectivity_name: str
    version_id: int
    dated: dt.date
    lines: list[DraftLine]
    details: dict = Field(
        default_factory=dict,
        description="ce que le document montre et qui ne doit plus changer : la "
        "collectivité, l'émetteur, la délibération (contexte figé à l'émission)",
    )


class Event(_Model):
    """Something recorded on a devis, by whom and when: never changed afterwards."""

    kind: EventKind
    at: str
    by: str
    line: int | None = Field(default=None, description="numéro de la ligne chiffrée")
    amount: Money | None = None
    day: dt.date | None = Field(default=None, description="date d'acceptation")
    reason: str | None = None
    other: str | None = Field(default=None, description="numéro du devis qui le remplace")


class Line(DraftLine):
    """A stored line: its number, and the amount a person gave a « sur devis » line."""

    number: int
    priced: Event | None = None

    @property
    def price(self) -> Decimal | None:
        """The unit price: the version's, else the one a person gave; None until then."""
        if self.priced is not None:
            return self.priced.amount
        return None if self.on_quote else self.unit_price

    @property
    def price_ht(self) -> Decimal | None:
        return None if self.on_quote else self.unit_price_ht

    @property
    def total(self) -> Decimal | None:
        return None if self.price is None else self.price * self.quantity

    @property
    def total_ht(self) -> Decimal | None:
        return None if self.price_ht is None else self.price_ht * self.quantity


class Devis(_Model):
    """A devis of the register, as it stands from its events."""

    id: int
    number: str
    issuer: Issuer
    order: str = Field(description="identifiant de la commande, commun aux deux devis")
    collectivity_code: str
    collectivity_name: str
    version_id: int
    dated: dt.date
    valid_until: dt.date
    replaces: str | None = None
    created_by: str
    created_at: str
    lines: list[Line]
    events: list[Event]
    details: dict = Field(default_factory=dict)

    def _last(self, *kinds: EventKind) -> Event | None:
        found = [e for e in self.events if e.kind in kinds]
        return found[-1] if found else None

    @property
    def decision(self) -> Event | None:
        """The event that set the status last (issued, accepted, refused, replaced)."""
        return self._last(
            EventKind.ISSUED, EventKind.ACCEPTED, EventKind.REFUSED, EventKind.REPLACED
        )

    def status(self, today: dt.date | None = None) -> Status:
        """The status on ``today``: an issued devis past its validity is expired."""
        last = self.decision
        if last is None:
            return Status.TO_PRICE
        if last.kind is EventKind.ISSUED:
            if (today or dt.date.today()) > self.valid_until:
                return Status.EXPIRED
            return Status.ISSUED
        return Status(last.kind.value)

    @property
    def complete(self) -> bool:
        return all(line.price is not None for line in self.lines)

    @property
    def unpriced(self) -> list[Line]:
        return [line for line in self.lines if line.price is None]

    @property
    def accepted(self) -> Event | None:
        return self._last(EventKind.ACCEPTED)

    @property
    def replaced_by(self) -> str | None:
        event = self._last(EventKind.REPLACED)
        return event.other if event else None
