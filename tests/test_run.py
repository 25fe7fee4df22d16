"""Batch processing of the drop folder: once per file, nothing lost, robust to kills."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.models import VersionStatus
from pipeline.run import Outcome, run
from pipeline.settings import Settings
from pipeline.store import FileStatus, Store
from tests.conftest import CORPUS, ROOT
from tests.store.factories import FakeExtractor, fake_pdf

OLD = "2025-07-10_annexe2_tarifs"
NEW = "2026-03-19_annexe2_actualisation"


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's SHA-256 and mtime: what must not change."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def settings(workdir: Path) -> Settings:
    return Settings(deliberations_dir=workdir / "deliberations", db=workdir / "pipeline.sqlite3")


def drop(settings: Settings, name: str, data: bytes) -> Path:
    path = settings.deliberations_dir / name
    path.write_bytes(data)
    return path


def test_two_runs_process_each_file_once(settings):
    drop(settings, f"{OLD}.pdf", fake_pdf(OLD))
    drop(settings, f"{NEW}.pdf", fake_pdf(NEW))
    drop(settings, "broken_truncated.pdf", b"%PDF-1.4 BROKEN")
    drop(settings, "broken_not_a_pdf.pdf", b"bonjour")
    drop(settings, "notes.txt", b"pas un PDF")
    (settings.deliberations_dir / "sous-dossier.pdf").mkdir()
    before = snapshot(settings.deliberations_dir)
    extractor = FakeExtractor()

    first = run(settings, extractor=extractor)
    assert [(o.path.name, o.outcome) for o in first] == [
        (f"{OLD}.pdf", Outcome.STORED),
        (f"{NEW}.pdf", Outcome.STORED),
        ("broken_not_a_pdf.pdf", Outcome.FAILED),
        ("broken_truncated.pdf", Outcome.FAILED),
    ]
    assert "pas un PDF" in first[2].reason and first[2].reason.startswith("broken_not_a_pdf.pdf")
    assert all(o.version.status is VersionStatus.PENDING for o in first[:2])

    second = run(settings, extractor=extractor)
    assert {o.outcome for o in second} == {Outcome.SEEN}
    assert len(extractor.calls) == 4  # nothing extracted again
    assert snapshot(settings.deliberations_dir) == before

    with Store(settings.db) as store:
        assert len(store.versions()) == 2
        failed = [f for f in store.files() if f.status is FileStatus.FAILED]
        assert sorted(f.name for f in failed) == ["broken_not_a_pdf.pdf", "broken_truncated.pdf"]
        assert all(f.reason for f in failed)
        assert store.file_bytes(first[0].sha256) == fake_pdf(OLD)
        assert store.check() == []


def test_same_content_under_another_name_is_seen(settings):
    drop(settings, "a.pdf", fake_pdf(OLD))
    drop(settings, "b.pdf", fake_pdf(OLD))
    outcomes = run(settings, extractor=FakeExtractor())
    assert [o.outcome for o in outcomes] == [Outcome.STORED, Outcome.SEEN]
    assert outcomes[1].received.name == "a.pdf"


def test_an_unexpected_error_is_recorded_and_the_batch_goes_on(settings):
    drop(settings, "a.pdf", fake_pdf(OLD, "bug"))
    drop(settings, "b.pdf", fake_pdf(NEW))

    def extractor(path: Path):
        if path.name == "a.pdf":
            raise ZeroDivisionError("division by zero")
        return FakeExtractor()(path)

    outcomes = run(settings, extractor=extractor)
    assert [o.outcome for o in outcomes] == [Outcome.FAILED, Outcome.STORED]
    assert "erreur interne (ZeroDivisionError)" in outcomes[0].reason


def test_failed_files_can_be_retried_on_request(settings):
    drop(settings, "a.pdf", fake_pdf(OLD))
    calls = []

    def flaky(path: Path):
        calls.append(path)
        if len(calls) == 1:
            raise RuntimeError("parser bug")
        return FakeExtractor()(path)

    assert run(settings, extractor=flaky)[0].outcome is Outcome.FAILED
    assert run(settings, extractor=flaky)[0].outcome is Outcome.SEEN
    again = run(settings, extractor=flaky, retry_failed=True)[0]
    assert again.outcome is Outcome.STORED and again.retried


def test_an_empty_file_is_recorded_as_failed_once(settings):
    """Not left for later: a 0-byte file would make every run exit 2 again."""
    drop(settings, "en-cours.pdf", b"")
    (outcome,) = run(settings, extractor=FakeExtractor())
    assert outcome.outcome is Outcome.FAILED
    assert outcome.reason.startswith("en-cours.pdf : fichier vide")
    (again,) = run(settings, extractor=FakeExtractor())
    assert again.outcome is Outcome.SEEN and again.received.status is FileStatus.FAILED
    drop(settings, "en-cours.pdf", fake_pdf(OLD))  # the copy completed: another SHA-256
    (done,) = run(settings, extractor=FakeExtractor())
    assert done.outcome is Outcome.STORED


def test_a_missing_drop_folder_is_an_input_error(workdir):
    from pipeline.errors import FileMissing

    settings = Settings(deliberations_dir=workdir / "absent", db=workdir / "db.sqlite3")
    with pytest.raises(FileMissing, match="dossier de dépôt"):
        run(settings, extractor=FakeExtractor())


# --- processes: killed runs and concurrent runs ---------------------------------------

SCRIPT = """
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.run import run
from tests.store.factories import FakeExtractor

