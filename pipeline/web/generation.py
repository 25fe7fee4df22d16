"""Conventions generated from the web page, by the same library calls as
``pipeline generate``: the version in force, the checked templates, the registry,
:class:`pipeline.generate.Generation`, then :func:`pipeline.versions.record_generation`.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from pipeline import versions
from pipeline.generate import FAILED, GENERATED, NO_TIER, UNCHANGED
from pipeline.registry import Registry, load_registry
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.web.jobs import Item, Job

STAFF_FILE = "collectivites"
"""The name (without extension) of a registry file sent from the web page, kept beside
the store when ``PIPELINE_REGISTRY`` names none."""


def uploaded_registry(settings: Settings) -> Path | None:
    """The registry file sent from the web page and kept beside the store, if any."""
    folder = Path(settings.db).resolve().parent
    for suffix in (".xlsx", ".csv"):
        path = folder / f"{STAFF_FILE}{suffix}"
        if path.is_file():
            return path
    return None


def registry_path(settings: Settings) -> Path | None:
    """The staff's registry file in use: ``PIPELINE_REGISTRY``, else the one sent from
    the web page, else none (the open data alone)."""
    return settings.registry if settings.registry is not None else uploaded_registry(settings)


_registries: dict[tuple, Registry] = {}
_registries_lock = threading.Lock()


def registry(settings: Settings) -> Registry:
    """The registry with the staff's file in use, read again only when that file changed."""
    path = registry_path(settings)
    key: tuple = (None, _registers_stamp(settings.registers_dir))
    if path is not None and path.is_file():
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size, key[1])
    elif path is not None:
        key = (str(path), key[1])  # missing: load_registry says so
    with _registries_lock:
        found = _registries.get(key)
    if found is None:
        found = load_registry(path, settings.registers_dir)
        with _registries_lock:
            _registries.clear()
            _registries[key] = found
    return found


def _registers_stamp(folder: Path) -> tuple:
    """What changes when registers are imported again into ``folder``."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()))


STATES = {GENERATED: "générée", UNCHANGED: "inchangée", NO_TIER: "sans strate", FAILED: FAILED}


def generate(
    settings: Settings,
    job: Job,
    *,
    codes: list[str] | None,
    on: dt.date,
    pdf: bool = False,
) -> None:
    """Generate the conventions of ``codes`` (every collectivité when None) from the
    version in force ``on``, telling ``job`` how it goes."""
    with Store(settings.db, threshold=settings.price_change_warning) as store:
        run, known = versions.prepare_generation(
            store, settings, codes=codes, on=on, pdf=pdf, registry=registry(settings)
        )
    job.total = len(run)
    job.result.update(version=run.version.id, label=run.label, warnings=list(known.warnings))
    listed = len(run) <= 50  # one line per collectivité for a selection, counts for all
    for outcome in run:
        job.done += 1
        if listed:
            item = Item(
                name=f"{outcome.collectivity.name} ({outcome.collectivity.code})",
                state=STATES.get(outcome.status, outcome.status),
                detail=outcome.message,
                link=f"/collectivites/{outcome.collectivity.code}",
                severity="error" if outcome.status in (NO_TIER, FAILED) else "",
            )
            job.items.append(item)
    with Store(settings.db) as store:
        recorded = versions.record_generation(store, run)
    report = run.report
    job.result.update(
        recorded=recorded,
        generated=len(report.having(GENERATED)),
        unchanged=len(report.having(UNCHANGED)),
        no_tier=len(report.having(NO_TIER)),
        failed=len(report.having(FAILED)),
        folder=str(report.folder),
        report=report.text(),
    )
