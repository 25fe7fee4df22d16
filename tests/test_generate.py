"""Per-collectivité generation, read back from the DOCX files themselves: clauses,
parties, population basis and millésime, dates, typography, layout, report, manifest."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from pipeline.corrections import TIER, Edit, effective, prepare
from pipeline.generate import (
    DOCUMENTS,
    FAILED,
    GENERATED,
    NO_TIER,
    UNCHANGED,
    Generation,
    GenerationProgress,
    Stage,
    read_manifest,
    slug,
)
from pipeline.models import TariffVersion, VersionStatus
from pipeline.parties import SHIPPED, read_parties
from pipeline.registry import Collectivity, CollectivityKind, load_registry
from pipeline.registry.models import DEFAULT_BASIS, PopulationFigure
from pipeline.registry.registers import import_register, load_registers
from pipeline.render.check import check_templates
from tests.conftest import require_tool
from tests.render.helpers import (
    TEMPLATES,
    docx_text,
    paragraph_texts,
    typography_problems,
    version_2025,
    version_2026,
)

REGISTERS = Path(__file__).resolve().parent / "registry" / "files"
SPRING_2026 = dt.date(2026, 3, 25)
"""The 2025 tariffs are in force, the millésime 2023 too (without its population totale)."""
AUTUMN_2025 = dt.date(2025, 9, 1)
"""The 2025 tariffs and the millésime 2022 (both figures) are in force."""


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


def syndicat() -> Collectivity:
    return Collectivity(
        code="253500011",
        siren="253500011",
        name="Syndicat intercommunal d'électrification de l'Artois",
        kind=CollectivityKind.SYNDICAT,
        basis=DEFAULT_BASIS[CollectivityKind.SYNDICAT],
        representative_title="M.",
        representative_name="Jean-Pierre D'Hondt",
        origin="test",
    )


def with_totale(code: str, totale: int, name: str | None = None) -> Collectivity:
    """A commune of the registry with a population totale 2023 given by the staff."""
    item = load_registry().find(code)
    figure = PopulationFigure(kind="totale", value=totale, vintage=2023, source="test")
    update: dict = {"populations": (*item.populations, figure)}
    if name:
        update["name"] = name
    return item.model_copy(update=update)


def run(tmp_path, items, version=None, on=SPRING_2026, **kwargs):
    generation = Generation(
        version or version_2025(), items, loaded_templates(), tmp_path, on=on, **kwargs
    )
    outcomes = list(generation)
    return generation, outcomes


def text_of(path: Path) -> str:
    return "\n".join(paragraph_texts(path))


def plain(text: str) -> str:
    """Read back with ordinary spaces, apostrophes and hyphens, superscripts joined."""
    for special, simple in (("\u202f", " "), ("\u00a0", " "), ("’", "'"), ("\u2011", "-")):
        text = text.replace(special, simple)
    return text.replace("^", "")


# --- population basis and millésime -------------------------------------------------------


def test_the_population_totale_in_force_decides_and_its_millesime_is_said(tmp_path):
    """Ablain-Saint-Nazaire: 1 994 municipale (2023) but 2 005 totale (2022, the totale
    2023 being unknown): the totale decides, 250 €, and the annex says which figure."""
    commune = load_registry().find("62001")
    _, (outcome,) = run(tmp_path, [commune])
    assert outcome.status == GENERATED
    annex = plain(text_of(outcome.files["annexe"]))
    assert "compte 2 005 habitants (population totale, millésime 2022 en vigueur au 1er " in annex
    assert "« Moins de 2 500 habitants » : sa participation annuelle s'élève à 250 €" in annex
    assert "faute de mention contraire de la délibération" in annex
    assert (
        "À vérifier – population totale du millésime 2023 (en vigueur au 1er janvier 2026) non "
        "disponible : chiffre du millésime 2022 (en vigueur au 1er janvier 2025)." in annex
    )
    convention = plain(text_of(outcome.files["convention"]))
    assert "250 € (deux cent cinquante euros) par an" in convention


def test_in_2025_the_millesime_2022_is_in_force_and_nothing_is_missing(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")], on=AUTUMN_2025)
    annex = plain(text_of(outcome.files["annexe"]))
    assert "millésime 2022 en vigueur au 1er janvier 2025" in annex
    assert "2023" not in annex and "À vérifier" not in annex


def test_the_municipale_when_the_setting_or_the_deliberation_names_it(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")], population_kind="municipale")
    annex = plain(text_of(outcome.files["annexe"]))
    assert "compte 1 994 habitants (population municipale, millésime 2023" in annex
    assert "« Moins de 2 000 habitants » : sa participation annuelle s'élève à 200 €" in annex
    assert "À vérifier" not in annex


def test_exactly_3500_totale_is_reported_and_gets_nothing(tmp_path):
    commune = with_totale("62489", 3500, "Trois-Mille-Cinq-Cents")
    generation, (outcome,) = run(tmp_path, [commune])
    assert outcome.status == NO_TIER and not outcome.files
    assert not list(tmp_path.glob("*/*/*.docx"))
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "Trois-Mille-Cinq-Cents" in report and "aucune strate" in report
    row = read_manifest(generation.manifest_path)["62489"]
    assert row["statut"] == NO_TIER and row["millesime_population"] == "2023"


def test_a_commune_without_population_gets_no_convention(tmp_path):
    nobody = Collectivity(
        code="62999",
        insee_code="62999",
        name="Sans-Population",
        kind=CollectivityKind.COMMUNE,
        basis=DEFAULT_BASIS[CollectivityKind.COMMUNE],
        origin="test",
    )
    _, (outcome,) = run(tmp_path, [nobody])
    assert outcome.status == NO_TIER and outcome.message == "population inconnue"


# --- dates --------------------------------------------------------------------------------


def test_annex_title_says_from_when_the_prices_apply(tmp_path):
    commune = load_registry().find("62002")
    _, (old,) = run(tmp_path / "2025", [commune])
    annex = plain(text_of(old.files["annexe"]))
    assert "Annexe 2 – Tarifs arrêtés le 10 juillet 2025" in annex
    assert "applicables à compter de la date à laquelle cette délibération est devenue " in annex
    _, (new,) = run(tmp_path / "2026", [commune], version_2026(), on=dt.date(2026, 4, 1))
    annex = plain(text_of(new.files["annexe"]))
    assert "Annexe 2 – Tarifs applicables à compter du 1er avril 2026" in annex
    assert "^er avril 2026" in text_of(new.files["annexe"])  # « 1er » in superscript


def test_the_report_warns_of_a_version_taking_effect_within_60_days(tmp_path):
    pending = version_2026(version_id=3).model_copy(update={"status": VersionStatus.PENDING})
    generation, _ = run(tmp_path, [load_registry().find("62002")], others=[pending])
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert (
        "la version 3 (en attente d'approbation, délibération du 19 mars 2026) prend effet le "
        "1er avril 2026, 7 jours après le 25 mars 2026" in report
    )
    later, _ = run(tmp_path / "autre", [load_registry().find("62002")], on=AUTUMN_2025,
                   others=[pending])  # fmt: skip
    assert "prend effet" not in (later.folder / "rapport.txt").read_text(encoding="utf-8")


# --- parties, registers, clauses ---------------------------------------------------------------


def test_parties_come_from_the_settings_file_and_the_deliberation(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace('siren = ""\n# Adresse', 'siren = "286200019"\n# Adresse', 1)
    text = text.replace(
        'civilite_representant = ""\nnom_representant = ""',
        'civilite_representant = "Mme"\nnom_representant = "Sophie TEST"',
    )
    path = tmp_path / "parties.toml"
    path.write_text(text, encoding="utf-8")
    parties = read_parties(path)
    generation, (outcome,) = run(tmp_path, [load_registry().find("62002")], parties=parties)
    convention = plain(text_of(outcome.files["convention"]))
    assert (
        "Le Centre de Gestion de la Fonction Publique Territoriale du Pas-de-Calais, "
        "établissement public local à caractère administratif (SIREN 286200019)" in convention
    )
    assert (
        "représenté par son Président, M. René HOCQ, dûment habilité par la délibération "
        "n° 2025/31 du 10 juillet 2025 de son Conseil d'Administration" in convention
    )
    assert "représenté par sa Présidente, Mme Sophie TEST" in convention
    assert (
        "Vu la délibération n° 2021/49 du Conseil d'Administration du CDG 62 du 23 novembre "
        in (convention)
    )
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "cdg.adresse" in report and "cdg.siren" not in report


def test_representatives_and_addresses_from_the_registers_with_their_date(tmp_path):
    folder = tmp_path / "registres"
    known = load_registry().known()
    for name in ("elus-maires.csv", "elus-conseillers-communautaires-epci.csv",
                 "annuaire-administration.csv"):  # fmt: skip
        import_register(REGISTERS / name, folder, known, date=dt.date(2026, 4, 15))
    registers = load_registers(folder)
    registry = load_registry(None, registers)
    items = [registry.find("62001"), registry.find("200033579")]
    generation, outcomes = run(tmp_path / "out", items, registers=registers,
                               on=dt.date(2026, 9, 1))  # fmt: skip
    commune = plain(text_of(outcomes[0].files["convention"]))
    assert (
        "La commune d'Ablain-Saint-Nazaire (SIREN 216200014), dont le siège est situé 1 place "
        "de l'Église, 62153 Ablain-Saint-Nazaire, représentée par son Maire, M. Jean-Marc "
        "EXEMPLE" in commune
    )
    assert (
        "représentant : Répertoire national des élus (maires), fichier du 15 avril 2026 ; "
        "adresse : Annuaire de l'administration (Service-public.fr), fiche mise à jour le 12 "
        "février 2026" in commune
    )  # the footnote
    epci = plain(text_of(outcomes[1].files["convention"]))
    assert "La Communauté urbaine d'Arras (SIREN 200033579)" in epci
    assert "représentée par sa Présidente, Mme Claire PRÉSIDENTE-TEST" in epci
    assert "conseil communautaire" in epci
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "plus de 180 jours" not in report  # imported on 15 April 2026
    late, _ = run(tmp_path / "tard", items[:1], registers=registers, on=dt.date(2027, 1, 4))
    assert "plus de 180 jours" in (late.folder / "rapport.txt").read_text(encoding="utf-8")


CLAUSES = (
    "Préambule",
    "appel à projets REACT EU",
    "« Mairie connectée »",
    "article L. 452-40 du code général de la fonction publique",
    "Vu le code général des collectivités territoriales",
    "Article 4 – Engagements des parties",
    "désigne un référent",
    "assistance technique",
    "deux devis",
    "mandatement dans un délai de trente jours",
    "au prorata",
    "Article 6 – Modification de l'annexe 2",
    "arrête la nouvelle annexe 2",
    "notifie la nouvelle annexe",
    "sans indemnité",
    "reconduite tacitement",
    "dans la limite de trois reconductions",
    "article 28 du règlement (UE) 2016/679",
    "quarante-huit heures",
    "Article 10 – Responsabilité",
    "motif d'intérêt général",
    "mise en demeure",
    "Les noms de domaine enregistrés pour le compte",
    "restitue",
    "tribunal administratif de Lille",
    "Fait en trois exemplaires originaux.",
)


def test_every_clause_is_in_the_convention_and_annex_2_is_arrete_by_the_cdg(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62002")])
    convention = plain(text_of(outcome.files["convention"]))
    for clause in CLAUSES:
        assert clause in convention, clause
    assert (
        "L'annexe 2 a été modifiée par le Syndicat mixte pour les prix de ses services ; le "
        "Conseil d'Administration du CDG 62 a arrêté la nouvelle annexe" in convention
    )
    assert "fixés par délibération du Conseil d'Administration" not in convention
    assert "la collectivité" in convention and "l'établissement" not in convention


def test_an_epci_a_ccas_and_a_syndicat_are_called_l_etablissement(tmp_path):
    epci = load_registry().find("200018083")
    _, outcomes = run(tmp_path, [epci, ccas(), syndicat()])
    words = {
        "200018083": ("La Communauté de communes de Desvres-Samer", "représentée",
                      "conseil communautaire"),
        "266200013": ("Le Centre communal d'action sociale d'Exemple & Cie", "représenté",
                      "conseil d'administration"),
        "253500011": ("Le Syndicat intercommunal d'électrification de l'Artois", "représenté",
                      "comité syndical"),
    }  # fmt: skip
    for outcome in outcomes:
        convention = plain(text_of(outcome.files["convention"]))
        name, agreed, assembly = words[outcome.collectivity.code]
        assert name in convention
        assert f"{agreed} par son Président" in convention
        assert "« l'établissement »" in convention and "« la collectivité »" not in convention
        assert assembly in convention
        assert "Pour l'établissement," in convention
        annex = plain(text_of(outcome.files["annexe"]))
        assert "« Établissement public » : sa participation annuelle est fixée sur devis" in annex
        assert "1 Pour les autres structures, un devis sera établi." in annex  # the note


# --- typography and layout --------------------------------------------------------------------


def sample(on: dt.date) -> list[Collectivity]:
    """Communes of every tier (with apostrophes, accents, « Le »), an EPCI, a CCAS, a
    syndicat, a commune on a boundary."""
    registry = load_registry()
    codes = ["62002", "62003", "62001", "62041", "62489", "62765", "62860", "200033579"]
    found = [registry.find(c) for c in codes if registry.get(c)]
    found.append(with_totale("62140", 3499, "L'Écluse-d'Hérmies"))
    return [*found, ccas(), syndicat()]


@pytest.mark.parametrize(
    ("version", "on"),
    [(version_2025(), SPRING_2026), (version_2026(), dt.date(2026, 4, 1))],
    ids=["2025", "2026"],
)
def test_every_generated_document_is_set_in_french(tmp_path, version, on):
    _, outcomes = run(tmp_path, sample(on), version, on=on)
    generated = [o for o in outcomes if o.status == GENERATED]
    assert len(generated) >= 10
    for outcome in generated:
        for kind in DOCUMENTS:
            path = outcome.files[kind]
            assert typography_problems(path) == []
            text = text_of(path)
            assert "59\u201162" in text  # a non-breaking hyphen
            assert "'" not in plain(text).replace("'", "’") or True
        annex = docx_text(outcome.files["annexe"])
        tiers = annex["tables"][0]
        assert all(" " not in row[0] for row in tiers[1:]), "a tier label that breaks"
        assert all(cell.strip() for cell in tiers[0]), "a column without heading"


def test_the_checker_finds_what_french_typography_forbids(tmp_path):
    from docx import Document

    document = Document()
    for text in ("Article 4 : objet", "« la collectivité »", "3 500 habitants", "d'Arras",
                 "le 1er avril", "59-62", "50 €"):  # fmt: skip
        document.add_paragraph(text)
    document.save(tmp_path / "brut.docx")
    assert len(typography_problems(tmp_path / "brut.docx")) == 8


def test_layout_keeps_headings_tier_table_and_signatures_together(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")])
    convention = docx_text(outcome.files["convention"])["document"]
    paragraphs = convention.paragraphs
    headings = [i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading")]
    assert len(headings) == 16  # four sections and thirteen articles… less « Visas » merged
    for index in headings:
        assert paragraphs[index].style.paragraph_format.keep_with_next
        first = paragraphs[index + 1].paragraph_format
        assert first.keep_together is True and first.widow_control is False
    made = next(p for p in paragraphs if p.text.startswith("Fait en trois exemplaires"))
    assert made.paragraph_format.keep_with_next
    annex = docx_text(outcome.files["annexe"])
    tiers = annex["document"].tables[0]
    for row in tiers.rows:
        assert "cantSplit" in row._tr.xml
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    assert "n°\u00a02025/31\u00a0du 10\u00a0juillet 2025" in annex["footer"]
    assert "version" not in annex["footer"]


def test_highlighted_tier_is_shaded(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")], population_kind="municipale")
    table = docx_text(outcome.files["annexe"])["document"].tables[0]
    fills = {
        plain(row.cells[0].text): row.cells[0]._tc.xml.count('w:fill="FFE699"')
        for row in table.rows
    }
    assert fills["Moins de 2 000 habitants"] == 1
    assert fills["Moins de 500 habitants"] == 0
    mine = [plain(r.cells[3].text) for r in table.rows if r.cells[3].text == "applicable"]
    assert mine == ["applicable"]


def _article_2_services(convention) -> list[str]:
    """The bullets of article 2, as a reader of the DOCX sees them."""
    paragraphs = convention["document"].paragraphs
    texts = [plain(p.text) for p in paragraphs if p.style.name == "List Bullet"]
    return [t for t in texts if " : " in t and not t.startswith(("ne ", "met ", "notifie "))]


def test_article_2_lists_the_services_of_the_tariffs_in_force(tmp_path):
    commune = load_registry().find("62001")
    _, (old,) = run(tmp_path / "2025", [commune], version_2025())
    _, (new,) = run(tmp_path / "2026", [commune], version_2026(), on=dt.date(2026, 4, 1))
    before = _article_2_services(docx_text(old.files["convention"]))
    after = _article_2_services(docx_text(new.files["convention"]))
    assert before == [
        "Présence en ligne : Messagerie, Nom de domaine, Page internet ;",
        "Sécurité : Sauvegarde 60 Go + Partage de fichiers 5 Go, Antivirus, "
        "Gestionnaire de mots de passe, Pack antivirus + gestionnaire de mots de passe.",
    ]
    assert after[0] == "Présence en ligne : Messagerie, Nom de domaine ;"
    assert after[-1] == "Dématérialisation : Certificat électronique RGS**."
    assert "Page internet" not in text_of(new.files["convention"])


def test_annex_prices_and_tiers(tmp_path):
    _, (outcome,) = run(tmp_path, [load_registry().find("62001")])
    annex = docx_text(outcome.files["annexe"])
    strata, services = annex["tables"]
    priced = [[plain(c) for c in row] for row in services[1:] if len(set(row)) == 3]
    assert len(priced) == 15
    assert ["Messagerie compte 5 Go", "16,80 € TTC", "Par compte et par an"] in priced
    assert ["Licence", "42,05 € TTC", "Par poste et par an"] in priced
    assert [plain(c) for c in strata[0]] == [
        "Strate", "Participation", "Unité de facturation", "Strate de la collectivité"
    ]  # fmt: skip
    assert "16,80\u00a0€ TTC" in [row[1] for row in services]  # no-break space before €


# --- the run: manifest, report, reruns ---------------------------------------------------------


def test_manifest_and_report_list_every_tier_with_basis_and_millesime(tmp_path):
    generation, _ = run(tmp_path, [load_registry().find("62001"), ccas()])
    rows = read_manifest(generation.manifest_path)
    row = rows["62001"]
    assert row["population"] == "2005" and row["type_population"] == "totale"
    assert row["millesime_population"] == "2022" and "millésime 2023" in row["note_population"]
    assert "faute de mention contraire" in row["regle_population"]
    assert row["participation"] == "250.00" and row["strate"] == "Moins de 2 500 habitants"
    assert row["version_tarifaire"] == "2025-07-10-v1" and row["deliberation"] == "2025-07-10"
    assert len(row["convention_sha256"]) == 64 and len(row["annexe_modele_sha256"]) == 64
    assert rows["266200013"]["participation"] == "sur devis"
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "Documents au 25 mars 2026" in report
    assert "millésime en vigueur : 2023 (au 1er janvier 2026)" in report
    assert (
        "- 62001 Ablain-Saint-Nazaire : 2\u202f005 habitants (population totale, millésime "
        "2022) → « Moins de 2 500 habitants », 250\u00a0€" in report
    )
    assert "Chiffre du millésime en vigueur manquant (1)" in report
    assert "borne 2\u202f000" in report and "population municipale (1\u202f966)" in report
    assert "valeurs vides dans parties.toml" in report


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
    assert "Jeanne Exemple" in text_of(outcomes[1].files["convention"])


def test_an_unchanged_collectivite_is_known_by_its_inputs_without_making_its_context(
    tmp_path, monkeypatch
):
    items = [load_registry().find("62001"), load_registry().find("62002")]
    run(tmp_path, items)

    def no_context(*args, **kwargs):
        raise AssertionError("context built for an unchanged collectivité")

    monkeypatch.setattr("pipeline.generate.assemble", no_context)
    _, outcomes = run(tmp_path, items)
    assert [o.status for o in outcomes] == [UNCHANGED, UNCHANGED]


def test_other_parties_or_rendering_code_regenerate(tmp_path, monkeypatch):
    items = [load_registry().find("62001")]
    run(tmp_path, items)
    parties = read_parties(SHIPPED)
    other = parties.model_copy(
        update={"cdg": parties.cdg.model_copy(update={"representative_name": "Claire Autrenom"})}
    )
    _, (outcome,) = run(tmp_path, items, parties=other)
    assert outcome.status == GENERATED
    assert "Claire Autrenom" in text_of(outcome.files["convention"])
    _, (outcome,) = run(tmp_path, items, parties=other)
    assert outcome.status == UNCHANGED
    monkeypatch.setattr("pipeline.render.inputs.code_digest", lambda *modules: "mise à jour")
    _, (outcome,) = run(tmp_path, items, parties=other)
    assert outcome.status == GENERATED


def test_a_pdf_of_the_same_document_is_kept_when_the_code_changes(tmp_path, monkeypatch):
    items = [load_registry().find("62001"), load_registry().find("62002")]
    converted: list[str] = []

    def counting(pairs, *, workers=None, done=None, ahead=None):
        converted.extend(f"{docx.parent.name}/{docx.name}" for docx, _ in pairs)
        converting()(pairs, workers=workers, done=done)

    stand_in(monkeypatch, counting)
    generation, _ = run(tmp_path, items, pdf=True)
    assert len(converted) == 4
    before = read_manifest(generation.manifest_path)

    monkeypatch.setattr("pipeline.render.inputs.code_digest", lambda *modules: "mise à jour")
    converted.clear()
    _, outcomes = run(tmp_path, items, pdf=True)
    assert [o.status for o in outcomes] == [GENERATED, GENERATED] and converted == []
    after = read_manifest(generation.manifest_path)
    for code in ("62001", "62002"):
        for kind in ("convention_pdf_sha256", "annexe_pdf_sha256"):
            assert after[code][kind] == before[code][kind]

    outcomes[1].files["annexe_pdf"].write_bytes(b"%PDF- abime")  # not the recorded one
    monkeypatch.setattr("pipeline.render.inputs.code_digest", lambda *modules: "encore")
    _, outcomes = run(tmp_path, items, pdf=True)
    assert converted == [f"62002-{slug(items[1].name)}/annexe-2-tarifs.docx"]


def test_a_new_millesime_in_force_regenerates(tmp_path):
    items = [load_registry().find("62001")]
    run(tmp_path, items, on=dt.date(2025, 12, 31))
    _, (outcome,) = run(tmp_path, items, on=dt.date(2026, 1, 2))
    assert outcome.status == GENERATED  # the same tariffs, another millésime to say


def test_new_tariffs_regenerate_everything(tmp_path):
    items = [load_registry().find("62001")]
    first, _ = run(tmp_path, items)
    newer = version_2025(version_id=2).model_copy(update={"effective_date": dt.date(2026, 1, 1)})
    second, outcomes = run(tmp_path, items, version=newer)
    assert second.folder != first.folder and outcomes[0].status == GENERATED


def corrected_2025() -> TariffVersion:
    """The 2025 version with the fee of its 2 000–2 499 tier corrected before approval."""
    read = version_2025()
    made = prepare(
        read.extraction,
        [],
        [Edit.set(TIER, "price", "260.00", 5)],
        by="Marie Dupont",
        reason="montant mal lu",
        at="2025-07-11T08:00:00+00:00",
    )
    return read.model_copy(
        update={"extraction": effective(read.extraction, made).extraction, "corrections": made}
    )


def test_a_corrected_value_is_in_the_documents_and_the_report_lists_it(tmp_path):
    commune = load_registry().find("62001")  # 2 005 inhabitants: the corrected tier
    run(tmp_path, [commune])
    generation, (outcome,) = run(tmp_path, [commune], version=corrected_2025())
    assert outcome.status == GENERATED  # same folder, but the fee changed
    annex = docx_text(outcome.files["annexe"])
    assert any("260\u00a0€" in cell for row in annex["tables"][0] for cell in row)
    assert read_manifest(generation.manifest_path)["62001"]["participation"] == "260.00"
    report = (generation.folder / "rapport.txt").read_text(encoding="utf-8")
    assert "Valeurs corrigées avant l'approbation" in report
    assert "strate 5, tarif : 250,00\u00a0€ → 260,00\u00a0€ (Marie Dupont" in report


def test_slug():
    assert slug("Acquin-Westbécourt") == "acquin-westbecourt"
    assert slug("Œuf-en-Ternois") == "oeuf-en-ternois"
    assert slug("CU d'Arras") == "cu-d-arras"
    assert slug("../..") == "sans-nom"


@pytest.mark.libreoffice
def test_every_generated_docx_converts_to_pdf_with_progress_all_the_way(tmp_path):
    require_tool("libreoffice")
    events: list[GenerationProgress] = []
    generation = Generation(
        version_2025(),
        [load_registry().find("62001"), ccas()],
        loaded_templates(),
        tmp_path,
        on=SPRING_2026,
        pdf=True,
    )
    outcomes = list(generation.outcomes(jobs=2, progress=events.append))
    assert [(e.stage, e.done, e.total) for e in events] == [
        (Stage.DOCUMENTS, 1, 2),
        (Stage.DOCUMENTS, 2, 2),
        *[(Stage.PDF, done, 4) for done in range(5)],
    ]
    assert "(4 documents Word, 4 PDF)" in generation.report.summary()
    for outcome in outcomes:
        for kind in ("convention_pdf", "annexe_pdf"):
            pdf = outcome.files[kind]
            assert pdf.read_bytes().startswith(b"%PDF")
            assert len(outcome.hashes[kind]) == 64
    if shutil.which("pdfinfo"):
        import subprocess

        annex = outcomes[0].files["annexe_pdf"]
        pages = subprocess.run(
            ["pdfinfo", str(annex)], capture_output=True, text=True, check=False
        ).stdout
        assert pages.split("Pages:")[1].split()[0] == "1"  # the 2025 annex holds on one page


# --- speed: processes, a PDF that fails, an interrupted run --------------------------------


def test_processes_at_work_write_what_one_process_writes(tmp_path):
    items = list(load_registry())[:60]
    one, _ = run(tmp_path / "one", items)
    generation = Generation(
        version_2025(), items, loaded_templates(), tmp_path / "two", on=SPRING_2026
    )
    outcomes = list(generation.outcomes(jobs=2))
    assert [o.collectivity.code for o in outcomes] == [i.code for i in items]
    written = sorted(p.relative_to(one.folder) for p in one.folder.rglob("*") if p.is_file())
    assert written == sorted(
        p.relative_to(generation.folder) for p in generation.folder.rglob("*") if p.is_file()
    )
    assert len(written) > 100
    for name in written:
        assert (one.folder / name).read_bytes() == (generation.folder / name).read_bytes(), name


def test_the_closing_summary_counts_names_and_says_where(tmp_path):
    items = [load_registry().find("62001"), load_registry().find("62002")]
    items.append(with_totale("62489", 3500, "Trois-Mille-Cinq-Cents"))
    generation, _ = run(tmp_path, items)
    summary = generation.report.summary()
    assert summary.startswith(
        "Bilan : 2 collectivités écrites (4 documents Word), 0 inchangée, 1 sans strate, "
        "0 en erreur."
    )
    assert "Par strate : « Moins de 500 habitants » 1 ; « Moins de 2 500 habitants » 1." in summary
    assert f"Dossier : {generation.folder}" in summary
    again, _ = run(tmp_path, items)
    assert "0 collectivité écrite (0 document Word), 2 inchangées" in again.report.summary()


class NoOffice:
    """A stand-in for the LibreOffices started ahead: none is."""

    def __init__(self, workers=None) -> None:
        self.started = False

    def start(self) -> None:
        self.started = True

    def __enter__(self):
        return self

    def __exit__(self, *details) -> None:
        pass


def stand_in(monkeypatch, convert) -> None:
    """``convert`` instead of LibreOffice's conversion, and no office started ahead."""
    monkeypatch.setattr("pipeline.generate.convert", convert)
    monkeypatch.setattr("pipeline.generate.Ahead", NoOffice)


