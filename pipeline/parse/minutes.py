"""A document's lines split into its deliberations.

A single deliberation is one section, the whole document. The minutes of a sitting
(procès-verbal, compte rendu) hold one deliberation per point of the agenda, each opened
by a heading set apart by its style (bold, larger or upper case) and numbered the same
way through the document: "POINT 3 – Prix de l'eau :", "2020-045 CANTINE- TARIFS …",
"11. Centre des Entreprises à Roanne - Modification de la grille tarifaire",
"DELIBERATION N° 2021-12", "Objet : …". Each section says how its vote went, whether
the council only took note of a report, and whether it sets prices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.models import Deliberation
from pipeline.parse.layout import Line, centred_in
from pipeline.parse.sitting import effective_date_of, fold, parse_sitting, vote_of
from pipeline.read.document import BBox

__all__ = ["VOCABULARY", "Section", "Vocabulary", "sitting_for", "split_sections"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The wordings that mark minutes, headings and decisions (folded: lower case, no
    accents, straight apostrophes)."""

    minutes: str = (
        r"proces[\s-]*verbal|\bpv du (?:conseil|comite|bureau)|compte[\s-]*rendu (?:de la seance"
        r"|du conseil|des deliberations|sommaire)|registre des deliberations de la seance"
    )
    """Said in the head of minutes, not of a single deliberation's register extract."""
    headings: tuple[tuple[str, str], ...] = (
        ("point", r"point\s+(?:n\s*[°o]\s*)?(\d{1,3})\b\s*[-–—:.)]?\s*(.*)"),
        (
            "deliberation",
            r"(?:deliberation|delib\.?)\s+(?:n\s*[°o]\s*|numero\s+)([\w/.-]*\d[\w/.-]*)"
            r"\s*[-–—:]?\s*(.*)",
        ),
        ("register", r"((?:de_)?\d{4}\s*[-_/]\s*\d{2,4}(?:[-/]\d{1,3})?)\s*[-–—:]?\s+(.*)"),
        ("numbered", r"(\d{1,2})\s*[.)]\s*[-–—]?\s*(\S.*)"),
        ("object", r"()objet\s*:\s*(.+)"),
    )
    """Ways of opening a point: (name, pattern on the folded line giving its label and
    its title). One way is used through a document."""
    closers: str = (
        r"^(?:questions?|informations?|affaires?) diverses?\b|^tableau des signatures"
        r"|la seance est (?:levee|close)|l'ordre du jour etant epuise|^noms?\s+signatures?\b"
    )
    """What ends the last point: the miscellany after the agenda, the closing words."""
    own_number: str = r"((?:de_)?\d{4}[-_/][\w/-]*\d)\b"
    """A deliberation's own number on the line under its heading ("2025-12-09-DCM-02")."""
    take_note: str = (
        r"\b(?:prend|prennent|a pris|ont pris|donne|donnent|a donne|ont donne)\s+acte\b"
    )
    decision: str = (
        r"\b(?:decide|decident|approuve|approuvent|adopte|adoptent|fixe|fixent|arrete|arretent"
        r"|accepte|acceptent|autorise|autorisent|designe|designent|vote|votent|admet|admettent"
        r"|attribue|attribuent|abroge|abrogent|valide|valident|emet|emettent|accorde|accordent)\b"
    )
    """A decision of the assembly's, as opposed to taking note."""
    assembly: str = r"\b(?:le|les membres du) (?:conseil|comite|bureau|assemblee)\b"
    tariff_object: str = (
        r"\btarif\w*|\bredevances?\b|\bprix (?:de|du|des|d')\b|participation des familles"
        r"|droits? d'(?:entree|inscription|acces)|droits? de (?:place|stationnement)"
        r"|fixation (?:du|des|de la|de l') (?:prix|tarif|taxe|redevance|montant)"
    )
    """Said in a point's title when its object is prices."""
    tariff_decision: str = (
        r"\bfixe(?:nt)?\b[^.;]{0,40}?\b(?:tarifs?|prix|redevances?|taxe|participations?)\b"
        r"|\b(?:adopte|adoptent|approuve|approuvent|accepte|acceptent|arrete|arretent|vote"
        r"|votent)\b[^.;]{0,20}?\b(?:les|le|la|ces|nouveaux?) (?:nouveaux )?(?:tarifs?|prix"
        r"|grilles? tarifaires?)\b|\btarifs suivants\b"
    )
    """Said in a point's decision when it sets prices."""


