"""DOCX → PDF through LibreOffice: converters kept running, one per core.

    convert(pairs)                                  # ConversionError at the first failure
    convert(pairs, done=lambda index, error: …)     # each one reported, the others go on

When LibreOffice runs Python scripts (Debian's ``python3-uno`` and
``libreoffice-script-provider-python``), the documents go to LibreOffices started once
and kept running (:mod:`pipeline.render.office`), one per core; without them, to
``soffice --convert-to pdf`` in batches of BATCH files (one start-up, a few seconds,
per batch). LibreOffice reads a lean copy of each
document (:mod:`pipeline.render.lean`: the same pages, without the unused styles).
Each PDF is written atomically from a private folder
(:func:`pipeline.worker.private_folder`, removed on the way out even when
interrupted), so that an interrupted run leaves no PDF half-written; no LibreOffice
outlives the call.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline import atomic
from pipeline.errors import ConversionError
from pipeline.render.lean import LeanStyles
from pipeline.render.office import Converters, office_binary, office_python
from pipeline.worker import private_folder

WORD = "MS Word 2007 XML"
"""LibreOffice's import filter for .docx: a file of anything else is refused, not
converted as text."""
BATCH = 100
"""Files per soffice call without UNO: one start-up (a few seconds) shared by many documents."""
BATCH_SECONDS = 600.0
"""Seconds one batch may take without UNO."""
DOCUMENTS_PER_CONVERTER = 4
"""Fewer documents than this per converter: fewer converters (each costs a start)."""

Done = Callable[[int, str | None], None]
"""Called with the index of a pair and None once its PDF is written, or the reason
(French) it could not be; in the caller's thread."""


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(
        "LibreOffice (soffice) est introuvable : installez libreoffice-writer pour les PDF"
    )


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def convert(
    pairs: Sequence[tuple[Path, Path]],
    *,
    workers: int | None = None,
    done: Done | None = None,
    ahead: Ahead | None = None,
) -> None:
    """Convert each ``(docx, pdf)`` pair; each PDF is written atomically.

    ``workers``: LibreOffices at work at once (one per core by default). ``done``: told
    of each pair as it is done; without it, the first pair that cannot be converted
    raises ConversionError naming its document (after the others were tried). A
    missing LibreOffice raises ConversionError before anything is done. ``ahead``: the
    LibreOffices already started for these documents, if any (:class:`Ahead`).
    """
    if not pairs:
        return
    binary = soffice()
    first: ConversionError | None = None
    with (
        private_folder("pdf") as folder,
        contextlib.closing(_produce(pairs, folder, binary, workers or cores(), ahead)) as produced,
    ):  # the converters stop before their folder goes
        for index, made, error in produced:
            docx, pdf = pairs[index]
            if error is None:
                error = _move(made, pdf)
            if done is not None:
                done(index, error)
            elif error is not None and first is None:
                first = ConversionError(f"conversion en PDF impossible ({error})", path=docx)
    if first is not None:
        raise first


def _move(produced: Path, pdf: Path) -> str | None:
    """Write the PDF LibreOffice produced into place; the reason when there is none."""
    try:
        data = produced.read_bytes()
    except OSError:
        data = b""
    if not data.startswith(b"%PDF"):
        return "LibreOffice n'a pas produit de PDF"
    try:
        atomic.write_bytes(pdf, data)
    except OSError as error:  # its folder gone, the disk full: this one only
        return f"écriture impossible ({error.strerror or error})"
    produced.unlink()
    return None


