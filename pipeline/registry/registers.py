"""Public registers the staff download: who represents a collectivité, where it sits.

Three files, each read in the CSV format its publisher gives, recognised by its header:

- the **Répertoire national des élus** (ministère de l'Intérieur, data.gouv.fr), file of
  the **maires** (``elus-maires.csv``: « Code du département », « Code de la commune »,
  « Libellé de la commune », « Nom de l'élu », « Prénom de l'élu », « Code sexe »,
  « Date de début du mandat », « Date de début de la fonction »…);
- the same répertoire, file of the **conseillers communautaires**
  (``elus-conseillers-communautaires-epci.csv``: « N° SIREN », « Libellé de l'EPCI »,
  « Libellé de la fonction »…), of which the presidents are kept;
- the **Annuaire de l'administration** of Service-public.fr (DILA), CSV export of the
  ``api-lannuaire-administration`` data set (« nom », « pivot », « code_insee_commune »,
  « siren », « adresse », « adresse_courriel », « date_modification »…; ``pivot`` and
  ``adresse`` are JSON lists), of which the mairies, EPCI, CCAS and centres de gestion
  are kept.

:func:`import_register` keeps the rows of the collectivités the registry knows and
writes them, with the file's date, to ``<registres>/<kind>.json`` (atomically);
:func:`load_registers` reads them back for a generation. No network: the staff
download the files, the program reads them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from pipeline import atomic
from pipeline.errors import RegistryError
from pipeline.french import long_date
from pipeline.registry.models import RegisterSource
from pipeline.registry.overlay import _decode

MAYORS = "maires"
PRESIDENTS = "presidents-epci"
DIRECTORY = "annuaire"
KINDS = (MAYORS, PRESIDENTS, DIRECTORY)

LABELS = {
    MAYORS: "Répertoire national des élus (maires)",
    PRESIDENTS: "Répertoire national des élus (présidents d'EPCI)",
    DIRECTORY: "Annuaire de l'administration (Service-public.fr)",
}
"""How the documents and the report name each register."""

DIRECTORY_TYPES = {"mairie", "epci", "ccas", "cdg"}
"""The kinds of local services kept from the directory (its « pivot » types)."""


class Elected(BaseModel):
    """A mayor or a president of an EPCI, as the répertoire gives them."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(description="M. ou Mme")
    first_name: str
    last_name: str
    role: str = Field(description="Maire, Président, Présidente")
    since: dt.date | None = Field(default=None, description="début de la fonction")

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Office(BaseModel):
    """A mairie, an EPCI's seat, a CCAS or a centre de gestion in the directory."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="mairie, epci, ccas, cdg")
    name: str
    address: str
    email: str | None = None
    updated: dt.date | None = Field(default=None, description="date de mise à jour de la fiche")


class RegisterFile(BaseModel):
    """One imported register: where it comes from, how recent it is, what it holds."""

    model_config = ConfigDict(frozen=True)

    kind: str
    file: str = Field(description="nom du fichier importé")
    sha256: str
    date: dt.date = Field(description="date des données")
    date_given: bool = Field(description="vrai : date donnée à l'import ; faux : date du fichier")
    imported_at: str
    rows: int = Field(description="lignes lues")
    elected: dict[str, Elected] = Field(default_factory=dict)
    """Code INSEE (maires) or SIREN (présidents) → the person."""
    offices: dict[str, Office] = Field(default_factory=dict)
    """« mairie:62001 », « epci:200018083 », « ccas:266200013 », « cdg:62 » → the office."""

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def source(self) -> RegisterSource:
        return RegisterSource(label=self.label, date=self.date, date_kind="fichier du")

    @property
    def count(self) -> int:
        return len(self.elected) + len(self.offices)

    def describe(self) -> str:
        """« Répertoire national des élus (maires), fichier du 1er octobre 2026 (812) »."""
        how = "" if self.date_given else ", date du fichier téléchargé"
        return f"{self.label}, fichier du {long_date(self.date)}{how} ({self.count} retenus)"


# --- reading the published formats ----------------------------------------------------------


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower().replace("’", "'"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9']+", " ", ascii_text).strip()


def _rows(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The header (plain) and the rows (plain header → cell) of a CSV file."""
    text = _decode(path.read_bytes(), path)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_plain(h) for h in next(reader)]
    except StopIteration:
        raise RegistryError("fichier vide", path=path, row=1) from None
    except csv.Error as error:
        raise RegistryError(f"CSV illisible ({error})", path=path, row=1) from None

    def rows() -> Iterator[dict[str, str]]:
        number = 1
        try:
            for cells in reader:
                number += 1
                if any(c.strip() for c in cells):
                    yield dict(zip(header, (c.strip() for c in cells), strict=False))
        except csv.Error as error:
            raise RegistryError(f"CSV illisible ({error})", path=path, row=number) from None

    return header, rows()


