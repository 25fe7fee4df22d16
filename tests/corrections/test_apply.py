"""The effective values: what was read with its corrections applied, validated again."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.corrections import (
    LINE,
    SITTING,
    TIER,
    CorrectionRefused,
    Edit,
    corrected_values,
    describe,
    effective,
    marker,
    parse_price,
    prepare,
)
from pipeline.corrections.apply import RECOMPUTED
from pipeline.models import Extraction, Finding, ServiceLine, Severity
from pipeline.validate import validate
from tests.store.factories import line, make_extraction, tier

AT = "2026-03-20T09:00:00+00:00"
ROW = (60.0, 150.0, 540.0, 168.0)
CELL = (280.0, 150.0, 380.0, 168.0)


def correct(read: Extraction, *edits: Edit, existing=(), reason="montant mal lu"):
    """Prepare the edits, and the effective values with them and the earlier ones."""
    made = prepare(read, list(existing), list(edits), by="Marie Dupont", reason=reason, at=AT)
    return made, effective(read, [*existing, *made])


def misread() -> Extraction:
    """A line whose amount the reader could not read: an error on its price cell."""
    bad = ServiceLine(
        category="Sécurité",
        group="Antivirus",
        label="Licence",
        amount=None,
        unit="Par poste et par an",
        page=2,
        bbox=ROW,
        amount_bbox=CELL,
        amount_text="1O,5O €",
    )
    unreadable = Finding(
        severity=Severity.ERROR,
        code="amount.unreadable",
        message="Montant illisible pour « Licence » : « 1O,5O € ».",
        page=2,
        bbox=CELL,
    )
    return make_extraction(
        services=[line("Messagerie", "16.80"), bad],
        strata=[tier("Moins de 500", "50", None, 499), tier("Plus de 500", "80", 500, None)],
        findings=[unreadable],
    )


def test_correcting_a_misread_amount_settles_its_finding():
    read = misread()
    (made,), values = correct(read, Edit.set(LINE, "price", parse_price("10,50"), 2))
    assert made.old is None and made.new == "10.50" and made.by == "Marie Dupont"
    assert values.extraction.services[1].amount == Decimal("10.50")
    assert "amount.unreadable" not in {f.code for f in values.extraction.findings}
    assert not values.extraction.errors
    assert read.services[1].amount is None  # what was read is left as it was


def test_a_finding_on_another_value_stays():
    read = misread()
    _, values = correct(read, Edit.set(LINE, "label", "Messagerie 5 Go", 1))
    assert "amount.unreadable" in {f.code for f in values.extraction.findings}


def test_rules_are_run_again_on_the_corrected_values():
    read = validate(misread())
    assert "tiers.duplicate" not in {f.code for f in read.findings}
    _, values = correct(read, Edit.set(TIER, "min_population", "0", 2))
    codes = [f.code for f in values.extraction.findings]
    assert "tiers.overlap" in codes  # 0 to ∞ now overlaps 0 to 499
    assert codes.count("vote.missing") == 1  # recomputed, not doubled


def test_a_doubtful_ocr_reading_of_a_corrected_amount_is_settled():
    read = misread().model_copy(
        update={"source": misread().source.model_copy(update={"ocr": True}), "findings": []}
    )
    read = validate(read)
    assert "ocr.amount_suspect" in {f.code for f in read.findings}
    _, values = correct(read, Edit.set(LINE, "price", "10.50", 2))
    assert "ocr.amount_suspect" not in {f.code for f in values.extraction.findings}


def test_a_label_rewritten_from_a_scan_is_settled_by_correcting_its_label_only():
    read = misread()
    rewritten = Finding(
        severity=Severity.WARNING,
        code="ocr.word_near",
        message="Libellé lu par OCR et récrit : « Licenoe » écrit « Licence ».",
        page=2,
        bbox=ROW,
    )
    read = read.model_copy(update={"findings": [*read.findings, rewritten]})
    _, priced = correct(read, Edit.set(LINE, "price", "10.50", 2))
    assert "ocr.word_near" in {f.code for f in priced.extraction.findings}
    edit = Edit.set(LINE, "label", "Licence antivirus", 2)
    _, labelled = correct(read, edit, reason="libellé lu sur la page")
    assert "ocr.word_near" not in {f.code for f in labelled.extraction.findings}


def test_a_finding_on_a_row_shared_by_two_values_is_not_settled_by_one():
    shared = [
        ServiceLine(
            label=f"Salle — {when}",
            category=None,
            group=None,
            amount=None,
            unit="",
            page=1,
            bbox=ROW,
            amount_bbox=None,
        )
        for when in ("Matin", "Soir")
    ]
    missing = Finding(
        severity=Severity.ERROR, code="amount.missing", message="Aucun tarif.", page=1, bbox=ROW
    )
    read = make_extraction(services=shared, findings=[missing])
    _, values = correct(read, Edit.set(LINE, "price", "5.00", 1))
    assert "amount.missing" in {f.code for f in values.extraction.findings}


def test_numbers_stay_with_their_lines_through_removals_and_additions():
    read = misread()
    made, values = correct(
        read,
        Edit.remove(LINE, 1),
        Edit.add(
            LINE,
            label="Audit",
            price="90.00",
            unit="Par audit",
            category="Sécurité",
            group="Antivirus",
        ),
    )
    assert [c.number for c in made] == [1, 3]
    assert [s.label for s in values.extraction.services] == ["Licence", "Audit"]
    assert values.line_numbers == [2, 3]
    assert values.extraction.services[1].page == 2  # beside the line of its group
    with pytest.raises(CorrectionRefused, match="supprimée"):
        correct(read, Edit.set(LINE, "label", "X", 1), existing=made)
    later, _ = correct(
        read, Edit.add(LINE, label="Autre", price="sur devis", unit="u"), existing=made
    )
    assert later[0].number == 4


def test_sitting_dates_are_corrected():
    read = misread()
    (made,), values = correct(read, Edit.set(SITTING, "effective_date", "2025-09-01"))
    assert made.old is None and values.extraction.deliberation.effective_date == dt.date(2025, 9, 1)
    assert corrected_values(read, [made]).deliberation.effective_date == dt.date(2025, 9, 1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (Edit.set(LINE, "price", "16.80", 1), "déjà 16,80"),
        (Edit.set(LINE, "label", None, 1), "libellé ne peut pas être vide"),
        (Edit.set(LINE, "price", "1.00", 9), "pas de ligne n° 9"),
        (Edit.set(TIER, "max_population", "100", 2), "dépasse la maximale"),
        (Edit.set(TIER, "min_population", "-5", 1), "ne peut pas être négative"),
        (Edit.set(LINE, "page", "3", 1), "ne se corrige pas"),
        (Edit.add(LINE, label="Sans prix", unit="u"), "tarif de la ligne ajoutée"),
    ],
)
def test_corrections_that_cannot_be_made_are_refused_in_french(edit, message):
    with pytest.raises(CorrectionRefused, match=message):
        correct(misread(), edit)


def test_a_reason_and_a_name_are_required():
    with pytest.raises(CorrectionRefused, match="motif"):
        prepare(misread(), [], [Edit.set(LINE, "price", "1.00", 1)], by="M", reason="  ", at=AT)
    with pytest.raises(CorrectionRefused, match="nom"):
        prepare(misread(), [], [Edit.set(LINE, "price", "1.00", 1)], by=" ", reason="r", at=AT)


def test_no_correction_leaves_the_reading_as_it_is():
    read = misread()
    values = effective(read, [])
    assert values.extraction is read and values.line_numbers == []


def test_describe_and_mark_in_french():
    made, _ = correct(
        misread(),
        Edit.set(LINE, "price", "12.50", 1),
        Edit.set(LINE, "price", "sur devis", 1),
        Edit.add(LINE, label="Audit", price="90.00", unit="Par audit"),
    )
    assert describe(made[0]) == "ligne 1, tarif : 16,80\u00a0€ → 12,50\u00a0€"
    assert describe(made[2]) == "ligne 3 ajoutée : « Audit », 90,00\u00a0€, Par audit"
    assert marker(made[:2]) == "corrigé (tarif : avant 16,80\u00a0€)"
    assert marker(made[2:]) == "ajoutée par correction"


def test_every_code_the_validate_stage_gives_is_recomputed():
    """A finding of the business rules or the OCR checks left out of RECOMPUTED would
    be given twice on a corrected version (once as read, once recomputed)."""
    folder = Path(__file__).resolve().parents[2] / "pipeline" / "validate"
    given = set()
    for name in ("rules.py", "ocr.py"):
        given |= set(re.findall(r'"([a-z]+\.[a-z_]+)"', (folder / name).read_text("utf-8")))
    # a package; what is said of a page's reading as a whole (kept as read)
    given -= {"pipeline.validate", "ocr.unreadable_page", "ocr.unplaced_prices"}
    assert given == RECOMPUTED


def test_what_was_said_of_a_removed_value_goes_with_it():
    read = misread()
    made, values = correct(read, Edit.set(LINE, "label", "Licence antivirus", 2))
    _, values = correct(read, Edit.remove(LINE, 2), existing=made, reason="en double")
    assert "amount.unreadable" not in {f.code for f in values.extraction.findings}
    assert [s.label for s in values.extraction.services] == ["Messagerie"]
