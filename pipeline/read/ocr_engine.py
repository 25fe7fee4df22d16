"""Tesseract, run once per page, and its hOCR answer as lines of words and characters.

Tesseract is called directly (one subprocess per page, French model, automatic page
segmentation, character boxes in hOCR), so that several pages can run at once with
one OpenMP thread each; small images read again (cells, amounts) go many to a run.
Boxes are pixels of the image given, ``(x0, y0, x1, y1)``.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.errors import OcrUnavailable
from pipeline.worker import private_folder

LANGUAGE = "fra"
PAGE_SEGMENTATION = 3
"""Fully automatic layout analysis: keeps table cells as separate blocks of words."""

SINGLE_LINE = 7
"""For a block cut out of the page to be read again: one line of text."""

SINGLE_BLOCK = 6
"""One block of level lines, never turned: reads a sideways page as noise, which is what
telling the page's orientation by reading needs."""

INSTALL_HINT = (
    "installez tesseract-ocr et tesseract-ocr-fra "
    "(apt-get install tesseract-ocr tesseract-ocr-fra)."
)

PxBox = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class OcrChar:
    text: str
    box: PxBox


@dataclass(slots=True)
class OcrWord:
    text: str
    box: PxBox
    confidence: float
    chars: list[OcrChar] = field(default_factory=list)


@dataclass(slots=True)
class OcrLine:
    box: PxBox
    baseline: tuple[float, float]
    """hOCR's ``baseline slope offset``: y = y1 + offset + slope * (x - x0)."""
    height: float
    """hOCR's ``x_size``: the line's height in pixels (ascenders to descenders)."""
    words: list[OcrWord] = field(default_factory=list)

    def baseline_at(self, x: float) -> float:
        slope, offset = self.baseline
        return self.box[3] + offset + slope * (x - self.box[0])


def tesseract_version(path: Path | None = None) -> str:
    """The Tesseract version, checking that it and its French model are installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable(
            "ce PDF est une numérisation et Tesseract n'est pas installé : " + INSTALL_HINT,
            path=path,
        )
    version, languages = _probe(binary)
    if LANGUAGE not in languages:
        raise OcrUnavailable(
            "ce PDF est une numérisation et le modèle français de Tesseract manque : "
            + INSTALL_HINT,
            path=path,
        )
    return version


def tesseract_environment() -> dict[str, str]:
    """The environment of every Tesseract process: one OpenMP thread, always."""
    return dict(os.environ, OMP_THREAD_LIMIT="1")


@functools.cache
def _probe(binary: str) -> tuple[str, frozenset[str]]:
    try:
        env = tesseract_environment()
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=30, check=True, env=env
        ).stdout
        listing = subprocess.run(
            [binary, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env=env,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "", frozenset()
    first = version.splitlines()[0].strip() if version else "tesseract"
    languages = frozenset(line.strip() for line in listing.splitlines()[1:] if line.strip())
    return first, languages


def recognise(
    gray: np.ndarray,
    dpi: float,
    *,
    threads: int = 1,
    single_line: bool = False,
    segmentation: int | None = None,
) -> list[OcrLine]:
    """OCR one page image (or one line of text) with one Tesseract thread.

    ``threads`` is kept for callers but no longer used: Tesseract's OpenMP threads made
    two runs at once each thirty times slower; parallelism comes from running pages
    side by side, one thread each (``OMP_THREAD_LIMIT=1``).
    """
    return recognise_each([gray], dpi, single_line=single_line, segmentation=segmentation)[0]


def recognise_each(
    images: list[np.ndarray],
    dpi: float,
    *,
    single_line: bool = False,
    segmentation: int | None = None,
) -> list[list[OcrLine]]:
    """OCR several images in one Tesseract run, each read as if alone: their lines, in
    the same order.

    The images are the pages of one uncompressed TIFF: Tesseract starts and loads its
    model once instead of once per image, which is most of the time a small image
    takes (twelve cells read again: 0.09 s in one run, 0.77 s in twelve). Its LSTM
    keeps nothing from one page to the next, so each gives the words it gives alone.
    """
    if not images:
        return []
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("Tesseract n'est pas installé : " + INSTALL_HINT)
    env = tesseract_environment()
    pictures = [Image.fromarray(image) for image in images]
    with private_folder("ocr") as folder:
        if len(pictures) == 1:
            image_path = folder / "page.pgm"  # uncompressed: written fifty times faster than PNG
            pictures[0].save(image_path)
        else:
            image_path = folder / "pages.tif"
            pictures[0].save(image_path, save_all=True, append_images=pictures[1:])
        command = [
            binary,
            str(image_path),
            "stdout",
            "-l",
            LANGUAGE,
            "--psm",
            str(segmentation or (SINGLE_LINE if single_line else PAGE_SEGMENTATION)),
            "--dpi",
            str(round(dpi)),
            "-c",
            "hocr_char_boxes=1",
            "hocr",
        ]
        done = subprocess.run(command, capture_output=True, env=env, timeout=600)
    if done.returncode != 0:
        messages = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = messages[-1] if messages else f"code {done.returncode}"
        raise OcrUnavailable(
            f"Tesseract a échoué ({detail}) ; vérifiez l'installation : " + INSTALL_HINT
        )
    pages = parse_hocr_pages(done.stdout.decode("utf-8"))
    if len(pages) != len(images):
        raise OcrUnavailable(
            f"Tesseract a rendu {len(pages)} page(s) pour {len(images)} image(s) ; "
            "vérifiez l'installation : " + INSTALL_HINT
        )
    return pages


_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_CHAR_BOX = re.compile(r"x_bboxes (\d+) (\d+) (\d+) (\d+)")
_CONF = re.compile(r"x_wconf (\d+(?:\.\d+)?)")
_BASELINE = re.compile(r"baseline (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)")
_SIZE = re.compile(r"x_size (\d+(?:\.\d+)?)")
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


def parse_hocr_pages(text: str) -> list[list[OcrLine]]:
    """The lines of each page of Tesseract's hOCR (its ``ocr_page`` elements), in order."""
    root = ET.fromstring(text)
    return [_page_lines(page) for page in root.iter() if page.get("class") == "ocr_page"]


