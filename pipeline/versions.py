"""Tariff versions as the staff work on them: review, correct, decide, audit, generate.

What the command line and the web application both do with the store, so that they
show the same thing and refuse the same things::

    with Store(settings.db, threshold=settings.price_change_warning) as store:
        seen = review(store, 2)                   # effective values, findings now, diff
        correct(store, 2, [Edit.set(LINE, "price", parse_price("12,50"), 3)],
                by="Marie Dupont", reason="montant mal lu")
        approve(store, 2, by="Paul Martin", acknowledge_warnings=True, settings=settings)

Every version comes from the store with its effective values and its findings as they
stand now (:mod:`pipeline.store.versions`). An audit page written to disk
(:func:`write_audit_page`) is recorded, and written again when a decision or a
correction changes what it shows: a page never keeps saying « en attente » after the
version was rejected, nor « 0 avertissement » once another version is approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.corrections import Edit
from pipeline.errors import PipelineError, VersionNotFound
from pipeline.french import long_date
from pipeline.models import Correction, TariffDiff, TariffVersion, VersionStatus
from pipeline.settings import Settings, get_settings
from pipeline.store import Store
from pipeline.validate.history import complete
from pipeline.validate.history import diff as tariff_diff
from pipeline.validate.scope import Scope, scope_of

if TYPE_CHECKING:
    from pipeline.generate import Generation
    from pipeline.registry import Registry

log = logging.getLogger(__name__)

AUDIT = "audit"
"""The kind under which an audit page written to disk is recorded in the store."""

DECIDED = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)


# --- reviewing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """A version with what it is compared to: the approved version it follows and the
    changes between them (None when there is none to compare with)."""

    version: TariffVersion
    previous: TariffVersion | None = None
    diff: TariffDiff | None = None


def review(store: Store, version_id: int, *, compare: bool = True) -> Review:
    """A stored version as a person reviews it; ``compare``: with the version it follows."""
    version = store.version(version_id)
    if not compare:
        return Review(version)
    previous = store.previous_in_force(version_id)
    if previous is None:
        return Review(version)
    return Review(version, previous, tariff_diff(previous.extraction, version.extraction))


def compare(store: Store, first: int, second: int | None = None) -> Review:
    """``second`` compared with ``first``; without ``second``, ``first`` compared with the
    approved version it follows (``previous`` None when there is none)."""
    if second is None:
        return review(store, first)
    old, new = store.version(first), store.version(second)
    return Review(new, old, tariff_diff(old.extraction, new.extraction))


@dataclass(frozen=True)
class InForce:
    """The approved tariffs that apply on a day, and the next ones already approved."""

    day: dt.date
    version: TariffVersion | None
    following: TariffVersion | None


def tariffs_at(store: Store, day: dt.date) -> InForce:
    version = store.in_force(day)
    later = [
        v
        for v in store.versions()
        if v.status in DECIDED and v.effective_date is not None and v.effective_date > day
    ]
    following = min(later, key=lambda v: (v.effective_date, v.id)) if later else None
    return InForce(day, version, following)


def in_force(store: Store, day: dt.date) -> TariffVersion:
    """The version in force on ``day``, as annex 2 stands with it (:func:`whole`): what
    conventions and devis are made from. Raises VersionNotFound when there is none."""
    version = store.in_force(day)
    if version is None:
        raise VersionNotFound(
            f"aucune version tarifaire approuvée n'est en vigueur au {long_date(day)}"
        )
    return whole(store, version)


def whole(store: Store, version: TariffVersion) -> TariffVersion:
    """``version`` with the whole annex 2: a deliberation that sets only part of it (the
    tiers alone, some lines; :mod:`pipeline.validate.scope`) completed with the annex in
    force the day before it takes effect, itself completed in the same way."""
    if version.effective_date is None or scope_of(version.extraction) is Scope.FULL:
        return version
    before = store.in_force(version.effective_date - dt.timedelta(days=1))
    if before is None or before.id == version.id:
        return version
    annex = complete(whole(store, before).extraction, version.extraction)
    return version.model_copy(update={"extraction": annex})


# --- corrections and decisions --------------------------------------------------------------


@dataclass(frozen=True)
class VersionUpdate:
    """A correction or a decision made: the version as it is now, what it follows, the
    corrections just recorded, and the audit pages written again."""

    version: TariffVersion
    previous: TariffVersion | None = None
    corrections: list[Correction] = field(default_factory=list)
    refreshed: list[Path] = field(default_factory=list)


def correct(
    store: Store,
    version_id: int,
    edits: Sequence[Edit],
    *,
    by: str,
    reason: str,
) -> VersionUpdate:
    """Correct values of a pending version (all the edits or none), each with ``reason``.

    Raises :class:`~pipeline.corrections.CorrectionRefused` when the version is not
    pending or a value cannot be corrected so.
    """
    made = store.correct(version_id, list(edits), by=by, reason=reason)
    refreshed = refresh_audit_pages(store, [version_id])
    return VersionUpdate(store.version(version_id), corrections=made, refreshed=refreshed)


def approve(
    store: Store,
    version_id: int,
    *,
    by: str,
    acknowledge_warnings: bool = False,
    seen_corrections: int | None = None,
    settings: Settings | None = None,
) -> VersionUpdate:
    """Approve a pending version; raises ApprovalRefused with the reason (errors, warnings
    not acknowledged, a person who corrected it when ``Settings.four_eyes``…).

    ``seen_corrections``: how many corrections the person saw (refused if more since).
    """
    config = settings or get_settings()
    before = store.statuses()
    approved = store.approve(
        version_id,
        by=by,
        acknowledge_warnings=acknowledge_warnings,
        threshold=config.price_change_warning,
        four_eyes=config.four_eyes,
        seen_corrections=seen_corrections,
    )
    after = store.statuses()
    # the reference changed: every pending version's findings may have too; a version
    # whose status or predecessor changed shows another status or diff
    touched = {
        number
        for number, state in after.items()
        if number == version_id or state[0] is VersionStatus.PENDING or before.get(number) != state
    }
    refreshed = refresh_audit_pages(store, sorted(touched))
    return VersionUpdate(approved, store.previous_in_force(version_id), refreshed=refreshed)


def reject(store: Store, version_id: int, *, reason: str, by: str) -> VersionUpdate:
    """Reject a pending version with its reason; raises ApprovalRefused when refused."""
    rejected = store.reject(version_id, reason=reason, by=by)
    return VersionUpdate(rejected, refreshed=refresh_audit_pages(store, [version_id]))


# --- audit pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditPage:
    path: Path
    review: Review


def write_audit_page(store: Store, version_id: int, path: Path) -> AuditPage:
    """Write a stored version's audit page to ``path`` and remember it, so that it is
    written again when a decision or a correction changes what it shows."""
    seen = review(store, version_id)
    _write_page(store, seen, Path(path))
    return AuditPage(Path(path), seen)


def _write_page(store: Store, seen: Review, path: Path) -> bool:
    """Write (and remember) the page; False when the file already says the same."""
    from pipeline.atomic import write_bytes
    from pipeline.audit import render_audit

    version = seen.version
    html = render_audit(
        version.extraction,
        store.file_bytes(version.extraction.source.sha256),
        diff=seen.diff,
        version=version,
        previous=seen.previous,
    )
    data = html.encode("utf-8")
    same = path.is_file() and path.read_bytes() == data
    if not same:
        write_bytes(path, data)
    digest = hashlib.sha256(data).hexdigest()
    if _audit_pages(store, [version.id]).get(version.id, {}).get(_where(path)) != digest:
        store.record_document(version.id, None, AUDIT, _where(path), digest)
    return not same


def _where(path: Path) -> str:
    return str(Path(path).resolve())


def _audit_pages(store: Store, version_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """For each version, its recorded audit pages: path → SHA-256 of the last writing."""
    wanted = set(version_ids)
    pages: dict[int, dict[str, str]] = {}
    for document in store.documents():
        if document.kind == AUDIT and document.version_id in wanted:
            pages.setdefault(document.version_id, {})[document.path] = document.sha256
    return pages


def refresh_audit_pages(store: Store, version_ids: Iterable[int]) -> list[Path]:
    """Write again the recorded audit pages of these versions that are still on disk;
    returns those whose content changed.

    A page that cannot be written again is left as it was (and logged): the decision or
    correction that asked for it stays made.
    """
    refreshed: list[Path] = []
    for version_id, pages in sorted(_audit_pages(store, version_ids).items()):
        present = [Path(p) for p in pages if Path(p).is_file()]
        if not present:
            continue
        try:
            seen = review(store, version_id)
            refreshed += [path for path in present if _write_page(store, seen, path)]
        except (PipelineError, OSError) as error:
            log.warning("rapport d'audit de la version %s non mis à jour : %s", version_id, error)
    return refreshed


# --- generated documents ------------------------------------------------------------------


def prepare_generation(
    store: Store,
    config: Settings,
    *,
    codes: Sequence[str] | None,
    on: dt.date,
    pdf: bool = False,
    registry: Registry | None = None,
) -> tuple[Generation, Registry]:
    """The run that writes the conventions of ``codes`` (every collectivité when None)
    from the version in force ``on``, and the registry they were found in: what
    ``pipeline generate`` and the web page both run. The parties file, the templates,
    the imported registers and the staff's file (``registry``, or the one the settings
    name) are read here, with the amounts of the accepted devis priced from the version
    (shown instead of « sur devis »); the run writes nothing until it is iterated."""
    from pipeline.devis.accepted import accepted_prices
    from pipeline.generate import DOCUMENTS, Generation
    from pipeline.parties import load_parties
    from pipeline.registry import load_registry
    from pipeline.registry.registers import load_registers
    from pipeline.render.check import check_templates

    version = in_force(store, on)
    parties = load_parties(config.parties)
    loaded = check_templates(
        config.templates_dir, version, parties, passed=config.cache_dir / "modeles"
    )
    templates = {
        kind: next(t for t in loaded if t.path.name == name)
        for kind, (name, _) in DOCUMENTS.items()
    }
    registers = load_registers(config.registers_dir)
    if registry is None:
        registry = load_registry(config.registry, registers)
    chosen = list(registry) if codes is None else [registry.find(code) for code in codes]
    run = Generation(
        version,
        chosen,
        templates,
        config.output_dir,
        population_kind=config.population_kind,
        margin=config.boundary_margin,
        pdf=pdf,
        on=on,
        parties=parties,
        fallback=config.population_fallback,
        others=store.versions(),
        upcoming_days=config.upcoming_days,
        registers=registers,
        accepted=accepted_prices(store.devis.accepted(version.id)),
    )
    return run, registry


def record_generation(store: Store, run: Generation) -> int:
    """Remember in the store the documents a generation run wrote; returns how many."""
    from pipeline.generate import GENERATED

    return store.record_documents(
        {
            "version_id": run.version.id,
            "collectivity_code": outcome.collectivity.code,
            "kind": kind,
            "path": Path(path),
            "sha256": outcome.hashes[kind],
            "template_sha256": run.templates[kind.removesuffix("_pdf")].sha256,
            "details": {"fingerprint": outcome.fingerprint},
        }
        for outcome in run.report.having(GENERATED)
        for kind, path in outcome.files.items()
    )
