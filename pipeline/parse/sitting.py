"""The sitting's metadata from the deliberation's wording.

"Le Conseil d'Administration s'est réuni le Jeudi 10 Juillet 2025 à 10 heures 30, …
à BRUAY-LA-BUISSIERE, sous la présidence de M. René HOCQ", "Etaient présents : …",
"Etaient absents ou excusés : …", "Vu la délibération 2021/49 du …", "A l'unanimité
des membres présents" or "Par 15 voix pour, 2 voix contre et 1 abstention",
"applicables au 1er avril 2026", "Reçu en préfecture le …".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from pipeline.models import Deliberation
from pipeline.parse.numerals import NUMBER_WORDS, WORDS, words_to_int

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)?\s*"
_MONTH = "|".join(MONTHS)
_DATE = (
    rf"{_DAY}(\d{{1,2}})\s*(?:er)?\s+({_MONTH})\s+(\d{{4}})"
    r"|(\d{1,2})/(\d{1,2})/(\d{4})"
)
_DATE_RE = re.compile(_DATE)
_WHO = r"(?:(?:etaient|etait)\s+|(?:nombre\s+de\s+)?(?:membres|administrateurs)\s+|\b)"
"""What opens the list or the number of members present, absent or represented."""
_CIVILITY = r"(?:m\.|mme|mlle|mr|monsieur|madame|mademoiselle)"
_ASSEMBLIES = (
    r"conseil d'administration|comite syndical|bureau syndical|bureau|conseil municipal|"
    r"conseil communautaire|conseil metropolitain|comite directeur|assemblee generale"
)


class _Unaccented(dict[int, str]):
    """Each character without its accents (its first decomposed character), computed
    once per character for :meth:`str.translate`."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c)) or char
        self[code] = base[0]
        return base[0]


_UNACCENTED = _Unaccented()


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces (same length kept)."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    if not text.isascii():
        text = text.translate(_UNACCENTED)
    return text.lower()


def parse_date(text: str) -> dt.date | None:
    # single spaces: the pattern's ``\s*`` would otherwise scan a long run of spaces
    # again from each of its characters
    match = _DATE_RE.search(fold(" ".join(text.split())))
    return _date_of(match) if match else None


