"""PDF conversion by LibreOffices kept running: each document reported, none outliving the
run, an office that dies started again, Ctrl-C leaving nothing behind."""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import ConversionError
from pipeline.registry import load_registry, place
from pipeline.render.assemble import assemble
from pipeline.render.engine import FastTemplate
from pipeline.render.lean import LeanStyles
from pipeline.render.office import Converters, _environment, office_binary, office_python
from pipeline.render.pdf import convert, soffice
from tests.cli.test_generate import approved  # noqa: F401  (the project with a version)
from tests.conftest import ROOT, require_tool
from tests.render.helpers import TEMPLATES, version_2025

pytestmark = pytest.mark.libreoffice

CODES = [f"620{number:02d}" for number in range(1, 13)]
"""Twelve communes: 24 documents, a few seconds of conversion."""


def processes_naming(marker: str) -> list[int]:
    """The processes of this machine whose command line contains ``marker``."""
    found = []
    for entry in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(entry, "rb") as handle:
                if marker.encode() in handle.read():
                    found.append(int(entry.split("/")[2]))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    """The convention and annex 2 of one commune, rendered."""
    require_tool("libreoffice")
    folder = tmp_path_factory.mktemp("docx")
    version = version_2025()
    context = assemble(place(load_registry().find("62001"), version.extraction.strata), version)
    paths = []
    for name in ("convention_tripartite.docx", "annexe2_tarifs.docx"):
        path = folder / name
        path.write_bytes(FastTemplate(TEMPLATES / name).render(context.variables()))
        paths.append(path)
    return paths


@pytest.fixture
def office(tmp_path) -> tuple[str, str]:
    """(the office program, its Python), or skipped when it cannot run our script."""
    binary = soffice()
    python = office_python(binary)
    if python is None:
        if os.environ.get("PIPELINE_REQUIRE_TOOLS"):
            pytest.fail(
                "python3-uno ou libreoffice-script-provider-python absent : obligatoires en CI"
            )
        pytest.skip("apt-get install python3-uno libreoffice-script-provider-python")
    return office_binary(binary), python


def test_each_document_is_converted_and_a_damaged_one_is_named(documents, tmp_path):
    damaged = tmp_path / "abimee.docx"
    damaged.write_bytes(b"pas un document Word")  # read as text, were it not refused
    pairs = [(d, tmp_path / f"{d.stem}.pdf") for d in documents]
    pairs.insert(1, (damaged, tmp_path / "abimee.pdf"))
    told: dict[int, str | None] = {}
    convert(pairs, workers=2, done=lambda index, error: told.__setitem__(index, error))
    assert sorted(told) == [0, 1, 2]
    assert told[0] is None and told[2] is None and told[1]
    for index in (0, 2):
        assert pairs[index][1].read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "abimee.pdf").exists()
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))

    with pytest.raises(ConversionError) as raised:  # without ``done``: the first failure
        convert([(damaged, tmp_path / "x.pdf"), (documents[1], tmp_path / "y.pdf")])
    assert "abimee.docx" in str(raised.value)
    assert (tmp_path / "y.pdf").read_bytes().startswith(b"%PDF")  # the others were done


def test_without_the_office_python_batches_of_soffice_do_it(documents, tmp_path, monkeypatch):
    require_tool("libreoffice")
    monkeypatch.setattr("pipeline.render.pdf.office_python", lambda binary: None)
    damaged = tmp_path / "abimee.docx"
    damaged.write_bytes(b"pas un document Word")
    pairs = [(documents[0], tmp_path / "a.pdf"), (damaged, tmp_path / "b.pdf")]
    told: dict[int, str | None] = {}
    convert(pairs, done=lambda index, error: told.__setitem__(index, error))
    assert told[0] is None and told[1]
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_an_office_without_its_python_script_provider_is_not_asked_to_run_our_script(
    tmp_path, monkeypatch
):
    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice.bin").write_bytes(b"")
    monkeypatch.setattr("pipeline.render.office.uno_python", lambda binary: "/usr/bin/python3")
    assert office_python(str(program / "soffice")) is None
    (program / "pythonscript.py").write_text("")
    assert office_python(str(program / "soffice")) == "/usr/bin/python3"


def test_the_office_is_given_its_own_python_first_in_its_path(monkeypatch):
    monkeypatch.setenv("PATH", "/ailleurs/bin:/usr/bin")
    monkeypatch.setenv("PYTHONPATH", "/projet")
    environment = _environment(python="/opt/libreoffice/program/python")
    assert environment["PATH"].split(os.pathsep)[:2] == [
        "/opt/libreoffice/program",
        "/ailleurs/bin",
    ]
    assert "PYTHONPATH" not in environment


