"""Versions: the list, the review (audit view live), corrections, and the decision."""

from __future__ import annotations

import re

from pipeline.store import Store
from tests.web.conftest import (
    MISREAD_LABEL,
    V_MISREAD,
    V_NEW,
    V_NO_TARIFF,
    V_OLD,
    run_together,
    text,
)


def test_the_list_of_versions(clients):
    page = text(clients("lea").get("/versions"))
    for number in (V_OLD, V_NO_TARIFF, V_MISREAD, V_NEW):
        assert f'href="/versions/{number}"' in page
    assert "1 erreur, 1 avertissement" in page  # the misread version, computed now


def test_the_review_shows_pages_boxes_findings_and_values(clients, settings):
    client = clients("lea")
    page = text(client.get(f"/versions/{V_MISREAD}"))
    assert "Revue – Délibération du 13 novembre 2025" in page
    assert f"Montant illisible pour « {MISREAD_LABEL} »" in page
    assert 'class="box box-amount"' in page and 'loading="lazy"' in page
    images = re.findall(r'<img src="(/pages/[0-9a-f]{64}/\d+\.(?:png|jpeg))"', page)
    assert len(images) == 2
    picture = client.http.get(images[0])
    assert picture.status_code == 200 and picture.headers["content-type"].startswith("image/")
    assert "immutable" in picture.headers["cache-control"]
    assert len(list((settings.cache_dir / "pages").rglob("pages.json"))) == 1
    assert "Corriger" not in page  # a reader corrects nothing


def test_page_images_need_a_session_and_a_real_name(clients):
    assert (
        clients().http.get("/pages/" + "0" * 64 + "/1.png", follow_redirects=False).status_code
        == 303
    )
    client = clients("lea")
    assert client.http.get("/pages/" + "0" * 64 + "/1.png").status_code == 404
    assert client.http.get("/pages/..%2F..%2Fpipeline.sqlite3/1.png").status_code == 404


def test_the_review_compares_with_the_version_in_force(clients):
    paul = clients("paul")
    paul.post(
        f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "0"}
    )
    page = text(paul.get(f"/versions/{V_NEW}"))
    assert "Comparaison avec la version n° 1" in page
    assert "Page internet" in page  # a line the 2026 annexe removed


def test_a_misread_amount_corrected_makes_its_error_disappear(clients, settings):
    marie = clients("marie")
    review = text(marie.get(f"/versions/{V_MISREAD}"))
    assert f"/versions/{V_MISREAD}/corriger?ligne=1" in review
    form = marie.get(f"/versions/{V_MISREAD}/corriger?ligne=1", headers={"HX-Request": "true"})
    assert form.text.lstrip().startswith('<div class="editor">')
    assert 'value="Boîte aux lettres 10 Go"' in text(form)
    response = marie.post(
        f"/versions/{V_MISREAD}/corriger",
        {"ligne": "1", "label": MISREAD_LABEL, "price": "10,50", "motif": "lettre O lue"},
    )
    page = text(response)
    assert response.status_code == 200
    assert "Correction enregistrée : ligne 1, tarif : sans tarif → 10,50\u00a0€" in page
    assert "Montant illisible" not in page
    assert "corrigé (tarif : avant sans tarif)" in page
    with Store(settings.db) as store:
        version = store.version(V_MISREAD)
    assert [c.by for c in version.corrections] == ["Marie Dupont"]
    assert not version.extraction.errors


def test_a_correction_refused_is_said_in_french_beside_the_form(clients):
    marie = clients("marie")
    cases = [
        ({"ligne": "1", "price": "12,5x", "motif": "m"}, "tarif invalide : « 12,5x »"),
        ({"ligne": "1", "price": "", "motif": "m"}, "aucune valeur n'a changé"),
        ({"ligne": "2", "price": "25,80", "motif": "m"}, "aucune valeur n'a changé"),
        ({"ligne": "2", "price": "30"}, "le motif de la correction est obligatoire"),
        (
            {"strate": "1", "min_population": "900", "max_population": "100", "motif": "m"},
            "dépasse la maximale",
        ),
        ({"seance": "1", "date": "31/02/2026", "motif": "m"}, "date invalide"),
    ]
    for fields, message in cases:
        response = marie.post(f"/versions/{V_MISREAD}/corriger", fields)
        assert response.status_code == 422, fields
        assert message in text(response), (fields, text(response)[-2000:])


def test_an_unknown_line_is_said_so(clients):
    response = clients("marie").post(
        f"/versions/{V_MISREAD}/corriger", {"ligne": "99", "price": "30", "motif": "m"}
    )
    assert response.status_code == 404 and "pas de ligne n° 99" in text(response)
    form = clients("marie").get(f"/versions/{V_MISREAD}/corriger?ligne=abc")
    assert form.status_code == 409 and "numéro de ligne invalide" in text(form)


