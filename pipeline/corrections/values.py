"""Corrected values in their canonical text form, read from what a person types, and
shown in French.

A price is ``"12.50"``, ``"sur devis"``, ``"gratuit"`` or None (no price); a date is
ISO; a population an integer; a text as typed, trimmed; a line or tier added or
removed is its JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from pipeline import french
from pipeline.corrections.fields import ADDED, FIELDS, REMOVED, SITTING, InvalidValue

ON_QUOTE = "sur devis"
FREE = "gratuit"
NOTHING = ("", "aucun", "aucune", "-", "—", "sans")


def price_value(
    amount: Decimal | None, *, on_quote: bool = False, free: bool = False
) -> str | None:
    """The canonical form of a price: ``"12.50"``, ``"sur devis"``, ``"gratuit"`` or None."""
    if on_quote:
        return ON_QUOTE
    if free:
        return FREE
    return None if amount is None else f"{amount:.2f}"


def parse_price(text: str) -> str:
    """A price typed by a person (« 12,50 », « 1 234,50 € », « sur devis », « gratuit »)."""
    from pipeline.parse.money import AmountError, parse_amount  # the parser's own reading

    try:
        amount = parse_amount(text)
    except AmountError:
        amount = None
    negative = text.strip().startswith(("-", "\u2212"))  # the reader drops a table's dash
    if amount is None or amount.floor is not None or negative:
        raise InvalidValue(
            f"tarif invalide : « {text} » (exemples : 12,50 ; 1 234,50 € ; sur devis ; gratuit)."
        )
    value = price_value(amount.value, on_quote=amount.on_quote, free=amount.free)
    assert value is not None
    return value


def parse_population(text: str) -> str | None:
    """A population bound (« 3 500 ») or none (« aucune », for a tier without a top)."""
    raw = "".join(text.split())
    if raw.casefold() in NOTHING:
        return None
    if not raw.isdigit():
        raise InvalidValue(
            f"population invalide : « {text} » (un nombre d'habitants, ou « aucune »)."
        )
    return str(int(raw))


def date_value(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def text_value(text: str | None) -> str | None:
    """A label, unit, category or group as typed: spaces trimmed; empty is none."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def price_fields(value: str | None, *, free_field: bool) -> dict[str, Any]:
    if value == ON_QUOTE:
        fields: dict[str, Any] = {"amount": None, "on_quote": True}
        free = False
    elif value == FREE:
        fields = {"amount": Decimal("0"), "on_quote": False}
        free = True
    else:
        fields = {"amount": None if value is None else Decimal(value), "on_quote": False}
        free = False
    if free_field:
        fields["free"] = free
    return fields


def shown(field_name: str, value: str | None) -> str:
    """A canonical value as the staff read it (« 12,50 € », « 1er avril 2026 »…)."""
    if field_name == "price":
        if value is None:
            return "sans tarif"
        if value in (ON_QUOTE, FREE):
            return value
        return french.money(Decimal(value))
    if value is None:
        return "aucune"
    if field_name in ("min_population", "max_population"):
        return french.integer(int(value))
    if field_name in FIELDS[SITTING]:
        return french.long_date(dt.date.fromisoformat(value))
    if field_name in (ADDED, REMOVED):
        return _item_summary(json.loads(value))
    return f"« {value} »"


def _item_summary(data: dict[str, Any]) -> str:
    amount = Decimal(data["amount"]) if data.get("amount") is not None else None
    price = shown(
        "price", price_value(amount, on_quote=data.get("on_quote", False), free=data.get("free"))
    )
    parts = [f"« {data['label']} »", price]
    if data.get("unit"):
        parts.append(data["unit"])
    return ", ".join(parts)
