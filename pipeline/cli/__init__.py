"""Command line: parses arguments, calls the library, shows results and errors.

Each module registers its commands on the one Typer ``app``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

import typer

from pipeline.cli import click_fr
from pipeline.cli.app import EXIT_INPUT, EXIT_INTERNAL, app, err, error_line, out
from pipeline.errors import PipelineError


def register() -> None:
    """Register every command on ``app`` (importing a command module registers it)."""
    from pipeline.cli import (  # noqa: F401
        accounts,
        adhesions,
        audit,
        corrections,
        devis,
        drop,
        extract,
        generate,
        serve,
        verify,
        versions,
    )

    click_fr.install()


LOG_NAME = "pipeline.log"
"""The log file, in the cache folder: failures with their traceback, never on screen."""


def _log_file() -> Path:
    """Send warnings and errors, with their tracebacks, to the log file (opened only when
    something is written to it)."""
    from pipeline.settings import get_settings

    try:
        folder = get_settings().cache_dir
    except Exception:  # settings unreadable: the command will say so itself
        folder = Path(".cache")
    path = folder / LOG_NAME
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path.resolve()) for h in root.handlers):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=LOG_BYTES, backupCount=3, encoding="utf-8", delay=True
            )
        except OSError:
            return path
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
    return path


LOG_BYTES = 1_000_000


def main() -> None:
    register()
    log = _log_file()
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
    except Exception as error:  # a bug: one line here, the traceback in the log file
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        logging.getLogger("pipeline").exception("erreur interne")
        err.print(
            f"Erreur interne ({type(error).__name__}) : {error}. Le détail est dans {log} ; "
            "signalez-la (PIPELINE_DEBUG=1 l'affiche).",
            soft_wrap=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main", "register"]
