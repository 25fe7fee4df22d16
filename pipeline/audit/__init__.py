"""Audit stage: every value read, boxed on the page it came from, in one HTML file.

``render_audit(extraction, pdf)`` returns the report; ``write_audit(…, path)`` writes
it atomically. The report shows the page images with a box around each value, the
extracted tables beside them (a click on a row shows its box, hovering a box lights
its row), the findings, the differences from the previous version and the source.
"""

from pipeline.audit.report import render_audit, write_audit

__all__ = ["render_audit", "write_audit"]
