"""Paragraphs set in French once, remembered: the same bytes as setting each one afresh."""

from __future__ import annotations

from lxml import etree

from pipeline.render.engine import W_NAMESPACE, FastTemplate, ParagraphCache
from pipeline.render.typography import typeset
from tests.render.helpers import TEMPLATES
from tests.render.test_engine import contexts

NAMES = ["convention_tripartite.docx", "annexe2_tarifs.docx"]
BODY = f"<w:body {W_NAMESPACE}>{{}}</w:body>"


class Afresh:
    """No memory: every part is set in French paragraph by paragraph (the reference)."""

    def typeset(self, xml: str, *, titles: bool = False) -> None:
        return None


def test_documents_are_byte_for_byte_those_set_afresh():
    cached = [FastTemplate(TEMPLATES / name) for name in NAMES]
    afresh = [FastTemplate(TEMPLATES / name) for name in NAMES]
    for template in afresh:
        template.paragraphs = Afresh()  # type: ignore[assignment]
    for context in contexts():  # one collectivité of each tier
        for mine, reference in zip(cached, afresh, strict=True):
            assert mine.render(context) == reference.render(context)
    remembered = sum(len(t.paragraphs._done) for t in cached)
    assert 0 < remembered < len(list(contexts())) * 100  # the clauses once, not per document


def reference(xml: str, *, titles: bool = False) -> str:
    """The part set in French as a whole tree, serialized."""
    return etree.tostring(typeset(etree.fromstring(xml), titles=titles), encoding="unicode")


def normal(xml: str) -> str:
    """The part as it is, serialized the same way."""
    return etree.tostring(etree.fromstring(xml), encoding="unicode")


def test_a_paragraph_is_set_as_typeset_sets_it_titles_included():
    body = BODY.format(
        "<w:p><w:r><w:t>Article 4: M. Dupont, CDG 62 ; « 3 500 habitants »</w:t></w:r></w:p>"
        "<w:p/>"
        '<w:p w:rsidR="00A1"><w:r><w:t xml:space="preserve">Ablain-Saint-Nazaire, le 1er</w:t>'
        "</w:r></w:p>"
    )
    cache = ParagraphCache()
    for titles in (False, True):
        once = cache.typeset(body, titles=titles)
        assert once is not None
        assert normal(once) == reference(body, titles=titles)
        assert cache.typeset(body, titles=titles) == once  # from memory, the same
    assert "\u202f;" in cache.typeset(body)  # type: ignore[operator]


def test_what_cannot_be_cut_into_paragraphs_is_left_to_the_whole_part():
    cache = ParagraphCache()
    text_box = BODY.format(
        "<w:p><w:r><w:txbxContent><w:p><w:r><w:t>Dans la boîte : oui</w:t></w:r></w:p>"
        "</w:txbxContent></w:r></w:p>"
    )
    assert cache.typeset(text_box) is None
    other_prefix = (
        '<x:body xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<x:p><x:r><x:t>Article 4: oui</x:t></x:r></x:p></x:body>"
    )
    assert cache.typeset(other_prefix) is None
    assert cache.typeset(BODY.format("<w:p><w:r><w:t>ouvert</w:t></w:r>")) is None
    assert cache.typeset(BODY.format("<w:p><w:r><w:t>a &nbsp; b</w:t></w:r></w:p>")) is None


def test_memory_is_bounded():
    cache = ParagraphCache(size=3)
    for number in range(10):
        cache.typeset(BODY.format(f"<w:p><w:r><w:t>Ligne {number} : oui</w:t></w:r></w:p>"))
    assert len(cache._done) <= 3
