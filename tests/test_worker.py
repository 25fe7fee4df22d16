"""Each file read in a process of its own, within limits of pages, seconds and memory."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from pipeline.errors import DamagedPdf, LimitExceeded, NotAPdf
from pipeline.extract import extract
from pipeline.progress import ReadPhase, ReadProgress
from pipeline.read import Page, ocr_cache, sha256_of
from pipeline.settings import Settings
from pipeline.worker import (
    PROGRESS,
    InternalError,
    _died,
    _Forward,
    _is_progress,
    _outcome,
    extract_isolated,
    private_folder,
    sweep_stale_folders,
)
from tests.conftest import CORPUS
from tests.read.test_ocr import make_scan

SAMPLE = CORPUS / "2025-07-10_annexe2_tarifs.pdf"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache")


def test_the_isolated_extraction_is_the_extraction(settings: Settings) -> None:
    assert extract_isolated(SAMPLE, settings=settings) == extract(SAMPLE, settings=settings)


def test_input_errors_come_back_typed_and_naming_the_file(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "lettre.pdf"
    path.write_bytes(b"bonjour")
    with pytest.raises(NotAPdf) as caught:
        extract_isolated(path, settings=settings)
    assert str(caught.value) == "lettre.pdf : ce fichier n'est pas un PDF."


def test_a_file_over_the_page_limit(settings: Settings) -> None:
    limited = settings.model_copy(update={"max_pages": 2})
    with pytest.raises(LimitExceeded, match="dépasse la limite de 2 pages"):
        extract_isolated(SAMPLE, settings=limited)


def test_a_file_over_the_time_limit_is_stopped(settings: Settings) -> None:
    limited = settings.model_copy(update={"max_seconds": 0.05})
    with pytest.raises(LimitExceeded, match=r"dépasse la limite de 0\.05 secondes") as caught:
        extract_isolated(SAMPLE, settings=limited)
    assert str(caught.value).startswith(SAMPLE.name)


def test_the_reading_progress_reaches_the_caller(settings: Settings) -> None:
    events: list[ReadProgress] = []
    extract_isolated(SAMPLE, settings=settings, progress=events.append)
    assert events[0] == ReadProgress(SAMPLE.name, 0, 3, ReadPhase.TEXT)
    assert events[-1] == ReadProgress(SAMPLE.name, 3, 3, ReadPhase.TEXT)
    assert [e.done for e in events] == sorted({e.done for e in events})


def test_ocr_progress_crosses_the_process_boundary(settings: Settings, tmp_path: Path) -> None:
    scan = make_scan(SAMPLE, tmp_path / "scan.pdf", dpi=40, angle=0, pages={1, 3})
    cached = {n: Page(n, 595.0, 842.0, ocr=True) for n in (1, 2)}  # no Tesseract needed
    ocr_cache.save(settings.ocr_cache, sha256_of(scan), cached)
    events: list[ReadProgress] = []
    extract_isolated(scan, settings=settings, progress=events.append)
    assert [(e.done, e.total) for e in events if e.phase is ReadPhase.OCR] == [(2, 2)]
    assert {e.file for e in events} == {"scan.pdf"}


def test_a_failing_progress_callback_stops_the_reading(settings: Settings) -> None:
    class Stop(Exception):
        pass

    def stop(event: ReadProgress) -> None:
        raise Stop

    with pytest.raises(Stop):
        extract_isolated(SAMPLE, settings=settings, progress=stop)


def test_the_child_sends_progress_on_change_and_throttled() -> None:
    sent: list[tuple] = []

    class Sender:
        def send(self, message: tuple) -> None:
            sent.append(message)

    forward = _Forward(Sender())
    for done in range(201):
        event = ReadProgress("long.pdf", done, 200, ReadPhase.OCR)
        forward(event)
        forward(event)
    assert all(_is_progress(message) for message in sent)
    events = [message[1] for message in sent]
    assert events[0].done == 0 and events[-1].done == 200  # the first and the last
    assert len(events) < 50 and len(set(events)) == len(events)


def test_a_progress_message_is_never_taken_for_the_outcome() -> None:
    event = ReadProgress("x.pdf", 1, 2, ReadPhase.TEXT)
    assert _is_progress((PROGRESS, event))
    assert not _is_progress(("ok", event, []))
    assert not _is_progress((PROGRESS, "texte"))
    assert not _is_progress(("input", ("NotAPdf", "pas un PDF", None), []))


def _bomb(path: Path, megabytes: int) -> Path:
    """The sample whose first page's content inflates to ``megabytes`` of spaces."""
    from tests.test_fuzz import _append_stream

    data = _append_stream(SAMPLE.read_bytes(), b"%" + b" " * (megabytes << 20), deflate=True)
    assert len(data) < len(zlib.compress(b" " * (megabytes << 20), 1)) + 50_000
    path.write_bytes(data)
    return path


def test_a_file_over_the_memory_limit(settings: Settings, tmp_path: Path) -> None:
    limited = settings.model_copy(update={"max_memory_mb": 600})
    with pytest.raises(LimitExceeded, match="limite de mémoire") as caught:
        extract_isolated(_bomb(tmp_path / "bombe.pdf", 1200), settings=limited)
    assert "600 Mio" in str(caught.value)


def test_a_reader_brought_down_is_a_damaged_file() -> None:
    error = _died(-11, Path("x.pdf"), Settings())
    assert isinstance(error, DamagedPdf)
    assert str(error).startswith("x.pdf : la lecture s'est arrêtée brutalement (signal 11)")


def test_a_bug_in_the_child_is_an_internal_error_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    message = ("bug", ("ZeroDivisionError", "division by zero", "Traceback: ici"), [])
    with caplog.at_level(logging.ERROR), pytest.raises(InternalError) as caught:
        _outcome(message, Path("x.pdf"), Settings())
    assert caught.value.kind == "ZeroDivisionError"
    assert "Traceback: ici" in caplog.text


def test_the_childs_warnings_reach_the_log_not_the_terminal(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    records = [("pdfminer.pdfpage", logging.WARNING, "Invalid MediaBox")]
    with caplog.at_level(logging.WARNING):
        _outcome(("ok", "extraction", records), Path("x.pdf"), Settings())
    assert "Invalid MediaBox" in caplog.text
    assert capfd.readouterr().err == ""


def test_private_folders_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(gone.stdout)
    stale = tmp_path / f"pipeline-run-{dead}-abcd"
    (stale / "copie").mkdir(parents=True)
    mine = tmp_path / f"pipeline-run-{os.getpid()}-efgh"
    mine.mkdir()
    other = tmp_path / f"autre-{dead}"
    other.mkdir()
    assert sweep_stale_folders(tmp_path) == [stale]
    assert not stale.exists() and mine.exists() and other.exists()


def test_private_folders_are_named_for_their_process_and_removed() -> None:
    with private_folder("run") as folder:
        assert folder.name.startswith(f"pipeline-run-{os.getpid()}-")
        (folder / "x").write_text("x")
    assert not folder.exists()
