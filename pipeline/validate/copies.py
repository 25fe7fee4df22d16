"""The same deliberation received again as another file: a scan of the text PDF, a copy
saved again, a photo.

Two extractions are the same deliberation when they have the same sitting, the same
number and object when both have them, and the same lines and tiers: each service
line of one has a line of the other with the same amount and a label and unit alike
once normalised (an OCR reading may lose an accent or a dash), and the tiers have the
same kinds, bounds and fees. The file that repeats a stored version is recorded as its
copy, with a finding saying so, and never becomes a version of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipeline.french import STATUS, long_date
from pipeline.models import Extraction, Finding, ServiceLine, Severity, TariffVersion, VersionStatus
from pipeline.validate.scope import normalised

DUPLICATE = "version.duplicate"


@dataclass(frozen=True)
class CopySettings:
    text_similarity: float = 0.85
    """Two labels, units or objects alike at least this much (difflib ratio of their
    normalised forms) are the same text read twice."""


COPIES = CopySettings()


def _alike(first: str | None, second: str | None, settings: CopySettings) -> bool:
    a, b = normalised(first), normalised(second)
    return a == b or SequenceMatcher(None, a, b).ratio() >= settings.text_similarity


def _name(line: ServiceLine) -> str:
    return " ".join([line.group or "", line.label, *line.conditions])


def _same_lines(
    first: list[ServiceLine], second: list[ServiceLine], settings: CopySettings
) -> bool:
    if len(first) != len(second):
        return False
    left = list(second)
    for line in first:
        match = next(
            (
                other
                for other in left
                if (other.amount, other.on_quote, other.free)
                == (line.amount, line.on_quote, line.free)
                and _alike(_name(other), _name(line), settings)
                and _alike(other.unit, line.unit, settings)
            ),
            None,
        )
        if match is None:
            return False
        left.remove(match)
    return True


def _tiers(extraction: Extraction) -> list[tuple]:
    return sorted(
        (
            (t.kind.value, t.min_population or 0, t.max_population or -1),
            str(t.amount),
            t.on_quote,
        )
        for t in extraction.strata
    )


def same_deliberation(
    first: Extraction, second: Extraction, settings: CopySettings = COPIES
) -> bool:
    """Whether two extractions read the same deliberation (see the module's doc)."""
    one, two = first.deliberation, second.deliberation
    if one.date is None or one.date != two.date:
        return False
    if one.number and two.number and normalised(one.number) != normalised(two.number):
        return False
    if one.title and two.title and not _alike(one.title, two.title, settings):
        return False
    if not (first.services or first.strata):
        return False  # nothing read: nothing to recognise it by
    return _tiers(first) == _tiers(second) and _same_lines(
        first.services, second.services, settings
    )


def repeated(
    extraction: Extraction, versions: Iterable[TariffVersion], settings: CopySettings = COPIES
) -> TariffVersion | None:
    """The stored version (not rejected) that ``extraction`` repeats, the latest first."""
    for version in sorted(versions, key=lambda v: v.id, reverse=True):
        if version.status is VersionStatus.REJECTED:
            continue
        if same_deliberation(extraction, version.extraction, settings):
            return version
    return None


def copy_finding(version: TariffVersion) -> Finding:
    """The finding of a file that repeats ``version``."""
    sitting = version.extraction.deliberation.date
    of = f"séance du {long_date(sitting)}, " if sitting else ""
    return Finding(
        severity=Severity.INFO,
        code=DUPLICATE,
        message=(
            f"Même délibération que la version n° {version.id} ({STATUS[version.status]}, "
            f"{of}fichier « {version.extraction.source.file} ») : fichier enregistré comme "
            "copie de cette version, aucune nouvelle version créée."
        ),
    )
