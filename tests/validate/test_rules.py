import datetime as dt
from decimal import Decimal

from pipeline.models import Deliberation, Extraction, ServiceLine, Source, Tier, TierKind
from pipeline.validate import validate

SOURCE = Source(file="x.pdf", sha256="0" * 64, pages=1)
SITTING = Deliberation(date=dt.date(2025, 7, 10), vote="unanimity")


def line(label: str, amount: str | None = "10", **extra) -> ServiceLine:
    return ServiceLine(
        category="Cat",
        group=None,
        label=label,
        amount=Decimal(amount) if amount is not None else None,
        unit=extra.pop("unit", "Par an"),
        page=1,
        **extra,
    )


def tier(label: str, low: int | None, high: int | None, amount: str = "50") -> Tier:
    return Tier(
        label=label, min_population=low, max_population=high, amount=Decimal(amount), page=2
    )


def codes(extraction: Extraction) -> dict[str, str]:
    return {f.code: f.severity.value for f in validate(extraction).findings}


def make(services=(), strata=(), sitting=SITTING) -> Extraction:
    return Extraction(
        source=SOURCE, deliberation=sitting, services=list(services), strata=list(strata)
    )


def test_no_tariff_table_is_an_error() -> None:
    assert codes(make())["table.missing"] == "error"


def test_no_sitting_date_is_an_error() -> None:
    found = codes(make([line("A")], sitting=Deliberation(date=None, vote="unanimity")))
    assert found["sitting.date_missing"] == "error"


def test_rejected_vote_is_an_error() -> None:
    found = codes(make([line("A")], sitting=Deliberation(date=SITTING.date, vote="rejected")))
    assert found["vote.not_adopted"] == "error"


def test_gap_of_one_inhabitant_is_named() -> None:
    strata = [
        tier("Moins de 3 500", 3000, 3499),
        tier("Plus de 3 500", 3501, None),
        tier("Moins de 3 000", 0, 2999),
    ]
    findings = validate(make([line("A")], strata)).findings
    gap = [f for f in findings if f.code == "tiers.gap"]
    assert len(gap) == 1
    assert gap[0].severity.value == "warning"
    assert "3\u202f500 habitants exactement" in gap[0].message
    assert gap[0].page == 2


def test_wider_gap_and_overlap() -> None:
    strata = [tier("a", 0, 499), tier("b", 1000, 1999), tier("c", 1500, None)]
    found = validate(make([line("A")], strata)).findings
    messages = {f.code: f.message for f in found}
    assert "de 500 à 999 habitants" in messages["tiers.gap"]
    assert "tiers.overlap" in messages


def test_contiguous_tiers_give_no_tier_finding() -> None:
    strata = [
        tier("a", 0, 499),
        tier("b", 500, 999),
        tier("c", 1000, None),
        Tier(label="EP", kind=TierKind.PUBLIC_ESTABLISHMENT, on_quote=True, page=2),
    ]
    assert not [c for c in codes(make([line("A")], strata)) if c.startswith("tiers")]


def test_open_end_is_reported() -> None:
    assert "tiers.open_end" in codes(make([line("A")], [tier("a", 0, 499)]))


def test_duplicate_lines() -> None:
    found = codes(make([line("Licence"), line("Licence")]))
    assert found["line.duplicate"] == "warning"


def test_same_label_in_two_groups_is_not_a_duplicate() -> None:
    a = line("Licence").model_copy(update={"group": "Antivirus"})
    b = line("Licence").model_copy(update={"group": "Gestionnaire de mots de passe"})
    assert "line.duplicate" not in codes(make([a, b]))


def test_zero_price_not_written_free() -> None:
    assert codes(make([line("A", "0")]))["amount.zero"] == "warning"
    assert "amount.zero" not in codes(make([line("A", "0", free=True)]))


def test_ht_and_ttc_must_differ_by_a_vat_rate() -> None:
    right = line("A", "21.60", amount_ht=Decimal("18.00"))
    reduced = line("B", "11.61", amount_ht=Decimal("11.00"))  # 5,5 %, rounded to the cent
    wrong = line("C", "20.00", amount_ht=Decimal("18.00"))
    found = [f for f in validate(make([right, reduced, wrong])).findings]
    mismatches = [f for f in found if f.code == "amount.vat_mismatch"]
    assert len(mismatches) == 1 and "« C »" in mismatches[0].message
