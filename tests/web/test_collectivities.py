"""Collectivités: search, tiers under each version, generation, downloads, the staff's file."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from openpyxl import Workbook

from pipeline import french
from pipeline.accounts import Accounts
from pipeline.registry import load_registry, place
from pipeline.store import Store
from tests.web.conftest import V_OLD, text, wait_for_job


def approve_2025(clients) -> None:
    clients("paul").post(
        f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "0"}
    )


def test_search_by_name_insee_code_or_siren(clients):
    lea = clients("lea")
    by_name = text(lea.get("/collectivites?q=ablain saint"))
    assert "Ablain-Saint-Nazaire" in by_name
    assert "Ablain-Saint-Nazaire" in text(lea.get("/collectivites?q=62001"))
    assert "Ablain-Saint-Nazaire" in text(lea.get("/collectivites?q=216200014"))
    assert "Aucune collectivité ne correspond" in text(lea.get("/collectivites?q=zzzz"))
    assert 'name="code"' not in by_name  # a reader generates nothing


def test_each_collectivity_shows_its_population_and_its_tier_under_each_version(clients, settings):
    approve_2025(clients)
    page = text(clients("lea").get("/collectivites/62001"))
    item = load_registry().get("62001")
    population, kind = item.population(settings.population_kind)
    assert f"{french.integer(population)} habitants (population {kind})" in page
    assert "INSEE, populations légales" in page and "2023" in page
    with Store(settings.db) as store:
        tiers = store.version(V_OLD).extraction.strata
    placement = place(item, tiers, population_kind=settings.population_kind)
    assert placement.tier is not None
    assert placement.tier.label in page and french.money(placement.tier.amount) in page
    assert "(en vigueur)" in page
    assert clients("lea").get("/collectivites/00000").status_code == 404


def test_generate_one_then_download_its_documents_and_zip(clients, app, workdir, settings):
    approve_2025(clients)
    marie = clients("marie")
    job = marie.post("/generer", {"code": "62001"})
    assert "/taches/" in str(job.url)
    wait_for_job(app)
    done = text(marie.get(str(job.url)))
    assert "Terminé." in done and "1 générée(s)" in done
    page = text(marie.get("/collectivites/62001"))
    links = re.findall(r'href="(/documents/\d+)">([^<]+)</a>', page)
    assert {label for _, label in links} == {"Convention tripartite (Word)", "Annexe 2 (Word)"}
    for url, _ in links:
        response = marie.http.get(url)
        assert response.status_code == 200
        assert "62001-" in response.headers["content-disposition"]
        Document(io.BytesIO(response.content))
    archive = marie.http.get(f"/collectivites/62001/archive?version={V_OLD}")
    assert archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        annex = Document(io.BytesIO(opened.read("annexe-2-tarifs.docx")))
    assert "Ablain-Saint-Nazaire" in " ".join(p.text for p in annex.paragraphs)
    with Accounts(settings.db) as accounts:
        assert any(e.kind == "generation" for e in accounts.events())
    dashboard = text(marie.get("/"))
    assert "2025-07-10-v1" in dashboard and "1 générée" in dashboard


def test_a_document_changed_on_disk_is_not_served(clients, app, workdir):
    approve_2025(clients)
    marie = clients("marie")
    marie.post("/generer", {"code": "62001"})
    wait_for_job(app)
    url = re.search(r'href="(/documents/\d+)"', marie.get("/collectivites/62001").text).group(1)
    for path in (workdir / "output").rglob("*.docx"):
        path.write_bytes(b"autre chose")
    response = marie.get(url)
    assert response.status_code == 404 and "modifié ou supprimé" in text(response)
    assert marie.get("/collectivites/62001/archive?version=1").status_code == 404


def test_generation_without_a_version_in_force_says_so(clients, app):
    marie = clients("marie")
    job = marie.post("/generer", {"tout": "oui"})
    wait_for_job(app)
    page = text(marie.get(str(job.url)))
    assert "Échec." in page and "aucune version tarifaire approuvée n'est en vigueur" in page


def test_generation_needs_a_choice(clients):
    response = clients("marie").post("/generer", {})
    assert response.status_code == 400 and "Aucune collectivité choisie" in text(response)


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_the_staff_file_is_refused_with_every_bad_row(clients, workdir):
    marie = clients("marie")
    body = _csv(
        "code_insee;nom;population;courriel",
        "62001;;1500;mairie@ablain.fr",
        "62002;;mille;",
        "62003;;;pas-un-courriel",
        "62001;;1600;",
    )
    response = marie.post(
        "/collectivites/fichier", files={"fichier": ("collectivites.csv", body, "text/csv")}
    )
    page = text(response)
    assert response.status_code == 422
    assert "refusé : 3 erreurs" in page
    rows = re.findall(r'<tr class="sev-error"><td>(\d+)</td><td>([^<]+)</td>', page)
    assert rows == [("3", "population"), ("4", "courriel"), ("5", "code_insee")]
    assert not (workdir / "collectivites.csv").exists()


def test_a_good_staff_file_is_put_in_service(clients, workdir):
    marie = clients("marie")
    book = Workbook()
    sheet = book.active
    sheet.append(["code_insee", "nom_representant", "qualite_representant"])
    sheet.append(["62001", "Jean Martin", "Maire"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = marie.post(
        "/collectivites/fichier",
        files={"fichier": ("../service.xlsx", buffer.getvalue(), "application/octet-stream")},
    )
    page = text(response)
    assert response.status_code == 200 and "aucune erreur" in page
    assert (workdir / "collectivites.xlsx").is_file()
    assert "Jean Martin" in text(marie.get("/collectivites/62001"))


def test_the_staff_file_must_be_csv_or_xlsx(clients):
    response = clients("marie").post(
        "/collectivites/fichier", files={"fichier": ("liste.pdf", b"%PDF-", "application/pdf")}
    )
    assert response.status_code == 400 and "CSV ou XLSX attendu" in text(response)


def test_a_convention_generated_from_the_page_names_the_mayor_of_the_imported_register(
    clients, app, settings
):
    """The page prepares its run with the CLI's own library function: the imported
    registers (mayors, addresses), the parties file and the other versions are used."""
    import datetime as dt
    from pathlib import Path

    from pipeline.registry.registers import import_register

    files = Path(__file__).resolve().parents[1] / "registry" / "files"
    known = load_registry(settings.registry).known()
    settings.registers_dir.mkdir(parents=True, exist_ok=True)
    import_register(
        files / "elus-maires.csv", settings.registers_dir, known, date=dt.date(2026, 4, 15)
    )
    approve_2025(clients)
    marie = clients("marie")
    job = marie.post("/generer", {"code": "62001"})
    wait_for_job(app)
    assert "1 générée(s)" in text(marie.get(str(job.url)))
    page = text(marie.get("/collectivites/62001"))
    [url] = [u for u, label in re.findall(r'href="(/documents/\d+)">([^<]+)</a>', page)
             if label == "Convention tripartite (Word)"]  # fmt: skip
    convention = Document(io.BytesIO(marie.http.get(url).content))
    assert "Jean-Marc EXEMPLE" in " ".join(p.text for p in convention.paragraphs)