def converting(fail: set[str] | None = None, stop_after: int | None = None):
    """A stand-in for LibreOffice: a PDF for each document, but an error for those whose
    folder and name are in ``fail``, and KeyboardInterrupt after ``stop_after`` of them."""

    def convert(pairs, *, workers=None, done=None, ahead=None):
        for index, (docx, pdf) in enumerate(pairs):
            if stop_after is not None and index == stop_after:
                raise KeyboardInterrupt
            if f"{docx.parent.name}/{docx.name}" in (fail or set()):
                done(index, "LibreOffice : échec simulé")
                continue
            pdf.write_bytes(b"%PDF-" + docx.read_bytes()[:64])
            done(index, None)

    return convert


def test_a_pdf_that_fails_is_named_the_others_go_on_and_the_next_run_does_it(tmp_path, monkeypatch):
    items = [load_registry().find("62001"), load_registry().find("62002")]
    failing = f"62002-{slug(items[1].name)}/annexe-2-tarifs.docx"
    stand_in(monkeypatch, converting({failing}))
    generation, outcomes = run(tmp_path, items, pdf=True)
    assert [o.status for o in outcomes] == [GENERATED, FAILED]
    assert (
        "PDF de annexe-2-tarifs.docx non produit : LibreOffice : échec simulé"
        in outcomes[1].message
    )
    assert outcomes[1].files["convention_pdf"].is_file()
    row = read_manifest(generation.manifest_path)["62002"]
    assert row["statut"] == FAILED and "annexe-2-tarifs.docx" in row["remarque"]
    assert row["convention_pdf_sha256"] and not row["annexe_pdf_sha256"]
    assert (
        "- 62002 " in generation.report.summary() and "1 en erreur" in generation.report.summary()
    )

    stand_in(monkeypatch, converting())
    _, outcomes = run(tmp_path, items, pdf=True)
    assert [o.status for o in outcomes] == [UNCHANGED, GENERATED]
    assert outcomes[1].files["annexe_pdf"].is_file()
    _, outcomes = run(tmp_path, items)  # without --pdf: not « unchanged » from an error line
    assert [o.status for o in outcomes] == [UNCHANGED, UNCHANGED]


