"""What part of annex 2 a deliberation sets: all of it, or only some of it.

Most deliberations arrest the whole annex (every service line and every tier): a line
of the version in force that they do not carry disappears. Some set only a part: the
tiers alone (« la strate des collectivités de 3 500 habitants et plus »), the services
alone, or one line (« modifie le tarif de la messagerie »). What they do not carry
then stays as it is. The scope is told from the content (a deliberation with tiers
and no service line sets the tiers only) and from the wording of its object.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from pipeline.models import Extraction


class Scope(StrEnum):
    FULL = "full"
    """The whole annex: what it does not carry is removed."""
    TIERS = "tiers"
    """The tiers alone: the service lines stay as they are."""
    SERVICES = "services"
    """The service lines alone: the tiers stay as they are."""
    LINES = "lines"
    """Some lines (and perhaps tiers): every line it does not name stays as it is."""


@dataclass(frozen=True)
class ScopeWords:
    """The wording of an object that says a deliberation changes part of the annex, or
    replaces it (matched without case or accents)."""

    partial: re.Pattern[str] = re.compile(
        r"\bmodifi\w*\b.*\b(la|les|du|des|de la|d une|une)\s+"
        r"(ligne|tarif|prix|prestation|service)s?\s+(de|du|des|d)\b"
    )
    whole: re.Pattern[str] = re.compile(
        r"\b(remplac\w*|actualisation|nouvelle|arrete\w*)\b.*\bannexe\b|\bannexe\s+2\b"
    )


WORDS = ScopeWords()

SCOPE_WORDS = {
    Scope.FULL: "toute l'annexe 2",
    Scope.TIERS: "les seules strates de l'accompagnement",
    Scope.SERVICES: "les seuls services du syndicat mixte",
    Scope.LINES: "certaines lignes seulement",
}


def normalised(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def scope_of(extraction: Extraction, words: ScopeWords = WORDS) -> Scope:
    """The part of annex 2 that ``extraction`` sets."""
    title = normalised(extraction.deliberation.title)
    names_lines = bool(words.partial.search(title)) and not words.whole.search(title)
    if extraction.strata and not extraction.services:
        return Scope.TIERS
    if names_lines and extraction.services:
        return Scope.LINES
    if extraction.services and not extraction.strata:
        return Scope.SERVICES
    return Scope.FULL
