"""Signing in and out, sessions, roles, and the CSRF token of every form."""

from __future__ import annotations

import pytest
from starlette.routing import Mount, Route

from pipeline.accounts import Accounts
from pipeline.web import WebSettings, create_app
from tests.web.conftest import password, text


def test_a_page_asks_to_sign_in_first(clients):
    anonymous = clients()
    response = anonymous.http.get("/versions/1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/connexion?suivant=/versions/1"
    page = anonymous.get("/versions/1")
    assert "Connexion" in page.text and 'name="suivant" value="/versions/1"' in page.text


def test_signing_in_goes_back_where_asked_and_names_the_person(clients):
    client = clients()
    client.get("/connexion?suivant=/versions")
    response = client.post(
        "/connexion",
        {"identifiant": "Marie", "mot_de_passe": password("marie"), "suivant": "/versions"},
    )
    assert response.status_code == 200
    assert str(response.url).endswith("/versions")
    assert "Marie Dupont" in response.text and "(juriste)" in response.text


def test_a_wrong_password_is_refused_in_french_and_logged(clients, settings):
    client = clients()
    response = client.post("/connexion", {"identifiant": "marie", "mot_de_passe": "mauvais"})
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in response.text
    unknown = client.post("/connexion", {"identifiant": "inconnu", "mot_de_passe": "x" * 12})
    assert unknown.status_code == 401
    with Accounts(settings.db) as accounts:
        kinds = [e.kind for e in accounts.events()]
    assert kinds.count("connexion_refusee") == 2


def test_repeated_failures_make_the_login_wait(clients):
    client = clients()
    for _ in range(5):
        client.post("/connexion", {"identifiant": "paul", "mot_de_passe": "mauvais"})
    response = client.post("/connexion", {"identifiant": "paul", "mot_de_passe": password("paul")})
    assert response.status_code == 401
    assert "Trop d'essais manqués" in text(response)


def test_next_page_is_never_another_site(clients):
    client = clients()
    client.get("/connexion")
    response = client.post(
        "/connexion",
        {"identifiant": "lea", "mot_de_passe": password("lea"), "suivant": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_the_session_cookie_is_httponly_strict_and_signed(clients):
    client = clients()
    client.get("/connexion")
    response = client.post(
        "/connexion",
        {"identifiant": "lea", "mot_de_passe": password("lea")},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    tampered = clients()
    tampered.http.cookies.set("pipeline_session", "e30=.Zm9v.YmFy")
    assert tampered.http.get("/", follow_redirects=False).status_code == 303


def test_cookies_are_secure_when_served_over_https(settings):
    from starlette.testclient import TestClient

    app = create_app(settings, WebSettings(https=True))
    with TestClient(app, base_url="https://testserver") as http:
        response = http.get("/connexion")
    assert "secure" in response.headers["set-cookie"].lower()


def test_signing_out_ends_the_session(clients):
    client = clients("marie")
    response = client.post("/deconnexion")
    assert "Vous êtes déconnecté" in response.text
    assert client.http.get("/", follow_redirects=False).status_code == 303


def test_a_disabled_account_loses_its_open_session(clients, settings):
    client = clients("marie")
    assert client.get("/").status_code == 200
    with Accounts(settings.db) as accounts:
        accounts.set_active("marie", False)
    assert client.http.get("/", follow_redirects=False).status_code == 303
    client.get("/connexion")
    refused = client.post("/connexion", {"identifiant": "marie", "mot_de_passe": password("marie")})
    assert refused.status_code == 401


@pytest.mark.parametrize(
    ("login", "method", "url", "allowed"),
    [
        ("lea", "GET", "/", True),
        ("lea", "GET", "/versions/1", True),
        ("lea", "POST", "/depot", False),
        ("lea", "POST", "/versions/1/corriger", False),
        ("lea", "POST", "/generer", False),
        ("lea", "POST", "/collectivites/fichier", False),
        ("marie", "POST", "/versions/1/approuver", False),
        ("marie", "POST", "/versions/1/rejeter", False),
        ("marie", "GET", "/journal", False),
        ("paul", "GET", "/journal", False),
        ("admin", "GET", "/journal", True),
    ],
)
def test_each_role_may_do_what_it_allows_only(clients, login, method, url, allowed):
    client = clients(login)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "Accès refusé" in response.text and "demande le rôle" in response.text


def _posted_routes(app) -> list[str]:
    paths = []
    for route in app.routes:
        if isinstance(route, Route) and "POST" in (route.methods or ()):
            paths.append(route.path.replace("{number:int}", "1"))
    return paths


def test_every_route_is_guarded(app):
    for route in app.routes:
        if isinstance(route, Mount) or route.path.startswith("/static/"):
            continue
        assert hasattr(route.endpoint, "role"), f"{route.path} n'est pas protégée"


@pytest.mark.parametrize("token", ["", "faux-jeton"])
def test_every_form_is_refused_without_its_csrf_token(app, clients, token):
    client = clients("admin")
    paths = _posted_routes(app)
    assert len(paths) >= 9
    for path in paths:
        response = client.post(path, {"motif": "x"}, csrf=token)
        assert response.status_code == 403, path
        assert "jeton de sécurité" in response.text, path


def test_htmx_requests_carry_the_token_in_a_header(clients):
    client = clients("paul")
    response = client.http.post(
        "/versions/1/rejeter",
        data={"motif": "doublon"},
        headers={"HX-Request": "true", "X-CSRF-Token": client.token},
    )
    assert response.status_code == 200 and response.headers["hx-redirect"]


def test_security_headers(clients):
    response = clients().get("/connexion")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
