"""Prices written in running text or in bullet lists rather than in a table.

    - Fixe la taxe d'affouage à 62 € TTC le stère, tarif unique en bord de chemin.
    Il propose d'appliquer les tarifs suivants pour les enfants :
    - 3.40€ pour les enfants qui déjeunent de manière régulière

Running text mixes tariffs with everything else a council votes: budget transfers,
grants, sales, totals, and the old prices it recalls before setting new ones. The
reader is therefore conservative:

* an amount needs a price cue (a tariff word such as « tarif » or « redevance » before
  it, a billing unit such as « par repas » or « /m²/an » after it, or, for a list item,
  a lead-in that announces prices);
* an amount whose clause holds a non-price word (« subvention », « crédits »,
  « chapitre », « montant total »…) is not a price, nor is a signed amount (« - 100 € »),
  an amount in k€, or a percentage;
* recalled prices (« pour rappel », « les tarifs étaient de », « au lieu de »,
  « passer de 3,20 € à 3,40 € ») are skipped, and the new price kept;
* « Vu … » sentences cite older deliberations and are skipped; a price stated in a
  « Considérant … » sentence is dropped when the decision states it again.

Every line read here has ``origin="text"`` and comes with a warning so that a person
confirms it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pipeline.french import money
from pipeline.models import CENT, Finding, ServiceLine, Severity, TaxBasis
from pipeline.parse.layout import Line, touching
from pipeline.read.document import BBox, Word

# --- Vocabularies ------------------------------------------------------------------

PRICE_CUES: tuple[str, ...] = (
    r"tarifs?",
    r"tarification",
    r"grille\s+tarifaire",
    r"prix\s+(?:unitaires?|de|du|des|d['’]|est|sont|à|:)",
    r"redevances?",
    r"taxes?\s+(?:de|du|des|d['’]|sur|communale|locale)",
    r"participation\s+(?:des|de\s+la|du|de\s+l['’]|aux|par)",
    r"droits?\s+(?:de|d['’])",
    r"cotisations?",
    r"fix(?:e|er|é|ée|és|ées|ent)",
)
"""Words that announce a price (regular expressions, matched case-insensitively)."""

PRICE_NOUNS: tuple[str, ...] = (
    "tarif",
    "tarifs",
    "prix",
    "taxe",
    "redevance",
    "participation",
    "droit",
    "droits",
    "cotisation",
    "loyer",
)
"""(« loyer » names a price but does not announce one: a lease is not a tariff.)"""
"""Nouns whose phrase names what is priced (« la taxe d'affouage », « le tarif des locaux »)."""

GENERIC_PRICE_NOUNS: tuple[str, ...] = ("tarif", "tarifs", "prix")
"""Price nouns that name nothing by themselves: the label is what follows them."""

GENERIC_ADJECTIVES: tuple[str, ...] = (
    "général",
    "générale",
    "unitaire",
    "unitaires",
    "suivant",
    "suivants",
    "applicable",
    "applicables",
)
"""Words after a generic price noun that name nothing either (« le tarif général pour … »)."""

UNIT_NOUNS: frozenset[str] = frozenset(
    {
        "repas",
        "heure",
        "heures",
        "demi-heure",
        "jour",
        "jours",
        "journée",
        "demi-journée",
        "nuit",
        "nuitée",
        "semaine",
        "mois",
        "trimestre",
        "semestre",
        "an",
        "année",
        "m²",
        "m2",
        "m³",
        "m3",
        "ml",
        "mètre",
        "stère",
        "kwh",
        "personne",
        "enfant",
        "adulte",
        "élève",
        "habitant",
        "foyer",
        "famille",
        "participant",
        "place",
        "emplacement",
        "ticket",
        "entrée",
        "séance",
        "passage",
        "unité",
        "forfait",
        "badge",
        "carte",
        "copie",
        "page",
        "concession",
    }
)
"""Billing units; « par », « le », « la », « l' » or « / » before one makes a price."""

RECALL_WORDS: tuple[str, ...] = (
    r"rappel",
    r"rappelle",
    r"rappelé",
    r"actuel(?:le)?s?",
    r"étaient",
    r"était",
    r"précédemment",
    r"précédent(?:e)?s?",
    r"jusqu['’]à\s+présent",
    r"jusqu['’]alors",
    r"antérieur(?:e)?s?",
    r"ancien(?:ne)?s?",
    r"au\s+lieu\s+de",
)
"""Words that recall old prices: the amounts they introduce are not the new tariff."""

NEW_PRICE_WORDS: tuple[str, ...] = (
    r"désormais",
    r"nouveau(?:x)?",
    r"nouvelle(?:s)?",
    r"porté(?:e)?s?",
    r"passe(?:nt|r|ra|ront)?",
    r"fix(?:e|er|é|ée|és|ées|ent)",
    r"à\s+compter",
    r"à\s+partir",
    r"propose",
    r"appliqu(?:e|er|é|ée|és|ées)",
    r"sera",
    r"seront",
)
"""Words that, after a recall, introduce the new price again."""

NOT_PRICE_WORDS: tuple[str, ...] = (
    r"budgets?",
    r"budgétaires?",
    r"crédits?",
    r"subventions?",
    r"dotations?",
    r"montant\s+(?:total|global|estimatif|maximum|de|du|des)",
    r"pour\s+un\s+montant",
    r"somme\s+de",
    r"s['’]él[eè]v(?:e|ent)",
    r"totale?s?",
    r"totaux",
    r"au\s+total",
    r"soit",
    r"dépenses?",
    r"recettes?",
    r"emprunts?",
    r"virements?",
    r"chapitres?",
    r"articles?\s+\d",
    r"décision\s+modificative",
    r"provisions?",
    r"investissement",
    r"fonctionnement",
    r"impôts?",
    r"salaires?",
    r"rémunérations?",
    r"traitements?",
    r"indemnités?",
    r"primes?",
    r"cessions?",
    r"prix\s+(?:de\s+vente|d['’]acquisition|de\s+revient|total)",
    r"acquisitions?",
    r"avenants?",
    r"lots?\s+(?:n°\s*)?\d",
    r"marché\s+(?:avec|de\s+travaux|public)",
    r"aides?",
    r"attribue(?:r|nt)?",
    r"verse(?:r|ment)",
    r"remboursements?",
    r"non[-\s]valeurs?",
    r"participation\s+financière",
    r"plus-value",
)
"""Words that make an amount a budget sum, a grant, a total or a salary, not a price."""

EXAMPLE_WORDS: tuple[str, ...] = (
    r"exemples?",
    r"simulations?",
    r"à\s+titre\s+indicatif",
)
"""Words of a worked example (« Exemple de calcul : … le tarif est de 1.10 € »): skipped."""

SKIPPED_SENTENCES: tuple[str, ...] = (r"vu\b",)
"""Sentences that only cite other acts (« Vu la délibération du … fixant les tarifs »)."""

RECITAL_SENTENCES: tuple[str, ...] = (r"considérant\b",)
"""Recitals: their prices are dropped when the decision states them again."""

UNIT_FILLER_WORDS = frozenset({"par", "le", "la", "les", "l", "du", "de", "d", "un", "une"})
"""Words of a unit that do not say what is counted (« par an », « le m² »)."""

_UNIT_LETTERS = re.compile(r"[^\W\d_]+")

SHORT_LINE = 0.15
"""A line ending this share of the text width short of the right margin ends its statement."""

PRONOUNS: tuple[str, ...] = ("ceux", "celles", "celui", "celle")
"""A label starting with one of these takes the noun of its lead-in (« pour les enfants »)."""


def _words(options: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(options) + r")(?![\w-])", re.I)


_PRICE_CUE = _words(PRICE_CUES)
_RECALL = _words(RECALL_WORDS)
_NEW_PRICE = _words(NEW_PRICE_WORDS)
_NOT_PRICE = _words(NOT_PRICE_WORDS)
_SKIPPED = re.compile(r"^\W*(?:" + "|".join(SKIPPED_SENTENCES) + ")", re.I)
_EXAMPLE = _words(EXAMPLE_WORDS)
_ADJECTIVES = re.compile(r"^\s*(?:" + "|".join(GENERIC_ADJECTIVES) + r")(?![\w-])", re.I)
_RECITAL = re.compile(r"^\W*(?:" + "|".join(RECITAL_SENTENCES) + ")", re.I)
_PRICE_NOUN = re.compile(r"(?<![\w-])(?:" + "|".join(PRICE_NOUNS) + r")(?![\w-])", re.I)

# --- Patterns ------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•·▪►➢✓*]\s*|[-–—]\s+|\d{1,2}\s*[.)°]\s+|[a-z]\)\s+)")
_AMOUNT = re.compile(
    r"(?<![\w.,])(?<!\d,\s)"
    # at most six groups of thousands (999 999 999 999 999 999): a bounded repetition is
    # not tried again to the end of a long run of groups from each of them
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f.]\d{3}){1,6}(?:[,.]\d{1,3})?|\d+(?:[,.]\d{1,3})?)"
    r"\s*(?P<scale>[kKM]\s*)?(?P<cur>€|euros?\b|EUR\b)",
)
_BASIS = re.compile(
    r"^\s*(?P<basis>H\.?\s?T\.?|T\.?\s?T\.?\s?C\.?|hors\s+taxes?|toutes\s+taxes\s+comprises)"
    r"(?![\w])",
    re.I,
)
_NET = re.compile(r"^\s*nets?\b", re.I)
_UNIT_WORD = r"[\wμ²³'’-]+"
_SLASH_UNIT = re.compile(rf"^\s*(?P<unit>(?:/\s*{_UNIT_WORD})+)", re.I)
_PER_UNIT = re.compile(
    rf"^\s*(?P<unit>(?:par|le|la|l['’])\s*(?P<noun>{_UNIT_WORD})"
    rf"(?:\s+(?:et\s+)?(?:par|/)\s*{_UNIT_WORD})*)",
    re.I,
)
_COLON_ITEM = re.compile(r"^[^:]{2,80}:")
"""« Repas adulte : 5,20 € » without a bullet, read as an item after a lead-in ending in « : »."""
_SIGN = re.compile(r"[-–+]\s*$")
_OLD_TO_NEW = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:à|a)\s+\d", re.I)
_FROM = re.compile(r"\bde\s*$", re.I)
_FOR = re.compile(
    r"^\W*pour\s+(?:les\s+|le\s+|la\s+|l['’]\s*|des\s+|une?\s+|chaque\s+)?(?P<what>.+)", re.I
)
_LABEL_END = re.compile(r"\s*(?:[,;(]|\bà\s+compter\b|\bà\s+partir\b|\bsoit\b).*$", re.I)
_LEADING = re.compile(r"^(?:(?:des|du|de|pour|les|le|la|une|un)\s+|(?:d|l)['’]\s*)+", re.I)
_TRAILING = re.compile(
    r"(?:\s+(?:est|sont|sera|seront|reste|restent|passe|passent|passera|passeront))?"
    r"(?:\s+(?:fixée?s?|portée?s?|établie?s?|arrêtée?s?|maintenue?s?))?"
    r"(?:\s+(?:à|a|de|d['’]|comme\s+suit))?\s*[:,]?\s*$",
    re.I,
)
_CONTEXT_UNIT = re.compile(
    rf"\b(?:prix|tarifs?)\s+(?:du|de\s+la|de\s+l['’]|par)\s*(?P<noun>{_UNIT_WORD})", re.I
)
_CONTEXT_FOR = re.compile(r"\bpour\s+les\s+(?P<noun>[\wéèêàç-]+)", re.I)
_SENTENCE_END = re.compile(r"(?:(?<=[;!?])|(?<=[a-zà-ÿ\d)»%€]{2}\.))\s+(?=\S)")


