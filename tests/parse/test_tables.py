"""Grids to service lines: a table's header repeated on the next page continues it."""

from dataclasses import replace

import pytest

from pipeline.parse.grid import Cell, Grid
from pipeline.parse.tables import read_tables
from pipeline.read.document import Word

COLUMNS = ((57.0, 260.0), (260.0, 380.0), (380.0, 538.0))
ROW = 15.0


def grid(page: int, rows: list[tuple[str, ...]], *, confidence: float | None) -> Grid:
    """A ruled grid of one line per row; a one-text row spans the table."""
    cells, boxes = [], []
    for index, texts in enumerate(rows):
        top = 72.0 + index * ROW
        box = (COLUMNS[0][0], top, COLUMNS[-1][1], top + ROW)
        if len(texts) == 1:
            span = Cell(box, _words(texts[0], box, confidence))
            cells.append([span] * len(COLUMNS))
        else:
            cells.append(
                [
                    Cell(cell_box, _words(text, cell_box, confidence))
                    for text, (x0, x1) in zip(texts, COLUMNS, strict=True)
                    for cell_box in [(x0, top, x1, top + ROW)]
                ]
            )
        boxes.append(box)
    return Grid(page, (57.0, 72.0, 538.0, 72.0 + len(rows) * ROW), cells, boxes)


def _words(text: str, box: tuple, confidence: float | None) -> list[Word]:
    words, x = [], box[0] + 3
    for part in text.split():
        width = 5.0 * len(part)
        words.append(Word(part, x, box[1] + 3, x + width, box[1] + 12, 9.0, confidence=confidence))
        x += width + 3
    return words


def pages(second_header: str, *, confidence: float | None) -> list[Grid]:
    first = grid(
        1,
        [
            ("Service", "Tarif service TTC", "Unité de facturation"),
            ("Outils collaboratifs",),
            ("Visioconférence",),
            ("Visioconférence option 1", "12,00 €", "Par utilisateur et par mois"),
        ],
        confidence=confidence,
    )
    second = grid(
        2,
        [
            ("Service", second_header, "Unité de facturation"),
            ("Visioconférence option 2", "18,00 €", "Par utilisateur et par mois"),
            ("Parapheur électronique",),
            ("Parapheur option 1", "22,20 €", "Par utilisateur et par mois"),
        ],
        confidence=confidence,
    )
    return [first, second]


@pytest.mark.parametrize("header", ["Tarif service TTC", "Tarif service TIC", "Tarif servicé TTC"])
def test_a_scanned_header_misread_on_the_next_page_still_continues_the_table(header):
    result = read_tables(pages(header, confidence=90.0), {}, {})
    assert result.tables == 1
    parapheur = result.services[-1]
    assert (parapheur.category, parapheur.group) == (
        "Outils collaboratifs",
        "Parapheur électronique",
    )


@pytest.mark.parametrize(
    ("header", "confidence"),
    [
        ("Tarif service TIC", None),  # typed: another header is another table
        ("Tarif 2027 TTC", 90.0),  # other figures: not the same header misread
        ("Prix forfaitaire", 90.0),
    ],
)
def test_another_header_starts_another_table(header, confidence):
    result = read_tables(pages(header, confidence=confidence), {}, {})
    assert result.tables == 2


def _merge_first_cells(g: Grid, row: int) -> None:
    """Row ``row`` of ``g`` with its first two cells read as one (the rule between them
    lost against a gray heading band)."""
    first, second, third = g.rows[row]
    x0, top, _, bottom = first.bbox
    merged = Cell((x0, top, second.bbox[2], bottom), first.words + second.words)
    g.rows[row] = [merged, merged, third]


def test_a_header_left_at_the_foot_of_a_page_with_two_cells_as_one_heads_the_next():
    """A tariff table printed by a laser, scanned at 150 dpi: its header and first
    category band stood alone at the foot of page 1, the rule between « Service » and
    « Tarif service TTC » lost against the band, so that the header was not read as
    one. Page 2 opened on the header again: « Présence en ligne » was lost, and its
    lines took « Messagerie » for their category."""
    first = grid(
        1,
        [("Service", "Tarif service TTC", "Unité de facturation"), ("Présence en ligne",)],
        confidence=90.0,
    )
    _merge_first_cells(first, 0)
    second = grid(
        2,
        [
            ("Service", "Tarif service TTC", "Unité de facturation"),
            ("Messagerie",),
            ("Boîte aux lettres 10 Go", "20,40 €", "Par compte et par an"),
        ],
        confidence=90.0,
    )
    [line] = read_tables([first, second], {}, {}).services
    assert (line.category, line.group) == ("Présence en ligne", "Messagerie")