def detect(header: Iterable[str]) -> str | None:
    """Which register a header (plain names) belongs to."""
    names = set(header)
    if {"nom de l'elu", "prenom de l'elu"} <= names:
        if "n siren" in names or "libelle de l'epci" in names:
            return PRESIDENTS
        if "code de la commune" in names:
            return MAYORS
    if {"nom", "pivot", "adresse"} <= names:
        return DIRECTORY
    return None


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern, size in (("%d/%m/%Y", 10), ("%Y-%m-%d", 10)):
        try:
            return dt.datetime.strptime(text[:size], pattern).date()
        except ValueError:
            continue
    return None


def _elected(row: dict[str, str], role_male: str, role_female: str) -> Elected:
    female = row.get("code sexe", "").upper().startswith("F")
    return Elected(
        title="Mme" if female else "M.",
        first_name=" ".join(row.get("prenom de l'elu", "").split()),
        last_name=" ".join(row.get("nom de l'elu", "").split()),
        role=role_female if female else role_male,
        since=_date(row.get("date de debut de la fonction", ""))
        or _date(row.get("date de debut du mandat", "")),
    )


def _keep_latest(found: dict[str, Elected], key: str, person: Elected) -> None:
    before = found.get(key)
    if before is None or (person.since or dt.date.min) >= (before.since or dt.date.min):
        found[key] = person


def _mayors(rows: Iterable[dict[str, str]], communes: set[str]) -> tuple[int, dict[str, Elected]]:
    found: dict[str, Elected] = {}
    count = 0
    for row in rows:
        count += 1
        code = row.get("code de la commune", "")
        if len(code) <= 3 and code.isdigit():  # older files: the code within the département
            code = row.get("code du departement", "").zfill(2) + code.zfill(3)
        function = _plain(row.get("libelle de la fonction", "maire"))
        if code not in communes or function != "maire":
            continue
        _keep_latest(found, code, _elected(row, "Maire", "Maire"))
    return count, found


def _presidents(rows: Iterable[dict[str, str]], epcis: set[str]) -> tuple[int, dict[str, Elected]]:
    found: dict[str, Elected] = {}
    count = 0
    for row in rows:
        count += 1
        siren = re.sub(r"\D", "", row.get("n siren", "")).zfill(9)
        function = _plain(row.get("libelle de la fonction", ""))
        if siren not in epcis or not function.startswith("president"):
            continue
        _keep_latest(found, siren, _elected(row, "Président", "Présidente"))
    return count, found


def _json_list(text: str) -> list[dict]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return []
    if isinstance(value, dict):
        value = [value]
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _address(entries: list[dict]) -> str:
    """« 1 place de la Mairie, 62153 Ablain-Saint-Nazaire » from the directory's JSON:
    the street address (« Adresse ») rather than the postal one."""
    if not entries:
        return ""
    chosen = next((e for e in entries if _plain(e.get("type_adresse", "")) == "adresse"), None)
    entry = chosen or entries[0]
    parts = [
        " ".join(str(entry.get(key) or "").split())
        for key in ("complement1", "complement2", "numero_voie", "service_distribution")
    ]
    town = " ".join(
        p for p in (str(entry.get("code_postal") or ""), str(entry.get("nom_commune") or "")) if p
    )
    return ", ".join(p for p in [*parts, town] if p)


_SECONDARY = re.compile(r"deleguee|annexe|de quartier|agence postale", re.IGNORECASE)


def _offices(
    rows: Iterable[dict[str, str]], communes: set[str], sirens: set[str]
) -> tuple[int, dict[str, Office]]:
    found: dict[str, Office] = {}
    count = 0
    for row in rows:
        count += 1
        pivots = _json_list(row.get("pivot", ""))
        types = {str(p.get("type_service_local", "")) for p in pivots} & DIRECTORY_TYPES
        if not types:
            continue
        insee = row.get("code insee commune", "")
        siren = re.sub(r"\D", "", row.get("siren", ""))
        name = " ".join(row.get("nom", "").split())
        office_kind = sorted(types)[0]
        if office_kind == "mairie":
            if insee not in communes or _SECONDARY.search(_plain(name)):
                continue
            key = f"mairie:{insee}"
        elif office_kind == "cdg":
            key = f"cdg:{insee[:2]}"
        else:
            if siren not in sirens:
                continue
            key = f"{office_kind}:{siren}"
        address = _address(_json_list(row.get("adresse", "")))
        if not address:
            continue
        email = row.get("adresse courriel", "").split(";")[0].strip() or None
        office = Office(
            kind=office_kind,
            name=name,
            address=address,
            email=email,
            updated=_date(row.get("date modification", "")),
        )
        before = found.get(key)
        if before is None or (office.updated or dt.date.min) > (before.updated or dt.date.min):
            found[key] = office
    return count, found