# --- Result --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProseResult:
    services: list[ServiceLine]
    findings: list[Finding]


def prices_from_text(pages: Sequence[tuple[int, Sequence[Line]]]) -> ProseResult:
    """The prices written in the text of these pages, each with a warning to confirm it."""
    found: list[_Price] = []
    lead = _Context()
    for page, lines in pages:
        for statement in _statements(page, lines):
            lead = _read_statement(statement, lead, found)
    kept = _drop_restated_recitals(found)
    services = [price.line for price in kept]
    findings = [finding for price in kept for finding in price.findings]
    return ProseResult(services=services, findings=findings)


# --- Statements: items and paragraphs, with where each character came from -----------


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    word: Word
    line: int


@dataclass(frozen=True, slots=True)
class _Statement:
    page: int
    text: str
    spans: tuple[_Span, ...]
    lines: tuple[Line, ...]
    body: int
    """Where the text starts after its bullet."""

    @property
    def bullet(self) -> bool:
        return self.body > 0

    def bbox(self, start: int, end: int, *, whole_lines: bool) -> BBox | None:
        # the spans are in text order: found by bisection, not by a pass over all
        first = bisect.bisect_right(self.spans, start, key=lambda s: s.end)
        last = bisect.bisect_left(self.spans, end, key=lambda s: s.start)
        spans = self.spans[first:last]
        if not spans:
            return None
        if whole_lines:
            return _union([self.lines[i].bbox for i in sorted({s.line for s in spans})])
        return _union([s.word.bbox for s in spans])


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _statements(page: int, lines: Sequence[Line]) -> list[_Statement]:
    """Lines joined into statements: a bullet, a blank or a closing mark starts a new one."""
    groups: list[list[Line]] = []
    previous: Line | None = None
    present = [line for line in lines if line.words]
    if not present:
        return []
    left = min(line.x0 for line in present)
    right = max(line.x1 for line in present)
    for line in present:
        text = line.text
        starts = (
            previous is None
            or bool(_BULLET.match(text))
            or previous.text.rstrip().endswith((".", ";", ":", "!", "?"))
            or line.top - previous.bottom > 0.8 * max(line.size, previous.size, 1.0)
            or previous.x1 < right - SHORT_LINE * (right - left)
        )
        if starts:
            groups.append([line])
        else:
            groups[-1].append(line)
        previous = line
    return [_statement(page, group) for group in groups]


