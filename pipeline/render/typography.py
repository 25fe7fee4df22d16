"""French typography, enforced on every rendered document.

What the templates say (typed in Word) and what the values say (read from
deliberations, registers) are set in French once rendered, paragraph by paragraph:

- a narrow no-break space (U+202F) before « ; : ! ? » and inside « », in place of the
  ordinary space typed there;
- numbers whole: U+202F between groups of digits (« 3 500 »), a no-break space between
  a number and its word or unit (« 30 jours », « 50 € »), after « M. », « Mme »,
  « n° », « article », « annexe », « L. », and between an acronym and its number
  (« CDG 62 »), before a dash (« Annexe 2 – Tarifs »);
- typographic apostrophes (« d’Ablain ») between letters;
- non-breaking hyphens (Word's ``w:noBreakHyphen``) between digits (« 59-62 »,
  « 452-40 ») and, in titles, headings, headers and footers, in names
  (« Ablain-Saint-Nazaire »);
- « 1er », « 1re » with their letters in superscript.

Only characters are replaced (a space by another space, ' by ’): nothing is inserted
or removed, so that what the legal staff wrote stays as written. A space missing in the
template (« Article 4: ») is the template's to add; ``pipeline templates check`` does
not add it.

>>> french("la commune d'Arras : « Moins de 3 500 habitants »")
'la commune d’Arras\\u202f: «\\u202fMoins de 3\\u202f500\\xa0habitants\\u202f»'
"""

from __future__ import annotations

import copy
import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NBSP = "\u00a0"
NNBSP = "\u202f"
SPACES = " \u00a0"
TITLE_STYLES = ("Title", "Subtitle", "Heading")
"""Paragraph styles (ids) whose names keep their hyphens: titles and headings."""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- characters ---------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_RULES: list[tuple[re.Pattern[str], str]] = [
    # ' between letters: an elision or a name (d'Arras, O'Neil)
    (re.compile(rf"(?<={_LETTER})'(?={_LETTER})"), "’"),
    # before ; : ! ? used as punctuation (followed by a space, a closing sign or the end)
    (re.compile(r"[ \u00a0](?=[;:!?](?:[\s\u00a0\u202f»)\]…]|$))"), NNBSP),
    # inside « »
    (re.compile(r"(?<=«)[ \u00a0]"), NNBSP),
    (re.compile(r"[ \u00a0](?=»)"), NNBSP),
    # a number and the word or unit that follows it
    (re.compile(rf"(?<=\d) (?={_LETTER}|€|\$)"), NBSP),
    (re.compile(r"(?<=\d)[ \u00a0](?=%)"), NNBSP),
    # titles and references before a name or a number
    (re.compile(r"(?<![\w.])(?:M\.|MM\.|Mme|Mmes|Me|n°|N°|no\.) (?=\S)"), NBSP),
    (re.compile(r"(?<![\w])(?:[LRD]\.|art\.|article|Article|annexe|Annexe) (?=\d)"), NBSP),
    # an acronym and its number (CDG 62)
    (re.compile(r"(?<=\b[A-Z]{2})[A-Z]* (?=\d)"), NBSP),
    # never a dash at the start of a line
    (re.compile(r" (?=[–—])"), NBSP),
]
_DIGIT_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)")
_HYPHEN_DIGITS = re.compile(r"(?<=\d)-(?=\d)")
_HYPHEN_WORDS = re.compile(r"(?<=\w)-(?=\w)")
_ORDINAL = re.compile(r"(?<!\w)1(er|re)(?!\w)")


def french(text: str) -> str:
    """``text`` with its spaces and apostrophes set in French (same length)."""
    chars = list(text)
    for pattern, replacement in _RULES:
        for match in pattern.finditer(text):
            end = match.end()
            # replace only the space of the match (its last character)
            chars[end - 1] = replacement
        text = "".join(chars)
    for match in _DIGIT_GROUPS.finditer(text):
        for index in range(match.start(), match.end()):
            if chars[index] in SPACES:
                chars[index] = NNBSP
    return "".join(chars)


def unbreakable(text: str) -> str:
    """A label that never breaks across lines (« De 3 500 à 4 999 habitants »)."""
    return french(text).replace(" ", NBSP)


# --- documents ----------------------------------------------------------------------------


