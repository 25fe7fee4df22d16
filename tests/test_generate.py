"""Per-collectivité generation, read back from the DOCX files themselves."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from pipeline.corrections import TIER, Edit, effective, prepare
from pipeline.generate import (
    DOCUMENTS,
    GENERATED,
    NO_TIER,
    UNCHANGED,
    Generation,
    read_manifest,
    slug,
)
from pipeline.models import TariffVersion
from pipeline.registry import Collectivity, CollectivityKind, load_registry
from pipeline.registry.models import DEFAULT_BASIS
from pipeline.render.check import check_templates
from tests.conftest import require_tool
from tests.render.helpers import TEMPLATES, docx_text, version_2025, version_2026


def loaded_templates():
    loaded = {t.path.name: t for t in check_templates(TEMPLATES)}
    return {kind: loaded[name] for kind, (name, _) in DOCUMENTS.items()}


def ccas() -> Collectivity:
    return Collectivity(
        code="266200013",
        siren="266200013",
        name="CCAS d'Exemple & Cie",
        kind=CollectivityKind.CCAS,
        basis=DEFAULT_BASIS[CollectivityKind.CCAS],
        origin="test",
    )


def commune_3500() -> Collectivity:
    return (
        load_registry()
        .find("62002")
        .model_copy(update={"population_municipale": 3500, "name": "Trois-Mille-Cinq-Cents"})
    )


def run(tmp_path, items, version=None, **kwargs):
    generation = Generation(
        version or version_2025(), items, loaded_templates(), tmp_path, **kwargs
    )
    outcomes = list(generation)
    return generation, outcomes


def test_1994_inhabitants_get_the_15_lines_and_a_200_euro_fee(tmp_path):
    commune = load_registry().find("62001")
    _, (outcome,) = run(tmp_path, [commune])
    assert outcome.status == GENERATED
    assert outcome.folder.name == "62001-ablain-saint-nazaire"
    annex = docx_text(outcome.files["annexe"])
    services, strata = annex["tables"]
    priced = [row for row in services[1:] if len(set(row)) == 3]
    assert len(priced) == 15
    assert ["Messagerie compte 5 Go", "16,80\u00a0€ TTC", "Par compte et par an"] in priced
    assert ["Page internet", "14,00\u00a0€ TTC", "Par compte et par an"] in priced
    assert any(row[:2] == ["Go de stockage Supplémentaire", "12,00\u00a0€ TTC"] for row in priced)
    assert ["Licence", "42,05\u00a0€ TTC", "Par poste et par an"] in priced
    assert any(r[0] == "Sécurité" for r in services)  # category heading rows
    mine = [row for row in strata if row[-1] == "strate applicable"]
    assert mine == [
        [
            "Moins de 2 000 habitants",
            "200\u00a0€",
            "Par collectivité et par an",
            "strate applicable",
        ]
    ]
    sentence = next(p for p in annex["paragraphs"] if "qui compte" in p)
    for words in (
        "La commune d'Ablain-Saint-Nazaire",
        "1\u202f994 habitants",
        "population municipale",
        "INSEE",
        "2023",
        "« Moins de 2 000 habitants »",
        "200\u00a0€ (deux cents euros)",
    ):
        assert words in sentence
    assert "Ablain-Saint-Nazaire" in annex["header"]

    convention = docx_text(outcome.files["convention"])
    text = "\n".join(convention["paragraphs"])
    assert "200\u00a0€ (deux cents euros)" in text
    assert "tribunal administratif de Lille" in text
    assert "annexe 2" in text and "sans qu'un avenant" in text
    assert "PAGE" in convention["document"].sections[0].footer._element.xml


def _article_2_services(convention) -> list[str]:
    """The bullets of article 2, as a reader of the DOCX sees them."""
    paragraphs = convention["document"].paragraphs
    return [p.text for p in paragraphs if p.style.name == "List Bullet"]


def test_article_2_lists_the_services_of_the_tariffs_in_force(tmp_path):
    commune = load_registry().find("62001")
    _, (old,) = run(tmp_path / "2025", [commune], version_2025())
    _, (new,) = run(tmp_path / "2026", [commune], version_2026())
    before = _article_2_services(docx_text(old.files["convention"]))
    after = _article_2_services(docx_text(new.files["convention"]))

    assert before == [
        "Présence en ligne : Messagerie, Nom de domaine, Page internet ;",
        "Sécurité : Sauvegarde 60 Go + Partage de fichiers 5 Go, Antivirus, "
        "Gestionnaire de mots de passe, Pack antivirus + gestionnaire de mots de passe.",
    ]
    assert not any("Page internet" in text for text in after)
    assert after[0] == "Présence en ligne : Messagerie, Nom de domaine ;"
    assert after[-1] == "Dématérialisation : Certificat électronique RGS**."
    assert "Page internet" not in "\n".join(docx_text(new.files["convention"])["paragraphs"])


def test_every_heading_keeps_its_first_paragraph_with_it(tmp_path):
    """LibreOffice drops keep-with-next when the next paragraph moves through widow
    control; the paragraph under each heading is kept whole without it instead."""
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")])
    paragraphs = docx_text(outcome.files["convention"])["document"].paragraphs
    headings = [i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading")]
    assert len(headings) == 11  # two sections and nine articles
    for index in headings:
        assert paragraphs[index].style.paragraph_format.keep_with_next
        first = paragraphs[index + 1].paragraph_format
        assert first.keep_together is True and first.widow_control is False


def test_highlighted_tier_is_shaded(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")])
    table = docx_text(outcome.files["annexe"])["document"].tables[1]
    fills = {row.cells[0].text: row.cells[0]._tc.xml.count('w:fill="FFE699"') for row in table.rows}
    assert fills["Moins de 2 000 habitants"] == 1
    assert fills["Moins de 500 habitants"] == 0


def test_public_establishment_is_on_quote(tmp_path):
    _, (outcome,) = run(tmp_path, [ccas()])
    annex = docx_text(outcome.files["annexe"])
    sentence = next(p for p in annex["paragraphs"] if "relève de la strate" in p)
    assert "« Établissement public »" in sentence and "fixée sur devis" in sentence
    assert "CCAS d'Exemple & Cie" in sentence
    text = "\n".join(docx_text(outcome.files["convention"])["paragraphs"])
    assert "fixée sur devis" in text


def test_exactly_3500_is_reported_and_gets_nothing(tmp_path):
    generation, (outcome,) = run(tmp_path, [commune_3500()])
    assert outcome.status == NO_TIER and not outcome.files
    assert not list(tmp_path.glob("*/*/*.docx"))
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "Trois-Mille-Cinq-Cents" in report and "aucune strate" in report
    assert read_manifest(generation.manifest_path)["62002"]["statut"] == NO_TIER


def test_manifest_and_boundary_report(tmp_path):
    generation, _ = run(tmp_path, [load_registry().find("62001"), ccas()])
    rows = read_manifest(generation.manifest_path)
    row = rows["62001"]
    assert row["population"] == "1994" and row["participation"] == "200.00"
    assert row["strate"] == "Moins de 2 000 habitants"
    assert row["version_tarifaire"] == "2025-07-10-v1" and row["deliberation"] == "2025-07-10"
    assert len(row["convention_sha256"]) == 64 and len(row["annexe_modele_sha256"]) == 64
    assert rows["266200013"]["participation"] == "sur devis"
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "62001 Ablain-Saint-Nazaire" in report and "borne 2\u202f000" in report


def test_second_run_rewrites_nothing_and_one_changed_row_regenerates_one(tmp_path):
    registry = load_registry()
    items = [registry.find("62001"), registry.find("62002")]
    generation, _ = run(tmp_path, items)
    files = sorted(p for p in generation.folder.rglob("*") if p.is_file())
    past = 1_000_000_000
    for path in files:
        os.utime(path, (past, past))

    _, outcomes = run(tmp_path, items)
    assert [o.status for o in outcomes] == [UNCHANGED, UNCHANGED]
    assert all(p.stat().st_mtime == past for p in files)

    items[1] = items[1].model_copy(update={"representative_name": "Jeanne Exemple"})
    _, outcomes = run(tmp_path, items)
    assert [o.status for o in outcomes] == [UNCHANGED, GENERATED]
    assert "Jeanne Exemple" in "\n".join(docx_text(outcomes[1].files["convention"])["paragraphs"])


def test_new_tariffs_regenerate_everything(tmp_path):
    items = [load_registry().find("62001")]
    first, _ = run(tmp_path, items)
    newer = version_2025(version_id=2).model_copy(update={"effective_date": dt.date(2026, 1, 1)})
    second, outcomes = run(tmp_path, items, version=newer)
    assert second.folder != first.folder and outcomes[0].status == GENERATED


def corrected_2025() -> TariffVersion:
    """The 2025 version with the fee of its 1 500–1 999 tier corrected before approval."""
    read = version_2025()
    made = prepare(
        read.extraction,
        [],
        [Edit.set(TIER, "price", "210.00", 4)],
        by="Marie Dupont",
        reason="montant mal lu",
        at="2025-07-11T08:00:00+00:00",
    )
    return read.model_copy(
        update={"extraction": effective(read.extraction, made).extraction, "corrections": made}
    )


def test_a_corrected_value_is_in_the_documents_and_the_report_lists_it(tmp_path):
    commune = load_registry().find("62001")  # 1 994 inhabitants: the corrected tier
    run(tmp_path, [commune])
    generation, (outcome,) = run(tmp_path, [commune], version=corrected_2025())
    assert outcome.status == GENERATED  # same folder, but the fee changed
    annex = docx_text(outcome.files["annexe"])
    assert any("210\u00a0€" in cell for row in annex["tables"][1] for cell in row)
    assert read_manifest(generation.manifest_path)["62001"]["participation"] == "210.00"
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "Valeurs corrigées avant l'approbation" in report
    assert "strate 4, tarif : 200,00\u00a0€ → 210,00\u00a0€ (Marie Dupont" in report


def test_slug():
    assert slug("Acquin-Westbécourt") == "acquin-westbecourt"
    assert slug("Œuf-en-Ternois") == "oeuf-en-ternois"
    assert slug("CU d'Arras") == "cu-d-arras"
    assert slug("../..") == "sans-nom"


@pytest.mark.libreoffice
def test_every_generated_docx_converts_to_pdf(tmp_path):
    require_tool("libreoffice")
    _, outcomes = run(tmp_path, [load_registry().find("62001"), ccas()], pdf=True)
    for outcome in outcomes:
        for kind in ("convention_pdf", "annexe_pdf"):
            pdf = outcome.files[kind]
            assert pdf.read_bytes().startswith(b"%PDF")
            assert len(outcome.hashes[kind]) == 64
