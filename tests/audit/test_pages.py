from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.audit.pages import PageImage, render_pages
from pipeline.errors import DamagedPdf, FileMissing
from tests.audit.drawn import COLUMNS, HEIGHT, WIDTH, Drawn

RESOLUTION = 110


def _picture(page: PageImage) -> Image.Image:
    header, encoded = page.data_uri.split(",", 1)
    assert header in ("data:image/png;base64", "data:image/jpeg;base64")
    return Image.open(io.BytesIO(base64.b64decode(encoded))).convert("L")


def _ink(picture: Image.Image, box: tuple[float, float, float, float], inset: float) -> int:
    """Dark pixels inside ``box`` (PDF points), ``inset`` points away from its edges."""
    scale = picture.width / WIDTH
    x0, top, x1, bottom = box
    area = picture.crop(
        (
            round((x0 + inset) * scale),
            round((top + inset) * scale),
            round((x1 - inset) * scale),
            round((bottom - inset) * scale),
        )
    )
    return sum(area.histogram()[:128])


def test_every_page_is_rendered_at_its_size_in_points(drawn: Drawn) -> None:
    pages = render_pages(drawn.pdf, resolution=RESOLUTION)
    assert [page.number for page in pages] == [1, 2]
    for page in pages:
        assert (round(page.width, 1), round(page.height, 1)) == (round(WIDTH, 1), round(HEIGHT, 1))
        picture = _picture(page)
        assert picture.width == pytest.approx(WIDTH * RESOLUTION / 72, abs=2)


def test_the_boxes_fall_on_the_ink_of_the_values(drawn: Drawn) -> None:
    pages = render_pages(drawn.pdf, resolution=RESOLUTION)
    values = [*drawn.extraction.services, *drawn.extraction.strata]
    for value in values:
        picture = _picture(pages[value.page - 1])
        assert _ink(picture, value.amount_bbox, inset=2) > 20, value.label
    # beside the table, at the height of its rows: blank paper
    line = drawn.extraction.services[0]
    beside = (COLUMNS[-1] + 5, line.bbox[1], WIDTH - 5, line.bbox[3])
    assert _ink(_picture(pages[0]), beside, inset=0) == 0
    # just above the first row: blank paper too, so a box shifted by a row would show
    above = (line.bbox[0], line.bbox[1] - 15, line.bbox[2], line.bbox[1] - 2)
    assert _ink(_picture(pages[0]), above, inset=0) == 0


def test_bytes_and_path_give_the_same_pages(drawn: Drawn) -> None:
    from_path = render_pages(drawn.pdf)
    from_bytes = render_pages(drawn.pdf.read_bytes())
    assert [p.data_uri for p in from_path] == [p.data_uri for p in from_bytes]


def test_damaged_bytes_raise_a_typed_error() -> None:
    with pytest.raises(DamagedPdf):
        render_pages(b"%PDF-1.4\nthis is not really a PDF")


def test_a_missing_file_raises_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(FileMissing):
        render_pages(tmp_path / "absent.pdf")
