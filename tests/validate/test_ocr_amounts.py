"""Amounts read by OCR checked against their column: no silent wrong amount."""

from __future__ import annotations

from decimal import Decimal

from pipeline.models import Deliberation, Extraction, ServiceLine, Source, Tier
from pipeline.validate import ocr


def cell(text: str, amount: str, row: int, *, x0: float = 300.0, page: int = 2) -> ServiceLine:
    top = 100.0 + 14 * row
    return ServiceLine(
        category=None,
        group=None,
        label=f"Q{row + 1} — Repas",
        amount=Decimal(amount),
        unit="Par repas",
        page=page,
        bbox=(56.0, top, 555.0, top + 12),
        amount_bbox=(x0, top, x0 + 60, top + 12),
        amount_text=text,
        confidence=92.0,
    )


def check(*services: ServiceLine) -> list:
    source = Source(file="scan.pdf", sha256="0" * 64, pages=3, ocr=True)
    extraction = Extraction(source=source, deliberation=Deliberation(date=None), services=services)
    return [f for f in ocr.check(extraction) if f.code != "ocr.unknown_unit"]


def test_a_lost_comma_among_cents_is_flagged_with_both_readings_and_its_box() -> None:
    lost = cell("210 €", "210", 1)
    [finding] = check(cell("1,43 €", "1.43", 0), lost, cell("3,50 €", "3.50", 2))
    assert finding.code == "ocr.amount_suspect"
    assert finding.page == 2 and finding.bbox == lost.amount_bbox
    assert "« Q2 — Repas »" in finding.message
    assert "« 210 € »" in finding.message and "« 2,10 € »" in finding.message
    assert "page 2" in finding.message


def test_whole_amounts_that_fit_their_column_are_not_suspect() -> None:
    # A column of whole amounts, a whole amount in scale with its cents neighbours,
    # and an amount with cents in another column or on another page.
    assert check(cell("120 €", "120", 0), cell("210 €", "210", 1), cell("350 €", "350", 2)) == []
    assert check(cell("1,43 €", "1.43", 0), cell("12 €", "12", 1), cell("3,50 €", "3.50", 2)) == []
    assert check(cell("1,43 €", "1.43", 0), cell("210 €", "210", 1, x0=420.0)) == []
    assert (
        check(cell("1,43 €", "1.43", 0), cell("3,50 €", "3.50", 2), cell("210 €", "210", 1, page=3))
        == []
    )


def test_a_letter_for_a_digit_or_a_doubled_comma_is_flagged_with_its_likely_reading() -> None:
    for text, likely in (("2,,10 €", "2,10 €"), ("1O,50 €", "10,50 €"), ("l6,80 €", "16,80 €")):
        [finding] = check(cell(text, "2.10", 0))
        assert finding.code == "ocr.amount_suspect", text
        assert f"« {text} »" in finding.message and f"« {likely} »" in finding.message
    # Malformed with no single fix: still the format warning.
    assert [f.code for f in check(cell("16.80 €", "16.80", 0))] == ["ocr.amount_format"]


def tier(low: int, high: int | None, amount: str, row: int) -> Tier:
    top = 380.0 + 15 * row
    return Tier(
        label=f"Strate {row + 1}",
        min_population=low,
        max_population=high,
        amount=Decimal(amount),
        unit="Par collectivité et par an",
        page=2,
        bbox=(56.0, top, 538.0, top + 15),
        amount_bbox=(290.0, top, 330.0, top + 12),
        amount_text=f"{amount.replace('.', ',')} €",
        confidence=90.0,
    )


def check_tiers(*strata: Tier) -> list:
    source = Source(file="scan.pdf", sha256="0" * 64, pages=3, ocr=True)
    extraction = Extraction(source=source, deliberation=Deliberation(date=None), strata=strata)
    return [f for f in ocr.check(extraction) if f.code == "ocr.tier_order"]


def test_a_fee_dearer_than_a_larger_tiers_is_flagged_on_its_own_box() -> None:
    # "55,00 €" read "655,00 €", a speck before it taken for a digit.
    scale = [
        tier(0, 499, "655.00", 0),
        tier(500, 999, "95.00", 1),
        tier(1000, 2499, "175.00", 2),
        tier(2500, None, "290.00", 3),
    ]
    [finding] = check_tiers(*scale)
    assert finding.page == 2 and finding.bbox == scale[0].amount_bbox
    assert "« Strate 1 »" in finding.message and "655.00 €" in finding.message
    # The same misreading in the middle of the scale.
    middle = [
        tier(0, 499, "55.00", 0),
        tier(500, 999, "995.00", 1),
        tier(1000, 2499, "175.00", 2),
        tier(2500, None, "290.00", 3),
    ]
    assert [f.bbox for f in check_tiers(*middle)] == [middle[1].amount_bbox]


def test_a_scale_in_order_or_two_scales_one_after_the_other_are_not_flagged() -> None:
    first = [tier(0, 999, "50.00", 0), tier(1000, None, "100.00", 1)]
    second = [tier(0, 999, "40.00", 2), tier(1000, None, "80.00", 3)]
    assert check_tiers(*first, *second) == []
    assert check_tiers(tier(0, 999, "50.00", 0), tier(1000, None, "50.00", 1)) == []


def test_a_drop_no_single_tier_explains_flags_the_tiers_on_each_side() -> None:
    scale = [
        tier(0, 499, "300.00", 0),
        tier(500, 999, "200.00", 1),
        tier(1000, 1999, "100.00", 2),
        tier(2000, None, "50.00", 3),
    ]
    assert len(check_tiers(*scale)) == 4
