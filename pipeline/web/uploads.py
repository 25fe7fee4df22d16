"""Files sent from the web page: checked, dropped in the drop folder, then read exactly
as ``pipeline run`` reads them (:func:`pipeline.run.process_file`).

A file keeps its name, made safe: no folder (« ../../x.pdf » is « x.pdf »), no hidden
name, no control characters; it must end in ``.pdf`` and start like a PDF. It is
written to the drop folder under a name that no other file has (« x (2).pdf »), so
that a dropped file is never replaced; the same bytes already there under that name
are not written twice. The file is then claimed by its SHA-256 like any dropped file:
one already received is not read again.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from pathlib import Path, PurePosixPath

from pipeline import french
from pipeline.errors import PipelineError
from pipeline.progress import ReadPhase, ReadProgress
from pipeline.run import FileOutcome, Outcome, default_extractor, process_file
from pipeline.settings import Settings
from pipeline.store import FileStatus, Store, new_owner
from pipeline.web.jobs import FAILED, Item, Job
from pipeline.worker import sweep_stale_folders

MAX_NAME = 120
PDF_SIGNATURE = b"%PDF-"


class UploadRefused(PipelineError):
    """A file refused before it is dropped: not a PDF, no name (exit code 2)."""

    exit_code = 2


def safe_name(name: str) -> str:
    """The file's own name without any folder, safe in the drop folder."""
    plain = unicodedata.normalize("NFC", name.replace("\\", "/"))
    base = PurePosixPath(plain).name
    base = "".join(c for c in base if c.isprintable())
    base = re.sub(r"[^\w .,()'&+-]", "_", base).strip(" ")
    if not base.lower().endswith(".pdf"):
        raise UploadRefused(f"« {name[:80]} » n'est pas un PDF (nom sans l'extension .pdf).")
    stem = base[:-4].strip(" .") or "document"
    return stem[: MAX_NAME - 4] + ".pdf"


def check_pdf(name: str, data: bytes) -> None:
    if not data:
        raise UploadRefused(f"« {name} » est vide (0 octet) : rien n'a été déposé.")
    if PDF_SIGNATURE not in data[:1024]:
        raise UploadRefused(
            f"« {name} » n'est pas un PDF (son contenu ne commence pas comme un PDF) : "
            "rien n'a été déposé."
        )


def drop(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` into the drop folder under ``name`` or a free variant of it, never
    over another file; the path of a file with the same name and bytes is returned as is."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = name[:-4], name[-4:]
    temporary = folder / f".depot-{os.getpid()}-{secrets.token_hex(6)}.tmp"
    with temporary.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        for attempt in range(1, 1000):
            candidate = folder / (name if attempt == 1 else f"{stem} ({attempt}){suffix}")
            if candidate.is_file() and candidate.read_bytes() == data:
                return candidate
            try:
                os.link(temporary, candidate)  # fails when the name is taken
            except FileExistsError:
                continue
            return candidate
        raise UploadRefused(f"trop de fichiers nommés « {name} » dans le dossier de dépôt.")
    finally:
        temporary.unlink(missing_ok=True)


def describe(outcome: FileOutcome, item: Item) -> None:
    """What the page says of a file once it is processed (as ``pipeline run`` says it)."""
    if outcome.outcome is Outcome.STORED and outcome.version is not None:
        version = outcome.version
        errors, warnings = len(version.extraction.errors), len(version.extraction.warnings)
        item.state = "enregistré"
        item.detail = (
            f"version n° {version.id} en attente ; "
            f"{french.plural(errors, 'erreur')}, {french.plural(warnings, 'avertissement')}"
        )
        item.link = f"/versions/{version.id}"
        item.severity = "error" if errors else "warning" if warnings else ""
    elif outcome.outcome is Outcome.SEEN and outcome.received is not None:
        received = outcome.received
        item.state = "déjà reçu"
        if received.status is FileStatus.FAILED:
            reason = (received.reason or "").removeprefix(f"{received.name} : ")
            item.detail = f"même contenu que « {received.name} », en échec : {reason}"
            item.severity = "error"
        else:
            item.detail = f"même contenu que « {received.name} » : version n° {received.version_id}"
            item.link = f"/versions/{received.version_id}" if received.version_id else None
    elif outcome.outcome is Outcome.COPY and outcome.version is not None:
        item.state = "même délibération"
        item.detail = outcome.finding.message if outcome.finding else ""
        item.link = f"/versions/{outcome.version.id}"
        item.severity = "warning"
    elif outcome.outcome is Outcome.BUSY:
        item.state = "en cours ailleurs"
        item.detail = "traité en ce moment par un autre passage (pipeline run ou watch)"
    else:
        item.state = FAILED
        item.detail = (outcome.reason or "").removeprefix(f"{outcome.path.name} : ")
        item.severity = "error"


def process(settings: Settings, paths: list[Path], job: Job, *, pages=None) -> None:
    """Read each dropped file as ``pipeline run`` does, telling ``job`` how it goes.

    ``pages``: called with each stored version, to prepare its page images.
    """
    sweep_stale_folders()
    owner = new_owner()
    with Store(settings.db, threshold=settings.price_change_warning) as store:
        units = store.known_units()
        for item, path in zip(job.items, paths, strict=True):
            item.state = "lecture"

            def progress(event: ReadProgress, item: Item = item) -> None:
                item.done, item.total = event.done, event.total
                item.phase = "OCR" if event.phase is ReadPhase.OCR else "texte"

            extractor = default_extractor(settings, units, progress)
            outcome = process_file(
                store,
                path,
                owner=owner,
                extractor=extractor,
                threshold=settings.price_change_warning,
            )
            describe(outcome, item)
            job.done += 1
            if outcome.outcome is Outcome.STORED and outcome.version is not None and pages:
                pages(store, outcome.version)