def _page_lines(page: ET.Element) -> list[OcrLine]:
    lines = []
    for element in page.iter():
        if element.get("class") not in _LINE_CLASSES:
            continue
        title = element.get("title", "")
        box = _box(_BBOX, title)
        if box is None:
            continue
        baseline = _BASELINE.search(title)
        size = _SIZE.search(title)
        line = OcrLine(
            box=box,
            baseline=(float(baseline[1]), float(baseline[2])) if baseline else (0.0, 0.0),
            height=float(size[1]) if size else float(box[3] - box[1]),
        )
        for word in element:
            if word.get("class") != "ocrx_word":
                continue
            parsed = _word(word)
            if parsed is not None:
                line.words.append(parsed)
        if line.words:
            lines.append(line)
    return lines


def _word(element: ET.Element) -> OcrWord | None:
    title = element.get("title", "")
    box = _box(_BBOX, title)
    conf = _CONF.search(title)
    chars = []
    for span in element.iter():
        if span.get("class") == "ocrx_cinfo":
            char_box = _box(_CHAR_BOX, span.get("title", ""))
            if char_box is not None and span.text:
                chars.append(OcrChar(span.text, char_box))
    text = "".join(c.text for c in chars) if chars else "".join(element.itertext())
    text = text.strip()
    if box is None or not text:
        return None
    return OcrWord(text, box, float(conf[1]) if conf else 0.0, chars)


def _box(pattern: re.Pattern[str], title: str) -> PxBox | None:
    found = pattern.search(title)
    if found is None:
        return None
    x0, y0, x1, y1 = (int(found[i]) for i in range(1, 5))
    return (x0, y0, x1, y1)


OSD_MIN_CONFIDENCE = 2.0
"""Below this confidence, Tesseract's orientation guess is not trusted."""

_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENTATION_CONF = re.compile(r"Orientation confidence:\s*(\d+(?:\.\d+)?)")


def orientation(gray: np.ndarray, dpi: float) -> int | None:
    """The quarter turn (0, 90, 180, 270, counter-clockwise) that set the page's text
    sideways or upside down, from Tesseract's orientation detection (``osd`` model).

    None when it cannot tell: no ``osd`` model, too little text, or a weak guess.
    """
    binary = shutil.which("tesseract")
    if binary is None or "osd" not in _probe(binary)[1]:
        return None
    with private_folder("ocr") as folder:
        image_path = folder / "osd.pgm"
        Image.fromarray(gray).save(image_path)
        command = [binary, str(image_path), "stdout", "--psm", "0", "-l", "osd"]
        command += ["--dpi", str(round(dpi))]
        done = subprocess.run(
            command, capture_output=True, env=tesseract_environment(), timeout=120
        )
    text = done.stdout.decode("utf-8", "replace")
    turn, confidence = _ROTATE.search(text), _ORIENTATION_CONF.search(text)
    if done.returncode != 0 or turn is None or confidence is None:
        return None
    if float(confidence[1]) < OSD_MIN_CONFIDENCE:
        return None
    return int(turn[1]) % 360
