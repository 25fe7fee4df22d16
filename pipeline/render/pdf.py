"""DOCX → PDF through LibreOffice, many files per ``soffice`` call."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline import atomic
from pipeline.errors import ConversionError

BATCH = 100
"""Files per soffice call: one start-up (a few seconds) shared by many documents."""


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(
        "LibreOffice (soffice) est introuvable : installez libreoffice-writer pour les PDF"
    )


def convert(pairs: Sequence[tuple[Path, Path]], *, timeout: float = 600) -> None:
    """Convert each ``(docx, pdf)`` pair; each PDF is written atomically.

    The files are copied under unique names into a private folder, converted there in
    batches (one soffice start per batch, with its own profile so that a running
    LibreOffice does not interfere), then moved into place.
    """
    if not pairs:
        return
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="pipeline-pdf-") as work:
        root = Path(work)
        profile = (root / "profile").as_uri()
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start : start + BATCH]
            inputs = root / f"in{start}"
            outputs = root / f"out{start}"
            inputs.mkdir()
            names = []
            for index, (docx, _) in enumerate(batch):
                name = inputs / f"{index:05d}.docx"
                shutil.copyfile(docx, name)
                names.append(name)
            command = [
                binary,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outputs),
                *map(str, names),
            ]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=timeout, check=False
                )
            except subprocess.TimeoutExpired as error:
                raise ConversionError("LibreOffice n'a pas fini la conversion à temps") from error
            for index, (docx, pdf) in enumerate(batch):
                produced = outputs / f"{index:05d}.pdf"
                if not produced.is_file() or produced.stat().st_size == 0:
                    detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
                    raise ConversionError(f"conversion en PDF impossible ({detail[0]})", path=docx)
                atomic.write_bytes(pdf, produced.read_bytes())
