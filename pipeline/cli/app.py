"""The Typer application and what every command shares: consoles, settings, errors.

Exit codes (documented in the README):

    0  success
    1  the input was read but has error findings, or an operation was refused
    2  a file cannot be read (missing, not a PDF, damaged, protected), or bad usage
    3  an unexpected internal error (a bug: please report it)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NoReturn

import typer
from rich.console import Console

from pipeline.errors import PipelineError
from pipeline.settings import Settings, get_settings

app = typer.Typer(
    name="pipeline",
    help="Délibérations tarifaires du CDG 62 : lecture, validation, versions, conventions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Délibérations tarifaires du CDG 62 : lecture, validation, versions, conventions."""


out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def settings() -> Settings:
    return get_settings()


def fail(error: PipelineError) -> NoReturn:
    """Print one French line on stderr and exit with the error's code."""
    err.print(f"[bold red]Erreur[/] : {error}", markup=True, soft_wrap=True)
    raise typer.Exit(error.exit_code)


def usage_error(message: str) -> NoReturn:
    err.print(f"[bold red]Erreur[/] : {message}", soft_wrap=True)
    raise typer.Exit(EXIT_INPUT)


def parse_date(text: str) -> dt.date:
    """ISO (2026-05-01) or French (01/05/2026) date."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    usage_error(f"date invalide : « {text} » (attendu : 2026-05-01 ou 01/05/2026).")


def parse_version(text: str) -> int:
    match = re.fullmatch(r"(?:n°\s*|#)?(\d+)", text.strip())
    if not match:
        usage_error(f"numéro de version invalide : « {text} » (exemple : 2).")
    return int(match.group(1))
