"""A project with the corpus already received, its accounts, and clients signed in.

The corpus (the 2025 and 2026 annexes, the deliberation without tariffs, the broken
files) and a deliberation whose first amount reads « 1O,5O € » (an error until a
person corrects it) are read once per session into a template store, with four
accounts; each test gets a copy in its own project folder.
"""

from __future__ import annotations

import html
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.accounts import Accounts, Role
from pipeline.run import run
from pipeline.settings import Settings
from pipeline.web import WebSettings, create_app
from tests.conftest import CORPUS

OLD = "2025-07-10_annexe2_tarifs.pdf"
NEW = "2026-03-19_annexe2_actualisation.pdf"
NO_TARIFF = "2025-07-10_medecine_preventive.pdf"
BROKEN = ("broken_truncated.pdf", "broken_password.pdf", "broken_not_a_pdf.pdf")
MISREAD = "2025-11-13_montant_mal_lu.pdf"
MISREAD_LABEL = "Boîte aux lettres 10 Go"

V_OLD, V_NO_TARIFF, V_MISREAD, V_NEW = 1, 2, 3, 4
"""The versions the received corpus gives (files are read in name order)."""

PEOPLE = {
    "lea": ("Léa Petit", Role.LECTURE),
    "marie": ("Marie Dupont", Role.JURISTE),
    "paul": ("Paul Martin", Role.APPROBATEUR),
    "anne": ("Anne Leroy", Role.APPROBATEUR),
    "admin": ("Alice Admin", Role.ADMINISTRATEUR),
}


def password(login: str) -> str:
    return f"mot-de-passe-de-{login}"


def misread_pdf(path: Path) -> Path:
    """A deliberation laid out like the samples whose first amount is « 1O,5O € »."""
    from tests.pdfgen import reportlab_doc
    from tests.pdfgen.variations import by_name

    variation = by_name("grid_letter_helvetica")
    deliberation = variation.deliberation
    category = deliberation.categories[0]
    group = category.groups[0]
    line = replace(group.lines[0], written="1O,5O €")
    group = replace(group, lines=(line, *group.lines[1:]))
    category = replace(category, groups=(group, *category.groups[1:]))
    deliberation = replace(deliberation, categories=(category, *deliberation.categories[1:]))
    return reportlab_doc.render(deliberation, variation.layout, path)


def project_settings(root: Path) -> Settings:
    return Settings(
        deliberations_dir=root / "deliberations",
        output_dir=root / "output",
        templates_dir=root / "templates",
        db=root / "pipeline.sqlite3",
        cache_dir=root / ".cache",
    )


@pytest.fixture(scope="session")
def received(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the corpus received (versions 1…4) and the accounts of PEOPLE."""
    root = tmp_path_factory.mktemp("corpus-recu")
    drop = root / "deliberations"
    drop.mkdir()
    for name in (OLD, NO_TARIFF, NEW, *BROKEN):
        shutil.copy(CORPUS / name, drop / name)
    misread_pdf(drop / MISREAD)
    settings = project_settings(root)
    outcomes = run(settings)
    assert [o.version.id for o in outcomes if o.version] == [1, 2, 3, 4]
    with Accounts(settings.db) as accounts:
        for login, (name, role) in PEOPLE.items():
            accounts.create(login, name, role, password(login))
    return root


@pytest.fixture
def project(workdir: Path, received: Path) -> Path:
    """The work folder with a copy of the received corpus (and its drop folder)."""
    shutil.copy(received / "pipeline.sqlite3", workdir / "pipeline.sqlite3")
    for pdf in (received / "deliberations").iterdir():
        shutil.copy(pdf, workdir / "deliberations" / pdf.name)
    return workdir


@pytest.fixture
def settings(project: Path) -> Settings:
    return project_settings(project)


@pytest.fixture
def app(settings: Settings):
    return create_app(settings, WebSettings())


class Client:
    """A browser's session: sign in, and forms posted with the session's CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.http = client
        self.token = ""

    def get(self, url: str, **options):
        response = self.http.get(url, **options)
        self._remember(response.text)
        return response

    def _remember(self, html: str) -> None:
        found = re.search(r'name="csrf" value="([^"]+)"', html)
        if found:
            self.token = found.group(1)

    def post(self, url: str, data: dict | None = None, *, csrf: str | None = None, **options):
        if not self.token:
            self.get("/connexion")
        fields = dict(data or {})
        if csrf is None:
            fields["csrf"] = self.token
        elif csrf:
            fields["csrf"] = csrf
        response = self.http.post(url, data=fields, **options)
        self._remember(response.text)
        return response

    def sign_in(self, login: str) -> Client:
        self.get("/connexion")
        response = self.post(
            "/connexion", {"identifiant": login, "mot_de_passe": password(login), "suivant": "/"}
        )
        assert response.status_code == 200, response.text
        return self


@pytest.fixture
def clients(app) -> Iterator:
    """``clients("marie")``: a client signed in as that person (None: not signed in)."""
    opened: list[TestClient] = []

    def make(login: str | None = None) -> Client:
        http = TestClient(app, follow_redirects=True)
        http.__enter__()
        opened.append(http)
        client = Client(http)
        return client.sign_in(login) if login else client

    yield make
    for http in opened:
        http.__exit__(None, None, None)


def wait_for_job(app, timeout: float = 120.0) -> None:
    """Wait until the background jobs submitted so far are done."""
    for job in app.state.jobs.recent():
        assert job.finished.wait(timeout), f"tâche non terminée : {job.title}"


def run_together(*functions) -> list:
    """Run the functions at once in threads (released together); their results in order."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def start(index: int, function) -> None:
        barrier.wait()
        results[index] = function()

    threads = [threading.Thread(target=start, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def text(response) -> str:
    """The response's HTML with its entities read (« d'essais » rather than « d&#39;essais »)."""
    return html.unescape(response.text)
