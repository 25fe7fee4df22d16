"""The dashboard and the journal."""

from __future__ import annotations

from tests.web.conftest import V_MISREAD, V_OLD, text


def test_the_dashboard(clients):
    paul = clients("paul")
    paul.post(
        f"/versions/{V_OLD}/approuver", {"accepter_avertissements": "oui", "corrections": "0"}
    )
    page = text(paul.get("/"))
    assert "Tarifs en vigueur au" in page and "Version n° 1" in page
    assert "Moins de 500 habitants" in page
    assert "Versions en attente de décision" in page and "1 erreur, " in page
    assert "broken_password.pdf" in page and "en échec" in page
    assert "PDF protégé par un mot de passe" in page
    assert "Aucune convention générée" in page


def test_the_dashboard_says_what_comes_next(clients):
    paul = clients("paul")
    for number in (V_OLD, 4):
        paul.post(
            f"/versions/{number}/approuver", {"accepter_avertissements": "oui", "corrections": "0"}
        )
    page = text(paul.get("/"))
    assert "Version n° 4" in page  # 1er avril 2026, in force on the machine's today (2026)
    assert "broken_truncated.pdf" in page


def test_the_journal_shows_decisions_corrections_and_events(clients):
    marie = clients("marie")
    marie.post(f"/versions/{V_MISREAD}/corriger", {"ligne": "1", "price": "10,50", "motif": "lu"})
    clients("paul").post(f"/versions/{V_MISREAD}/rejeter", {"motif": "pour voir"})
    page = text(clients("admin").get("/journal"))
    assert "Chaînes intactes" in page and "Journal intact" in page
    assert "correction de la version n° 3" in page and "Marie Dupont" in page
    assert "rejet de la version n° 3" in page and "pour voir" in page
    assert "connexion" in page
    assert "<form" not in page.split("</header>")[1]  # nothing here changes anything
