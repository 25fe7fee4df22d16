"""The notification letters of a new version: one folder per affected adherent.

    run = Letters(impact, templates, settings.output_dir, parties=parties, on=today)
    for outcome in run:         # one per affected adherent
        ...

Output: ``<output>/courriers/<version>/<code>-<name>/courrier-changement-tarifs.docx``
and ``annexe-2-tarifs.docx`` (the new annex 2, from the annex template of
``pipeline generate``), with ``manifest.csv`` in ``<output>/courriers/<version>/``.
Like ``pipeline generate``: each adherent's inputs make a fingerprint kept in the
manifest, and an adherent whose fingerprint and files are unchanged is not written
again; every write is atomic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from pipeline import atomic
from pipeline.adhesions.context import ContexteCourrier, courrier
from pipeline.adhesions.impact import AdherentImpact, Impact
from pipeline.adhesions.settings import IMPACT
from pipeline.errors import PipelineError, TemplateError
from pipeline.generate import (
    FAILED,
    GENERATED,
    NO_TIER,
    UNCHANGED,
    Outcome,
    files_intact,
    fingerprint,
    hash_cells,
    manifest_bytes,
    read_manifest,
    sha256,
    slug,
    write_if_changed,
)
from pipeline.parties import Parties
from pipeline.registry.populations import PopulationKind, rule_of
from pipeline.render.assemble import assemble, version_label
from pipeline.render.check import unknown_variables
from pipeline.render.engine import FastTemplate

LETTER_TEMPLATE = "courrier_changement_tarifs.docx"
ANNEX_TEMPLATE = "annexe2_tarifs.docx"
DOCUMENTS = {
    "courrier": (LETTER_TEMPLATE, "courrier-changement-tarifs.docx"),
    "annexe": (ANNEX_TEMPLATE, "annexe-2-tarifs.docx"),
}
"""Document kind → (template file, output file)."""

MANIFEST_COLUMNS = (
    "code", "collectivite", "strate_avant", "strate_apres", "accompagnement_avant",
    "accompagnement_apres", "montant_annuel_avant", "montant_annuel_apres", "ecart",
    "ecart_pourcent", "date_application", "statut", "remarque", "dossier",
    "courrier_modele_sha256", "annexe_modele_sha256", "courrier_sha256", "annexe_sha256",
    "empreinte",
)  # fmt: skip
NUMBER_COLUMNS = frozenset(
    {"montant_annuel_avant", "montant_annuel_apres", "ecart", "ecart_pourcent"}
)
"""Columns written from numbers (an amount may be negative): never prefixed."""


def load_templates(folder: Path) -> dict[str, FastTemplate]:
    """The letter's and the annex's templates, checked: a variable the context does not
    describe raises TemplateError naming it."""
    templates = {kind: FastTemplate(Path(folder) / name) for kind, (name, _) in DOCUMENTS.items()}
    problems = unknown_variables(templates["courrier"], ContexteCourrier)
    if problems:
        raise TemplateError(
            "variable inconnue du courrier : " + ", ".join(p.message for p in problems),
            path=templates["courrier"].path,
        )
    return templates


class Letters:
    """The letters of one impact; iterate to write them, then read ``outcomes``.

    ``on``: the date of the letters (today by default).
    """

    def __init__(
        self,
        impact: Impact,
        templates: dict[str, FastTemplate],
        output_dir: Path,
        *,
        parties: Parties,
        population_kind: PopulationKind = "totale",
        on: dt.date | None = None,
    ):
        self.impact = impact
        self.templates = templates
        self.parties = parties
        self.on = on or dt.date.today()
        self.rule = rule_of(impact.version, population_kind)
        self.folder = Path(output_dir) / IMPACT.folder / version_label(impact.version)
        self.manifest_path = self.folder / "manifest.csv"
        self.outcomes: list[Outcome] = []
        self._previous = read_manifest(self.manifest_path)

    def __len__(self) -> int:
        return len(self.impact.affected)

    def __iter__(self) -> Iterator[Outcome]:
        for adherent in self.impact.affected:
            outcome = self._one(adherent)
            self.outcomes.append(outcome)
            yield outcome
        rows = dict(self._previous)
        for outcome, adherent in zip(self.outcomes, self.impact.affected, strict=True):
            if outcome.status == FAILED and outcome.collectivity.code in rows:
                continue  # keep what the last good run recorded
            rows[outcome.collectivity.code] = self._row(outcome, adherent)
        if rows:
            write_if_changed(
                self.manifest_path, manifest_bytes(rows, MANIFEST_COLUMNS, NUMBER_COLUMNS)
            )

    def having(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    def _one(self, adherent: AdherentImpact) -> Outcome:
        placement = adherent.after.placement
        if placement.tier is None:
            return Outcome(placement, NO_TIER, message=placement.problem or "aucune strate")
        item = adherent.collectivity
        folder = self.folder / f"{item.code}-{slug(item.name)}"
        try:
            convention = assemble(placement, self.impact.version, self.parties, self.rule)
            applies = self.impact.on
            context = ContexteCourrier(
                **convention.variables(),
                courrier=courrier(
                    adherent, on=self.on, applies=applies, blank=self.parties.document.blank
                ),
            ).variables()
        except (PipelineError, ValueError) as error:
            return Outcome(placement, FAILED, folder=folder, message=str(error))
        outcome = Outcome(
            placement, GENERATED, folder=folder, fingerprint=fingerprint(self.templates, context)
        )
        outcome.files = {kind: folder / name for kind, (_, name) in DOCUMENTS.items()}
        previous = self._previous.get(item.code)
        if previous and files_intact(outcome, previous):
            outcome.status = UNCHANGED
            outcome.hashes = {kind: previous[f"{kind}_sha256"] for kind in DOCUMENTS}
            return outcome
        try:
            for kind in DOCUMENTS:
                data = self.templates[kind].render(context)
                atomic.write_bytes(outcome.files[kind], data)
                outcome.hashes[kind] = sha256(data)
        except (PipelineError, OSError) as error:
            outcome.status, outcome.message = FAILED, str(error)
        return outcome

    def _row(self, outcome: Outcome, adherent: AdherentImpact) -> dict[str, str]:
        if outcome.status == UNCHANGED:
            return self._previous[outcome.collectivity.code]
        row = {
            "code": adherent.collectivity.code,
            "collectivite": adherent.collectivity.name,
            "strate_avant": adherent.before.tier.label if adherent.before.tier else "",
            "strate_apres": adherent.after.tier.label if adherent.after.tier else "",
            "accompagnement_avant": adherent.before.words(),
            "accompagnement_apres": adherent.after.words(),
            "montant_annuel_avant": f"{adherent.yearly_before}",
            "montant_annuel_apres": f"{adherent.yearly_after}",
            "ecart": f"{adherent.difference}",
            "ecart_pourcent": "" if adherent.percent is None else f"{adherent.percent}",
            "date_application": self.impact.on.isoformat(),
            "statut": outcome.status,
            "remarque": outcome.message or " ; ".join(adherent.reasons),
            "dossier": outcome.folder.name if outcome.folder else "",
            "empreinte": outcome.fingerprint,
        }
        return row | hash_cells(self.templates, outcome)
