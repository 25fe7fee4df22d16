"""Reading progress: each page told as it is read, cached OCR pages at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pipeline.progress import ReadPhase, ReadProgress
from pipeline.read import Page, ocr_cache, read_document, sha256_of
from pipeline.read import ocr as ocr_module
from tests.conftest import SAMPLE, require_tool
from tests.read.test_ocr import make_scan


def _phase(events: list[ReadProgress], phase: ReadPhase) -> list[tuple[int, int | None]]:
    return [(e.done, e.total) for e in events if e.phase is phase]


def test_text_pages_are_told_one_by_one(sample_pdf: Path) -> None:
    events: list[ReadProgress] = []
    document = read_document(sample_pdf, progress=events.append)
    assert _phase(events, ReadPhase.TEXT) == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert not _phase(events, ReadPhase.OCR)
    assert {e.file for e in events} == {sample_pdf.name}
    assert events[-1].finished and len(document.pages) == 3


def test_ocr_pages_are_told_as_they_finish_from_the_calling_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = make_scan(SAMPLE, tmp_path / "scan.pdf", dpi=40, angle=0)
    cache = tmp_path / "cache"
    sha = sha256_of(scan)
    ocr_cache.save(cache, sha, {2: Page(2, 595.0, 842.0, ocr=True)})
    delays = {1: 0.3, 3: 0.0}  # the last page finishes first

    def fake_read_scan(number, gray, dpi, width, height, *, threads=1) -> Page:
        time.sleep(delays[number])
        return Page(number, width, height, ocr=True)

    monkeypatch.setattr(ocr_module, "read_scan", fake_read_scan)
    monkeypatch.setattr(ocr_module, "tesseract_version", lambda path=None: "5")
    events: list[tuple[ReadProgress, threading.Thread]] = []
    pages = ocr_module.ocr_pages(
        scan,
        sha,
        [1, 2, 3],
        cache_dir=cache,
        progress=lambda event: events.append((event, threading.current_thread())),
    )
    assert sorted(pages) == [1, 2, 3]
    assert [(e.done, e.total) for e, _ in events] == [(1, 3), (2, 3), (3, 3)]  # page 2 cached
    assert {e.phase for e, _ in events} == {ReadPhase.OCR}
    assert all(thread is threading.current_thread() for _, thread in events)


@pytest.mark.tesseract
def test_a_scan_tells_each_ocr_page_then_all_at_once_from_the_cache(tmp_path: Path) -> None:
    require_tool("tesseract")
    scan = make_scan(SAMPLE, tmp_path / "scan.pdf", dpi=150, angle=0.5, pages={1, 3})
    events: list[ReadProgress] = []
    read_document(scan, ocr_cache=tmp_path / "cache", progress=events.append)
    assert _phase(events, ReadPhase.TEXT)[-1] == (2, 2)
    assert _phase(events, ReadPhase.OCR) == [(0, 2), (1, 2), (2, 2)]

    again: list[ReadProgress] = []
    read_document(scan, ocr_cache=tmp_path / "cache", progress=again.append)
    assert _phase(again, ReadPhase.OCR) == [(2, 2)]


def _timed_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delays: dict[int, float]):
    """A scan of the sample's three pages read two at a time, at most two rendered at
    once, each page taking its delay (an exception: it fails); the pages as they start
    and finish."""
    scan = make_scan(SAMPLE, tmp_path / "scan.pdf", dpi=40, angle=0)
    started: list[int] = []
    finished: list[int] = []

    def fake_read_scan(number, gray, dpi, width, height, *, threads=1) -> Page:
        started.append(number)
        if isinstance(delays[number], Exception):
            raise delays[number]
        time.sleep(delays[number])
        finished.append(number)
        return Page(number, width, height, ocr=True)

    monkeypatch.setattr(ocr_module, "read_scan", fake_read_scan)
    monkeypatch.setattr(ocr_module, "tesseract_version", lambda path=None: "5")
    monkeypatch.setattr(ocr_module, "BATCH", 2)
    monkeypatch.setattr(ocr_module.os, "cpu_count", lambda: 2)
    return scan, started, finished


def test_a_slow_page_does_not_hold_back_the_pages_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages were read four at a time, each four waiting for the slowest: a core stood
    idle at the end of every four. The next page now starts as soon as a core is free."""
    scan, _, finished = _timed_pages(tmp_path, monkeypatch, {1: 0.6, 2: 0.0, 3: 0.0})
    pages = ocr_module.ocr_pages(scan, sha256_of(scan), [1, 2, 3], cache_dir=None)
    assert sorted(pages) == [1, 2, 3]
    assert finished == [2, 3, 1]


def test_no_page_is_started_once_one_has_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan, started, _ = _timed_pages(
        tmp_path, monkeypatch, {1: RuntimeError("page 1"), 2: 0.2, 3: 0.0}
    )
    with pytest.raises(RuntimeError, match="page 1"):
        ocr_module.ocr_pages(scan, sha256_of(scan), [1, 2, 3], cache_dir=None)
    assert sorted(started) == [1, 2]
