"""The command line's own words in French: help headings, the help option, usage errors.

Typer renders help and usage errors with the Click it vendors (``typer._click``),
whose words are English and not translatable. This module gives it a French help
formatter and help option, and turns a usage error into one French line. Anything
it does not know stays as Typer wrote it: a newer Typer can only make the help
less French, never break the command line.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

_HEADINGS = {
    "Options": "Options",
    "Arguments": "Arguments",
    "Commands": "Commandes",
    "required": "obligatoire",
    "default: {default}": "par défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "Missing command.": "Commande manquante.",
}
HELP_TEXT = "Affiche cette aide et quitte."


def install() -> None:
    """French help for every command (idempotent)."""
    try:
        from typer import core as typer_core
        from typer._click import core as click_core
        from typer._click.formatting import HelpFormatter
    except ImportError:  # pragma: no cover - another Typer layout: keep its English help
        return

    class FrenchHelpFormatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

        @contextlib.contextmanager
        def section(self, name: str) -> Iterator[None]:
            with super().section(_HEADINGS.get(name, name)):
                yield

    click_core.Context.formatter_class = FrenchHelpFormatter
    if hasattr(typer_core, "_"):
        typer_core._ = lambda message: _HEADINGS.get(message, message)

    command = click_core.Command
    if getattr(command.get_help_option, "_french", False):
        return
    original = command.get_help_option

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    get_help_option._french = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option  # type: ignore[method-assign]


def usage_error(error: Exception) -> str:
    """One French line for a usage error (a missing argument, an unknown option…)."""
    kind = type(error).__name__
    context = getattr(error, "ctx", None)
    where = f" (voir « {context.command_path} --help »)" if context is not None else ""
    param = getattr(error, "param", None)
    if kind == "MissingParameter" and param is not None:
        if _is_option(param):
            return f"option manquante : {'/'.join(param.opts)}{where}"
        return f"argument manquant : {_argument(param)}{where}"
    if kind == "NoSuchOption":
        return f"option inconnue : {getattr(error, 'option_name', '')}{where}"
    if kind == "BadParameter" and param is not None:
        name = "/".join(param.opts) if _is_option(param) else _argument(param)
        message = str(getattr(error, "message", "")).removeprefix("Value error, ")
        choices = re.match(r"'(.*)' is not one of (.*)\.$", message)
        if choices:
            message = f"« {choices[1]} » (valeurs possibles : {choices[2].replace(chr(39), '')})"
        return f"valeur invalide pour {name} : {message}{where}"
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    command = re.match(r"No such command '(.*?)'\.?(?: Did you mean '(.*)'\?)?$", message)
    if command:
        guess = f" (vouliez-vous dire « {command[2]} » ?)" if command[2] else ""
        return f"commande inconnue : « {command[1]} »{guess}{where}"
    if message.startswith("Missing command"):
        return f"commande manquante{where}"
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.find("(") + 1 : message.rfind(")")]
        return f"argument en trop : {extra}{where}"
    return f"{message}{where}"


def _argument(param: object) -> str:
    metavar = getattr(param, "metavar", None)
    return str(metavar or getattr(param, "name", "") or "").upper().rstrip(".") or "?"


def _is_option(param: object) -> bool:
    return type(param).__name__.endswith("Option")
