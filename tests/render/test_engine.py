"""The fast renderer gives what plain docxtpl gives, part by part."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from pipeline.registry import Collectivity, CollectivityKind, TariffBasis, place
from pipeline.render.assemble import assemble
from pipeline.render.engine import FastTemplate, plain_render
from pipeline.render.sample import sample_collectivities, sample_version
from pipeline.render.typography import french
from tests.render.helpers import TEMPLATES, docx_text, version_2025

NAMES = ["convention_tripartite.docx", "annexe2_tarifs.docx"]


def canonical(package: bytes) -> dict[str, bytes]:
    """Each XML part in canonical form (namespace declarations, quoting normalised)."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                data = etree.tostring(etree.fromstring(data), method="c14n")
            parts[name] = data
    return parts


def contexts():
    version = sample_version()
    for item in sample_collectivities(version):
        placement = place(item, version.extraction.strata)
        yield assemble(placement, version).variables()


def commune(name: str) -> Collectivity:
    return Collectivity(
        code="62990",
        insee_code="62990",
        name=name,
        kind=CollectivityKind.COMMUNE,
        basis=TariffBasis.POPULATION,
        population_municipale=600,
        population_totale=612,
        origin="test",
    )


@pytest.mark.parametrize("name", NAMES)
def test_same_parts_as_plain_docxtpl(name):
    fast = FastTemplate(TEMPLATES / name)
    for context in contexts():
        mine = canonical(fast.render(context))
        theirs = canonical(plain_render(TEMPLATES / name, context))
        assert mine.keys() == theirs.keys()
        for part in mine:
            if part == "docProps/core.xml":
                continue  # python-docx stamps the save time there; we keep the template's
            assert mine[part] == theirs[part], part


def test_same_input_same_bytes():
    fast = FastTemplate(TEMPLATES / NAMES[1])
    context = next(contexts())
    assert fast.render(context) == fast.render(context)


def test_names_with_markup_characters_render_as_text(tmp_path):
    item = commune('Saint-<Truc> & "Machin"')
    version = version_2025()
    context = assemble(place(item, version.extraction.strata), version).variables()
    path = tmp_path / "annexe.docx"
    path.write_bytes(FastTemplate(TEMPLATES / NAMES[1]).render(context))
    text = docx_text(path)
    assert 'Saint-<Truc> & "Machin"' in text["header"]
    assert any('de Saint-<Truc> & "Machin"' in p for p in text["paragraphs"])


@pytest.mark.parametrize("render", ["fast", "plain"])
def test_values_are_data_never_template_code_nor_xml(tmp_path, render):
    version = version_2025()
    labels = ["Avec\x00NUL", "A < B > C & D", "{{ 7*7 }} {_{ x }_} {% if 1 %}", "</w:t><w:br/>"]
    services = [
        line.model_copy(update={"label": label})
        for line, label in zip(version.extraction.services, labels, strict=False)
    ]
    extraction = version.extraction.model_copy(
        update={"services": services + version.extraction.services[len(labels) :]}
    )
    version = version.model_copy(update={"extraction": extraction})
    item = commune("Commune {{ 7*7 }}")
    context = assemble(place(item, version.extraction.strata), version).variables()
    path = tmp_path / "annexe.docx"
    template = TEMPLATES / NAMES[1]
    data = (
        FastTemplate(template).render(context)
        if render == "fast"
        else plain_render(template, context)
    )
    path.write_bytes(data)
    text = docx_text(path)
    cells = [cell for table in text["tables"] for row in table for cell in row]
    for label in ["AvecNUL", *labels[1:]]:
        assert french(label) in cells, label
    assert "Commune {{ 7*7 }}" in text["header"]


def test_a_table_whose_columns_come_from_a_loop_gets_its_grid_fixed_as_docxtpl_does(tmp_path):
    """Tables keep their template's grid unless a column loop (``{%tc``) or a merge
    changes their cells: only then is the grid rebuilt, as plain docxtpl does."""
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=4)
    for row, (label, value) in enumerate((("Rubrique", "{{ c }}"), ("Tarif", "{{ c }} €"))):
        cells = (label, "{%tc for c in colonnes %}", value, "{%tc endfor %}")
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    path = tmp_path / "colonnes.docx"
    document.save(path)
    context = {"colonnes": ["A", "B", "C", "D"]}
    fast = FastTemplate(path)
    assert fast._columns_change
    mine = canonical(fast.render(context))["word/document.xml"]
    assert mine == canonical(plain_render(path, context))["word/document.xml"]
    assert mine.count(b"<w:gridCol") == 5  # one for the label, four from the loop
    assert not FastTemplate(TEMPLATES / NAMES[1])._columns_change
