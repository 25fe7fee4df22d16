"""Watching the drop folder: files are processed once, and only when fully written."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from pipeline.run import Outcome
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.watch import watch
from tests.conftest import CORPUS
from tests.store.factories import FakeExtractor, fake_pdf

OLD = "2025-07-10_annexe2_tarifs"
NEW = "2026-03-19_annexe2_actualisation"


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "délai dépassé"
        time.sleep(0.05)


def test_watch_processes_present_and_arriving_files_once_complete(workdir: Path):
    settings = Settings(deliberations_dir=workdir / "deliberations", db=workdir / "db.sqlite3")
    (settings.deliberations_dir / "present.pdf").write_bytes(fake_pdf(OLD))
    outcomes = []
    extractor = FakeExtractor()
    stop = threading.Event()
    ready = threading.Event()
    thread = threading.Thread(
        target=watch,
        kwargs={
            "settings": settings,
            "on_outcome": outcomes.append,
            "stop": stop,
            "extractor": extractor,
            "settle": 0.6,
            "poll": 0.05,
            "on_ready": ready.set,
        },
        daemon=True,
    )
    thread.start()
    try:
        assert ready.wait(10)
        wait_for(lambda: len(outcomes) == 1)
        assert outcomes[0].outcome is Outcome.STORED

        # a slow copy: written in pieces, with pauses shorter than the settle time
        data = fake_pdf(NEW, "x" * 5000)
        arriving = settings.deliberations_dir / "arrivee.pdf"
        with arriving.open("wb") as handle:
            for start in range(0, len(data), 1000):
                handle.write(data[start : start + 1000])
                handle.flush()
                time.sleep(0.2)
        wait_for(lambda: len(outcomes) == 2)
        assert outcomes[1].outcome is Outcome.STORED
        assert outcomes[1].path.name == "arrivee.pdf"
        time.sleep(1.0)
        assert len(outcomes) == 2
        assert extractor.calls == ["present.pdf", "arrivee.pdf"]
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    with Store(settings.db) as store:
        assert [v.extraction.source.file for v in store.versions()] == [
            "present.pdf",
            "arrivee.pdf",
        ]
        assert store.file_bytes(outcomes[1].sha256) == data


def test_watch_tells_the_reading_progress_of_each_file(workdir: Path):
    settings = Settings(deliberations_dir=workdir / "deliberations", db=workdir / "db.sqlite3")
    shutil.copy(CORPUS / f"{OLD}.pdf", settings.deliberations_dir / "present.pdf")
    heard = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        kwargs={
            "settings": settings,
            "on_outcome": heard.append,
            "progress": heard.append,
            "stop": stop,
            "settle": 0.2,
            "poll": 0.05,
        },
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: any(getattr(h, "outcome", None) for h in heard))
    finally:
        stop.set()
        thread.join(10)
    *events, outcome = heard
    assert outcome.outcome is Outcome.STORED
    assert events and {e.file for e in events} == {"present.pdf"} and events[-1].finished
