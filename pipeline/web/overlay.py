"""The staff's registry file sent from the web page: every bad row shown, not only the first.

:func:`pipeline.registry.overlay.read_overlay` stops at the first bad cell. To show
every row at fault, the file is read again with each faulty row emptied (an empty row
is skipped, and the others keep their numbers), until it reads or the problem is the
file's own (encoding, header). The rules are the library's; only the emptying is here.
A file with no fault replaces the registry file in use (the previous one is kept
beside it, renamed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.errors import RegistryError
from pipeline.registry.overlay import OverlayRow, read_overlay
from pipeline.settings import Settings
from pipeline.web.generation import STAFF_FILE, registry_path
from pipeline.web.uploads import UploadRefused, safe_name

MAX_ERRORS = 200
SUFFIXES = (".csv", ".xlsx")


@dataclass
class Checked:
    """What the check of a file found: its rows when it has no fault, else its faults."""

    name: str
    rows: list[OverlayRow] = field(default_factory=list)
    errors: list[RegistryError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def file_name(name: str) -> str:
    """The file's own name, made safe; CSV or XLSX only."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(f"« {base[:80]} » : format non pris en charge (CSV ou XLSX attendu).")
    return safe_name(base[: -len(suffix)] + ".pdf")[:-4] + suffix


def check(name: str, data: bytes) -> Checked:
    """Check the file ``name`` whose content is ``data``, row by row."""
    checked = Checked(name)
    with tempfile.TemporaryDirectory(prefix="pipeline-collectivites-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        while len(checked.errors) < MAX_ERRORS:
            try:
                checked.rows = read_overlay(path)
            except RegistryError as error:
                checked.errors.append(error)
                if error.row is None or error.row <= 1 or not _empty_row(path, error.row):
                    break
            else:
                break
    if checked.errors:
        checked.rows = []
    checked.warnings = [w for row in checked.rows for w in row.warnings]
    return checked


def _empty_row(path: Path, number: int) -> bool:
    """Empty the ``number``-th row (1-based, as read_overlay counts); False if impossible."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path)
            sheet = book.worksheets[0]
            for cell in sheet[number]:
                cell.value = None
            book.save(path)
        except Exception:  # a workbook openpyxl can read but not write again
            return False
        return True
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return False
    if number > len(rows):
        return False
    rows[number - 1] = [""] * len(rows[number - 1])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return True


def install(settings: Settings, name: str, data: bytes) -> Path:
    """Make a checked file the registry file in use; the previous one is kept, renamed
    « <nom>.<date>.precedent »."""
    suffix = Path(name).suffix.lower()
    configured = settings.registry
    if configured is not None:
        if configured.suffix.lower() != suffix:
            raise UploadRefused(
                f"le fichier des collectivités déclaré (PIPELINE_REGISTRY={configured}) est un "
                f"{configured.suffix} : envoyez un fichier {configured.suffix}."
            )
        target = configured
    else:
        target = Path(settings.db).resolve().parent / f"{STAFF_FILE}{suffix}"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for existing in {registry_path(settings), target}:
        if existing is not None and existing.is_file():
            kept = existing.with_name(f"{existing.name}.{stamp}.precedent")
            shutil.copy2(existing, kept)
            if existing != target:
                existing.unlink()
    atomic.write_bytes(target, data)
    return target
