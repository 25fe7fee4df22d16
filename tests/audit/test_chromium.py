"""The audit of the sample deliberation, opened in headless Chromium, shows boxed pages.

The screenshot is kept in the test's folder, and copied to ``output/test-artifacts/``
when that folder exists, for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pipeline.audit import write_audit
from pipeline.extract import extract
from tests.conftest import ROOT, SAMPLE, require_tool

AMOUNT_BOX = (214, 51, 108)
"""The colour of a price's box (``--amount`` in audit.css)."""

pytestmark = pytest.mark.chromium


def _screenshot(chromium: str, page: Path, picture: Path, profile: Path) -> None:
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={picture}",
            "--window-size=1400,1800",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _near(colour: tuple[int, ...], target: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], target, strict=True))


def test_the_audit_shows_the_pages_with_boxes(tmp_path: Path) -> None:
    chromium = require_tool("chromium")
    extraction = extract(SAMPLE)
    report = write_audit(extraction, SAMPLE, tmp_path / "audit.html")
    picture = tmp_path / "audit.png"

    _screenshot(chromium, report, picture, tmp_path / "profil")

    artefacts = ROOT / "output" / "test-artifacts"
    if artefacts.is_dir():
        shutil.copy(picture, artefacts / "audit-2025-07-10.png")
        shutil.copy(report, artefacts / "audit-2025-07-10.html")
    assert picture.is_file() and picture.stat().st_size > 10_000
    image = Image.open(picture).convert("RGB")
    assert image.size == (1400, 1800)
    colours = image.getcolors(maxcolors=1 << 24)
    assert len(colours) > 50, "a blank or nearly blank screenshot"
    boxed = sum(count for count, colour in colours if _near(colour, AMOUNT_BOX))
    assert boxed > 500, "no box around the prices on the visible pages"
    # dark text on a light page, not an error page
    assert sum(count for count, colour in colours if max(colour) < 80) > 2_000
