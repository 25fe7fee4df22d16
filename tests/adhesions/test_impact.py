"""The impact of the 19 March 2026 version on the register of 40 adherents, and its
letters read back.

The expected adherents and amounts are worked out here from the register sheet and
the corpus truths (the prices printed in the two PDFs), not from the library's own
impact: an adherent is affected when its fee or the price of a service it takes
changes, or a service it takes disappears.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal

import pytest
from docx import Document

from pipeline.adhesions.export import xlsx_bytes
from pipeline.adhesions.impact import impact
from pipeline.adhesions.letters import Letters, load_templates
from pipeline.generate import GENERATED, UNCHANGED
from pipeline.models import Tier
from pipeline.parties import load_parties
from pipeline.registry import load_registry, place
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.versions import approve
from tests.adhesions.conftest import REGISTER, V_NEW
from tests.conftest import CORPUS

APPLIES = dt.date(2026, 4, 1)


def _plain(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in bare if not unicodedata.combining(c)).casefold().split())


def _truth(stem: str) -> dict:
    return json.loads((CORPUS / f"{stem}.truth.json").read_text(encoding="utf-8"))


OLD_TRUTH = _truth("2025-07-10_annexe2_tarifs")
NEW_TRUTH = _truth("2026-03-19_annexe2_actualisation")


def _line(truth: dict, group: str, label: str) -> dict | None:
    found = [
        s
        for s in truth["services"]
        if _plain(s["label"]) == _plain(label)
        and (not group or _plain(group) in (_plain(s["group"]), _plain(s["category"])))
    ]
    assert len(found) <= 1
    return found[0] if found else None


def _yearly(unit: str) -> bool:
    plain = _plain(unit)
    return "par an" in plain and "premiere annee" not in plain


def _fee(truth: dict, code: str, quote: str) -> tuple:
    """(tier on quote?, amount) as the sheet and the truth give them."""
    item = load_registry().find(code)
    tiers = [Tier(**t, page=1) for t in truth["strata"]]
    tier = place(item, tiers, on=APPLIES).tier
    assert tier is not None
    if tier.on_quote:
        return ("devis", Decimal(quote) if quote else None)
    return ("prix", tier.amount)


def expected() -> dict[str, tuple[Decimal, Decimal]]:
    """Code → (yearly amount before, after) of every adherent that should be affected."""
    adherents: dict[str, dict] = {}
    with open(REGISTER, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            code = row["code_insee"] or row["siren"]
            entry = adherents.setdefault(code, {"services": [], "quote": "", "end": ""})
            entry["quote"] = entry["quote"] or row["accompagnement_sur_devis"]
            entry["end"] = entry["end"] or row["date_fin"]
            if row["prestation"]:
                quantity = int(row["quantite"] or 1)
                entry["services"].append((row["sous_rubrique"], row["prestation"], quantity))
    found = {}
    for code, entry in adherents.items():
        if entry["end"] and dt.datetime.strptime(entry["end"], "%d/%m/%Y").date() < APPLIES:
            continue
        fees = [_fee(t, code, entry["quote"]) for t in (OLD_TRUTH, NEW_TRUTH)]
        totals, changed = [], fees[0] != fees[1]
        for truth in (OLD_TRUTH, NEW_TRUTH):
            amount = fees[0 if truth is OLD_TRUTH else 1][1] or Decimal(0)
            for group, label, quantity in entry["services"]:
                line = _line(truth, group, label)
                if line is not None and _yearly(line["unit"]):
                    amount += Decimal(line["amount"]) * quantity
            totals.append(amount)
        for group, label, _ in entry["services"]:
            old, new = _line(OLD_TRUTH, group, label), _line(NEW_TRUTH, group, label)
            changed |= new is None or (old["amount"], old["unit"]) != (new["amount"], new["unit"])
        if changed:
            found[code] = (totals[0], totals[1])
    return found


def _euros(text: str) -> Decimal:
    return Decimal(
        text.replace("\u202f", "")
        .replace("\u00a0", "")
        .replace(" ", "")
        .replace("€", "")
        .replace(",", ".")
    )


def letter_amounts(path) -> tuple[Decimal, Decimal]:
    """The yearly amounts before and after as the letter writes them."""
    text = " ".join(p.text for p in Document(path).paragraphs)
    match = re.search(
        r"Montant annuel.*?:\s*([\d\s\u202f\u00a0,]+€) aujourd.hui,\s*"
        r"([\d\s\u202f\u00a0,]+€) à compter",
        text,
    )
    assert match, text
    return _euros(match[1]), _euros(match[2])


def _run(project: Settings, version: int):
    with Store(project.db) as store:
        return impact(store, version, load_registry(), project)


def test_pending_version_lists_exactly_the_adherents_whose_fee_or_services_change(project):
    found = _run(project, V_NEW)
    wanted = expected()
    assert {a.collectivity.code for a in found.affected} == set(wanted)
    assert len(found.adherents) + len(found.left) == 40
    assert [a.code for a in found.left] == ["62016"]  # left on 31 December 2025
    for adherent in found.affected:
        before, after = wanted[adherent.collectivity.code]
        assert (adherent.yearly_before, adherent.yearly_after) == (before, after)


def test_approved_version_letters_carry_the_amounts_and_none_for_who_left(project):
    with Store(project.db) as store:
        approve(store, V_NEW, by="Paul Martin", acknowledge_warnings=True, settings=project)
    found = _run(project, V_NEW)
    wanted = expected()
    run = Letters(
        found,
        load_templates(project.templates_dir),
        project.output_dir,
        parties=load_parties(),
        on=dt.date(2026, 3, 25),
    )
    outcomes = list(run)
    assert {o.collectivity.code for o in outcomes} == set(wanted)
    assert all(o.status == GENERATED for o in outcomes)
    folders = {p.name.split("-")[0] for p in run.folder.iterdir() if p.is_dir()}
    assert folders == set(wanted) and "62016" not in folders
    for outcome in outcomes:
        assert letter_amounts(outcome.files["courrier"]) == wanted[outcome.collectivity.code]
        annex = " ".join(p.text for p in Document(outcome.files["annexe"]).paragraphs)
        assert "1er avril 2026" in annex.replace("\u00a0", " ")
    with open(run.manifest_path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert {r["code"] for r in rows} == set(wanted)

    again = Letters(
        found,
        load_templates(project.templates_dir),
        project.output_dir,
        parties=load_parties(),
        on=dt.date(2026, 3, 25),
    )
    assert {o.status for o in again} == {UNCHANGED}


def test_letter_says_what_changes_for_a_commune_whose_tier_is_now_priced(project):
    found = _run(project, V_NEW)
    adherent = next(a for a in found.affected if a.collectivity.code == "62032")  # Angres
    assert adherent.before.words() == "sur devis" and adherent.after.amount == Decimal("400")
    assert not adherent.complete and adherent.percent is None
    run = Letters(
        found, load_templates(project.templates_dir), project.output_dir, parties=load_parties()
    )
    outcome = next(o for o in run if o.collectivity.code == "62032")
    text = " ".join(p.text for p in Document(outcome.files["courrier"]).paragraphs)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "De 3 500 à 4 999 habitants" in text
    assert "participation fixée sur devis" in text


def test_export_has_the_affected_and_the_others_apart(project):
    from io import BytesIO

    from openpyxl import load_workbook

    found = _run(project, V_NEW)
    book = load_workbook(BytesIO(xlsx_bytes(found)))
    assert book.sheetnames == ["Concernées", "Non concernées", "Prestations", "Totaux"]
    affected = [row[0] for row in book["Concernées"].iter_rows(min_row=2, values_only=True)]
    others = [row[0] for row in book["Non concernées"].iter_rows(min_row=2, values_only=True)]
    assert set(affected) == set(expected()) and not set(affected) & set(others)
    totals = {row[0]: row[1:] for row in book["Totaux"].iter_rows(min_row=2, values_only=True)}
    cdg_after = sum(a.after.amount or 0 for a in found.adherents)
    assert Decimal(str(totals["Accompagnement du CDG"][1])) == cdg_after


def test_an_adherent_that_signed_the_new_annex_is_not_affected(project):
    from pipeline.adhesions import sign

    with Store(project.db) as store:
        approve(store, V_NEW, by="Paul Martin", acknowledge_warnings=True, settings=project)
        sign(
            store,
            load_registry(),
            "62002",
            signed_on=dt.date(2026, 4, 10),
            services=[("Messagerie", "Messagerie compte 5 Go", 3)],
        )
    found = _run(project, V_NEW)
    adherent = next(a for a in found.adherents if a.collectivity.code == "62002")
    assert adherent.already and not adherent.affected


@pytest.mark.parametrize("version", [1])
def test_the_first_version_has_nothing_to_compare_with(project, version):
    from pipeline.errors import AdhesionError

    with pytest.raises(AdhesionError, match="aucune version approuvée avant"):
        _run(project, version)
