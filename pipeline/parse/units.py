"""Billing units: the known ones, and a unit misread by OCR taken back to the one it is.

The known units are the reference list shipped in ``known_units.txt`` and those of the
approved tariff versions. A unit read from a scan that is none of them, but differs from
exactly one of them only by its accents, spaces and punctuation (« Par poste ét par an »,
« Parunité »), or, in a long unit, by a slip or two of the letters (« Far compte et par
an »), is that known unit: :func:`snap_ocr_units` writes it so, and says what was read in
a finding (information for the first kind, a warning for the second), with the value's
page and box, so that the audit shows it. A unit typed in a text PDF is never changed.

Short units are misread past that: at 150 dpi the slash of « / jour » is read « l' »,
« /' » or « ' », its « j » an « i » (« l'iour », « /'iour »). A word of a unit that is
no French word, one letter of the same shape away from exactly one word of the known
units (« iour », « jour »), is that word; and a mark before the unit's only word, when
that word begins with a consonant (« l' » is no elision there), is its slash: « l'iour »
is « / jour ». A square metre alone whose raised figure was read as a mark or a
letter (« nm? », « me », « m2? ») is « m² ». The unit so written is said in a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz.distance import Levenshtein

from pipeline.models import Extraction, Finding, ServiceLine, Severity, Tier
from pipeline.parse.spelling import (
    SQUARE_METRE,
    WORD_MATCHING,
    Vocabulary,
    WordMatching,
    shaped_like,
    squared,
)


@dataclass(frozen=True)
class UnitMatching:
    """How far a unit read by OCR may be from the known unit it is taken for."""

    letters_per_slip: int = 8
    """One letter wrong, missing or extra allowed for this many letters of the unit (none
    below it: « Par site » is never « Par unité »)."""

    max_slips: int = 2
    """... and never more than this many."""

    margin: int = 2
    """The nearest known unit must be nearer than any other by this many letters."""


UNIT_MATCHING = UnitMatching()


def normalise(unit: str, form: str = "NFKC") -> str:
    """A unit as compared: case, composition, spacing, dashes and apostrophes ignored (and
    raised figures, « m² » being « m2 », unless ``form`` is "NFC")."""
    text = unicodedata.normalize(form, unit).casefold()
    text = re.sub(r"[\u2010-\u2015\-]", "-", text)
    text = re.sub(r"[’‘`´]", "'", text)
    return " ".join(text.split())


@cache
def reference_unit_names() -> tuple[str, ...]:
    """The units of the reference list shipped with the package, as written there."""
    text = resources.files("pipeline.parse").joinpath("known_units.txt").read_text("utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def reference_units() -> frozenset[str]:
    """The units of the reference list, normalised (:func:`normalise`)."""
    return frozenset(normalise(name) for name in reference_unit_names())


def letters(unit: str) -> str:
    """A unit's letters and digits alone, without accents or case: what OCR slips leave
    alone when they only touch accents, spaces and punctuation."""
    decomposed = unicodedata.normalize("NFKD", unit.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def known_unit(
    read: str, known: Sequence[str], matching: UnitMatching = UNIT_MATCHING
) -> tuple[str, int] | None:
    """The known unit ``read`` stands for, with the letters that differ (0 when only
    accents, spaces and punctuation do), or None when it is already known, or when no
    single known unit is near enough. A unit known but for its raised figure, read on the
    line (« m2 »), is the known unit (« m² »)."""
    compared = normalise(read)
    same = [unit for unit in known if normalise(unit) == compared]
    if same:
        raised = normalise(read, "NFC") != normalise(same[0], "NFC")
        return (same[0], 0) if raised else None
    mine = letters(read)
    if not mine:
        return None
    allowed = min(matching.max_slips, len(mine) // matching.letters_per_slip)
    reach = allowed + matching.margin
    scored = sorted(
        (Levenshtein.distance(mine, spelt, score_cutoff=reach), spelt, unit)
        for unit, spelt in ((unit, letters(unit)) for unit in known)
    )
    (best, nearest, unit), *others = scored
    if best > allowed:
        return None
    rivals = (slips for slips, spelt, _ in others if spelt != nearest)
    if any(slips < best + matching.margin for slips in rivals):
        return None
    return unit, best


SQUARE_UNIT_MISREAD = re.compile(r"^\s*[nr]?m(?:[?°e]2?|2[?°])\s*$")
"""A unit that is a square metre whose raised figure was misread as a mark or an « e »,
a speck before it read « n » or « r » (« nm? », « me », « m2? »): no unit nor word is
written so. (« m? » alone is put right with the labels: see ``spelling.squared``.)"""

SLASH_MISREAD = re.compile(r"^\s*(?:[/|]\s*['’`]?|[lI|]['’`]|['’`])\s*([^\W\d_]+)\s*$")
"""A unit of one word after a mark (« l'iour », « /'jour », « 'iour »): its slash misread."""

_UNIT_WORD = re.compile(r"[^\W\d_]+")
_CONSONANT_START = re.compile(r"^[b-df-gj-np-tv-z]", re.I)
"""A word « l' » is no elision before: a consonant (not a vowel, nor a mute « h »)."""


def unit_words(known: Iterable[str]) -> frozenset[str]:
    """The words of the known units, in small letters."""
    return frozenset(word.casefold() for unit in known for word in _UNIT_WORD.findall(unit))


def respelt_unit(read: str, words: frozenset[str], matching: WordMatching = WORD_MATCHING) -> str:
    """``read`` with its words misread by a letter of the same shape written as the word
    of the known units they stand for, and its slash misread before its only word taken
    back (see the module's text); ``read`` itself when nothing is."""

    def word_meant(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.casefold()
        if lower in words or len(lower) < matching.min_letters or _vocabulary().knows(lower):
            return word
        found = shaped_like(lower, words, matching)
        return found.pop() if len(found) == 1 else word

    if SQUARE_UNIT_MISREAD.match(read):
        return SQUARE_METRE
    written = _UNIT_WORD.sub(word_meant, read)
    slashed = SLASH_MISREAD.match(written)
    if slashed and slashed.group(1).casefold() in words and _CONSONANT_START.match(slashed[1]):
        return f"/ {slashed.group(1)}"
    return written


@cache
def _vocabulary() -> Vocabulary:
    """The words of French and of the trade, for a word read that needs no respelling."""
    return Vocabulary()


def snap_ocr_units(
    extraction: Extraction, known_units: Iterable[str] = (), matching: UnitMatching = UNIT_MATCHING
) -> Extraction:
    """The extraction with the units read by OCR that stand for a known unit written as it
    (see the module's text), and a finding for each."""
    known = _unique([*reference_unit_names(), *known_units])
    words = unit_words(known)

    def snapped(item: ServiceLine | Tier) -> tuple[ServiceLine | Tier, list[Finding]]:
        if item.confidence is None or not item.unit:
            return item, []
        read = squared(item.unit)
        respelt = respelt_unit(read, words)
        found = known_unit(respelt, known, matching)
        unit, slips = found if found is not None else (respelt, 0)
        if unit == item.unit:
            return item, []
        finding = _finding(item, unit, slips, respelt=respelt != read)
        return item.model_copy(update={"unit": unit}), [finding]

    return extraction.rewritten(snapped)


def _finding(item: ServiceLine | Tier, unit: str, slips: int, *, respelt: bool = False) -> Finding:
    said = f"Unité de facturation lue par OCR « {item.unit} » (« {item.label} »)"
    if respelt:
        severity, code = Severity.WARNING, "ocr.unit_respelt"
        message = (
            f"{said}, écrite « {unit} » (barre oblique ou lettres de même forme mal lues) "
            f"— à vérifier sur la page {item.page}."
        )
    elif slips:
        severity, code = Severity.WARNING, "ocr.unit_near"
        message = (
            f"{said}, prise pour l'unité connue la plus proche, « {unit} » "
            f"— à vérifier sur la page {item.page}."
        )
    else:
        severity, code = Severity.INFO, "ocr.unit_spelling"
        message = (
            f"{said}, écrite « {unit} » (accents, espaces, ponctuation ou « m² » mal lus), "
            f"page {item.page}."
        )
    return Finding(severity=severity, code=code, message=message, page=item.page, bbox=item.bbox)


def _unique(units: Iterable[str]) -> list[str]:
    """Each unit once (the first spelling kept), in order."""
    seen: dict[str, str] = {}
    for unit in units:
        seen.setdefault(normalise(unit), unit)
    return list(seen.values())
