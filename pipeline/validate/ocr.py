"""Findings for values read by OCR (filled in by the OCR work)."""

from __future__ import annotations

from pipeline.models import Extraction, Finding


def check(extraction: Extraction) -> list[Finding]:
    return []
