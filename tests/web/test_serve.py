"""``pipeline serve``: this machine's address by default; another one only with accounts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.accounts import Accounts, Role
from pipeline.cli import register
from pipeline.cli.app import app
from pipeline.cli.serve import is_loopback

register()


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("192.168.1.10", False), ("exemple.fr", False)],
)  # fmt: skip
def test_loopback(host, local):
    assert is_loopback(host) is local


def test_another_address_is_refused_without_an_account(workdir: Path, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(k))
    refused = CliRunner().invoke(app, ["serve", "--hote", "0.0.0.0"])
    assert refused.exit_code == 1
    assert "aucun compte actif, le serveur ne s'ouvre pas sur 0.0.0.0" in refused.output
    assert not started
    with Accounts(workdir / "pipeline.sqlite3") as accounts:
        accounts.create("admin", "Alice", Role.ADMINISTRATEUR, "une phrase de passe")
    served = CliRunner().invoke(app, ["serve", "--hote", "0.0.0.0", "--port", "8123"])
    assert served.exit_code == 0, served.output
    assert started[0]["host"] == "0.0.0.0" and started[0]["port"] == 8123
    assert "Interface web : http://0.0.0.0:8123/" in served.output


def test_this_machine_by_default_even_without_accounts(workdir: Path, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(k))
    served = CliRunner().invoke(app, ["serve"])
    assert served.exit_code == 0, served.output
    assert started[0]["host"] == "127.0.0.1" and started[0]["port"] == 8000
    assert "Interface web : http://127.0.0.1:8000/" in served.output
    assert "Aucun compte : créez-en un avec pipeline compte creer" in served.output
    secret = workdir / ".pipeline-web-secret"
    assert secret.is_file() and secret.stat().st_mode & 0o777 == 0o600


def test_a_key_readable_by_others_is_refused(workdir: Path):
    from pipeline.web.secret import SecretError, load_or_create

    key = workdir / "cle"
    first = load_or_create(key)
    assert load_or_create(key) == first
    key.chmod(0o644)
    with pytest.raises(SecretError, match="lisible par d'autres"):
        load_or_create(key)
