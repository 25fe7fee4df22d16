"""A label word misread by OCR is taken back to the French word it stands for, and said."""

from decimal import Decimal

import pytest

from pipeline.models import Deliberation, Extraction, ServiceLine, Severity, Source, Tier
from pipeline.parse.spelling import Vocabulary, respelt, snap_ocr_words

BOX = (56.0, 305.0, 555.0, 317.0)


def line(label: str, group: str | None = "Messagerie", confidence: float | None = 91.0):
    return ServiceLine(
        category="Présence en ligne",
        group=group,
        label=label,
        amount=Decimal("17.40"),
        unit="Par compte et par an",
        page=2,
        bbox=BOX,
        amount_text="17,40 €",
        confidence=confidence,
    )


def make(*services: ServiceLine, strata: tuple[Tier, ...] = (), ocr: bool = True) -> Extraction:
    return Extraction(
        source=Source(file="scan.pdf", sha256="0" * 64, pages=3, ocr=ocr),
        deliberation=Deliberation(date=None),
        services=list(services),
        strata=list(strata),
    )


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary()


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # misreadings met in the printed and scanned annexes at 150 dpi
        ("Messaaerie compte 5 Go", "Messagerie compte 5 Go"),  # g read a
        ("Mise en sérvice niveau 3", "Mise en service niveau 3"),  # an accent added
        ("Unité de faciuration", "Unité de facturation"),  # t read i
        ("Iicences", "Licences"),  # l read I
        ("Sauveqarde 60 Go", "Sauvegarde 60 Go"),  # g read q
        ("Frais d'héberqement du site", "Frais d'hébergement du site"),  # after an elision
        ("_Sauvegarde 100 Go", "Sauvegarde 100 Go"),  # a speck before the first letter
        ("‘Abonnement niveau 1", "Abonnement niveau 1"),
        ("Gestionnaire de mots dé passe", "Gestionnaire de mots de passe"),  # a small word
        ("Pade internet", "Page internet"),  # g read d, its tail faint (the corpus scan)
        # a small word no French word written so, with an accent (Montpellier 2014, p. 12)
        ("Répétition et uné représentation", "Répétition et une représentation"),
        ("Location dü matériel", "Location du matériel"),
        ("Indemnisation des dommases", "Indemnisation des dommages"),  # g read s (p. 24)
    ],
)
def test_a_common_word_one_confusable_letter_from_a_known_word_is_that_word(
    vocabulary, read, meant
):
    written, changes = respelt(read, vocabulary)
    assert written == meant
    assert len(changes) == 1


@pytest.mark.parametrize(
    "read",
    [
        "Etablissement public",  # an accent left out by the document itself
        "Frais événementiels et évènementiels",  # both spellings are French
        "Location de la salle Pétrarque",  # a proper noun, capitalised within the label
        "Corum",  # not one confusable letter from a word
        "NAS 2 disques",  # an acronym
        "Pack M365",  # digits
        "Parapheur électronique",  # a word of the trade (known_words.txt)
        "Gratuités",  # the plural of a known word
        "Dévoiement des réseaux",  # a word of the deliberations (known_words.txt)
        "griffage",  # unknown, but i and e are not confused
        "Compto",  # two words one letter away: « compte », « compta »
        "Mise à jour du site",  # « à » is no slip of « a »
        "Enfant né en 2010",  # a small French word with its accent
        "Prés et bois",
        "(option) « Premium »",  # marks a label may begin with
    ],
)
def test_a_word_known_proper_or_not_near_a_single_word_is_left_as_read(vocabulary, read):
    assert respelt(read, vocabulary) == (read, [])


def test_the_words_of_approved_units_are_known_too():
    read = make(line("Recharge par bornc"))
    assert snap_ocr_words(read).services[0].label == "Recharge par borne"
    assert snap_ocr_words(read, known_words=["Par bornc et par an"]) == read


def test_ocr_labels_are_written_as_known_and_each_change_is_said_with_its_place():
    read = make(
        line("Messaaerie compte 5 Go", group="Messaaerie"),
        line("Messagerie compte 10 Go"),
    )
    snapped = snap_ocr_words(read)
    first, second = snapped.services
    assert (first.label, first.group) == ("Messagerie compte 5 Go", "Messagerie")
    assert second == read.services[1]
    [finding] = snapped.findings
    assert (finding.code, finding.severity) == ("ocr.word_near", Severity.WARNING)
    assert "« Messaaerie » écrit « Messagerie »" in finding.message
    assert "page 2" in finding.message
    assert finding.page == 2 and finding.bbox == BOX


def test_tier_labels_are_taken_back_too():
    tier = Tier(
        label="Moins de 500 hahitants",
        max_population=499,
        amount=Decimal("55"),
        unit="Par collectivité et par an",
        page=3,
        confidence=88.0,
    )
    snapped = snap_ocr_words(make(strata=(tier,)))
    assert snapped.strata[0].label == "Moins de 500 habitants"


@pytest.mark.parametrize(("ocr", "confidence"), [(False, None), (True, None)])
def test_a_label_of_the_text_layer_is_never_changed(ocr, confidence):
    read = make(line("Messaaerie compte 5 Go", confidence=confidence), ocr=ocr)
    assert snap_ocr_words(read) == read


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # a figure read for a capital of the same shape, printed and scanned at 150 dpi:
        # the sixteen lines of the group were written under « Téléphonie 1P »
        ("Téléphonie 1P", "Téléphonie IP"),
        ("Boîtier NA5 4 disques", "Boîtier NAS 4 disques"),
    ],
)
def test_an_acronym_read_with_a_figure_for_a_capital_is_the_trade_s_acronym(
    vocabulary, read, meant
):
    written, changes = respelt(read, vocabulary)
    assert written == meant
    assert len(changes) == 1


