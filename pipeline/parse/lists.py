"""Tiers written as a list in the text rather than in a table.

    La participation annuelle … est fixée comme suit :
    - Moins de 500 habitants : 60,00 € par collectivité et par an ;
    - Établissement public : Sur devis par établissement public et par an.

A list sets the fees as bindingly as a table; it is read only when the document has
no tier table, item by item (an item may wrap onto the next line), and at least two
items in a row must read as tiers with a fee.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.models import Tier, TierKind
from pipeline.parse.layout import Line
from pipeline.parse.money import AmountError, parse_amount
from pipeline.parse.tiers import looks_like_tier, parse_tier
from pipeline.read.document import BBox

_BULLET = re.compile(r"^\s*(?:[-–—•·▪*]|\d+[.)°])\s+")
_ITEM = re.compile(r"^(?P<label>[^:]{3,80}?)\s*:\s*(?P<rest>.+?)\s*[;.,]?$")
_FEE = re.compile(
    r"^(?P<fee>sur\s+devis|gratuit|(?:\d[\d\s\u00a0\u202f.]*(?:,\d{1,2})?)\s*(?:€|euros?)"
    r"(?:\s*(?:TTC|HT))?)\s*(?P<unit>.*)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Item:
    page: int
    text: str
    bbox: BBox


def tiers_from_text(page_lines: Mapping[int, Sequence[Line]]) -> list[Tier]:
    """The tiers of the longest run of list items that read as tiers with a fee."""
    best: list[Tier] = []
    run: list[Tier] = []
    previous_max: int | None = None
    for item in _items(page_lines):
        tier = _tier(item, previous_max)
        if tier is None:
            best, run, previous_max = max(best, run, key=len), [], None
            continue
        run.append(tier)
        if tier.kind is TierKind.COLLECTIVITY:
            previous_max = tier.max_population
    best = max(best, run, key=len)
    return best if len(best) >= 2 else []


def _items(page_lines: Mapping[int, Sequence[Line]]) -> list[_Item]:
    """Bulleted lines, each with the unbulleted lines that continue it."""
    items: list[_Item] = []
    for page, lines in page_lines.items():
        # the item being read: its texts (joined once at its end, not again at each
        # line: a long run of continued lines stays linear) and its box
        parts: list[str] = []
        box: BBox | None = None
        for line in lines:
            text = line.text
            if _BULLET.match(text):
                if box is not None:
                    items.append(_Item(page, " ".join(parts), box))
                parts, box = [_BULLET.sub("", text)], line.bbox
            elif box is not None and ":" not in text and not parts[-1].endswith((";", ".")):
                parts.append(text)
                box = (box[0], box[1], max(box[2], line.x1), line.bottom)
            else:
                if box is not None:
                    items.append(_Item(page, " ".join(parts), box))
                parts, box = [], None
        if box is not None:
            items.append(_Item(page, " ".join(parts), box))
    return items


def _tier(item: _Item, previous_max: int | None) -> Tier | None:
    match = _ITEM.match(item.text)
    if not match or not looks_like_tier(match["label"]):
        return None
    fee = _FEE.match(match["rest"])
    if not fee:
        return None
    try:
        amount = parse_amount(fee["fee"])
    except AmountError:
        return None
    bounds = parse_tier(match["label"], previous_max)
    if bounds is None:
        return None
    return Tier(
        label=match["label"].strip(),
        kind=bounds.kind,
        min_population=bounds.min_population,
        max_population=bounds.max_population,
        amount=amount.value,
        on_quote=amount.on_quote,
        unit=fee["unit"].strip(" ;.,"),
        page=item.page,
        bbox=item.bbox,
        amount_text=fee["fee"],
    )
