"""What reports say of corrections: a phrase for each, a mark beside a corrected value,
a note for an export's cell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline import french
from pipeline.corrections.fields import ADDED, FIELDS, LINE, REMOVED, TARGET_WORDS, TIER
from pipeline.corrections.values import shown
from pipeline.models import Correction, TariffVersion


def subject(correction: Correction) -> str:
    """« ligne 3 », « strate 2 », « séance »."""
    word = TARGET_WORDS[correction.target]
    return word if correction.number is None else f"{word} {correction.number}"


def describe(correction: Correction) -> str:
    """What a correction changed, in one French phrase (without who and why).

    « ligne 3, tarif : 1 250,00 € → 12,50 € », « ligne 17 ajoutée : « Audit », 90,00 € ».
    """
    if correction.field == ADDED:
        return f"{subject(correction)} ajoutée : {shown(ADDED, correction.new)}"
    if correction.field == REMOVED:
        return f"{subject(correction)} supprimée : {shown(REMOVED, correction.old)}"
    word = FIELDS[correction.target].get(correction.field, correction.field)
    return (
        f"{subject(correction)}, {word} : {shown(correction.field, correction.old)} → "
        f"{shown(correction.field, correction.new)}"
    )


def signed(correction: Correction) -> str:
    """Who corrected, when, and why: « Marie Dupont, 30 novembre 2026 à 16 h 22 : motif »."""
    return f"{correction.by}, {french.timestamp(correction.at)} : {correction.reason}"


def _by_field(corrections: Iterable[Correction]) -> dict[str, tuple[str | None, str | None]]:
    """Field → (value as read, value now) over successive corrections of one value."""
    changes: dict[str, tuple[str | None, str | None]] = {}
    for correction in corrections:
        first = changes.get(correction.field, (correction.old, None))[0]
        changes[correction.field] = (first, correction.new)
    return changes


def marker(corrections: Sequence[Correction]) -> str:
    """What a report shows beside a corrected value: « corrigé (tarif : avant 1 250,00 €) »,
    « ajoutée par correction »; empty when the value was not corrected."""
    if not corrections:
        return ""
    if any(c.field == ADDED for c in corrections):
        return "ajoutée par correction"
    target = corrections[0].target
    parts = [
        f"{FIELDS[target].get(name, name)} : avant {shown(name, old)}"
        for name, (old, _) in _by_field(corrections).items()
    ]
    return f"corrigé ({' ; '.join(parts)})"


def line_corrections(version: TariffVersion) -> list[list[Correction]]:
    """For each line of ``version.extraction.services``, the corrections made to it."""
    return [
        version.corrections_of(LINE, version.line_number(index))
        for index in range(len(version.extraction.services))
    ]


def tier_corrections(version: TariffVersion) -> list[list[Correction]]:
    """For each tier of ``version.extraction.strata``, the corrections made to it."""
    return [
        version.corrections_of(TIER, version.tier_number(index))
        for index in range(len(version.extraction.strata))
    ]


def removed(version: TariffVersion) -> list[Correction]:
    """The corrections that removed a line or a tier."""
    return [c for c in version.corrections if c.field == REMOVED]


def _change(correction: Correction) -> str:
    if correction.field == ADDED:
        return "ajoutée"
    if correction.field == REMOVED:
        return "supprimée"
    word = FIELDS[correction.target].get(correction.field, correction.field)
    old, new = shown(correction.field, correction.old), shown(correction.field, correction.new)
    return f"{word} : {old} → {new}"


def note(corrections: Sequence[Correction]) -> str:
    """Every correction of one value with who, when and why, for an export's cell:
    « tarif : 1 250,00 € → 12,50 € (Marie Dupont, 30 novembre 2026 à 16 h 22 : mal lu) »."""
    return " ; ".join(f"{_change(c)} ({signed(c)})" for c in corrections)