def test_lines_added_and_removed_and_the_sitting_corrected(clients, settings):
    marie = clients("marie")
    added = marie.post(
        f"/versions/{V_OLD}/ajouter",
        {
            "cible": "ligne",
            "label": "Audit de sécurité",
            "price": "90",
            "unit": "Par audit",
            "category": "Sécurité",
            "group": "",
            "motif": "ligne oubliée",
        },
    )
    assert "ligne 16 ajoutée" in text(added)
    removed = marie.post(f"/versions/{V_OLD}/supprimer", {"ligne": "3", "motif": "doublon"})
    assert "ligne 3 supprimée" in text(removed)
    dated = marie.post(
        f"/versions/{V_OLD}/corriger",
        {"seance": "1", "date": "2025-07-10", "effective_date": "2025-09-01", "motif": "lu"},
    )
    assert "date d'application indiquée : aucune → 1er septembre 2025" in text(dated)
    with Store(settings.db) as store:
        version = store.version(V_OLD)
    assert str(version.effective_date) == "2025-09-01"
    assert len(version.corrections) == 3
    form = text(marie.get(f"/versions/{V_OLD}/ajouter?cible=strate"))
    assert "Ajouter une strate" in form


def test_an_approved_version_is_no_longer_corrected(clients):
    clients("paul").post(
        f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "0"}
    )
    response = clients("marie").post(
        f"/versions/{V_OLD}/corriger", {"ligne": "1", "price": "1", "motif": "m"}
    )
    assert response.status_code == 422
    assert "une version approuvée ne se corrige plus" in text(response)


def test_the_decision_page(clients):
    page = text(clients("paul").get(f"/versions/{V_MISREAD}/decision"))
    assert "elle ne peut pas être approuvée" in page  # its error
    assert "Rejeter la version n° 3" in page
    reader = text(clients("lea").get(f"/versions/{V_OLD}/decision"))
    assert (
        "demande le rôle « approbateur »" in reader and "<form" not in reader.split("</header>")[1]
    )


def test_approval_is_refused_on_errors_and_asks_for_warnings(clients):
    paul = clients("paul")
    refused = paul.post(f"/versions/{V_MISREAD}/approuver", {"corrections": "0"})
    assert refused.status_code == 409 and "erreur bloquante" in text(refused)
    warned = paul.post(f"/versions/{V_OLD}/approuver", {"corrections": "0"})
    assert warned.status_code == 409
    assert "les approuver demande de les accepter explicitement" in text(warned)
    done = paul.post(
        f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "0"}
    )
    assert done.status_code == 200
    assert "Version n° 1 approuvée par Paul Martin" in text(done)


def test_approval_is_refused_when_corrected_since_the_page_was_read(clients):
    page = text(clients("paul").get(f"/versions/{V_OLD}/decision"))
    seen = re.search(r'name="corrections" value="(\d+)"', page).group(1)
    clients("marie").post(f"/versions/{V_OLD}/corriger", {"ligne": "2", "price": "9", "motif": "m"})
    refused = clients("paul").post(
        f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": seen}
    )
    assert refused.status_code == 409 and "a été corrigée depuis votre examen" in text(refused)


def test_four_eyes_asks_another_person(settings, monkeypatch):
    from starlette.testclient import TestClient

    from pipeline.web import WebSettings, create_app
    from tests.web.conftest import Client

    strict = settings.model_copy(update={"four_eyes": True})
    app = create_app(strict, WebSettings())
    with TestClient(app) as first, TestClient(app) as second:
        anne = Client(first).sign_in("anne")
        anne.post(f"/versions/{V_OLD}/corriger", {"ligne": "2", "price": "9", "motif": "m"})
        page = text(anne.get(f"/versions/{V_OLD}/decision"))
        assert "Principe des quatre yeux" in page
        refused = anne.post(
            f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "1"}
        )
        assert refused.status_code == 409 and "principe des quatre yeux" in text(refused)
        paul = Client(second).sign_in("paul")
        done = paul.post(
            f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "1"}
        )
        assert done.status_code == 200


def test_two_people_approving_at_once_one_wins_the_other_is_told(clients, settings):
    paul, anne = clients("paul"), clients("anne")
    fields = {"accepter_avertissements": "oui", "corrections": "0"}
    results = run_together(
        lambda: paul.post(f"/versions/{V_OLD}/approuver", fields),
        lambda: anne.post(f"/versions/{V_OLD}/approuver", fields),
    )
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    winner = "Paul Martin" if results[0].status_code == 200 else "Anne Leroy"
    assert f"la version n° 1 est déjà approuvée par {winner}" in text(loser)
    with Store(settings.db) as store:
        assert store.verify_decisions().intact
        assert store.version(V_OLD).decided_by == winner


def test_a_rejection_needs_its_reason(clients):
    paul = clients("paul")
    refused = paul.post(f"/versions/{V_NO_TARIFF}/rejeter", {"motif": "  "})
    assert refused.status_code == 409 and "le motif du rejet est obligatoire" in text(refused)
    done = paul.post(f"/versions/{V_NO_TARIFF}/rejeter", {"motif": "pas de tarif"})
    assert "Version n° 2 rejetée par Paul Martin" in text(done)
    page = text(paul.get(f"/versions/{V_NO_TARIFF}"))
    assert "rejetée" in page


def test_an_unknown_version(clients):
    response = clients("lea").get("/versions/99")
    assert response.status_code == 404 and "la version n° 99 n'existe pas" in text(response)
