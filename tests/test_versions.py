"""The library the command line and the web application share (pipeline/versions.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipeline import versions
from pipeline.corrections import LINE, Edit
from pipeline.errors import ApprovalRefused, VersionNotFound
from pipeline.models import Change, VersionStatus
from pipeline.settings import Settings
from pipeline.store import Store
from tests.audit.drawn import draw
from tests.store.factories import from_truth
from tests.store.test_store_versions import NEW, OLD, add


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3", threshold=0.25) as opened:
        yield opened


@pytest.fixture
def corpus(store):
    """Version 1 (2025) approved, version 2 (2026) pending."""
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    versions.approve(store, old, by="Marie Dupont", acknowledge_warnings=True)
    return old, new


def test_a_review_compares_with_the_version_followed(store, corpus):
    old, new = corpus
    seen = versions.review(store, new)
    assert seen.previous.id == old and seen.version.status is VersionStatus.PENDING
    assert {c.label for c in seen.diff.lines if c.change is Change.REMOVED} == {"Page internet"}
    assert versions.review(store, old).previous is None
    assert versions.review(store, new, compare=False).diff is None


def test_compare_two_versions_or_one_with_the_version_it_follows(store, corpus):
    old, new = corpus
    assert versions.compare(store, old, new).diff == versions.compare(store, new).diff
    assert versions.compare(store, old).diff is None


def test_tariffs_at_a_date_and_the_next_ones(store, corpus):
    old, new = corpus
    versions.approve(store, new, by="Marie Dupont", acknowledge_warnings=True)
    march = versions.tariffs_at(store, dt.date(2026, 3, 25))
    assert march.version.id == old and march.following.id == new
    assert versions.tariffs_at(store, dt.date(2026, 5, 1)).following is None
    with pytest.raises(VersionNotFound, match="en vigueur au 1er janvier 2020"):
        versions.in_force(store, dt.date(2020, 1, 1))


def test_a_correction_gives_the_version_as_it_is_now(store, corpus):
    _, new = corpus
    outcome = versions.correct(
        store, new, [Edit.set(LINE, "price", "18.00", 1)], by="Marie Dupont", reason="mal lu"
    )
    assert outcome.version.extraction.services[0].amount == Decimal("18.00")
    assert [c.new for c in outcome.corrections] == ["18.00"] and outcome.refreshed == []


def test_four_eyes_is_a_setting(store, corpus):
    _, new = corpus
    versions.correct(
        store, new, [Edit.set(LINE, "price", "18.00", 1)], by="Marie Dupont", reason="mal lu"
    )
    with pytest.raises(ApprovalRefused, match="quatre yeux"):
        versions.approve(
            store,
            new,
            by="Marie Dupont",
            acknowledge_warnings=True,
            settings=Settings(four_eyes=True),
        )
    assert Settings().four_eyes is False
    done = versions.approve(store, new, by="Marie Dupont", acknowledge_warnings=True)
    assert done.version.status is VersionStatus.APPROVED and done.previous.id == 1


def test_an_approval_writes_again_the_pages_it_changes_only(tmp_path):
    drawn = draw(tmp_path)
    content = drawn.pdf.read_bytes()
    with Store(tmp_path / "s.sqlite3") as store:
        first = add(store, drawn.extraction.model_copy(update={"findings": []}), content)
        second = add(
            store,
            drawn.extraction.model_copy(
                update={"source": drawn.extraction.source.model_copy(update={"file": "b.pdf"})}
            ),
            content + b"b",
        )
        third = add(  # an older deliberation: nothing it shows depends on the approval
            store,
            drawn.extraction.model_copy(
                update={
                    "source": drawn.extraction.source.model_copy(update={"file": "c.pdf"}),
                    "deliberation": drawn.extraction.deliberation.model_copy(
                        update={"date": dt.date(2024, 7, 10)}
                    ),
                }
            ),
            content + b"c",
        )
        versions.reject(store, third, reason="doublon", by="Paul")
        pages = {n: tmp_path / f"v{n}.html" for n in (first, second, third)}
        for number, path in pages.items():
            versions.write_audit_page(store, number, path)
        outcome = versions.approve(store, first, by="Marie", acknowledge_warnings=True)
        assert sorted(outcome.refreshed) == sorted([pages[first], pages[second]])
        assert "approuvée" in pages[first].read_text(encoding="utf-8")
        assert "rejetée" in pages[third].read_text(encoding="utf-8")
        kinds = [d.kind for d in store.documents(first)]
        assert kinds.count(versions.AUDIT) == 2  # written, then written again


def test_approving_an_older_deliberation_writes_again_the_page_of_the_one_after(store, tmp_path):
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    versions.approve(store, new, by="Marie Dupont", acknowledge_warnings=True)
    assert store.statuses()[new][2] is None  # it follows nothing yet
    store.record_document(new, None, versions.AUDIT, str(tmp_path / "absent.html"), "0" * 64)
    versions.approve(store, old, by="Marie Dupont", acknowledge_warnings=True)
    assert store.statuses()[new] == (VersionStatus.APPROVED, None, old)


def test_conventions_after_a_deliberation_that_sets_only_the_tiers_have_the_whole_annex(store):
    """A deliberation that sets the tiers alone leaves the services as they were: the
    annex in force after it is its tiers with the services of the one before."""
    from tests.store.factories import make_extraction, tier

    first = from_truth(OLD)
    tiers_only = make_extraction(
        services=[],
        strata=[
            tier("Moins de 500 habitants", "60.00", 0, 499),
            tier("500 habitants et plus", None, 500, None, on_quote=True),
        ],
    )
    sitting = tiers_only.deliberation.model_copy(update={"date": dt.date(2026, 1, 15)})
    tiers_only = tiers_only.model_copy(update={"deliberation": sitting})
    old, new = add(store, first), add(store, tiers_only)
    for number in (old, new):
        versions.approve(store, number, by="Marie Dupont", acknowledge_warnings=True)
    before = versions.in_force(store, dt.date(2026, 1, 14))
    after = versions.in_force(store, dt.date(2026, 2, 1))
    assert after.id == new and before.id == old
    assert [t.amount for t in after.extraction.strata] == [Decimal("60.00"), None]
    assert after.extraction.services == before.extraction.services
    assert len(after.extraction.services) == len(first.services) > 0
    assert store.version(new).extraction.services == []  # as read, in the store
