"""Validation against history: the diff, the findings, the effective date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline.models import (
    Change,
    EffectiveDateSource,
    Severity,
    TariffVersion,
    TierKind,
    VersionStatus,
)
from pipeline.validate.history import check_against, diff, effective_date, percent_change
from tests.store.factories import from_truth, line, make_extraction, tier

OLD = "2025-07-10_annexe2_tarifs"
NEW = "2026-03-19_annexe2_actualisation"


def approved(extraction, *, version_id=1) -> TariffVersion:
    when, source = effective_date(extraction.deliberation)
    return TariffVersion(
        id=version_id,
        status=VersionStatus.APPROVED,
        effective_date=when,
        effective_date_source=source,
        extraction=extraction,
        created_at="2025-07-11T08:00:00+00:00",
    )


def test_diff_of_the_corpus_lists_removed_added_and_changed_lines():
    changes = diff(from_truth(OLD), from_truth(NEW))
    by_label = {(c.group, c.label): c for c in changes.lines}
    removed = by_label[(None, "Page internet")]
    assert removed.change is Change.REMOVED and removed.old_amount == Decimal("14.00")
    for label in ("Certificat 3 ans", "Renouvellement"):
        added = by_label[("Certificat électronique RGS**", label)]
        assert added.change is Change.ADDED
    mail = by_label[("Messagerie", "Messagerie compte 5 Go")]
    assert (mail.change, mail.old_amount, mail.new_amount) == (
        Change.CHANGED,
        Decimal("16.80"),
        Decimal("17.40"),
    )
    assert mail.percent == Decimal("3.6")
    assert by_label[(None, "Nom de domaine")].percent == Decimal("3.8")
    level2 = by_label[("Sauvegarde 60 Go + Partage de fichiers 5 Go", "Abonnement niveau 2")]
    assert level2.percent == Decimal("2.9")
    # unchanged lines are not listed
    assert ("Messagerie", "Messagerie compte illimité") not in by_label
    assert len(changes.lines) == 6


def test_diff_of_the_corpus_tiers():
    changes = diff(from_truth(OLD), from_truth(NEW))
    kinds = {(c.change, c.label) for c in changes.tiers}
    assert kinds == {
        (Change.REMOVED, "Plus de 3 500 habitants"),
        (Change.ADDED, "De 3 500 à 4 999 habitants"),
        (Change.ADDED, "5 000 habitants et plus"),
    }


def test_identical_extractions_have_an_empty_diff():
    assert diff(from_truth(OLD), from_truth(OLD)).empty


def test_same_label_in_two_groups_is_not_confused():
    old = make_extraction(
        services=[
            line("Licence", "16.80", category="Sécurité", group="Antivirus"),
            line("Licence", "42.05", category="Sécurité", group="Gestionnaire de mots de passe"),
        ]
    )
    new = make_extraction(
        services=[
            line("Licence", "42.05", category="Sécurité", group="Gestionnaire de mots de passe"),
            line("Licence", "18.00", category="Sécurité", group="Antivirus"),
        ]
    )
    (change,) = diff(old, new).lines
    assert change.group == "Antivirus" and change.new_amount == Decimal("18.00")


def test_renamed_category_is_followed_not_removed_and_added():
    old = make_extraction(
        services=[line("Licence", "16.80", category="Sécurité", group="Antivirus")]
    )
    new = make_extraction(
        services=[line("Licence", "16.80", category="Cybersécurité", group="Antivirus")]
    )
    (change,) = diff(old, new).lines
    assert change.change is Change.CHANGED
    assert (change.old_category, change.category) == ("Sécurité", "Cybersécurité")
    assert change.percent == Decimal("0.0")


def test_case_accents_and_spaces_do_not_make_a_new_line():
    old = make_extraction(services=[line("Go de stockage  Supplémentaire", "12.00")])
    new = make_extraction(services=[line("Go de stockage supplementaire", "12.00")])
    assert diff(old, new).empty


def test_ambiguous_fallback_gives_removed_and_added():
    old = make_extraction(
        services=[
            line("Licence", "1.00", category="A", group="G"),
            line("Licence", "2.00", category="B", group="G"),
        ]
    )
    new = make_extraction(services=[line("Licence", "1.00", category="C", group="G")])
    kinds = sorted(c.change for c in diff(old, new).lines)
    assert kinds == [Change.ADDED, Change.REMOVED, Change.REMOVED]


def test_on_quote_to_price_has_no_percent():
    old = make_extraction(strata=[tier("Plus de 3 500 habitants", None, 3501, None, on_quote=True)])
    new = make_extraction(strata=[tier("Plus de 3 500 habitants", "400.00", 3501, None)])
    (change,) = diff(old, new).tiers
    assert change.old_on_quote and change.new_amount == Decimal("400.00")
    assert change.percent is None


def test_reworded_tier_with_same_bounds_is_the_same_tier():
    old = make_extraction(strata=[tier("Moins de 500 habitants", "50.00", 0, 499)])
    new = make_extraction(strata=[tier("De 0 à 499 habitants", "55.00", 0, 499)])
    (change,) = diff(old, new).tiers
    assert change.change is Change.CHANGED and change.percent == Decimal("10.0")


def test_public_establishment_tier_follows_a_new_wording():
    old = make_extraction(
        strata=[tier("Établissement public", None, None, None, kind=TierKind.PUBLIC_ESTABLISHMENT)]
    )
    new = make_extraction(
        strata=[
            tier("Établissements publics", "90.00", None, None, kind=TierKind.PUBLIC_ESTABLISHMENT)
        ]
    )
    (change,) = diff(old, new).tiers
    assert change.change is Change.CHANGED


def test_percent_is_rounded_half_up_to_one_decimal():
    assert percent_change(Decimal("3"), Decimal("4")) == Decimal("33.3")
    assert percent_change(Decimal("8"), Decimal("8.01")) == Decimal("0.1")
    assert percent_change(Decimal("100"), Decimal("50")) == Decimal("-50.0")
    assert percent_change(Decimal("0"), Decimal("5")) is None
    assert percent_change(None, Decimal("5")) is None


def codes(findings):
    return [(f.severity, f.code) for f in findings]


def test_corpus_findings_against_the_2025_version():
    findings = check_against(approved(from_truth(OLD)), from_truth(NEW), threshold=0.25)
    assert (Severity.WARNING, "history.line_removed") in codes(findings)
    assert (Severity.WARNING, "history.tier_removed") in codes(findings)
    assert all(f.code != "history.price_change" for f in findings)  # all below 25 %
    removed = next(f for f in findings if f.code == "history.line_removed")
    assert "« Page internet »" in removed.message and "14,00\u00a0€" in removed.message


def test_price_change_over_the_threshold_is_a_warning_in_french():
    old = make_extraction(services=[line("Nom de domaine", "15.60")])
    new = make_extraction(
        sitting=dt.date(2026, 3, 19), services=[line("Nom de domaine", "19.60", page=3)]
    )
    (warning,) = [
        f
        for f in check_against(approved(old), new, threshold=0.25)
        if f.code.endswith("price_change")
    ]
    assert warning.severity is Severity.WARNING
    assert warning.page == 3
    assert "15,60\u00a0€ → 19,60\u00a0€" in warning.message
    assert "+25,6\u202f%" in warning.message
    # exactly at the threshold: no warning
    at = make_extraction(services=[line("Nom de domaine", "19.50")])
    assert not [
        f
        for f in check_against(approved(old), at, threshold=0.25)
        if f.code.endswith("price_change")
    ]


def test_a_price_drop_over_the_threshold_is_a_warning_too():
    old = make_extraction(services=[line("Nom de domaine", "20.00")])
    new = make_extraction(services=[line("Nom de domaine", "10.00")])
    assert "history.price_change" in [
        f.code for f in check_against(approved(old), new, threshold=0.25)
    ]


def test_older_deliberation_than_the_one_in_force():
    in_force = approved(from_truth(NEW))
    findings = check_against(in_force, from_truth(OLD), threshold=0.25)
    older = next(f for f in findings if f.code == "history.older_than_in_force")
    assert older.severity is Severity.WARNING
    assert "10 juillet 2025" in older.message and "1er avril 2026" in older.message


def test_first_version_is_only_an_information():
    findings = check_against(None, from_truth(NEW), threshold=0.25)
    assert codes(findings) == [(Severity.INFO, "history.first_version")]


def test_no_date_at_all_is_an_error():
    findings = check_against(None, make_extraction(sitting=None), threshold=0.25)
    assert (Severity.ERROR, "history.no_effective_date") in codes(findings)


def test_effective_date_rules():
    sitting = dt.date(2026, 3, 19)
    delib = make_extraction(sitting=sitting, stated=dt.date(2026, 4, 1)).deliberation
    assert effective_date(delib) == (dt.date(2026, 4, 1), EffectiveDateSource.STATED)
    later = make_extraction(
        sitting=sitting, stated=dt.date(2026, 4, 1), enforceable=dt.date(2026, 4, 10)
    ).deliberation
    assert effective_date(later) == (dt.date(2026, 4, 10), EffectiveDateSource.ENFORCEABLE)
    earlier = make_extraction(
        sitting=sitting, stated=dt.date(2026, 4, 1), enforceable=dt.date(2026, 3, 25)
    ).deliberation
    assert effective_date(earlier) == (dt.date(2026, 4, 1), EffectiveDateSource.STATED)
    only_enforceable = make_extraction(sitting=sitting, enforceable=dt.date(2026, 3, 25))
    assert effective_date(only_enforceable.deliberation) == (
        dt.date(2026, 3, 25),
        EffectiveDateSource.ENFORCEABLE,
    )
    assert effective_date(make_extraction(sitting=sitting).deliberation) == (
        sitting,
        EffectiveDateSource.SITTING,
    )


def test_a_stated_date_before_the_sitting_is_not_retroactive():
    new = make_extraction(sitting=dt.date(2026, 3, 19), stated=dt.date(2026, 1, 1))
    assert effective_date(new.deliberation) == (dt.date(2026, 3, 19), EffectiveDateSource.SITTING)
    assert "history.retroactive_date" in [f.code for f in check_against(None, new, threshold=0.25)]


def test_an_extraction_without_tables_is_not_compared_line_by_line():
    empty = make_extraction(services=[], strata=[])
    findings = check_against(approved(from_truth(OLD)), empty, threshold=0.25)
    assert not [f for f in findings if f.code.endswith("_removed")]
