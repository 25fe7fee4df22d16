"""Parse stage: a read :class:`~pipeline.read.Document` to an :class:`~pipeline.models.Extraction`.

Metadata come from the running text (:mod:`.sitting`); minutes holding several
deliberations are split into their points (:mod:`.minutes`), and the sitting takes the
vote and object of the point that sets tariffs. Prices and tiers come from the tables
(:mod:`.grid` finds them, :mod:`.roles` tells each column's role from its cells,
:mod:`.tables` reads them), once :mod:`.classify` has judged each one a tariff from its
content and the deliberation around it; tiers come from a list in the text when there
is no tier table (:mod:`.lists`), and prices written in the text of a point about
tariffs are read for a person to confirm (:mod:`.prose`). Every value keeps the page
and box it was read from. Findings of the parse itself (an unreadable amount, a table
set aside) are carried on; business rules are the validate stage's.

:func:`parse_document` is :mod:`.document`'s, imported on first use, so that a module
needing only a part of the parser (:mod:`.money` for an amount) does not load the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.parse.document import parse_document

__all__ = ["parse_document"]


def __getattr__(name: str):
    if name == "parse_document":
        from pipeline.parse.document import parse_document

        return parse_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
