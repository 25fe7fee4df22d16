"""Generate each collectivité's convention and annex 2 from the version in force.

    run = Generation(version, collectivities, templates, settings.output_dir)
    for outcome in run:          # one per collectivité, for a progress bar
        ...
    run.report                   # what was generated, skipped, left out, near a boundary

    for outcome in run.outcomes(jobs=2, progress=bar):    # over 2 processes, then 2
        ...                                                # LibreOffices; bar(event)

Output: ``<output>/<version>/<code>-<name>/convention-tripartite.docx`` and
``annexe-2-tarifs.docx`` (and their PDFs), with ``manifest.csv`` and ``rapport.txt``
in ``<output>/<version>/``. Every write is atomic. Each collectivité's inputs (the
templates, the version, its registry row and placement, the parties, the rendering
code: :mod:`pipeline.render.inputs`) make a fingerprint kept in the manifest: when it
has not changed and its files are intact, nothing is rewritten. A new tariff version
goes to a new folder, so everything is generated again; a changed registry row
regenerates that collectivité only.

The version's values are its effective ones (corrections applied): a corrected value
is in the documents as corrected, and ``rapport.txt`` lists the corrections.

The documents are those of a date (``on``, today by default): the population figure is
the one in force on that date (:mod:`pipeline.registry.populations`), of the kind the
version's rule names. ``rapport.txt`` lists every collectivité with its tier, the
figure, its kind and millésime; it says what a person must check before sending:
figures missing for the millésime in force, facts of the parties left empty, public
registers missing or old, another version taking effect soon after the date asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline import atomic
from pipeline.corrections import describe, signed
from pipeline.devis.accepted import Accepted, apply_accepted
from pipeline.errors import PipelineError
from pipeline.forked import ordered_map
from pipeline.french import STATUS, integer, long_date, money
from pipeline.models import TariffVersion, TierKind, VersionStatus
from pipeline.parties import Parties, load_parties
from pipeline.registry.models import Collectivity, PopulationKind
from pipeline.registry.populations import Fallback, PopulationRule, rule_of, vintage_in_force
from pipeline.registry.registers import Registers
from pipeline.registry.tiers import Placement, place
from pipeline.render.assemble import assemble, own_number, version_label
from pipeline.render.engine import FastTemplate
from pipeline.render.inputs import Inputs
from pipeline.render.pdf import Ahead, convert
from pipeline.safe_text import for_spreadsheet, from_spreadsheet

RENDERER = "3"
"""Bumped when the context or the renderer changes what documents contain."""
DOCUMENTS = {
    "convention": ("convention_tripartite.docx", "convention-tripartite.docx"),
    "annexe": ("annexe2_tarifs.docx", "annexe-2-tarifs.docx"),
}
"""Document kind → (template file, output file)."""

MANIFEST_COLUMNS = [
    "code", "collectivite", "type", "population", "type_population", "millesime_population",
    "source_population", "regle_population", "note_population", "strate", "participation",
    "version_tarifaire", "deliberation", "date_effet", "statut", "remarque", "dossier",
    "convention_modele_sha256", "annexe_modele_sha256", "convention_sha256",
    "annexe_sha256", "convention_pdf_sha256", "annexe_pdf_sha256", "empreinte",
]  # fmt: skip

NUMBER_COLUMNS = frozenset({"population", "participation"})
"""Columns the run writes from numbers: kept as numbers, never prefixed."""

GENERATED = "générée"
UNCHANGED = "inchangée"
NO_TIER = "sans strate"
FAILED = "erreur"


class Stage(StrEnum):
    """The long steps of a run, in their order."""

    DOCUMENTS = "documents"
    """The Word documents, counted by collectivité (written or found unchanged)."""
    PDF = "pdf"
    """The PDF conversions, counted by document."""


@dataclass(frozen=True, slots=True)
class GenerationProgress:
    """``done`` of ``total`` of a run's ``stage``; the last event of a stage has
    ``done == total``."""

    stage: Stage
    done: int
    total: int


ProgressCallback = Callable[[GenerationProgress], None]
"""Called in the caller's thread with each :class:`GenerationProgress`; quick to return."""


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