VOCABULARY = Vocabulary()

HEADING_GAP = 5
"""Two points in a row are at most this many numbers apart (points withdrawn)."""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    """The deliberation's object as written ("Tarifs de la cantine scolaire")."""
    number: str | None
    """Its own number if written ("2025-12-09-DCM-02", "2020-045", "11")."""
    start: tuple[int, float]
    """(page number, top y) where the section begins."""
    end: tuple[int, float] | None
    """Where the next section (or the closing words) begins; None: end of document."""
    text: str
    vote: str | None
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    takes_note: bool
    """The assembly only takes note of a report ("prend acte"): it sets no tariff."""
    about_tariffs: bool
    """Its object or its decision sets prices."""

    def contains(self, page: int, top: float) -> bool:
        if (page, top) < self.start:
            return False
        return self.end is None or (page, top) < self.end


Pages = Sequence[tuple[int, Sequence[Line]]]


def split_sections(
    pages: Pages, vocabulary: Vocabulary = VOCABULARY, tables: Sequence[tuple[int, BBox]] = ()
) -> list[Section]:
    """The document's deliberations, in order: one for a single deliberation, one per
    point for minutes (their head, before the first point, belongs to none). No title
    nor heading of a point is taken from the lines inside the ``tables`` (page, box): a
    bold band of a table (« Les autres marchés de la Ville (exonération… ») is no
    deliberation's title."""
    rows = [(number, line) for number, lines in pages for line in lines if line.words]
    if not rows:
        return []
    outside = [
        index
        for index, (number, line) in enumerate(rows)
        if not any(number == page and centred_in(line.bbox, box, 0.0) for page, box in tables)
    ]
    if _is_minutes(rows, vocabulary):
        headings = _headings(rows, _body_size(rows), vocabulary, outside)
        if headings:
            return _sections(rows, headings, vocabulary)
    return [_single(rows, vocabulary, outside)]


def sitting_for(sections: Sequence[Section], sitting: Deliberation) -> Deliberation:
    """The sitting as the deliberation that sets the tariffs: for minutes of several
    points, the title, number, vote and date of application of the first point about
    tariffs (none of them when it does not say), and no vote at all when no point is
    about tariffs: the minutes' first vote is another point's. A single deliberation's
    sitting is returned as it is."""
    if len(sections) < 2:
        return sitting
    tariff = next((s for s in sections if s.about_tariffs), None)
    if tariff is None:
        return sitting.model_copy(
            update={"vote": None, "votes_for": None, "votes_against": None, "abstentions": None}
        )
    update: dict[str, object] = {
        "title": tariff.title,
        "number": tariff.number,
        "vote": tariff.vote,
        "votes_for": tariff.votes_for,
        "votes_against": tariff.votes_against,
        "abstentions": tariff.abstentions,
    }
    low = fold(" ".join(tariff.text.split()))
    # the point's own decision first: its recitals recall the previous tariffs' dates
    update["effective_date"] = effective_date_of(_decision_part(low)) or effective_date_of(low)
    return sitting.model_copy(update=update)


def _is_minutes(rows: list[tuple[int, Line]], vocabulary: Vocabulary) -> bool:
    first = rows[0][0]
    head = " ".join(line.text for number, line in rows[:40] if number == first)
    if re.search(vocabulary.minutes, fold(head)):
        return True
    explicit = dict(vocabulary.headings)
    folded = (fold(line.text).strip() for _, line in rows)
    count = sum(
        1
        for low in folded
        if re.match(explicit["deliberation"], low) or re.match(explicit["object"], low)
    )
    return count >= 2


