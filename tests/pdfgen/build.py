"""Write variations to a folder: NAME.pdf and NAME.truth.json, Word ones in one batch."""

from __future__ import annotations

import json
from pathlib import Path

from tests.pdfgen import reportlab_doc, word_doc
from tests.pdfgen.variations import Variation


def write_truth(variation: Variation, folder: Path) -> Path:
    path = folder / f"{variation.name}.truth.json"
    truth = variation.deliberation.truth()
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def build_all(variations: list[Variation], folder: Path) -> dict[str, Path]:
    """Write every variation's PDF and truth into ``folder``; name -> PDF path."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    docx = []
    for v in variations:
        write_truth(v, folder)
        if v.engine == "reportlab":
            out[v.name] = reportlab_doc.render(v.deliberation, v.layout, folder / f"{v.name}.pdf")
        else:
            docx.append(word_doc.write_docx(v.deliberation, v.layout, folder / f"{v.name}.docx"))
    if docx:
        for pdf in word_doc.convert(docx, folder):
            out[pdf.stem] = pdf
    return out
