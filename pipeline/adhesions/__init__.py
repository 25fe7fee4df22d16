"""Adhesions: who signed the tripartite convention, when, under which annex, which
services; and what a new tariff version changes for each of them.

- :mod:`.model` — an adhesion and the services it takes;
- :mod:`.register` — the staff's spreadsheet (CSV/XLSX) read and checked;
- :mod:`.book` — import, signature, end, who adheres on a day, ``services_of``;
- :mod:`.impact` — each adherent's fee and services before and after a version;
- :mod:`.export` — the impact as CSV/XLSX for the director;
- :mod:`.letters` — the notification letters and new annexes 2, with a manifest.
"""

from __future__ import annotations

from typing import Any

_BOOK = ("active", "current", "import_register", "leave", "services_of", "sign")

__all__ = list(_BOOK)


def __getattr__(name: str) -> Any:
    # lazily: the store imports .model, and .book imports the store
    if name in _BOOK:
        from pipeline.adhesions import book

        return getattr(book, name)
    raise AttributeError(name)
