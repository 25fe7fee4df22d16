"""Corrections: a person changes a value of a pending version, beside what was read.

What was read stays as it was stored; each correction (who, when, which field, old
value, new value, why) is kept in order beside it (:mod:`pipeline.store.corrections`).
The *effective* version is what was read with the corrections applied in order, every
changed value validated again by its model, and the findings recomputed::

    changes = prepare(read, existing, [Edit.set(LINE, "price", parse_price("12,50"), 3)],
                      by="Marie Dupont", reason="montant mal lu", at=now)
    values = effective(read, [*existing, *changes], known_units=units)

A line or tier keeps its *number* for good: its rank when it was read, and for a line
added by a correction the next number after all others. A removed line leaves its
number unused, so that « ligne 7 » means the same line in every report.

Findings: the business rules and the OCR checks (``pipeline.validate``) are run again
on the effective values, so that correcting a misread amount removes what was said of
it; what the reading itself said of a corrected value (« montant illisible », « à
confirmer », a doubtful OCR reading) is settled by the person who corrected it, and
what it said of a removed value goes with it. Findings on the rest stay.

The modules, in the order of the flow: :mod:`.fields` (what can be corrected, how a
person asks, refusals), :mod:`.values` (canonical forms, read from what a person types,
shown in French), :mod:`.apply` (the effective values, new corrections checked),
:mod:`.marks` (what reports say of corrections).
"""

from pipeline.corrections.apply import Effective, corrected_values, effective, prepare
from pipeline.corrections.fields import (
    ADDED,
    FIELDS,
    LINE,
    REMOVED,
    SITTING,
    TIER,
    CorrectionRefused,
    Edit,
    InvalidValue,
)
from pipeline.corrections.marks import (
    describe,
    line_corrections,
    marker,
    note,
    removed,
    signed,
    subject,
    tier_corrections,
)
from pipeline.corrections.values import (
    NOTHING,
    date_value,
    parse_population,
    parse_price,
    price_value,
    shown,
    text_value,
)

__all__ = [
    "ADDED",
    "FIELDS",
    "LINE",
    "NOTHING",
    "REMOVED",
    "SITTING",
    "TIER",
    "CorrectionRefused",
    "Edit",
    "Effective",
    "InvalidValue",
    "corrected_values",
    "date_value",
    "describe",
    "effective",
    "line_corrections",
    "marker",
    "note",
    "parse_population",
    "parse_price",
    "prepare",
    "price_value",
    "removed",
    "shown",
    "signed",
    "subject",
    "text_value",
    "tier_corrections",
]
