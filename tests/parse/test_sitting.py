import datetime as dt
from functools import cache
from pathlib import Path

from pipeline.parse.layout import group_lines, page_text
from pipeline.parse.sitting import (
    attendance,
    effective_date_of,
    parse_date,
    parse_sitting,
    vote_of,
)
from pipeline.read.pdf import open_pdf, read_page

HEADER = """CENTRE DE GESTION DE LA FONCTION PUBLIQUE TERRITORIALE DU PAS-DE-CALAIS
TARIFS DES SERVICES NUMERIQUES
Le Conseil d'Administration s'est réuni le Mardi 3 Février 2026 à 14 heures, salle du
conseil à ARRAS, sous la présidence de Mme Claire DUPONT, Présidente.
Le secrétaire de séance désigné est M. Paul MARTIN, Maire de LENS.
Etaient présents : M. Jean DURAND, Maire de A – Mme Anne PETIT, Maire de B – M. Luc
ROUX, Adjoint au Maire de C.
Etaient absents ou excusés : M. Marc BLANC, Maire de D – Mme Léa NOIR, Maire de E.
Vu le Code général de la fonction publique ;
Vu la délibération n° 2021/49 du 23 Novembre 2021 ;
Vu la délibération 2025/31 du 10 Juillet 2025 ;
"""


def test_sitting_facts() -> None:
    text = HEADER + "A l'unanimité des membres présents,\nARRETE les tarifs.\n"
    sitting = parse_sitting(text)
    assert sitting.date == dt.date(2026, 2, 3)
    assert sitting.assembly == "Conseil d'Administration"
    assert sitting.president == "Claire DUPONT"
    assert sitting.secretary == "Paul MARTIN"
    assert sitting.present_count == 3
    assert sitting.absent_count == 2
    assert sitting.references == ["2021/49", "2025/31"]
    assert sitting.vote == "unanimity"
    assert sitting.authority == (
        "Centre de Gestion de la Fonction Publique Territoriale du Pas-de-Calais"
    )


def test_majority_vote_with_counts() -> None:
    text = HEADER + "Par 15 voix pour, 2 voix contre et 1 abstention,\nDECIDE\n"
    sitting = parse_sitting(text)
    assert sitting.vote == "majority"
    assert (sitting.votes_for, sitting.votes_against, sitting.abstentions) == (15, 2, 1)


def test_vote_that_did_not_adopt() -> None:
    text = HEADER + "Par 4 voix pour et 9 voix contre,\nREJETTE les tarifs proposés.\n"
    assert parse_sitting(text).vote == "rejected"


def test_effective_and_enforceable_dates() -> None:
    text = (
        HEADER
        + "A l'unanimité,\nARRETE les tarifs, applicables au 1er avril 2026 ;\n"
        + "Ainsi fait et délibéré en séance, À ARRAS, le 3 février 2026\n"
        + "Envoyé en préfecture le 05/02/2026\nReçu en préfecture le 06/02/2026\n"
        + "Publié le 10/02/2026\n"
    )
    sitting = parse_sitting(text)
    assert sitting.effective_date == dt.date(2026, 4, 1)
    assert sitting.enforceable_date == dt.date(2026, 2, 10)
    assert sitting.place == "ARRAS"


def test_a_compter_du() -> None:
    text = HEADER + "Les nouveaux tarifs s'appliquent à compter du 15 mai 2026.\n"
    assert parse_sitting(text).effective_date == dt.date(2026, 5, 15)


def test_no_date_stays_none() -> None:
    sitting = parse_sitting("Une note sans séance.\n")
    assert sitting.date is None
    assert sitting.vote is None
    assert sitting.references == []


def test_french_dates() -> None:
    assert parse_date("le 1er juillet 2026") == dt.date(2026, 7, 1)
    assert parse_date("Jeudi 10 Juillet 2025") == dt.date(2025, 7, 10)
    assert parse_date("10 août 2025") == dt.date(2025, 8, 10)
    assert parse_date("31/12/2025") == dt.date(2025, 12, 31)
    assert parse_date("31 février 2025") is None


def test_counts_given_as_numbers() -> None:
    text = (
        "Le Comité syndical s'est réuni le 5 mars 2026 à LILLE, sous la présidence de "
        "M. Paul ROBERT.\nNombre de membres présents : 21\nAbsents excusés : 4\n"
        "Vote : pour : 19, contre : 1, abstention : 1\n"
    )
    sitting = parse_sitting(text)
    assert sitting.assembly == "Comité syndical"
    assert (sitting.present_count, sitting.absent_count) == (21, 4)
    assert (sitting.votes_for, sitting.votes_against, sitting.abstentions) == (19, 1, 1)
    assert sitting.vote == "majority"


def test_unanimity_phrase_is_not_a_list_of_present_members() -> None:
    text = HEADER + "A l'unanimité des membres présents, ARRETE les tarifs.\n"
    assert parse_sitting(text).present_count == 3


# --- attendance as real deliberations and minutes write it -------------------------