def _statement(page: int, lines: Sequence[Line]) -> _Statement:
    parts: list[str] = []
    spans: list[_Span] = []
    offset = 0
    previous: Word | None = None
    for index, line in enumerate(lines):
        for word in line.words:
            if word.superscript:
                continue
            if parts and not (previous is not None and touching(previous, word)):
                parts.append(" ")
                offset += 1
            previous = word
            parts.append(word.text)
            spans.append(_Span(offset, offset + len(word.text), word, index))
            offset += len(word.text)
    text = "".join(parts)
    bullet = _BULLET.match(text)
    return _Statement(page, text, tuple(spans), tuple(lines), bullet.end() if bullet else 0)


# --- Reading ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """The lead-in of a list: the statement before it, or a bulleted sub-heading."""

    lead: str = ""
    sub: str = ""

    @property
    def text(self) -> str:
        return self.sub or self.lead


@dataclass(slots=True)
class _Price:
    line: ServiceLine
    findings: list[Finding] = field(default_factory=list)
    recital: bool = False


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    """End of the amount with its tax basis."""
    text: str
    value: Decimal
    rounded: bool
    basis: TaxBasis
    unit: str
    unit_noun: str | None
    rejected: bool


def _read_statement(statement: _Statement, context: _Context, found: list[_Price]) -> _Context:
    """Read the prices of one statement; return the lead-in for the statements after it."""
    text = statement.text
    has_amount = bool(_AMOUNT.search(text))
    body = text[statement.body :]
    colon_item = (
        not statement.bullet
        and has_amount
        and context.lead.rstrip().endswith(":")
        and not context.sub
        and _COLON_ITEM.match(body) is not None
    )
    item = statement.bullet or colon_item
    if item:
        for start, end in _sentences(text, statement.body):
            _read_sentence(statement, start, end, context, found)
        if not has_amount and statement.bullet and body.rstrip().endswith(":"):
            return _Context(lead=context.lead, sub=body)
        return context
    for start, end in _sentences(text, 0):
        _read_sentence(statement, start, end, None, found)
    return _Context(lead=text)


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    out = []
    for mark in _SENTENCE_END.finditer(text, start):
        out.append((start, mark.start()))
        start = mark.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]


