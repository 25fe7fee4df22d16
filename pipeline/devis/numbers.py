"""Devis numbers: « CDG62-2026-0007 », the issuer's prefix, the year of the devis and
its rank among that issuer's devis of the year.

The rank is given by the register (:mod:`pipeline.store.devis`) inside the transaction
that records the devis, from a sequence per issuer and per year that only goes up: a
number is never given twice, even to a devis that replaces another.
"""

from __future__ import annotations

import re

from pipeline.devis.models import Issuer
from pipeline.settings import DevisSettings


def prefix(issuer: Issuer, settings: DevisSettings) -> str:
    return settings.prefix_syndicat if issuer is Issuer.SYNDICAT else settings.prefix_cdg


def format_number(issuer: Issuer, year: int, rank: int, settings: DevisSettings) -> str:
    """``FN5962-2026-0001``."""
    return f"{prefix(issuer, settings)}-{year}-{rank:0{settings.number_digits}d}"


def clean_number(text: str) -> str:
    """A number as typed (« cdg62-2026-7 », « n° CDG62-2026-0007 »), in the register's
    form when it can be told; otherwise as typed, upper case, for the lookup to refuse."""
    raw = re.sub(r"^\s*(?:n°|numéro\s)\s*", "", text.strip(), flags=re.I).upper()
    return "".join(raw.split())


def _parts(number: str) -> tuple[str, int, int] | None:
    match = re.fullmatch(r"([A-Z0-9]+)-(\d{4})-(\d+)", number)
    if match is None:
        return None
    return match.group(1), int(match.group(2)), int(match.group(3))


def split_number(number: str) -> tuple[str, int, int] | None:
    """(prefix, year, rank) of a number, or None when it is not one."""
    return _parts(clean_number(number))
