"""The tariff store: received files, extractions, versions, their corrections and
decisions, and generated documents.

One SQLite file (``Settings.db``), migrated on opening. ``Store`` is the only way in::

    with Store(settings.db) as store:
        version = store.in_force(date(2026, 5, 1))

A version is always returned with its effective values (what was read, corrected) and
its findings as they stand now (:mod:`pipeline.store.versions`).

Every write is one ``BEGIN IMMEDIATE`` transaction, so that concurrent runs never
interleave and a killed process leaves the file consistent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.adhesions.model import Adhesion
from pipeline.corrections import Edit
from pipeline.errors import ApprovalRefused
from pipeline.models import Correction, Extraction, TariffVersion, VersionStatus
from pipeline.store import adhesions as _adhesions
from pipeline.store import corrections as _corrections
from pipeline.store import decisions as _decisions
from pipeline.store import documents as _documents
from pipeline.store import files as _files
from pipeline.store import versions as _versions
from pipeline.store.connection import transaction
from pipeline.store.decisions import ChainReport
from pipeline.store.devis import DevisRegister
from pipeline.store.documents import GeneratedDocument
from pipeline.store.files import ClaimResult, FileStatus, ReceivedFile, new_owner
from pipeline.store.schema import LATEST, StoreFile

__all__ = [
    "LATEST",
    "ChainReport",
    "ClaimResult",
    "FileStatus",
    "GeneratedDocument",
    "ReceivedFile",
    "Store",
    "new_owner",
]


class Store(StoreFile):
    """The SQLite store; a context manager that closes the file on exit.

    ``threshold``: the relative price change beyond which a pending version gets a
    warning (``Settings.price_change_warning`` when None).
    """

    def __init__(self, path: Path, *, threshold: float | None = None) -> None:
        super().__init__(path)
        self.threshold = threshold

    # --- received files ---------------------------------------------------------

    def claim_file(
        self, *, sha256: str, name: str, content: bytes, owner: str, retry_failed: bool = False
    ) -> tuple[ClaimResult, ReceivedFile]:
        """Claim a received file for ``owner`` (see :mod:`pipeline.store.files`)."""
        with transaction(self._conn) as conn:
            return _files.claim(
                conn,
                sha256=sha256,
                name=name,
                content=content,
                owner=owner,
                retry_failed=retry_failed,
            )

    def fail_file(self, sha256: str, owner: str, reason: str) -> bool:
        """Record why a claimed file failed; False if ``owner`` lost the claim."""
        with transaction(self._conn) as conn:
            return _files.fail(conn, sha256, owner, reason)

    def release_file(self, sha256: str, owner: str) -> None:
        """Give back an unfinished claim so that the next run retries the file."""
        with transaction(self._conn) as conn:
            _files.release(conn, sha256, owner)

    def file(self, sha256: str) -> ReceivedFile | None:
        return _files.get(self._conn, sha256)

    def files(self) -> list[ReceivedFile]:
        return _files.all_files(self._conn)

    def file_bytes(self, sha256: str) -> bytes:
        """The bytes of a received PDF, as they were when it was received."""
        return _files.content(self._conn, sha256)

    # --- versions ----------------------------------------------------------------

    def add_version(
        self,
        *,
        sha256: str,
        owner: str,
        extraction: Extraction,
        threshold: float | None = None,
    ) -> int | None:
        """Store a claimed file's extraction as a pending version and mark the file done.

        Returns the version's id, or None when ``owner`` no longer held the claim.
        """
        with transaction(self._conn) as conn:
            return _versions.add(
                conn, sha256=sha256, owner=owner, extraction=extraction, threshold=threshold
            )

    def add_copy(self, *, sha256: str, owner: str, extraction: Extraction, version_id: int) -> bool:
        """Store a claimed file's extraction as a copy of version ``version_id`` (the same
        deliberation in another file) and mark the file done; no version is made.

        False when ``owner`` no longer held the claim.
        """
        with transaction(self._conn) as conn:
            return _versions.add_copy(
                conn, sha256=sha256, owner=owner, extraction=extraction, version_id=version_id
            )

    def version(self, version_id: int) -> TariffVersion:
        """A version, its effective values and its findings now (raises VersionNotFound)."""
        return _versions.load(self._conn, version_id, threshold=self.threshold)

    def versions(self) -> list[TariffVersion]:
        return _versions.all_versions(self._conn, threshold=self.threshold)

    def statuses(self) -> dict[int, tuple[VersionStatus, int | None, int | None]]:
        """Each version's status, the version superseding it and the approved version it
        follows (nothing else loaded): what a decision may change."""
        return _versions.statuses(self._conn)

    def in_force(self, on: dt.date) -> TariffVersion | None:
        """The approved version whose prices apply on ``on``."""
        return _versions.in_force(self._conn, on)

    def known_units(self) -> set[str]:
        """Billing units of every approved version (those a scan's units are checked against)."""
        return _versions.known_units(self._conn)

    def reference(self) -> TariffVersion | None:
        """The approved version with the latest effective date (new versions compare to it)."""
        return _versions.reference(self._conn)

    def previous_in_force(self, version_id: int) -> TariffVersion | None:
        """The approved version in force just before this one (what it replaces)."""
        return _versions.previous_in_force(self._conn, version_id)

    def approve(
        self,
        version_id: int,
        *,
        by: str,
        acknowledge_warnings: bool = False,
        threshold: float | None = None,
        four_eyes: bool = False,
        seen_corrections: int | None = None,
    ) -> TariffVersion:
        """Approve a pending version; raises ApprovalRefused (errors, warnings, status,
        a person who corrected it under ``four_eyes``, corrections made since
        ``seen_corrections``).

        The history findings are computed now and kept, even when refused.
        """
        with transaction(self._conn) as conn:
            refusal = _versions.approve(
                conn,
                version_id,
                by=by,
                acknowledge_warnings=acknowledge_warnings,
                threshold=self.threshold if threshold is None else threshold,
                four_eyes=four_eyes,
                seen_corrections=seen_corrections,
            )
        if refusal is not None:
            raise ApprovalRefused(refusal)
        return self.version(version_id)

    def reject(self, version_id: int, *, reason: str, by: str = "") -> TariffVersion:
        with transaction(self._conn) as conn:
            refusal = _versions.reject(
                conn, version_id, reason=reason, by=by, threshold=self.threshold
            )
        if refusal is not None:
            raise ApprovalRefused(refusal)
        return self.version(version_id)

    # --- adhesions -----------------------------------------------------------------------

    def adhesions(self, code: str | None = None) -> list[Adhesion]:
        """The adhesions register (one collectivité's adhesions when ``code``)."""
        return _adhesions.listing(self._conn, code)

    def record_adhesions(self, adhesions: Iterable[Adhesion]) -> tuple[int, int, int]:
        """Record adhesions, all or none, each replacing the one of the same collectivité
        and signature date; returns (new, replaced, unchanged)."""
        with transaction(self._conn) as conn:
            return _adhesions.record(conn, adhesions)

    def end_adhesion(self, adhesion_id: int, on: dt.date, reason: str) -> None:
        """Record that an adhesion ends on ``on`` (its last day), and why."""
        with transaction(self._conn) as conn:
            _adhesions.end(conn, adhesion_id, on, reason)

    # --- corrections -------------------------------------------------------------------

    def correct(
        self, version_id: int, edits: list[Edit], *, by: str, reason: str
    ) -> list[Correction]:
        """Record corrections of a pending version, all or none; returns them.

        Raises CorrectionRefused (:mod:`pipeline.corrections`) when one cannot be made.
        """
        with transaction(self._conn) as conn:
            return _versions.correct(conn, version_id, edits, by=by, reason=reason)

    def corrections(self, version_id: int) -> list[Correction]:
        """A version's corrections, in the order they were made."""
        return _corrections.listing(self._conn, version_id)

    # --- generated documents -----------------------------------------------------

    def record_document(
        self,
        version_id: int,
        collectivity_code: str | None,
        kind: str,
        path: Path | str,
        sha256: str,
        template_sha256: str | None = None,
        *,
        details: Mapping[str, Any] | None = None,
    ) -> int:
        """Remember a document generated from a version; returns its id."""
        with transaction(self._conn) as conn:
            return _documents.record(
                conn,
                version_id=version_id,
                collectivity_code=collectivity_code,
                kind=kind,
                path=str(path),
                sha256=sha256,
                template_sha256=template_sha256,
                details=details,
            )

    def record_documents(self, documents: Iterable[Mapping[str, Any]]) -> int:
        """Remember many generated documents in one transaction (a run's 1 814 documents
        in one commit, not one each); each mapping holds :meth:`record_document`'s
        arguments by name. Returns how many were recorded."""
        recorded = 0
        with transaction(self._conn) as conn:
            for document in documents:
                _documents.record(
                    conn,
                    version_id=document["version_id"],
                    collectivity_code=document.get("collectivity_code"),
                    kind=document["kind"],
                    path=str(document["path"]),
                    sha256=document["sha256"],
                    template_sha256=document.get("template_sha256"),
                    details=document.get("details"),
                )
                recorded += 1
        return recorded

    def documents(self, version_id: int | None = None) -> list[GeneratedDocument]:
        """The documents generated from a version (all of them when None)."""
        return _documents.listing(self._conn, version_id)

    # --- devis -------------------------------------------------------------------------

    @cached_property
    def devis(self) -> DevisRegister:
        """The devis register (:mod:`pipeline.store.devis`), on this store's file."""
        return DevisRegister(self._conn)

    # --- maintenance -------------------------------------------------------------

    def verify_decisions(self) -> ChainReport:
        """Whether the chains of decisions and of corrections are intact, and the first
        broken link if not."""
        report = _decisions.verify(self._conn)
        count, broken, link = _corrections.verify(self._conn)
        if report.intact and broken is not None:
            return ChainReport(report.decisions, broken, link, corrections=count)
        return ChainReport(report.decisions, report.broken, report.link, corrections=count)

    def check(self) -> list[str]:
        """SQLite's integrity and foreign-key checks: empty when the file is sound."""
        problems = [r[0] for r in self._conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [str(tuple(r)) for r in self._conn.execute("PRAGMA foreign_key_check")]
        return problems
