from pathlib import Path

import pytest

from pipeline.errors import DamagedPdf, EncryptedPdf, FileMissing, NotAPdf
from pipeline.read import read_document
from tests.conftest import corpus_file


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("broken_not_a_pdf.pdf", NotAPdf),
        ("broken_password.pdf", EncryptedPdf),
        ("broken_truncated.pdf", DamagedPdf),
    ],
)
def test_unreadable_files_raise_typed_errors(name: str, error: type) -> None:
    with pytest.raises(error) as caught:
        read_document(corpus_file(name))
    message = str(caught.value)
    assert name in message
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissing):
        read_document(tmp_path / "absent.pdf")


def test_text_pages_are_read_with_rules_and_fills(sample_pdf: Path) -> None:
    document = read_document(sample_pdf)
    assert len(document.pages) == 3
    assert not document.ocr
    table_page = document.pages[1]
    assert any(w.text == "Messagerie" for w in table_page.words)
    assert sum(1 for r in table_page.rules if r.horizontal) >= 20
    assert table_page.fills, "shaded heading rows are kept"


def test_footnote_markers_are_flagged_as_superscripts(sample_pdf: Path) -> None:
    page = read_document(sample_pdf).pages[2]
    supers = [w for w in page.words if w.superscript]
    assert supers and all(w.text == "1" for w in supers)
    public = next(w for w in page.words if w.text == "public")
    assert not public.superscript


def test_reading_never_modifies_the_file(sample_pdf: Path) -> None:
    before = sample_pdf.read_bytes()
    read_document(sample_pdf)
    assert sample_pdf.read_bytes() == before
