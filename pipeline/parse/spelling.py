"""Words of a label misread by OCR, taken back to the French word they stand for.

At 150 dpi, OCR reads a word with a letter changed for one of the same shape
(« Messaaerie » for « Messagerie », « sérvice » for « service ») with a confidence high
enough to pass unnoticed: the line then bears a label the document does not have. A word
read from a scan is taken for a known word when all of these hold:

- no list knows it: neither the French words of ``pyspellchecker`` (a word in the plural
  counts when its singular is known), nor the trade's words shipped in
  ``known_words.txt``, nor the words of the known billing units;
- it is a common word: written in lower case, or capitalised as the first word of its
  label (a capitalised word further on is a proper noun: « salle Pétrarque »), of
  letters only (no digits, not an acronym) and long enough;
- exactly one known word differs from it, and by one letter only, a letter OCR confuses
  with the one read (:data:`WORD_MATCHING`): an accent read where there is none, or a
  letter of the same shape. A word read without the accent its known form has is left
  alone, since documents themselves leave accents out (« Etablissement »), and so is a
  word read with another accent (« évènement », « événement »).

An acronym read with a figure for a capital of the same shape (« Téléphonie 1P ») is
written as the trade's acronym it then spells (« IP », listed in ``known_words.txt``);
any other code of figures and capitals (« 1A », « T2 ») is left as read.

A mark no label begins with (« _ », « ‘ », « . »), read before a label's first letter,
is a speck of the scan and taken away; so is a dot that glues a word to a number
(« Moins de.1 000 habitants »). The figure of « 1er » read « l » (« ler ») is put back.
A square metre whose raised 2 was read « ? » (« m? »,
« 22,5m?2 ») is written « m² », and a number glued to a known word in small letters
(« 4disques », « niveau2 ») is set apart from it. :func:`snap_ocr_words` writes the
label so and says what was read in a warning with the value's page and box, so that
the audit shows it. A label typed in a text PDF is never changed, nor a word with
several candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pipeline.models import Extraction, Finding, ServiceLine, Severity, Tier
from pipeline.parse.tiers import DOT_BEFORE_NUMBER


def _pairs(pairs: str) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in pairs.split())


@dataclass(frozen=True)
class WordMatching:
    """When a word read by OCR is taken for the known word one letter away."""

    min_letters: int = 4
    """Shorter words are left as read: one letter changes them into another word..."""

    accented_small_words: tuple[tuple[str, str], ...] = (("dé", "de"), ("ét", "et"), ("lé", "le"))
    """... but for these, a grain of the scan read as an accent on a small word of every
    label (« mots dé passe »): French words, so no dictionary tells them, but words no
    tariff label holds."""

    confusions: frozenset[frozenset[str]] = field(
        default_factory=lambda: _pairs(
            "ao ae ag ce co dg eo gq gs gy nu nh hb il it ij lt ft uv vy"
        )
    )
    """Lower-case letters OCR reads one for the other (same shape at low resolution; a
    « g » whose tail the scan left faint is read « d »: « Pade internet » in the corpus
    scan read in bands). Accents are always confusable, in the one direction said in the
    module's text."""

    stray_marks: str = "_‘’'`.,:;|~"
    """Marks no label begins with: before its first letter, a speck of the scan."""

    digit_letters: tuple[tuple[str, str], ...] = (("1", "I"), ("0", "O"), ("5", "S"), ("8", "B"))
    """Figures OCR reads for a capital of the same shape, in an acronym (« Téléphonie 1P »):
    taken back only when the acronym so written is one of the trade's words."""


WORD_MATCHING = WordMatching()