def test_another_python_first_in_path_does_not_stop_the_office(documents, office, tmp_path):
    """An office's Python takes its standard library from the first ``python3`` of its
    PATH: a pyenv or /usr/local one, of another build, made it abort (seen here)."""
    other = tmp_path / "autre-python"
    (other / "bin").mkdir(parents=True)
    (other / "bin" / "python3").write_text("#!/bin/sh\nexit 1\n")
    (other / "bin" / "python3").chmod(0o755)
    for minor in range(8, 15):  # whichever Python LibreOffice was built with
        library = other / "lib" / f"python3.{minor}"
        library.mkdir(parents=True)
        (library / "os.py").write_text("raise ImportError('pas cette bibliothèque')\n")
    binary, python = office
    path = f"{other / 'bin'}{os.pathsep}{os.environ['PATH']}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", path)
        with Converters(1, tmp_path / "work", office=binary, python=python) as converters:
            results = list(converters.convert([(documents[1], tmp_path / "annexe.pdf")]))
    assert results == [(0, None)]
    assert (tmp_path / "annexe.pdf").read_bytes().startswith(b"%PDF")


def pages(pdf: Path, folder: Path) -> list[str]:
    """Each page drawn at 40 dpi, as a digest."""
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    drawn = sorted(folder.glob(f"{pdf.stem}-*.png"))
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in drawn]


def test_the_lean_copy_gives_the_same_pages(documents, office, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm absent (apt-get install poppler-utils)")
    lean = LeanStyles()
    copies = []
    for document in documents:
        copies.append(tmp_path / f"lean-{document.name}")
        lean.copy(document, copies[-1])
    pairs = [(d, tmp_path / f"{d.stem}.pdf") for d in documents]
    pairs += [(c, tmp_path / f"{c.stem}.pdf") for c in copies]
    binary, python = office
    with Converters(1, tmp_path / "work", office=binary, python=python) as converters:
        assert [error for _, error in converters.convert(pairs)] == [None] * 4
    for document in documents:
        whole = pages(tmp_path / f"{document.stem}.pdf", tmp_path)
        assert whole and whole == pages(tmp_path / f"lean-{document.stem}.pdf", tmp_path)


def test_an_office_that_dies_is_started_again_and_none_outlives_the_pool(
    documents, office, tmp_path
):
    work = tmp_path / "work"
    binary, python = office
    pairs = [(d, tmp_path / f"{i}-{d.stem}.pdf") for i in range(3) for d in documents]
    with Converters(1, work, office=binary, python=python) as converters:
        converter = converters.converters[0]
        converter.ready()
        first = converter.office_pid
        assert first in processes_naming(str(work))
        os.kill(first, signal.SIGKILL)  # LibreOffice crashes
        results = dict(converters.convert(pairs))
        assert results == {i: None for i in range(len(pairs))}
        assert converter.office_pid not in (None, first)
    assert all(pdf.read_bytes().startswith(b"%PDF") for _, pdf in pairs)
    deadline = time.monotonic() + 10
    while processes_naming(str(work)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_naming(str(work)) == []


# --- the command, interrupted ------------------------------------------------------------


def generate(folder: Path) -> subprocess.Popen[str]:
    """``pipeline generate CODES --pdf`` as a person runs it (Ctrl-C delivered)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "generate", *CODES, "--date", "2025-09-01", "--pdf"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "HOME": str(folder)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_ctrl_c_leaves_no_office_nor_half_file_and_the_next_run_does_the_rest(
    approved,  # noqa: F811  (the fixture imported above)
    office,
):
    output = approved / "output"
    run = generate(approved)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until one commune has both its PDFs
        if any(len(list(f.glob("*.pdf"))) == 2 for f in output.glob("*/*")):
            break
        time.sleep(0.02)
    marker = f"pipeline-pdf-{run.pid}-"
    assert processes_naming(marker), "LibreOffice should be converting"
    run.send_signal(signal.SIGINT)
    _, said = run.communicate(timeout=120)
    assert run.returncode == 130, said
    assert "Génération interrompue" in said and "Traceback" not in said
    assert processes_naming(marker) == []
    assert not [p for p in output.rglob("*") if p.name.endswith(".tmp")]
    assert not glob.glob(f"/tmp/{marker}*")
    done_before = {p: p.stat().st_mtime_ns for p in output.glob("*/*/*.pdf")}
    assert 0 < len(done_before) < 2 * len(CODES)

    again = generate(approved)
    shown, said = again.communicate(timeout=300)
    assert again.returncode == 0, said
    pdfs = list(output.glob("*/*/*.pdf"))
    assert len(pdfs) == 2 * len(CODES)
    assert "inchangée" in shown  # what the first run finished was not done again
    kept = [p for p, stamp in done_before.items() if p.stat().st_mtime_ns == stamp]
    assert kept