def _read_sentence(
    statement: _Statement,
    start: int,
    end: int,
    context: _Context | None,
    found: list[_Price],
) -> None:
    sentence = statement.text[start:end]
    if _SKIPPED.match(sentence) or _EXAMPLE.search(sentence):
        return
    recital = bool(_RECITAL.match(sentence))
    matches = _matches(sentence)
    cue_in_context = context is not None and bool(_PRICE_CUE.search(context.text))
    recall_in_context = context is not None and bool(_RECALL.search(context.text))
    not_price_in_context = context is not None and bool(_NOT_PRICE.search(context.text))
    previous_end = 0
    previous_price = False
    previous_recalled = recall_in_context
    sentence_object = ""
    for index, match in enumerate(matches):
        before = sentence[previous_end : match.start]
        following = matches[index + 1].start if index + 1 < len(matches) else len(sentence)
        tail = sentence[match.end : following]
        tail_clause = re.split(r"[,;]", tail, maxsplit=1)[0]
        recalled = bool(_RECALL.search(before)) or (
            previous_recalled and not _NEW_PRICE.search(before)
        )
        old_of_pair = (
            bool(_FROM.search(before))
            and index + 1 < len(matches)
            and (_OLD_TO_NEW.match(sentence[match.end : following + 1]) is not None)
        )
        own_cue = (
            bool(_PRICE_CUE.search(before))
            or (match.unit_noun is not None and match.unit_noun.lower() in UNIT_NOUNS)
            or cue_in_context
        )
        cue = own_cue or previous_price
        not_price = (
            match.rejected
            or bool(_NOT_PRICE.search(before))
            or bool(_NOT_PRICE.search(tail_clause))
            or not_price_in_context
        )
        previous_end = match.end
        previous_recalled = recalled
        previous_price = old_of_pair and cue and not recalled
        if previous_price:  # "le tarif du repas passe de 3,20 € à 3,40 €": named here
            sentence_object = sentence_object or _tidy(_object(_BULLET.sub("", before)))
        if recalled or old_of_pair or not_price or not cue:
            continue
        label, conditions = _label(match, before, tail, context, sentence_object)
        if not label and not own_cue:  # a chained amount naming nothing: not sure enough
            previous_price = False
            continue
        previous_price = True
        sentence_object = sentence_object or _tidy(_object(_BULLET.sub("", before)))
        unit = match.unit or (_context_unit(context) if context is not None else "")
        found.append(
            _price(statement, start, end, match, label or "Tarif", conditions, unit, recital)
        )


