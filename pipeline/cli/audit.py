"""`pipeline audit` and `pipeline export`: a version checked against its PDF, or exported.

Both take a stored version's number, or the path of a PDF (read on the spot, nothing
stored) so that the staff can check a file before it enters the base.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import app, fail, out, settings
from pipeline.errors import PipelineError, VersionNotFound
from pipeline.models import Extraction, TariffVersion
from pipeline.settings import Settings
from pipeline.store import Store


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Target:
    """What a command works on: a stored version, or a PDF read on the spot."""

    extraction: Extraction
    name: str
    """Base name of the default output file: ``version-3`` or the PDF's stem."""
    pdf: Path | None = None
    version: TariffVersion | None = None


VERSION_ARGUMENT = typer.Argument(
    help="numéro de la version enregistrée, ou chemin d'un PDF à lire sans l'enregistrer",
    show_default=False,
    metavar="VERSION",
)


@app.command("audit")
def audit_command(
    version: Annotated[str, VERSION_ARGUMENT],
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie",
            help="fichier HTML à écrire (par défaut output/audit/version-N.html)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Écrit le rapport d'audit d'une version : un fichier HTML autonome.

    Chaque page du PDF y figure avec un cadre autour de chaque valeur lue, les
    tableaux extraits à côté (un clic sur une ligne montre son cadre), les constats,
    les écarts avec la version précédente en vigueur, les corrections et la source
    (fichier, SHA-256, OCR). Le fichier s'ouvre depuis le disque, sans serveur ni
    réseau. Le rapport d'une version enregistrée est réécrit quand une décision ou
    une correction change ce qu'il montre.

    Exemples : pipeline audit 3 ;
    pipeline audit deliberations/2025-07-10_annexe2_tarifs.pdf --sortie audit.html

    Codes de sortie : 0 rapport écrit ; 1 version introuvable ; 2 PDF illisible.
    """
    config = settings()
    try:
        if _is_number(version):
            path = sortie or config.output_dir / "audit" / f"version-{int(version)}.html"
            extraction = _write_stored_audit(int(version), path, config)
        else:
            from pipeline.audit import write_audit

            target = _load(version, config)
            assert target.pdf is not None  # a PDF read on the spot
            path = sortie or config.output_dir / "audit" / f"{target.name}.html"
            write_audit(target.extraction, target.pdf, path)
            extraction = target.extraction
    except PipelineError as error:
        fail(error)
    out.print(
        f"Rapport d'audit écrit : {path} ({_size(path)}) – "
        f"{len(extraction.services)} ligne(s) de service, {len(extraction.strata)} strate(s), "
        f"{len(extraction.errors)} erreur(s), {len(extraction.warnings)} avertissement(s)."
    )


@app.command("export")
def export_command(
    version: Annotated[str, VERSION_ARGUMENT],
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="csv ou xlsx (par défaut : l'extension de --sortie, sinon xlsx)",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie",
            help="fichier à écrire (par défaut output/export/version-N.xlsx ou .csv)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Exporte les tarifs d'une version pour un tableur : CSV ou XLSX.

    XLSX : feuilles « Services », « Strates » et « Source » (la délibération), montants
    en nombres au format euro. CSV : un seul tableau, séparateur « ; », virgule
    décimale, UTF-8 avec BOM, comme Excel l'attend en français ; la colonne « Type »
    distingue les lignes « Service » et « Strate ».

    Exemples : pipeline export 3 --format xlsx ;
    pipeline export 3 --format csv --sortie tarifs-2025.csv

    Codes de sortie : 0 fichier écrit ; 1 version introuvable ; 2 PDF illisible.
    """
    from pipeline.export import write_csv, write_xlsx

    config = settings()
    chosen = format or _format_of(sortie)
    try:
        target = _load(version, config)
        path = sortie or config.output_dir / "export" / f"{target.name}.{chosen.value}"
        if chosen is Format.CSV:
            write_csv(target.extraction, path, version=target.version)
        else:
            write_xlsx(target.extraction, path, version=target.version)
    except PipelineError as error:
        fail(error)
    out.print(f"Export {chosen.value.upper()} écrit : {path} ({_size(path)}).")


def _format_of(sortie: Path | None) -> Format:
    if sortie is not None and sortie.suffix.lower() == ".csv":
        return Format.CSV
    return Format.XLSX


def _is_number(reference: str) -> bool:
    return reference.strip().isdigit()


def _open_store(version_id: int, config: Settings) -> Store:
    if not config.db.exists():
        raise VersionNotFound(
            f"version {version_id} introuvable : la base des versions n'existe pas encore.",
            path=config.db,
        )
    return Store(config.db, threshold=config.price_change_warning)


def _write_stored_audit(version_id: int, path: Path, config: Settings) -> Extraction:
    """Write a stored version's audit page (remembered, to be kept current)."""
    from pipeline.versions import write_audit_page

    with _open_store(version_id, config) as store:
        page = write_audit_page(store, version_id, path)
    return page.review.version.extraction


def _load(reference: str, config: Settings) -> Target:
    """A stored version when ``reference`` is a number, else the PDF at that path."""
    if _is_number(reference):
        with _open_store(int(reference), config) as store:
            version = store.version(int(reference))
        return Target(extraction=version.extraction, name=f"version-{version.id}", version=version)
    from pipeline.extract import extract

    path = Path(reference)
    return Target(extraction=extract(path, settings=config), pdf=path, name=path.stem)


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")
