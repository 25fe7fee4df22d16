"""The effective values of a version: what was read, with its corrections applied in order.

Every changed value is validated again by its model (:mod:`pipeline.models`), then the
business rules and the OCR checks (:mod:`pipeline.validate`) are run again on the
effective values, so that correcting a misread amount removes what was said of it.
What the reading itself said of a corrected value (« montant illisible », « à
confirmer », a doubtful OCR reading) is settled by the person who corrected it, and
what it said of a removed value goes with it; findings on the rest stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline import french
from pipeline.corrections.fields import (
    ADDED,
    FIELDS,
    LINE,
    REMOVED,
    SITTING,
    TARGET_WORDS,
    TIER,
    CorrectionRefused,
    Edit,
)
from pipeline.corrections.marks import subject
from pipeline.corrections.values import date_value, price_fields, price_value, shown, text_value
from pipeline.models import (
    BBox,
    Correction,
    CorrectionTarget,
    Deliberation,
    Extraction,
    Finding,
    ServiceLine,
    Tier,
)
from pipeline.validate import validate

RECOMPUTED = frozenset(
    {
        # pipeline.validate.rules
        "table.missing",
        "table.services_missing",
        "table.strata_missing",
        "sitting.date_missing",
        "vote.not_adopted",
        "vote.missing",
        "sitting.retroactive",
        "tiers.gap",
        "tiers.overlap",
        "tiers.open_end",
        "line.duplicate",
        "tiers.duplicate",
        "amount.zero",
        "amount.vat_mismatch",
        # pipeline.validate.ocr, on each value and on the sitting
        "ocr.low_confidence",
        "ocr.amount_suspect",
        "ocr.amount_format",
        "ocr.tier_order",
        "ocr.unknown_unit",
        "ocr.sitting",
    }
)
"""Codes the validate stage derives from the values: given again on the effective ones."""

SETTLED: dict[str, frozenset[str]] = {
    "price": frozenset(
        {
            "amount.unreadable",
            "amount.missing",
            "amount.floor",
            "ocr.amount_format",
            "ocr.amount_suspect",
            "ocr.tier_order",
            "text.price_to_confirm",
            "text.price_rounded",
        }
    ),
    "unit": frozenset({"ocr.unknown_unit"}),
    "label": frozenset({"ocr.word_near"}),
    "group": frozenset({"ocr.word_near"}),
    "category": frozenset({"ocr.word_near"}),
}
"""For a corrected field, the findings on its reading that the person settled."""

ANY_FIELD = frozenset({"ocr.low_confidence"})
"""Settled by any correction of the value (the person read the row on the page)."""


@dataclass(frozen=True)
class Effective:
    """The effective values of a version and the number of each line and tier."""

    extraction: Extraction
    line_numbers: list[int]
    tier_numbers: list[int]


@dataclass
class _State:
    """The values being corrected, each line and tier with its number."""

    deliberation: Deliberation
    lines: list[tuple[int, ServiceLine]]
    tiers: list[tuple[int, Tier]]
    read: Extraction
    touched: dict[tuple[CorrectionTarget, int], set[str]] = field(default_factory=dict)
    """The fields corrected on each line and tier."""
    removed_numbers: dict[CorrectionTarget, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, read: Extraction) -> _State:
        return cls(
            deliberation=read.deliberation,
            lines=list(enumerate(read.services, start=1)),
            tiers=list(enumerate(read.strata, start=1)),
            read=read,
        )

    def items(self, target: CorrectionTarget) -> list:
        return self.lines if target is LINE else self.tiers

    def find(self, target: CorrectionTarget, number: int | None) -> tuple[int, Any]:
        for index, (item_number, item) in enumerate(self.items(target)):
            if item_number == number:
                return index, item
        word = TARGET_WORDS[target]
        if number in self.removed_numbers.get(target, ()):
            raise CorrectionRefused(f"la {word} {number} a été supprimée par une correction.")
        count = len(self.items(target))
        raise CorrectionRefused(
            f"pas de {word} n° {number} dans cette version ({french.plural(count, word)}, "
            "numérotées comme dans le rapport d'audit)."
        )

    def next_number(self, target: CorrectionTarget) -> int:
        read = len(self.read.services if target is LINE else self.read.strata)
        used = [n for n, _ in self.items(target)] + self.removed_numbers.get(target, [])
        return max([read, *used]) + 1

    def extraction(self) -> Extraction:
        return Extraction(
            source=self.read.source,
            deliberation=self.deliberation,
            services=[line for _, line in self.lines],
            strata=[tier for _, tier in self.tiers],
            findings=[],
        )


def _french_error(error: ValidationError, what: str) -> str:
    problem = error.errors()[0]
    name = str(problem["loc"][0]) if problem.get("loc") else ""
    kind = problem.get("type", "")
    word = {**FIELDS[LINE], **FIELDS[TIER], **FIELDS[SITTING]}.get(name, name)
    if name == "label" or kind == "string_too_short":
        return f"{what} : le libellé ne peut pas être vide."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{what} : la {word} ne peut pas être négative."
    return f"{what} : valeur refusée pour « {word} »."


def _revalidate(model: BaseModel, updates: Mapping[str, Any], what: str) -> Any:
    """The model with ``updates``, validated again as when it was read."""
    try:
        return type(model).model_validate({**model.model_dump(), **updates})
    except ValidationError as error:
        raise CorrectionRefused(_french_error(error, what)) from error


def _check_bounds(tier: Tier, what: str) -> None:
    low, high = tier.min_population, tier.max_population
    if low is not None and high is not None and low > high:
        raise CorrectionRefused(
            f"{what} : la population minimale ({french.integer(low)}) dépasse la maximale "
            f"({french.integer(high)})."
        )


def _updates(target: CorrectionTarget, field_name: str, value: str | None) -> dict[str, Any]:
    if field_name == "price":
        return price_fields(value, free_field=target is LINE)
    if field_name in ("min_population", "max_population"):
        return {field_name: None if value is None else int(value)}
    if field_name in FIELDS[SITTING]:
        return {field_name: None if value is None else dt.date.fromisoformat(value)}
    return {field_name: value}


def _insert_at(state: _State, line: ServiceLine) -> int:
    """Where an added line goes: after the last one of its group, else of its category."""
    for same in (
        lambda other: (other.category, other.group) == (line.category, line.group),
        lambda other: other.category == line.category and line.category is not None,
    ):
        places = [i for i, (_, other) in enumerate(state.lines) if same(other)]
        if places:
            return places[-1] + 1
    return len(state.lines)


def _apply(state: _State, correction: Correction) -> None:
    """Apply one correction to the values being corrected (validating what it changes)."""
    target, name = correction.target, correction.field
    what = subject(correction)
    if target is SITTING:
        updates = _updates(target, name, correction.new)
        state.deliberation = _revalidate(state.deliberation, updates, what)
        return
    items = state.items(target)
    if name == ADDED:
        model = ServiceLine if target is LINE else Tier
        try:
            item = model.model_validate_json(correction.new or "")
        except ValidationError as error:
            raise CorrectionRefused(_french_error(error, what)) from error
        if isinstance(item, Tier):
            _check_bounds(item, what)
        assert correction.number is not None
        place = _insert_at(state, item) if isinstance(item, ServiceLine) else len(items)
        items.insert(place, (correction.number, item))
        return
    index, item = state.find(target, correction.number)
    assert correction.number is not None
    if name == REMOVED:
        del items[index]
        state.removed_numbers.setdefault(target, []).append(correction.number)
        return
    if name not in FIELDS[target]:
        raise CorrectionRefused(f"{what} : le champ « {name} » ne se corrige pas.")
    changed = _revalidate(item, _updates(target, name, correction.new), what)
    if isinstance(changed, Tier):
        _check_bounds(changed, what)
    items[index] = (correction.number, changed)
    state.touched.setdefault((target, correction.number), set()).add(name)


def _replay(read: Extraction, corrections: Iterable[Correction]) -> _State:
    state = _State.of(read)
    for correction in corrections:
        _apply(state, correction)
    return state


def _boxes(item: ServiceLine | Tier, read: Extraction) -> set[BBox]:
    """The boxes that tell a finding on this value: its price cell, and its row when no
    other value of the page shares it (cells of one grid row share the row's box)."""
    boxes: set[BBox] = set()
    if item.amount_bbox is not None:
        boxes.add(item.amount_bbox)
    if item.bbox is not None:
        sharing = [
            other
            for other in (*read.services, *read.strata)
            if other.page == item.page and other.bbox == item.bbox
        ]
        if len(sharing) == 1:
            boxes.add(item.bbox)
    return boxes


def _read_item(read: Extraction, target: CorrectionTarget, number: int) -> Any:
    """The value read under that number (None for a value added by a correction)."""
    originals = read.services if target is LINE else read.strata
    return originals[number - 1] if 1 <= number <= len(originals) else None


def _settled(
    state: _State,
) -> tuple[list[tuple[int, set[BBox]]], list[tuple[int, set[BBox], set[str]]]]:
    """Where the removed values were read, and where the corrected ones were with the
    codes of the findings their correction settled."""
    read = state.read
    removed = [
        (item.page, _boxes(item, read))
        for target, numbers in state.removed_numbers.items()
        for number in numbers
        if (item := _read_item(read, target, number)) is not None
    ]
    corrected = []
    for (target, number), names in state.touched.items():
        item = _read_item(read, target, number)
        if item is None or number in state.removed_numbers.get(target, ()):
            continue
        codes = set(ANY_FIELD)
        for name in names:
            codes |= SETTLED.get(name, frozenset())
        corrected.append((item.page, _boxes(item, read), codes))
    return removed, corrected


def effective(
    read: Extraction, corrections: Sequence[Correction], *, known_units: Iterable[str] = ()
) -> Effective:
    """What was read with ``corrections`` applied in order, its findings recomputed.

    Without corrections, ``read`` itself (its findings are those of its reading).
    ``known_units``: billing units of approved versions, for the OCR checks.
    """
    if not corrections:
        return Effective(read, [], [])
    state = _replay(read, corrections)
    removed, corrected = _settled(state)

    def settled(finding: Finding, *, of_removed: bool) -> bool:
        if finding.bbox is None:
            return False
        if of_removed and any(
            finding.page == page and finding.bbox in boxes for page, boxes in removed
        ):
            return True
        return any(
            finding.page == page and finding.bbox in boxes and finding.code in codes
            for page, boxes, codes in corrected
        )

    kept = [
        f for f in read.findings if f.code not in RECOMPUTED and not settled(f, of_removed=True)
    ]
    checked = validate(
        state.extraction().model_copy(update={"findings": kept}), known_units=known_units
    )
    findings = [f for f in checked.findings if not settled(f, of_removed=False)]
    return Effective(
        checked.model_copy(update={"findings": findings}),
        [number for number, _ in state.lines],
        [number for number, _ in state.tiers],
    )


# --- preparing new corrections ------------------------------------------------------------


def _current(state: _State, edit: Edit) -> str | None:
    """The value a field has now, in canonical form."""
    if edit.target is SITTING:
        return date_value(getattr(state.deliberation, edit.field))
    _, item = state.find(edit.target, edit.number)
    if edit.field == "price":
        return price_value(item.amount, on_quote=item.on_quote, free=getattr(item, "free", False))
    value = getattr(item, edit.field)
    return None if value is None else str(value)


def _added_item(state: _State, edit: Edit, number: int) -> ServiceLine | Tier:
    values = dict(edit.values)
    what = f"{TARGET_WORDS[edit.target]} {number}"
    label = text_value(values.pop("label", None))
    if not label:
        raise CorrectionRefused(f"{what} : le libellé de la ligne ajoutée est obligatoire.")
    if "price" not in values:
        raise CorrectionRefused(
            f"{what} : le tarif de la ligne ajoutée est obligatoire (montant ou sur devis)."
        )
    price = values.pop("price")
    unit = text_value(values.pop("unit", None)) or ""
    fields: dict[str, Any] = {"label": label, "unit": unit}
    fields |= price_fields(price, free_field=edit.target is LINE)
    if edit.target is LINE:
        fields["category"] = text_value(values.pop("category", None))
        fields["group"] = text_value(values.pop("group", None))
    else:
        for bound in ("min_population", "max_population"):
            value = values.pop(bound, None)
            fields[bound] = None if value is None else int(value)
    if values:
        raise CorrectionRefused(f"{what} : champs inconnus {sorted(values)}.")
    fields["page"] = 1
    model = ServiceLine if edit.target is LINE else Tier
    try:
        item = model.model_validate(fields)
    except ValidationError as error:
        raise CorrectionRefused(_french_error(error, what)) from error
    # the page of the value it follows, so that it is shown beside it
    items = state.items(edit.target)
    place = _insert_at(state, item) if isinstance(item, ServiceLine) else len(items)
    if place > 0:
        item = item.model_copy(update={"page": items[place - 1][1].page})
    return item


def prepare(
    read: Extraction,
    existing: Sequence[Correction],
    edits: Sequence[Edit],
    *,
    by: str,
    reason: str,
    at: str,
    first_id: int = 1,
) -> list[Correction]:
    """The corrections ``edits`` make on the version, each with its old value; raises
    :class:`CorrectionRefused` for a value that does not exist, is unchanged or invalid.

    ``existing``: the corrections already made, in order. The new ones are numbered from
    ``first_id`` (the store gives them their real ids).
    """
    by, reason = by.strip(), " ".join(reason.split())
    if not reason:
        raise CorrectionRefused("le motif de la correction est obligatoire.")
    if not by:
        raise CorrectionRefused("le nom de la personne qui corrige est obligatoire.")
    if not edits:
        raise CorrectionRefused("aucune correction demandée.")
    state = _replay(read, existing)
    made: list[Correction] = []
    for offset, edit in enumerate(edits):
        common = {
            "id": first_id + offset,
            "target": edit.target,
            "reason": reason,
            "by": by,
            "at": at,
        }
        if edit.target is not SITTING and edit.field == ADDED:
            number = state.next_number(edit.target)
            item = _added_item(state, edit, number)
            correction = Correction(
                **common, number=number, field=ADDED, old=None, new=item.model_dump_json()
            )
        elif edit.target is not SITTING and edit.field == REMOVED:
            _, item = state.find(edit.target, edit.number)
            correction = Correction(
                **common, number=edit.number, field=REMOVED, old=item.model_dump_json(), new=None
            )
        else:
            if edit.field not in FIELDS[edit.target]:
                raise CorrectionRefused(
                    f"{TARGET_WORDS[edit.target]} : le champ « {edit.field} » ne se corrige pas."
                )
            old = _current(state, edit)
            correction = Correction(
                **common, number=edit.number, field=edit.field, old=old, new=edit.value
            )
            if old == edit.value:
                raise CorrectionRefused(
                    f"{subject(correction)}, {FIELDS[edit.target][edit.field]} : déjà "
                    f"{shown(edit.field, old)}, rien à corriger."
                )
        _apply(state, correction)
        made.append(correction)
    return made


def corrected_values(read: Extraction, corrections: Sequence[Correction]) -> Extraction:
    """The values with ``corrections`` applied, findings left as read (no validation run):
    what the units of approved versions and the effective date are taken from."""
    if not corrections:
        return read
    values = _replay(read, corrections).extraction()
    return values.model_copy(update={"findings": read.findings})