_WORD = re.compile(
    r"\b(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{2,}\b"  # capitals and figures: a code
    r"|[^\W\d_]+(?:['’-][^\W\d_]+)*|\S+"
)
_ELISION = re.compile(r"^(?:[ldnsjmtc]|qu|jusqu|lorsqu|puisqu)['’]", re.I)
_GLUED_NUMBER = re.compile(r"[^\W\d_]+\.\d+")
"""A word and a number glued by a dot (« de.1 »), a speck of the scan: see DOT_BEFORE_NUMBER."""
_NUMBER_GLUED_TO_WORD = re.compile(r"^(\d+)([^\W\d_]{4,})$")
"""A number and a word read as one (« NAS 4disques »): a narrow space lost by OCR. Split
when the word is known and in small letters (« 10Go », « 4G » stay as read)."""
_WORD_GLUED_TO_NUMBER = re.compile(r"(?<![^\W_])([^\W\d_]{4,})(\d+)(?![^\W_])")
"""A word and the number after it read as one (« Abonnement niveau2 »): the space lost
by OCR. Split when the word is known and in small letters (« Office365 », « mp3 » stay
as read)."""
SQUARE_MISREAD = re.compile(r"(?<![^\W\d_])[mM](?:\?°?|°\??)2?(?![^\W\d_])")
"""« m² » as OCR reads its raised 2 in a scan (« m? », « m°? », « m?2 », « 22,5m? »,
« M? supplémentaire »): a metre stands alone or after a figure, and no French word
holds « m? »."""
ORDINAL_MISREAD = re.compile(r"(?<![^\W_])l(er|ère|re)(?![^\W_])")
"""« 1er », « 1ère », « 1re » as OCR reads their figure, a « l » (« Jacques ler d'Aragon »,
« le ler dimanche »): no French word is written so."""
SQUARE_METRE = "m²"
_FIELDS = ("label", "group", "category")


def squared(text: str) -> str:
    """``text`` with its square metres misread by OCR written « m² »."""
    return SQUARE_MISREAD.sub(_square_metre, text)


def _square_metre(match: re.Match[str]) -> str:
    """« m² », or « M² » at the head of a label (« M? supplémentaire »)."""
    return SQUARE_METRE.upper() if match[0][0] == "M" else SQUARE_METRE


@cache
def _french() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="fr").word_frequency.dictionary)


