"""The list of template variables with their descriptions, for the staff who edit templates."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from pipeline.render.context import Contexte


def _lines(model: type[BaseModel], prefix: str, depth: int = 0) -> list[str]:
    lines = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        item = None
        if typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
        path = f"{prefix}{name}"
        description = field.description or ""
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            lines.append(f"{'  ' * depth}{path} : {description}")
            lines += _lines(annotation, f"{path}.", depth + 1)
        elif item is not None and isinstance(item, type) and issubclass(item, BaseModel):
            variable = getattr(item, "variable", item.__name__.lower())
            lines.append(
                f"{'  ' * depth}{path} : {description} "
                f"(liste : {{%tr for {variable} in {path} %}} … {{%tr endfor %}})"
            )
            lines += _lines(item, f"{variable}.", depth + 1)
        else:
            lines.append(f"{'  ' * depth}{path} : {description}")
    return lines


def describe() -> str:
    """Every variable the templates may use, e.g. ``collectivite.nom : nom officiel``."""
    return "\n".join(_lines(Contexte, ""))
