"""A hostile deliberation: its texts are data everywhere, never markup, code or formulas.

Labels holding rich markup (``[/bold]``), template code (``{{ 7*7 }}``), HTML
(``<script>``), spreadsheet formulas (``=1+1``, ``@SUM(A1)``), a NUL, an escape
sequence, a right-to-left mark and 5 000 characters go through the store
(approval), ``tariffs``, ``history``, ``diff``, ``audit``, ``export csv/xlsx``, the
generated conventions and the command line's error lines: each shows them as
written (or without the characters that output cannot hold), and nothing runs.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from pipeline.audit import render_audit
from pipeline.cli import register
from pipeline.cli.app import app, err, out
from pipeline.export import csv_text, xlsx_bytes
from pipeline.generate import DOCUMENTS, GENERATED, UNCHANGED, Generation, read_manifest
from pipeline.models import EffectiveDateSource, Extraction, TariffVersion, VersionStatus
from pipeline.registry import load_registry
from pipeline.render.check import check_templates
from pipeline.render.typography import french, unbreakable
from pipeline.safe_text import for_spreadsheet, for_terminal, for_xml, from_spreadsheet
from pipeline.store import Store, new_owner
from tests.render.helpers import TEMPLATES, docx_text
from tests.store.factories import from_truth

register()

MARKUP = "[/bold] fin [bold]gras[/] [/] [link=https://exemple.fr]lien[/link]"
TEMPLATE = "{{ 7*7 }} {% if 1 %}si{% endif %} {_{ x }_}"
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=1+1"
AT = "@SUM(A1)"
LONG = "Libellé très long " + "x" * (5000 - 18)
RTL = "\u200fشبكة الألياف\u200f Compte"
EMOJI = "Alerte :warning: :smile:"
ESCAPE = "\x1b[31mrouge\x1b[0m\x07"
NUL = "Avec\x00NUL"
AMPERSAND = "A < B > C & D"
"""Comes after the NUL: a NUL once made the annex drop « < > & » from later labels."""
LABELS = (MARKUP, TEMPLATE, SCRIPT, FORMULA, AT, LONG, RTL, EMOJI, ESCAPE, NUL, AMPERSAND)
SHORT = tuple(label for label in LABELS if label is not LONG)

CATEGORY = "=cmd|' /C calc'!A0"
GROUP = "@SUM(1+1)"
UNIT = "[/] par an -1+1"
FILE = "[/bold] =1+1 <script>x</script>.pdf"
TIER = f"{SCRIPT} [/bold] {{{{ 7*7 }}}} Moins de 2 000 habitants"
"""The tier of Ablain-Saint-Nazaire (1 994 inhabitants)."""
NAME = '=HYPERLINK("https://exemple.fr","clic") [/bold] <b>Ablain</b>'
REBATE = Decimal("-5.00")


def hostile_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(60, 700, "Délibération du 15 janvier 2026 : tarifs")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def hostile_extraction(content: bytes) -> Extraction:
    """The 2025 tariffs with hostile texts in place of every label, and a rebate."""
    truth = from_truth("2025-07-10_annexe2_tarifs")
    services = []
    for index, line in enumerate(truth.services):
        label = LABELS[index] if index < len(LABELS) else f"{LABELS[index % len(LABELS)]} {index}"
        update: dict[str, object] = {"label": label}
        if index == 0:
            update |= {"category": CATEGORY, "group": GROUP, "unit": UNIT, "amount": REBATE}
        services.append(line.model_copy(update=update))
    strata = list(truth.strata)
    strata[0] = strata[0].model_copy(update={"label": f"{FORMULA} {strata[0].label}"})
    strata[3] = strata[3].model_copy(update={"label": TIER})
    return truth.model_copy(
        update={
            "source": truth.source.model_copy(
                update={"file": FILE, "sha256": hashlib.sha256(content).hexdigest(), "pages": 1}
            ),
            "deliberation": truth.deliberation.model_copy(
                update={"date": dt.date(2026, 1, 15), "effective_date": None}
            ),
            "services": services,
            "strata": strata,
            "findings": [],
        }
    )


def hostile_version() -> TariffVersion:
    return TariffVersion(
        id=2,
        status=VersionStatus.APPROVED,
        effective_date=dt.date(2026, 1, 15),
        effective_date_source=EffectiveDateSource.SITTING,
        extraction=hostile_extraction(hostile_pdf()),
        created_at="2026-01-16T09:00:00",
    )


def _store(extraction: Extraction, content: bytes) -> int:
    with Store(Path("pipeline.sqlite3")) as store:
        owner = new_owner()
        store.claim_file(
            sha256=extraction.source.sha256,
            name=extraction.source.file,
            content=content,
            owner=owner,
        )
        version_id = store.add_version(
            sha256=extraction.source.sha256, owner=owner, extraction=extraction
        )
    assert version_id is not None
    return version_id


@pytest.fixture
def cli(workdir: Path):
    """Invoke a command in the work folder, with consoles wide enough for 5 000 characters."""
    runner = CliRunner()
    widths = (out.width, err.width)
    out.width = err.width = 12_000

    def invoke(*args: str):
        result = runner.invoke(app, list(args))
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), repr(result.exception)
        return result

    yield invoke
    out.width, err.width = widths


@pytest.fixture
def stored(cli, workdir: Path):
    """The clean 2025 version approved (n° 1) and the hostile one pending (n° 2)."""
    clean = from_truth("2025-07-10_annexe2_tarifs")
    _store(clean, b"%PDF-2025")
    assert cli("approve", "1", "--par", "Test", "--accepter-avertissements").exit_code == 0
    content = hostile_pdf()
    assert _store(hostile_extraction(content), content) == 2
    return cli


def _shown(text: str) -> str:
    """What a terminal line shows of ``text``."""
    return for_terminal(text)


# --- the command line ----------------------------------------------------------------------


def test_approve_tariffs_history_and_diff_print_hostile_text_as_written(stored):
    approved = stored(
        "approve", "2", "--par", "[/bold] Marie [red]Dupont[/]", "--accepter-avertissements"
    )
    assert approved.exit_code == 0, approved.output
    assert "approuvée par [/bold] Marie [red]Dupont[/]" in approved.output

    tariffs = stored("tariffs", "--date", "2026-05-01")
    assert tariffs.exit_code == 0, tariffs.output
    for text in (*LABELS, CATEGORY, GROUP, UNIT, FILE, TIER):
        assert _shown(text) in tariffs.output, text
    assert "\x1b" not in tariffs.output and "\x00" not in tariffs.output
    assert "⚠" not in tariffs.output  # « :warning: » is not an emoji code

    history = stored("history")
    assert history.exit_code == 0, history.output
    assert FILE in history.output and "[/bold] Marie [red]Dupont[/]" in history.output

    diff = stored("diff", "1", "2")
    assert diff.exit_code == 0, diff.output
    for text in (MARKUP, TEMPLATE, SCRIPT, FORMULA, CATEGORY, GROUP):
        assert text in diff.output, text


def test_error_lines_show_arguments_as_written(stored):
    unknown = stored("generate", "[/x]", "--date", "2026-05-01")
    assert unknown.exit_code != 0
    assert "« [/x] »" in unknown.output

    bad_number = stored("approve", "[bold]2[/bold]")
    assert bad_number.exit_code == 2
    assert "« [bold]2[/bold] »" in bad_number.output

    bad_date = stored("tariffs", "--date", "[/red]")
    assert bad_date.exit_code == 2
    assert "« [/red] »" in bad_date.output

    missing = stored("export", "[red]x :warning:.pdf", "--format", "csv")
    assert missing.exit_code == 2
    assert "[red]x :warning:.pdf" in missing.output


def test_run_goes_on_after_files_named_with_markup(cli, workdir):
    for name in ("[bold]a.pdf", "[red]b :warning:.pdf", "c\x1b[31m.pdf"):
        (workdir / "deliberations" / name).write_bytes(f"not a PDF: {name}".encode())
    result = cli("run")
    assert result.exit_code == 2, result.output
    assert "échec [bold]a.pdf : " in result.output
    assert "échec [red]b :warning:.pdf : " in result.output
    assert "échec c[31m.pdf : " in result.output and "\x1b" not in result.output
    assert "0 nouvelle version en attente, 0 déjà reçu, 3 en échec." in result.output


def test_audit_command_names_its_file_as_written(stored, workdir):
    target = workdir / "[/bold] audit.html"
    result = stored("audit", "2", "--sortie", str(target))
    assert result.exit_code == 0, result.output
    assert f"Rapport d'audit écrit : {target}" in result.output
    html = target.read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_extract_display_prints_hostile_text_as_written():
    from pipeline.cli.extract import show
    from pipeline.models import Finding, Severity

    extraction = hostile_version().extraction
    meta = extraction.deliberation.model_copy(
        update={"title": MARKUP, "president": SCRIPT, "place": EMOJI, "references": [TEMPLATE]}
    )
    finding = Finding(severity=Severity.ERROR, code="rules.hostile", message=f"{MARKUP} {ESCAPE}")
    extraction = extraction.model_copy(update={"deliberation": meta, "findings": [finding]})
    widths = out.width
    out.width = 12_000
    try:
        with out.capture() as captured:
            show(extraction)
    finally:
        out.width = widths
    shown = captured.get()
    for text in (*LABELS, FILE, TIER, MARKUP, SCRIPT, EMOJI, TEMPLATE):
        assert _shown(text) in shown, text[:40]
    assert f"ERREUR {MARKUP} {_shown(ESCAPE)}" in shown


# --- the exports -------------------------------------------------------------------------


FORMULAS = (FORMULA, AT, CATEGORY, GROUP)


def test_csv_cells_never_start_a_formula(stored, workdir):
    target = workdir / "tarifs.csv"
    assert stored("export", "2", "--format", "csv", "--sortie", str(target)).exit_code == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    for text in FORMULAS:
        assert "'" + text in cells, text
    assert "'" + TIER not in cells and TIER in cells  # only formula starts are changed
    assert "AvecNUL" in cells and "\x00" not in target.read_text(encoding="utf-8-sig")
    first = rows[1]
    assert first[rows[0].index("Tarif")] == "-5,00"  # a rebate stays a number
    assert first[rows[0].index("Unité de facturation")] == UNIT
    assert csv_text(hostile_version().extraction) == target.read_bytes().decode("utf-8-sig")


def test_xlsx_cells_are_texts_never_formulas(stored, workdir):
    target = workdir / "tarifs.xlsx"
    result = stored("export", "2", "--format", "xlsx", "--sortie", str(target))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(target)
    seen: dict[str, openpyxl.cell.cell.Cell] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.setdefault(cell.value, cell)
    for text in FORMULAS:
        cell = seen[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not seen[TIER].quotePrefix
    assert seen[FILE].value == FILE
    assert "AvecNUL" in seen and LONG in seen and RTL in seen
    services = workbook["Services"]
    headers = [cell.value for cell in services[1]]
    rebate = services.cell(row=2, column=headers.index("Tarif") + 1)
    assert rebate.value == -5 and rebate.data_type == "n"


def test_xlsx_survives_every_control_character():
    extraction = hostile_version().extraction
    first = extraction.services[0].model_copy(
        update={"label": "".join(chr(c) for c in range(32)) + "fin"}
    )
    extraction = extraction.model_copy(
        update={
            "services": [first, *extraction.services[1:]],
            "source": extraction.source.model_copy(update={"file": "nul\x00.pdf"}),
        }
    )
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(extraction)))
    label = workbook["Services"]["C2"]
    assert label.value.startswith("\t\n") and label.value.endswith("fin")
    assert set(label.value[:-3]) <= {"\t", "\n", "\r"}
    assert label.quotePrefix  # a tab first is a formula start
    assert workbook["Source"]["B2"].value == "nul.pdf"


# --- the generated conventions --------------------------------------------------------------


def test_conventions_show_hostile_text_as_written(tmp_path):
    version = hostile_version()
    ablain = load_registry().find("62001")
    hostile = ablain.model_copy(update={"name": NAME})
    loaded = {t.path.name: t for t in check_templates(TEMPLATES)}
    templates = {kind: loaded[name] for kind, (name, _) in DOCUMENTS.items()}

    # the municipale (1 994) puts Ablain-Saint-Nazaire in the hostile tier
    generation = Generation(version, [hostile], templates, tmp_path, population_kind="municipale")
    (outcome,) = list(generation)
    assert outcome.status == GENERATED, outcome.message

    annex = docx_text(outcome.files["annexe"])
    cells = [cell for table in annex["tables"] for row in table for cell in row]
    # as written, set in French typography (no-break spaces, apostrophes)
    for text in LABELS:
        assert any(french(for_xml(text)) in cell for cell in cells), text[:40]
    assert any(cell == AMPERSAND for cell in cells)
    assert any(unbreakable(TIER) in cell for cell in cells)
    assert NAME in annex["header"] or any(NAME in p for p in annex["paragraphs"])

    convention = docx_text(outcome.files["convention"])
    text = "\n".join(convention["paragraphs"] + [convention["header"], convention["footer"]])
    assert NAME in text and unbreakable(TIER) in text

    manifest = (generation.folder / "manifest.csv").read_text(encoding="utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(manifest), delimiter=";")
    assert row["collectivite"] == "'" + NAME
    assert not [value for value in row.values() if value[:1] in ("=", "+", "-", "@")]

    again = Generation(version, [hostile], templates, tmp_path, population_kind="municipale")
    assert [o.status for o in again] == [UNCHANGED]  # the manifest reads back as written
    assert (generation.folder / "manifest.csv").read_text(encoding="utf-8-sig") == manifest


def test_manifest_keeps_a_formula_looking_code_as_text(tmp_path):
    version = hostile_version()
    hostile = load_registry().find("62001").model_copy(update={"code": "=62001"})
    loaded = {t.path.name: t for t in check_templates(TEMPLATES)}
    templates = {kind: loaded[name] for kind, (name, _) in DOCUMENTS.items()}
    first = Generation(version, [hostile], templates, tmp_path)
    assert [o.status for o in first] == [GENERATED]
    rows = read_manifest(first.manifest_path)
    assert list(rows) == ["=62001"]
    raw = first.manifest_path.read_bytes().decode("utf-8-sig")
    assert "\r\n'=62001;" in raw
    second = Generation(version, [hostile], templates, tmp_path)
    assert [o.status for o in second] == [UNCHANGED]
    assert first.manifest_path.read_bytes().decode("utf-8-sig") == raw


# --- the audit page ------------------------------------------------------------------------


def test_audit_page_escapes_every_value():
    version = hostile_version()
    html = render_audit(version.extraction, hostile_pdf(), version=version, resolution=30)
    assert html.count("<script") == 1  # the page's own script, nothing from the data
    assert SCRIPT not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "[/bold] =1+1 &lt;script&gt;x&lt;/script&gt;.pdf" in html
    assert "A &lt; B &gt; C &amp; D" in html


# --- the helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\x00=1+1", "'=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Messagerie", "Messagerie"),
        ("'=1", "'=1"),
    ],
)
def test_spreadsheet_cells(text, cell):
    assert for_spreadsheet(text) == cell
    assert for_spreadsheet(for_spreadsheet(text)) == cell
    if cell.startswith("'") and not text.startswith("'"):
        assert from_spreadsheet(cell) == for_xml(text)


def test_terminal_and_xml_text():
    assert for_terminal("a\x1b[31mb\x07\r\x9bc\td\ne") == "a[31mbc\td\ne"
    assert for_terminal(MARKUP) == MARKUP and for_terminal(RTL) == RTL
    assert for_xml("a\x00b\x0bc\td\ne\rf\ufffe") == "abc\td\ne\rf"
