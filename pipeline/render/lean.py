"""The copy of a Word document LibreOffice converts: its styles without those nothing uses.

A template made from Word's default document carries some 160 style definitions and
the 276 « latent styles » of Word's gallery; LibreOffice reads them all for every
document it opens, a third of the time a convention takes to become a PDF. The copy
given to LibreOffice keeps every part as it is but two:

- ``word/styles.xml`` loses the latent styles (Word's gallery settings, nothing
  printed) and the styles no part names: a style stays when any part names its id in
  a ``w:val`` (paragraphs, runs, tables, numbering, settings…), when it is a default
  style, or when a style that stays is based on it, linked to it or followed by it;
- ``word/stylesWithEffects.xml``, Word 2010's copy of the styles that LibreOffice
  does not read, is left out (with its relationship and content type).

The pages are the same (a test compares them); the document delivered is never
changed. The entries are stored, not compressed: LibreOffice has nothing to inflate.

    lean = LeanStyles()
    lean.copy(Path("convention.docx"), Path("/tmp/x/00001.docx"))
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = "word/styles.xml"
EFFECTS = "word/stylesWithEffects.xml"
_VALUE = re.compile(rb'w:val="([^"]*)"')
_EFFECTS_LINKS = {
    "word/_rels/document.xml.rels": re.compile(
        rb'<Relationship [^>]*Target="stylesWithEffects\.xml"[^>]*/>'
    ),
    "[Content_Types].xml": re.compile(
        rb'<Override [^>]*PartName="/word/stylesWithEffects\.xml"[^>]*/>'
    ),
}
_CHAINS = ("basedOn", "link", "next")
REMEMBERED = 64
"""Lean styles parts remembered (one per template and set of styles used)."""


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class LeanStyles:
    """Lean copies of documents; a template's styles are made lean once per set of
    styles its documents name (a document's styles are known by their CRC and size)."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, int, frozenset[bytes]], bytes | None] = {}

    def copy(self, docx: Path, target: Path) -> None:
        """Write the lean copy of ``docx`` to ``target``."""
        entries: dict[str, bytes] = {}
        named: set[bytes] = set()
        with zipfile.ZipFile(docx) as package:
            infos = {info.filename: info for info in package.infolist()}
            for name in infos:
                if name not in (STYLES, EFFECTS):
                    entries[name] = package.read(name)
                    if name.endswith(".xml"):
                        named.update(_VALUE.findall(entries[name]))
            styles = infos.get(STYLES)
            if styles is not None:  # the same template's styles: made lean once
                key = (styles.CRC, styles.file_size, frozenset(named))
                if key not in self._done:
                    if len(self._done) >= REMEMBERED:
                        self._done.clear()
                    self._done[key] = _lean(package.read(styles), key[2])
                entries[STYLES] = self._done[key] or package.read(styles)
            if EFFECTS in infos:
                for name, link in _EFFECTS_LINKS.items():
                    if name in entries:
                        entries[name] = link.sub(b"", entries[name])
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as copy:
            for name in infos:
                if name in entries:
                    copy.writestr(name, entries[name])


def _lean(data: bytes, named: frozenset[bytes]) -> bytes | None:
    """``styles.xml`` without the latent styles and the styles not ``named``; None when
    it cannot be read (the copy keeps it as it is)."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return None
    for latent in root.findall(_w("latentStyles")):
        root.remove(latent)
    styles = {style.get(_w("styleId")): style for style in root.findall(_w("style"))}
    keep = {
        sid
        for sid, style in styles.items()
        if sid is None or sid.encode("utf-8") in named or style.get(_w("default")) in ("1", "true")
    }
    waiting = list(keep)
    while waiting:
        style = styles.get(waiting.pop())
        if style is None:
            continue
        for chain in _CHAINS:
            link = style.find(_w(chain))
            other = link.get(_w("val")) if link is not None else None
            if other is not None and other not in keep:
                keep.add(other)
                waiting.append(other)
    for sid, style in styles.items():
        if sid not in keep:
            root.remove(style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
