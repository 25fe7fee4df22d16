"""Command line: parses arguments, calls the library, shows results and errors.

Each module registers its commands on the one Typer ``app``.
"""

from __future__ import annotations

import sys

from pipeline.cli.app import EXIT_INTERNAL, app, err, fail
from pipeline.errors import PipelineError


def _register() -> None:
    from pipeline.cli import extract  # noqa: F401

    for name in ("versions", "audit", "generate"):
        try:
            __import__(f"pipeline.cli.{name}")
        except ModuleNotFoundError as exc:  # pragma: no cover - during development only
            if exc.name != f"pipeline.cli.{name}":
                raise


def main() -> None:
    _register()
    try:
        app(standalone_mode=True)
    except PipelineError as error:
        fail(error)
    except KeyboardInterrupt:
        err.print("Interrompu.")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # a bug: one line, never a traceback
        err.print(
            f"Erreur interne ({type(error).__name__}) : {error}. "
            "Relancez avec PIPELINE_DEBUG=1 pour le détail et signalez-la."
        )
        import os

        if os.environ.get("PIPELINE_DEBUG"):
            raise
        sys.exit(EXIT_INTERNAL)


__all__ = ["app", "main"]