def _figure(placement: Placement) -> str:
    """« 2 005 habitants (population totale, millésime 2022) »."""
    if placement.population is None:
        return "population inconnue"
    vintage = placement.population_vintage
    return (
        f"{integer(placement.population)} habitants (population {placement.population_kind}, "
        f"{f'millésime {vintage}' if vintage else 'millésime non précisé'})"
    )


def _fee(placement: Placement) -> str:
    tier = placement.tier
    if tier is None:
        return ""
    if tier.on_quote or tier.amount is None:
        return "sur devis"
    return money(tier.amount, drop_zero_cents=True)


@dataclass
class Report:
    """The run's summary, for the CLI and ``rapport.txt``."""

    version: str
    folder: Path
    outcomes: list[Outcome] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    """The corrections of the version's values before its approval, one phrase each."""
    on: dt.date | None = None
    """The date the documents are for."""
    rule: PopulationRule | None = None
    checks: list[str] = field(default_factory=list)
    """What a person must check before sending (French, one line each): parties' facts
    left empty, registers missing or old, another version taking effect soon…"""

    def having(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def near_boundary(self) -> list[Placement]:
        return [o.placement for o in self.outcomes if o.placement.boundary is not None]

    @property
    def stand_ins(self) -> dict[str, list[Placement]]:
        """Placements whose population figure is not the one asked for, by note."""
        found: dict[str, list[Placement]] = {}
        for outcome in self.outcomes:
            choice = outcome.placement.choice
            if choice is not None and choice.note and outcome.placement.tier is not None:
                found.setdefault(choice.note, []).append(outcome.placement)
        return found

    def text(self) -> str:
        lines = [f"Génération des conventions – version tarifaire {self.version}"]
        if self.on is not None:
            lines.append(f"Documents au {long_date(self.on)}")
        if self.rule is not None and self.on is not None:
            vintage = vintage_in_force(self.on)
            lines.append(
                f"Chiffre de population : {self.rule.reason} ; millésime en vigueur : "
                f"{vintage} (au 1er janvier {vintage + 3})"
            )
        lines.append("")
        done = len(self.having(GENERATED)) + len(self.having(UNCHANGED))
        lines.append(f"Collectivités avec convention : {done}")
        lines.append(f"Sans strate : {len(self.having(NO_TIER))}")
        lines.append(f"En erreur : {len(self.having(FAILED))}")
        if self.checks:
            lines += ["", "À vérifier avant l'envoi :"]
            lines += [f"- {text}" for text in self.checks]
        for note, placements in self.stand_ins.items():
            lines += ["", f"Chiffre du millésime en vigueur manquant ({len(placements)}) : {note}."]
            lines.append(
                "Conventions concernées (le chiffre utilisé est dit dans l'annexe 2) : "
                + ", ".join(f"{p.collectivity.code} {p.collectivity.name}" for p in placements)
            )
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
                    f"- {p.collectivity.code} {p.collectivity.name} : {_figure(p)}, "
                    f"{tier}, {p.boundary.message}"
                )
        if self.corrections:
            lines += ["", "Valeurs corrigées avant l'approbation (la lecture reste conservée) :"]
            lines += [f"- {text}" for text in self.corrections]
        lines += ["", "Strate de chaque collectivité :"]
        for outcome in self.outcomes:
            p = outcome.placement
            where = "sans strate" if p.tier is None else f"« {p.tier.label} », {_fee(p)}"
            figure = _figure(p) if p.choice is not None else "strate par nature"
            lines.append(f"- {p.collectivity.code} {p.collectivity.name} : {figure} → {where}")
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        """The closing lines of a run (French): the collectivités written, unchanged,
        without tier or in error (named, with the document and the reason), how many
        of each tier have a convention, and the folder."""
        written = self.having(GENERATED)
        files = [kind for o in written + self.having(FAILED) for kind in o.hashes]
        pdfs = sum(kind.endswith("_pdf") for kind in files)
        made = f"{_count(len(files) - pdfs, 'document Word', 'documents Word')}"
        made += f", {_count(pdfs, 'PDF', 'PDF')}" if pdfs else ""
        failed = self.having(FAILED)
        lines = [
            f"Bilan : {_count(len(written), 'collectivité écrite', 'collectivités écrites')} "
            f"({made}), {_count(len(self.having(UNCHANGED)), 'inchangée', 'inchangées')}, "
            f"{len(self.having(NO_TIER))} sans strate, {len(failed)} en erreur."
        ]
        lines += [f"- {o.collectivity.code} {o.collectivity.name} : {o.message}" for o in failed]
        tiers = Counter(
            (tier.kind is not TierKind.COLLECTIVITY, tier.min_population or 0, tier.label)
            for o in written + self.having(UNCHANGED)
            if (tier := o.placement.tier) is not None
        )
        if tiers:
            counts = [f"« {label} » {n}" for (_, _, label), n in sorted(tiers.items())]
            lines.append("Par strate : " + " ; ".join(counts) + ".")
        lines.append(f"Dossier : {self.folder}")
        return "\n".join(lines) + "\n"


