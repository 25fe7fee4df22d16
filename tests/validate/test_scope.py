"""A deliberation that sets only part of the annex: told apart from one that replaces
it, and its diff says « inchangée » of what it does not carry, not « supprimée »."""

from __future__ import annotations

from pipeline.models import Change, TariffVersion, VersionStatus
from pipeline.validate.history import check_against, complete, diff
from pipeline.validate.scope import Scope, scope_of
from tests.store.factories import from_truth, line, make_extraction, tier

OLD = from_truth("2025-07-10_annexe2_tarifs")
NEW = from_truth("2026-03-19_annexe2_actualisation")


def titled(extraction, title: str):
    sitting = extraction.deliberation.model_copy(update={"title": title})
    return extraction.model_copy(update={"deliberation": sitting})


def in_force(extraction) -> TariffVersion:
    return TariffVersion(
        id=1,
        status=VersionStatus.APPROVED,
        effective_date=extraction.deliberation.date,
        effective_date_source="sitting",
        extraction=extraction,
        created_at="2025-07-10T00:00:00+00:00",
    )


TIERS_ONLY = make_extraction(
    services=[],
    strata=[
        tier("Moins de 500 habitants", "60.00", 0, 499),
        tier("Plus de 499", None, 500, None, on_quote=True),
    ],
)
ONE_LINE = titled(
    make_extraction(
        services=[line("Messagerie compte 5 Go", "18.00", group="Messagerie")],
        strata=[],
    ),
    "Modification du tarif de la messagerie compte 5 Go",
)


def test_scopes():
    assert scope_of(OLD) is Scope.FULL and scope_of(NEW) is Scope.FULL
    assert scope_of(TIERS_ONLY) is Scope.TIERS
    assert scope_of(ONE_LINE) is Scope.LINES
    assert scope_of(titled(ONE_LINE, "Actualisation de l'annexe 2")) is Scope.SERVICES


def test_the_full_annex_still_removes_what_it_drops():
    changes = diff(OLD, NEW)
    removed = [c.label for c in changes.lines if c.change is Change.REMOVED]
    assert removed == ["Page internet"]
    assert not [c for c in changes.lines if c.change is Change.UNCHANGED]


def test_tiers_only_leaves_every_line_unchanged():
    changes = diff(OLD, TIERS_ONLY)
    assert {c.change for c in changes.lines} == {Change.UNCHANGED}
    assert len(changes.lines) == len(OLD.services)
    assert all(c.new_amount == c.old_amount for c in changes.lines)
    findings = check_against(in_force(OLD), TIERS_ONLY)
    codes = [f.code for f in findings]
    assert "history.line_removed" not in codes and "history.partial" in codes
    partial = next(f for f in findings if f.code == "history.partial")
    assert "15 lignes de services" in partial.message


def test_one_line_changes_it_and_leaves_the_others_and_the_tiers():
    changes = diff(OLD, ONE_LINE)
    changed = [c for c in changes.lines if c.change is Change.CHANGED]
    assert [(c.label, c.new_amount) for c in changed] == [("Messagerie compte 5 Go", 18)]
    assert sum(c.change is Change.UNCHANGED for c in changes.lines) == len(OLD.services) - 1
    assert {t.change for t in changes.tiers} == {Change.UNCHANGED}
    whole = complete(OLD, ONE_LINE)
    assert len(whole.services) == len(OLD.services) and whole.strata == OLD.strata
    assert next(s for s in whole.services if s.label == "Messagerie compte 5 Go").amount == 18
    assert not diff(OLD, ONE_LINE).empty and diff(OLD, complete(OLD, TIERS_ONLY)).lines == []