AROUND_CHARS = 200
"""What is read around an amount (its basis and unit after it, a sign before it): a
few words; slicing the whole sentence at each amount would make a long one quadratic."""


def _matches(sentence: str) -> list[_Match]:
    out = []
    for found in _AMOUNT.finditer(sentence):
        end = found.end()
        rest = sentence[end : end + AROUND_CHARS]
        basis = TaxBasis.TTC
        basis_match = _BASIS.match(rest)
        if basis_match:
            if basis_match["basis"].lower().startswith(("h", "hors")):
                basis = TaxBasis.HT
            end += basis_match.end()
            rest = sentence[end : end + AROUND_CHARS]
        net = _NET.match(rest)
        unit_rest = rest[net.end() :] if net else rest
        unit, noun = _unit(unit_rest)
        value, rounded = _value(found["num"])
        before = sentence[max(found.start() - AROUND_CHARS, 0) : found.start()]
        rejected = found["scale"] is not None or _signed(before)
        out.append(
            _Match(
                start=found.start(),
                end=end,
                text=sentence[found.start() : end],
                value=value,
                rounded=rounded,
                basis=basis,
                unit=unit,
                unit_noun=noun,
                rejected=rejected,
            )
        )
    return out


def _signed(before: str) -> bool:
    """« : - 100 € », « (+341 €) »: a change, not a price; a leading bullet is no sign."""
    return bool(_SIGN.search(before.rstrip()[-2:])) and not _BULLET.fullmatch(before)


