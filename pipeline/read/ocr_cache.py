"""The OCR cache: one JSON file of pages per scanned file, keyed by its SHA-256.

The file name also carries (a digest of) the version of the OCR settings, so that a change of
method never serves stale pages. Writes are atomic (temporary file, then rename);
an unreadable cache file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline import atomic
from pipeline.read.document import Fill, Page, Rule, Word

VERSION = (
    "ocr18-fra-psm3-reread-osd200-strokes-missed-shades-sides-notches-joined-stems-reverse-joined"
    "-bands-inset-strokes-inked-markers-descreened-specks-bands-apart-seeds-kept-scratches"
    "-borders-met-letters-colons-ones-tail-bands-commas-across-cents-edges-met-band-corners-crossings-page-bands-missed-block-same-ink-reversed-unerased-nested-white-lettering-under-letters-stood-lines-across-border-counted-gaps-feet-of-letters-standing"
)
"""Bump when the OCR method changes in a way that changes its pages."""

VERSION_DIGEST_CHARS = 16
"""Hex digits of VERSION's digest in a cache file's name."""


def cache_file(cache_dir: Path, sha256: str) -> Path:
    """The file of a scan's pages: its SHA-256 and a short digest of VERSION (the whole
    VERSION would outgrow the file system's limit on a name)."""
    tag = hashlib.sha256(VERSION.encode("utf-8")).hexdigest()[:VERSION_DIGEST_CHARS]
    return cache_dir / f"{sha256}.ocr-{tag}.json"


def load(cache_dir: Path, sha256: str) -> dict[int, Page]:
    """The cached pages of a file, by 1-based number; empty when none are usable."""
    try:
        data = json.loads(cache_file(cache_dir, sha256).read_text(encoding="utf-8"))
        return {int(number): _page(raw) for number, raw in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def save(cache_dir: Path, sha256: str, pages: dict[int, Page]) -> None:
    """Write the pages of a file to the cache, atomically."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "version": VERSION,
        "sha256": sha256,
        "pages": {str(number): _raw(page) for number, page in sorted(pages.items())},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    atomic.write_text(cache_file(cache_dir, sha256), text)


def _raw(page: Page) -> dict[str, object]:
    return {
        "number": page.number,
        "width": page.width,
        "height": page.height,
        "rotation": page.rotation,
        "words": [
            [w.text, w.x0, w.top, w.x1, w.bottom, w.size, w.bold, w.superscript, w.confidence]
            for w in page.words
        ],
        "rules": [[r.x0, r.top, r.x1, r.bottom] for r in page.rules],
        "fills": [[f.x0, f.top, f.x1, f.bottom, list(f.shade)] for f in page.fills],
    }


def _page(raw: dict) -> Page:
    return Page(
        number=int(raw["number"]),
        width=float(raw["width"]),
        height=float(raw["height"]),
        words=[
            Word(
                text=str(text),
                x0=x0,
                top=top,
                x1=x1,
                bottom=bottom,
                size=size,
                bold=bool(bold),
                superscript=bool(superscript),
                confidence=confidence,
            )
            for text, x0, top, x1, bottom, size, bold, superscript, confidence in raw["words"]
        ],
        rules=[Rule(*values) for values in raw["rules"]],
        fills=[
            Fill(x0, top, x1, bottom, tuple(shade)) for x0, top, x1, bottom, shade in raw["fills"]
        ],
        ocr=True,
        rotation=float(raw.get("rotation", 0.0)),
    )
