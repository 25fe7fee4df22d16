"""The audit report: one self-contained HTML file, opened from disk, no network.

Page images are embedded as ``data:`` URIs, the CSS and the little JavaScript are
inline; nothing is fetched. The template ships in ``pipeline/audit/templates``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline import atomic
from pipeline.audit.pages import RESOLUTION, render_pages
from pipeline.audit.view import build_view
from pipeline.models import Extraction, TariffDiff, TariffVersion

TEMPLATE = "audit.html.j2"

_environment = Environment(
    loader=PackageLoader("pipeline.audit", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_audit(
    extraction: Extraction,
    pdf: bytes | Path,
    *,
    diff: TariffDiff | None = None,
    version: TariffVersion | None = None,
    previous: TariffVersion | None = None,
    resolution: int = RESOLUTION,
) -> str:
    """The audit report of ``extraction`` read from ``pdf`` (its path or bytes), as HTML.

    ``diff`` is the comparison with ``previous``, the version in force before this one;
    ``version`` adds the stored version's status and effective date.
    """
    view = build_view(
        extraction,
        render_pages(pdf, resolution=resolution, rotations=extraction.source.rotations),
        diff=diff,
        version=version,
        previous=previous,
    )
    return _environment.get_template(TEMPLATE).render(view=view, compared=diff is not None)


def write_audit(
    extraction: Extraction,
    pdf: bytes | Path,
    path: Path,
    *,
    diff: TariffDiff | None = None,
    version: TariffVersion | None = None,
    previous: TariffVersion | None = None,
    resolution: int = RESOLUTION,
) -> Path:
    """Render the report and write it to ``path`` atomically (temporary file, then rename)."""
    html = render_audit(
        extraction, pdf, diff=diff, version=version, previous=previous, resolution=resolution
    )
    return atomic.write_text(path, html)
