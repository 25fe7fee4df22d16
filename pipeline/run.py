"""Batch processing of the drop folder: every new PDF becomes a pending tariff version.

For each PDF of ``deliberations/`` (in name order, i.e. date order for dated names):
read its bytes once, claim them in the store by SHA-256, extract from a private copy,
store the pending version (or the reason it failed), in that order. The dropped files
are only ever read: never moved, modified or deleted.

A file already received (same SHA-256) is not processed again; one that another run
is processing is left to it; one whose run was killed is retried. An empty file is
recorded as failed like any unreadable one (a copy that completes later has another
SHA-256, and is processed then). Each file is read in a process of its own within the
limits of pages, seconds and memory per file (:mod:`pipeline.worker`): one over a
limit is recorded as failed with the limit it passed. One bad file never stops the
others; the private folders of a killed run are removed by the next. Nothing is
printed: :func:`run` returns one :class:`FileOutcome` per file and can report each as
it is done, and the reading progress of each (:mod:`pipeline.progress`) meanwhile.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pipeline.errors import EmptyFile, FileMissing, PipelineError
from pipeline.models import Extraction, Finding, TariffVersion
from pipeline.progress import ProgressCallback
from pipeline.settings import Settings, get_settings
from pipeline.store import ClaimResult, ReceivedFile, Store, new_owner
from pipeline.validate.copies import copy_finding, repeated
from pipeline.worker import InternalError, private_folder, sweep_stale_folders

log = logging.getLogger(__name__)

Extractor = Callable[[Path], Extraction]


class Outcome(StrEnum):
    STORED = "stored"
    """Extracted and stored as a pending version."""
    SEEN = "seen"
    """Already received (same SHA-256): not processed again."""
    BUSY = "busy"
    """Another run is processing it right now."""
    FAILED = "failed"
    """Could not be extracted: recorded with its reason."""
    SKIPPED = "skipped"
    """Not processed and not recorded (empty, or unreadable from the folder)."""
    COPY = "copy"
    """The same deliberation as a stored version, in another file: recorded as its copy,
    no new version (``version`` is the one it repeats)."""


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    outcome: Outcome
    sha256: str | None = None
    version: TariffVersion | None = None
    reason: str | None = None
    retried: bool = False
    """True when an earlier attempt was interrupted (or failed, with ``retry_failed``)."""
    received: ReceivedFile | None = None
    """For an already received file: what the store remembers of it."""
    finding: Finding | None = None
    """For a copy: the finding that says which version it repeats."""


def is_candidate(path: Path) -> bool:
    """A PDF dropped in the folder (not a hidden or an office lock file)."""
    return path.suffix.lower() == ".pdf" and not path.name.startswith((".", "~")) and path.is_file()


def dropped_files(folder: Path) -> list[Path]:
    """The PDFs of the drop folder, in name order."""
    if not folder.is_dir():
        raise FileMissing("dossier de dépôt introuvable.", path=folder)
    return sorted((p for p in folder.iterdir() if is_candidate(p)), key=lambda p: p.name)


def default_extractor(
    settings: Settings,
    known_units: Iterable[str] = (),
    progress: ProgressCallback | None = None,
) -> Extractor:
    """Each file read in a process of its own (:func:`pipeline.worker.extract_isolated`),
    its reading progress told to ``progress`` in this process."""
    units = frozenset(known_units)

    def extractor(path: Path) -> Extraction:
        from pipeline.worker import extract_isolated

        return extract_isolated(path, settings=settings, known_units=units, progress=progress)

    return extractor


def _extract_copy(data: bytes, name: str, sha256: str, extractor: Extractor) -> Extraction:
    """Extract from a private copy of the bytes claimed, never from the dropped file."""
    with private_folder("run") as tmp:
        copy = tmp / name
        copy.write_bytes(data)
        extraction = extractor(copy)
    source = extraction.source.model_copy(update={"file": name, "sha256": sha256})
    return extraction.model_copy(update={"source": source})


def process_file(
    store: Store,
    path: Path,
    *,
    owner: str,
    extractor: Extractor,
    threshold: float | None = None,
    retry_failed: bool = False,
) -> FileOutcome:
    """Claim, extract and store one dropped file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = f"lecture impossible ({exc.strerror or type(exc).__name__})."
        return FileOutcome(path, Outcome.SKIPPED, reason=reason)
    sha256 = hashlib.sha256(data).hexdigest()
    result, received = store.claim_file(
        sha256=sha256, name=path.name, content=data, owner=owner, retry_failed=retry_failed
    )
    if result is ClaimResult.SEEN:
        version = store.version(received.version_id) if received.version_id else None
        return FileOutcome(path, Outcome.SEEN, sha256, version=version, received=received)
    if result is ClaimResult.BUSY:
        return FileOutcome(path, Outcome.BUSY, sha256, received=received)
    retried = received.attempts > 1
    try:
        if not data:
            raise EmptyFile(
                "fichier vide (0 octet) : déposez-le à nouveau une fois la copie terminée.",
                path=path,
            )
        extraction = _extract_copy(data, path.name, sha256, extractor)
        original = repeated(extraction, store.versions())
        if original is not None:
            return _store_copy(store, path, sha256, owner, extraction, original, retried)
        version_id = store.add_version(
            sha256=sha256, owner=owner, extraction=extraction, threshold=threshold
        )
    except PipelineError as exc:
        reason = str(exc)
    except InternalError as exc:  # a bug in the reading process, its traceback logged
        reason = f"erreur interne ({exc.kind}) : {exc.message}"
    except Exception as exc:  # one bad file never stops the batch
        log.exception("erreur interne en traitant %s", path)
        reason = f"erreur interne ({type(exc).__name__}) : {exc}"
    except BaseException:  # interrupted: give the claim back for the next run
        store.release_file(sha256, owner)
        raise
    else:
        if version_id is None:  # the claim was taken over meanwhile
            return FileOutcome(path, Outcome.BUSY, sha256, retried=retried)
        return FileOutcome(
            path, Outcome.STORED, sha256, version=store.version(version_id), retried=retried
        )
    if not store.fail_file(sha256, owner, reason):
        return FileOutcome(path, Outcome.BUSY, sha256, retried=retried)
    return FileOutcome(path, Outcome.FAILED, sha256, reason=reason, retried=retried)


