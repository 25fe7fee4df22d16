"""The whole morning in Chromium (Playwright driving Debian's chromium, no download):
sign in, upload the corpus, correct a misread amount, approve as another person,
generate a commune's convention, download its ZIP and open the DOCX.

Screenshots of each page are written to ``PIPELINE_SCREENSHOTS`` (or, when it exists,
``output/test-artifacts/web/``, else the test's folder) for a person to look at.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from pipeline.accounts import Accounts, Role
from pipeline.web import WebSettings, create_app
from tests.conftest import CORPUS, ROOT, require_tool
from tests.web.conftest import MISREAD, MISREAD_LABEL, misread_pdf, password, project_settings

pytestmark = pytest.mark.chromium

LAPTOP = {"width": 1366, "height": 860}
SCREENSHOTS = os.environ.get("PIPELINE_SCREENSHOTS")  # read before the work folder clears it


@pytest.fixture
def server(workdir: Path) -> Iterator[str]:
    """The application served by uvicorn on a free port of 127.0.0.1; its address."""
    import uvicorn

    settings = project_settings(workdir)
    with Accounts(settings.db) as accounts:
        accounts.create("marie", "Marie Dupont", Role.JURISTE, password("marie"))
        accounts.create("paul", "Paul Martin", Role.APPROBATEUR, password("paul"))
        accounts.create("admin", "Alice Admin", Role.ADMINISTRATEUR, password("admin"))
    app = create_app(settings, WebSettings())
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not served.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.started, "le serveur n'a pas démarré"
    port = served.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(10)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
    elif (ROOT / "output" / "test-artifacts").is_dir():
        folder = ROOT / "output" / "test-artifacts" / "web"
    else:
        folder = tmp_path / "captures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    executable = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu", "--lang=fr-FR"]
        )
        yield launched
        launched.close()


def sign_in(page, base: str, login: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password(login))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/")


def go(page, section: str) -> None:
    """Follow a link of the site's navigation."""
    page.get_by_role("navigation").get_by_role("link", name=section).click()


def job_over(page, timeout: float) -> str:
    """Wait until the job shown is over; what its page says then."""
    page.locator(".job-state strong").filter(has_text=re.compile(r"Terminé|Échec")).wait_for(
        timeout=timeout
    )
    return page.locator("#tache").inner_text()


def sign_out(page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion$"))


def test_a_morning_of_the_legal_staff(server, browser, shots, workdir, tmp_path):
    from playwright.sync_api import expect

    base = server
    page = browser.new_page(viewport=LAPTOP, locale="fr-FR", accept_downloads=True)
    page.set_default_timeout(30_000)

    def shot(name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=False)

    # sign in
    page.goto(f"{base}/")
    page.wait_for_url(re.compile(r"/connexion"))
    shot("01-connexion")
    sign_in(page, base, "marie")
    shot("02-tableau-de-bord-vide")

    # upload the corpus and a deliberation with a misread amount
    uploads = sorted(p for p in CORPUS.glob("*.pdf"))
    misread = misread_pdf(tmp_path / MISREAD)
    go(page, "Dépôt")
    page.get_by_label("Glissez les PDF ici").set_input_files([*uploads, misread])
    shot("03-depot")
    page.get_by_role("button", name="Déposer et lire").click()
    page.wait_for_url(re.compile(r"/taches/"))
    page.get_by_text("page", exact=False).first.wait_for(timeout=60_000)
    shot("04-depot-en-cours")
    done = job_over(page, 300_000)
    shot("05-depot-termine")
    assert "Terminé." in done
    assert "broken_not_a_pdf.pdf » n'est pas un PDF" in done
    assert done.count("enregistré") >= 4 and "échec" in done

    go(page, "Tableau de bord")
    shot("06-tableau-de-bord")

    # review the misread version: an error, corrected, gone
    go(page, "Versions")
    shot("07-versions")
    page.get_by_role("row").filter(has_text=MISREAD).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/versions/\d+$"))
    version_url = page.url
    assert "Montant illisible" in page.locator("#constats").inner_text()
    shot("08-revue")
    page.get_by_role("link", name=re.compile(f"Corriger ligne 1 « {MISREAD_LABEL}")).click()
    # the editor's first field takes the focus once loaded (htmx's autofocus)
    expect(page.locator("#champ-label")).to_be_focused()
    page.get_by_label("Tarif").fill("10,50")
    page.get_by_label("Motif de la correction").fill("montant mal lu : lettre O pour un zéro")
    shot("09-correction")
    page.get_by_role("button", name="Enregistrer la correction").click()
    page.get_by_text("Correction enregistrée").wait_for()
    assert "Montant illisible" not in page.locator("#constats").inner_text()
    assert "corrigé (tarif : avant sans tarif)" in page.locator("#services").inner_text()
    shot("10-revue-corrigee")
    sign_out(page)

    # approve as another person
    sign_in(page, base, "paul")
    page.goto(f"{version_url}/decision")
    shot("11-decision")
    acknowledge = page.get_by_label(re.compile("J'ai examiné"))
    if acknowledge.count():
        acknowledge.check()
    page.get_by_role("button", name=re.compile("Approuver la version")).click()
    page.get_by_text("approuvée par Paul Martin").first.wait_for()
    shot("12-approuvee")

    # generate a commune's convention, download its ZIP, open the DOCX
    go(page, "Collectivités")
    page.get_by_label("Rechercher par nom, code INSEE ou SIREN").fill("arras")
    page.get_by_role("link", name="Arras", exact=True).wait_for()
    shot("13-collectivites")
    page.get_by_role("link", name="Arras", exact=True).click()
    shot("14-collectivite")
    page.get_by_role("button", name="Générer la convention").click()
    page.wait_for_url(re.compile(r"/taches/"))
    generated = job_over(page, 120_000)
    shot("15-generation")
    assert "Terminé." in generated, generated
    page.get_by_role("link", name=re.compile("Arras")).first.click()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Télécharger tout (ZIP)").click()
    archive = Path(waiting.value.path())
    shot("16-documents")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert "annexe-2-tarifs.docx" in names and "convention-tripartite.docx" in names
        annex = Document(io.BytesIO(opened.read("annexe-2-tarifs.docx")))
    cells = " ".join(c.text for t in annex.tables for r in t.rows for c in r.cells)
    body = " ".join(p.text for p in annex.paragraphs)
    assert "Arras" in body + cells
    assert "10,50" in cells
    sign_out(page)

    # the log, read by an administrator
    sign_in(page, base, "admin")
    go(page, "Journal")
    assert "correction de la version" in page.locator("main").inner_text()
    shot("17-journal")
    shutil.copy(archive, shots / "arras.zip")
