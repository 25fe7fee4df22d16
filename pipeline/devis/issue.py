"""From a collectivité's order to its two devis: computed from the tariff version in
force on the devis's date, numbered and recorded in the register, then written.

    run = Issuing(store, config, on=date(2026, 5, 4), by="Marie Dupont")
    for order in orders:
        outcome = run.order(order)      # never raises for one order: outcome.error
    run.finish(pdf=True)                # the PDFs, in one LibreOffice batch

The Syndicat's devis lists the services ordered (none: no devis); the CDG's devis has
the collectivité's tier fee. A devis with a line « sur devis » is recorded « à
chiffrer » and written once a person has given every price (``pipeline devis
chiffrer``). The collectivité, the parties and the deliberation are kept in the register
as they are at issue, so that the document says the same whenever it is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.devis import render
from pipeline.devis.compute import accompaniment_line, service_lines
from pipeline.devis.models import Devis, Draft, DraftLine, Issuer
from pipeline.devis.order import Item, Order, match
from pipeline.errors import DevisError, PipelineError
from pipeline.models import TariffVersion
from pipeline.parties import Parties, load_parties
from pipeline.registry import Registry, load_registry
from pipeline.registry.models import Collectivity
from pipeline.registry.populations import Fallback, PopulationRule, rule_of
from pipeline.registry.registers import load_registers
from pipeline.registry.tiers import Placement, place
from pipeline.render.assemble import _collectivite, _parties, tariffs
from pipeline.render.engine import FastTemplate
from pipeline.settings import DevisSettings, Settings, get_devis_settings
from pipeline.store import Store
from pipeline.versions import in_force

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of one order: its devis (each new or issued before), their files,
    or the error that set it aside."""

    code: str
    name: str = ""
    devis: list[tuple[Devis, bool]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    error: PipelineError | None = None
    problems: list[str] = field(default_factory=list)
    """Documents that could not be written (the devis stay recorded), in French."""


def shared_details(version: TariffVersion, parties: Parties) -> dict:
    """What every devis of a version shows alike: the parties, the deliberation."""
    cdg, syndicat = _parties(version, parties)
    tarifs = tariffs(version, parties)
    return {
        "cdg": cdg.model_dump(),
        "syndicat": syndicat.model_dump(),
        "tarifs": {
            "version": tarifs.version,
            "deliberation": tarifs.deliberation,
            "deliberation_instance": tarifs.deliberation_instance,
            "date_effet": tarifs.date_effet,
            "application": tarifs.application,
        },
        "document": {"a_completer": parties.document.blank},
    }


def details(placement: Placement, parties: Parties, rule: PopulationRule, shared: dict) -> dict:
    """What the documents show besides the lines, as it is at issue; ``shared``: what
    :func:`shared_details` gives for the version."""
    return {
        **shared,
        "collectivite": _collectivite(placement, rule, parties.document.blank).model_dump(),
        "strate": placement.tier.label if placement.tier else "",
    }


class Issuing:
    """One batch of orders issued on ``on`` by ``by``; the store stays open meanwhile.

    The version in force on ``on``, the parties, the registry and the templates are
    read once, before any devis is recorded (a broken template refuses the batch).
    """

    def __init__(
        self,
        store: Store,
        config: Settings,
        *,
        on: dt.date,
        by: str,
        registry: Registry | None = None,
        settings: DevisSettings | None = None,
    ):
        self.store, self.config, self.on, self.by = store, config, on, by
        self.settings = settings or get_devis_settings()
        self.version = in_force(store, on)
        self.parties = load_parties(config.parties)
        self.templates = render.load_templates(config.templates_dir)
        if registry is None:
            registry = load_registry(config.registry, load_registers(config.registers_dir))
        self.registry = registry
        self.rule = rule_of(self.version, config.population_kind)
        self.written: list[Path] = []
        self._order = {id(line): i for i, line in enumerate(self.version.extraction.services)}
        self._shared = shared_details(self.version, self.parties)

    # --- one order ---------------------------------------------------------------------

    def _placement(self, collectivity: Collectivity) -> Placement:
        return place(
            collectivity,
            self.version.extraction.strata,
            population_kind=self.rule.kind,
            margin=self.config.boundary_margin,
            on=self.on,
            fallback=Fallback(self.config.population_fallback),
        )

    def drafts(self, order: Order) -> list[Draft]:
        """The order's devis, computed (OrderError, RegistryError when it cannot be)."""
        try:
            collectivity = self.registry.find(order.code)
        except PipelineError as error:
            raise order.error(error.message) from None
        ordered = sorted(
            match(order, self.version, self.settings), key=lambda o: self._order[id(o.line)]
        )
        placement = self._placement(collectivity)
        shown = details(placement, self.parties, self.rule, self._shared)
        strata = self.version.extraction.strata
        parts: list[tuple[Issuer, list[DraftLine]]] = []
        if ordered:
            parts.append((Issuer.SYNDICAT, service_lines(ordered)))
        parts.append((Issuer.CDG, [accompaniment_line(placement, strata, self.settings)]))
        return [
            Draft(
                issuer=issuer,
                collectivity_code=collectivity.code,
                collectivity_name=collectivity.name,
                version_id=self.version.id,
                dated=self.on,
                lines=lines,
                details=shown,
            )
            for issuer, lines in parts
        ]

    def order(self, order: Order) -> Outcome:
        """Issue one order's devis and write those complete; an error is kept in the
        outcome (and logged) rather than raised, so that a batch goes on."""
        outcome = Outcome(order.code)
        try:
            drafts = self.drafts(order)
            outcome.name = drafts[0].collectivity_name
            outcome.devis = self.store.devis.issue(drafts, by=self.by)
        except PipelineError as error:
            log.warning("commande de %s écartée : %s", order.code, error, exc_info=True)
            outcome.error = error
            return outcome
        self.write([d for d, _ in outcome.devis], outcome)
        return outcome

    def write(self, devis: list[Devis], outcome: Outcome) -> None:
        """Write the complete ones among ``devis`` (each with the other of its order)."""
        for one in devis:
            if not one.complete:
                continue
            others = [d for d, _ in outcome.devis if d.issuer is not one.issuer]
            try:
                path = write_document(
                    self.store, self.templates, self.config.output_dir, one, *others[:1]
                )
            except (PipelineError, OSError) as error:
                log.warning("devis %s non écrit", one.number, exc_info=True)
                outcome.problems.append(f"devis n° {one.number} non écrit : {error}")
                continue
            outcome.files.append(path)
            self.written.append(path)

    def finish(self, *, pdf: bool = False) -> list[Path]:
        """The PDFs of the documents written, when asked (ConversionError if impossible)."""
        written = list(dict.fromkeys(self.written))
        return render.to_pdf(written) if pdf and written else []


def write_document(
    store: Store,
    templates: Mapping[Issuer, FastTemplate],
    output_dir: Path,
    devis: Devis,
    other: Devis | None = None,
) -> Path:
    """Write a complete devis's document unless it is there (DevisError while a line
    waits for its price); ``other``: the other devis of its order, else looked up."""
    return render.write(
        devis, templates[devis.issuer], output_dir, other or associated(store, devis)
    )


def associated(store: Store, devis: Devis) -> Devis | None:
    """The other issuer's devis of the same order still standing (the newest)."""
    others = [
        d
        for d in store.devis.of_order(devis.order)
        if d.issuer is not devis.issuer and d.replaced_by is None
    ]
    return others[-1] if others else None


def items_of(devis: Devis) -> list[Item]:
    """The order behind a Syndicat's devis: each line's service and quantity."""
    return [Item(" ".join(filter(None, (x.group, x.label))), x.quantity) for x in devis.lines]


def reissue(run: Issuing, number: str) -> Outcome:
    """A new devis (new number, prices of the version in force on ``run.on``) in place
    of ``number``, which becomes « remplacé »; the amounts a person gave to lines still
    « sur devis » are carried over, said to come from the old devis."""
    old = run.store.devis.replaceable(number)
    order = Order(old.collectivity_code, items_of(old) if old.issuer is Issuer.SYNDICAT else [])
    drafts = [d for d in run.drafts(order) if d.issuer is old.issuer]
    if not drafts:
        raise DevisError(f"le devis n° {old.number} n'a aucune ligne à reprendre")
    outcome = Outcome(old.collectivity_code, old.collectivity_name)
    outcome.devis = run.store.devis.issue(drafts, by=run.by, replaces=old)
    run.write([d for d, _ in outcome.devis], outcome)
    return outcome
