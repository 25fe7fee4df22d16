"""Control characters are removed from a document's words before the parse reads them."""

from __future__ import annotations

from pipeline.parse.clean import clean_page, clean_words
from pipeline.read.document import Page, Word


def _word(text: str, x0: float = 0.0) -> Word:
    return Word(text=text, x0=x0, top=0.0, x1=x0 + 10, bottom=10.0, size=10.0)


def test_nul_escape_and_direction_marks_are_removed_and_counted() -> None:
    words = [_word("Licen\x00ce"), _word("\x1b[31m16,80", 20), _word("€\u202e", 40)]
    cleaned, removed = clean_words(words)
    assert [w.text for w in cleaned] == ["Licence", "[31m16,80", "€"]
    assert removed == 3
    assert words[0].text == "Licen\x00ce"  # the words given are left as they were


def test_a_word_of_control_characters_only_is_dropped() -> None:
    cleaned, removed = clean_words([_word("\x00\x01"), _word("Tarif", 20)])
    assert [w.text for w in cleaned] == ["Tarif"] and removed == 2


def test_a_clean_page_is_returned_as_it_is_without_finding() -> None:
    page = Page(1, 595.0, 842.0, [_word("Tarif")])
    same, finding = clean_page(page)
    assert same is page and finding is None


def test_a_page_with_control_characters_gets_a_warning_naming_it() -> None:
    page = Page(3, 595.0, 842.0, [_word("Bo\x00îte")])
    cleaned, finding = clean_page(page)
    assert [w.text for w in cleaned.words] == ["Boîte"]
    assert finding is not None and finding.code == "text.control_chars" and finding.page == 3
    assert "page 3" in finding.message