fake = FakeExtractor()
marker = os.environ.get("MARKER")

def extractor(path):
    if marker and path.name == os.environ["STALL_ON"]:
        Path(marker).write_text("claimed")
        time.sleep(120)
    time.sleep(float(os.environ.get("DELAY", "0")))
    return fake(path)

outcomes = run(extractor=extractor)
print(json.dumps([[o.path.name, o.outcome.value] for o in outcomes]))
"""


def start(settings: Settings, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "PIPELINE_DB": str(settings.db),
        "PIPELINE_DELIBERATIONS_DIR": str(settings.deliberations_dir),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT.format(root=str(ROOT))],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_run_killed_mid_batch_is_completed_by_the_next(settings, tmp_path):
    for i in range(4):
        drop(settings, f"2026-0{i + 1}-01_deliberation.pdf", fake_pdf(NEW, str(i)))
    before = snapshot(settings.deliberations_dir)
    marker = tmp_path / "marker"
    process = start(settings, MARKER=str(marker), STALL_ON="2026-03-01_deliberation.pdf")
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    with Store(settings.db) as store:
        states = {f.name: f.status for f in store.files()}
        assert store.check() == []
    assert states == {
        "2026-01-01_deliberation.pdf": FileStatus.DONE,
        "2026-02-01_deliberation.pdf": FileStatus.DONE,
        "2026-03-01_deliberation.pdf": FileStatus.CLAIMED,
    }

    outcomes = run(settings, extractor=FakeExtractor())
    assert [(o.outcome, o.retried) for o in outcomes] == [
        (Outcome.SEEN, False),
        (Outcome.SEEN, False),
        (Outcome.STORED, True),
        (Outcome.STORED, False),
    ]
    with Store(settings.db) as store:
        assert store.check() == []
        assert all(f.status is FileStatus.DONE for f in store.files())
        assert len(store.versions()) == 4
    assert snapshot(settings.deliberations_dir) == before


def test_concurrent_runs_never_process_a_file_twice(settings):
    for i in range(8):
        drop(settings, f"d{i}.pdf", fake_pdf(OLD, str(i)))
    processes = [start(settings, DELAY="0.1") for _ in range(3)]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        results.extend(json.loads(stdout))
    stored = sorted(name for name, outcome in results if outcome == "stored")
    assert stored == [f"d{i}.pdf" for i in range(8)]
    assert {outcome for _, outcome in results} <= {"stored", "seen", "busy"}
    with Store(settings.db) as store:
        assert len(store.versions()) == 8
        assert store.check() == []


# --- the real extraction on the corpus --------------------------------------------------


def test_corpus_end_to_end_with_the_real_extraction(settings):
    for name in (
        f"{OLD}.pdf",
        f"{NEW}.pdf",
        "broken_truncated.pdf",
        "broken_password.pdf",
        "broken_not_a_pdf.pdf",
    ):
        shutil.copy(CORPUS / name, settings.deliberations_dir / name)
    before = snapshot(settings.deliberations_dir)
    first = run(settings)
    outcome = {o.path.name: o for o in first}
    assert outcome[f"{OLD}.pdf"].outcome is Outcome.STORED
    assert outcome[f"{NEW}.pdf"].outcome is Outcome.STORED
    for name in ("broken_truncated.pdf", "broken_password.pdf", "broken_not_a_pdf.pdf"):
        assert outcome[name].outcome is Outcome.FAILED, outcome[name]
        assert outcome[name].reason.startswith(name)
    assert all(o.outcome is Outcome.SEEN for o in run(settings))
    assert snapshot(settings.deliberations_dir) == before

    old, new = outcome[f"{OLD}.pdf"].version, outcome[f"{NEW}.pdf"].version
    assert new.effective_date == dt.date(2026, 4, 1)
    with Store(settings.db) as store:
        store.approve(old.id, by="Marie", acknowledge_warnings=True)
        store.approve(new.id, by="Marie", acknowledge_warnings=True)
        assert store.in_force(dt.date(2026, 5, 1)).id == new.id
        assert store.in_force(dt.date(2026, 3, 25)).id == old.id


def test_the_reading_progress_of_each_file_comes_before_its_outcome(settings):
    shutil.copy(CORPUS / f"{OLD}.pdf", settings.deliberations_dir / "annexe.pdf")
    heard = []
    run(settings, on_outcome=heard.append, progress=heard.append)
    *events, outcome = heard
    assert outcome.outcome is Outcome.STORED
    assert events and {e.file for e in events} == {"annexe.pdf"}  # the dropped name
    assert events[-1].finished