def test_stated_count_wins_over_the_listed_names() -> None:
    text = (
        "Le Conseil municipal s'est réuni le 3 mars 2026.\nPrésents : 25\n"
        "Etaient présents : M. Jean DURAND, Mme Anne PETIT, M. Luc ROUX.\n"
    )
    assert parse_sitting(text).present_count == 25


def test_members_in_office_present_and_voters() -> None:
    text = (
        "Séance du 23 Juillet 2020\nPrésents :\nM .CHARRIER Jean-Paul Maire, M.THOREAU Gérard, "
        "Mme STAMFELJ Marie-José, et M. CRON Patrick.\n"
        "Nombre de Conseillers en exercice : 15- Présents 14 - Votants 14-Le quorum étant atteint\n"
    )
    seen = attendance(text)
    assert (seen.in_office, seen.present, seen.voters) == (15, 14, 14)
    assert seen.absent == 1  # in office but not present
    assert parse_sitting(text).date == dt.date(2020, 7, 23)


def test_civilities_without_space_are_counted() -> None:
    text = "Présents : M .CHARRIER Jean-Paul Maire, M.THOREAU Gérard, Mme STAMFELJ Marie-José.\n"
    assert attendance(text).present == 3


def test_absent_lists_excused_or_not_and_no_proxy() -> None:
    text = (
        "Présents :\nM. Yves BOEGLEN, Mme Marie STEMMELEN et M. Christian WERTHLE.\n"
        "Absents non excusés :\n"
        "Absents excusés et non représentés : M. Kévin KIEFFER, M. Gilles KIÉNÉ et Mme Elodie\n"
        "SOLDERMANN.\nOnt donné procuration : Néant.\nSecrétaire de séance : Mme Catherine X\n"
    )
    seen = attendance(text)
    assert (seen.present, seen.absent, seen.represented) == (3, 3, 0)


def test_names_without_civility_and_voting_by_proxy() -> None:
    text = (
        "Présents :\nn° 2013 / 616\nBENOUARGHA-JAFFIOL, Nicole BIGAS, Sophie BONIFACE-PASCAL,"
        "Christian BOUILLE, Alain ZYLBERMAN.\n"
        "Absents ayant voté par procuration en application de l'article L 2121-20 du Code\n"
        "Général des Collectivités Territoriales :\nStéphanie BLANPIED,Perla DANAN,Arnaud JULIEN.\n"
        "Absents :\nBrahim ABBOU,Laure FARGIER.\nTarifs 2014 pour la Ville de Montpellier\n"
        "Approbation\nMax LEVITA rapporte :\nCette délibération contient les tarifs.\n"
    )
    seen = attendance(text)
    assert (seen.present, seen.absent, seen.represented) == (5, 5, 3)


def test_names_separated_by_dashes() -> None:
    text = (
        "Etaient présents :\nChristine Aranéo - Marcel Augier - Jean-Jacques Banchet - Nabih "
        "Nejjar (arrivé en\ncours de séance) - Antoine\nVermorel-Marques.\n"
        "Etaient absents :\nCf page suivante.\n"
    )
    seen = attendance(text)
    assert seen.present == 5
    assert seen.absent is None  # a reference to a table, not a name


def test_stated_proxies() -> None:
    text = "Membres en exercice : 30 - Présents : 22 - Pouvoirs : 3 - Votants : 25\n"
    seen = attendance(text)
    assert (seen.in_office, seen.present, seen.represented, seen.voters) == (30, 22, 3, 25)
    assert parse_sitting(text).absent_count == 8


def test_register_header_with_stamp_over_the_date() -> None:
    text = (
        "Accusé de réception – Ministère de l’intérieur\n034-213401722-20121217-0000060216-DE\n"
        "Séance publique du 19/12/2012\nlundi 17 décembre\n2012\nContrôle de Gestion\n"
        "Extrait du registre des Convoqué le mardi 11 décembre 2012, le Conseil Municipal\n"
        "n° 2012 / 640\n"
    )
    sitting = parse_sitting(text)
    assert sitting.date == dt.date(2012, 12, 17)
    assert sitting.number == "2012/640"


def test_sitting_date_after_the_place() -> None:
    text = (
        "Convoqué le mardi 10 décembre 2013, le Conseil Municipal de la Ville de Montpellier\n"
        "s'est réuni en mairie, Salle du Conseil Municipal, le lundi 16 décembre 2013 à 16H00\n"
    )
    assert parse_sitting(text).date == dt.date(2013, 12, 16)


def test_sitting_date_is_read_in_the_head_of_minutes() -> None:
    text = (
        "PROCES VERBAL\nSEANCE DU 9 DECEMBRE 2025\n" + "Texte du point.\n" * 900 + ""
        "Le Conseil municipal s'est réuni le 3 mars 2026.\n"
    )
    assert parse_sitting(text).date == dt.date(2025, 12, 9)


