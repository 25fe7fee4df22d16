"""``pipeline compte``: the accounts of the web application (create, list, disable…).

The commands parse their arguments and call :mod:`pipeline.accounts`; a password is
typed twice without being shown, or read from the standard input (one line) with
``--mot-de-passe-stdin``, never given on the command line.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline.accounts import MIN_PASSWORD_LENGTH, Accounts, Role
from pipeline.accounts.accounts import ROLE_WORDS
from pipeline.cli.app import EXIT_INPUT, app, err, fail, out, settings, usage_error
from pipeline.errors import PipelineError

accounts_app = typer.Typer(
    help="Comptes de l'interface web : création, liste, désactivation.", no_args_is_help=True
)
app.add_typer(accounts_app, name="compte")

ROLES = ", ".join(f"{role.value} ({ROLE_WORDS[role]})" for role in Role)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            usage_error("aucun mot de passe sur l'entrée standard.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        usage_error(
            "pas de terminal pour taper le mot de passe : utilisez --mot-de-passe-stdin "
            "(exemple : pipeline compte creer mdupont --role juriste --mot-de-passe-stdin "
            "< fichier)."
        )
    first = typer.prompt(
        f"Mot de passe (au moins {MIN_PASSWORD_LENGTH} caractères)",
        hide_input=True,
        err=True,
    )
    second = typer.prompt("Mot de passe, une seconde fois", hide_input=True, err=True)
    if first != second:
        err.print("Erreur : les deux mots de passe diffèrent ; rien n'a été changé.")
        raise typer.Exit(EXIT_INPUT)
    return first


def _role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        usage_error(f"rôle inconnu : « {text} » (rôles : {ROLES}).")


STDIN_OPTION = typer.Option(
    "--mot-de-passe-stdin", help="lit le mot de passe sur l'entrée standard (une ligne)"
)


@accounts_app.command("creer")
def create_command(
    login: Annotated[
        str, typer.Argument(help="identifiant de connexion, ex. mdupont", show_default=False)
    ],
    role: Annotated[str, typer.Option("--role", help=f"rôle : {ROLES}", show_default=False)],
    nom: Annotated[
        str | None,
        typer.Option(
            "--nom",
            help="prénom et nom, tels que les décisions les enregistrent (par défaut "
            "l'identifiant)",
        ),
    ] = None,
    from_stdin: Annotated[bool, STDIN_OPTION] = False,
) -> None:
    """Crée un compte de l'interface web ; le mot de passe est demandé deux fois.

    Exemple : pipeline compte creer mdupont --nom "Marie Dupont" --role juriste

    Rôles, chacun avec les droits des précédents : lecture, juriste, approbateur,
    administrateur. Codes de sortie : 0 compte créé ; 1 refusé (identifiant déjà pris,
    mot de passe trop court) ; 2 commande mal formée.
    """
    chosen = _role(role)
    password = _password(from_stdin)
    try:
        with Accounts(settings().db) as accounts:
            account = accounts.create(login, nom or login, chosen, password)
    except PipelineError as error:
        fail(error)
    out.print(
        f"Compte « {account.login} » créé pour {account.name}, rôle {account.role.value}.",
        soft_wrap=True,
    )


@accounts_app.command("liste")
def list_command() -> None:
    """Liste les comptes : identifiant, nom, rôle, état.

    Exemple : pipeline compte liste
    """
    try:
        with Accounts(settings().db) as accounts:
            everyone = accounts.all()
    except PipelineError as error:
        fail(error)
    if not everyone:
        out.print("Aucun compte : créez-en un avec pipeline compte creer IDENTIFIANT --role …")
        return
    table = Table(title="Comptes de l'interface web", title_justify="left")
    for header in ("Identifiant", "Nom", "Rôle", "État", "Créé le"):
        table.add_column(header)
    for account in everyone:
        table.add_row(
            account.login,
            account.name,
            account.role.value,
            "actif" if account.active else "désactivé",
            french.timestamp(account.created_at) or "",
        )
    out.print(table)


def _set_active(login: str, active: bool) -> None:
    try:
        with Accounts(settings().db) as accounts:
            account = accounts.set_active(login, active)
    except PipelineError as error:
        fail(error)
    state = "réactivé" if active else "désactivé"
    out.print(f"Compte « {account.login} » {state}.", soft_wrap=True)


@accounts_app.command("desactiver")
def disable_command(
    login: Annotated[str, typer.Argument(help="identifiant du compte", show_default=False)],
) -> None:
    """Désactive un compte : la personne ne peut plus se connecter (ses sessions cessent).

    Exemple : pipeline compte desactiver mdupont
    """
    _set_active(login, False)


@accounts_app.command("reactiver")
def enable_command(
    login: Annotated[str, typer.Argument(help="identifiant du compte", show_default=False)],
) -> None:
    """Réactive un compte désactivé.

    Exemple : pipeline compte reactiver mdupont
    """
    _set_active(login, True)


@accounts_app.command("mot-de-passe")
def password_command(
    login: Annotated[str, typer.Argument(help="identifiant du compte", show_default=False)],
    from_stdin: Annotated[bool, STDIN_OPTION] = False,
) -> None:
    """Change le mot de passe d'un compte ; ses sessions ouvertes cessent.

    Exemple : pipeline compte mot-de-passe mdupont
    """
    password = _password(from_stdin)
    try:
        with Accounts(settings().db) as accounts:
            account = accounts.set_password(login, password)
    except PipelineError as error:
        fail(error)
    out.print(f"Mot de passe du compte « {account.login} » changé.", soft_wrap=True)