def _paragraph(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != _w("p"):
        parent = parent.getparent()
    return parent


def _is_title(paragraph: etree._Element) -> bool:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    value = style.get(_w("val"), "") if style is not None else ""
    return value.startswith(TITLE_STYLES)


def _text(value: str) -> etree._Element:
    element = etree.Element(_w("t"))
    element.text = value
    element.set(XML_SPACE, "preserve")
    return element


_AFTER_VERTALIGN = ("rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def _superscript(properties: etree._Element) -> None:
    for old in properties.findall(_w("vertAlign")):
        properties.remove(old)
    mark = etree.Element(_w("vertAlign"))
    mark.set(_w("val"), "superscript")
    for child in properties:
        if etree.QName(child).localname in _AFTER_VERTALIGN:
            child.addprevious(mark)
            return
    properties.append(mark)


def _run(properties: etree._Element | None, children: list, sup: bool) -> etree._Element:
    run = etree.Element(_w("r"))
    props = copy.deepcopy(properties) if properties is not None else None
    if sup:
        props = props if props is not None else etree.Element(_w("rPr"))
        _superscript(props)
    if props is not None:
        run.append(props)
    for child in children:
        run.append(child)
    return run


def _pieces(text: str, hyphens: set[int], sup: set[int]) -> list[tuple[bool, etree._Element]]:
    """The w:t's text cut at its non-breaking hyphens and superscript letters:
    (superscript?, element) in order."""
    pieces: list[tuple[bool, etree._Element]] = []
    buffer, buffer_sup = "", False

    def flush() -> None:
        nonlocal buffer
        if buffer:
            pieces.append((buffer_sup, _text(buffer)))
            buffer = ""

    for index, char in enumerate(text):
        if index in hyphens:
            flush()
            pieces.append((buffer_sup, etree.Element(_w("noBreakHyphen"))))
            continue
        is_sup = index in sup
        if is_sup != buffer_sup:
            flush()
            buffer_sup = is_sup
        buffer += char
    flush()
    return pieces


def _rebuild(element: etree._Element, hyphens: set[int], sup: set[int]) -> None:
    """Replace one w:t by its pieces, splitting its run when some are superscript."""
    run = element.getparent()
    pieces = _pieces(element.text or "", hyphens, sup)
    if not any(is_sup for is_sup, _ in pieces) or run is None or run.tag != _w("r"):
        for _, piece in pieces:
            element.addprevious(piece)
        element.getparent().remove(element)
        return
    properties = run.find(_w("rPr"))
    children = [c for c in run if c is not properties]
    at = children.index(element)
    runs = []
    if children[:at]:
        runs.append(_run(properties, children[:at], False))
    group: list[etree._Element] = []
    group_sup = pieces[0][0]
    for is_sup, piece in pieces:
        if is_sup != group_sup and group:
            runs.append(_run(properties, group, group_sup))
            group = []
        group_sup = is_sup
        group.append(piece)
    if group:
        runs.append(_run(properties, group, group_sup))
    if children[at + 1 :]:
        runs.append(_run(properties, children[at + 1 :], False))
    for new in runs:
        run.addprevious(new)
    run.getparent().remove(run)


def typeset_paragraph(paragraph: etree._Element, *, title: bool = False) -> None:
    texts = [t for t in paragraph.iter(_w("t")) if _paragraph(t) is paragraph]
    if not texts:
        return
    whole = "".join(t.text or "" for t in texts)
    typed = french(whole)
    hyphens = {m.start() for m in _HYPHEN_DIGITS.finditer(typed)}
    if title or _is_title(paragraph):
        hyphens |= {m.start() for m in _HYPHEN_WORDS.finditer(typed)}
    sup = {i for m in _ORDINAL.finditer(typed) for i in range(m.start(1), m.end(1))}
    start = 0
    for element in texts:
        length = len(element.text or "")
        end = start + length
        if length:
            element.text = typed[start:end]
            local_h = {i - start for i in hyphens if start <= i < end}
            local_s = {i - start for i in sup if start <= i < end}
            if local_h or local_s:
                _rebuild(element, local_h, local_s)
            elif element.text != element.text.strip(" "):
                element.set(XML_SPACE, "preserve")
        start = end


def typeset(root: etree._Element, *, titles: bool = False) -> etree._Element:
    """Set every paragraph of a part in French; ``titles``: every paragraph is a title
    (headers and footers). Returns ``root``, changed in place."""
    for paragraph in list(root.iter(_w("p"))):
        typeset_paragraph(paragraph, title=titles)
    return root
