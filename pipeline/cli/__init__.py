"""Command line: parses arguments, calls the library, shows results and errors.

Each module registers its commands on the one Typer ``app``.
"""

from __future__ import annotations

import os
import sys

from pipeline.cli.app import EXIT_INTERNAL, app, err
from pipeline.errors import PipelineError


def main() -> None:
    from pipeline.cli import audit, extract, generate, versions  # noqa: F401  (registration)

    try:
        app(standalone_mode=True)
    except PipelineError as error:  # raised outside a command's own handling
        err.print(f"[bold red]Erreur[/] : {error}", soft_wrap=True)
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


__all__ = ["app", "main"]
