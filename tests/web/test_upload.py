"""Dépôt: PDFs sent from the page go through what ``pipeline run`` does; names made safe."""

from __future__ import annotations

import pytest

from pipeline.web.uploads import UploadRefused, drop, safe_name
from tests.conftest import CORPUS
from tests.web.conftest import NEW, OLD, text, wait_for_job


def _send(client, *files):
    return client.post(
        "/depot", files=[("fichiers", (name, body, "application/pdf")) for name, body in files]
    )


def test_the_upload_page(clients):
    page = clients("marie").get("/depot")
    assert page.status_code == 200
    assert 'type="file"' in page.text and "multiple" in page.text
    assert "Glissez les PDF ici" in page.text


def test_a_pdf_sent_is_read_like_pipeline_run_does(clients, app, workdir):
    client = clients("marie")
    (workdir / "deliberations" / OLD).unlink()
    response = _send(client, (OLD, (CORPUS / OLD).read_bytes()))
    assert response.status_code == 200 and "/taches/" in str(response.url)
    wait_for_job(app)
    page = text(client.get(str(response.url)))
    assert "Terminé." in page
    assert "déjà reçu" in page and "version n° 1" in page  # same bytes as the corpus's v1
    assert 'hx-trigger="every 1s"' not in page  # polling stops when done
    assert (workdir / "deliberations" / OLD).read_bytes() == (CORPUS / OLD).read_bytes()


def test_another_copy_of_a_received_pdf_is_recognised_as_the_same_deliberation(
    clients, app, workdir
):
    client = clients("marie")
    body = (CORPUS / NEW).read_bytes().replace(b"%%EOF", b"%%EOF\n% autre copie", 1)
    response = _send(client, ("autre_copie.pdf", body))
    wait_for_job(app)
    page = text(client.get(str(response.url)))
    assert "même délibération" in page and "Même délibération que la version n° 4" in page
    assert "version n° 5" not in page
    assert (workdir / "deliberations" / "autre_copie.pdf").is_file()
    fragment = client.http.get(str(response.url), headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="tache"')


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_dropped(clients, workdir):
    before = sorted(p.name for p in (workdir / "deliberations").iterdir())
    client = clients("marie")
    response = _send(client, ("notes.pdf", b"ceci n'est pas un PDF"))
    assert response.status_code == 400
    assert "« notes.pdf » n'est pas un PDF" in text(response)
    response = _send(client, ("tableau.xlsx", b"PK\x03\x04"))
    assert response.status_code == 400 and "extension .pdf" in text(response)
    assert sorted(p.name for p in (workdir / "deliberations").iterdir()) == before


def test_a_path_in_a_file_name_is_dropped_with_the_name_alone(clients, app, workdir):
    client = clients("marie")
    body = (CORPUS / NEW).read_bytes() + b"\n% chemin"
    response = _send(client, ("../../x.pdf", body))
    wait_for_job(app)
    assert (workdir / "deliberations" / "x.pdf").read_bytes() == body
    assert not (workdir / "x.pdf").exists() and not (workdir.parent / "x.pdf").exists()
    assert "x.pdf" in text(client.get(str(response.url)))


def test_a_name_taken_by_other_bytes_gets_another_name(tmp_path):
    first = drop(tmp_path, "a.pdf", b"%PDF-1 un")
    again = drop(tmp_path, "a.pdf", b"%PDF-1 un")
    other = drop(tmp_path, "a.pdf", b"%PDF-1 deux")
    assert first == again == tmp_path / "a.pdf"
    assert other == tmp_path / "a (2).pdf" and first.read_bytes() == b"%PDF-1 un"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a (2).pdf", "a.pdf"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\Windows\\y.PDF", "y.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        (".cache.pdf", "cache.pdf"),
        ("délibération 2026 (annexe).pdf", "délibération 2026 (annexe).pdf"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("<script>.pdf", "_script_.pdf"),
        (".pdf", "document.pdf"),
    ],
)
def test_safe_names(sent, kept):
    assert safe_name(sent) == kept


def test_a_name_without_pdf_is_refused():
    with pytest.raises(UploadRefused, match="n'est pas un PDF"):
        safe_name("../../x.sh")


def test_nothing_chosen(clients):
    response = clients("marie").post("/depot", {})
    assert response.status_code == 400 and "Choisissez au moins un fichier PDF" in text(response)


def test_an_unknown_job(clients):
    response = clients("lea").get("/taches/inconnue")
    assert response.status_code == 404 and "Tâche introuvable" in text(response)


def test_a_body_over_the_limit_is_refused(settings):
    from starlette.testclient import TestClient

    from pipeline.web import WebSettings, create_app

    app = create_app(settings, WebSettings(max_upload_mb=1))
    with TestClient(app) as http:
        response = http.post("/depot", content=b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413 and "trop volumineux" in response.text