def _produce(
    pairs: Sequence[tuple[Path, Path]],
    folder: Path,
    binary: str,
    workers: int,
    ahead: Ahead | None = None,
) -> Iterator[tuple[int, Path, str | None]]:
    """``(index, produced PDF, error)`` for each pair, as LibreOffice makes them: by the
    offices started ``ahead``, else by offices started here, else (LibreOffice cannot
    run our script) by batches of ``soffice --convert-to pdf``."""
    with contextlib.ExitStack() as stack:
        converters = ahead.converters if ahead is not None else None
        if converters is None:
            python = office_python(binary)
            if python is None:
                yield from _batches(pairs, folder, binary)
                return
            count = max(1, min(workers, len(pairs) // DOCUMENTS_PER_CONVERTER))
            converters = stack.enter_context(
                Converters(count, folder, office=office_binary(binary), python=python)
            )
        output, sources = folder / "pdf", folder / "docx"
        output.mkdir()
        sources.mkdir()
        targets = [
            (Path(docx).resolve(), output / f"{i:05d}.pdf") for i, (docx, _) in enumerate(pairs)
        ]
        lean = LeanStyles()

        def prepare(index: int) -> Path:
            return _lean_copy(lean, targets[index][0], sources / f"{index:05d}.docx")

        for index, error in converters.convert(targets, prepare=prepare):
            yield index, targets[index][1], error


class Ahead:
    """LibreOffices started before the documents they will convert are written (they
    start, a second or two, while the documents are rendered), for :func:`convert`::

        with Ahead(workers) as ahead:
            ...                      # the first document to convert is written:
            ahead.start()            # the offices start meanwhile
            ...
            convert(pairs, workers=workers, done=done, ahead=ahead)

    Leaving the block stops them (killed on an error or an interruption). Without
    LibreOffice or its Python, :meth:`start` does nothing: :func:`convert` then says
    what is missing, or converts in batches.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or cores()
        self.converters: Converters | None = None
        self._stack = contextlib.ExitStack()

    def start(self) -> None:
        """Start the offices (once; later calls do nothing)."""
        if self.converters is not None:
            return
        try:
            binary = soffice()
        except ConversionError:
            return
        python = office_python(binary)
        if python is None:
            return
        folder = self._stack.enter_context(private_folder("pdf"))
        self.converters = self._stack.enter_context(
            Converters(self.workers, folder, office=office_binary(binary), python=python)
        )

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *details: object) -> None:
        self._stack.__exit__(*details)


def _lean_copy(lean: LeanStyles, docx: Path, copy: Path) -> Path:
    """The lean copy of ``docx`` at ``copy``; ``docx`` itself when it cannot be read so
    (LibreOffice then says what is wrong with it)."""
    try:
        lean.copy(docx, copy)
    except (OSError, zipfile.BadZipFile, ValueError, KeyError):
        copy.unlink(missing_ok=True)
        return docx
    return copy


def _batches(
    pairs: Sequence[tuple[Path, Path]], folder: Path, binary: str
) -> Iterator[tuple[int, Path, str | None]]:
    """Without UNO: ``soffice --convert-to pdf`` on BATCH copies at a time (unique names
    in the private folder, its own profile so that a running LibreOffice does not
    interfere), in a process group of its own, killed if the batch is left."""
    profile = (folder / "profile").as_uri()
    for start in range(0, len(pairs), BATCH):
        batch = range(start, min(start + BATCH, len(pairs)))
        inputs, outputs = folder / f"in{start}", folder / f"out{start}"
        inputs.mkdir()
        names = []
        lean = LeanStyles()
        for index in batch:
            name = inputs / f"{index:05d}.docx"
            if _lean_copy(lean, Path(pairs[index][0]), name) != name:
                shutil.copyfile(pairs[index][0], name)
            names.append(str(name))
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        command += [f"--infilter={WORD}", "--convert-to", "pdf", "--outdir", str(outputs), *names]
        detail = _run(command)
        for index in batch:
            produced = outputs / f"{index:05d}.pdf"
            yield index, produced, None if produced.is_file() else f"LibreOffice : {detail}"


def _run(command: list[str]) -> str:
    """Run one soffice batch; its last words (for a document it did not convert)."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        said, _ = process.communicate(timeout=BATCH_SECONDS)
    except BaseException as error:  # too long, or interrupted: the batch goes, whole
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        if not isinstance(error, subprocess.TimeoutExpired):
            raise
        said = f"pas de réponse en {BATCH_SECONDS:g} secondes"
    lines = (said or "").strip().splitlines()
    return lines[-1] if lines else "document non converti"
