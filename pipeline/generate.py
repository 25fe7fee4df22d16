"""Generate each collectivité's convention and annex 2 from the version in force.

    run = Generation(version, collectivities, templates, settings.output_dir)
    for outcome in run:          # one per collectivité, for a progress bar
        ...
    run.report                   # what was generated, skipped, left out, near a boundary

Output: ``<output>/<version>/<code>-<name>/convention-tripartite.docx`` and
``annexe-2-tarifs.docx`` (and their PDFs), with ``manifest.csv`` and ``rapport.txt``
in ``<output>/<version>/``. Every write is atomic. Each collectivité's inputs (the
templates, the version, its registry row, the population setting) make a fingerprint
kept in the manifest: when it has not changed and its files are intact, nothing is
rewritten. A new tariff version goes to a new folder, so everything is generated
again; a changed registry row regenerates that collectivité only.

The version's values are its effective ones (corrections applied): a corrected value
is in the documents as corrected, and ``rapport.txt`` lists the corrections.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.corrections import describe, signed
from pipeline.errors import PipelineError
from pipeline.french import integer
from pipeline.models import TariffVersion
from pipeline.registry.models import Collectivity, PopulationKind
from pipeline.registry.tiers import Placement, place
from pipeline.render.assemble import assemble, version_label
from pipeline.render.engine import FastTemplate
from pipeline.render.pdf import convert
from pipeline.safe_text import for_spreadsheet, from_spreadsheet

RENDERER = "2"
"""Bumped when the context or the renderer changes what documents contain."""
DOCUMENTS = {
    "convention": ("convention_tripartite.docx", "convention-tripartite.docx"),
    "annexe": ("annexe2_tarifs.docx", "annexe-2-tarifs.docx"),
}
"""Document kind → (template file, output file)."""

MANIFEST_COLUMNS = [
    "code", "collectivite", "type", "population", "type_population", "source_population",
    "strate", "participation", "version_tarifaire", "deliberation", "date_effet", "statut",
    "remarque", "dossier", "convention_modele_sha256", "annexe_modele_sha256",
    "convention_sha256", "annexe_sha256", "convention_pdf_sha256", "annexe_pdf_sha256",
    "empreinte",
]  # fmt: skip

NUMBER_COLUMNS = frozenset({"population", "participation"})
"""Columns the run writes from numbers: kept as numbers, never prefixed."""

GENERATED = "générée"
UNCHANGED = "inchangée"
NO_TIER = "sans strate"
FAILED = "erreur"


def slug(text: str) -> str:
    """A safe folder name: ``Ablain-Saint-Nazaire`` → ``ablain-saint-nazaire``."""
    plain = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return plain[:60].rstrip("-") or "sans-nom"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic.write_bytes(path, data)
    return True


@dataclass
class Outcome:
    """What happened to one collectivité."""

    placement: Placement
    status: str
    folder: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    """Kind (``convention``, ``annexe``, ``convention_pdf`` …) → file."""
    hashes: dict[str, str] = field(default_factory=dict)
    message: str = ""
    fingerprint: str = ""

    @property
    def collectivity(self) -> Collectivity:
        return self.placement.collectivity


@dataclass
class Report:
    """The run's summary, for the CLI and ``rapport.txt``."""

    version: str
    folder: Path
    outcomes: list[Outcome] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    """The corrections of the version's values before its approval, one phrase each."""

    def having(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def near_boundary(self) -> list[Placement]:
        return [o.placement for o in self.outcomes if o.placement.boundary is not None]

    def text(self) -> str:
        lines = [f"Génération des conventions – version tarifaire {self.version}", ""]
        done = len(self.having(GENERATED)) + len(self.having(UNCHANGED))
        lines.append(f"Collectivités avec convention : {done}")
        lines.append(f"Sans strate : {len(self.having(NO_TIER))}")
        lines.append(f"En erreur : {len(self.having(FAILED))}")
        left_out = self.having(NO_TIER) + self.having(FAILED)
        if left_out:
            lines += ["", "Collectivités sans convention :"]
            lines += [
                f"- {o.collectivity.code} {o.collectivity.name} : {o.message}" for o in left_out
            ]
        if self.near_boundary:
            lines += ["", "Populations proches d'une borne de strate :"]
            for p in self.near_boundary:
                assert p.boundary is not None and p.population is not None
                tier = p.tier.label if p.tier else "aucune strate"
                lines.append(
                    f"- {p.collectivity.code} {p.collectivity.name} : "
                    f"{integer(p.population)} habitants (population {p.population_kind}), "
                    f"{tier}, {p.boundary.message}"
                )
        if self.corrections:
            lines += ["", "Valeurs corrigées avant l'approbation (la lecture reste conservée) :"]
            lines += [f"- {text}" for text in self.corrections]
        return "\n".join(lines) + "\n"


def fingerprint(
    templates: dict[str, FastTemplate],
    version: TariffVersion,
    collectivity: Collectivity,
    population_kind: PopulationKind,
) -> str:
    """Everything a collectivité's documents depend on, hashed."""
    payload = {
        "renderer": RENDERER,
        "templates": {kind: t.sha256 for kind, t in sorted(templates.items())},
        "version": version.id,
        "effective_date": str(version.effective_date),
        "extraction": version.extraction.model_dump(mode="json", exclude={"findings"}),
        "collectivity": collectivity.model_dump(mode="json"),
        "population_kind": population_kind,
    }
    return sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = (
            {key: from_spreadsheet(value or "") for key, value in row.items() if key}
            for row in csv.DictReader(handle, delimiter=";")
        )
        return {row["code"]: row for row in rows}


def _cell(column: str, value: str) -> str:
    """A manifest cell: a text from the registry (``=HYPERLINK(…)`` as a name) can
    never become a formula in the spreadsheet that opens the file."""
    return value if column in NUMBER_COLUMNS else for_spreadsheet(value)


def manifest_bytes(rows: dict[str, dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer,
        fieldnames=MANIFEST_COLUMNS,
        delimiter=";",
        lineterminator="\r\n",
        extrasaction="ignore",
    )
    writer.writeheader()
    for code in sorted(rows):
        writer.writerow({key: _cell(key, str(value)) for key, value in rows[code].items()})
    # BOM: a spreadsheet opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class Generation:
    """One run over some collectivités; iterate it to generate, then read ``report``."""

    def __init__(
        self,
        version: TariffVersion,
        collectivities: Sequence[Collectivity],
        templates: dict[str, FastTemplate],
        output_dir: Path,
        *,
        population_kind: PopulationKind = "municipale",
        margin: float = 0.02,
        pdf: bool = False,
    ):
        missing = set(DOCUMENTS) - set(templates)
        if missing:
            raise ValueError(f"templates missing: {sorted(missing)}")
        self.version = version
        self.collectivities = list(collectivities)
        self.templates = templates
        self.population_kind: PopulationKind = population_kind
        self.margin = margin
        self.pdf = pdf
        self.label = version_label(version)
        self.folder = Path(output_dir) / self.label
        self.manifest_path = self.folder / "manifest.csv"
        self.report = Report(
            self.label,
            self.folder,
            corrections=[f"{describe(c)} ({signed(c)})" for c in version.corrections],
        )
        self._previous = read_manifest(self.manifest_path)

    def __len__(self) -> int:
        return len(self.collectivities)

    def __iter__(self) -> Iterator[Outcome]:
        for collectivity in self.collectivities:
            outcome = self._one(collectivity)
            self.report.outcomes.append(outcome)
            yield outcome
        if self.pdf:
            self._convert()
        self._write_summary()

    # --- one collectivité ----------------------------------------------------------

    def _one(self, collectivity: Collectivity) -> Outcome:
        placement = place(
            collectivity,
            self.version.extraction.strata,
            population_kind=self.population_kind,
            margin=self.margin,
        )
        if placement.tier is None:
            return Outcome(placement, NO_TIER, message=placement.problem or "")
        folder = self.folder / f"{collectivity.code}-{slug(collectivity.name)}"
        print_ = fingerprint(self.templates, self.version, collectivity, self.population_kind)
        outcome = Outcome(placement, GENERATED, folder=folder, fingerprint=print_)
        for kind, (_, name) in DOCUMENTS.items():
            outcome.files[kind] = folder / name
            if self.pdf:
                outcome.files[f"{kind}_pdf"] = (folder / name).with_suffix(".pdf")
        if self._unchanged(outcome):
            outcome.status = UNCHANGED
            outcome.hashes = {
                k: self._previous[collectivity.code][f"{k}_sha256"] for k in outcome.files
            }
            return outcome
        try:
            context = assemble(placement, self.version).variables()
            for kind, (_, name) in DOCUMENTS.items():
                data = self.templates[kind].render(context)
                atomic.write_bytes(outcome.files[kind], data)
                outcome.hashes[kind] = sha256(data)
                if not self.pdf:  # a PDF of the previous documents would mislead
                    (folder / name).with_suffix(".pdf").unlink(missing_ok=True)
        except (PipelineError, OSError) as error:
            outcome.status, outcome.message = FAILED, str(error)
        return outcome

    def _unchanged(self, outcome: Outcome) -> bool:
        previous = self._previous.get(outcome.collectivity.code)
        if not previous or previous.get("empreinte") != outcome.fingerprint:
            return False
        if previous.get("dossier") != outcome.folder.name:  # type: ignore[union-attr]
            return False
        for kind, path in outcome.files.items():
            recorded = previous.get(f"{kind}_sha256")
            if not recorded or not path.is_file() or sha256(path.read_bytes()) != recorded:
                return False
        return True

    # --- the whole run ---------------------------------------------------------------

    def _convert(self) -> None:
        pairs: list[tuple[Path, Path]] = []
        owners: list[tuple[Outcome, str]] = []
        for outcome in self.report.having(GENERATED):
            for kind in DOCUMENTS:
                pairs.append((outcome.files[kind], outcome.files[f"{kind}_pdf"]))
                owners.append((outcome, f"{kind}_pdf"))
        convert(pairs)
        for (outcome, kind), (_, pdf) in zip(owners, pairs, strict=True):
            outcome.hashes[kind] = sha256(pdf.read_bytes())

    def _row(self, outcome: Outcome) -> dict[str, str]:
        if outcome.status == UNCHANGED:
            return self._previous[outcome.collectivity.code]
        item, placement = outcome.collectivity, outcome.placement
        tier = placement.tier
        amount = ""
        if tier is not None:
            amount = "sur devis" if tier.on_quote or tier.amount is None else f"{tier.amount}"
        sitting = self.version.extraction.deliberation
        source = item.population_source
        row = {
            "code": item.code,
            "collectivite": item.name,
            "type": item.kind.value,
            "population": "" if placement.population is None else str(placement.population),
            "type_population": placement.population_kind or "",
            "source_population": ""
            if source is None
            else " ".join(str(p) for p in (source.label, source.vintage) if p),
            "strate": tier.label if tier else "",
            "participation": amount,
            "version_tarifaire": self.label,
            "deliberation": sitting.date.isoformat() if sitting.date else "",
            "date_effet": str(self.version.effective_date or ""),
            "statut": outcome.status if outcome.status != UNCHANGED else GENERATED,
            "remarque": outcome.message
            or (placement.boundary.message if placement.boundary else ""),
            "dossier": outcome.folder.name if outcome.folder else "",
            "empreinte": outcome.fingerprint,
        }
        for kind in DOCUMENTS:
            row[f"{kind}_modele_sha256"] = self.templates[kind].sha256 if outcome.folder else ""
        for kind, digest in outcome.hashes.items():
            row[f"{kind}_sha256"] = digest
        return row

    def _write_summary(self) -> None:
        rows = dict(self._previous)
        for outcome in self.report.outcomes:
            if outcome.status == FAILED and outcome.collectivity.code in rows:
                continue  # keep what the last good run recorded
            rows[outcome.collectivity.code] = self._row(outcome)
        if not rows:
            return
        write_if_changed(self.manifest_path, manifest_bytes(rows))
        write_if_changed(self.folder / "rapport.txt", self.report.text().encode("utf-8"))
