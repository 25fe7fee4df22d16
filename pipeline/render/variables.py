"""The list of template variables with their descriptions, for the staff who edit templates.

With the parties' settings, the values of ``cdg.*`` and ``syndicat.*`` read from
``parametres/parties.toml`` are shown beside their description.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

from pipeline.parties import Parties
from pipeline.render.context import Contexte


def _lines(
    model: type[BaseModel], prefix: str, depth: int = 0, values: BaseModel | None = None
) -> list[str]:
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
            nested = getattr(values, name, None) if values is not None else None
            lines += _lines(annotation, f"{path}.", depth + 1, nested)
        elif item is not None and isinstance(item, type) and issubclass(item, BaseModel):
            variable = getattr(item, "variable", item.__name__.lower())
            lines.append(
                f"{'  ' * depth}{path} : {description} "
                f"(liste : {{%tr for {variable} in {path} %}} … {{%tr endfor %}})"
            )
            lines += _lines(item, f"{variable}.", depth + 1)
        else:
            value = getattr(values, name, None) if values is not None else None
            shown = f" — valeur : « {value} »" if isinstance(value, str) else ""
            lines.append(f"{'  ' * depth}{path} : {description}{shown}")
    return lines


def describe(parties: Parties | None = None) -> str:
    """Every variable the templates may use, e.g. ``collectivite.nom : nom officiel``;
    with ``parties``, the values of the CDG's and the Syndicat's fields."""
    values = None
    if parties is not None:
        from pipeline.render.assemble import parties_alone

        cdg, syndicat = parties_alone(parties)
        values = _Values(cdg=cdg, syndicat=syndicat)
    lines = _lines(Contexte, "", 0, values)
    if parties is not None and parties.path is not None:
        lines.insert(0, f"Parties lues dans {parties.path}")
    return "\n".join(lines)


class _Values(BaseModel):
    """The parts of the context known before any collectivité or tariff version."""

    cdg: BaseModel
    syndicat: BaseModel