def _date_of(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group(1):
            return dt.date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
        return dt.date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None


_COUNT_WORDS = NUMBER_WORDS

NUMBER_WORDS_MAX = 10
"""The most words a year or a day written in words is read from ("mil huit cent
quatre-vingt-dix-neuf" has 7): a bounded repetition never backtracks over a long run."""
LINE_CHARS = 1000
"""The heading lines (authority, title, own number) are read from their first
characters: a heading is short, a hostile line of a megabyte is not read whole again."""
PLACE_CHARS = 200
"""The longest place name read before "sous la présidence" or the date."""


def _number(token: str) -> int:
    return int(token) if token.isdigit() else (words_to_int(token) or 0)


def parse_sitting(text: str) -> Deliberation:
    """Everything the text says about the sitting; absent facts stay None."""
    flat = " ".join(text.split())
    low = fold(flat)
    return Deliberation(
        date=_sitting_date(low),
        assembly=_assembly(flat, low),
        authority=_authority(text),
        title=_title(text),
        place=_place(flat, low),
        president=_person_after(flat, low, r"sous la presidence de\s+"),
        secretary=_person_after(
            flat, low, r"secretaire de seance(?: designe(?:e)?)?\s*:?\s+(?:est\s+)?"
        ),
        **_attendance_fields(text),
        number=(own := _own_number(text)),
        references=_references(low, own),
        effective_date=_effective_date(low),
        enforceable_date=_enforceable_date(low),
        **_vote(low),
    )


def _attendance_fields(text: str) -> dict[str, int | None]:
    seen = attendance(text)
    return {
        "present_count": seen.present,
        "absent_count": seen.absent,
        "represented_count": seen.represented,
    }


def _sitting_date(low: str) -> dt.date | None:
    """The date in the head of the text (minutes date other sittings further on)."""
    return _sitting_date_in(low[:HEAD_CHARS]) or _sitting_date_in(low)


def _sitting_date_in(low: str) -> dt.date | None:
    for pattern in _SITTING_DATES:
        match = re.search(pattern, low)
        inner = [*_DATE_RE.finditer(match.group(0))] if match else []
        if inner:
            # the date that closes the match: "séance publique du 19/12/2012 lundi 17
            # décembre 2012" is a stamp over the header's own date
            return _date_of(inner[-1])
    return _date_in_words(low)


_SITTING_DATES = (
    # "s'est réuni en mairie, Salle du Conseil Municipal, le lundi 16 décembre 2013"
    rf"s'est\s+(?:legalement\s+)?reuni(?:e|s)?\b[^.;]{{0,120}}?\ble\s+(?:{_DATE})",
    # "Séance publique du lundi 16 décembre 2013", "SEANCE DU 9 DECEMBRE 2025"
    rf"seance\s+(?:publique\s+|ordinaire\s+|extraordinaire\s+)?du\s+"
    rf"(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}\s+)?(?:{_DATE})",
    rf"delibere en seance.{{0,80}}?le\s+(?:{_DATE})",
)
"""Where the date of the sitting is written, the most explicit first."""


_IN_WORDS = re.compile(
    rf"l'an\s+(?P<year>(?:(?:{WORDS})[\s-]*){{1,{NUMBER_WORDS_MAX}}}),?\s+le\s+"
    rf"(?P<day>(?:(?:{WORDS})[\s-]*){{1,{NUMBER_WORDS_MAX}}}?)"
    rf"\s*(?:\d{{1,2}}\s+)?(?P<month>{_MONTH})\b"
)


def _date_in_words(low: str) -> dt.date | None:
    """ "L'an deux mille vingt-six, le douze février" (the old register form)."""
    match = _IN_WORDS.search(low)
    if not match:
        return None
    year, day = words_to_int(match["year"]), words_to_int(match["day"])
    if year is None or day is None:
        return None
    try:
        return dt.date(year, MONTHS[match["month"]], day)
    except ValueError:
        return None


def _assembly(flat: str, low: str) -> str | None:
    match = re.search(
        rf"\b({_ASSEMBLIES})\b\s*(?:,\s*)?(?:s'est reuni|regulierement convoque)", low
    )
    if not match:
        match = re.search(rf"\ble ({_ASSEMBLIES})\b", low)
    if not match:
        return None
    return _restore(flat, match.start(1), match.end(1), capitalize=True)


def _restore(flat: str, start: int, end: int, *, capitalize: bool = False) -> str:
    """The original text at the folded match's position (``fold`` keeps lengths)."""
    value = flat[start:end].strip(" ,;.")
    return value[:1].upper() + value[1:] if capitalize else value


def _authority(text: str) -> str | None:
    for line in text.splitlines()[:6]:
        folded = fold(line[:LINE_CHARS])
        if re.search(r"s'est reuni", folded):
            break
        match = re.match(
            r"\s*(centre de gestion|syndicat mixte|communaute (?:de communes|d'agglomeration"
            r"|urbaine)|commune de|ville de|departement)",
            folded,
        )
        if match:
            return _smart_case(line.strip()[match.start() :])
    return None


_SMALL = {"de", "du", "des", "la", "le", "les", "et", "d'", "l'", "à", "au", "aux", "en"}


def _smart_case(text: str) -> str:
    if not text.isupper():
        return text
    words = []
    for index, word in enumerate(text.lower().split()):
        if index and word in _SMALL:
            words.append(word)
        else:
            parts = word.split("-")
            words.append(
                "-".join(
                    p if i and p in _SMALL else p[:1].upper() + p[1:] for i, p in enumerate(parts)
                )
            )
    return " ".join(words)


_NOT_TITLE = re.compile(
    r"^(?:envoye|recu|publie|affiche|transmis)e?s?\b.*\ble\b|^id\s*:|accuse de reception"
    r"|^date de (?:teletransmission|reception|convocation|publication)|^\d{3}-\d{6,}"
    r"|^(?:extrait du registre|seance du|nombre de (?:membres|conseillers))"
    r"|^(?:deliberation|deliberations)\s+(?:n\s*[°o]|numero)"
)
"""Heading lines that are not the subject: the prefecture's stamp, the register's
header, the number of the deliberation, the date of the sitting or convocation."""


_HEAD_LISTS = re.compile(
    r"(?:presente?s?|absente?s?|excusee?s?|secretaire de seance|ordre du jour|nombre de"
    r" (?:membres|conseillers))\b"
)
"""The sitting's lists and agenda, after the title of minutes."""


def _title(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title: list[str] = []
    for index, line in enumerate(lines[:16]):
        folded = fold(line[:LINE_CHARS])
        if re.search(
            r"s' ?est (?:legalement )?reuni|^vu |^etaient|^le president|^l'an ", folded
        ) or (_HEAD_LISTS.match(folded)):
            break
        if (index == 0 and _authority(line)) or _NOT_TITLE.search(folded):
            continue
        title.append(line)
    if not title:
        return None
    joined = " ".join(title)
    joined = re.sub(r"(\w)- (\w)", r"\1-\2", joined)
    return joined


def _place(flat: str, low: str) -> str | None:
    match = re.search(rf"delibere (?:en seance,?\s+)?a\s+([^,]{{1,{PLACE_CHARS}}}?),\s+les?\s", low)
    if not match:
        match = re.search(rf"\ba\s+([a-z' -]{{1,{PLACE_CHARS}}}?),\s+sous la presidence", low)
    if not match:
        return None
    start, end = match.span(1)
    place = flat[start:end].strip()
    place = re.sub(r"^(?:la\s+)?(?:salle|mairie|siege).*?\ba\s+", "", place, flags=re.I)
    return place or None


_OFFICE = r"president|presidente|maire|vice-president"
_NEXT_HEADING = (
    r"compte[- ]rendu|approbation|ordre du jour|la seance|le quorum|presente?s\s*:"
    r"|secretaire de seance"
)


def _person_after(flat: str, low: str, lead: str) -> str | None:
    match = re.search(lead + rf"(?:{_CIVILITY}\s+)?(?:(?:le|la)\s+(?:{_OFFICE})\s*,\s*)?", low)
    if not match:
        return None
    rest = flat[match.end() :]
    name = re.split(r",|\s[–-]\s|;|\.\s|\(", rest, maxsplit=1)[0]
    name = re.sub(rf"\s+(?:{_OFFICE})\b.*$", "", name, flags=re.I)
    # minutes run the next heading on: "Catherine FREYBURGER Compte-rendu affiché le"
    if cut := re.search(rf"\s+(?:{_NEXT_HEADING})", fold(name)):
        name = name[: cut.start()]
    name = name.strip(" .")
    words = name.split()
    return " ".join(words[:5]) or None


HEAD_CHARS = 8000
"""Attendance is read in the head of the text: the minutes of a sitting hold many
deliberations after it, whose wording must not be taken for the sitting's lists."""

_LISTS = {
    "present": rf"{_WHO}presente?s?\s*:",
    "proxy": rf"(?:{_WHO}(?:absente?s?|excusee?s?)(?:\s+(?:ou|et)\s+excusee?s?)?\s+ayant\s+"
    rf"(?:donne|vote\s+par)\s+(?:pouvoir|procuration)[^:]{{0,120}}"
    r"|\bont\s+donne\s+(?:pouvoir|procuration))\s*:",
    "absent": rf"{_WHO}(?:absente?s?|excusee?s?)"
    r"(?:\s+(?:(?:ou|et)\s+)?(?:non\s+)?(?:excusee?s?|representee?s?))*\s*:",
    "represented": rf"{_WHO}(?:representee?s?|pouvoirs?|procurations?)\s*:",
}
"""What opens a list of names (or a number) of members present, absent, absent having
given a proxy, or represented."""
_LIST_END = re.compile(
    r"\bvu\s+(?:le|la|les|l')|secretaire de seance|\ble (?:conseil|comite|bureau|president)\b"
    r"|\ble quorum|\bmembres en exercice|\bvotants\s*:|\bnombre de (?:membres|conseillers)"
    r"|\ben exercice\b|la seance est ouverte"
)
_STATED = {
    "in_office": (
        r"\ben exercice\s*:?\s*(\d{1,3})\b",
        r"\b(\d{1,3})\s+(?:membres|conseillers|delegues|administrateurs)(?:\s+[a-z]+)?"
        r"\s+en\s+exercice",
    ),
    "present": (
        r"\bpresente?s?\s*:?\s*(\d{1,3})\b(?![/.,]\d)",
        r"\b(\d{1,3})\s+(?:membres\s+|conseillers\s+|delegues\s+|administrateurs\s+)?"
        r"presente?s?\b",
    ),
    "absent": (r"\babsente?s?\s*:?\s*(\d{1,3})\b(?![/.,]\d)",),
    "represented": (
        r"\b(?:pouvoirs?|procurations?|representee?s?)\s*:?\s*(\d{1,3})\b(?![/.,]\d)",
        r"\b(\d{1,3})\s+(?:pouvoirs?|procurations?)\b",
    ),
    "voters": (r"\bvotants\s*:?\s*(\d{1,3})\b", r"\b(\d{1,3})\s+votants\b"),
}
"""Counts stated as numbers ("Nombre de conseillers en exercice : 15 - Présents 14 -
Votants 14", "Pouvoirs : 2"); a stated count is preferred to a counted list."""
_OUT_OF_TOTAL = re.compile(
    r"(?<!\d)(\d+)\s+(?:membres?\s+|administrateurs?\s+)?presente?s?\s+sur\s+(\d+)"
)
_NOBODY = re.compile(r"\s*(?:neant|aucun|aucune|personne)\b")
_CIVILITY_TOKEN = re.compile(
    r"(?<![\w.])(?:monsieur|madame|mademoiselle|mme|mlle|mr|mm|m)(?:\s*\.\s*|\s+)(?=[a-z])"
)
_CIVILITY_COMMA = re.compile(r"(?<![\w.])M,\s+[A-ZÉÈ][a-zéèëï]+(?:-[A-ZÉÈ][a-zéèëï]+)?\s+[A-Z]{2}")
"""« M, Frédéric CARON »: « M. » read with a comma by OCR, before a first name and a name in
capitals."""
_NOT_LIST_END = {"mme", "mlle", "mmes", "mm", "mr", "st", "ste", "cf"}
_OFFICE_AFTER_NAME = re.compile(
    r"(?:conseill(?:er|ere)s?|maires?|adjointe?s?|vice-presidente?s?|presidente?s?|"
    r"delegue(?:e)?s?)\b(?:\s+(?:municipale?s?|communautaires?|departementale?s?))?"
    r"\s+(?:de|d'|du|des|au|a la)\b"
)
"""An office after a member's name (« Conseillère municipal de », « Adjoint au Maire
de »): a full stop just before it is a comma misread by OCR, and the list goes on."""
_SEPARATORS = re.compile(r"[,;]|\s[–-]\s|\set\s|\s&\s")


@dataclass(frozen=True, slots=True)
class Attendance:
    """Who sat: members in office, present, absent (with or without a proxy),
    represented by a proxy, and voters."""

    in_office: int | None = None
    present: int | None = None
    absent: int | None = None
    represented: int | None = None
    voters: int | None = None


def attendance(text: str) -> Attendance:
    """The sitting's attendance, each count taken once.

    A count stated as a number wins over the names listed for it ("Présents : 25"
    followed by 25 names is 25); members who gave a proxy are absent and represented;
    the names inside "(pouvoir à …)" are the holders', present already.
    """
    flat = " ".join(text.split())[:HEAD_CHARS]
    low = fold(flat)
    listed = _listed(flat, low)
    stated = {key: _stated(low, patterns) for key, patterns in _STATED.items()}
    total = _OUT_OF_TOTAL.search(low)
    if total:
        stated["present"] = stated["present"] or int(total.group(1))
        stated["in_office"] = stated["in_office"] or int(total.group(2))
    present = stated["present"] if stated["present"] is not None else listed.get("present")
    absent = stated["absent"]
    if absent is None and ("absent" in listed or "proxy" in listed):
        absent = listed.get("absent", 0) + listed.get("proxy", 0)
    if absent is None and stated["in_office"] is not None and present is not None:
        absent = max(stated["in_office"] - present, 0)
    represented = stated["represented"]
    if represented is None:
        represented = listed.get("represented", listed.get("proxy"))
    return Attendance(stated["in_office"], present, absent, represented, stated["voters"])


def _stated(low: str, patterns: tuple[str, ...]) -> int | None:
    found = [m for p in patterns if (m := re.search(p, low))]
    return int(min(found, key=lambda m: m.start()).group(1)) if found else None


def _listed(flat: str, low: str) -> dict[str, int]:
    """The count of each list of names (or the number that opens it)."""
    starts = sorted(
        (match.start(), match.end(), kind)
        for kind, lead in _LISTS.items()
        for match in re.finditer(lead, low)
    )
    # a proxy list also matches as an absent list at the same place: keep the longest
    lists: list[tuple[int, int, str]] = []
    for start, stop, kind in starts:
        if lists and start < lists[-1][1]:
            if stop - start > lists[-1][1] - lists[-1][0]:
                lists[-1] = (start, stop, kind)
            continue
        lists.append((start, stop, kind))
    counts: dict[str, int] = {}
    for index, (_, stop, kind) in enumerate(lists):
        limit = lists[index + 1][0] if index + 1 < len(lists) else len(low)
        end = _LIST_END.search(low, stop, limit)
        limit = end.start() if end else min(limit, stop + 3000)
        number = re.match(r"\s*(\d{1,3})\b", low[stop:limit])
        found = int(number.group(1)) if number else _persons(flat[stop:limit])
        if found is not None:
            counts[kind] = counts.get(kind, 0) + found
    return counts


def _persons(section: str) -> int | None:
    """Names in a list: its civilities when it uses them, otherwise its names, separated
    by commas or dashes ("Christine Aranéo - Marcel Augier", "Nicole BIGAS, Sophie …").
    The list stops at the first full stop after a word ("… WERTHLE."), not after "M."."""
    for stop in re.finditer(r"([^\W\d_]{2,})\.(?=\s|$)", section):
        after = fold(section[stop.end() : stop.end() + 12]).lstrip()
        if _CIVILITY_TOKEN.match(after):
            continue  # "…-LE-COMTE. Mme …": a dash misread as a full stop, the list goes on
        if _OFFICE_AFTER_NAME.match(fold(section[stop.end() : stop.end() + 40]).lstrip()):
            continue  # "… HENNEBELLE. Conseillère municipal de …": a comma misread
        if fold(stop.group(1)) not in _NOT_LIST_END:
            section = section[: stop.start(1) + len(stop.group(1))]
            break
    section = re.sub(r"\([^)]*\)", " ", section)  # "(pouvoir à Mme …)": the holder
    low = fold(section)
    if _NOBODY.match(low):
        return 0
    civilities = len(_CIVILITY_TOKEN.findall(low)) + len(_CIVILITY_COMMA.findall(section))
    if civilities:
        return civilities
    names = [chunk for chunk in _SEPARATORS.split(section) if _is_name(chunk)]
    return len(names) or None


def _is_name(chunk: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", chunk)
    capitalized = [w for w in words if w[0].isupper()]
    upper = [w for w in words if sum(c.isupper() for c in w) >= 2 and w.upper() == w]
    return len(capitalized) >= 2 or bool(upper)


_REFERENCE = (
    r"deliberations?\s+(?:n\s*[°o]\s*|numero\s+)?(\d{4}\s*[/-]\s*\d{1,4}|\d{1,4}\s*/\s*\d{4})"
)


_REGISTER_NUMBER = re.compile(r"\s*n\s*[°o]\s*(\d{4}\s*/\s*\d{1,4})\s*$")
"""The number alone on its line beside the register's header ("n° 2013 / 616")."""


def _own_number(text: str) -> str | None:
    """The deliberation's own number, in its heading ("Délibération n° 2025/58"), or
    alone on its line in a two-column register header ("n° 2013 / 616")."""
    lines = [fold(line[:LINE_CHARS]) for line in text.splitlines()[:16]]
    for folded in lines[:12]:
        if re.search(r"s'est reuni|^\s*vu\s", folded):
            break
        match = re.match(rf"\s*(?:extrait\s+.*?)?{_REFERENCE}", folded)
        if match:
            return re.sub(r"\s+", "", match.group(1))
    for folded in lines:
        if re.match(r"\s*vu\s", folded):
            break
        match = _REGISTER_NUMBER.match(folded)
        if match:
            return re.sub(r"\s+", "", match.group(1))
    return None


def _references(low: str, own: str | None) -> list[str]:
    """The deliberations it cites, not its own number."""
    found: list[str] = []
    for match in re.finditer(_REFERENCE, low):
        ref = re.sub(r"\s+", "", match.group(1))
        if ref not in found and ref != own:
            found.append(ref)
    return found


VoteResult = tuple[str | None, int | None, int | None, int | None]


def vote_of(text: str) -> VoteResult:
    """How a text says the vote went: ``(vote, for, against, abstentions)``, the vote
    being "unanimity", "majority", "rejected" or None when the text does not say.

    >>> vote_of("Par 13 voix POUR – 1 voix CONTRE, ACCEPTE les tarifs proposés")
    ('majority', 13, 1, None)
    """
    found = _vote(fold(" ".join(text.split())))
    return (
        found.get("vote"),  # type: ignore[return-value]
        found.get("votes_for"),
        found.get("votes_against"),
        found.get("abstentions"),
    )


_UNANIMITY = re.compile(r"a l'\s?u?n{1,2}animite")
"""« À l'unanimité », also as a 150 dpi scan may read it, its u lost against the
apostrophe (« A l'nanimité », « A l'nnanimité »)."""


def _vote(low: str) -> dict[str, object]:
    counts: dict[str, object] = {}
    for key, pattern in (
        # a count starts a word (``(?<!\w)``): a long word is tried once, not from
        # each of its letters
        ("votes_for", r"(?<!\w)(\d+|\w+)\s+voix\s+pour|\bpour\s*:\s*(\d+)"),
        (
            "votes_against",
            rf"((?<!\d)\d+|{_COUNT_WORDS})\s+(?:voix\s+)?contre\b|\bcontre\s*:\s*(\d+)",
        ),
        ("abstentions", r"(?<!\w)(\d+|\w+)\s+abstentions?|\babstentions?\s*:\s*(\d+)"),
    ):
        match = re.search(pattern, low)
        if match:
            counts[key] = _number(match.group(1) or match.group(2))
    rejected = re.search(r"\b(rejette|n'adopte pas|refuse d'adopter|est rejetee?)\b", low)
    if _UNANIMITY.search(low) and not counts:
        counts["vote"] = "rejected" if rejected else "unanimity"
    elif "votes_for" in counts:
        against = counts.get("votes_against", 0)
        adopted = int(counts["votes_for"]) > int(against or 0)  # type: ignore[arg-type]
        counts["vote"] = "majority" if adopted and not rejected else "rejected"
    elif rejected:
        counts["vote"] = "rejected"
    elif re.search(r"a la majorite", low):
        counts["vote"] = "majority"
    return counts


def effective_date_of(text: str) -> dt.date | None:
    """The date from which the text says its decision applies."""
    return _effective_date(fold(" ".join(text.split())))


def _effective_date(low: str) -> dt.date | None:
    match = re.search(
        r"(?:applicables?|appliques?|en vigueur|prend(?:ront)? effet|effectifs?)\s+"
        r"(?:a compter du|a partir du|au|le|des le)\s+"
        rf"(?:{_DATE})"
        rf"|(?:a|avec) effet (?:du|au|le|a compter du)\s+(?:{_DATE})"
        rf"|a compter du\s+(?:{_DATE})"
        rf"|(?:facture|percu|due?)e?s?\b[^.;]{{0,40}}?\ba partir du\s+(?:{_DATE})",
        low,
    )
    if not match:
        return None
    inner = _DATE_RE.search(match.group(0))
    return _date_of(inner) if inner else None


def _enforceable_date(low: str) -> dt.date | None:
    dates = []
    for lead in (
        r"recu en prefecture le",
        r"accuse de reception en prefecture.{0,160}?recu le",
        r"date de reception (?:en|par la) prefecture",
        r"publiee? le",
        r"affichee? le",
        r"transmise? en prefecture le",
    ):
        match = re.search(lead + rf"\s*:?\s*(?:{_DATE})", low)
        if match:
            # the date that follows the lead: the last one in the match
            inner = [*_DATE_RE.finditer(match.group(0))][-1]
            if day := _date_of(inner):
                dates.append(day)
    return max(dates) if dates else None
