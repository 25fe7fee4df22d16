"""A billing unit misread by OCR is taken back to the known unit it stands for, and said."""

from decimal import Decimal

import pytest

from pipeline.models import Deliberation, Extraction, ServiceLine, Severity, Source, Tier
from pipeline.parse.units import known_unit, reference_unit_names, snap_ocr_units

KNOWN = reference_unit_names()


def line(unit: str, confidence: float | None = 91.0) -> ServiceLine:
    return ServiceLine(
        category="Sécurité",
        group="Antivirus",
        label="Licence",
        amount=Decimal("20.40"),
        unit=unit,
        page=2,
        bbox=(56.0, 305.0, 555.0, 317.0),
        amount_text="20,40 €",
        confidence=confidence,
    )


def make(*services: ServiceLine, strata: tuple[Tier, ...] = ()) -> Extraction:
    source = Source(file="scan.pdf", sha256="0" * 64, pages=3, ocr=True)
    return Extraction(
        source=source,
        deliberation=Deliberation(date=None),
        services=list(services),
        strata=list(strata),
    )


@pytest.mark.parametrize(
    ("read", "unit"),
    [
        ("Par poste ét par an", "Par poste et par an"),  # an accent added
        ("Par compte et par añ", "Par compte et par an"),
        ("Parunité", "Par unité"),  # a space lost
        ("Paran", "Par an"),
        ("Par. compte et par an", "Par compte et par an"),  # a speck read as a stop
        ("Par utilisateur et.par mois", "Par utilisateur et par mois"),
        ("Par établissement public ét par an", "Par établissement public et par an"),
        ("m2", "m²"),  # the raised figure of a square metre read on the line
        ("M3", "m³"),
    ],
)
def test_a_unit_misread_in_its_accents_spaces_or_punctuation_is_the_known_unit(read, unit):
    assert known_unit(read, KNOWN) == (unit, 0)


@pytest.mark.parametrize(
    ("read", "unit", "slips"),
    [
        ("Far compte et par an", "Par compte et par an", 1),
        ("Par compte ei par an", "Par compte et par an", 1),
        ("Par compte te et par an", "Par compte et par an", 2),
    ],
)
def test_a_long_unit_with_a_slip_or_two_is_the_nearest_known_unit(read, unit, slips):
    assert known_unit(read, KNOWN) == (unit, slips)


@pytest.mark.parametrize(
    "read",
    [
        "Par site",  # known as it is
        "Par four",  # short: « Par jour » is one letter away, but so are many words
        "Par poste et par mois",  # another unit, not a slip of « Par poste et par an »
        "Par utilisateur et par jour",
        "Par m² et par an",
        "Par repas",
    ],
)
def test_a_unit_known_or_too_far_from_any_is_left_as_read(read):
    assert known_unit(read, KNOWN) is None


def test_a_unit_halfway_between_two_known_units_is_left_as_read():
    assert (
        known_unit("Par poste et par ann", ["Par poste et par an", "Par poste et par and"]) is None
    )


def test_ocr_units_are_written_as_known_and_each_change_is_said_with_its_place():
    read = make(line("Parunité"), line("Far compte et par an"), line("Par poste et par an"))
    snapped = snap_ocr_units(read)
    assert [s.unit for s in snapped.services] == [
        "Par unité",
        "Par compte et par an",
        "Par poste et par an",
    ]
    spelling, near = snapped.findings
    assert (spelling.code, spelling.severity) == ("ocr.unit_spelling", Severity.INFO)
    assert "« Parunité »" in spelling.message and "« Par unité »" in spelling.message
    assert (near.code, near.severity) == ("ocr.unit_near", Severity.WARNING)
    assert "« Far compte et par an »" in near.message and "page 2" in near.message
    assert near.page == 2 and near.bbox == (56.0, 305.0, 555.0, 317.0)


def test_a_unit_of_the_text_layer_is_never_changed():
    read = make(line("Parunité", confidence=None))
    assert snap_ocr_units(read) == read


def test_the_units_of_approved_versions_are_known_too():
    read = make(line("Par repas servi ét livré"))
    assert snap_ocr_units(read).services[0].unit == "Par repas servi ét livré"
    snapped = snap_ocr_units(read, known_units=["Par repas servi et livré"])
    assert snapped.services[0].unit == "Par repas servi et livré"


def test_tiers_units_are_taken_back_too():
    tier = Tier(
        label="Moins de 500 habitants",
        max_population=499,
        amount=Decimal("55"),
        unit="Par collectivité ét par an",
        page=3,
        confidence=88.0,
    )
    [snapped] = snap_ocr_units(make(strata=(tier,))).strata
    assert snapped.unit == "Par collectivité et par an"


def test_a_unit_in_square_metres_misread_is_written_m2_and_said():
    """Montpellier's 2014 book scanned at 150 dpi: « m²/jour » read « m?/jour »."""
    snapped = snap_ocr_units(make(line("m?/jour"), line("m°?/trimestre")))
    assert [s.unit for s in snapped.services] == ["m²/jour", "m²/trimestre"]
    assert all(f.code == "ocr.unit_spelling" for f in snapped.findings)
    assert "« m?/jour »" in snapped.findings[0].message
    assert "« m²/jour »" in snapped.findings[0].message
    assert snap_ocr_units(make(line("m?/jour", confidence=None))).services[0].unit == "m?/jour"


@pytest.mark.parametrize(
    ("read", "unit"),
    [
        ("l'iour", "/ jour"),  # the slash read « l' », the « j » an « i »
        ("/'iour", "/ jour"),
        ("'iour", "/ jour"),
        ("/iour", "/ jour"),
        ("l'jour", "/ jour"),
        ("Par iour", "Par jour"),
        ("iour", "/ jour"),  # the slash lost: punctuation, the known unit
    ],
)
def test_a_short_unit_with_its_slash_or_a_letter_misread_is_written_as_read_right(read, unit):
    """Montpellier's 2014 book scanned at 150 dpi, page 11: the « / jour » of every room
    read « l'iour », « /'iour », « 'iour »; none was a known unit, none was taken back."""
    snapped = snap_ocr_units(make(line(read)))
    assert snapped.services[0].unit == unit
    [finding] = snapped.findings
    assert (finding.code, finding.severity) == ("ocr.unit_respelt", Severity.WARNING)
    assert f"« {read} »" in finding.message and f"« {unit} »" in finding.message


@pytest.mark.parametrize("read", ["nm?", "me", "m2?", "rm?"])
def test_a_square_metre_alone_misread_past_its_raised_figure_is_written_m2(read):
    """Montpellier's 2014 book scanned at 150 dpi, page 24: the « m² » of the damages to
    lawns and shrubs read « nm? », « me », « m2? », beside « m² » read right."""
    snapped = snap_ocr_units(make(line(read)))
    assert snapped.services[0].unit == "m²"
    [finding] = snapped.findings
    assert (finding.code, finding.severity) == ("ocr.unit_respelt", Severity.WARNING)


@pytest.mark.parametrize(
    "read",
    [
        "four",  # a French word: left as read
        "l'an",  # « l' » before a vowel: an elision, no slash
        "à l'unité / semaine",
        "w/jour",
        "mer",  # a word
    ],
)
def test_a_unit_that_is_french_as_read_is_not_respelt(read):
    assert snap_ocr_units(make(line(read))).services[0].unit == read
