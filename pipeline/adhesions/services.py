"""The services an adherent takes, found among the lines of a tariff version.

A service is named as the staff name it: its label (« Messagerie compte 5 Go »), with
its sous-rubrique when the label alone is ambiguous (« Antivirus › Licence »). Names
are compared without case, accents or punctuation.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.adhesions.model import Subscription
from pipeline.devis.models import Periodicity
from pipeline.devis.units import read_unit
from pipeline.models import ServiceLine
from pipeline.settings import get_devis_settings
from pipeline.validate.scope import normalised


class UnknownService(ValueError):
    """No line, or more than one, answers to a service's name (message in French)."""


def find_line(lines: Sequence[ServiceLine], group: str | None, label: str) -> ServiceLine:
    """The line of ``lines`` named ``label`` (in ``group`` when given); raises
    UnknownService when there is none, or several and no group tells them apart."""
    wanted = normalised(label)
    named = [line for line in lines if normalised(line.full_label) == wanted] or [
        line for line in lines if normalised(line.label) == wanted
    ]
    if group:
        named = [line for line in named if normalised(line.group) == normalised(group)] or [
            line for line in named if normalised(line.category) == normalised(group)
        ]
    if len(named) == 1:
        return named[0]
    if not named:
        raise UnknownService(f"prestation inconnue « {label} »")
    groups = ", ".join(sorted({line.group or line.category or "" for line in named}))
    raise UnknownService(f"prestation « {label} » ambiguë : précisez la sous-rubrique ({groups})")


def subscription(line: ServiceLine, quantity: int) -> Subscription:
    """A line taken ``quantity`` times, named as the line is."""
    return Subscription(group=line.group or line.category, label=line.full_label, quantity=quantity)


def line_of(lines: Sequence[ServiceLine], taken: Subscription) -> ServiceLine | None:
    """The line of ``lines`` that a service taken is, or None when the version has none."""
    try:
        return find_line(lines, taken.group, taken.label)
    except UnknownService:
        return None


def is_yearly(unit: str) -> bool:
    """Whether a billing unit is paid every year, read as a devis reads it
    (:func:`pipeline.devis.units.read_unit`): « la première année » is paid once."""
    return read_unit(unit, get_devis_settings()).periodicity is Periodicity.YEARLY
