"""`templates check`: every variable of every part exists in the documented context."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import TemplateError
from pipeline.render.check import TEMPLATES as NAMES
from pipeline.render.check import check_templates, unknown_variables
from pipeline.render.context import Contexte
from pipeline.render.engine import FastTemplate
from pipeline.render.variables import describe
from tests.render.helpers import TEMPLATES, version_2025


def template(tmp_path: Path, body: list[str], header: str = "", name: str = "t.docx") -> Path:
    document = Document()
    for text in body:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    path = tmp_path / name
    document.save(path)
    return path


def unknown(path: Path) -> list[str]:
    return [p.variable for p in unknown_variables(FastTemplate(path))]


def test_shipped_templates_pass_with_the_sample_and_the_2025_version():
    assert len(check_templates(TEMPLATES)) == 2
    assert len(check_templates(TEMPLATES, version_2025())) == 2


def test_shipped_templates_use_only_documented_fields():
    for name in NAMES:
        assert unknown_variables(FastTemplate(TEMPLATES / name)) == []


def test_unknown_top_level_nested_loop_and_header_variables(tmp_path):
    path = template(
        tmp_path,
        [
            "{{ commune.nom }}",
            "{{ collectivite.nom_court }}",
            "{% for s in tarifs.strates %}{{ s.libelle }}{{ s.prix }}{% endfor %}",
            "{% for c in tarifs.categories %}{% for g in c.groupes %}"
            "{% for l in g.lignes %}{{ l.tarif }}{{ l.tva }}{% endfor %}{% endfor %}{% endfor %}",
            "{% if accompagnement.sur_devis %}{{ loop_var }}{% endif %}",
        ],
        header="{{ collectivite.nom }} {{ collectivite.maire }}",
    )
    assert sorted(unknown(path)) == sorted(
        ["commune", "collectivite.nom_court", "s.prix", "l.tva", "loop_var", "collectivite.maire"]
    )


def test_loop_helpers_and_set_are_known(tmp_path):
    path = template(
        tmp_path,
        [
            "{% for s in tarifs.strates %}{{ loop.index }} {{ s.libelle|upper }}{% endfor %}",
            "{% set n = collectivite.nom %}{{ n }}",
        ],
    )
    assert unknown(path) == []


def test_check_names_the_template_and_the_variable(tmp_path):
    for name in NAMES:
        shutil.copy(TEMPLATES / name, tmp_path / name)
    template(tmp_path, ["Bonjour {{ collectivite.maire }}"], name=NAMES[0])
    with pytest.raises(TemplateError, match=r"variable inconnue « collectivite\.maire »") as caught:
        check_templates(tmp_path)
    assert caught.value.path.name == NAMES[0]


def test_a_broken_tag_is_a_template_error(tmp_path):
    with pytest.raises(TemplateError, match="balise incorrecte"):
        FastTemplate(template(tmp_path, ["{% if collectivite.nom %} sans fin"]))


def test_missing_template(tmp_path):
    with pytest.raises(TemplateError, match="introuvable"):
        check_templates(tmp_path)


def test_every_field_is_described():
    def walk(model):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"
            inner = field.annotation
            args = getattr(inner, "__args__", ())
            for candidate in (inner, *args):
                if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                    walk(candidate)

    walk(Contexte)
    assert "collectivite.population_source" in describe()


def _copy_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "modeles"
    shutil.copytree(TEMPLATES, folder)
    return folder


def test_a_check_that_passed_is_remembered_and_the_templates_wait_to_be_prepared(
    tmp_path, monkeypatch
):
    folder, passed = _copy_templates(tmp_path), tmp_path / "passed"
    check_templates(folder, version_2025(), passed=passed)
    assert len(list(passed.iterdir())) == 1

    def no_render(*args, **kwargs):
        raise AssertionError("the remembered check is made again")

    monkeypatch.setattr("pipeline.render.check.sample_contexts", no_render)
    loaded = check_templates(folder, version_2025(), passed=passed)
    assert [t._parts for t in loaded] == [None, None]  # not prepared by the check
    assert all(t.parts for t in loaded)  # prepared on first use
    with pytest.raises(AssertionError):  # another version: checked again
        check_templates(folder, version_2025(version_id=2), passed=passed)


def test_a_changed_template_is_checked_again_and_a_failure_is_not_remembered(tmp_path):
    folder, passed = _copy_templates(tmp_path), tmp_path / "passed"
    check_templates(folder, passed=passed)
    broken = template(tmp_path, ["{{ collectivite.inconnue }}"], name=NAMES[1])
    shutil.copyfile(broken, folder / NAMES[1])
    for _ in range(2):
        with pytest.raises(TemplateError, match="inconnue"):
            check_templates(folder, passed=passed)
    assert len(list(passed.iterdir())) == 1  # the first check only
