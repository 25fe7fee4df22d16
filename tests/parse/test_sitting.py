import datetime as dt

from pipeline.parse.sitting import parse_date, parse_sitting

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
