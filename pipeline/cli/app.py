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
from rich.text import Text

from pipeline.errors import PipelineError
from pipeline.french import parse_short_date
from pipeline.safe_text import for_terminal
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


class _Console(Console):
    """A console that never reads the text it prints as markup or control codes.

    Labels, units, file names, error messages and arguments come from outside: a
    « [/bold] » or « :warning: » in them is shown as written. Markup is off (a table
    cell, a title, a line are plain text) and control characters are removed from
    every string. Styled words are :class:`~rich.text.Text` made by :func:`line`.
    """

    def __init__(self, **options: object) -> None:
        super().__init__(highlight=False, markup=False, emoji=False, **options)  # type: ignore[arg-type]

    def render_str(self, text: str, **options: object) -> Text:  # type: ignore[override]
        return super().render_str(for_terminal(text), **options)  # type: ignore[arg-type]


out = _Console()
err = _Console(stderr=True)


def line(*parts: str | tuple[str, str]) -> Text:
    """One line of plain parts and ``(text, style)`` parts, every text taken literally.

    ``line(("Erreur", "bold red"), " : ", message)``
    """
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(for_terminal(part[0]), style=part[1])
        else:
            text.append(for_terminal(part))
    return text


def error_line(message: object) -> Text:
    """« Erreur : <message> », the message taken literally."""
    return line(("Erreur", "bold red"), " : ", str(message))


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def settings() -> Settings:
    return get_settings()


def fail(error: PipelineError) -> NoReturn:
    """Print one French line on stderr and exit with the error's code."""
    err.print(error_line(error), soft_wrap=True)
    raise typer.Exit(error.exit_code)


def usage_error(message: str) -> NoReturn:
    err.print(error_line(message), soft_wrap=True)
    raise typer.Exit(EXIT_INPUT)


def parse_date(text: str) -> dt.date:
    """ISO (2026-05-01) or French (01/05/2026) date."""
    day = parse_short_date(text)
    if day is None:
        usage_error(f"date invalide : « {text.strip()} » (attendu : 2026-05-01 ou 01/05/2026).")
    return day


def parse_version(text: str) -> int:
    match = re.fullmatch(r"(?:n°\s*|#)?(\d+)", text.strip())
    if not match:
        usage_error(f"numéro de version invalide : « {text} » (exemple : 2).")
    return int(match.group(1))
