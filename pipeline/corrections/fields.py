"""What can be corrected and how a person asks for it: targets, fields, edits, refusals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.errors import PipelineError, StoreError
from pipeline.models import CorrectionTarget

LINE = CorrectionTarget.LINE
TIER = CorrectionTarget.TIER
SITTING = CorrectionTarget.SITTING

ADDED = "added"
REMOVED = "removed"
"""The « field » of a correction that adds or removes a whole line or tier."""


class CorrectionRefused(StoreError):
    """A correction that cannot be made: the version is not pending, the line does not
    exist, the value is not valid for it, the value is unchanged (exit code 1)."""


class InvalidValue(PipelineError):
    """A value typed by a person that is not one (« 12,5x », « -3 ») (exit code 2)."""

    exit_code = 2


FIELDS: dict[CorrectionTarget, dict[str, str]] = {
    LINE: {
        "category": "rubrique",
        "group": "sous-rubrique",
        "label": "libellé",
        "price": "tarif",
        "unit": "unité de facturation",
    },
    TIER: {
        "label": "libellé",
        "min_population": "population minimale",
        "max_population": "population maximale",
        "price": "tarif",
        "unit": "unité de facturation",
    },
    SITTING: {
        "date": "date de la séance",
        "effective_date": "date d'application indiquée",
        "enforceable_date": "date exécutoire",
    },
}
"""What can be corrected, with the French word for each field."""

TARGET_WORDS = {LINE: "ligne", TIER: "strate", SITTING: "séance"}


@dataclass(frozen=True)
class Edit:
    """One change asked for: a field of a line, a tier or the sitting, an addition, a removal.

    ``value`` is in canonical form (see :func:`parse_price`, :func:`parse_population`,
    :func:`date_value`); ``values`` gives the fields of an added line or tier.
    """

    target: CorrectionTarget
    field: str
    value: str | None = None
    number: int | None = None
    values: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def set(
        cls, target: CorrectionTarget, field: str, value: str | None, number: int | None = None
    ) -> Edit:
        return cls(target, field, value, number)

    @classmethod
    def add(cls, target: CorrectionTarget, **values: str | None) -> Edit:
        return cls(target, ADDED, values=values)

    @classmethod
    def remove(cls, target: CorrectionTarget, number: int) -> Edit:
        return cls(target, REMOVED, number=number)
