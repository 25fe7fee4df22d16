"""French amounts to :class:`~decimal.Decimal`.

Accepts "16,80 €", "12 €", "1 104,00 €" (with U+00A0, U+202F or a plain space
between thousands), "1.104,00 €", "16,80 euros", "16,80 € TTC", "16.80", "Gratuit"
(zero, flagged free) and "Sur devis" (on quote, no amount).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pipeline.models import CENT

_SPACES = "\u00a0\u202f\u2009\u2007 "
_ON_QUOTE = re.compile(r"\b(sur\s+devis|devis|sur\s+demande|nous\s+consulter)\b", re.I)
QUOTE_MAX_WORDS = 8
"""A cell saying "devis" further on than its first words, in more words than this, is a
sentence about a quote ("… fera l'objet d'un devis émis par …"), not a price on quote."""
_FREE = re.compile(r"^\s*(gratuit|gratuite|offert|inclus)\s*$", re.I)
_CURRENCY = re.compile(r"(€|euros?\b|eur\b)", re.I)
_TAX = re.compile(r"\b(ttc|ht|t\.t\.c\.|h\.t\.)\s*$", re.I)
_CALL = re.compile(r"\s*(?:\(\d{1,2}\)|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹]+)$")
"""A footnote call after the price ("16,80 € (1)", "465,60 €*")."""
CALL_CHARS = 32
"""How many characters at the end of an amount a footnote call is looked for in."""
STRAY_BESIDE_CURRENCY = ":;"
"""Marks around an amount written with its currency that say nothing of its value."""
_PER = re.compile(r"\s*(?:/|par)\s*an\.?\s*$", re.I)
"""A yearly suffix ("16,80 € TTC/an"); any other period stays unreadable for a person."""
_FLOOR = re.compile(r"^\s*(?:à|a)\s+partir\s+de\s+|^\s*dès\s+|^\s*minimum\s+", re.I)
_BOTH = re.compile(r"^(?P<first>[^()]+?)\s*\((?P<second>[^()]+)\)\s*$")
_TTC_WORD = re.compile(r"\bt\.?t\.?c\.?", re.I)
_NUMBER = re.compile(
    r"""^(?P<int>\d{1,3}(?:[.\u00a0\u202f\u2009\u2007 ]\d{3})+|\d+)  # 1 104 / 1.104 / 1104
        (?:[,.](?P<dec>\d{1,2}))?$""",
    re.X,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A price as read: a value, or on quote; ``free`` when written "Gratuit".

    "À partir de 990 €" is a floor, not a price: on quote, with ``floor`` kept so
    that a person sees it.
    """

    value: Decimal | None
    on_quote: bool = False
    free: bool = False
    floor: Decimal | None = None


class AmountError(ValueError):
    """The text is not a French amount."""


def parse_amount(text: str) -> Amount:
    """Read one French amount; raises :class:`AmountError` when it is not one."""
    raw = " ".join(text.split())
    # the call is looked for at the end only: from every character of a long run it
    # would be tried again to the end
    raw = raw[:-CALL_CHARS] + _CALL.sub("", raw[-CALL_CHARS:])
    if not raw:
        raise AmountError("montant vide")
    quote = _ON_QUOTE.search(raw)
    if quote and (quote.start() == 0 or len(raw.split()) <= QUOTE_MAX_WORDS):
        return Amount(None, on_quote=True)
    if _FREE.match(raw):
        return Amount(Decimal("0.00"), free=True)
    both = _BOTH.match(raw)
    if both:  # "105,00 € HT (126,00 € TTC)": the TTC one
        first, second = both["first"], both["second"]
        return parse_amount(second if _TTC_WORD.search(second) else first)
    floor = _FLOOR.match(raw)
    if floor:
        return Amount(None, on_quote=True, floor=parse_amount(raw[floor.end() :]).value)
    body = _PER.sub("", raw)
    body = _TAX.sub("", body).strip()
    body, currencies = _CURRENCY.subn("", body)
    # a dash, or beside a currency a colon (a speck a scan left: "110,00 € :"), is no digit
    body = body.strip(_SPACES + "-–" + (STRAY_BESIDE_CURRENCY if currencies else ""))
    match = _NUMBER.match(body)
    if not match:
        raise AmountError(f"montant illisible : « {raw} »")
    whole = re.sub(r"[.\u00a0\u202f\u2009\u2007 ]", "", match["int"])
    cents = (match["dec"] or "0").ljust(2, "0")
    try:
        value = Decimal(f"{whole}.{cents}").quantize(CENT)
    except InvalidOperation as exc:  # pragma: no cover - the pattern guarantees digits
        raise AmountError(f"montant illisible : « {raw} »") from exc
    return Amount(value)


def looks_like_amount(text: str) -> bool:
    try:
        parse_amount(text)
    except AmountError:
        return False
    return True
