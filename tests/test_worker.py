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
from pipeline.settings import Settings
from pipeline.worker import (
    InternalError,
    _died,
    _outcome,
    extract_isolated,
    private_folder,
    sweep_stale_folders,
)
from tests.conftest import CORPUS

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
