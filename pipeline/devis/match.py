"""Which line of a tariff version a service named in an order is.

Names are compared without case, accents or punctuation. First the exact name (the
label, or the group and the label in either order: « Licence antivirus » is the line
« Licence » of the group « Antivirus »), then the same words in any order, then a name
whose every word is in one line only (« stockage supplémentaire »), then a close
spelling (« Messagrie compte 5 Go »). A name that fits several lines is ambiguous and
the candidates are named; nothing is guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.models import ServiceLine


class NoMatch(ValueError):
    """No line, or several: the message (French) says which and what to write."""


def normalise(text: str) -> str:
    """« Go de stockage Supplémentaire » → ``go de stockage supplementaire``."""
    text = text.replace("œ", "oe").replace("Œ", "Oe")
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _word(token: str) -> str:
    """A word without its plural mark (« licences » and « licence » are one word)."""
    return token[:-1] if len(token) > 3 and token.endswith(("s", "x")) else token


def _words(text: str) -> frozenset[str]:
    return frozenset(_word(t) for t in normalise(text).split())


def shown(line: ServiceLine) -> str:
    """A line as the staff name it: « Antivirus — Licence », « Nom de domaine »."""
    label = line.full_label
    if line.group and normalise(line.group) not in normalise(label):
        return f"{line.group} — {label}"
    return label


@dataclass(frozen=True)
class _Candidate:
    index: int
    names: frozenset[str]
    """Exact names: the label, and group with label in both orders."""
    words: frozenset[str]
    """The words of the group and the label."""
    all_words: frozenset[str]
    """Those and the category's."""


def _candidate(index: int, line: ServiceLine) -> _Candidate:
    label = line.full_label
    group = line.group or ""
    names = {normalise(label), normalise(f"{group} {label}"), normalise(f"{label} {group}")}
    return _Candidate(
        index=index,
        names=frozenset(n for n in names if n),
        words=_words(f"{group} {label}"),
        all_words=_words(f"{line.category or ''} {group} {label}"),
    )


class Matcher:
    """Finds the version's line an order names; ``ratio``/``margin``: how close a
    misspelt name must be, and how far ahead of the next one; ``near``: how close a line
    must be to be suggested (:class:`~pipeline.settings.DevisSettings`)."""

    def __init__(self, lines: Sequence[ServiceLine], *, ratio: float, margin: float, near: float):
        self.lines = list(lines)
        self.ratio, self.margin, self.near = ratio, margin, near
        self._candidates = [_candidate(i, line) for i, line in enumerate(self.lines)]

    def find(self, name: str) -> int:
        """The index of the line ``name`` designates; raises :class:`NoMatch`."""
        wanted = normalise(name)
        if not wanted:
            raise NoMatch("service vide : écrivez le nom d'un service de l'annexe 2")
        words = _words(name)
        for test in (
            lambda c: wanted in c.names,
            lambda c: words == c.words,
            lambda c: words <= c.all_words,
        ):
            found = [c.index for c in self._candidates if test(c)]
            if len(found) == 1:
                return found[0]
            if found:
                raise NoMatch(self._ambiguous(name, found))
        return self._closest(name, wanted)

    def _closest(self, name: str, wanted: str) -> int:
        scored = sorted(
            (
                (max(difflib.SequenceMatcher(None, wanted, n).ratio() for n in c.names), c.index)
                for c in self._candidates
            ),
            reverse=True,
        )
        if not scored:
            raise NoMatch(f"service inconnu : « {name} » (la version n'a aucun service)")
        best, index = scored[0]
        close = [i for score, i in scored if score >= self.ratio]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best >= self.ratio and best - runner_up >= self.margin:
            return index
        if len(close) > 1:
            raise NoMatch(self._ambiguous(name, close))
        nearest = [f"« {shown(self.lines[i])} »" for score, i in scored[:3] if score >= self.near]
        if not nearest:
            raise NoMatch(
                f"service inconnu : « {name} » (aucun service approchant dans la version "
                "en vigueur : « pipeline tariffs --date … » les liste)"
            )
        raise NoMatch(f"service inconnu : « {name} » (les plus proches : {' ; '.join(nearest)})")

    def _ambiguous(self, name: str, indexes: list[int]) -> str:
        names = " ; ".join(f"« {shown(self.lines[i])} »" for i in indexes)
        return f"service ambigu : « {name} » désigne plusieurs lignes ({names}) : précisez-le"
