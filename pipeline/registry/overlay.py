"""The staff's own registry file (CSV or XLSX): what no open data has.

One row per collectivité, French column headers (see ``templates/collectivites_exemple.csv``
and the README). A row names its collectivité by ``code_insee`` or ``siren``; a row
that matches the default registry overrides its non-empty cells, any other row adds a
collectivité (then ``nom`` and ``type`` are required). Every bad cell raises a
:class:`~pipeline.errors.RegistryError` naming the row (as a spreadsheet numbers it)
and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from pipeline.errors import RegistryError
from pipeline.registry.models import CollectivityKind, PopulationKind, TariffBasis


class OverlayRow(BaseModel):
    """One checked row of the staff's file; ``None`` means the cell was empty."""

    model_config = ConfigDict(frozen=True)

    row: int
    insee_code: str | None = None
    siren: str | None = None
    name: str | None = None
    kind: CollectivityKind | None = None
    basis: TariffBasis | None = None
    population: int | None = None
    population_kind: PopulationKind = "municipale"
    population_source: str | None = None
    population_vintage: int | None = None
    representative_title: str | None = None
    representative_name: str | None = None
    representative_role: str | None = None
    deliberation_date: dt.date | None = None
    deliberating_body: str | None = None
    address: str | None = None
    email: str | None = None
    warnings: tuple[str, ...] = ()
    """Questions on the row for a person (« population de 0 habitant : à vérifier »)."""


def _plain(text: str) -> str:
    """Lower case, no accents, words joined by underscores: « Établissement public »
    → ``etablissement_public``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _insee(value: str) -> str:
    code = value.strip().upper()
    if len(code) == 4 and code.isdigit():  # a spreadsheet dropped the leading zero
        code = "0" + code
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        raise ValueError(f"code INSEE invalide « {value} » (5 caractères, ex. 62001)")
    return code


def _siren(value: str) -> str:
    digits = re.sub(r"[\s.]", "", value)
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not re.fullmatch(r"\d{9}", digits):
        raise ValueError(f"SIREN invalide « {value} » (9 chiffres)")
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char) * (2 if index % 2 else 1)
        total += n - 9 if n > 9 else n
    if total % 10:
        raise ValueError(f"SIREN invalide « {value} » (clé de contrôle fausse)")
    return digits


_KINDS = {
    "commune": CollectivityKind.COMMUNE,
    "epci": CollectivityKind.EPCI,
    "ccas": CollectivityKind.CCAS,
    "cias": CollectivityKind.CCAS,
    "syndicat": CollectivityKind.SYNDICAT,
    "syndicat_mixte": CollectivityKind.SYNDICAT,
    "etablissement_public": CollectivityKind.PUBLIC_ESTABLISHMENT,
}


def _kind(value: str) -> CollectivityKind:
    try:
        return _KINDS[_plain(value)]
    except KeyError:
        raise ValueError(
            f"type inconnu « {value} » (commune, epci, ccas, syndicat ou établissement public)"
        ) from None


def _basis(value: str) -> TariffBasis:
    plain = _plain(value)
    if plain == "population":
        return TariffBasis.POPULATION
    if plain == "etablissement_public":
        return TariffBasis.PUBLIC_ESTABLISHMENT
    raise ValueError(f"tarification inconnue « {value} » (population ou établissement public)")


POPULATION_LIMIT = 100_000_000
"""A population is below this (no collectivité has 100 million inhabitants)."""


def _population(value: str) -> int:
    text = re.sub(r"[\s\u00a0\u202f]", "", value)
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"population invalide « {value} » (un nombre entier d'habitants)")
    if len(text) > len(str(POPULATION_LIMIT)) or int(text) >= POPULATION_LIMIT:
        raise ValueError(
            f"population hors limites « {value} » (moins de 100 millions d'habitants attendus)"
        )
    return int(text)


def _population_kind(value: str) -> PopulationKind:
    plain = _plain(value)
    if plain in ("municipale", "totale"):
        return plain  # type: ignore[return-value]
    raise ValueError(f"type de population inconnu « {value} » (municipale ou totale)")


def _year(value: str) -> int:
    text = value.strip().removesuffix(".0")
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise ValueError(f"année invalide « {value} » (ex. 2023)")
    return int(text)


def _date(value: str) -> dt.date:
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date invalide « {value} » (JJ/MM/AAAA, ex. 15/03/2026)")


_CIVILITIES = {"m": "M.", "monsieur": "M.", "mme": "Mme", "madame": "Mme"}


def _civility(value: str) -> str:
    try:
        return _CIVILITIES[_plain(value)]
    except KeyError:
        raise ValueError(f"civilité inconnue « {value} » (M. ou Mme)") from None


def _email(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValueError(f"adresse électronique invalide « {value} »")
    return text


def _text(value: str) -> str:
    return " ".join(value.split())


COLUMNS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "code_insee": ("insee_code", _insee),
    "siren": ("siren", _siren),
    "nom": ("name", _text),
    "type": ("kind", _kind),
    "tarification": ("basis", _basis),
    "population": ("population", _population),
    "type_population": ("population_kind", _population_kind),
    "source_population": ("population_source", _text),
    "millesime_population": ("population_vintage", _year),
    "civilite_representant": ("representative_title", _civility),
    "nom_representant": ("representative_name", _text),
    "qualite_representant": ("representative_role", _text),
    "date_deliberation": ("deliberation_date", _date),
    "assemblee_deliberante": ("deliberating_body", _text),
    "adresse": ("address", lambda v: v.strip()),
    "courriel": ("email", _email),
}
"""French header → (field, parser). Headers are matched without case or accents."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


