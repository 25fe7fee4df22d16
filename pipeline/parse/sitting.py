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


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces (same length kept)."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c)) or char
        out.append(base[0] if len(base) >= 1 else char)
    return "".join(out).lower()


def parse_date(text: str) -> dt.date | None:
    match = _DATE_RE.search(fold(text))
    return _date_of(match) if match else None


def _date_of(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group(1):
            return dt.date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
        return dt.date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None


_COUNT_WORDS = NUMBER_WORDS


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
            flat, low, r"secretaire de seance(?: designe(?:e)?)?\s+(?:est\s+)?"
        ),
        **_attendance(low),
        number=(own := _own_number(text)),
        references=_references(low, own),
        effective_date=_effective_date(low),
        enforceable_date=_enforceable_date(low),
        **_vote(low),
    )


def _sitting_date(low: str) -> dt.date | None:
    patterns = [
        rf"s'est reuni(?:e)?\s+(?:en seance\s+)?(?:publique\s+)?le\s+(?:{_DATE})",
        rf"seance du\s+(?:{_DATE})",
        rf"delibere en seance.{{0,80}}?le\s+(?:{_DATE})",
    ]
    for pattern in patterns:
        match = re.search(pattern, low)
        inner = _DATE_RE.search(match.group(0)) if match else None
        if inner:
            return _date_of(inner)
    return _date_in_words(low)


_IN_WORDS = re.compile(
    rf"l'an\s+(?P<year>(?:(?:{WORDS})[\s-]*)+),?\s+le\s+(?P<day>(?:(?:{WORDS})[\s-]*)+?)"
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
        folded = fold(line)
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


def _title(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title: list[str] = []
    for index, line in enumerate(lines[:16]):
        folded = fold(line)
        if re.search(r"s'est reuni|^vu |^etaient|^le president|^l'an ", folded):
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
    match = re.search(r"delibere (?:en seance,?\s+)?a\s+([^,]+?),\s+les?\s", low)
    if not match:
        match = re.search(r"\ba\s+([a-z' -]+?),\s+sous la presidence", low)
    if not match:
        return None
    start, end = match.span(1)
    place = flat[start:end].strip()
    place = re.sub(r"^(?:la\s+)?(?:salle|mairie|siege).*?\ba\s+", "", place, flags=re.I)
    return place or None


def _person_after(flat: str, low: str, lead: str) -> str | None:
    match = re.search(lead + rf"(?:{_CIVILITY}\s+)?", low)
    if not match:
        return None
    rest = flat[match.end() :]
    name = re.split(r",|\s[–-]\s|;|\.\s|\(", rest, maxsplit=1)[0]
    name = re.sub(r"\s+(?:president|presidente|maire|vice-president)\b.*$", "", name, flags=re.I)
    name = name.strip(" .")
    words = name.split()
    return " ".join(words[:5]) or None


_LISTS = {
    "present": rf"{_WHO}presente?s?\s*:",
    "proxy": rf"{_WHO}(?:absente?s?|excusee?s?)(?:\s+(?:ou|et)\s+excusee?s?)?\s+ayant\s+donne"
    rf"\s+(?:pouvoir|procuration)\s*:",
    "absent": rf"{_WHO}(?:absente?s?|excusee?s?)(?:\s+(?:ou|et)\s+excusee?s?)?\s*:",
    "represented": rf"{_WHO}(?:representee?s?|pouvoirs?|procurations?)\s*:",
}
_LIST_END = re.compile(
    r"\bvu\s+(?:le|la|les|l')|secretaire de seance|\ble (?:conseil|comite|bureau|president)\b"
    r"|\ble quorum|\bmembres en exercice|\bvotants\s*:"
)
_OUT_OF_TOTAL = re.compile(r"(\d+)\s+(?:membres?\s+|administrateurs?\s+)?presente?s?\s+sur\s+(\d+)")


def _attendance(low: str) -> dict[str, int | None]:
    """Present, absent and represented members: counted in the lists of names, or read
    where they are given as numbers ("Présents : 17", "18 membres présents sur 32").

    Members who gave a proxy are absent (and represented); the names inside
    "(pouvoir à …)" are the holders', present already, and not counted again.
    """
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
        section = low[stop:limit]
        end = _LIST_END.search(section)
        section = section[: end.start()] if end else section[:3000]
        number = re.match(r"\s*(\d+)\b", section)
        found = int(number.group(1)) if number else _persons(section)
        if found is not None:
            counts[kind] = counts.get(kind, 0) + found
    present = counts.get("present")
    absent = None
    if "absent" in counts or "proxy" in counts:
        absent = counts.get("absent", 0) + counts.get("proxy", 0)
    represented = counts.get("represented", counts.get("proxy"))
    total = _OUT_OF_TOTAL.search(low)
    if total and present is None:
        present = int(total.group(1))
        absent = absent if absent is not None else int(total.group(2)) - present
    return {"present_count": present, "absent_count": absent, "represented_count": represented}


def _persons(section: str) -> int | None:
    section = re.sub(r"\([^)]*\)", " ", section)  # "(pouvoir à Mme …)": the holder
    persons = re.findall(rf"(?:^|[\s:–,;-])(?:{_CIVILITY}|mm\.)\s", section)
    return len(persons) if persons else None


_REFERENCE = (
    r"deliberations?\s+(?:n\s*[°o]\s*|numero\s+)?(\d{4}\s*[/-]\s*\d{1,4}|\d{1,4}\s*/\s*\d{4})"
)


def _own_number(text: str) -> str | None:
    """The deliberation's own number, in its heading ("Délibération n° 2025/58")."""
    for line in text.splitlines()[:12]:
        folded = fold(line)
        if re.search(r"s'est reuni|^\s*vu\s", folded):
            break
        match = re.match(rf"\s*(?:extrait\s+.*?)?{_REFERENCE}", folded)
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


def _vote(low: str) -> dict[str, object]:
    counts: dict[str, object] = {}
    for key, pattern in (
        ("votes_for", r"(\d+|\w+)\s+voix\s+pour|\bpour\s*:\s*(\d+)"),
        ("votes_against", rf"(\d+|{_COUNT_WORDS})\s+(?:voix\s+)?contre\b|\bcontre\s*:\s*(\d+)"),
        ("abstentions", r"(\d+|\w+)\s+abstentions?|\babstentions?\s*:\s*(\d+)"),
    ):
        match = re.search(pattern, low)
        if match:
            counts[key] = _number(match.group(1) or match.group(2))
    rejected = re.search(r"\b(rejette|n'adopte pas|refuse d'adopter|est rejetee?)\b", low)
    if re.search(r"a l'unanimite", low) and not counts:
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


def _effective_date(low: str) -> dt.date | None:
    match = re.search(
        r"(?:applicables?|appliques?|en vigueur|prend(?:ront)? effet|effectifs?)\s+"
        r"(?:a compter du|a partir du|au|le|des le)\s+"
        rf"(?:{_DATE})"
        rf"|(?:a|avec) effet (?:du|au|le|a compter du)\s+(?:{_DATE})"
        rf"|a compter du\s+(?:{_DATE})",
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