def _centre(g: Grid, row: int) -> None:
    """Row ``row`` of ``g`` (one cell across the table) with its words centred."""
    cell = g.rows[row][0]
    left, right = min(w.x0 for w in cell.words), max(w.x1 for w in cell.words)
    shift = (cell.bbox[0] + cell.bbox[2]) / 2 - (left + right) / 2
    cell.words[:] = [replace(w, x0=w.x0 + shift, x1=w.x1 + shift) for w in cell.words]


def test_a_category_centred_over_the_table_is_told_from_a_group_when_bold_is_lost():
    """A table ruled across only, printed and scanned at 150 dpi: its categories centred
    over the table, its groups at the left of the label column, all read without bold
    and in sizes the OCR guesses. « Antivirus » was taken for a category, like the
    centred « Présence en ligne », and its line lost « Sécurité »."""
    g = grid(
        1,
        [
            ("Service", "Tarif service TTC", "Unité de facturation"),
            ("Présence en ligne",),
            ("Messagerie",),
            ("Boîte aux lettres 10 Go", "19,80 €", "Par compte et par an"),
            ("Sécurité",),
            ("Sauvegarde 100 Go",),
            ("Mise en service", "127,20 €", "Par compte"),
            ("Antivirus",),
            ("Licence", "20,40 €", "Par poste et par an"),
        ],
        confidence=90.0,
    )
    for row in (1, 4):
        _centre(g, row)
    for row, size in ((1, 8.4), (2, 6.6), (4, 10.2), (5, 6.6), (7, 8.4)):  # as the OCR guessed
        cell = g.rows[row][0]
        cell.words[:] = [replace(w, size=size) for w in cell.words]
    licence = read_tables([g], {}, {}).services[-1]
    assert (licence.category, licence.group) == ("Sécurité", "Antivirus")


def _matrix(headers: list[tuple[str, float]]) -> Grid:
    """A scanned matrix of three services by ``len(headers)`` periods, its period headers
    read with the confidences given, its other words well (92)."""
    width = 90.0
    xs = [57.0 + i * width for i in range(len(headers) + 1)]
    texts = [("Service", 92.0), *headers]
    rows = [[(text, confidence) for text, confidence in texts]]
    for service in ("Restauration scolaire", "Accueil périscolaire", "Études surveillées"):
        rows.append([(service, 92.0), *[(f"{i + 2},50 €", 92.0) for i in range(len(headers))]])
    cells, boxes = [], []
    for index, row in enumerate(rows):
        top = 72.0 + index * ROW
        cells.append(
            [
                Cell(box, _words(text, box, confidence))
                for (text, confidence), x0 in zip(row, xs, strict=False)
                for box in [(x0, top, x0 + width, top + ROW)]
            ]
        )
        boxes.append((xs[0], top, xs[-1], top + ROW))
    return Grid(1, (xs[0], 72.0, xs[-1], 72.0 + len(rows) * ROW), cells, boxes)


def test_a_scanned_matrix_whose_price_headers_are_mostly_noise_gives_no_line():
    """The phone photo of Crosne's grid (tests/corpus/real): 17 services by 11 tiers, the
    service headers set sideways and read as noise (« 80 ES 22% < S »). Once its cells
    were read well enough to pass the mean confidence, 56 lines came out whose
    conditions were that noise: the table is said unreadable instead."""
    noise = [("Journée", 88.0), ("Xq#l", 20.0), ("ES 22%", 31.0), ("ww Le", 12.0)]
    result = read_tables([_matrix(noise)], {}, {})
    assert result.services == []
    assert [f.code for f in result.findings] == ["ocr.table_unreadable"]
    assert "3 colonnes de prix sur 4" in result.findings[0].message


def test_a_scanned_matrix_with_one_price_header_misread_is_read_and_the_header_flagged():
    headers = [("Journée", 88.0), ("Matin", 90.0), ("Soiir", 31.0), ("Mensuel", 91.0)]
    result = read_tables([_matrix(headers)], {}, {})
    assert len(result.services) == 12
    assert [f.code for f in result.findings] == ["ocr.header_doubtful"]


def test_a_scanned_heading_ending_on_other_words_starts_another_table():
    """Montpellier's 2013 book, page 23, scanned: the header « Indemnisation des
    dommages causés aux arbres | Unité | Tarifs 2013 » under the table headed « … aux
    espaces verts » is 86 % alike to it (85 was enough): taken for that header repeated,
    it was skipped, and the lines under it kept the group of the green spaces."""
    rows = [
        ("Indemnisation des dommavses causés aux espaces verts", "Unité", "Tarifs 2013"),
        ("Surface de pelouse : arrosage", "m²", "0,70 €"),
        ("Indemnisation des dommases causés aux arbres", "Unité", "Tarifs 2013"),
        ("Surface d'arbustes : apport de terre", "m²", "17,60 €"),
    ]
    result = read_tables([grid(1, rows, confidence=90.0)], {}, {})
    assert result.tables == 2
    assert [s.group for s in result.services] == [
        "Indemnisation des dommavses causés aux espaces verts",
        "Indemnisation des dommases causés aux arbres",
    ]