# --- import and load --------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What the registry knows, to keep only the rows that concern it."""

    communes: set[str]
    """Codes INSEE of the communes."""
    sirens: set[str]
    """SIREN of the EPCI, CCAS and other établissements."""


def read_register(path: Path, known: Known, *, date: dt.date | None = None) -> RegisterFile:
    """Read a downloaded register file; ``date``: the date of its data (default: the
    file's own modification date, said as such)."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError("fichier de registre introuvable", path=path)
    if path.suffix.lower() != ".csv":
        raise RegistryError("format non pris en charge (CSV attendu)", path=path)
    raw = path.read_bytes()
    header, rows = _rows(path)
    kind = detect(header)
    if kind is None:
        raise RegistryError(
            "registre non reconnu : ni le répertoire national des élus (maires ou conseillers "
            "communautaires) ni l'annuaire de l'administration (export CSV)",
            path=path,
            row=1,
        )
    if kind == MAYORS:
        count, elected = _mayors(rows, known.communes)
        offices: dict[str, Office] = {}
    elif kind == PRESIDENTS:
        count, elected = _presidents(rows, known.sirens)
        offices = {}
    else:
        count, offices = _offices(rows, known.communes, known.sirens)
        elected = {}
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    return RegisterFile(
        kind=kind,
        file=path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        date=date or modified,
        date_given=date is not None,
        imported_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        rows=count,
        elected=elected,
        offices=offices,
    )


def import_register(
    path: Path, folder: Path, known: Known, *, date: dt.date | None = None
) -> RegisterFile:
    """Read a register file and keep what concerns the registry in ``folder``."""
    register = read_register(path, known, date=date)
    if register.count == 0:
        raise RegistryError(
            f"aucune ligne ne concerne les collectivités du référentiel ({register.rows} lues)",
            path=path,
        )
    target = Path(folder) / f"{register.kind}.json"
    atomic.write_bytes(target, register.model_dump_json(indent=1).encode("utf-8"))
    return register


@dataclass
class Registers:
    """The imported registers, by kind."""

    files: dict[str, RegisterFile] = field(default_factory=dict)

    def mayor(self, insee: str | None) -> tuple[Elected, RegisterSource] | None:
        found = self.files.get(MAYORS)
        if found and insee and insee in found.elected:
            return found.elected[insee], found.source
        return None

    def president(self, siren: str | None) -> tuple[Elected, RegisterSource] | None:
        found = self.files.get(PRESIDENTS)
        if found and siren and siren in found.elected:
            return found.elected[siren], found.source
        return None

    def office(self, key: str) -> tuple[Office, RegisterSource] | None:
        found = self.files.get(DIRECTORY)
        if found and key in found.offices:
            office = found.offices[key]
            source = RegisterSource(
                label=found.label,
                date=office.updated or found.date,
                date_kind="fiche mise à jour le" if office.updated else "fichier du",
            )
            return office, source
        return None

    def warnings(self, *, on: dt.date, elections: dt.date | None, max_age_days: int) -> list[str]:
        """In French: registers missing, older than the last municipal elections (the
        répertoire des élus) or than ``max_age_days``."""
        found: list[str] = []
        for kind in KINDS:
            register = self.files.get(kind)
            if register is None:
                found.append(
                    f"{LABELS[kind]} : non importé ; les conventions portent des pointillés "
                    "à sa place (pipeline registres importer FICHIER.csv)"
                )
                continue
            when = f"{register.label} (fichier du {long_date(register.date)})"
            if kind != DIRECTORY and elections and register.date < elections:
                found.append(
                    f"{when} : antérieur aux élections municipales du {long_date(elections)}, "
                    "maires et présidents à vérifier"
                )
            elif (on - register.date).days > max_age_days:
                found.append(f"{when} : plus de {max_age_days} jours, à télécharger de nouveau")
        return found


def load_registers(folder: Path | None) -> Registers:
    """The registers imported into ``folder`` (none when it is None or empty)."""
    registers = Registers()
    if folder is None:
        return registers
    for kind in KINDS:
        path = Path(folder) / f"{kind}.json"
        if not path.is_file():
            continue
        try:
            registers.files[kind] = RegisterFile.model_validate_json(path.read_bytes())
        except ValueError as error:
            raise RegistryError(
                f"registre importé illisible ({str(error).splitlines()[0]}) : importez-le de "
                "nouveau",
                path=path,
            ) from None
    return registers
