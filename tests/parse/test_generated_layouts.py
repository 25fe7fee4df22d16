"""Deliberations laid out in other ways than the samples still read right.

Every variation of ``tests.pdfgen`` (rules, column order, HT/TTC columns, merged cells,
footnote markers, page breaks, amount and tier wordings, fonts, page sizes, annexes,
votes, Word exports) is generated, extracted with ``pipeline.extract.extract`` and
scored against its own truth with the corpus scorer: every line and tier found,
nothing extra, metadata right. The extraction must also follow the export contract.
Inspect a failing PDF with ``python3 -m tests.pdfgen OUTDIR NAME``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pdfplumber
import pytest

from pipeline.extract import extract
from tests.conftest import ROOT, require_tool
from tests.corpus.score import line_matches, norm, score
from tests.pdfgen.build import build_all
from tests.pdfgen.variations import Variation, variations

VARIATIONS = variations()
SUPERSCRIPTS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SCHEMA = json.loads((ROOT / "pipeline/contract/extraction.schema.json").read_text("utf-8"))


def _params() -> list:
    return [
        pytest.param(v, id=v.name, marks=[pytest.mark.libreoffice] if v.engine == "word" else [])
        for v in VARIATIONS
    ]


@pytest.fixture(scope="session")
def reportlab_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    chosen = [v for v in VARIATIONS if v.engine == "reportlab"]
    return build_all(chosen, tmp_path_factory.mktemp("reportlab"))


@pytest.fixture(scope="session")
def word_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All the Word exports, converted in one LibreOffice run."""
    require_tool("libreoffice")
    chosen = [v for v in VARIATIONS if v.engine == "word"]
    return build_all(chosen, tmp_path_factory.mktemp("word"))


@pytest.fixture(scope="session")
def extractions() -> dict[str, dict]:
    """Extraction JSON per PDF path, so that each PDF is extracted once per session."""
    return {}


@pytest.fixture
def pdf(request: pytest.FixtureRequest, variation: Variation) -> Path:
    pdfs = request.getfixturevalue("word_pdfs" if variation.engine == "word" else "reportlab_pdfs")
    return pdfs[variation.name]


@pytest.fixture
def got(pdf: Path, extractions: dict[str, dict]) -> dict:
    if str(pdf) not in extractions:
        extractions[str(pdf)] = json.loads(extract(pdf).to_json())
    return extractions[str(pdf)]


def _show(items: list[dict]) -> str:
    keys = (
        "category",
        "group",
        "label",
        "amount",
        "on_quote",
        "unit",
        "min_population",
        "max_population",
        "kind",
    )
    return "\n".join(
        "    " + json.dumps({k: i[k] for k in keys if k in i}, ensure_ascii=False) for i in items
    )


def _tokens(text: str) -> set[str]:
    return set(norm(text).split())


@pytest.mark.parametrize("variation", _params())
def test_generated_pdf_shows_its_truth(variation: Variation, pdf: Path) -> None:
    """The generator's own check: every word of the truth is printed in the PDF
    (footnote markers aside: superscript characters and raised small digits)."""
    with pdfplumber.open(pdf) as doc:
        sizes = Counter(round(c["size"]) for page in doc.pages for c in page.chars)
        body = sizes.most_common(1)[0][0]
        text = " ".join(
            page.filter(lambda o: o["object_type"] != "char" or o["size"] > 0.7 * body)
            .extract_text()
            .translate(SUPERSCRIPTS)
            for page in doc.pages
        )
    words = _tokens(text)
    truth = variation.deliberation.truth()
    for item in truth["services"] + truth["strata"]:
        for key in ("category", "group", "label", "unit"):
            missing = _tokens(item.get(key) or "") - words
            assert not missing, f"{pdf}: {key} {item.get(key)!r} not printed ({missing})"
    assert norm(truth["deliberation"]["president"]) in norm(text)


@pytest.mark.parametrize("variation", _params())
def test_generated_layout_scores_perfectly(variation: Variation, pdf: Path, got: dict) -> None:
    truth = variation.deliberation.truth()
    result = score(truth, got)
    (sf, st, sx), (tf, tt, tx), (mf, mt) = result["services"], result["strata"], result["meta"]
    report = (
        f"{variation.name} ({variation.what})\n  PDF: {pdf}\n"
        f"  services {sf}/{st} found, {sx} extra; strata {tf}/{tt} found, {tx} extra; "
        f"metadata {mf}/{mt}\n"
        f"  missed:\n{_show(result['missed'])}\n  extra:\n{_show(result['extra'])}\n"
        + "".join(
            f"  meta {k}: want {truth['deliberation'][k]!r} got {got['deliberation'].get(k)!r}\n"
            for k in result["meta_wrong"]
        )
    )
    assert (sf, sx, tf, tx, mf) == (st, 0, tt, 0, mt), report


@pytest.mark.parametrize("variation", _params())
def test_generated_layout_follows_the_contract(variation: Variation, got: dict) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(got)]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("variation", _params())
def test_generated_labels_are_read_exactly(variation: Variation, pdf: Path, got: dict) -> None:
    """Labels as written, footnote markers dropped (the scorer only checks containment)."""
    truth = variation.deliberation.truth()
    for key in ("services", "strata"):
        want = Counter(norm(item["label"]) for item in truth[key])
        have = Counter(norm(item["label"]) for item in got[key])
        assert have == want, (
            f"{pdf}: {key} labels differ\n  missing: {sorted((want - have).elements())}"
            f"\n  unexpected: {sorted((have - want).elements())}"
        )


@pytest.mark.parametrize("variation", _params())
def test_generated_tax_basis_and_free_lines(variation: Variation, pdf: Path, got: dict) -> None:
    truth = variation.deliberation.truth()
    wrong = []
    for want in truth["services"]:
        hit = next((g for g in got["services"] if line_matches(want, g)), None)
        if hit is None:
            continue  # reported by the score test
        if hit["tax_basis"] != want["tax_basis"]:
            wrong.append(f"{want['label']}: tax_basis {hit['tax_basis']} != {want['tax_basis']}")
        if want.get("free") and not hit.get("free"):
            wrong.append(f"{want['label']}: written 'Gratuit' but free is {hit.get('free')}")
    assert not wrong, f"{pdf}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("variation", _params())
def test_generated_sitting_details(variation: Variation, pdf: Path, got: dict) -> None:
    """Vote counts, cited deliberations, stated effective date, place and president."""
    want = variation.deliberation.truth()["deliberation"]
    have = got["deliberation"]
    wrong = []
    for key in ("votes_for", "votes_against", "abstentions"):
        if key in want and have.get(key) != want[key]:
            wrong.append(f"{key}: want {want[key]!r} got {have.get(key)!r}")
    if sorted(have.get("references") or []) != sorted(want["references"]):
        wrong.append(f"references: want {want['references']} got {have.get('references')}")
    if have.get("effective_date") != want.get("effective_date"):
        stated, read = want.get("effective_date"), have.get("effective_date")
        wrong.append(f"effective_date: want {stated!r} got {read!r}")
    for key in ("place", "president"):
        if norm(have.get(key)) != norm(want[key]):
            wrong.append(f"{key}: want {want[key]!r} got {have.get(key)!r}")
    assert not wrong, f"{pdf}:\n  " + "\n  ".join(wrong)


def test_every_variation_is_named_for_what_it_exercises() -> None:
    names = [v.name for v in VARIATIONS]
    assert len(names) == len(set(names))
    assert all(
        re.fullmatch(r"[a-z0-9_]+", n) and v.what for n, v in zip(names, VARIATIONS, strict=True)
    )