def _value(number: str) -> tuple[Decimal, bool]:
    """The amount, and whether it had to be rounded to the cent ("0.052 €")."""
    digits = re.sub(r"[\s\u00a0\u202f]", "", number)
    if "," in digits:
        whole, _, decimals = digits.rpartition(",")
        whole = whole.replace(".", "")
    elif "." in digits:
        whole, _, decimals = digits.rpartition(".")
        if len(decimals) == 3 and whole != "0":  # "1.500 €": thousands
            whole, decimals = whole.replace(".", "") + decimals, ""
        else:
            whole = whole.replace(".", "")
    else:
        whole, decimals = digits, ""
    exact = Decimal(f"{whole}.{decimals or '0'}")
    value = exact.quantize(CENT, rounding=ROUND_HALF_UP)
    return value, value != exact


def _unit(rest: str) -> tuple[str, str | None]:
    """The billing unit after an amount as a unit column would hold it ("m²/an", "stère",
    "par repas" when « par » is written), and its noun."""
    slash = _SLASH_UNIT.match(rest)
    if slash:
        parts = [p.strip() for p in slash["unit"].split("/") if p.strip()]
        return "/".join(parts), parts[0]
    per = _PER_UNIT.match(rest)
    if per is None:
        return "", None
    noun = per["noun"]
    written = " ".join(per["unit"].split()).rstrip(",;.")
    if written.lower().startswith("par"):
        return written, noun
    if noun.lower() not in UNIT_NOUNS:  # "62 € le 1er janvier"
        return "", None
    return re.sub(r"^(?:le|la|l['’])\s*", "", written, flags=re.I), noun


def _context_unit(context: _Context) -> str:
    found = _CONTEXT_UNIT.search(context.text)
    if found and found["noun"].lower() in UNIT_NOUNS:
        return found["noun"]
    return ""


# --- Labels ------------------------------------------------------------------------------


def _label(
    match: _Match, before: str, tail: str, context: _Context | None, sentence_object: str
) -> tuple[str, list[str]]:
    """What is priced, and for whom when both are written.

    « Label : 3 € », « la taxe d'affouage à 62 € », « Forfait 7 jours à 50 € » (a list
    item), « 3.40 € pour les enfants », the unit (« par repas »), the lead-in's object.
    """
    head = _BULLET.sub("", before).rstrip()
    whom = _tidy(_for_whom(tail, match))
    if context is not None:
        whom = _resolve_pronoun(whom, context)
    label = ""
    if head.endswith(":"):
        label = re.split(r"[:;]", head[:-1])[-1]
    if not label:
        label = _object(head)
    if not label and context is not None and head and not _PRICE_NOUN.search(head):
        label = _TRAILING.sub("", head)
    label = _tidy(label) or sentence_object
    if label and whom:
        return label, [whom]
    label = label or whom
    if not label and match.unit_noun and match.unit_noun.lower() in UNIT_NOUNS:
        label = _tidy(match.unit_noun)
    if not label and context is not None:
        label = _tidy(_object(context.text))
    return label, []


def _object(text: str) -> str:
    """What a price noun names: « la taxe d'affouage à » → « taxe d'affouage »."""
    nouns = list(_PRICE_NOUN.finditer(text))
    if not nouns:
        return ""
    noun = nouns[-1]
    phrase = _TRAILING.sub("", text[noun.start() :]).strip()
    if noun.group().lower() in GENERIC_PRICE_NOUNS:
        phrase = phrase[len(noun.group()) :]
        phrase = _ADJECTIVES.sub("", phrase)
        phrase = _LEADING.sub("", phrase.strip())
    return _LABEL_END.sub("", phrase).strip()


