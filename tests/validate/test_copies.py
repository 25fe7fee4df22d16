"""The same deliberation in another file is recognised by its content, recorded as a
copy of the version it repeats with a finding, and never becomes a pending version."""

from __future__ import annotations

import shutil

from pipeline.run import Outcome, run
from pipeline.store import Store
from pipeline.validate.copies import DUPLICATE, same_deliberation
from tests.conftest import CORPUS, require_tool
from tests.store.factories import from_truth, line, make_extraction

OLD = from_truth("2025-07-10_annexe2_tarifs")


def test_a_label_read_slightly_otherwise_is_the_same_deliberation():
    ocr = OLD.model_copy(
        update={
            "services": [
                s.model_copy(update={"label": s.label.replace("é", "e").replace("Go", "G0")})
                for s in OLD.services
            ]
        }
    )
    assert same_deliberation(OLD, ocr)


def test_another_price_another_sitting_or_a_missing_line_is_not():
    first = OLD.services[0]
    dearer = OLD.model_copy(
        update={"services": [first.model_copy(update={"amount": 17}), *OLD.services[1:]]}
    )
    later = OLD.model_copy(
        update={"deliberation": OLD.deliberation.model_copy(update={"date": None})}
    )
    shorter = OLD.model_copy(update={"services": OLD.services[1:]})
    assert not same_deliberation(OLD, dearer)
    assert not same_deliberation(OLD, later)
    assert not same_deliberation(OLD, shorter)
    assert not same_deliberation(make_extraction(services=[line("A", "1.00")]), OLD)


def test_the_corpus_scan_after_its_text_pdf_is_a_copy(workdir):
    require_tool("tesseract")
    from pipeline.settings import Settings

    settings = Settings()
    shutil.copy(CORPUS / "2025-07-10_annexe2_tarifs.pdf", settings.deliberations_dir)
    (first,) = run(settings)
    assert first.outcome is Outcome.STORED
    shutil.copy(CORPUS / "2025-07-10_annexe2_tarifs_scan.pdf", settings.deliberations_dir)
    outcomes = run(settings)
    copy = next(o for o in outcomes if o.path.name.endswith("_scan.pdf"))
    assert copy.outcome is Outcome.COPY and copy.version.id == first.version.id
    assert copy.finding.code == DUPLICATE and "version n° 1" in copy.finding.message
    with Store(settings.db) as store:
        assert [v.id for v in store.versions()] == [1]
        received = store.file(copy.sha256)
        assert received.copy and received.version_id == 1
    (again,) = [o for o in run(settings) if o.path.name.endswith("_scan.pdf")]
    assert again.outcome is Outcome.SEEN and again.received.copy
