"""A price cell that holds more than an amount: its unit, a qualifier, or several prices.

Real tariff tables write "3 € par m² et par mois", "1 € / jour", "5 € / 50 €" (on a row
labelled "mensuel / annuel"), "En dehors de la zone hyper centre : 2 500 € / Zone hyper
centre : 3 500 €" or "Gratuit (intérêt général)". :func:`split_price_cell` reads each
price of such a cell with the unit written after it and the qualifier written before it
(or in brackets), so that the table reader makes one line per price. A cell that
:func:`~pipeline.parse.money.parse_amount` reads whole never comes here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse.money import Amount, AmountError, parse_amount

_MONEY = re.compile(
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d{1,2})?|\d+(?:[,.]\d{1,2})?)"
    r"\s*(?P<currency>€|euros?\b)"
    r"(?:\s*(?P<tax>H\.?T\.?|T\.?T\.?C\.?)(?![\w]))?",
    re.I,
)
_FREE = re.compile(r"^\s*(?P<word>gratuit[e]?s?|offert[e]?s?)\b(?P<rest>.*)$", re.I)
_SEPARATOR = re.compile(r"\s+/\s+|\s*;\s*|\s+ou\s+|\n")
_CALL = re.compile(r"^\s*(?:\d{1,2}|\*{1,3})\s*$")
"""A footnote call in brackets ("(1)"), not a qualifier."""
_BRACKETS = re.compile(r"^\s*\((?P<inner>.+)\)\s*$")


@dataclass(frozen=True, slots=True)
class PricePart:
    """One price of a cell: the amount, the unit written after it, the qualifier before."""

    amount: Amount
    text: str
    unit: str = ""
    qualifier: str = ""
    tax: str | None = None
    """"HT" or "TTC" when written just after the amount."""


def split_price_cell(text: str) -> list[PricePart]:
    """Every price of the cell, in reading order; an empty list when there is none.

    >>> [(str(p.amount.value), p.unit) for p in split_price_cell("3 € par m² et par mois")]
    [('3.00', 'par m² et par mois')]
    >>> [(str(p.amount.value), p.qualifier) for p in split_price_cell("Gratuit (intérêt général)")]
    [('0.00', 'intérêt général')]
    >>> [str(p.amount.value) for p in split_price_cell("5 € / 50 €")]
    ['5.00', '50.00']
    """
    flat = " ".join(text.split())
    if not flat:
        return []
    segments = [s.strip() for s in _SEPARATOR.split(flat) if s and s.strip()]
    parts: list[PricePart] = []
    pending_qualifier = ""
    for segment in segments:
        part = _read_segment(segment, pending_qualifier)
        if part is not None:
            parts.append(part)
            pending_qualifier = ""
        elif parts and not parts[-1].unit and _looks_like_unit(segment):
            last = parts[-1]
            parts[-1] = PricePart(
                last.amount, last.text, segment.strip(" .:"), last.qualifier, last.tax
            )
        else:
            pending_qualifier = segment.strip(" :-–")
    return parts


def _read_segment(segment: str, qualifier: str) -> PricePart | None:
    free = _FREE.match(segment)
    if free:
        rest = free["rest"].strip()
        bracket = _BRACKETS.match(rest)
        own = bracket["inner"].strip() if bracket else rest.strip(" :-–,")
        return PricePart(
            Amount(parse_amount("Gratuit").value, free=True), segment, "", own or qualifier
        )
    matches = list(_MONEY.finditer(segment))
    if len(matches) != 1:
        return None
    match = matches[0]
    try:
        amount = parse_amount(f"{match['number']} €")
    except AmountError:
        return None
    before = segment[: match.start()].strip(" :-–=")
    after = segment[match.end() :].strip(" .;,")
    bracket = _BRACKETS.match(after)
    unit = ""
    if bracket:
        if not _CALL.match(bracket["inner"]):
            qualifier = qualifier or bracket["inner"].strip()
    elif after:
        unit = after.lstrip("/ ").strip()
    tax = None
    if match["tax"]:
        tax = "TTC" if re.sub(r"[^a-z]", "", match["tax"].casefold()) == "ttc" else "HT"
    return PricePart(amount, segment, unit, before or qualifier, tax)


_UNIT_HINT = re.compile(
    r"\b(heures?|h|jours?|journ[ée]es?|semaines?|mois|an|ann[ée]es?|nuit[ée]?e?s?|"
    r"m²|m2|m3|ml|m|km|kg|t|unit[ée]s?|personnes?|pers\.?|enfants?|repas|places?|"
    r"stères?|forfaits?|s[ée]ances?|passages?|entr[ée]es?|mn|min|minutes?)\b",
    re.I,
)


def _looks_like_unit(segment: str) -> bool:
    """ "jour", "par mois", "m²": a short period or measure after a "/"."""
    words = segment.split()
    return (
        0 < len(words) <= 5
        and bool(_UNIT_HINT.search(segment))
        and not any(ch.isdigit() for ch in segment)
    )


def qualifiers_from_label(label: str, count: int) -> list[str] | None:
    """ "mensuel / annuel" over a cell of two prices names each of them."""
    pieces = [p.strip() for p in re.split(r"\s*/\s*|\s+ou\s+", label) if p.strip()]
    return pieces if len(pieces) == count else None
