"""Blocks read badly are read again alone: kept only when clearly surer, the same result
whether the blocks are read one after the other or at once."""

from __future__ import annotations

import threading
import time

import numpy as np

from pipeline.read import ocr_reread
from pipeline.read.ocr_engine import OcrLine, OcrWord

BLOCKS = [(100, 100, 300, 130), (100, 300, 260, 330), (100, 500, 340, 530)]
"""Three blocks of ink (x0, y0, x1, y1), each one line of text high."""


def page() -> tuple[np.ndarray, np.ndarray]:
    gray = np.full((700, 500), 250, dtype=np.uint8)
    for x0, y0, x1, y1 in BLOCKS:
        gray[y0:y1, x0:x1] = 20
    return gray, gray < 128


def badly_read() -> list[OcrLine]:
    return [
        OcrLine(box, (0.0, 0.0), 30.0, [OcrWord("aie", box, 20.0)])
        for box in BLOCKS  # nonsense, read with little confidence
    ]


class Reader:
    """Stands for Tesseract: a block's reading is named by the cut's width; it notes how
    many runs were going at once."""

    def __init__(self, confidence: float = 90.0) -> None:
        self.confidence = confidence
        self.running = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, images, dpi, **options):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1
        return [self.read(gray) for gray in images]

    def read(self, gray: np.ndarray) -> list[OcrLine]:
        height, width = gray.shape
        box = (10, 10, width - 10, height - 10)
        return [OcrLine(box, (0.0, 0.0), 30.0, [OcrWord(f"lu{width}", box, self.confidence)])]


def words(lines: list[OcrLine]) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [(word.text, word.box) for line in lines for word in line.words]


def test_a_block_read_surer_replaces_its_words_where_they_stood(monkeypatch) -> None:
    monkeypatch.setattr(ocr_reread, "recognise_each", Reader())
    gray, ink = page()
    read = words(ocr_reread.reread(gray, ink, badly_read(), 300))
    assert [text for text, _ in read] == ["lu230", "lu190", "lu270"]  # block width + 2 margins
    for (_, box), (x0, y0, x1, y1) in zip(read, BLOCKS, strict=True):
        margin = (y1 - y0) // 2
        assert box == (x0 - margin + 10, y0 - margin + 10, x1 + margin - 10, y1 + margin - 10)


def test_a_reading_not_clearly_surer_changes_nothing(monkeypatch) -> None:
    monkeypatch.setattr(ocr_reread, "recognise_each", Reader(confidence=30.0))
    gray, ink = page()
    assert words(ocr_reread.reread(gray, ink, badly_read(), 300)) == words(badly_read())


def test_blocks_read_at_once_give_what_one_after_the_other_gives(monkeypatch) -> None:
    gray, ink = page()
    alone = Reader()
    monkeypatch.setattr(ocr_reread, "recognise_each", alone)
    one_by_one = words(ocr_reread.reread(gray, ink, badly_read(), 300, threads=1))
    together = Reader()
    monkeypatch.setattr(ocr_reread, "recognise_each", together)
    at_once = words(ocr_reread.reread(gray, ink, badly_read(), 300, threads=2))
    assert at_once == one_by_one
    assert alone.most == 1 and together.most == 2


def test_a_word_boxed_wider_than_its_ink_is_replaced_not_read_twice(monkeypatch) -> None:
    """Tesseract gave « 160,00 » a box reaching back over the blank before it, so that its
    centre fell outside the block of ink read again: the new « 160,00 » was added beside
    the old one, and the line had two prices. A word on the same ink goes; a word beside
    the block, apart from its ink, stays."""
    monkeypatch.setattr(ocr_reread, "recognise_each", Reader())
    gray, ink = page()
    lines = badly_read()
    x0, y0, x1, y1 = BLOCKS[0]
    wide = (x0 - 220, y0, x0 + 130, y1)  # over the block's ink, its centre left of it
    apart = (x0 - 90, y0, x0 - 40, y1)  # a word of its own before the block
    lines[0].words = [OcrWord("avant", apart, 95.0), OcrWord("160,00", wide, 45.0)]
    lines[0].words.append(OcrWord("aie", (x0 + 140, y0, x1, y1), 20.0))
    read = [text for text, _ in words(ocr_reread.reread(gray, ink, lines, 300))]
    assert read == ["avant", "lu230", "lu190", "lu270"]
