"""The copy LibreOffice converts: the styles in use and their chains, nothing else changed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from pipeline.render.lean import EFFECTS, STYLES, LeanStyles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"


def style(sid: str, *, kind: str = "paragraph", default: bool = False, **chains: str) -> str:
    links = "".join(f'<w:{name} w:val="{value}"/>' for name, value in chains.items())
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{sid}"><w:name w:val="{sid}"/>{links}</w:style>'
    )


STYLES_XML = (
    f"<w:styles {NS}><w:docDefaults/>"
    '<w:latentStyles w:count="2"><w:lsdException w:name="Normal"/>'
    '<w:lsdException w:name="Light Shading"/></w:latentStyles>'
    + style("Normal", default=True)
    + style("TableNormal", kind="table", default=True)
    + style("Titre", basedOn="Normal", next="Corps", link="TitreCar")
    + style("Corps", basedOn="Normal")
    + style("TitreCar", kind="character")
    + style("Note", basedOn="Normal")
    + style("Grille", kind="table", basedOn="TableNormal")
    + style("LightShading", kind="table")
    + style("Heading9", basedOn="Normal")
    + "</w:styles>"
).encode()

DOCUMENT = (
    f'<w:document {NS}><w:body><w:p><w:pPr><w:pStyle w:val="Titre"/></w:pPr></w:p>'
    '<w:tbl><w:tblPr><w:tblStyle w:val="Grille"/></w:tblPr></w:tbl></w:body></w:document>'
).encode()
FOOTNOTES = f'<w:footnotes {NS}><w:p><w:pPr><w:pStyle w:val="Note"/></w:pPr></w:p></w:footnotes>'


def package(path: Path, *, effects: bool = True) -> Path:
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://x/styles" Target="styles.xml"/>'
        + (
            '<Relationship Id="rId2" Type="http://x/effects" Target="stylesWithEffects.xml"/>'
            if effects
            else ""
        )
        + "</Relationships>"
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/styles.xml" ContentType="a/styles"/>'
        + (
            '<Override PartName="/word/stylesWithEffects.xml" ContentType="a/effects"/>'
            if effects
            else ""
        )
        + "</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(TYPES, types)
        archive.writestr(RELS, rels)
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("word/footnotes.xml", FOOTNOTES)
        archive.writestr(STYLES, STYLES_XML)
        if effects:
            archive.writestr(EFFECTS, STYLES_XML)  # names every style: not a use of one
        archive.writestr("docProps/thumbnail.jpeg", b"\xff\xd8 not read")
    return path


def ids(data: bytes) -> set[str]:
    root = etree.fromstring(data)
    return {s.get(f"{{{W}}}styleId") for s in root.findall(f"{{{W}}}style")}


def test_the_styles_named_their_chains_and_the_defaults_stay(tmp_path):
    source = package(tmp_path / "source.docx")
    LeanStyles().copy(source, tmp_path / "lean.docx")
    with zipfile.ZipFile(tmp_path / "lean.docx") as lean:
        kept = ids(lean.read(STYLES))
        assert kept == {"Normal", "TableNormal", "Titre", "Corps", "TitreCar", "Note", "Grille"}
        assert b"latentStyles" not in lean.read(STYLES)
        assert all(info.compress_type == zipfile.ZIP_STORED for info in lean.infolist())
        names = set(lean.namelist())
        assert EFFECTS not in names
        assert b"stylesWithEffects" not in lean.read(RELS) + lean.read(TYPES)
        assert b'Target="styles.xml"' in lean.read(RELS)
        with zipfile.ZipFile(source) as original:
            for name in names - {STYLES, RELS, TYPES}:
                assert lean.read(name) == original.read(name), name
            assert names == set(original.namelist()) - {EFFECTS}


def test_a_document_without_word_2010_styles_or_readable_styles_is_kept(tmp_path):
    source = package(tmp_path / "plain.docx", effects=False)
    LeanStyles().copy(source, tmp_path / "lean.docx")
    with zipfile.ZipFile(tmp_path / "lean.docx") as lean, zipfile.ZipFile(source) as original:
        assert lean.read(RELS) == original.read(RELS) and lean.read(TYPES) == original.read(TYPES)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for name in original.namelist():
            copy.writestr(name, b"<w:styles" if name == STYLES else original.read(name))
    LeanStyles().copy(broken, tmp_path / "lean2.docx")
    with zipfile.ZipFile(tmp_path / "lean2.docx") as lean:
        assert lean.read(STYLES) == b"<w:styles"


def test_the_lean_styles_are_made_once_per_template_and_styles_used(tmp_path):
    lean = LeanStyles()
    for number in range(3):
        lean.copy(package(tmp_path / f"{number}.docx"), tmp_path / f"lean{number}.docx")
    assert len(lean._done) == 1
