"""What a person types in the correction forms, turned into the library's edits.

The web counterpart of the options of ``pipeline corriger``: each field of the form
is read as the command line reads its option (:func:`~pipeline.corrections.parse_price`,
:func:`~pipeline.corrections.parse_population`…); the fields left as they were are
not corrections. The library checks the rest (:func:`pipeline.versions.correct`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal

from pipeline.corrections import (
    LINE,
    NOTHING,
    SITTING,
    TIER,
    Edit,
    InvalidValue,
    date_value,
    parse_population,
    parse_price,
    price_value,
    text_value,
)
from pipeline.french import parse_short_date
from pipeline.models import CorrectionTarget, ServiceLine, TariffVersion, Tier

FIELDS: dict[CorrectionTarget, tuple[tuple[str, str], ...]] = {
    LINE: (
        ("label", "Libellé"),
        ("category", "Rubrique"),
        ("group", "Sous-rubrique"),
        ("price", "Tarif"),
        ("unit", "Unité de facturation"),
    ),
    TIER: (
        ("label", "Libellé"),
        ("min_population", "Population minimale (incluse)"),
        ("max_population", "Population maximale (incluse)"),
        ("price", "Tarif"),
        ("unit", "Unité de facturation"),
    ),
    SITTING: (
        ("date", "Date de la séance"),
        ("effective_date", "Date d'application indiquée"),
        ("enforceable_date", "Date exécutoire"),
    ),
}
"""The fields of each form, in order, with their French labels."""

HINTS = {
    "price": "12,50 ; 1 234,50 € ; sur devis ; gratuit",
    "min_population": "nombre d'habitants",
    "max_population": "vide : sans borne haute",
    "category": "vide : aucune",
    "group": "vide : aucune",
}

TARGETS = {"ligne": LINE, "strate": TIER, "seance": SITTING}
"""The French names of the targets in addresses and forms."""


def _item(version: TariffVersion, target: CorrectionTarget, number: int) -> ServiceLine | Tier:
    if target is LINE:
        numbers = [version.line_number(i) for i in range(len(version.extraction.services))]
        items: list = version.extraction.services
    else:
        numbers = [version.tier_number(i) for i in range(len(version.extraction.strata))]
        items = version.extraction.strata
    if number not in numbers:
        word = "ligne" if target is LINE else "strate"
        raise InvalidValue(f"pas de {word} n° {number} dans la version n° {version.id}.")
    return items[numbers.index(number)]


def _canonical_now(version: TariffVersion, target: CorrectionTarget, number: int | None) -> dict:
    """Each field's value now, in the canonical form of corrections."""
    if target is SITTING:
        sitting = version.extraction.deliberation
        return {name: date_value(getattr(sitting, name)) for name, _ in FIELDS[SITTING]}
    assert number is not None
    item = _item(version, target, number)
    values: dict[str, str | None] = {}
    for name, _ in FIELDS[target]:
        if name == "price":
            values[name] = price_value(
                item.amount, on_quote=item.on_quote, free=getattr(item, "free", False)
            )
        else:
            value = getattr(item, name)
            values[name] = None if value is None else str(value)
    return values


def shown_value(name: str, value: str | None) -> str:
    """A canonical value as the form's field shows it (« 12,50 », « 2026-04-01 »)."""
    if value is None:
        return ""
    if name == "price" and re.fullmatch(r"-?\d+\.\d+", value):
        return f"{Decimal(value):.2f}".replace(".", ",")
    return value


def current(version: TariffVersion, target: CorrectionTarget, number: int | None) -> dict:
    """What the form's fields show first: the value as it is now."""
    return {
        name: shown_value(name, value)
        for name, value in _canonical_now(version, target, number).items()
    }


def parse_day(text: str) -> dt.date | None:
    """« 2026-04-01 » (a date field), « 01/04/2026 », or nothing (« », « aucune »)."""
    text = text.strip()
    if text.casefold() in NOTHING:
        return None
    day = parse_short_date(text)
    if day is None:
        raise InvalidValue(f"date invalide : « {text} » (exemple : 01/04/2026).")
    return day


def typed(name: str, text: str) -> str | None:
    """A typed value in canonical form; raises InvalidValue in French."""
    if name == "price":
        return parse_price(text)
    if name in ("min_population", "max_population"):
        return parse_population(text)
    if name in ("date", "effective_date", "enforceable_date"):
        return date_value(parse_day(text))
    return text_value(text)


def edits(
    version: TariffVersion,
    target: CorrectionTarget,
    number: int | None,
    form: Mapping[str, str],
) -> list[Edit]:
    """The edits the form asks for: one per field whose typed value differs from now."""
    before = _canonical_now(version, target, number)
    asked: list[Edit] = []
    for name, _ in FIELDS[target]:
        if name not in form:
            continue
        text = form[name]
        if name == "price" and not text.strip() and before[name] is None:
            continue
        value = typed(name, text)
        if value != before[name]:
            asked.append(Edit.set(target, name, value, number))
    return asked


def addition(target: CorrectionTarget, form: Mapping[str, str]) -> Edit:
    """The line (or tier) to add that the form describes."""
    values: dict[str, str | None] = {}
    for name, _ in FIELDS[target]:
        text = form.get(name, "")
        if name == "price":
            if not text.strip():
                raise InvalidValue("le tarif de la ligne ajoutée est obligatoire.")
            values[name] = parse_price(text)
        else:
            values[name] = typed(name, text)
    return Edit.add(target, **values)
