"""The scan styles do what they say, checked on pixels and PDF objects (no OCR)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
from PIL import Image
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from tests.pdfgen.scan import (
    PLAIN,
    STYLES,
    ScanStyle,
    halftone,
    keystone_corners,
    light_field,
    make_scan,
    perspective,
    scan,
    style_named,
)

PAGE = (216, 288)
"""A small portrait page (3 × 4 inches), so that every scan takes a few milliseconds."""
DPI = 60
LIGHT_BLUE = (0.74, 0.84, 0.93)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages: a light blue heading cell with a price under it, then a line of text."""
    path = tmp_path_factory.mktemp("scan") / "source.pdf"
    canvas = Canvas(str(path), pagesize=PAGE)
    canvas.setFillColor(Color(*LIGHT_BLUE))
    canvas.rect(20, 200, 176, 40, stroke=1, fill=1)
    canvas.setFillColor(Color(0, 0, 0))
    canvas.drawString(30, 215, "Tarif TTC")
    canvas.drawString(30, 170, "2,10 €")
    canvas.showPage()
    canvas.drawString(30, 250, "Page 2")
    canvas.save()
    return path


def _images(path: Path) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return [page.images[0] for page in pdf.pages]


def _jpeg(image: dict) -> Image.Image:
    return Image.open(io.BytesIO(image["stream"].get_rawdata()))


def _pixels(path: Path) -> list[np.ndarray]:
    return [np.asarray(_jpeg(image)) for image in _images(path)]


def test_every_named_style_scans_every_page(source, tmp_path) -> None:
    for name in STYLES:
        scanned = scan(source, tmp_path / f"{name}.pdf", replace(style_named(name), dpi=DPI))
        assert len(_images(scanned)) == 2, name
    with pytest.raises(KeyError):
        style_named("fax")


def test_a_plain_scan_is_a_grey_jpeg_at_its_resolution(source, tmp_path) -> None:
    scanned = make_scan(source, tmp_path / "plain.pdf", dpi=DPI, angle=0.8, pages={1})
    (image,) = _images(scanned)
    assert image["stream"]["Filter"].name == "DCTDecode"
    assert image["stream"]["ColorSpace"].name == "DeviceGray"
    assert (image["srcsize"]) == (PAGE[0] * DPI / 72, PAGE[1] * DPI / 72)
    with pdfplumber.open(scanned) as pdf:
        assert (pdf.pages[0].width, pdf.pages[0].height) == pytest.approx(PAGE)


def test_turned_90_is_landscape_and_turned_180_upside_down(source, tmp_path) -> None:
    upright = scan(source, tmp_path / "plain.pdf", replace(PLAIN, dpi=DPI, noise=0, specks=0))
    sideways = scan(source, tmp_path / "90.pdf", replace(STYLES["turned_90"], dpi=DPI))
    height, width = _pixels(sideways)[0].shape
    assert width > height
    flat = replace(STYLES["turned_180"], dpi=DPI, noise=0, specks=0)
    upside_down = _pixels(scan(source, tmp_path / "180.pdf", flat))[0].astype(int)
    straight = _pixels(upright)[0].astype(int)
    # the blue cell, at the top of the page, is at the bottom once turned
    assert straight[: straight.shape[0] // 2].mean() < straight[straight.shape[0] // 2 :].mean()
    assert np.abs(np.rot90(upside_down, 2) - straight).mean() < 2


def test_coloured_jpeg_embeds_an_rgb_jpeg_of_low_quality(source, tmp_path) -> None:
    coloured = scan(source, tmp_path / "c.pdf", replace(STYLES["coloured_jpeg"], dpi=DPI))
    plain = scan(source, tmp_path / "p.pdf", replace(PLAIN, dpi=DPI))
    image = _images(coloured)[0]
    assert image["stream"]["Filter"].name == "DCTDecode"
    assert image["stream"]["ColorSpace"].name == "DeviceRGB"
    jpeg = _jpeg(image)
    assert jpeg.mode == "RGB"
    # coarser quantisation than Pillow's default quality
    coarse = np.mean(jpeg.quantization[0])
    assert coarse > 1.5 * np.mean(_jpeg(_images(plain)[0]).quantization[0])
    # the heading cell keeps its colour: more blue than red
    red, _, blue = np.asarray(jpeg)[round((PAGE[1] - 225) * DPI / 72), 150].astype(int)
    assert blue - red > 25


def test_perspective_narrows_the_far_edge() -> None:
    page = Image.new("L", (300, 400), 255)
    seen = np.asarray(perspective(page, 0.04, 0))
    top, bottom = (np.flatnonzero(seen[row] > 128) for row in (2, 390))
    assert top[0] == pytest.approx(300 * 0.02, abs=1.5)
    assert bottom[0] <= 1
    assert (top[-1] - top[0]) < (bottom[-1] - bottom[0]) - 9
    corners = keystone_corners(300, 400, 0.04)
    assert corners[0] == (6.0, 0.0) and corners[3] == (0.0, 400.0)
    # the right edge is shorter too: its corners come in from the top and bottom
    assert corners[1][1] > 0 and corners[2][1] < 400


def test_a_photo_lies_on_a_desk_in_uneven_light(source, tmp_path) -> None:
    photo = scan(source, tmp_path / "photo.pdf", replace(STYLES["photo"], dpi=DPI))
    pixels = _pixels(photo)[1].astype(float)
    height, width, _ = pixels.shape
    assert (width, height) > (PAGE[0] * DPI / 72, PAGE[1] * DPI / 72)
    grey = pixels.mean(axis=2)
    assert grey[:3, :3].mean() < 140  # the desk around the page
    # the page's paper is brighter where the light comes from (top left)
    lit = grey[int(0.2 * height) : int(0.3 * height), int(0.15 * width) : int(0.3 * width)]
    dim = grey[int(0.8 * height) : int(0.9 * height), int(0.7 * width) : int(0.85 * width)]
    assert lit.mean() - dim.mean() > 20
    field = light_field(100, 100, 0.25, 0.12)
    assert field.max() <= 1 and field[0, 0] > field[-1, -1] > 0.6


def test_halftone_prints_a_grey_as_dots_of_the_same_mean() -> None:
    grey = Image.new("L", (300, 300), round(0.8 * 255))
    dots = np.asarray(halftone(grey, 100, 600))
    assert set(np.unique(dots)) == {0, 255}
    assert dots.mean() == pytest.approx(0.8 * 255, abs=10)


def test_the_same_style_gives_the_same_pixels(source, tmp_path) -> None:
    style = replace(STYLES["photo"], dpi=DPI, skew=1.2)
    first = scan(source, tmp_path / "a.pdf", style)
    (tmp_path / "again").mkdir()
    second = scan(source, tmp_path / "again" / "a.pdf", style)
    assert first.read_bytes() == second.read_bytes()
    other = scan(source, tmp_path / "b.pdf", replace(style, seed=8))
    assert not np.array_equal(_pixels(first)[0], _pixels(other)[0])


def test_a_style_is_a_frozen_value() -> None:
    with pytest.raises(AttributeError):
        PLAIN.dpi = 300  # type: ignore[misc]
    assert ScanStyle() == PLAIN
