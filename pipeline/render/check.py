"""Check the Word templates against the context models before anything is generated.

Every variable a template uses (in the body, headers, footers and footnotes, in loops,
through nested attributes) must be a described field of :class:`Contexte`, and every
template must render for a sample collectivité of each tier. docxtpl's
``get_undeclared_template_variables`` gives only top-level names, so the Jinja syntax
tree is walked here, following each loop variable to the model of the list it runs
over.
"""

from __future__ import annotations

import contextlib
import hashlib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import nodes
from pydantic import BaseModel

from pipeline import atomic
from pipeline.errors import TemplateError
from pipeline.models import TariffVersion
from pipeline.parties import Parties, load_parties
from pipeline.registry.populations import rule_of
from pipeline.registry.tiers import place
from pipeline.render.assemble import assemble
from pipeline.render.context import Contexte
from pipeline.render.engine import FastTemplate
from pipeline.render.inputs import CODE_MODULES, code_digest, hashed
from pipeline.render.sample import sample_collectivities, sample_version

TEMPLATES = ("convention_tripartite.docx", "annexe2_tarifs.docx")
"""The templates every generation needs, in ``Settings.templates_dir``."""
CHECK_MODULES = (*CODE_MODULES, "pipeline.render.check", "pipeline.render.sample")
"""The code a remembered check depends on: what renders, and what checks."""

_ANY = object()
"""A value whose type the check does not follow (a loop counter, a string method…)."""
_JINJA_GLOBALS = {
    "loop",
    "range",
    "dict",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
    "True",
    "False",
    "None",
    "true",
    "false",
    "none",
}


@dataclass(frozen=True)
class Problem:
    """A variable of a template that the context does not have."""

    template: str
    part: str
    variable: str
    line: int

    @property
    def message(self) -> str:
        return (
            f"{self.template} ({self.part}, ligne {self.line}) : variable inconnue "
            f"« {self.variable} »"
        )


def _item_type(annotation: Any) -> Any:
    """``list[Strate]`` → ``Strate``; anything else → unknown."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return item
    return _ANY


def _field_type(model: Any, name: str) -> Any | None:
    """The annotation of ``model.name``; None when the model has no such field."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        field = model.model_fields.get(name)
        if field is None:
            return None
        annotation = field.annotation
        if isinstance(annotation, types.UnionType):
            return _ANY
        return annotation
    return _ANY


class _Walker:
    def __init__(self, template: str, part: str):
        self.template, self.part = template, part
        self.problems: list[Problem] = []

    def _report(self, node: nodes.Node, variable: str) -> None:
        self.problems.append(Problem(self.template, self.part, variable, node.lineno))

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The model type of an expression, reporting unknown names and fields."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name not in _JINJA_GLOBALS:
                self._report(node, node.name)
            return _ANY
        if isinstance(node, nodes.Getattr):
            owner = self.type_of(node.node, scope)
            if owner is _ANY or not (isinstance(owner, type) and issubclass(owner, BaseModel)):
                return _ANY
            found = _field_type(owner, node.attr)
            if found is None:
                self._report(node, f"{_dotted(node.node)}.{node.attr}")
                return _ANY
            return found
        if isinstance(node, nodes.Getitem):
            owner = self.type_of(node.node, scope)
            self.visit(node.arg, scope)
            return _item_type(owner) if owner is not _ANY else _ANY
        self.visit(node, scope)
        return _ANY

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.type_of(node, scope)
            return
        if isinstance(node, nodes.For):
            item = _item_type(self.type_of(node.iter, scope))
            inner = dict(scope)
            self._bind(node.target, item, inner)
            inner["loop"] = _ANY
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            if isinstance(node, nodes.Assign):
                self.visit(node.node, scope)
            else:
                for child in node.body:
                    self.visit(child, scope)
            self._bind(node.target, _ANY, scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.visit(value, scope)
                self._bind(target, _ANY, inner)
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                self._bind(arg, _ANY, inner)
            inner.update({"caller": _ANY, "varargs": _ANY, "kwargs": _ANY})
            if isinstance(node, nodes.Macro):
                scope[node.name] = _ANY
            for child in node.body:
                self.visit(child, inner)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _bind(self, target: nodes.Node, kind: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, _ANY, scope)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return "…"


def unknown_variables(template: FastTemplate, context: type[BaseModel] = Contexte) -> list[Problem]:
    """The variables of ``template`` that ``context`` does not describe."""
    top = {name: field.annotation for name, field in context.model_fields.items()}
    problems: list[Problem] = []
    for part in template.parts:
        walker = _Walker(template.path.name, part.name)
        walker.visit(template.environment.parse(part.source), dict(top))
        problems.extend(walker.problems)
    return problems


def used_variables(template: FastTemplate) -> list[str]:
    """Dotted names a template reads (for documentation and the staff)."""
    found: set[str] = set()
    for part in template.parts:
        for node in template.environment.parse(part.source).find_all(nodes.Getattr):
            found.add(_dotted(node))
    return sorted(found)


def sample_contexts(
    version: TariffVersion | None = None, parties: Parties | None = None
) -> Iterator[tuple[str, Contexte]]:
    """One context per tier of ``version`` (the built-in sample when None)."""
    version = version or sample_version()
    parties = parties or load_parties()
    rule = rule_of(version)
    for item in sample_collectivities(version):
        placement = place(item, version.extraction.strata, population_kind=rule.kind)
        if placement.tier is not None:
            yield placement.tier.label, assemble(placement, version, parties, rule)


def check_templates(
    directory: Path,
    version: TariffVersion | None = None,
    parties: Parties | None = None,
    *,
    passed: Path | None = None,
) -> list[FastTemplate]:
    """Load, check and try every template; raise TemplateError on the first problem.

    Returns the prepared templates, ready for generation. ``parties``: the parties'
    settings (the project's file when None). ``passed``: a folder where a check that
    passed is remembered (an empty file named by the digest of the templates, the
    version, the parties and the code that checks and renders), so that the same check
    is not made again; a check that fails is never remembered.
    """
    loaded = [FastTemplate(directory / name, lazy=passed is not None) for name in TEMPLATES]
    marker = None
    if passed is not None:
        parties = parties or load_parties()
        marker = passed / _check_digest(loaded, version, parties)
        if marker.is_file():  # valid: prepared by the first document to render
            return loaded
    _check(loaded, version, parties)
    if marker is not None:
        with contextlib.suppress(OSError):  # only a shortcut: the next run checks again
            atomic.write_bytes(marker, b"")
    return loaded


def _check_digest(
    loaded: list[FastTemplate], version: TariffVersion | None, parties: Parties
) -> str:
    return hashed(
        hashlib.sha256(code_digest(CHECK_MODULES).encode()),
        *(t.sha256.encode() for t in loaded),
        version.model_dump_json().encode() if version is not None else b"-",
        parties.model_dump_json().encode(),
    ).hexdigest()


def _check(
    loaded: list[FastTemplate], version: TariffVersion | None, parties: Parties | None
) -> None:
    for template in loaded:
        problems = unknown_variables(template)
        if problems:
            more = f" (et {len(problems) - 1} autre(s))" if len(problems) > 1 else ""
            raise TemplateError(problems[0].message + more, path=template.path)
    for label, context in sample_contexts(version, parties):
        for template in loaded:
            try:
                template.render(context.variables())
            except TemplateError as error:
                raise TemplateError(
                    f"rendu impossible pour la strate « {label} » : {error.message}",
                    path=template.path,
                ) from error
