"""Population tier wordings to inclusive bounds.

"Moins de N" is strictly less than N: its upper bound is N - 1 and its lower bound
follows the tier before it (0 for the first). "Plus de N" is strictly more: N + 1.
"De N à M", "Entre N et M" are inclusive. "N habitants et plus", "À partir de N"
start at N. "Établissement public" is a kind, not a population.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.models import TierKind

_N = r"(\d{1,3}(?:[\s\u00a0\u202f.]\d{3})+|\d+)"
_HAB = r"(?:\s*hab(?:itants?|\.)?)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "N habitants et plus" first: "de 3 500 habitants et plus" is no "de N à M"
    ("from", re.compile(rf"(?:^|\bde\s+|\s){_N}{_HAB}\s+(?:et|ou)\s+(?:plus|au-?dela)\b")),
    ("up_to", re.compile(rf"(?:^|\bde\s+|\s){_N}{_HAB}\s+(?:et|ou)\s+moins\b")),
    ("range_below", re.compile(rf"\bde\s+{_N}{_HAB}\s+a\s+moins\s+de\s+{_N}")),
    ("range", re.compile(rf"\b(?:de|entre)\s+{_N}{_HAB}\s+(?:a|et|-)\s+{_N}")),
    ("range", re.compile(rf"^\s*{_N}{_HAB}\s*(?:a|-|–)\s*{_N}")),
    (
        "below",
        re.compile(
            rf"(?:\b(?:moins\s+de|inferieure?s?\s+a|jusqu'?\s*a\s+moins\s+de)|<(?!=))\s*{_N}"
        ),
    ),
    (
        "up_to",
        re.compile(
            rf"(?:\b(?:jusqu'?\s*a|au\s+plus|inferieure?s?\s+ou\s+egale?s?\s+a)|<=|≤)\s*{_N}"
        ),
    ),
    (
        "above",
        re.compile(rf"(?:\b(?:plus\s+de|au-?\s*dela\s+de|superieure?s?\s+a)|>(?!=))\s*{_N}"),
    ),
    (
        "from",
        re.compile(
            rf"(?:\b(?:a\s+partir\s+de|au\s+moins|superieure?s?\s+ou\s+egale?s?\s+a|des)|>=|≥)"
            rf"\s*{_N}"
        ),
    ),
]

_PUBLIC = re.compile(r"\betablissements?\s+publics?\b|\bepa\b|\bccas\b|\bsyndicats?\b")
_OTHER = re.compile(r"\bautres?\s+(structures?|organismes?|etablissements?)\b")


@dataclass(frozen=True, slots=True)
class Bounds:
    kind: TierKind
    min_population: int | None
    max_population: int | None


LABEL_CHARS = 500
"""A tier label is read from its first characters only: the number patterns backtrack
over a run of digit groups, which must stay short (real labels have a few words)."""


DOT_BEFORE_NUMBER = re.compile(r"(?<=[^\W\d_])\.(?=\d)")
"""A dot between a word and a number (« Moins de.1 000 », a speck of a scan): a space."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text[:LABEL_CHARS])
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = DOT_BEFORE_NUMBER.sub(" ", text)
    return " ".join(text.casefold().replace("’", "'").split())


def _int(text: str) -> int:
    return int(re.sub(r"[\s\u00a0\u202f.]", "", text))


def _leading_zero(text: str) -> bool:
    """A number no deliberation writes: more than one digit, the first a zero."""
    digits = re.sub(r"\D", "", text)
    return len(digits) > 1 and digits.startswith("0")


def looks_like_tier(label: str) -> bool:
    """A population tier ("Moins de 500 habitants", "De 500 à 999", "CCAS")."""
    return is_establishment(label) or is_population_tier(label)


def is_establishment(label: str) -> bool:
    """A tier by kind, not by population ("Établissement public", "CCAS", "Autres")."""
    folded = _fold(label)
    return bool(_PUBLIC.search(folded) or _OTHER.search(folded)) and len(folded.split()) <= 8


def is_population_tier(label: str) -> bool:
    """Bounds on a population: the words say inhabitants, or nothing but the bounds.

    "Moins de 16 ans" or "Q 7 : 459 € et plus" are not population tiers.
    """
    folded = _fold(label)
    if _NOT_POPULATION.search(folded):
        return False
    if not any(p.search(folded) for _, p in _PATTERNS):
        return False
    if re.search(r"hab|population|collectivit|commune", folded):
        return True
    rest = re.sub(
        rf"{_N}|\b(moins|plus|partir|entre|de|a|et|ou|au-?dela|des|jusqu'?)\b", " ", folded
    )
    return not re.sub(r"[\s<>≤≥=+\-–]", "", rest)


_NOT_POPULATION = re.compile(r"€|\beuros?\b|\bans?\b|\bmois\b|\bjours?\b|\bpersonnes\b|%|\bm2\b|m²")


def parse_tier(label: str, previous_max: int | None) -> Bounds | None:
    """Bounds of a tier label, given the upper bound of the tier just before it; None
    when the label is no tier, or names no population at all (« Moins de 0 habitants »,
    a number lost in a scan, would end below zero; « 000 à 1 999 », its first digit
    lost, would start at zero)."""
    bounds = _bounds(label, previous_max)
    if bounds is None:
        return None
    if any(
        bound is not None and bound < 0 for bound in (bounds.min_population, bounds.max_population)
    ):
        return None
    return bounds


def _bounds(label: str, previous_max: int | None) -> Bounds | None:
    folded = _fold(label)
    for kind, pattern in _PATTERNS:
        match = pattern.search(folded)
        if not match:
            continue
        written = [g for g in match.groups() if g is not None]
        if any(_leading_zero(g) for g in written):
            return None  # « 000 à 1 999 » : a scan lost the number's first digit
        numbers = [_int(g) for g in written]
        low_default = previous_max + 1 if previous_max is not None else 0
        if kind == "range_below":
            return Bounds(TierKind.COLLECTIVITY, numbers[0], numbers[1] - 1)
        if kind == "range":
            return Bounds(TierKind.COLLECTIVITY, numbers[0], numbers[1])
        if kind == "below":
            return Bounds(TierKind.COLLECTIVITY, low_default, numbers[0] - 1)
        if kind == "up_to":
            return Bounds(TierKind.COLLECTIVITY, low_default, numbers[0])
        if kind == "above":
            return Bounds(TierKind.COLLECTIVITY, numbers[0] + 1, None)
        if kind == "from":
            return Bounds(TierKind.COLLECTIVITY, numbers[0], None)
    if _PUBLIC.search(folded):
        return Bounds(TierKind.PUBLIC_ESTABLISHMENT, None, None)
    if _OTHER.search(folded):
        return Bounds(TierKind.OTHER, None, None)
    return None