def _count(number: int, one: str, many: str) -> str:
    """« 1 collectivité écrite », « 1 812 collectivités écrites », « 0 inchangée »."""
    return f"{integer(number)} {one if number < 2 else many}"


def fingerprint(templates: dict[str, FastTemplate], context: dict[str, object]) -> str:
    """Everything a collectivité's documents depend on, hashed: the templates and the
    context they are rendered with (which holds the version's values, the collectivité,
    the figure chosen and the parties)."""
    payload = {
        "renderer": RENDERER,
        "templates": {kind: t.sha256 for kind, t in sorted(templates.items())},
        "context": {
            name: value.model_dump(mode="json") if hasattr(value, "model_dump") else value
            for name, value in context.items()
        },
    }
    return sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def hash_cells(templates: dict[str, FastTemplate], outcome: Outcome) -> dict[str, str]:
    """A manifest row's checksums: each template's (when documents were written) and
    each document's."""
    cells = {
        f"{kind}_modele_sha256": template.sha256 if outcome.folder else ""
        for kind, template in templates.items()
    }
    return cells | {f"{kind}_sha256": digest for kind, digest in outcome.hashes.items()}


def files_intact(outcome: Outcome, previous: dict[str, str]) -> bool:
    """Whether the files of ``outcome`` are those its manifest row ``previous`` records:
    same fingerprint and folder, each file there with the checksum recorded."""
    if previous.get("empreinte") != outcome.fingerprint:
        return False
    if previous.get("dossier") != (outcome.folder.name if outcome.folder else ""):
        return False
    for kind, path in outcome.files.items():
        recorded = previous.get(f"{kind}_sha256")
        if not recorded or not path.is_file() or sha256(path.read_bytes()) != recorded:
            return False
    return True


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = (
            {key: from_spreadsheet(value or "") for key, value in row.items() if key}
            for row in csv.DictReader(handle, delimiter=";")
        )
        return {row["code"]: row for row in rows}


def _cell(column: str, value: str, numbers: frozenset[str] = NUMBER_COLUMNS) -> str:
    """A manifest cell: a text from the registry (``=HYPERLINK(…)`` as a name) can
    never become a formula in the spreadsheet that opens the file."""
    return value if column in numbers else for_spreadsheet(value)