@cache
def trade_words() -> frozenset[str]:
    """The words of the trade shipped in ``known_words.txt``, in lower case."""
    text = resources.files("pipeline.parse").joinpath("known_words.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _bare(letter: str) -> str:
    decomposed = unicodedata.normalize("NFKD", letter)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Vocabulary:
    """The words a label may hold, and the known word a misread one stands for."""

    def __init__(self, extra: Iterable[str] = (), matching: WordMatching = WORD_MATCHING):
        self._words = _french() | trade_words() | {word.casefold() for word in extra}
        self.matching = matching

    def knows(self, word: str) -> bool:
        lower = word.casefold()
        if lower in self._words:
            return True
        if "-" in lower and all(self.knows(part) for part in lower.split("-") if part):
            return True
        return lower[-1:] in "sx" and lower[:-1] in self._words

    def acronym(self, token: str) -> str | None:
        """The trade's acronym ``token`` (capitals and figures) is a misreading of, its
        figures read for capitals of the same shape (« 1P » for « IP »), or None."""
        if not (token.isalnum() and token.isascii() and token.upper() == token):
            return None
        if not any(ch.isdigit() for ch in token) or not any(ch.isalpha() for ch in token):
            return None
        letters = dict(self.matching.digit_letters)
        if any(ch.isdigit() and ch not in letters for ch in token):
            return None
        written = "".join(letters.get(ch, ch) for ch in token)
        return written if written.casefold() in trade_words() else None

    def meant(self, word: str) -> str | None:
        """The single known word ``word`` is a misreading of, or None."""
        lower = word.casefold()
        small = dict(self.matching.accented_small_words).get(lower)
        if small is not None:
            return small.capitalize() if word[0].isupper() else small
        if not lower.isalpha() or self.knows(lower):
            return None
        if len(lower) < self.matching.min_letters:
            # a small word with a grain read as its accent (« uné représentation »): no
            # French word so written, and its bare letters one; any other change is
            # left, which would make another small word
            bare = "".join(_bare(letter) for letter in lower)
            if bare == lower or not self.knows(bare):
                return None
            found = {bare}
        else:
            found = shaped_like(lower, self._words, self.matching)
        if len(found) != 1:
            return None
        (known,) = found
        return known[0].upper() + known[1:] if word[0].isupper() else known


def shaped_like(word: str, words: Collection[str], matching: WordMatching) -> set[str]:
    """The words of ``words`` one letter away from ``word`` (in small letters), a letter
    OCR may have read as the one of ``word`` (:func:`_letters_like`)."""
    return {
        candidate
        for index, letter in enumerate(word)
        for other in _letters_like(letter, matching)
        if (candidate := word[:index] + other + word[index + 1 :]) in words
    }


@cache
def _letters_like(letter: str, matching: WordMatching) -> tuple[str, ...]:
    """The letters OCR may have read as ``letter``: the same without its accent, or one
    of the same shape. An accent changed for another is left alone (« évènement » and
    « événement » are both French)."""
    bare = _bare(letter)
    shaped = [other for pair in matching.confusions if letter in pair for other in pair - {letter}]
    return tuple(dict.fromkeys([bare] if bare != letter else shaped))


def respelt(text: str, vocabulary: Vocabulary) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with its misread common words written as known and the specks before its
    first letter taken away, and each change (read, written)."""
    changes: list[tuple[str, str]] = []
    unmarked = text.lstrip(vocabulary.matching.stray_marks).lstrip()
    if unmarked and unmarked != text:
        first_word = unmarked.split()[0]
        changes.append((text[: len(text) - len(unmarked)] + first_word, first_word))
        text = unmarked

    def apart(match: re.Match[str]) -> str:
        word, number = match.group(1), match.group(2)
        if not (word.islower() and vocabulary.knows(word)):
            return match.group(0)
        changes.append((match.group(0), f"{word} {number}"))
        return f"{word} {number}"

    text = _WORD_GLUED_TO_NUMBER.sub(apart, text)
    for glued in _GLUED_NUMBER.findall(text):
        changes.append((glued, DOT_BEFORE_NUMBER.sub(" ", glued)))
    text = DOT_BEFORE_NUMBER.sub(" ", text)
    changes.extend((m[0], _square_metre(m)) for m in SQUARE_MISREAD.finditer(text))
    text = squared(text)
    changes.extend((match[0], "1" + match[1]) for match in ORDINAL_MISREAD.finditer(text))
    text = ORDINAL_MISREAD.sub(r"1\1", text)
    first = True

    def replace(match: re.Match[str]) -> str:
        nonlocal first
        token, was_first = match.group(0), first
        first = False
        prefix = _ELISION.match(token)
        head = prefix.group(0) if prefix else ""
        word = token[len(head) :]
        acronym = vocabulary.acronym(word)
        if acronym is not None:
            changes.append((word, acronym))
            return head + acronym
        glued = _NUMBER_GLUED_TO_WORD.match(word)
        if glued and glued[2].islower() and vocabulary.knows(glued[2]):
            apart = f"{glued[1]} {glued[2]}"  # « 4disques »: the space lost between them
            changes.append((word, apart))
            return head + apart
        if not word or not word.isalpha() or word.isupper():
            return token
        if word[0].isupper() and not (was_first and not head and word[1:].islower()):
            return token  # a proper noun, or a word in capitals
        known = vocabulary.meant(word)
        if known is None:
            return token
        changes.append((word, known))
        return head + known

    return _WORD.sub(replace, text), changes


def snap_ocr_words(extraction: Extraction, known_words: Iterable[str] = ()) -> Extraction:
    """The extraction with the misread words of its scanned labels written as known (see
    the module's text), and a warning for each value changed."""
    if not extraction.source.ocr:
        return extraction
    vocabulary = Vocabulary(word for text in known_words for word in _WORD.findall(text))

    def snapped(item: ServiceLine | Tier) -> tuple[ServiceLine | Tier, list[Finding]]:
        if item.confidence is None:
            return item, []
        updates: dict[str, str] = {}
        changes: list[tuple[str, str]] = []
        for name in _FIELDS:
            text = getattr(item, name, None)
            if not text:
                continue
            written, changed = respelt(text, vocabulary)
            if changed:
                updates[name] = written
                changes.extend(changed)
        if not updates:
            return item, []
        label = updates.get("label", item.label)
        return item.model_copy(update=updates), [_finding(item, changes, label)]

    return extraction.rewritten(snapped)


def _finding(item: ServiceLine | Tier, changes: list[tuple[str, str]], label: str) -> Finding:
    said = ", ".join(f"« {read} » écrit « {written} »" for read, written in changes)
    return Finding(
        severity=Severity.WARNING,
        code="ocr.word_near",
        message=(
            f"Libellé lu par OCR et récrit : {said} (un mot inconnu à une lettre près d'un "
            f"mot connu, d'une lettre que l'OCR confond, ou une marque avant la première "
            f"lettre ou entre un mot et un nombre, un « m² » mal lu, ou un nombre collé à un "
            f"mot) ; « {label} » — à vérifier sur la page {item.page}."
        ),
        page=item.page,
        bbox=item.bbox,
    )
