"""An accepted devis's amount in the collectivité's convention and annex 2."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.devis.accepted import Accepted, accepted_prices, apply_accepted
from pipeline.devis.issue import Issuing
from pipeline.devis.order import Item, Order
from pipeline.registry import place
from pipeline.store import Store
from pipeline.versions import prepare_generation
from tests.devis.helpers import (
    CITY,
    SMALL,
    SYNDICATE,
    V2025,
    approve,
    docx_text,
    registry,
    settings,
)
from tests.render.helpers import version_2025
from tests.store.factories import line

DAY = dt.date(2025, 9, 1)
LATER = dt.date(2025, 9, 15)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    approve(tmp_path / "pipeline.sqlite3", V2025)
    return tmp_path


def generate(project: Path, code: str):
    with Store(project / "pipeline.sqlite3") as store:
        run, _ = prepare_generation(
            store, settings(project), codes=[code], on=LATER, registry=registry()
        )
        (outcome,) = list(run)
    return outcome


def test_the_city_over_3500_gets_the_accepted_amount(project):
    before = generate(project, CITY.code)
    fixed = "sa participation à l'accompagnement est fixée sur devis du CDG 62"
    assert fixed in docx_text(before.files["convention"])

    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=DAY, by="Marie", registry=registry())
        outcome = run.order(Order(CITY.code, []))
        ((cdg, _),) = outcome.devis
        assert outcome.files == []  # waits for its amount
        store.devis.price(cdg.number, line=None, amount=Decimal("4200"), reason="barème", by="P")
        priced_only = generate(project, CITY.code)
        assert priced_only.fingerprint == before.fingerprint  # not accepted yet: unchanged
        store.devis.accept(cdg.number, day=LATER, by="Paul")

    after = generate(project, CITY.code)
    assert after.fingerprint != before.fingerprint and after.status == "générée"
    convention, annex = docx_text(after.files["convention"]), docx_text(after.files["annexe"])
    for text in (convention, annex):
        assert "4 200 €" in text and "quatre mille deux cents euros" in text
    assert fixed not in convention
    assert "sa participation à l'accompagnement s'élève à 4 200 €" in convention
    assert after.placement.tier.amount == Decimal("4200")
    assert generate(project, CITY.code).status == "inchangée"


def test_an_etablissement_public(project):
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=DAY, by="Marie", registry=registry())
        ((cdg, _),) = run.order(Order(SYNDICATE.code, [])).devis
        store.devis.price(cdg.number, line=1, amount=Decimal("180"), reason="forfait", by="P")
        store.devis.accept(cdg.number, day=LATER, by="Paul")
    text = docx_text(generate(project, SYNDICATE.code).files["annexe"])
    assert "180 €" in text and "cent quatre-vingts euros" in text


def test_a_refused_devis_changes_nothing(project):
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=DAY, by="Marie", registry=registry())
        ((cdg, _),) = run.order(Order(CITY.code, [Item("Nom de domaine", 1)])).devis[1:]
        store.devis.price(cdg.number, line=1, amount=Decimal("4200"), reason="barème", by="P")
        store.devis.refuse(cdg.number, reason="trop cher", by="Paul")
        assert accepted_prices(store.devis.accepted(1)) == {}
    assert generate(project, CITY.code).placement.tier.on_quote


def placement_of(collectivity, version):
    return place(collectivity, version.extraction.strata, on=DAY)


def test_the_fee_applies_only_to_the_tier_it_was_accepted_for():
    version = version_2025()
    placement = placement_of(CITY, version)
    same = apply_accepted(version, placement, Accepted(Decimal("4200"), "Plus de 3 500 habitants"))
    other = apply_accepted(version, placement, Accepted(Decimal("4200"), "Moins de 500 habitants"))
    assert same[1].tier.amount == Decimal("4200") and not same[1].tier.on_quote
    assert same[1].tier in same[0].extraction.strata  # the annex highlights it
    assert other == (version, placement)


def test_a_tier_with_a_price_keeps_it():
    version = version_2025()
    placement = placement_of(SMALL, version)
    found = apply_accepted(version, placement, Accepted(Decimal("999"), "Moins de 2 000 habitants"))
    assert found == (version, placement)


def test_a_service_on_quote_gets_its_accepted_price():
    version = version_2025()
    on_quote = line("Audit de sécurité", None, category="Sécurité", on_quote=True, unit="Par audit")
    extraction = version.extraction.model_copy(
        update={"services": [*version.extraction.services, on_quote]}
    )
    version = version.model_copy(update={"extraction": extraction})
    placement = placement_of(SMALL, version)
    priced, _ = apply_accepted(
        version,
        placement,
        Accepted(
            lines={on_quote.key: Decimal("90"), version.extraction.services[0].key: Decimal("1")}
        ),
    )
    assert priced.extraction.services[-1].amount == Decimal("90")
    assert priced.extraction.services[0] == version.extraction.services[0]  # had a price
