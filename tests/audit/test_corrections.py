"""The audit page of a corrected version: the corrected values marked, every correction
listed with who, when and why, the values added not taken for values without a box."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.audit import render_audit
from pipeline.corrections import LINE, SITTING, TIER, Edit, effective, prepare
from pipeline.models import EffectiveDateSource, TariffVersion, VersionStatus
from tests.audit.drawn import Drawn
from tests.audit.test_report import parse


def corrected(drawn: Drawn) -> TariffVersion:
    read = drawn.extraction
    made = prepare(
        read,
        [],
        [
            Edit.set(LINE, "price", "16.50", 1),
            Edit.add(LINE, label="Audit", price="90.00", unit="Par audit"),
            Edit.remove(LINE, 3),
            Edit.set(TIER, "max_population", "1000", 2),
            Edit.set(SITTING, "effective_date", "2025-09-01"),
        ],
        by="Marie Dupont",
        reason="relu sur la page",
        at="2025-07-11T08:00:00+00:00",
    )
    values = effective(read, made)
    return TariffVersion(
        id=7,
        status=VersionStatus.PENDING,
        effective_date=dt.date(2025, 9, 1),
        effective_date_source=EffectiveDateSource.STATED,
        extraction=values.extraction,
        created_at="2025-07-11T07:00:00+00:00",
        corrections=made,
        line_numbers=values.line_numbers,
        tier_numbers=values.tier_numbers,
    )


@pytest.fixture
def html(drawn: Drawn) -> str:
    version = corrected(drawn)
    return render_audit(version.extraction, drawn.pdf, version=version)


def test_a_corrected_value_is_marked_with_the_value_read(html):
    assert "16,50\xa0€" in html
    assert "corrigé (tarif : avant 16,80\xa0€)" in html
    assert 'title="tarif : 16,80\xa0€ → 16,50\xa0€ (Marie Dupont, 11 juillet 2025 à 10 h 00 : ' in (
        html
    )
    assert "corrigé (population maximale : avant 999)" in html


def test_every_correction_is_listed_in_order_with_who_and_why(html):
    section = html[html.index('id="corrections"') : html.index('id="constats"')]
    assert section.count("<li ") == 5
    assert "ligne 4 ajoutée : « Audit », 90,00\xa0€, Par audit" in section
    assert "ligne 3 supprimée : « NAS 4 disques », sur devis, Par unité" in section
    assert "Marie Dupont, 11 juillet 2025 à 10 h 00 : relu sur la page" in section
    assert "5 correction(s)" in html and "version n° 7, en attente d&#39;approbation" in html


def test_a_corrected_sitting_date_says_what_was_read(html):
    assert "1er septembre 2025 (corrigée, avant : aucune)" in html


def test_an_added_line_is_not_a_value_without_a_box(html):
    assert "sans position sur la page" not in html
    assert "ajoutée par correction" in html


def test_links_to_corrected_rows_resolve_and_numbers_are_shown(html):
    links = parse(html)
    assert {h[1:] for h in links.hrefs if h.startswith("#")} <= set(links.ids)
    assert '<a href="#r-s1">ligne 1, tarif' in html
    assert '<td class="num">4</td>' in html  # the added line's number