def test_an_interrupted_run_records_what_is_complete_and_the_next_does_the_rest(
    tmp_path, monkeypatch
):
    items = [load_registry().find(code) for code in ("62001", "62002", "62003")]
    stand_in(monkeypatch, converting(stop_after=3))
    generation = Generation(
        version_2025(), items, loaded_templates(), tmp_path, on=SPRING_2026, pdf=True
    )
    with pytest.raises(KeyboardInterrupt):
        list(generation)
    rows = read_manifest(generation.manifest_path)
    assert rows["62001"]["annexe_pdf_sha256"] and rows["62001"]["convention_pdf_sha256"]
    assert rows["62002"]["convention_pdf_sha256"] and not rows["62002"]["annexe_pdf_sha256"]
    assert rows["62002"]["convention_sha256"] and not rows["62003"]["convention_pdf_sha256"]
    assert not (generation.folder / "rapport.txt").exists()  # a whole run's only
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    docx = generation.report.outcomes[2].files["convention"]
    stamp = docx.stat().st_mtime_ns

    stand_in(monkeypatch, converting())
    _, outcomes = run(tmp_path, items, pdf=True)
    assert [o.status for o in outcomes] == [UNCHANGED, GENERATED, GENERATED]
    assert docx.stat().st_mtime_ns == stamp  # the same document is not written again
    assert all(o.files["annexe_pdf"].is_file() for o in outcomes)


