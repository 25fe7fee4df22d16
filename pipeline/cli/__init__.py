"""Command line: parses arguments, calls the library, shows results and errors.

Each module registers its commands on the one Typer ``app``.
"""

from __future__ import annotations

import os
import sys

import typer

from pipeline.cli import click_fr
from pipeline.cli.app import EXIT_INPUT, EXIT_INTERNAL, app, err, error_line, out
from pipeline.errors import PipelineError


def register() -> None:
    """Register every command on ``app`` (importing a command module registers it)."""
    from pipeline.cli import audit, drop, extract, generate, verify, versions  # noqa: F401

    click_fr.install()


def main() -> None:
    register()
    try:
        code = app(prog_name="pipeline", standalone_mode=False)
    except typer.TyperException as error:  # Click's own errors: usage, files
        if type(error).__name__ == "NoArgsIsHelpError":
            out.print(error.ctx.get_help(), markup=False, highlight=False)
            sys.exit(0)
        err.print(f"Erreur : {click_fr.usage_error(error)}", markup=False, soft_wrap=True)
        sys.exit(EXIT_INPUT)
    except typer.Abort:
        err.print("Interrompu.")
        sys.exit(130)
    except PipelineError as error:  # raised outside a command's own handling
        err.print(error_line(error), soft_wrap=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err.print("Interrompu.")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # a bug: one line, never a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        err.print(
            f"Erreur interne ({type(error).__name__}) : {error}. "
            "Relancez avec PIPELINE_DEBUG=1 pour le détail et signalez-la."
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main", "register"]
