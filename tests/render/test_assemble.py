"""The tariff tables of the documents, made once per version and tier."""

from __future__ import annotations

from pipeline.parties import load_parties
from pipeline.render.assemble import tariffs
from tests.render.helpers import version_2025


def _applicable(table) -> list[bool]:
    return [strate.applicable for strate in table.strates]


def test_each_tier_marks_its_own_line_even_when_remembered():
    version, parties = version_2025(), load_parties()
    strata = version.extraction.strata
    first, second = tariffs(version, parties, strata[0]), tariffs(version, parties, strata[1])
    assert _applicable(first) == [True] + [False] * (len(strata) - 1)
    assert _applicable(second)[1] and sum(_applicable(second)) == 1
    assert tariffs(version, parties, strata[0]) is first  # remembered
    assert not any(_applicable(tariffs(version, parties, None)))
    copy = strata[1].model_copy()  # an equal tier, another object
    assert _applicable(tariffs(version, parties, copy)) == _applicable(second)


def test_another_version_is_not_given_the_tables_of_the_first():
    version, parties = version_2025(), load_parties()
    changed = version.model_copy(
        update={
            "extraction": version.extraction.model_copy(
                update={"services": version.extraction.services[:2]}
            )
        }
    )
    whole = tariffs(version, parties, None)
    cut = tariffs(changed, parties, None)
    lines = sum(len(g.lignes) for c in cut.categories for g in c.groupes)
    assert lines == 2 and cut is not whole
