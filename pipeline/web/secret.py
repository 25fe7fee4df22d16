"""The key that signs the session cookies: created once, kept beside the store, 0600.

Created atomically: written to a private temporary file (mode 0600 from its creation),
then linked to its name, which fails if another process created it meanwhile (its key
is then used). A key file readable by others is refused.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from pipeline.errors import PipelineError

SECRET_NAME = ".pipeline-web-secret"
KEY_BYTES = 32


class SecretError(PipelineError):
    """The key file cannot be created or is not private (exit code 1)."""


def secret_path(db: Path, configured: Path | None = None) -> Path:
    return configured if configured is not None else Path(db).resolve().parent / SECRET_NAME


def load_or_create(path: Path) -> str:
    """The key kept in ``path``, created (mode 0600) when there is none."""
    path = Path(path)
    if not path.exists():
        _create(path)
    info = path.stat()
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretError(
            "la clé des sessions est lisible par d'autres utilisateurs : "
            f"chmod 600 {path} (ou supprimez-la : une nouvelle sera créée).",
            path=path,
        )
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise SecretError("clé des sessions trop courte ou vide : supprimez le fichier.", path=path)
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: its key
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