def test_vote_of_wordings() -> None:
    assert vote_of("Par : DEUX voix POUR - ONZE voix CONTRE et 1 ABSTENTION") == (
        "rejected",
        2,
        11,
        1,
    )
    assert vote_of("Par 13 voix POUR – 1 ABSTENTION") == ("majority", 13, None, 1)
    assert vote_of("le procès - verbal est adopté à l’unanimité .") == (
        "unanimity",
        None,
        None,
        None,
    )
    assert vote_of("Le Conseil Municipal prend acte de ces virements.") == (None,) * 4


def test_effective_date_of_a_price_billed_from() -> None:
    text = "fixe comme suit le prix du m3 d’eau facturé aux abonnés à partir du 1er janvier 2026"
    assert effective_date_of(text) == dt.date(2026, 1, 1)


def test_president_and_secretary_as_minutes_write_them() -> None:
    text = (
        "Le Conseil Municipal s'est réuni le 9 décembre 2025, sous la présidence de Madame le "
        "Maire, Hélène Mandroux\nSecrétaire de séance : Madame Catherine FREYBURGER\n"
        "Compte-rendu affiché le : 18 décembre 2025\n"
    )
    sitting = parse_sitting(text)
    assert sitting.president == "Hélène Mandroux"
    assert sitting.secretary == "Catherine FREYBURGER"


# --- the real files -----------------------------------------------------------------

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


@cache
def real_text(name: str, last: int | None = None) -> str:
    """The running text of a real PDF's pages, as the parse stage builds it."""
    with open_pdf(REAL / f"{name}.pdf") as pdf:
        return "\n".join(
            page_text(group_lines(read_page(page, number).words))
            for number, page in enumerate(pdf.pages[:last], start=1)
        )


def test_montpellier_2014_sitting_date_from_seance_header() -> None:
    sitting = parse_sitting(real_text("montpellier_2013-12-16_tarifs2014", 2))
    assert sitting.date == dt.date(2013, 12, 16)
    assert sitting.number == "2013/616"


def test_montpellier_2013_stamp_is_not_the_sitting_date() -> None:
    sitting = parse_sitting(real_text("montpellier_2012-12-17_tarifs2013", 2))
    assert sitting.date == dt.date(2012, 12, 17)  # not the stamp's 19/12/2012
    parking = parse_sitting(real_text("montpellier_2013-07-22_parking_rapport", 2))
    assert parking.date == dt.date(2013, 7, 22)  # not the stamp's 26/07/2013


def test_montpellier_2014_attendance() -> None:
    sitting = parse_sitting(real_text("montpellier_2013-12-16_tarifs2014", 2))
    assert (sitting.absent_count, sitting.represented_count) == (9, 5)  # 5 by proxy, 4 not
    # 47 names are read today: the reader takes the list's first line (9 names, set
    # beside the larger "n° 2013 / 616") for superscripts; 65 members in all
    assert sitting.present_count in (47, 56)


def test_preuilly_minutes_head_attendance() -> None:
    sitting = parse_sitting(real_text("preuilly_2020-07-23_pv"))
    assert sitting.date == dt.date(2020, 7, 23)
    assert (sitting.present_count, sitting.absent_count) == (14, 1)


def test_friesen_minutes_head_attendance() -> None:
    sitting = parse_sitting(real_text("friesen_2025-12-09_pv"))
    assert sitting.date == dt.date(2025, 12, 9)
    assert (sitting.present_count, sitting.absent_count, sitting.represented_count) == (10, 3, 0)


def test_roannais_minutes_head_attendance() -> None:
    sitting = parse_sitting(real_text("roannais_2021-10-28_pv", 2))
    assert sitting.date == dt.date(2021, 10, 28)
    assert sitting.present_count == 65  # "Yves Nicolin Mahdi Nouibat" lacks its dash


def test_a_list_misread_by_ocr_is_still_counted() -> None:
    """Minutes printed and scanned at 150 dpi: a comma after a name read as a full stop
    (« HENNEBELLE. Conseillère ») ended the list there (6 present of 17), and « M. » read
    « M, » lost its member."""
    text = (
        "Etaient présents : Mme Isabelle LEROY, Maire de HESDIN - Mme Isabelle HENNEBFITE. "
        "Conseillère municipal de FRUGES — M, Frédéric CARON, Adjoint au Maire de LUMBRES - "
        "M. Olivier FOURNIER, Maire de LUMBRES.\n"
        "Etaient absents ou excusés : M. Marc BLANC, Maire de D.\n"
        "Vu le Code général de la fonction publique ;\n"
    )
    seen = attendance(text)
    assert (seen.present, seen.absent) == (4, 1)


def test_a_list_ended_by_a_sentence_stops_there() -> None:
    text = "Présents : M. Yves BOEGLEN, Mme Marie STEMMELEN. Le Conseil délibère. M. X parle.\n"
    assert attendance(text).present == 2


def test_unanimity_with_its_u_lost_by_ocr() -> None:
    for read in ("A l'nanimité des membres présents", "A l'nnanimité des PRE ER présents"):
        assert vote_of(read + ", ARRETE les tarifs.")[0] == "unanimity"
