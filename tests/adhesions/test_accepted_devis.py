"""An adherent's accepted devis in the impact of a new version: the services and
quantities it ordered, and the fee agreed where the tier says « sur devis »."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline.adhesions import services_of
from pipeline.adhesions.impact import impact
from pipeline.devis.issue import Issuing
from pipeline.devis.order import Item, Order
from pipeline.registry import load_registry
from pipeline.store import Store
from tests.adhesions.conftest import V_NEW, V_OLD

ORDERED = dt.date(2025, 9, 1)
ACCEPTED = dt.date(2025, 9, 15)


def _adherent(found, code: str):
    return next(a for a in found.adherents if a.collectivity.code == code)


def _issue(store: Store, project, code: str, items: list[Item]):
    run = Issuing(store, project, on=ORDERED, by="Marie Dupont", registry=load_registry())
    return run.order(Order(code, items)).devis


def test_the_services_of_an_accepted_devis_replace_those_of_the_register(project):
    code = "62002"  # 3 × Messagerie compte 5 Go and a domain name in the register
    with Store(project.db) as store:
        register = services_of(store, code, ACCEPTED)
        assert [s.quantity for s in register] == [3, 1]
        ((syndicat, _),) = [
            pair
            for pair in _issue(store, project, code, [Item("Messagerie compte 5 Go", 6)])
            if pair[0].issuer.value == "syndicat"
        ]
        assert services_of(store, code, ACCEPTED) == register  # issued, not accepted
        store.devis.accept(syndicat.number, day=ACCEPTED, by="Paul Martin")
        taken = services_of(store, code, ACCEPTED)
        assert [(s.label, s.quantity) for s in taken] == [("Messagerie compte 5 Go", 6)]
        assert services_of(store, code, ACCEPTED - dt.timedelta(days=1)) == register
        found = impact(store, V_NEW, load_registry(), project)
        old = store.version(V_OLD).extraction.services
    adherent = _adherent(found, code)
    price = next(line.amount for line in old if line.label == "Messagerie compte 5 Go")
    assert adherent.services_before == 6 * price


def test_the_fee_of_an_accepted_cdg_devis_is_the_fee_before(project):
    code = "62004"  # over 3 500 inhabitants: on quote in 2025; 600 € in the register
    with Store(project.db) as store:
        before = _adherent(impact(store, V_NEW, load_registry(), project), code)
        assert before.before.amount == Decimal("600")
        cdg = next(d for d, _ in _issue(store, project, code, []) if d.issuer.value == "cdg")
        store.devis.price(cdg.number, line=1, amount=Decimal("640"), reason="barème", by="P")
        store.devis.accept(cdg.number, day=ACCEPTED, by="Paul Martin")
        after = _adherent(impact(store, V_NEW, load_registry(), project), code)
    assert after.before.amount == Decimal("640")