def manifest_bytes(
    rows: dict[str, dict[str, str]],
    columns: Sequence[str] = tuple(MANIFEST_COLUMNS),
    numbers: frozenset[str] = NUMBER_COLUMNS,
) -> bytes:
    """The manifest of ``rows`` (by code) with ``columns``, as a French spreadsheet
    opens it; the ``numbers`` columns are written from numbers, never prefixed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer,
        fieldnames=list(columns),
        delimiter=";",
        lineterminator="\r\n",
        extrasaction="ignore",
    )
    writer.writeheader()
    for code in sorted(rows):
        row = rows[code]
        writer.writerow({key: _cell(key, str(value), numbers) for key, value in row.items()})
    # BOM: a spreadsheet opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def upcoming(
    version: TariffVersion, others: Sequence[TariffVersion], on: dt.date, days: int
) -> list[str]:
    """In French: each other approved or pending version that takes effect within
    ``days`` after ``on`` (the documents generated on ``on`` would soon be out of date)."""
    found = []
    for other in sorted(others, key=lambda v: (v.effective_date or dt.date.max, v.id)):
        effective = other.effective_date
        if other.id == version.id or effective is None:
            continue
        if other.status not in (VersionStatus.APPROVED, VersionStatus.PENDING):
            continue
        if not on < effective <= on + dt.timedelta(days=days):
            continue
        sitting = other.extraction.deliberation.date
        of = f", délibération du {long_date(sitting)}" if sitting else ""
        found.append(
            f"la version {other.id} ({STATUS[other.status]}{of}) prend effet le "
            f"{long_date(effective)}, {(effective - on).days} jours après le {long_date(on)} : "
            "les conventions générées ici portent des tarifs qu'elle remplacera"
        )
    return found


def party_checks(version: TariffVersion, parties: Parties) -> list[str]:
    """In French: the parties' facts and the deliberations' numbers or dates unknown."""
    found = []
    where = parties.path.name if parties.path else "parametres/parties.toml"
    missing = parties.missing()
    if missing:
        found.append(
            f"valeurs vides dans {where} (pointillés dans les conventions) : " + ", ".join(missing)
        )
    sitting = version.extraction.deliberation
    own = own_number(version, parties)
    if own is None and sitting.date:
        found.append(
            f"numéro de la délibération du {long_date(sitting.date)} inconnu : ajoutez-le "
            f"aux délibérations de {where}"
        )
    for reference in sitting.references:
        if reference != own and parties.date_of(reference) is None:
            found.append(
                f"date de la délibération n° {reference} visée inconnue : ajoutez-la aux "
                f"délibérations de {where}"
            )
    return found


class Generation:
    """One run over some collectivités; iterate it to generate, then read ``report``.

    ``on``: the date the documents are for (today by default): the millésime of the
    populations in force and the versions about to take effect are those of that day.
    ``population_kind``: the figure the tiers use when the deliberation names none.
    ``others``: the other versions of the store (for the report's warning when one takes
    effect within ``upcoming_days``); ``registers``: the imported public registers (for
    the report's warning when one is missing or old); ``accepted``: per code, the amounts
    of the collectivité's accepted devis (:mod:`pipeline.devis.accepted`), in its
    documents where the version says « sur devis ».
    """

    def __init__(
        self,
        version: TariffVersion,
        collectivities: Sequence[Collectivity],
        templates: dict[str, FastTemplate],
        output_dir: Path,
        *,
        population_kind: PopulationKind = "totale",
        margin: float = 0.02,
        pdf: bool = False,
        on: dt.date | None = None,
        parties: Parties | None = None,
        fallback: Fallback | str = Fallback.EARLIER_VINTAGE,
        others: Sequence[TariffVersion] = (),
        upcoming_days: int = 60,
        registers: Registers | None = None,
        accepted: Mapping[str, Accepted] | None = None,
    ):
        missing = set(DOCUMENTS) - set(templates)
        if missing:
            raise ValueError(f"templates missing: {sorted(missing)}")
        self.version = version
        self.collectivities = list(collectivities)
        self.templates = templates
        self.on = on or dt.date.today()
        self.rule = rule_of(version, population_kind)
        self.population_kind: PopulationKind = self.rule.kind
        self.fallback = Fallback(fallback)
        self.parties = parties or load_parties()
        self.accepted = dict(accepted or {})
        """Per code, the amounts of accepted devis, shown instead of « sur devis »."""
        self.margin = margin
        self.pdf = pdf
        self.label = version_label(version)
        self.folder = Path(output_dir) / self.label
        self.manifest_path = self.folder / "manifest.csv"
        checks = party_checks(version, self.parties)
        if registers is not None:
            settings = self.parties.registers
            checks += registers.warnings(
                on=self.on,
                elections=settings.last_municipal_elections,
                max_age_days=settings.max_age_days,
            )
        checks += upcoming(version, others, self.on, upcoming_days)
        self.report = Report(
            self.label,
            self.folder,
            corrections=[f"{describe(c)} ({signed(c)})" for c in version.corrections],
            on=self.on,
            rule=self.rule,
            checks=checks,
        )
        self.inputs = Inputs(templates, self.parties, self.rule, renderer=RENDERER)
        """Each collectivité's fingerprint, from its inputs (not from its context)."""
        self._previous = read_manifest(self.manifest_path)

    def __len__(self) -> int:
        return len(self.collectivities)

    def __iter__(self) -> Iterator[Outcome]:
        return self.outcomes()

    def outcomes(
        self, *, jobs: int = 1, progress: ProgressCallback | None = None
    ) -> Iterator[Outcome]:
        """Each collectivité's outcome, in order, as its documents are written; then the
        PDFs, the manifest and the report.

        ``jobs``: processes writing documents at once (:func:`pipeline.forked.ordered_map`)
        and LibreOffices converting at once. ``progress``: told of each collectivité and
        each PDF done (:class:`GenerationProgress`). Interrupted (KeyboardInterrupt, an
        error, the iteration closed early), the manifest still records what is complete
        (a collectivité's PDFs not all converted are left out), so that the next run
        does only the rest; ``rapport.txt`` is written by a whole run only.
        """
        complete = False
        try:
            with (
                Ahead(jobs) if self.pdf else nullcontext() as ahead,
                closing(ordered_map(self._one, self.collectivities, jobs=jobs)) as done,
            ):
                for outcome in done:
                    self.report.outcomes.append(outcome)
                    if ahead is not None and self._to_convert(outcome):
                        ahead.start()  # LibreOffice starts while the rest are written
                    if progress is not None:
                        count = len(self.report.outcomes)
                        progress(GenerationProgress(Stage.DOCUMENTS, count, len(self)))
                    yield outcome
                if self.pdf:
                    self._convert(jobs, progress, ahead)
            complete = True
        finally:
            self._write_summary(complete=complete)

    # --- one collectivité ----------------------------------------------------------

    def _one(self, collectivity: Collectivity) -> Outcome:
        placement = place(
            collectivity,
            self.version.extraction.strata,
            population_kind=self.population_kind,
            margin=self.margin,
            on=self.on,
            fallback=self.fallback,
        )
        if placement.tier is None:
            return Outcome(placement, NO_TIER, message=placement.problem or "")
        folder = self.folder / f"{collectivity.code}-{slug(collectivity.name)}"
        try:
            version, placement = apply_accepted(
                self.version, placement, self.accepted.get(collectivity.code)
            )
        except (PipelineError, ValueError) as error:
            return Outcome(placement, FAILED, folder=folder, message=str(error))
        print_ = self.inputs.fingerprint(version, placement)
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
            context = assemble(placement, version, self.parties, self.rule).variables()
        except (PipelineError, ValueError) as error:
            return Outcome(placement, FAILED, folder=folder, message=str(error))
        try:
            for kind, (_, name) in DOCUMENTS.items():
                data = self.templates[kind].render(context)
                outcome.hashes[kind] = sha256(data)
                pdf = (folder / name).with_suffix(".pdf")
                if write_if_changed(outcome.files[kind], data) or not self.pdf:
                    # a PDF of other documents would mislead (--pdf converts it again)
                    pdf.unlink(missing_ok=True)
                elif self._pdf_of(outcome, kind, pdf):  # the same document: kept
                    outcome.hashes[f"{kind}_pdf"] = self._previous[collectivity.code][
                        f"{kind}_pdf_sha256"
                    ]
        except (PipelineError, OSError) as error:
            outcome.status, outcome.message = FAILED, str(error)
        return outcome

    def _pdf_of(self, outcome: Outcome, kind: str, pdf: Path) -> bool:
        """Whether ``pdf`` is the one the manifest records as made from the document of
        ``kind`` just rendered (the same bytes): then it is not converted again."""
        previous = self._previous.get(outcome.collectivity.code, {})
        recorded = previous.get(f"{kind}_pdf_sha256")
        return (
            bool(recorded)
            and previous.get(f"{kind}_sha256") == outcome.hashes[kind]
            and pdf.is_file()
            and sha256(pdf.read_bytes()) == recorded
        )

    def _unchanged(self, outcome: Outcome) -> bool:
        previous = self._previous.get(outcome.collectivity.code)
        if not previous or previous.get("statut") != GENERATED:  # a PDF failed: all again
            return False
        return files_intact(outcome, previous)

    # --- the whole run ---------------------------------------------------------------

    @staticmethod
    def _to_convert(outcome: Outcome) -> list[str]:
        """The documents of ``outcome`` whose PDF is to be made (not those whose PDF of
        the same document was kept)."""
        if outcome.status != GENERATED:
            return []
        return [kind for kind in DOCUMENTS if f"{kind}_pdf" not in outcome.hashes]

    def _convert(self, jobs: int, progress: ProgressCallback | None, ahead: Ahead) -> None:
        """The PDFs of the documents written (but those whose PDF of the same document
        was kept), by the LibreOffices started ``ahead`` if any; a document LibreOffice
        cannot convert puts its collectivité in error, named with the reason, and the
        others go on."""
        pairs: list[tuple[Path, Path]] = []
        owners: list[tuple[Outcome, str]] = []
        for outcome in self.report.having(GENERATED):
            for kind in self._to_convert(outcome):
                pairs.append((outcome.files[kind], outcome.files[f"{kind}_pdf"]))
                owners.append((outcome, f"{kind}_pdf"))
        finished = 0

        def done(index: int, error: str | None) -> None:
            nonlocal finished
            (outcome, kind), (docx, pdf) = owners[index], pairs[index]
            if error is None:
                outcome.hashes[kind] = sha256(pdf.read_bytes())
            else:
                problem = f"PDF de {docx.name} non produit : {error}"
                outcome.status = FAILED
                outcome.message = f"{outcome.message} ; {problem}" if outcome.message else problem
            finished += 1
            if progress is not None:
                progress(GenerationProgress(Stage.PDF, finished, len(pairs)))

        if pairs and progress is not None:
            progress(GenerationProgress(Stage.PDF, 0, len(pairs)))
        convert(pairs, workers=jobs, done=done, ahead=ahead)

    def _row(self, outcome: Outcome) -> dict[str, str]:
        if outcome.status == UNCHANGED:
            return self._previous[outcome.collectivity.code]
        item, placement = outcome.collectivity, outcome.placement
        tier = placement.tier
        amount = ""
        if tier is not None:
            amount = "sur devis" if tier.on_quote or tier.amount is None else f"{tier.amount}"
        sitting = self.version.extraction.deliberation
        choice = placement.choice
        figure = choice.figure if choice else None
        row = {
            "code": item.code,
            "collectivite": item.name,
            "type": item.kind.value,
            "population": "" if placement.population is None else str(placement.population),
            "type_population": placement.population_kind or "",
            "millesime_population": str(figure.vintage) if figure and figure.vintage else "",
            "source_population": figure.source if figure else "",
            "regle_population": self.rule.reason if choice else "strate par nature",
            "note_population": (choice.note or "") if choice else "",
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
        return row | hash_cells(self.templates, outcome)

    def _write_summary(self, *, complete: bool = True) -> None:
        """The manifest (and, for a ``complete`` run, the report). A run cut short
        records only the files it made: a PDF not converted has no line."""
        if not complete:
            for outcome in self.report.having(GENERATED):
                outcome.files = {k: p for k, p in outcome.files.items() if k in outcome.hashes}
        rows = dict(self._previous)
        for outcome in self.report.outcomes:
            code = outcome.collectivity.code
            if outcome.status == FAILED and not outcome.hashes and code in rows:
                continue  # nothing written: keep what the last good run recorded
            rows[code] = self._row(outcome)
        if not rows:
            return
        write_if_changed(self.manifest_path, manifest_bytes(rows))
        if complete:
            write_if_changed(self.folder / "rapport.txt", self.report.text().encode("utf-8"))