CELL_CHARS = 10_000
"""The longest cell read (an address, a name); a longer one is refused, not read."""

_FRENCH_LETTERS = set("àâäçéèêëîïôöùûüÿœ")
_ENCODING_HELP = (
    "enregistrez-le en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) » depuis le tableur"
)


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without its BOM) or Windows-1252; a Mac (MacRoman) or binary file
    is refused rather than read as garbled names."""
    if b"\x00" in raw:
        raise RegistryError(f"fichier binaire, pas un CSV : {_ENCODING_HELP}", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # a spreadsheet's « CSV (séparateur : point-virgule) »
        except UnicodeDecodeError:
            text = None
        mac = raw.decode("mac_roman")
        if text is None or _french(mac) > _french(text):
            raise RegistryError(
                f"encodage non reconnu (ni UTF-8 ni Windows ; Mac ?) : {_ENCODING_HELP}",
                path=path,
            ) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n")
    if controls > max(2, len(text) // 100):
        raise RegistryError(f"fichier binaire, pas un CSV : {_ENCODING_HELP}", path=path)
    return text


def _french(text: str) -> int:
    """How many accented lower-case French letters a decoding gives."""
    return sum(1 for c in text if c in _FRENCH_LETTERS)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    text = _decode(path.read_bytes(), path)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    width = 0
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RegistryError(_csv_problem(str(error)), path=path, row=number) from None
        width = width or len(cells)
        if any(_merged(cell, delimiter, width) for cell in cells):
            raise RegistryError(
                "guillemet non fermé : la case se poursuit sur les lignes suivantes, qui sont "
                "fusionnées avec celle-ci ; fermez le guillemet",
                path=path,
                row=number,
            )
        yield cells


def _csv_problem(message: str) -> str:
    if "end of data" in message:
        return "guillemet non fermé jusqu'à la fin du fichier ; fermez le guillemet"
    if "field larger" in message:
        return f"case trop longue (plus de {CELL_CHARS} caractères)"
    return "guillemet mal placé : un texte entre guillemets doit occuper toute la case"


def _merged(cell: str, delimiter: str, width: int) -> bool:
    """A quoted cell holding a line break followed by a whole row of the file."""
    lines = cell.splitlines()[1:]
    return any(line.count(delimiter) >= max(width - 1, 1) for line in lines)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise RegistryError(f"classeur illisible ({error})", path=path) from error
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        book.close()


def sheet_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV or XLSX file, each as its cells' texts."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    raise RegistryError("format non pris en charge (CSV ou XLSX attendu)", path=path)


def header_columns(rows: Iterator[list[str]], path: Path, known: Iterable[str]) -> list[str | None]:
    """The first row's headers as ``known`` keys (None for an empty header); raises
    RegistryError for an empty file, an unknown or a repeated column, or a file with
    neither « code_insee » nor « siren »."""
    header = next(rows, None)
    if header is None:
        raise RegistryError("fichier vide", path=path, row=1)
    keys = list(known)
    columns: list[str | None] = []
    for name in header:
        key = _plain(name)
        if not key:
            columns.append(None)
            continue
        if key not in keys:
            raise RegistryError(
                f"colonne inconnue (colonnes reconnues : {', '.join(keys)})",
                path=path,
                row=1,
                column=name,
            )
        if key in columns:
            raise RegistryError("colonne en double", path=path, row=1, column=name)
        columns.append(key)
    if "code_insee" not in columns and "siren" not in columns:
        raise RegistryError("il faut une colonne « code_insee » ou « siren »", path=path, row=1)
    return columns


def read_overlay(path: Path) -> list[OverlayRow]:
    """Read and check the staff's file; raises RegistryError on the first bad cell."""
    if not path.is_file():
        raise RegistryError("fichier des collectivités introuvable", path=path)
    rows = sheet_rows(path)
    columns = header_columns(rows, path, COLUMNS)

    result: list[OverlayRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        values: dict[str, Any] = {"row": number}
        for key, cell in zip(columns, cells, strict=False):
            if key is None or not cell.strip():
                continue
            if len(cell) > CELL_CHARS:
                raise RegistryError(
                    f"case trop longue ({len(cell)} caractères, au plus {CELL_CHARS})",
                    path=path,
                    row=number,
                    column=key,
                )
            field, parse = COLUMNS[key]
            try:
                values[field] = parse(cell)
            except ValueError as error:
                raise RegistryError(str(error), path=path, row=number, column=key) from None
        if len(values) == 1:
            continue  # an empty line
        if "insee_code" not in values and "siren" not in values:
            raise RegistryError("ni code INSEE ni SIREN", path=path, row=number, column="siren")
        for field, column in (("insee_code", "code_insee"), ("siren", "siren")):
            if field in values:
                key = f"{field}:{values[field]}"
                if key in seen:
                    raise RegistryError(
                        f"même {column} qu'à la ligne {seen[key]}",
                        path=path,
                        row=number,
                        column=column,
                    )
                seen[key] = number
        if values.get("population") == 0:
            values["warnings"] = (
                str(
                    RegistryError(
                        "population de 0 habitant : à vérifier (la strate la plus basse "
                        "s'appliquerait)",
                        path=path,
                        row=number,
                        column="population",
                    )
                ),
            )
        result.append(OverlayRow(**values))
    return result
