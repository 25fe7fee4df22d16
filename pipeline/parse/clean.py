"""Words cleared of control characters before anything reads them.

A NUL, an escape sequence or a bidirectional override in a PDF's text is no part of
a label or a price: it is removed from every word, and the page is named in a
finding so that a person knows the document carried some.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.models import Finding, Severity
from pipeline.read.document import Page, Word

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, and the marks that reorder text (left-to-right, right-to-left,
embeddings, overrides, isolates)."""


def clean_words(words: Sequence[Word]) -> tuple[list[Word], int]:
    """The words without control characters (a word left empty is dropped), and how many
    characters were removed. The words given are left unchanged."""
    cleaned: list[Word] = []
    removed = 0
    for word in words:
        text, count = CONTROLS.subn("", word.text)
        removed += count
        if not count:
            cleaned.append(word)
        elif text:
            cleaned.append(replace(word, text=text))
    return cleaned, removed


def clean_page(page: Page) -> tuple[Page, Finding | None]:
    """The page with clean words, and a warning naming it when something was removed."""
    words, removed = clean_words(page.words)
    if not removed:
        return page, None
    finding = Finding(
        severity=Severity.WARNING,
        code="text.control_chars",
        message=f"{removed} caractère(s) de contrôle retiré(s) du texte de la page "
        f"{page.number} (caractère nul, séquence d'échappement, inversion de sens) : "
        "vérifiez les libellés de cette page.",
        page=page.number,
    )
    return replace(page, words=words), finding