@pytest.mark.parametrize(
    "text", ["Niveau 1A", "Licence T2", "Option 10", "Forfait 2025", "Offre V2", "Téléphonie IP"]
)
def test_a_code_of_figures_and_capitals_no_acronym_explains_is_left_as_read(vocabulary, text):
    assert respelt(text, vocabulary) == (text, [])


def test_the_group_read_with_a_figure_for_a_capital_is_written_and_said():
    snapped = snap_ocr_words(make(line("Téléphonie option 1", group="Téléphonie 1P")))
    [found], [finding] = snapped.services, snapped.findings
    assert found.group == "Téléphonie IP"
    assert finding.code == "ocr.word_near" and finding.bbox == BOX
    assert "« 1P » écrit « IP »" in finding.message


def test_a_dot_glued_between_a_word_and_a_number_is_a_space_and_is_said():
    """A speck read as a dot in « Moins de.1 000 habitants » (coloured JPEG scan at
    150 dpi): the tier was not recognised, and its label kept the dot."""
    tier = Tier(
        label="Moins de.1 000 habitants",
        min_population=500,
        max_population=999,
        amount=Decimal("110"),
        unit="Par collectivité et par an",
        page=3,
        confidence=90.0,
    )
    snapped = snap_ocr_words(make(strata=(tier,)))
    assert snapped.strata[0].label == "Moins de 1 000 habitants"
    [finding] = snapped.findings
    assert "« de.1 » écrit « de 1 »" in finding.message
    assert respelt("Tarif 1.000 €, art. 2", Vocabulary([]))[1] == []


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Dimanches du Peyrou / CNS 100m?2", "Dimanches du Peyrou / CNS 100m²"),
        ("1 carreau (22.5m°?) du mois d'avril", "1 carreau (22.5m²) du mois d'avril"),
        (
            "Redevance emplacement abonné 22,5m? / avec véhicule",
            "Redevance emplacement abonné 22,5m² / avec véhicule",
        ),
        ("Terrasse ouverte m?", "Terrasse ouverte m²"),
        ("M? supplémentaire", "M² supplémentaire"),  # heading a label (2013 book, p. 20)
    ],
)
def test_a_square_metre_whose_raised_two_was_misread_is_written_m2_and_said(read, meant):
    """Montpellier's 2014 book scanned at 150 dpi: every « m² » of its market and terrace
    pages was read « m? », « m?2 » or « m°? », and no label of those pages matched."""
    written, changes = respelt(read, Vocabulary([]))
    assert written == meant
    assert [after.casefold() for _, after in changes] == ["m²"]


@pytest.mark.parametrize("text", ["Mémoire ?", "prim?", "90m2", "Salle n° 2", "Quoi ? 12m"])
def test_a_question_mark_that_is_no_square_metre_is_left_as_read(text):
    assert respelt(text, Vocabulary([]))[0] == text


@pytest.mark.parametrize(
    ("read", "meant"),
    [("Boîtier NAS 4disques", "Boîtier NAS 4 disques"), ("Location 3jours", "Location 3 jours")],
)
def test_a_number_glued_to_a_known_word_is_set_apart_and_said(read, meant):
    """A table in a 7 pt font, printed and scanned at 150 dpi: the narrow space of
    « NAS 4 disques » was lost, and the line bore a label the document does not have."""
    written, changes = respelt(read, Vocabulary([]))
    assert written == meant
    assert changes == [(read.split()[-1], " ".join(meant.split()[-2:]))]


def test_a_known_word_glued_to_the_number_after_it_is_set_apart_and_said():
    """Printed and scanned at 150 dpi, « Abonnement niveau 2 » was read « niveau2 »."""
    written, changes = respelt("Abonnement niveau2", Vocabulary([]))
    assert written == "Abonnement niveau 2"
    assert changes == [("niveau2", "niveau 2")]


@pytest.mark.parametrize("text", ["Office365", "fichier mp3", "Salle A12", "xyzwq2", "Niveau2"])
def test_a_name_or_a_code_ending_in_a_number_is_left_as_read(text):
    assert respelt(text, Vocabulary([]))[0] == text


@pytest.mark.parametrize("text", ["10Go de stockage", "offre 4G", "Salle 12bis", "2xyzwq"])
def test_a_unit_or_a_code_glued_to_its_number_is_left_as_read(text):
    assert respelt(text, Vocabulary([]))[0] == text


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Salle Jacques ler d'Aragon (Richter)", "Salle Jacques 1er d'Aragon (Richter)"),
        ("-le ler dimanche de chaque mois", "-le 1er dimanche de chaque mois"),
        ("Surface de pelouse : ler arrosage", "Surface de pelouse : 1er arrosage"),
        ("Tarif de la lère année", "Tarif de la 1ère année"),
    ],
)
def test_the_figure_of_a_first_read_as_a_letter_is_put_back_and_said(read, meant):
    """Montpellier's books scanned at 150 dpi: « 1er » read « ler » in « Jacques 1er
    d'Aragon », « 1er arrosage », « le 1er dimanche »."""
    written, changes = respelt(read, Vocabulary([]))
    assert written == meant
    assert len(changes) == 1 and changes[0][1].startswith("1")


@pytest.mark.parametrize("text", ["aller", "Flers-en-Escrebieux", "le 1er mai", "Ler"])
def test_words_holding_ler_are_left_as_read(text):
    assert respelt(text, Vocabulary([]))[0] == text
