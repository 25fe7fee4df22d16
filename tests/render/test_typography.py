"""French typography set on rendered documents (pipeline/render/typography.py)."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.render.typography import NBSP, NNBSP, W, french, typeset, unbreakable

P = f'<w:p xmlns:w="{W}">{{}}</w:p>'


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ("Article 4 : objet", f"Article{NBSP}4{NNBSP}: objet"),
        ("« la collectivité »", f"«{NNBSP}la collectivité{NNBSP}»"),
        ("vraiment ? oui ; non !", f"vraiment{NNBSP}? oui{NNBSP}; non{NNBSP}!"),
        ("De 3 500 à 4 999 habitants", f"De 3{NNBSP}500{NBSP}à 4{NNBSP}999{NBSP}habitants"),
        ("1 234,56 €", f"1{NNBSP}234,56{NBSP}€"),
        ("la commune d'Arras", "la commune d’Arras"),
        ("M. René HOCQ, n° 2025/31", f"M.{NBSP}René HOCQ, n°{NBSP}2025/31"),
        ("le CDG 62", f"le CDG{NBSP}62"),
        ("Annexe 2 – Tarifs", f"Annexe{NBSP}2{NBSP}– Tarifs"),
        ("12 %", f"12{NNBSP}%"),
    ],
)
def test_spaces_and_apostrophes(typed, set_):
    assert french(typed) == set_
    assert len(french(typed)) == len(typed)  # nothing inserted, nothing removed


@pytest.mark.parametrize(
    "kept", ["Alerte :warning: :smile:", "=cmd|' /C calc'!A0", "https://exemple.fr", "2025/31"]
)
def test_what_is_not_french_punctuation_is_kept(kept):
    assert french(kept) == kept


def test_a_tier_label_never_breaks():
    assert " " not in unbreakable("Moins de 2 000 habitants")


def _paragraph(xml: str) -> etree._Element:
    return etree.fromstring(P.format(xml))


def _text(paragraph: etree._Element) -> str:
    out = ""
    for node in paragraph.iter(f"{{{W}}}t", f"{{{W}}}noBreakHyphen"):
        if node.tag.endswith("noBreakHyphen"):
            out += "‑"
        else:
            sup = node.getparent().find(f"{{{W}}}rPr/{{{W}}}vertAlign")
            out += ("^" if sup is not None else "") + (node.text or "")
    return out


def test_first_of_the_month_in_superscript_and_numbers_unbroken_across_runs():
    paragraph = _paragraph(
        "<w:r><w:rPr><w:b/><w:lang w:val='fr-FR'/></w:rPr><w:t>au 1er avril 2026, Fibre 59</w:t>"
        "</w:r><w:r><w:t>-62 et 3 </w:t></w:r><w:r><w:t>500 habitants</w:t></w:r>"
    )
    typeset(paragraph)
    assert _text(paragraph) == f"au 1^er avril 2026, Fibre 59‑62{NBSP}et 3{NNBSP}500{NBSP}habitants"
    raised = paragraph.find(f".//{{{W}}}vertAlign/../..")
    properties = raised.find(f"{{{W}}}rPr")
    names = [etree.QName(c).localname for c in properties]
    assert names == ["b", "vertAlign", "lang"]  # the schema's order, bold kept


def test_names_in_titles_keep_their_hyphens():
    xml = "<w:pPr><w:pStyle w:val='Title'/></w:pPr><w:r><w:t>Ablain-Saint-Nazaire</w:t></w:r>"
    title = _paragraph(xml)
    typeset(title)
    assert _text(title) == "Ablain‑Saint‑Nazaire"
    body = _paragraph("<w:r><w:t>Ablain-Saint-Nazaire</w:t></w:r>")
    typeset(body)
    assert _text(body) == "Ablain-Saint-Nazaire"
    header = _paragraph("<w:r><w:t>Ablain-Saint-Nazaire</w:t></w:r>")
    typeset(header, titles=True)
    assert _text(header) == "Ablain‑Saint‑Nazaire"