def _body_size(rows: list[tuple[int, Line]]) -> float:
    """The running text's font size: the size most words are set in."""
    weights: dict[float, int] = {}
    for _, line in rows:
        size = round(line.size * 2) / 2
        weights[size] = weights.get(size, 0) + len(line.words)
    return max(weights, key=lambda size: (weights[size], -size))


def _styled(line: Line, title: str, body: float) -> bool:
    """Set apart from the running text: bold, larger, or in capitals."""
    letters = [c for c in title if c.isalpha()]
    upper = len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.6 * len(letters)
    return line.bold or line.size >= body + 0.75 or upper


@dataclass(frozen=True, slots=True)
class _Heading:
    index: int
    label: str
    order: int | None
    title: str


def _headings(
    rows: list[tuple[int, Line]], body: float, vocabulary: Vocabulary, candidates: Sequence[int]
) -> list[_Heading]:
    """The points' headings, among the ``candidates`` rows: of the ways of numbering
    points, the one that gives the longest run of styled headings numbered in order."""
    best: list[_Heading] = []
    for _, pattern in vocabulary.headings:
        found = []
        for index in candidates:
            line = rows[index][1]
            text = " ".join(line.text.split())
            match = re.fullmatch(pattern, fold(text))
            if not match or not _styled(line, text[match.start(2) :], body):
                continue
            label = re.sub(r"\s+", "", text[match.start(1) : match.end(1)])
            order = re.findall(r"\d+", label)
            found.append(
                _Heading(index, label, int(order[-1]) if order else None, text[match.start(2) :])
            )
        chain = _in_order(found)
        if len(chain) > len(best):
            best = chain
    return best


def _in_order(found: list[_Heading]) -> list[_Heading]:
    """The longest run of headings whose numbers rise by 1 to ``HEADING_GAP``."""
    if not found or any(heading.order is None for heading in found):
        return found  # "Objet :" headings are not numbered
    runs: list[list[_Heading]] = []
    for heading in found:
        previous = [
            run for run in runs if 0 < (heading.order or 0) - (run[-1].order or 0) <= HEADING_GAP
        ]
        runs.append([*max(previous, key=len, default=[]), heading])
    return max(runs, key=len)


def _sections(
    rows: list[tuple[int, Line]], headings: list[_Heading], vocabulary: Vocabulary
) -> list[Section]:
    first = headings[0].index
    closers = [
        index
        for index, (_, line) in enumerate(rows)
        if index > first and re.search(vocabulary.closers, fold(" ".join(line.text.split())))
    ]
    sections = []
    for position, heading in enumerate(headings):
        after = headings[position + 1].index if position + 1 < len(headings) else len(rows)
        stop = min([after, *(c for c in closers if heading.index < c < after)])
        title_end = _title_end(rows, heading.index, stop)
        title = " ".join(
            [heading.title, *(rows[i][1].text for i in range(heading.index + 1, title_end))]
        )
        number = _own_number(rows, title_end, stop, vocabulary) or heading.label or None
        sections.append(
            _section(rows, heading.index, stop, _clean_title(title), number, vocabulary)
        )
    return sections


def _title_end(rows: list[tuple[int, Line]], index: int, stop: int) -> int:
    """After the heading's lines: those that continue it in its style."""
    page, heading = rows[index]
    previous = heading
    end = index + 1
    while end < stop:
        number, line = rows[end]
        close = 0 <= line.top - previous.bottom < 1.2 * max(previous.size, 1.0)
        if (
            number != page
            or line.bold != heading.bold
            or abs(line.size - heading.size) > 0.5
            or not close
        ):
            break
        previous = line
        end += 1
    return end


