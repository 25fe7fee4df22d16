"""Validate stage: business rules over an extraction, giving findings in French.

``validate(extraction)`` returns the same extraction with its findings filled in:
errors block publication, warnings need a person's review.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.models import Extraction
from pipeline.validate import ocr, rules

__all__ = ["validate"]


def validate(extraction: Extraction, *, known_units: Iterable[str] = ()) -> Extraction:
    """``known_units``: billing units already approved, for checking a scan's units."""
    findings = [
        *extraction.findings,
        *rules.check(extraction),
        *ocr.check_sitting(extraction),
        *ocr.check(extraction, known_units=known_units),
    ]
    return extraction.model_copy(update={"findings": findings})
