"""Page images of a received PDF, rendered once and kept in the cache folder.

The audit report embeds its page images (:mod:`pipeline.audit.pages`); the web page
links to them instead, so that a page of a 27-page book is fetched when it is
scrolled to and a review page loads at once. They are rendered by the audit's own
:func:`~pipeline.audit.pages.render_pages` (the same rotation of scanned pages, the
same PNG-or-JPEG choice) into ``<cache>/pages/<sha256>/<resolution>/``: one image per
page and ``pages.json`` with each page's size in PDF points, written last, so that a
folder with a ``pages.json`` is complete. A file's images never change (its SHA-256
names them), so the browser may keep them.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import asdict
from pathlib import Path

from pipeline import atomic
from pipeline.audit.pages import PageImage, render_pages

SHA256 = re.compile(r"[0-9a-f]{64}")
MEDIA = {"png": "image/png", "jpeg": "image/jpeg"}

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def folder(cache_dir: Path, sha256: str, resolution: int) -> Path:
    if not SHA256.fullmatch(sha256):
        raise ValueError("not a SHA-256")
    return Path(cache_dir) / "pages" / sha256 / str(int(resolution))


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def cached_pages(cache_dir: Path, sha256: str, resolution: int, url: str) -> list[PageImage] | None:
    """The pages' sizes with ``url`` (formatted with ``number`` and ``ext``) as their
    image, when they are in the cache; None otherwise."""
    index = folder(cache_dir, sha256, resolution) / "pages.json"
    try:
        pages = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [
        PageImage(
            number=p["number"],
            width=p["width"],
            height=p["height"],
            x0=p["x0"],
            top=p["top"],
            data_uri=url.format(number=p["number"], ext=p["ext"]),
        )
        for p in pages
    ]


def ensure_pages(
    cache_dir: Path,
    sha256: str,
    pdf: bytes,
    *,
    resolution: int,
    rotations: dict[int, float] | None = None,
    url: str = "{number}.{ext}",
) -> list[PageImage]:
    """The pages of ``pdf`` (whose SHA-256 is ``sha256``), rendered now when not cached.

    Raises :class:`~pipeline.errors.DamagedPdf` when a page cannot be rendered.
    """
    found = cached_pages(cache_dir, sha256, resolution, url)
    if found is not None:
        return found
    with _lock(f"{sha256}/{resolution}"):
        found = cached_pages(cache_dir, sha256, resolution, url)
        if found is not None:
            return found
        target = folder(cache_dir, sha256, resolution)
        index = []
        for page in render_pages(pdf, resolution=resolution, rotations=rotations):
            header, encoded = page.data_uri.split(",", 1)
            ext = "png" if header.startswith("data:image/png") else "jpeg"
            atomic.write_bytes(target / f"{page.number}.{ext}", base64.b64decode(encoded))
            entry = asdict(page)
            del entry["data_uri"]
            index.append({**entry, "ext": ext})
        atomic.write_text(target / "pages.json", json.dumps(index))
    found = cached_pages(cache_dir, sha256, resolution, url)
    assert found is not None
    return found


def page_file(cache_dir: Path, sha256: str, resolution: int, name: str) -> Path | None:
    """The cached image ``name`` (« 3.png ») of a file, or None."""
    if not SHA256.fullmatch(sha256) or not re.fullmatch(r"[1-9][0-9]{0,4}\.(png|jpeg)", name):
        return None
    path = folder(cache_dir, sha256, resolution) / name
    return path if path.is_file() else None
