from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.audit import render_audit, write_audit
from pipeline.models import (
    Change,
    EffectiveDateSource,
    LineChange,
    TariffDiff,
    TariffVersion,
    TierChange,
    TierKind,
    VersionStatus,
)
from tests.audit.drawn import TRICKY, WIDTH, Drawn


class Links(HTMLParser):
    """Ids, internal links and every URL-bearing attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.urls: list[str] = []
        self.boxes: dict[str, dict[str, str]] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        if "id" in values:
            self.ids.append(values["id"])
        if "href" in values:
            self.hrefs.append(values["href"])
        for name in ("href", "src", "action", "data", "poster"):
            if name in values:
                self.urls.append(values[name])
        if "box" in values.get("class", "").split():
            self.boxes[values["id"]] = values


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture
def html(drawn: Drawn) -> str:
    return render_audit(drawn.extraction, drawn.pdf)


def test_every_line_and_tier_has_its_boxes(html: str, drawn: Drawn) -> None:
    boxes = parse(html).boxes
    for index in range(1, len(drawn.extraction.services) + 1):
        assert {f"b-s{index}", f"b-s{index}-a"} <= boxes.keys()
        assert boxes[f"b-s{index}-a"]["href"] == f"#r-s{index}"
    for index in range(1, len(drawn.extraction.strata) + 1):
        assert {f"b-t{index}", f"b-t{index}-a"} <= boxes.keys()
    assert "b-m" in boxes  # the sitting's date
    assert "b-f1" in boxes  # the finding with a box


def test_boxes_are_placed_in_percent_of_the_page(html: str, drawn: Drawn) -> None:
    style = parse(html).boxes["b-s1-a"]["style"]
    left = float(re.search(r"left: ([\d.]+)%", style).group(1))
    x0 = drawn.extraction.services[0].amount_bbox[0]
    assert left == pytest.approx(x0 / WIDTH * 100, abs=0.01)


def test_every_internal_link_resolves_to_an_id(html: str) -> None:
    links = parse(html)
    assert len(links.ids) == len(set(links.ids)), "ids must be unique"
    internal = [href for href in links.hrefs if href.startswith("#")]
    assert internal
    assert {href[1:] for href in internal} <= set(links.ids)
    # each row of the tables links to a box, each box back to a row
    for index in (1, 2, 3):
        assert f"#b-s{index}-a" in internal and f"#b-t{index}-a" in internal


def test_nothing_is_fetched_from_the_network(html: str) -> None:
    links = parse(html)
    for url in links.urls:
        assert url.startswith(("#", "data:")), url
    assert "link" not in links.tags
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_labels_are_escaped(html: str) -> None:
    assert TRICKY not in html
    assert "Compte &lt;b&gt;pro&lt;/b&gt; &amp; &#34;partagé&#34;" in html


def test_amounts_are_in_french_form(html: str) -> None:
    assert "1\u202f234,50\xa0€" in html
    assert "16,80\xa0€" in html
    assert "Sur devis" in html
    assert "de 500 à 999" in html


def test_the_source_and_the_sitting_are_shown(html: str, drawn: Drawn) -> None:
    assert drawn.extraction.source.sha256 in html
    assert drawn.pdf.name in html
    assert "texte du PDF (pas d&#39;OCR)" in html
    assert "10 juillet 2025" in html
    assert "à la majorité (15 pour, 2 contre, 1 abstention)" in html


def test_findings_link_to_their_page_errors_first(html: str) -> None:
    findings = html[html.index('id="constats"') :]
    error = findings.index("Un constat bloquant.")
    warning = findings.index("Aucune strate ne couvre exactement 1 000 habitants.")
    assert error < warning
    assert 'href="#b-f1">page 2</a>' in html


def test_without_a_diff_the_report_says_so(html: str) -> None:
    assert "Pas de comparaison" in html


def _version(drawn: Drawn) -> TariffVersion:
    return TariffVersion(
        id=7,
        status=VersionStatus.PENDING,
        effective_date=dt.date(2026, 4, 1),
        effective_date_source=EffectiveDateSource.STATED,
        extraction=drawn.extraction,
        created_at="2026-03-20T10:00:00",
    )


def test_the_diff_shows_old_new_and_percent(drawn: Drawn) -> None:
    diff = TariffDiff(
        lines=[
            LineChange(
                change=Change.CHANGED,
                category="Présence en ligne",
                group="Messagerie",
                label="Messagerie compte 5 Go",
                old_amount=Decimal("14.93"),
                new_amount=Decimal("16.80"),
                percent=Decimal("12.5"),
            ),
            LineChange(
                change=Change.REMOVED,
                category="Présence en ligne",
                group=None,
                label="Page internet",
                old_amount=Decimal("14.00"),
            ),
        ],
        tiers=[
            TierChange(
                change=Change.CHANGED,
                label="Moins de 1 000 habitants",
                kind=TierKind.COLLECTIVITY,
                old_min=500,
                old_max=1000,
                new_min=500,
                new_max=999,
                old_amount=Decimal("120"),
                new_amount=Decimal("100"),
                percent=Decimal("-16.7"),
            )
        ],
    )
    html = render_audit(drawn.extraction, drawn.pdf, diff=diff, version=_version(drawn))
    assert "+12,5\u202f%" in html and "-16,7\u202f%" in html
    assert "14,93\xa0€" in html and "120,00\xa0€" in html
    assert "Supprimée" in html and "Page internet" in html
    assert "bornes : de 500 à 1\u202f000 → de 500 à 999" in html
    assert 'href="#r-s1">Messagerie compte 5 Go</a>' in html  # the changed line's row
    assert "en attente d&#39;approbation" in html
    assert "1er avril 2026" in html
    links = parse(html)
    assert {h[1:] for h in links.hrefs if h.startswith("#")} <= set(links.ids)


def test_an_empty_diff_says_nothing_changed(drawn: Drawn) -> None:
    html = render_audit(drawn.extraction, drawn.pdf, diff=TariffDiff(), version=_version(drawn))
    assert "Aucun changement" in html


def test_values_without_a_box_are_flagged(drawn: Drawn) -> None:
    services = [
        line.model_copy(update={"bbox": None, "amount_bbox": None})
        for line in drawn.extraction.services
    ]
    extraction = drawn.extraction.model_copy(update={"services": services})
    html = render_audit(extraction, drawn.pdf)
    assert "b-s1" not in parse(html).boxes
    assert "3 valeur(s) sans position sur la page" in html


def test_write_audit_writes_atomically(drawn: Drawn, tmp_path: Path) -> None:
    target = tmp_path / "rapports" / "audit.html"
    write_audit(drawn.extraction, drawn.pdf.read_bytes(), target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["audit.html"]
    write_audit(drawn.extraction, drawn.pdf, target)  # overwrite, idempotent
    assert [p.name for p in target.parent.iterdir()] == ["audit.html"]


def test_the_report_stays_small(html: str) -> None:
    assert len(html.encode("utf-8")) < 400_000
