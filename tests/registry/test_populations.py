"""The population figure of a document: the kind the version's rule names, the millésime
in force on the document's date, and what is said when it is missing. The shipped data
checked against the legal populations they come from."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.models import TierKind
from pipeline.registry import load_registry, place
from pipeline.registry.models import Collectivity, CollectivityKind, PopulationFigure, TariffBasis
from pipeline.registry.opendata import DATA, vintages
from pipeline.registry.populations import (
    Fallback,
    choose,
    in_force_from,
    rule_of,
    vintage_in_force,
)
from tests.render.helpers import version_2025, version_2026


def item(*figures: tuple[str, int, int | None]) -> Collectivity:
    return Collectivity(
        code="62990",
        insee_code="62990",
        name="Exemple",
        kind=CollectivityKind.COMMUNE,
        basis=TariffBasis.POPULATION,
        populations=tuple(
            PopulationFigure(kind=k, value=v, vintage=y, source="test") for k, v, y in figures
        ),
        origin="test",
    )


@pytest.mark.parametrize(
    ("day", "vintage"),
    [
        (dt.date(2025, 12, 31), 2022),
        (dt.date(2026, 1, 1), 2023),
        (dt.date(2026, 3, 25), 2023),
        (dt.date(2027, 1, 1), 2024),
    ],
)
def test_the_vintage_in_force_changes_on_1_january(day, vintage):
    assert vintage_in_force(day) == vintage
    assert in_force_from(vintage) == dt.date(vintage + 3, 1, 1)


def test_the_rule_is_the_totale_unless_the_deliberation_names_a_figure():
    assert rule_of(version_2025()).kind == "totale"
    assert not rule_of(version_2025()).stated
    assert "décret" in rule_of(version_2025()).reason
    version = version_2025()
    strata = [
        t.model_copy(update={"label": f"{t.label} (population municipale)"})
        if t.kind is TierKind.COLLECTIVITY
        else t
        for t in version.extraction.strata
    ]
    named = version.model_copy(
        update={"extraction": version.extraction.model_copy(update={"strata": strata})}
    )
    rule = rule_of(named)
    assert (rule.kind, rule.stated) == ("municipale", True)
    assert "retenue par la délibération" in rule.reason
    assert rule_of(version_2025(), default="municipale").kind == "municipale"


def test_choice_exact_earlier_other_kind_or_none():
    on = dt.date(2026, 3, 25)
    both = item(("municipale", 1994, 2023), ("totale", 2010, 2023))
    assert choose(both, "totale", on).exact
    older = item(("municipale", 1994, 2023), ("totale", 2005, 2022), ("municipale", 1966, 2022))
    used = choose(older, "totale", on)
    assert (used.value, used.figure.vintage) == (2005, 2022)
    assert used.note == (
        "population totale du millésime 2023 (en vigueur au 1er janvier 2026) non "
        "disponible : chiffre du millésime 2022 (en vigueur au 1er janvier 2025)"
    )
    other = choose(older, "totale", on, Fallback.OTHER_KIND)
    assert (other.value, other.figure.kind) == (1994, "municipale")
    assert "population municipale du même millésime" in other.note
    none = choose(older, "totale", on, Fallback.NONE)
    assert none.figure is None and none.note.endswith("non disponible")


def test_a_later_vintage_is_never_used_before_it_is_in_force():
    later = item(("totale", 2010, 2023), ("totale", 2005, 2022))
    used = choose(later, "totale", dt.date(2025, 9, 1))
    assert used.exact and used.value == 2005
    assert choose(item(("totale", 2010, 2023)), "totale", dt.date(2025, 9, 1)).figure is None


def test_a_figure_without_vintage_says_so():
    used = choose(item(("totale", 2100, None)), "totale", dt.date(2026, 3, 25))
    assert used.value == 2100 and "sans millésime" in used.note


def test_shipped_files_are_one_vintage_each_with_source_and_licence():
    found = {v.vintage: v for v in vintages()}
    assert set(found) == {2022, 2023}
    assert found[2023].kinds == ("municipale",) and "totale" in found[2023].missing
    assert found[2022].kinds == ("municipale", "totale")
    for vintage in found.values():
        assert "INSEE" in vintage.source and "Licence Ouverte" in vintage.licence
        assert len(vintage.communes) == 887
    assert len(found[2022].epci) == 20 and not found[2023].epci
    identity = json.loads((DATA / "communes-62.json").read_text(encoding="utf-8"))
    assert not any("population" in row for row in identity)  # no figure outside its vintage


@pytest.mark.parametrize(
    ("code", "vintage", "municipale", "totale"),
    [
        ("62041", 2022, 42_621, 43_496),  # Arras, INSEE populations légales 2022
        ("62041", 2023, 42_875, None),
        ("62489", 2022, 3_500, 3_537),  # Lapugnoy: 3 500 municipale, 3 537 totale
        ("62489", 2023, 3_481, None),
        ("62001", 2022, 1_966, 2_005),
        ("62001", 2023, 1_994, None),
    ],
)
def test_shipped_figures_are_the_legal_populations(code, vintage, municipale, totale):
    commune = load_registry().find(code)
    assert commune.figure("municipale", vintage).value == municipale
    found = commune.figure("totale", vintage)
    assert (found.value if found else None) == totale


@pytest.mark.parametrize(
    ("version", "day"),
    [(version_2025(), dt.date(2025, 9, 1)), (version_2025(), dt.date(2026, 3, 25)),
     (version_2026(), dt.date(2026, 4, 1))],
)  # fmt: skip
def test_every_commune_is_placed_with_the_figure_of_the_rule_and_vintage(version, day):
    """The tier of each of the 887 communes under a version, on a date: the figure is the
    population totale of the millésime in force, or of the latest earlier one (said)."""
    data = {v.vintage: v for v in vintages()}
    wanted = vintage_in_force(day)
    for commune in load_registry():
        if commune.kind is not CollectivityKind.COMMUNE:
            continue
        placement = place(commune, version.extraction.strata, population_kind="totale", on=day)
        figure = placement.choice.figure
        assert figure.kind == "totale"
        used = max(y for y, v in data.items() if y <= wanted and "totale" in v.kinds)
        assert figure.vintage == used
        assert figure.value == data[used].communes[commune.insee_code]["totale"]
        assert placement.choice.exact == (used == wanted)
        if placement.tier is not None:
            assert placement.tier.covers(figure.value)
        else:  # only exactly 3 500 under the 2025 grid
            assert version.extraction.deliberation.date.year == 2025
            assert figure.value == 3500