def _own_number(
    rows: list[tuple[int, Line]], start: int, stop: int, vocabulary: Vocabulary
) -> str | None:
    for _, line in rows[start : min(start + 2, stop)]:
        match = re.match(vocabulary.own_number, fold(line.text).strip())
        if match:
            return line.text.strip()[match.start(1) : match.end(1)]
    return None


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    title = re.sub(r"(\w)- (\w)", r"\1-\2", title)
    return title.strip(" :-–—.")


def _section(
    rows: list[tuple[int, Line]],
    start: int,
    stop: int,
    title: str,
    number: str | None,
    vocabulary: Vocabulary,
) -> Section:
    text = "\n".join(line.text for _, line in rows[start:stop])
    vote, votes_for, against, abstentions = vote_of(text)
    takes_note = _takes_note(text, vocabulary)
    tariffs = not takes_note and bool(
        re.search(vocabulary.tariff_object, fold(title))
        or re.search(vocabulary.tariff_decision, fold(" ".join(text.split())))
    )
    begin = (rows[start][0], rows[start][1].top)
    end = (rows[stop][0], rows[stop][1].top) if stop < len(rows) else None
    return Section(
        title=title,
        number=number,
        start=begin,
        end=end,
        text=text,
        vote=vote,
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstentions,
        takes_note=takes_note,
        about_tariffs=tariffs,
    )


def _takes_note(text: str, vocabulary: Vocabulary) -> bool:
    """The assembly's last word on the point takes note and decides nothing."""
    decision = _decision_part(fold(" ".join(text.split())), vocabulary)
    return bool(re.search(vocabulary.take_note, decision)) and not re.search(
        vocabulary.decision, decision
    )


def _decision_part(low: str, vocabulary: Vocabulary = VOCABULARY) -> str:
    """From the assembly's last mention that decides or takes note to the end ("Le
    Conseil communautaire, après en avoir délibéré à l'unanimité : - fixe …")."""
    said = [*re.finditer(vocabulary.assembly, low)]
    # the last mention followed by a decision or taking note: the one before the last
    # decision or taking note (found once, not searched again after every mention)
    last = max(
        (
            match.start()
            for pattern in (vocabulary.take_note, vocabulary.decision)
            for match in re.finditer(pattern, low)
        ),
        default=-1,
    )
    for mention in reversed(said):
        if mention.start() <= last:
            return low[mention.start() :]
    return low[said[-1].start() :] if said else low


def _single(rows: list[tuple[int, Line]], vocabulary: Vocabulary, titled: Sequence[int]) -> Section:
    text = "\n".join(line.text for _, line in rows)
    sitting = parse_sitting(text)
    candidates = [rows[index] for index in titled if rows[index][0] == rows[0][0]]
    title = _object_line(rows) or _display_title(candidates) or sitting.title or ""
    return _section(rows, 0, len(rows), _clean_title(title), sitting.number, vocabulary)


def _object_line(rows: list[tuple[int, Line]]) -> str | None:
    for _, line in rows[:60]:
        match = re.match(r"\s*objet\s*:\s*(.+)", fold(line.text))
        if match:
            return line.text[match.start(1) :]
    return None


_NOT_DISPLAY = re.compile(
    r"\bseance\b|\b\d{1,2}\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
    r"|octobre|novembre|decembre)\b|^\d{4}$|^\s*n\s*[°o]|accuse de reception|^extrait"
)


def _display_title(rows: list[tuple[int, Line]]) -> str | None:
    """The first page's largest bold block that is not the sitting's date nor a stamp."""
    if not rows:
        return None
    first = rows[0][0]
    lines = [line for number, line in rows if number == first]
    bold = [line for line in lines if line.bold and not _NOT_DISPLAY.search(fold(line.text))]
    if not bold:
        return None
    size = max(line.size for line in bold)
    block = [line for line in bold if abs(line.size - size) < 0.5]
    kept = [block[0]]
    for line in block[1:]:
        if line.top - kept[-1].bottom > 1.5 * size:
            break
        kept.append(line)
    return " ".join(line.text for line in kept)
