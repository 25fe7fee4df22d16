"""One tree of errors for the whole library. The library raises, the CLI displays.

    PipelineError                 base; ``str(err)`` is one French sentence
    ├── InputError                the file cannot be read at all   (exit code 2)
    │   ├── FileMissing           no such file
    │   ├── EmptyFile             a file of 0 bytes (a copy not finished?)
    │   ├── NotAPdf               not a PDF (wrong signature)
    │   ├── DamagedPdf            truncated or corrupted PDF
    │   ├── EncryptedPdf          password-protected PDF
    │   ├── OcrUnavailable        a scan, but Tesseract is not installed
    │   └── LimitExceeded         over the limit of pages, seconds or memory per file
    ├── StoreError                the tariff store refused an operation (exit 1)
    │   ├── VersionNotFound
    │   └── ApprovalRefused       errors, unacknowledged warnings, wrong status
    ├── Located                   about a row and a column of a file
    │   └── RegistryError         a bad row in the collectivités registry, or a public
    │                             register file that cannot be imported (exit 2)
    ├── PartiesError              the parties' settings file is missing or wrong (exit 2)
    ├── TierError                 no tier covers a collectivité (exit 1)
    ├── AdhesionError             the adhesions register refused an operation: no
    │                             adhesion to end, no version to compare with (exit 1)
    ├── TemplateError             a Word template is broken or uses an unknown
    │                             variable (exit 1)
    ├── DevisError                the devis register refused an operation (exit 1)
    │   ├── DevisNotFound         no devis of that number
    │   └── OrderError            a collectivité's order cannot be read: unknown or
    │                             ambiguous service, bad quantity (exit 2)
    └── ConversionError           LibreOffice is missing or could not convert a
                                  document to PDF (exit 1)

Every error carries the file (and page or row) it is about, so that the CLI prints
one line that names it.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Base of every error the library raises."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, page: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.page = page

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path.name}"
            if self.page is not None:
                where += f", page {self.page}"
            where += " : "
        return f"{where}{self.message}"


class InputError(PipelineError):
    """The file cannot be read at all."""

    exit_code = 2


class FileMissing(InputError):
    pass


class EmptyFile(InputError):
    pass


class NotAPdf(InputError):
    pass


class DamagedPdf(InputError):
    pass


class EncryptedPdf(InputError):
    pass


class OcrUnavailable(InputError):
    pass


class LimitExceeded(InputError):
    """The file needs more pages, seconds or memory than a file may take (settings)."""


class StoreError(PipelineError):
    pass


class VersionNotFound(StoreError):
    pass


class ApprovalRefused(StoreError):
    pass


class Located(PipelineError):
    """An error about a row (1-based, as a spreadsheet shows it) and a column of a file."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        row: int | None = None,
        column: str | None = None,
    ):
        super().__init__(message, path=path)
        self.row = row
        self.column = column

    def __str__(self) -> str:
        """« fichier.csv, ligne 3, colonne « population » : message », with what is known."""
        parts = [self.path.name] if self.path is not None else []
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column is not None:
            parts.append(f"colonne « {self.column} »")
        prefix = ", ".join(parts)
        return f"{prefix} : {self.message}" if prefix else self.message


class RegistryError(Located):
    """A bad row or column in a registry file."""

    exit_code = 2


class PartiesError(PipelineError):
    """The parties' settings file (``parametres/parties.toml``) is missing or wrong;
    ``key`` names the value (``cdg.siren``)."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None, key: str | None = None):
        super().__init__(message, path=path)
        self.key = key

    def __str__(self) -> str:
        where = self.path.name if self.path is not None else ""
        if self.key:
            where += f", « {self.key} »" if where else f"« {self.key} »"
        return f"{where} : {self.message}" if where else self.message


class TierError(PipelineError):
    pass


class AdhesionError(PipelineError):
    """The adhesions register refused an operation (no adhesion to end, no version to
    compare a new one with)."""


class TemplateError(PipelineError):
    pass


class ConversionError(PipelineError):
    """LibreOffice is missing or could not convert a document."""


class DevisError(PipelineError):
    """The devis register refused an operation (wrong status, incomplete devis…)."""


class DevisNotFound(DevisError):
    pass


class OrderError(DevisError, Located):
    """A collectivité's order cannot be read; ``column`` is the header of the cell (an
    order sheet), None on the command line."""

    exit_code = 2
