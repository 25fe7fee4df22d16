"""Every tolerance and vocabulary of the parse stage, in one frozen object.

Like pdfplumber's ``TableSettings``: :data:`PARSE` holds the defaults the parser
uses; each part is a frozen dataclass that a caller may replace
(``dataclasses.replace(PARSE.grid, tolerance=2.0)``) and pass to the function that
takes it (``infer_layout(…, settings)``, ``classify_table(…, settings=…)``,
``split_sections(…, vocabulary)``).

- :class:`GridSettings` — how rules and words become grids (:mod:`.grid`);
- :class:`HeaderSettings` — the words of table headers and the table's surroundings
  (:mod:`.tables`, :mod:`pipeline.parse`);
- :class:`~pipeline.parse.roles.RoleSettings` — column roles from cell content;
- :class:`~pipeline.parse.classify.ClassifySettings` — tariff or not;
- :class:`~pipeline.parse.minutes.Vocabulary` — points of minutes, votes, take-note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.parse.classify import SETTINGS as CLASSIFY
from pipeline.parse.classify import ClassifySettings
from pipeline.parse.minutes import VOCABULARY, Vocabulary
from pipeline.parse.roles import DEFAULT_ROLES, RoleSettings


@dataclass(frozen=True, slots=True)
class GridSettings:
    tolerance: float = 3.0
    """Rules and cell edges closer than this (points) are one."""
    min_rule: float = 4.0
    """Shorter strokes are not rules."""
    join_offset: float = 1.0
    """Pieces of rules this close across (points), end to end within ``tolerance``, are
    one rule (short pieces included)."""
    crossing_gap: float = 6.0
    """A rule that stops short of a rule crossing it and goes on past it, with a gap up to
    this long (points) where they cross, is one rule: a scan loses both strokes there."""
    unruled_reach: float = 12.0
    """Lines of a table without rules may reach this many font sizes past its header line."""
    paragraph_width: float = 1.15
    """A one-piece line wider than the header line by this much is running text."""
    header_price: re.Pattern[str] = re.compile(
        r"\b(tarifs?|prix|montants?|co[uû]ts?|participation|redevance)\b", re.I
    )
    """Header words of a price column."""
    header_other: re.Pattern[str] = re.compile(
        r"\b(unit[ée]s?|facturation|services?|prestations?|d[ée]signation|libell[ée]|"
        r"collectivit[ée]s?|strates?|population|tranches?)\b",
        re.I,
    )
    """Header words of the other columns (with a price word, they open an unruled table)."""
    amount_in_line: re.Pattern[str] = re.compile(r"\d\s*€|\beuros?\b|sur devis|gratuit", re.I)
    level_lines: float = 0.3
    """Two lines whose middles are closer than this share of their height stand level
    (the label of a row and its price)."""
    min_level_rows: int = 2
    """A cell merged over several rows is cut into one per row only when at least this
    many of those rows hold other words level with its lines."""
    ocr_min_confidence: float = 75.0
    """A scanned table whose words are read with a lower mean confidence (0-100) gives
    no line: its labels and amounts would be guesses (a photographed grid with text
    set sideways reads near 55, a fair scan above 90). It is flagged instead."""
    ocr_header_min_confidence: float = 50.0
    """A word of a price column's header read with a lower confidence (0-100) leaves what
    the column's amounts are (HT or TTC, which category) to a person: it is flagged."""
    ocr_doubtful_headers_min: int = 3
    ocr_doubtful_headers_share: float = 0.5
    """A scanned table with at least this many price column headers read too poorly, more
    than this share of them, gives no line: its conditions would be noise (the phone
    photo of a grid of 17 services, its headers set sideways, once its cells were read
    well enough to pass the mean confidence). It is flagged instead."""


@dataclass(frozen=True, slots=True)
class HeaderSettings:
    unit: re.Pattern[str] = re.compile(
        r"\b(unit[ée]s?|facturation|p[ée]riodicit[ée]|modalit[ée]s?)\b", re.I
    )
    label: re.Pattern[str] = re.compile(
        r"\b(services?|prestations?|d[ée]signation|libell[ée]s?|collectivit[ée]s?|strates?|"
        r"population|tranches?|offres?|produits?|articles?)\b",
        re.I,
    )
    ht: re.Pattern[str] = DEFAULT_ROLES.tax_header_ht
    ttc: re.Pattern[str] = DEFAULT_ROLES.tax_header_ttc
    ttc_misread: re.Pattern[str] = re.compile(r"\b(?:T[Il1|]C|[Il1|]TC|TT[GO])\b")
    """« TTC » read with one letter of the same shape changed (« TIC », « TTG »): taken for
    TTC only beside a column headed HT, where no other word stands."""
    old: re.Pattern[str] = re.compile(
        r"\b(anciens?|anciennes?|actuels?|actuelles?|pr[ée]c[ée]dents?|en vigueur)\b", re.I
    )
    new: re.Pattern[str] = DEFAULT_ROLES.new_header
    year: re.Pattern[str] = DEFAULT_ROLES.year
    column_word: re.Pattern[str] = re.compile(r"^(?:€|euros?|20\d\d)$", re.I)
    generic_label: re.Pattern[str] = re.compile(
        r"^\s*(intitul[ée]s?|nature|objet|types?|cat[ée]gories?|rubriques?|d[ée]nominations?|"
        r"[ée]l[ée]ments?|d[ée]tails?|descriptifs?|descriptions?|postes?|items?|lieux?|"
        r"quotient familial|tranches?|n°|num[ée]ros?)\b",
        re.I,
    )
    """Label-column headers that name the column, not the table."""
    title_gap: float = 40.0
    """A title frame stands at most this far above its table (points)."""
    ocr_same_header: float = 85.0
    """A header read by OCR is the table's header repeated on the next page when each of
    its cells is at least this similar (0-100, rapidfuzz ratio) to the header's cell,
    with the same figures: « Tarif service TIC » is « Tarif service TTC » misread."""
    ocr_header_edits: int = 4
    ocr_header_edit_share: float = 0.1
    """... and when the letters inserted or left out to make one the other (a letter
    misread counts two) are at most ``ocr_header_edits``, or this share of the two
    texts' length when more: a long heading ending on other words (« … causés aux
    espaces verts », « … causés aux arbres », 86 alike) is another table's."""
    lines_before_table: int = 5
    """How many lines of running text above a table tell what it is."""
    centred_slack: float = 0.1
    """A heading row is centred when the middle of its words lies within this share of
    the row's width from the row's middle..."""
    centred_indent: float = 0.15
    """... and its first word starts further than this share of the width from the row's
    left edge: « Sécurité » centred over the table, not « Antivirus » in its label column."""
    group_indent: float = 6.0
    """Lines whose labels start this much further right (points) than their group's
    heading are set under it; the first line back at the heading's edge is no longer of
    the group (« Tarif groupes : » over its three indented groups, not over « Visite
    nocturne et guidée » under them)."""


@dataclass(frozen=True, slots=True)
class ParseSettings:
    grid: GridSettings = field(default_factory=GridSettings)
    headers: HeaderSettings = field(default_factory=HeaderSettings)
    roles: RoleSettings = DEFAULT_ROLES
    classify: ClassifySettings = CLASSIFY
    minutes: Vocabulary = VOCABULARY


PARSE = ParseSettings()
