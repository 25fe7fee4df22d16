"""The reading bar: on a terminal's stderr only, once a document takes a while, then gone."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from pipeline.cli.progress import ReadingBar
from pipeline.progress import ReadPhase, ReadProgress
from tests.conftest import ROOT, SAMPLE, corpus_file

EVENTS = [
    ReadProgress("scan.pdf", 0, 3, ReadPhase.TEXT),
    ReadProgress("scan.pdf", 3, 3, ReadPhase.TEXT),
    ReadProgress("scan.pdf", 0, 3, ReadPhase.OCR),
    ReadProgress("scan.pdf", 2, 3, ReadPhase.OCR),
]

# The extract command with the bar shown at once, as for a document read for a while.
AT_ONCE = (
    "import sys, pipeline.cli.progress as bar; bar.PROGRESS_AFTER_SECONDS = 0.0; "
    "from pipeline.cli import main; sys.argv[0] = 'pipeline'; main()"
)


def _terminal(buffer: io.StringIO) -> Console:
    return Console(file=buffer, force_terminal=True, force_interactive=True, width=100)


def test_a_terminal_shows_the_bar_and_removes_it() -> None:
    buffer = io.StringIO()
    with ReadingBar(_terminal(buffer), after=0.0) as bar:
        for event in EVENTS:
            bar(event)
    shown = buffer.getvalue()
    assert "Lecture de scan.pdf : page 2/3 (OCR)" in shown
    assert shown.endswith("\x1b[2K")  # erased: nothing of it stays


def test_a_quick_document_shows_no_bar() -> None:
    buffer = io.StringIO()
    with ReadingBar(_terminal(buffer), after=60.0) as bar:
        for event in EVENTS:
            bar(event)
    assert "Lecture" not in buffer.getvalue()


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    buffer = io.StringIO()
    with ReadingBar(Console(file=buffer), after=0.0) as bar:
        for event in EVENTS:
            bar(event)
    assert buffer.getvalue() == ""


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.pop("TTY_INTERACTIVE", None)
    env["PIPELINE_CACHE_DIR"] = str(tmp_path / "cache")
    return env


def test_extract_into_a_pipe_prints_no_progress_noise(tmp_path: Path) -> None:
    broken = corpus_file("broken_not_a_pdf.pdf")
    result = subprocess.run(
        [sys.executable, "-c", AT_ONCE, "extract", str(SAMPLE), str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_environment(tmp_path),
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == "Erreur : broken_not_a_pdf.pdf : ce fichier n'est pas un PDF.\n"
    assert "Lecture" not in result.stdout and SAMPLE.name in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal Linux")
def test_extract_on_a_terminal_shows_the_bar_on_stderr_only(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    output = tmp_path / "out.json"
    with output.open("wb") as stdout:  # a file: the child never waits on a full pipe
        child = subprocess.Popen(
            [sys.executable, "-c", AT_ONCE, "extract", str(SAMPLE), "--json"],
            stdout=stdout,
            stderr=follower,
            cwd=ROOT,
            env=_environment(tmp_path),
        )
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif child.poll() is not None:
            break
    os.close(leader)
    if child.poll() is None:
        child.kill()
    assert child.wait(timeout=30) == 0
    assert f"Lecture de {SAMPLE.name} : page".encode() in shown
    assert shown.endswith(b"\x1b[2K")  # the bar is gone
    assert json.loads(output.read_text())["source"]["file"] == SAMPLE.name  # stdout untouched
