"""The parties' settings: what the conventions say of the CDG 62 and the Syndicat mixte.

Read from ``parametres/parties.toml`` (French keys, edited by the legal staff)::

    parties = load_parties()                 # Settings.parties, or the project's file
    parties.cdg.representative_name          # « René HOCQ »
    parties.number_of(dt.date(2025, 7, 10))  # « 2025/31 »
    parties.date_of("2021/49")               # 23 November 2021

An empty value is a fact nobody gave yet: the documents show ``document.a_completer``
there and the generation report lists it (:meth:`Parties.missing`). Nothing about the
parties is written in the code.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import PartiesError

FILE = Path("parametres") / "parties.toml"
"""Where the staff keep the file, relative to the project folder."""
SHIPPED = Path(__file__).resolve().parent.parent / FILE
"""The project's own copy, used when the current folder has none."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _siren(value: str) -> str:
    digits = value.replace(" ", "").replace("\u00a0", "")
    if not digits:
        return ""
    if len(digits) != 9 or not digits.isdigit():
        raise ValueError(f"SIREN invalide « {value} » (9 chiffres)")
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char) * (2 if index % 2 else 1)
        total += n - 9 if n > 9 else n
    if total % 10:
        raise ValueError(f"SIREN invalide « {value} » (clé de contrôle fausse)")
    return digits


def _date(value: Any) -> dt.date | None:
    """A TOML date (2025-07-10), or a text in the same form or JJ/MM/AAAA; empty: none."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date invalide « {value} » (AAAA-MM-JJ, ex. 2025-07-10)")


class Party(_Section):
    """The CDG 62 or the Syndicat mixte, as the convention names them."""

    name: str = Field(alias="nom", description="dénomination complète")
    short: str = Field(alias="sigle", description="nom court utilisé dans le texte")
    nature: str = Field(default="", description="ex. établissement public local …")
    siren: str = Field(default="", description="numéro SIREN")
    address: str = Field(default="", alias="adresse", description="adresse du siège")
    town: str = Field(default="", alias="commune", description="commune du siège")
    representative_title: str = Field(default="", alias="civilite_representant")
    representative_name: str = Field(default="", alias="nom_representant")
    representative_role: str = Field(default="Président", alias="qualite_representant")
    assembly: str = Field(alias="assemblee", description="assemblée délibérante")
    authorisation_number: str = Field(default="", alias="habilitation_numero")
    authorisation_date: dt.date | None = Field(default=None, alias="habilitation_date")

    _siren_valid = field_validator("siren", mode="before")(lambda v: _siren(str(v)))
    _date_valid = field_validator("authorisation_date", mode="before")(lambda v: _date(v))


class Deliberation(_Section):
    """A deliberation of the CDG's board that the documents cite."""

    number: str = Field(alias="numero", min_length=1)
    date: dt.date = Field()
    subject: str = Field(default="", alias="objet")

    _date_valid = field_validator("date", mode="before")(lambda v: _date(v))


class Registers(_Section):
    """How old a public register may be before the report says so."""

    last_municipal_elections: dt.date | None = Field(
        default=None, alias="derniere_election_municipale"
    )
    max_age_days: int = Field(default=180, ge=1, alias="anciennete_maximale_jours")

    _date_valid = field_validator("last_municipal_elections", mode="before")(lambda v: _date(v))


class Document(_Section):
    blank: str = Field(default="……………………", alias="a_completer", min_length=1)


class Parties(_Section):
    """The whole file."""

    document: Document = Field(default_factory=Document)
    cdg: Party
    syndicat: Party
    deliberations: list[Deliberation] = Field(default_factory=list)
    registers: Registers = Field(default_factory=Registers, alias="registres")
    path: Path | None = Field(default=None, exclude=True, description="fichier lu")

    def number_of(self, day: dt.date | None) -> str | None:
        """The number of the CDG's deliberation of that day, when the file knows it."""
        found = [d.number for d in self.deliberations if d.date == day]
        return found[0] if len(found) == 1 else None

    def date_of(self, number: str) -> dt.date | None:
        """The date of a CDG deliberation known by its number."""
        wanted = number.strip().lstrip("n°").strip()
        for item in self.deliberations:
            if item.number == wanted:
                return item.date
        return None

    def missing(self) -> list[str]:
        """The parties' facts left empty, as « cdg.siren » keys, for the report."""
        keys = {
            "siren": "siren",
            "address": "adresse",
            "representative_name": "nom_representant",
            "representative_title": "civilite_representant",
        }
        return [
            f"{section}.{key}"
            for section, party in (("cdg", self.cdg), ("syndicat", self.syndicat))
            for field, key in keys.items()
            if not getattr(party, field)
        ]


def _where(error: dict) -> str:
    aliases = {
        "registers": "registres",
        "document": "document",
    }
    parts = [aliases.get(str(p), str(p)) for p in error["loc"]]
    return ".".join(parts)


def read_parties(path: Path) -> Parties:
    """Read and check one file; raise PartiesError naming the value that is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PartiesError("fichier des parties introuvable", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PartiesError(f"fichier illisible ({error})", path=path) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PartiesError(f"syntaxe incorrecte ({error})", path=path) from error
    try:
        return Parties.model_validate({**data, "path": path})
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first.get("ctx", {}).get("error", "")) or first["msg"]
        if first["type"] == "missing":
            message = "valeur obligatoire absente"
        elif first["type"] == "extra_forbidden":
            message = "clé inconnue"
        raise PartiesError(message, path=path, key=_where(first)) from None


def load_parties(path: Path | None = None) -> Parties:
    """The parties' settings: ``path`` when given (it must exist), else
    ``parametres/parties.toml`` in the current folder, else the project's own copy."""
    if path is not None:
        return read_parties(Path(path))
    return read_parties(FILE if FILE.is_file() else SHIPPED)
