"""An adhesion: a collectivité that signed the tripartite convention, and what it takes.

One adhesion per signature (a collectivité that left and signed again has two). Its
annex is the deliberation whose annex 2 it signed (``annex_sitting``, and the stored
version when the store has it); its services are the syndicat's lines it takes, each
with a quantity (accounts, workstations, domain names…).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Subscription:
    """A service line taken, named as in annex 2: its group (sous-rubrique) and label."""

    group: str | None
    label: str
    quantity: int

    @property
    def name(self) -> str:
        """« Antivirus › Licence », or the label alone when the line has no group."""
        return f"{self.group} › {self.label}" if self.group else self.label


@dataclass(frozen=True)
class Adhesion:
    """A signed convention, as the register keeps it."""

    code: str
    """The collectivité's code in the registry (INSEE code for a commune, else SIREN)."""
    name: str
    signed_on: dt.date
    annex_sitting: dt.date | None = None
    """The sitting of the deliberation whose annex 2 was signed."""
    annex_version: int | None = None
    """That deliberation's version in the store, when it is there."""
    services: tuple[Subscription, ...] = ()
    quote_fee: Decimal | None = None
    """The yearly accompaniment fee agreed by quote, for a tier « sur devis »."""
    ended_on: dt.date | None = None
    """The last day of the convention, once it has left."""
    end_reason: str | None = None
    source: str = ""
    """Where the register got it: « adhesions.csv, ligne 4 », « pipeline adhesions signer »."""
    id: int | None = None

    def active_on(self, day: dt.date) -> bool:
        """Signed by ``day`` and not ended before it."""
        return self.signed_on <= day and (self.ended_on is None or day <= self.ended_on)

    def same_terms(self, other: Adhesion) -> bool:
        """The same facts (where it comes from and its id aside)."""
        keys = ("code", "signed_on", "annex_sitting", "annex_version", "services")
        extra = ("quote_fee", "ended_on", "end_reason", "name")
        return all(getattr(self, k) == getattr(other, k) for k in (*keys, *extra))
