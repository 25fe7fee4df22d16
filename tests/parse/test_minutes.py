"""Minutes split into their deliberations; a single deliberation stays whole.

Regression tests on the real minutes (friesen, preuilly, roannais) and Montpellier
deliberations, and small line fixtures for each way of heading a point.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from pipeline.parse.layout import Line, group_lines, page_text
from pipeline.parse.minutes import Section, Vocabulary, sitting_for, split_sections
from pipeline.parse.sitting import parse_sitting
from pipeline.read.document import Word
from pipeline.read.pdf import open_pdf, read_page

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

Pages = list[tuple[int, list[Line]]]


@cache
def real_pages(name: str, last: int | None = None) -> Pages:
    """The lines of a real PDF's pages (the first ``last`` ones), as the parse stage
    groups them."""
    with open_pdf(REAL / f"{name}.pdf") as pdf:
        return [
            (number, group_lines(read_page(page, number).words))
            for number, page in enumerate(pdf.pages[:last], start=1)
        ]


def by_number(sections: list[Section]) -> dict[str | None, Section]:
    return {section.number: section for section in sections}


# --- real minutes -----------------------------------------------------------------


def test_roannais_minutes_split_into_points() -> None:
    sections = split_sections(real_pages("roannais_2021-10-28_pv"))
    assert [s.number for s in sections] == [str(n) for n in range(1, 25)]
    assert (
        sections[10].title
        == "Centre des Entreprises à Roanne - Modification de la grille tarifaire"
    )
    assert sections[0].start == (2, pytest.approx(650.8, abs=0.5))
    assert sections[0].end == sections[1].start


def test_roannais_two_tariff_points_among_budget_tables() -> None:
    sections = split_sections(real_pages("roannais_2021-10-28_pv"))
    assert [s.number for s in sections if s.about_tariffs] == ["11", "12"]
    dm2 = by_number(sections)["5"]  # a budget decision full of euros, not a tariff
    assert (dm2.vote, dm2.votes_for, dm2.votes_against, dm2.abstentions) == ("majority", 74, 0, 4)


def test_roannais_activity_report_and_delegations_take_note() -> None:
    points = by_number(split_sections(real_pages("roannais_2021-10-28_pv")))
    assert points["1"].takes_note and points["2"].takes_note
    assert points["2"].vote is None
    assert not points["11"].takes_note


def test_roannais_sitting_takes_the_tariff_point() -> None:
    pages = real_pages("roannais_2021-10-28_pv")
    sitting = parse_sitting("\n".join(page_text(lines) for _, lines in pages))
    point = sitting_for(split_sections(pages), sitting)
    assert point.date == dt.date(2021, 10, 28)
    assert point.title == "Centre des Entreprises à Roanne - Modification de la grille tarifaire"
    assert point.number == "11"
    assert point.vote == "unanimity"
    # the decision's date, not the one its recitals recall (1 January 2020)
    assert point.effective_date == dt.date(2022, 1, 1)


def test_preuilly_canteen_section_about_tariffs() -> None:
    sections = split_sections(real_pages("preuilly_2020-07-23_pv"))
    assert len(sections) == 15
    assert sections[0].number == "2020-038" and sections[-1].number == "2020-052"
    canteen = by_number(sections)["2020-045"]
    assert canteen.title == "CANTINE-TARIFS POUR RENTREE SCOLAIRE 2020-2021"
    assert canteen.about_tariffs and not canteen.takes_note
    assert (canteen.vote, canteen.votes_for, canteen.votes_against) == ("majority", 13, 1)
    assert canteen.contains(4, 250.0)  # "3.40€ pour les enfants qui déjeunent …"
    assert not canteen.contains(4, 500.0)  # the next point: a post created
    subsidy = by_number(sections)["2020-038"]
    assert not subsidy.about_tariffs


def test_preuilly_vote_in_words_rejects_the_wind_farm() -> None:
    wind = by_number(split_sections(real_pages("preuilly_2020-07-23_pv")))["2020-052"]
    assert (wind.vote, wind.votes_for, wind.votes_against, wind.abstentions) == (
        "rejected",
        2,
        11,
        1,
    )
    # the miscellany after the agenda ("QUESTIONS DIVERSES") belongs to no point
    assert wind.end == (7, pytest.approx(666.8, abs=0.5))


def test_preuilly_sitting_takes_the_canteen_vote() -> None:
    pages = real_pages("preuilly_2020-07-23_pv")
    sitting = parse_sitting("\n".join(page_text(lines) for _, lines in pages))
    point = sitting_for(split_sections(pages), sitting)
    assert (point.number, point.vote, point.votes_for, point.votes_against) == (
        "2020-045",
        "majority",
        13,
        1,
    )
    # "à compter du 28 août 2020" is another point's (a post created)
    assert point.effective_date is None


def test_friesen_points_with_own_numbers() -> None:
    sections = split_sections(real_pages("friesen_2025-12-09_pv"))
    assert len(sections) == 10
    water = sections[2]
    assert water.number == "2025-12-09-DCM-02"
    assert water.about_tariffs and water.vote == "unanimity"
    firewood = sections[4]
    assert firewood.about_tariffs  # "Fixe la taxe d'affouage à 62 € TTC le stère"
    assert sections[3].number == "4"  # no own number under the heading: the point's
    assert sections[-1].title == "Divers"
    assert sections[-1].end == (5, pytest.approx(555.8, abs=0.5))  # "la séance est levée"


def test_friesen_reports_taken_note_of_are_not_tariffs() -> None:
    sections = split_sections(real_pages("friesen_2025-12-09_pv"))
    assert [i for i, s in enumerate(sections, start=1) if s.takes_note] == [4, 7, 8]
    approved = sections[5]  # "approuve … le rapport annuel sur le prix et la qualité"
    assert not approved.takes_note and not approved.about_tariffs


def test_friesen_sitting_takes_the_water_price() -> None:
    pages = real_pages("friesen_2025-12-09_pv")
    sitting = parse_sitting("\n".join(page_text(lines) for _, lines in pages))
    point = sitting_for(split_sections(pages), sitting)
    assert point.number == "2025-12-09-DCM-02"
    assert point.effective_date == dt.date(2026, 1, 1)


def test_parking_report_takes_note() -> None:
    sections = split_sections(real_pages("montpellier_2013-07-22_parking_rapport"))
    assert len(sections) == 1  # its "1. Présentation …" is a part of the report
    (report,) = sections
    assert report.takes_note
    assert not report.about_tariffs  # its price table is the operator's
    assert report.number == "2013/376"
    assert report.end is None


def test_montpellier_tariff_book_is_one_section() -> None:
    (book,) = split_sections(real_pages("montpellier_2013-12-16_tarifs2014", 3))
    assert book.title == "Tarifs 2014 pour la Ville de Montpellier Approbation"
    assert book.number == "2013/616"
    assert book.about_tariffs and not book.takes_note


# --- line fixtures ----------------------------------------------------------------


def line(text: str, top: float, *, size: float = 11.0, bold: bool = False) -> Line:
    words = []
    x = 50.0
    for token in text.split():
        width = len(token) * size * 0.5
        words.append(Word(token, x, top, x + width, top + size, size, bold))
        x += width + size * 0.3
    return Line(tuple(words))


def page(*lines: Line, number: int = 1) -> tuple[int, list[Line]]:
    return number, list(lines)


def test_single_deliberation_with_numbered_parts_stays_whole() -> None:
    pages = [
        page(
            line("EXTRAIT DU REGISTRE DES DELIBERATIONS", 40, bold=True),
            line("Objet : Tarifs de la cantine scolaire", 60, bold=True),
            line("1. Restauration scolaire", 80, bold=True),
            line("Le repas est fixé à 3,40 €.", 95),
            line("2. Accueil périscolaire", 110, bold=True),
            line("Le Conseil municipal, à l'unanimité, fixe les tarifs ci-dessus.", 125),
        )
    ]
    (whole,) = split_sections(pages)
    assert whole.title == "Tarifs de la cantine scolaire"
    assert whole.start == (1, 40) and whole.end is None
    assert whole.vote == "unanimity" and whole.about_tariffs


def test_deliberation_numbers_split_even_without_minutes_title() -> None:
    pages = [
        page(
            line("DELIBERATION N° 2021-12 : Adhésion au CNAS", 40, bold=True),
            line("Le Conseil, à l'unanimité, approuve l'adhésion.", 60),
        ),
        page(
            line("DELIBERATION N° 2021-13 : Tarifs de la piscine", 40, bold=True),
            line("Par 10 voix pour et 3 voix contre, le Conseil fixe les tarifs.", 60),
            number=2,
        ),
    ]
    first, second = split_sections(pages)
    assert (first.number, first.title) == ("2021-12", "Adhésion au CNAS")
    assert not first.about_tariffs
    assert (second.number, second.vote, second.votes_for) == ("2021-13", "majority", 10)
    assert second.about_tariffs and first.end == second.start == (2, 40)


def test_agenda_list_is_not_a_heading_and_points_are() -> None:
    pages = [
        page(
            line("PROCES VERBAL DU CONSEIL MUNICIPAL", 30, size=14, bold=True),
            line("Ordre du jour :", 50),
            line("1) Tarifs de la salle des fêtes", 62),
            line("2) Questions diverses", 74),
            line("Point n° 1 - Tarifs de la salle des fêtes", 100, size=13, bold=True),
            line("Le Conseil municipal, à l'unanimité, adopte les tarifs suivants :", 120),
            line("1) Il propose 150 € pour les habitants de la commune", 135, bold=True),
            line("Point n° 2 - Divers", 160, size=13, bold=True),
            line("Le Maire informe le conseil du calendrier.", 180),
        )
    ]
    hall, other = split_sections(pages)
    assert (hall.number, hall.title) == ("1", "Tarifs de la salle des fêtes")
    assert hall.start == (1, 100) and hall.end == (1, 160)
    assert hall.about_tariffs and not other.about_tariffs


def test_register_numbers_and_closing_miscellany() -> None:
    pages = [
        page(
            line("Compte rendu de la séance du conseil municipal", 20, bold=True),
            line("2020-045 CANTINE- TARIFS", 60, bold=True),
            line("Le Conseil Municipal, par 13 voix POUR – 1 voix CONTRE, ACCEPTE.", 80),
            line("2020- 047 REDEVANCE POUR OCCUPATION DU DOMAINE PUBLIC", 100, bold=True),
            line("Le conseil municipal après en avoir délibéré, ACCEPTE.", 120),
            line("QUESTIONS DIVERSES", 140, bold=True),
            line("Le cabinet médical cherche un local.", 160),
        )
    ]
    canteen, fee = split_sections(pages)
    assert canteen.title == "CANTINE-TARIFS"
    assert fee.number == "2020-047"
    assert fee.end == (1, 140)
    assert "cabinet" not in fee.text


def test_heading_out_of_sequence_is_part_of_the_point() -> None:
    pages = [
        page(
            line("PROCES-VERBAL", 10, bold=True),
            line("3. Tarifs de l'école de musique", 30, bold=True),
            line("texte", 45),
            line("1. Cours individuels", 60, bold=True),  # a part of point 3, not a point
            line("4. Subventions aux associations", 80, bold=True),
            line("texte", 95),
        )
    ]
    assert [s.number for s in split_sections(pages)] == ["3", "4"]


def test_taking_note_and_deciding() -> None:
    note = [
        page(
            line("PROCES-VERBAL", 10, bold=True),
            line("1. Rapport du délégataire", 30, bold=True),
            line("Les tarifs du parking ont été révisés par le délégataire.", 45),
            line("Le Conseil prend acte de ce rapport annuel.", 60),
            line("2. Tarifs du parking", 80, bold=True),
            line("Le Conseil prend acte du rapport et, à l'unanimité, approuve les tarifs.", 95),
        )
    ]
    report, tariffs = split_sections(note)
    assert report.takes_note and not report.about_tariffs
    assert not tariffs.takes_note and tariffs.about_tariffs


def test_sitting_of_minutes_without_tariff_point_has_no_vote() -> None:
    pages = [
        page(
            line("PROCES-VERBAL", 10, bold=True),
            line("1. Adhésion au CNAS", 30, bold=True),
            line("Le Conseil, à l'unanimité, approuve.", 45),
            line("2. Subvention au club", 60, bold=True),
            line("Le Conseil, à l'unanimité, attribue 500 €.", 75),
        )
    ]
    text = "\n".join(page_text(lines) for _, lines in pages)
    sitting = parse_sitting(text)
    assert sitting.vote == "unanimity"
    assert sitting_for(split_sections(pages), sitting).vote is None


def test_vocabulary_is_a_setting() -> None:
    pages = [page(line("Objet : Barème des locations de matériel", 20, bold=True))]
    assert not split_sections(pages)[0].about_tariffs
    custom = Vocabulary(tariff_object=r"\bbareme\b")
    assert split_sections(pages, custom)[0].about_tariffs


def test_contains_is_half_open() -> None:
    section = split_sections(
        [
            page(
                line("PROCES-VERBAL", 10, bold=True),
                line("1. Premier point", 30, bold=True),
                line("2. Second point", 60, bold=True),
            )
        ]
    )[0]
    assert section.contains(1, 30) and section.contains(1, 59.9)
    assert not section.contains(1, 29.9) and not section.contains(1, 60)


def test_empty_document_has_no_section() -> None:
    assert split_sections([]) == []


def test_a_bold_band_of_a_table_is_no_title() -> None:
    """Montpellier's 2013 book, page 14 alone, scanned: no title above its table, whose
    bold band « Les autres marchés de la Ville (exonération en tantième…) » was taken for
    the deliberation's title; its « exonération » said the point was no tariff, and the
    whole table was set aside. A line inside a table is no title, nor a point's heading."""
    band = line("Les autres marchés de la Ville (exonération en tantième)", 120, bold=True)
    pages = [
        page(
            line("Redevance emplacement pour la durée du marché", 100),
            band,
            line("Emplacement journalier à la journée", 140),
        )
    ]
    table = (1, (40.0, 95.0, 560.0, 160.0))
    (alone,) = split_sections(pages, tables=[table])
    assert alone.title != band.text
    (taken,) = split_sections(pages)  # the same band, no table around it: a title
    assert taken.title == band.text
