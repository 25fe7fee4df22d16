"""Words to text lines, and lines to the page's running text.

A :class:`Line` is a run of words sharing a baseline, left to right; its
``segments`` split it where the gap between two words is wide enough to be a
column gap rather than a space.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.read.document import BBox, Word

COLUMN_GAP = 1.0
"""A gap wider than this many font sizes separates two columns."""


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]
    text: str = field(init=False, repr=False, compare=False)
    """The words joined (:func:`join_words`), worked out once: lines are read many times."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", join_words(self.words))

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def size(self) -> float:
        sizes = sorted(w.size for w in self.words if not w.superscript) or [0.0]
        return sizes[len(sizes) // 2]

    @property
    def bold(self) -> bool:
        plain = [w for w in self.words if not w.superscript]
        return bool(plain) and all(w.bold for w in plain)

    def segments(self) -> list[tuple[Word, ...]]:
        """Runs of words separated by column-wide gaps."""
        runs: list[list[Word]] = [[self.words[0]]]
        for previous, word in pairwise(self.words):
            gap = word.x0 - previous.x1
            if gap > COLUMN_GAP * max(previous.size, word.size, 1.0):
                runs.append([word])
            else:
                runs[-1].append(word)
        return [tuple(run) for run in runs]


TOUCHING = 0.1
"""Two words of a line closer than this many font sizes are one ("Rhin" "-Meuse")."""


def touching(previous: Word, word: Word) -> bool:
    """Two words of one line with no gap between them: pieces of one word. Tesseract
    parts a word from a number only where it sees a space, which a box widened by the
    scan's grain can hide (« NAS » « 2 » read 0.7 pt apart): two such OCR words stay two."""
    size = max(word.size, 1.0)
    if _letters_then_figures(previous, word):
        return False
    return (
        abs(word.top - previous.top) < size / 2
        and -TOUCHING * size <= word.x0 - previous.x1 < TOUCHING * size
    )


def _letters_then_figures(previous: Word, word: Word) -> bool:
    """Two words read by OCR, one ending in a letter and the next opening with a figure,
    or the other way round."""
    if previous.confidence is None or word.confidence is None:
        return False
    last, first = previous.text[-1:], word.text[:1]
    figures = "0123456789"  # not « ² » after « m »
    return bool(last and first) and (
        (last.isalpha() and first in figures) or (last in figures and first.isalpha())
    )


def join_words(words: Iterable[Word], *, keep_superscripts: bool = False) -> str:
    """The words' text, a space between two words unless they touch on the same line."""
    parts: list[str] = []
    previous: Word | None = None
    for word in words:
        if word.superscript and not keep_superscripts:
            continue
        if parts and not (previous is not None and touching(previous, word)):
            parts.append(" ")
        parts.append(word.text)
        previous = word
    return "".join(parts)


def join_lines(texts: Sequence[str]) -> str:
    """Wrapped lines of one cell as one text; a word cut after its hyphen is rejoined.

    >>> join_lines(["au-delà du volume", "inclus"])
    'au-delà du volume inclus'
    >>> join_lines(["Go supplémentaire au-", "delà du volume"])
    'Go supplémentaire au-delà du volume'
    """
    out = ""
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if out.endswith("-") and text[:1].isalnum() and not out.endswith(" -"):
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out


def group_lines(words: Sequence[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap, top to bottom, left to right."""
    ordered = sorted((w for w in words if not w.superscript), key=lambda w: (w.top, w.x0))
    lines: list[list[Word]] = []
    for word in ordered:
        middle = (word.top + word.bottom) / 2
        for line in reversed(lines[-3:]):
            top = min(w.top for w in line)
            bottom = max(w.bottom for w in line)
            if top <= middle <= bottom:
                line.append(word)
                break
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        result.append(line)
    # superscripts attach to the line they are raised above
    supers = [w for w in words if w.superscript]
    for sup in supers:
        for line in result:
            top = min(w.top for w in line)
            bottom = max(w.bottom for w in line)
            if top - sup.size <= sup.top <= bottom:
                line.append(sup)
                line.sort(key=lambda w: w.x0)
                break
    return [Line(tuple(line)) for line in sorted(result, key=lambda ln: min(w.top for w in ln))]


def page_text(lines: Sequence[Line]) -> str:
    return "\n".join(line.text for line in lines)


def centred_in(box: BBox, region: BBox, slack: float = 2.0) -> bool:
    """Whether the middle of ``box`` lies in ``region`` (grown by ``slack`` points)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (
        region[0] - slack <= cx <= region[2] + slack
        and region[1] - slack <= cy <= region[3] + slack
    )