def _store_copy(
    store: Store,
    path: Path,
    sha256: str,
    owner: str,
    extraction: Extraction,
    original: TariffVersion,
    retried: bool,
) -> FileOutcome:
    """Record a file that repeats ``original`` as its copy, with the finding saying so."""
    finding = copy_finding(original)
    extraction = extraction.model_copy(update={"findings": [*extraction.findings, finding]})
    if not store.add_copy(
        sha256=sha256, owner=owner, extraction=extraction, version_id=original.id
    ):
        return FileOutcome(path, Outcome.BUSY, sha256, retried=retried)
    return FileOutcome(
        path, Outcome.COPY, sha256, version=original, retried=retried, finding=finding
    )


def run(
    settings: Settings | None = None,
    *,
    extractor: Extractor | None = None,
    retry_failed: bool = False,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    progress: ProgressCallback | None = None,
) -> list[FileOutcome]:
    """Process every PDF of the drop folder; returns what happened to each.

    ``on_outcome``: called as each file is done. ``progress``: called as the pages of the
    file being read are read (by the default extractor only; its ``file`` is the dropped
    file's name).
    """
    settings = settings or get_settings()
    owner = new_owner()
    outcomes: list[FileOutcome] = []
    sweep_stale_folders()
    with Store(settings.db) as store:
        extractor = extractor or default_extractor(settings, store.known_units(), progress)
        for path in dropped_files(settings.deliberations_dir):
            outcome = process_file(
                store,
                path,
                owner=owner,
                extractor=extractor,
                threshold=settings.price_change_warning,
                retry_failed=retry_failed,
            )
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return outcomes
