"""Business rules over one extraction (history is :mod:`.history`'s)."""

from __future__ import annotations

from pipeline.models import Extraction, Finding


def check(extraction: Extraction) -> list[Finding]:
    return []
