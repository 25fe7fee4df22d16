"""The adhesions tables: an adhesion keyed by collectivité and signature date, replaced
whole when recorded again, unchanged when recorded the same; its end recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline.adhesions.model import Adhesion, Subscription
from pipeline.store import Store


def adhesion(**changes) -> Adhesion:
    values = dict(
        code="62001",
        name="Ablain-Saint-Nazaire",
        signed_on=dt.date(2025, 9, 1),
        annex_sitting=dt.date(2025, 7, 10),
        services=(Subscription("Messagerie", "Messagerie compte 5 Go", 3),),
        quote_fee=Decimal("450.00"),
        source="test",
    )
    return Adhesion(**(values | changes))


def test_recorded_again_replaces_or_leaves_unchanged(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        assert store.record_adhesions([adhesion()]) == (1, 0, 0)
        assert store.record_adhesions([adhesion(source="again")]) == (0, 0, 1)
        fewer = adhesion(services=(Subscription(None, "Nom de domaine", 1),))
        assert store.record_adhesions([fewer]) == (0, 1, 0)
        (stored,) = store.adhesions("62001")
        assert stored.services == fewer.services and stored.quote_fee == Decimal("450.00")
        assert store.record_adhesions([adhesion(signed_on=dt.date(2026, 1, 5))]) == (1, 0, 0)
        assert len(store.adhesions()) == 2


def test_end_is_kept_and_the_adhesion_is_no_longer_active(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        store.record_adhesions([adhesion()])
        (stored,) = store.adhesions()
        assert stored.id is not None
        store.end_adhesion(stored.id, dt.date(2025, 12, 31), "résiliation")
        (ended,) = store.adhesions()
        assert ended.end_reason == "résiliation"
        assert ended.active_on(dt.date(2025, 12, 31)) and not ended.active_on(dt.date(2026, 1, 1))
