from decimal import Decimal

from pipeline.models import Deliberation, Extraction, ServiceLine, Source, Tier, TierKind
from pipeline.validate import ocr

SITTING = Deliberation(date=None)


def line(amount_text="16,80 €", unit="Par compte et par an", confidence=95.0) -> ServiceLine:
    return ServiceLine(
        category="Présence en ligne",
        group="Messagerie",
        label="Messagerie compte 5 Go",
        amount=Decimal("16.80"),
        unit=unit,
        page=2,
        bbox=(56.0, 305.0, 555.0, 317.0),
        amount_bbox=(222.0, 305.0, 389.0, 317.0),
        amount_text=amount_text,
        confidence=confidence,
    )


def make(*services, scanned=True, strata=()) -> Extraction:
    source = Source(file="scan.pdf", sha256="0" * 64, pages=3, ocr=scanned)
    return Extraction(
        source=source, deliberation=SITTING, services=list(services), strata=list(strata)
    )


def test_a_clean_ocr_reading_gives_no_finding() -> None:
    assert ocr.check(make(line(), line("12 €"), line("1 104,00 €"), line("16,80€"))) == []


def test_a_text_layer_is_not_checked() -> None:
    assert ocr.check(make(line(confidence=10, amount_text="l6,8O"), scanned=False)) == []


def test_low_confidence_is_a_warning_with_page_and_box() -> None:
    [finding] = ocr.check(make(line(confidence=62.0)))
    assert finding.severity.value == "warning"
    assert finding.code == "ocr.low_confidence"
    assert finding.page == 2 and finding.bbox is not None
    assert "62\u00a0%" in finding.message and "page 2" in finding.message


def test_an_amount_not_in_the_french_pattern_is_a_warning() -> None:
    for text in ("16.80 €", "1680", "16,80 E"):  # slips with one likely fix: amount_suspect
        codes = [f.code for f in ocr.check(make(line(amount_text=text)))]
        assert codes == ["ocr.amount_format"], text
    [finding] = ocr.check(make(line(amount_text="16.80 €")))
    assert finding.bbox == (222.0, 305.0, 389.0, 317.0)
    assert "« 16.80 € »" in finding.message


def test_an_unknown_unit_is_a_warning_unless_seen_in_approved_versions() -> None:
    odd = line(unit="Par conpte et par an")
    assert [f.code for f in ocr.check(make(odd))] == ["ocr.unknown_unit"]
    assert ocr.check(make(odd), known_units=["Par conpte et par an"]) == []


def test_units_compare_without_case_dashes_or_spacing() -> None:
    unit = (
        "par an et dans la limite de 100 Go — supérieur à 100  Go devis sous réserve de faisabilité"
    )
    assert ocr.check(make(line(unit=unit))) == []


def test_tiers_are_checked_too_and_on_quote_is_an_amount() -> None:
    tier = Tier(
        label="Établissement public",
        kind=TierKind.PUBLIC_ESTABLISHMENT,
        on_quote=True,
        unit="Par établissement public et par an",
        page=3,
        amount_text="Sur devis",
        confidence=73.0,
    )
    findings = ocr.check(make(strata=[tier]))
    assert [f.code for f in findings] == ["ocr.low_confidence"]
    assert findings[0].page == 3


def test_a_scanned_sitting_is_always_to_be_checked_by_a_person() -> None:
    [finding] = ocr.check_sitting(make(line()))
    assert finding.code == "ocr.sitting" and finding.severity.value == "warning"
    assert ocr.check_sitting(make(line(), scanned=False)) == []