def _for_whom(tail: str, match: _Match) -> str:
    """Who the price is for, written after it: « 3.40€ pour les enfants qui … »."""
    rest = _NET.sub("", tail, count=1)
    if match.unit:
        unit = _SLASH_UNIT.match(rest) or _PER_UNIT.match(rest)
        if unit:
            rest = rest[unit.end() :]
    found = _FOR.match(rest)
    if not found:
        return ""
    what = _LABEL_END.sub("", found["what"]).strip(" .;:")
    return re.sub(r"\s+(?:et|ou)$", "", what)


def _tidy(label: str) -> str:
    label = " ".join(label.split()).strip(" -–—•:;,.")
    label = re.sub(r"^(?:le|la|les|l['’])\s*", "", label, flags=re.I)
    return label[:1].upper() + label[1:]


def _resolve_pronoun(label: str, context: _Context) -> str:
    """« Ceux qui prennent leur repas » after « pour les enfants : » → « Enfants qui … »."""
    first, _, rest = label.partition(" ")
    if first.lower() not in PRONOUNS:
        return label
    noun = _CONTEXT_FOR.search(context.text)
    if noun is None:
        return label
    name = noun["noun"]
    return f"{name[:1].upper()}{name[1:]} {rest}".strip()


# --- Lines and findings ---------------------------------------------------------------------


def _price(
    statement: _Statement,
    start: int,
    end: int,
    match: _Match,
    label: str,
    conditions: list[str],
    unit: str,
    recital: bool,
) -> _Price:
    page = statement.page
    bbox = statement.bbox(start, end, whole_lines=True)
    amount_bbox = statement.bbox(start + match.start, start + match.end, whole_lines=False)
    line = ServiceLine(
        category=None,
        group=None,
        label=label,
        conditions=conditions,
        amount=match.value,
        tax_basis=match.basis,
        unit=unit,
        page=page,
        bbox=bbox,
        amount_bbox=amount_bbox,
        amount_text=match.text,
        origin="text",
    )
    shown = f"{money(match.value)}{' HT' if match.basis is TaxBasis.HT else ''}"
    shown = f"{shown} {unit}".strip()
    findings = [
        Finding(
            severity=Severity.WARNING,
            code="text.price_to_confirm",
            message=f"Tarif lu dans le texte, à confirmer : « {line.full_label} » {shown} "
            f"(page {page}).",
            page=page,
            bbox=bbox,
        )
    ]
    if match.rounded:
        findings.append(
            Finding(
                severity=Severity.WARNING,
                code="text.price_rounded",
                message=f"Tarif « {line.full_label} » écrit « {match.text} » : arrondi au centime "
                f"({money(match.value)}), à vérifier (page {page}).",
                page=page,
                bbox=amount_bbox,
            )
        )
    return _Price(line, findings, recital)


def _drop_restated_recitals(prices: Sequence[_Price]) -> list[_Price]:
    """A price in a « Considérant » that the decision states again is kept once.

    The two units need only agree in their first word (« m²/an » and « m?/an », one of
    them misread in a scan), or one of them be unwritten."""
    decided = [p.line for p in prices if not p.recital]
    return [p for p in prices if not p.recital or not any(_restates(d, p.line) for d in decided)]


def _restates(decided: ServiceLine, recital: ServiceLine) -> bool:
    roots = {_unit_root(decided.unit), _unit_root(recital.unit)}
    return (
        decided.amount == recital.amount
        and decided.tax_basis == recital.tax_basis
        and (len(roots) == 1 or "" in roots)
    )


def _unit_root(unit: str) -> str:
    """The first word of a unit that says what is counted (« par », « le » skipped)."""
    words = [w for w in _UNIT_LETTERS.findall(unit.casefold()) if w not in UNIT_FILLER_WORDS]
    return words[0] if words else ""
