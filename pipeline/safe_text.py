"""Text from outside made inert for each output it goes to.

A label, a unit, a file name, a staff overlay cell or a command argument is data:
it must never act as terminal control codes, spreadsheet formulas or XML. Each
function here prepares such a text for one output and changes nothing a reader
would see, except characters that output cannot hold.

- :func:`for_terminal`: no control character (escape sequences, bell, backspace,
  carriage return) reaches the terminal; rich markup is handled by the consoles
  themselves (``markup=False``, see :mod:`pipeline.cli.app`).
- :func:`for_spreadsheet`: a cell that would start a formula (``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) gets a leading apostrophe, as the OWASP advice
  on CSV injection says, and characters a spreadsheet file cannot hold are removed.
- :func:`for_xml`: characters XML 1.0 forbids (a NUL …) are removed, so that a
  Word document stays valid XML.
"""

from __future__ import annotations

import re

_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 and C1 control but the tab and the line feed."""
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold (the tab, line feed and carriage return it can)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet read a cell as a formula (the last four
are the full-width forms some spreadsheets also accept)."""
_QUOTED = re.compile("'[" + re.escape("".join(FORMULA_STARTS)) + "]")


def for_terminal(text: str) -> str:
    """``text`` without control characters, for a console line."""
    return _TERMINAL_CONTROLS.sub("", text)


def for_xml(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _XML_ILLEGAL.sub("", text)


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def for_spreadsheet(text: str) -> str:
    """``text`` as a spreadsheet cell that can only be a text: ``=1+1`` → ``'=1+1``."""
    text = for_xml(text)
    return "'" + text if is_formula(text) else text


def from_spreadsheet(text: str) -> str:
    """The text :func:`for_spreadsheet` was given, when reading back a file we wrote."""
    return text[1:] if _QUOTED.match(text) else text


__all__ = [
    "FORMULA_STARTS",
    "for_spreadsheet",
    "for_terminal",
    "for_xml",
    "from_spreadsheet",
    "is_formula",
]
