"""Atomic writes: a temporary file beside the target, then a rename over it.

A reader sees the old file or the new one, never half of one. The temporary file is
created with the usual permissions (the umask applies, unlike ``tempfile.mkstemp``'s
0600), so that the written file can be shared like any other; its name is unique per
process and call, so that two writers never share it, and it is removed on failure.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMPORARY_NAME_BYTES = 120
"""Bytes of the target's name kept in the temporary file's name."""


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (creating its folder); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the target's name cut short in the temporary one: a name near the file system's
    # limit (255 bytes) must not push the temporary name over it
    stem = path.name.encode("utf-8")[:TEMPORARY_NAME_BYTES].decode("utf-8", "ignore")
    temporary = path.with_name(f".{stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; ``utf-8-sig`` gives a BOM for spreadsheets."""
    return write_bytes(path, text.encode(encoding))
