"""Which population figure a document uses, and what it says when that figure is missing.

Two rules, both decided here and nowhere else:

- **the kind**: the population totale unless the tariff version names another figure
  (the yearly decree on legal populations: « sauf disposition contraire, la population
  totale »); the default is a setting (``Settings.population_kind``);
- **the vintage**: legal populations of millésime N are in force from 1 January N + 3,
  so a document dated 25 March 2026 uses the millésime 2023.

When the figure of that kind and vintage is unknown, :class:`Fallback` (a setting, a
legal choice) says what is used instead, and the choice carries a French ``note`` that
the documents and the report print: a figure of another vintage or kind is never used
silently.

>>> vintage_in_force(dt.date(2026, 3, 25))
2023
>>> vintage_in_force(dt.date(2025, 12, 31))
2022
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from pipeline.french import long_date
from pipeline.models import TariffVersion
from pipeline.registry.models import Collectivity, PopulationFigure, PopulationKind

VINTAGE_LAG = 3
"""Legal populations of millésime N are in force from 1 January N + VINTAGE_LAG."""

DECREE = "décret annuel authentifiant les populations légales"


def vintage_in_force(on: dt.date) -> int:
    """The millésime of the legal populations in force on ``on``."""
    return on.year - VINTAGE_LAG


def in_force_from(vintage: int) -> dt.date:
    """1 January of the year a millésime comes into force."""
    return dt.date(vintage + VINTAGE_LAG, 1, 1)


class Fallback(StrEnum):
    """What a document uses when the figure of the right kind and vintage is unknown."""

    EARLIER_VINTAGE = "millesime_anterieur"
    """The same kind, from the latest earlier millésime (said on the document)."""
    OTHER_KIND = "autre_population"
    """The other kind, of the millésime in force (said on the document)."""
    NONE = "aucun"
    """No figure: no convention, until a person gives the figure."""


# --- the kind: a rule of the tariff version ------------------------------------------------


@dataclass(frozen=True)
class PopulationRule:
    """The population figure a tariff version's tiers are read with."""

    kind: PopulationKind
    stated: bool
    """True when the deliberation names the figure, False for the default."""

    @property
    def reason(self) -> str:
        """In French, for the documents and the report."""
        if self.stated:
            return f"population {self.kind}, retenue par la délibération"
        return f"population {self.kind}, faute de mention contraire de la délibération ({DECREE})"


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NAMED = re.compile(r"population\s+(municipale|totale)")


def rule_of(version: TariffVersion, default: PopulationKind = "totale") -> PopulationRule:
    """The kind the version's deliberation names (in its title or a tier's label),
    else ``default`` (the population totale, per the yearly decree)."""
    extraction = version.extraction
    texts = [extraction.deliberation.title or ""] + [tier.label for tier in extraction.strata]
    named = {match.group(1) for text in texts for match in _NAMED.finditer(_plain(text))}
    if len(named) == 1:
        (kind,) = named
        return PopulationRule(kind=kind, stated=True)  # type: ignore[arg-type]
    return PopulationRule(kind=default, stated=False)


# --- the figure: kind and vintage, or what replaces it --------------------------------------


def _in_force_words(vintage: int) -> str:
    return f"en vigueur au {long_date(in_force_from(vintage))}"


@dataclass(frozen=True)
class PopulationChoice:
    """The figure a document uses for a collectivité, and why."""

    kind: PopulationKind
    """The kind the rule asks for."""
    vintage: int
    """The millésime in force on the document's date."""
    figure: PopulationFigure | None
    """The figure used (of another kind or vintage when ``note`` says so)."""
    note: str | None = None
    """In French: what was missing and what is used instead; None when the figure is
    exactly the one asked for."""

    @property
    def exact(self) -> bool:
        return self.note is None and self.figure is not None

    @property
    def value(self) -> int | None:
        return self.figure.value if self.figure else None

    @property
    def wanted(self) -> str:
        """« population totale, millésime 2023 (en vigueur au 1er janvier 2026) »."""
        return f"population {self.kind}, millésime {self.vintage} ({_in_force_words(self.vintage)})"

    @property
    def described(self) -> str:
        """The figure used as the documents state it: kind, vintage and source."""
        if self.figure is None:
            return ""
        figure = self.figure
        vintage = (
            f"millésime {figure.vintage} ({_in_force_words(figure.vintage)})"
            if figure.vintage
            else "millésime non précisé"
        )
        return f"population {figure.kind}, {vintage} ; source : {figure.source}"


def choose(
    collectivity: Collectivity,
    kind: PopulationKind,
    on: dt.date,
    fallback: Fallback = Fallback.EARLIER_VINTAGE,
) -> PopulationChoice:
    """The figure of ``kind`` in force on ``on``, or its stand-in according to ``fallback``.

    A figure of a later millésime (not yet in force on ``on``) is never used. A figure
    the staff gave without a millésime stands for the one in force, and says so.
    """
    vintage = vintage_in_force(on)
    exact = collectivity.figure(kind, vintage)
    if exact is not None:
        return PopulationChoice(kind, vintage, exact)
    wanted = f"population {kind} du millésime {vintage} ({_in_force_words(vintage)})"
    undated = [f for f in collectivity.populations if f.kind == kind and f.vintage is None]
    if undated:
        return PopulationChoice(
            kind,
            vintage,
            undated[0],
            note=f"{wanted} non précisée : chiffre sans millésime ({undated[0].source})",
        )
    if fallback is Fallback.EARLIER_VINTAGE:
        earlier = [
            f
            for f in collectivity.populations
            if f.kind == kind and f.vintage is not None and f.vintage < vintage
        ]
        if earlier:
            used = max(earlier, key=lambda f: f.vintage or 0)
            return PopulationChoice(
                kind,
                vintage,
                used,
                note=f"{wanted} non disponible : chiffre du millésime {used.vintage} "
                f"({_in_force_words(used.vintage)})",  # type: ignore[arg-type]
            )
    if fallback is Fallback.OTHER_KIND:
        other: PopulationKind = "municipale" if kind == "totale" else "totale"
        same = collectivity.figure(other, vintage)
        if same is not None:
            return PopulationChoice(
                kind,
                vintage,
                same,
                note=f"{wanted} non disponible : population {other} du même millésime",
            )
    return PopulationChoice(kind, vintage, None, note=f"{wanted} non disponible")