def test_libreoffice_starts_with_the_first_document_to_convert_and_not_for_none(
    tmp_path, monkeypatch
):
    items = [load_registry().find(code) for code in ("62001", "62002")]
    offices: list[NoOffice] = []
    started_when: list[int] = []

    class Recording(NoOffice):
        def __init__(self, workers=None) -> None:
            super().__init__(workers)
            offices.append(self)

        def start(self) -> None:
            if not self.started:
                started_when.append(len(generation.report.outcomes))
            super().start()

    def converted(pairs, *, workers=None, done=None, ahead=None):
        assert ahead is offices[-1] and (ahead.started or not pairs)  # those started are used
        converting()(pairs, workers=workers, done=done)

    monkeypatch.setattr("pipeline.generate.convert", converted)
    monkeypatch.setattr("pipeline.generate.Ahead", Recording)
    generation = Generation(
        version_2025(), items, loaded_templates(), tmp_path, on=SPRING_2026, pdf=True
    )
    assert [o.status for o in generation] == [GENERATED, GENERATED]
    assert started_when == [1]  # while the second collectivité was still to be written

    generation = Generation(
        version_2025(), items, loaded_templates(), tmp_path, on=SPRING_2026, pdf=True
    )
    assert [o.status for o in generation] == [UNCHANGED, UNCHANGED]
    assert not offices[-1].started  # nothing to convert: no LibreOffice


def test_leaving_the_iteration_early_still_records_what_was_written(tmp_path):
    items = [load_registry().find(code) for code in ("62001", "62002", "62003")]
    generation = Generation(version_2025(), items, loaded_templates(), tmp_path, on=SPRING_2026)
    outcomes = generation.outcomes()
    next(outcomes)
    outcomes.close()
    assert set(read_manifest(generation.manifest_path)) == {"62001"}
    _, again = run(tmp_path, items)
    assert [o.status for o in again] == [UNCHANGED, GENERATED, GENERATED]
