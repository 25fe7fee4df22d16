"""A devis as a Word document (and a PDF), from the register and the staff's templates.

``output/devis/<année>/<numéro>-<collectivité>.docx``: a devis is written once, under
its own number, and never written over (a devis re-issued has another number, so
another file). Its values come from the register: the lines and the events, and the
collectivité, the issuer and the deliberation as they were when it was issued.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from pipeline import atomic
from pipeline.devis.compute import totals
from pipeline.devis.context import DevisContexte, LigneDevis, PieceDevis, TarifsDevis
from pipeline.devis.models import PERIODICITY, Devis, Issuer, Line, Periodicity
from pipeline.errors import DevisError, TemplateError
from pipeline.french import amount_in_words, integer, long_date, money
from pipeline.generate import slug
from pipeline.render.check import unknown_variables
from pipeline.render.context import Collectivite, Document, Partie
from pipeline.render.engine import FastTemplate
from pipeline.render.pdf import convert

TEMPLATES = {Issuer.SYNDICAT: "devis_syndicat.docx", Issuer.CDG: "devis_cdg.docx"}
"""Issuer → its template, in ``Settings.templates_dir``."""


def load_templates(directory: Path) -> dict[Issuer, FastTemplate]:
    """Both templates, prepared; TemplateError names the first unknown variable."""
    loaded = {issuer: FastTemplate(Path(directory) / name) for issuer, name in TEMPLATES.items()}
    for template in loaded.values():
        problems = unknown_variables(template, DevisContexte)
        if problems:
            more = f" (et {len(problems) - 1} autre(s))" if len(problems) > 1 else ""
            raise TemplateError(problems[0].message + more, path=template.path)
    return loaded


def _money(value: Decimal | None) -> str:
    return "" if value is None else money(value)


def _ligne(line: Line) -> LigneDevis:
    notes = [line.note] if line.note else []
    if line.priced is not None:
        notes.append(f"montant fixé par le service : {line.priced.reason}")
    return LigneDevis(
        numero=str(line.number),
        libelle=line.name,
        rubrique=line.category or "",
        unite=line.unit,
        periodicite=PERIODICITY[line.periodicity],
        quantite=integer(line.quantity),
        prix_unitaire=_money(line.price),
        prix_unitaire_ht=_money(line.price_ht),
        total=_money(line.total),
        total_ht=_money(line.total_ht),
        note=" ; ".join(notes),
    )


def context(devis: Devis, associated: Devis | None = None) -> DevisContexte:
    """The template context of a complete devis (DevisError when a line waits for its
    price); ``associated``: the other devis of the same order."""
    sums = totals(devis.lines)
    details = devis.details
    yearly = [_ligne(x) for x in devis.lines if x.periodicity is Periodicity.YEARLY]
    once = [_ligne(x) for x in devis.lines if x.periodicity is not Periodicity.YEARLY]
    rate = sums.vat_rate
    parties = {name: Partie.model_validate(details[name]) for name in ("cdg", "syndicat")}
    return DevisContexte(
        devis=PieceDevis(
            numero=devis.number,
            date=long_date(devis.dated),
            validite=long_date(devis.valid_until),
            validite_jours=integer((devis.valid_until - devis.dated).days),
            remplace=devis.replaces or "",
            associe=associated.number if associated else "",
            strate=details.get("strate", ""),
            annuelles=yearly,
            ponctuelles=once,
            base=sums.basis,
            avec_ht=sums.first_year_ht is not None,
            taux_tva="" if rate is None else f"{rate.normalize():f}".replace(".", ",") + " %",
            total_annuel=money(sums.yearly),
            total_ponctuel=money(sums.one_off),
            total_premiere_annee=money(sums.first_year),
            total_annuel_ht=_money(sums.yearly_ht),
            total_ponctuel_ht=_money(sums.one_off_ht),
            total_premiere_annee_ht=_money(sums.first_year_ht),
            tva_premiere_annee=_money(sums.vat),
            total_premiere_annee_en_lettres=amount_in_words(sums.first_year),
            total_annuel_en_lettres=amount_in_words(sums.yearly),
        ),
        emetteur=parties[devis.issuer.value],
        cdg=parties["cdg"],
        syndicat=parties["syndicat"],
        collectivite=Collectivite.model_validate(details["collectivite"]),
        tarifs=TarifsDevis.model_validate(details["tarifs"]),
        document=Document.model_validate(details["document"]),
    )


def path_of(devis: Devis, output_dir: Path) -> Path:
    """``<output>/devis/2026/CDG62-2026-0007-ablain-saint-nazaire.docx``."""
    name = f"{devis.number}-{slug(devis.collectivity_name)}.docx"
    return Path(output_dir) / "devis" / str(devis.dated.year) / name


def write(
    devis: Devis, template: FastTemplate, output_dir: Path, associated: Devis | None = None
) -> Path:
    """Write a complete devis's document unless it is there already; returns its path.
    DevisError when the devis waits for a price."""
    path = path_of(devis, output_dir)
    if not path.is_file():
        if not devis.complete:
            raise DevisError(f"le devis n° {devis.number} a des lignes à chiffrer")
        atomic.write_bytes(path, template.render(context(devis, associated).variables()))
    return path


def to_pdf(paths: Sequence[Path]) -> list[Path]:
    """The PDF beside each document that has none yet (LibreOffice, in batches)."""
    pairs = [(p, p.with_suffix(".pdf")) for p in paths if not p.with_suffix(".pdf").is_file()]
    convert(pairs)
    return [p.with_suffix(".pdf") for p in paths]
