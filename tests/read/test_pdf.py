import contextlib
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


# --- damaged, blank and turned pages ------------------------------------------------------


def _sample_with(sample_pdf: Path, tmp_path: Path, old: bytes, new: bytes) -> Path:
    data = sample_pdf.read_bytes()
    assert old in data
    path = tmp_path / "abime.pdf"
    path.write_bytes(data.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    "box",
    [b"/MediaBox [/a /b /c /d]", b"/MediaBox [0 0 612 792] /Rotate (x)"],
    ids=["names-mediabox", "string-rotate"],
)
def test_a_damaged_page_dictionary_is_a_damaged_pdf_naming_the_page(
    sample_pdf: Path, tmp_path: Path, box: bytes
) -> None:
    """Closing the file used to read the page tree again and raise a bare error instead."""
    path = _sample_with(sample_pdf, tmp_path, b"/MediaBox[0 0 612 792]", box)
    with pytest.raises(DamagedPdf) as caught:
        read_document(path)
    assert str(caught.value).startswith("abime.pdf, page 1 : PDF endommagé")


def test_a_page_limit_stops_at_the_first_page_over_it(sample_pdf: Path) -> None:
    from pipeline.errors import LimitExceeded

    with pytest.raises(LimitExceeded, match="limite de 2 pages"):
        read_document(sample_pdf, max_pages=2)
    assert len(read_document(sample_pdf, max_pages=3).pages) == 3


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    from pipeline.errors import EmptyFile

    (tmp_path / "vide.pdf").write_bytes(b"")
    with pytest.raises(EmptyFile, match=r"vide\.pdf : fichier vide"):
        read_document(tmp_path / "vide.pdf")


def _reportlab_pdf(path: Path, *, blank_first: bool = False) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=A4)
    if blank_first:
        drawing.showPage()
    drawing.setFont("Helvetica", 12)
    drawing.drawString(72, 760, "Séance du 10 juillet 2025 : tarifs de la messagerie")
    drawing.drawString(72, 740, "Messagerie 12,50 € par boîte et par mois")
    drawing.line(72, 735, 400, 735)
    drawing.showPage()
    drawing.save()
    return path


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_page_turned_by_its_rotate_reads_like_an_upright_one(tmp_path: Path, rotate: int) -> None:
    import pypdfium2 as pdfium

    upright = _reportlab_pdf(tmp_path / "droit.pdf")
    document = pdfium.PdfDocument(upright)
    document[0].set_rotation(rotate)
    document.save(tmp_path / "tourne.pdf")
    document.close()

    expected = read_document(upright).pages[0]
    page = read_document(tmp_path / "tourne.pdf").pages[0]
    assert [w.text for w in page.words] == [w.text for w in expected.words]
    assert "Messagerie" in [w.text for w in page.words]
    assert [w.bbox for w in page.words] == [w.bbox for w in expected.words]
    assert page.rules == expected.rules
    assert (page.width, page.height) == (expected.width, expected.height)
    assert page.rotation == {90: 90, 180: 180, 270: -90}[rotate]
    assert expected.rotation == 0


def test_a_blank_first_page_gives_an_extraction(tmp_path: Path) -> None:
    """Reported: « zip() argument 2 is longer than argument 1 » locating the date."""
    from pipeline.extract import extract

    extraction = extract(_reportlab_pdf(tmp_path / "blanche.pdf", blank_first=True))
    assert extraction.source.pages >= 1


def test_pdfminer_warnings_never_reach_the_terminal(
    sample_pdf: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import logging

    path = _sample_with(sample_pdf, tmp_path, b"/MediaBox[0 0 612 792]", b"/MediaBox[0 0 612]")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        with contextlib.suppress(DamagedPdf):
            read_document(path)
    finally:
        logging.getLogger().removeHandler(handler)
    assert any(r.name.startswith("pdfminer") for r in records), "the log still gets them"
    assert capfd.readouterr().err == ""
