"""Hostile text never makes a parse function hang (catastrophic backtracking).

Timed tests are avoided elsewhere (speed is measured by ``benchmarks/``); these are a
guard against hangs, with a budget far above the normal time (milliseconds): before the
patterns were bounded, a long word made the vote pattern run for more than 300 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from pipeline.parse.layout import Line
from pipeline.parse.lists import tiers_from_text
from pipeline.parse.minutes import split_sections
from pipeline.parse.money import looks_like_amount
from pipeline.parse.prose import prices_from_text
from pipeline.parse.sitting import (
    attendance,
    effective_date_of,
    parse_date,
    parse_sitting,
    vote_of,
)
from pipeline.parse.tiers import looks_like_tier, parse_tier
from pipeline.read.document import Word

BUDGET = 2.0
"""Seconds a call may take on hostile text (normal text takes milliseconds)."""

HOSTILE = {
    "long_word": "a" * 100_000,
    "long_accented_word": "é" * 100_000,
    "long_digits": "1" * 50_000,
    "digit_groups": "1 000" + " 000" * 30_000,
    "dotted_groups": "1.000" * 20_000,
    "spaces": " " * 100_000 + "x",
    "voix": "voix " * 20_000,
    "voix_pour": "12 voix " * 20_000,
    "a": "a " * 20_000,
    "delibere_a": "delibere a " * 20_000,
    "sous_la_presidence": "a bc " * 20_000 + ", sous",
    "s_est_reuni": "s'est reuni le " * 20_000,
    "l_an": "l'an un " * 20_000,
    "l_an_words": "l'an " + "deux-" * 20_000,
    "presents": "Présents : " * 20_000,
    "le_conseil": "le conseil " * 20_000,
    "recu": "recu en prefecture le " * 20_000,
    "moins_de": "moins de " * 20_000,
    "habitants": "1 000 habitants " * 10_000,
    "euros": "1 " * 30_000 + "€",
    "superscripts": "¹" * 50_000,
    "parentheses": "(" * 50_000 + "1 €",
    "colons": ": " * 50_000,
    "slashes": "/a" * 50_000,
    "one_megabyte": (
        "Le conseil fixe le tarif à 3,40 € par repas. Par 13 voix pour, 2 contre. "
        + "Vu la délibération du 10 juillet 2025, le conseil s'est réuni à Arras. " * 9
    )
    * 1_500,
}


def lines(text: str, words_per_line: int = 40) -> list[Line]:
    """The text as page lines of a few words (a page holds no line of a megabyte)."""
    tokens = text.split()
    out = []
    for row, start in enumerate(range(0, len(tokens), words_per_line)):
        x, words = 60.0, []
        for token in tokens[start : start + words_per_line]:
            y = 100.0 + 14 * (row % 50)
            words.append(Word(token, x, y, x + 6 * len(token), y + 10, 10))
            x += 6 * len(token) + 3
        out.append(Line(tuple(words)))
    return out


def pages(text: str) -> list[tuple[int, list[Line]]]:
    found = lines(text)
    return [(1 + n // 50, found[n : n + 50]) for n in range(0, len(found), 50)]


def text_of(text: str) -> str:
    return text


def bulleted_pages(text: str) -> list[tuple[int, list[Line]]]:
    return pages("- " + text)


FUNCTIONS: dict[str, tuple[Callable[[str], object], Callable[[object], object]]] = {
    "parse_sitting": (text_of, parse_sitting),
    "parse_date": (text_of, parse_date),
    "vote_of": (text_of, vote_of),
    "attendance": (text_of, attendance),
    "effective_date_of": (text_of, effective_date_of),
    "parse_amount": (text_of, looks_like_amount),
    "parse_tier": (text_of, lambda text: parse_tier(text, None)),
    "looks_like_tier": (text_of, looks_like_tier),
    "tiers_from_text": (bulleted_pages, lambda found: tiers_from_text(dict(found))),
    "prices_from_text": (bulleted_pages, prices_from_text),
    "split_sections": (pages, split_sections),
}
"""Each public function that reads text: how its input is made from a text (outside
the time measured), and the call."""


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("function", FUNCTIONS.values(), ids=FUNCTIONS.keys())
def test_hostile_text_returns_within_the_budget(function, text):
    prepare, call = function
    given = prepare(text)
    start = time.perf_counter()
    call(given)
    assert time.perf_counter() - start < BUDGET


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 100_000 + " Par 13 voix pour – 1 voix contre", ("majority", 13, 1, None)),
        ("1" * 50_000 + " Par 13 voix pour, 2 abstentions", ("majority", 13, None, 2)),
    ],
    ids=["after_a_long_word", "after_long_digits"],
)
def test_the_vote_is_still_read_after_a_long_word(text, expected):
    start = time.perf_counter()
    assert vote_of(text) == expected
    assert time.perf_counter() - start < BUDGET
