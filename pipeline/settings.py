"""Where things live and the choices the domain leaves open, read from the environment.

Every setting can be overridden by an environment variable ``PIPELINE_<NAME>``
(e.g. ``PIPELINE_DB=/srv/cdg62/tarifs.sqlite3``). Relative paths are resolved
against the current working directory, i.e. the project folder the staff work in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PIPELINE_", frozen=True)

    deliberations_dir: Path = Field(Path("deliberations"), description="dossier de dépôt")
    output_dir: Path = Field(Path("output"), description="documents générés")
    templates_dir: Path = Field(Path("templates"), description="modèles Word")
    db: Path = Field(Path("pipeline.sqlite3"), description="base SQLite des versions")
    cache_dir: Path = Field(Path(".cache"), description="cache (OCR)")
    registry: Path | None = Field(
        None, description="CSV ou XLSX des collectivités, complétant le référentiel"
    )
    population_kind: Literal["municipale", "totale"] = Field(
        "totale",
        description="chiffre de population des strates quand la délibération n'en nomme pas "
        "(réglage juridique ; le décret annuel des populations légales : la totale)",
    )
    population_fallback: Literal["millesime_anterieur", "autre_population", "aucun"] = Field(
        "millesime_anterieur",
        description="chiffre pris quand celui du millésime en vigueur manque : le même type "
        "d'un millésime antérieur, l'autre type du même millésime, ou aucun (pas de "
        "convention) ; toujours dit sur le document et dans le rapport (réglage juridique)",
    )
    upcoming_days: int = Field(
        60,
        ge=0,
        description="le rapport de génération signale une autre version (approuvée ou en "
        "attente) qui prend effet dans ce nombre de jours après la date demandée",
    )
    parties: Path | None = Field(
        None,
        description="fichier des parties (CDG, Syndicat mixte, délibérations citées) ; par "
        "défaut parametres/parties.toml du dossier, sinon celui du projet",
    )
    registers_dir: Path = Field(
        Path("registres"),
        description="registres publics importés (répertoire des élus, annuaire)",
    )
    boundary_margin: float = Field(
        0.02, description="écart relatif à une borne de strate signalé dans le rapport"
    )
    price_change_warning: float = Field(
        0.25, description="variation de prix au-delà de laquelle un avertissement est émis"
    )
    four_eyes: bool = Field(
        False,
        description="principe des quatre yeux : une personne qui a corrigé une version ne "
        "peut pas l'approuver (réglage juridique, désactivé par défaut)",
    )

    max_pages: int = Field(500, ge=1, description="pages au plus par fichier lu")
    max_seconds: float = Field(
        300.0, gt=0, description="secondes au plus pour lire et analyser un fichier"
    )
    max_memory_mb: int = Field(
        2048, ge=256, description="mémoire au plus (Mio) du processus qui lit un fichier"
    )

    @property
    def ocr_cache(self) -> Path:
        return self.cache_dir / "ocr"


def get_settings() -> Settings:
    return Settings()


class DevisSettings(BaseSettings):
    """The devis (:mod:`pipeline.devis`): numbering, validity, taxes, and the words a
    unit of billing is read with (``PIPELINE_DEVIS_<NAME>``)."""

    model_config = SettingsConfigDict(env_prefix="PIPELINE_DEVIS_", frozen=True)

    validity_days: int = Field(
        90,
        ge=1,
        description="durée de validité d'un devis en jours, à compter de sa date (les "
        "délibérations n'en fixent pas : réglage à confirmer par le service)",
    )
    prefix_syndicat: str = Field(
        "FN5962", pattern=r"^[A-Z0-9]{1,12}$", description="préfixe des numéros du Syndicat"
    )
    prefix_cdg: str = Field(
        "CDG62", pattern=r"^[A-Z0-9]{1,12}$", description="préfixe des numéros du CDG"
    )
    number_digits: int = Field(4, ge=1, le=9, description="chiffres du rang dans l'année")
    accompaniment_basis: Literal["TTC", "HT"] = Field(
        "TTC",
        description="base de la participation à l'accompagnement, que la délibération "
        "donne sans dire TTC ou HT (réglage juridique à confirmer)",
    )
    max_quantity: int = Field(100_000, ge=1, description="quantité commandée au plus par ligne")
    match_ratio: float = Field(
        0.85, gt=0, le=1, description="ressemblance au moins pour reconnaître un service mal écrit"
    )
    match_margin: float = Field(
        0.05, ge=0, le=1, description="avance sur le second pour qu'une ressemblance décide"
    )
    match_suggest: float = Field(
        0.6, ge=0, le=1, description="ressemblance au moins pour suggérer un service proche"
    )
    yearly_words: tuple[str, ...] = Field(
        ("par an", "/an", "annuel", "annuelle", "chaque année", "par année"),
        description="mots d'une unité facturée chaque année",
    )
    first_year_words: tuple[str, ...] = Field(
        ("première année", "1re année", "1ère année"),
        description="mots d'une unité facturée la première année seulement",
    )
    limit_words: tuple[str, ...] = Field(
        ("dans la limite de", "jusqu'à", "au plus", "maximum de", "plafonné à", "limité à"),
        description="mots qui précèdent une quantité au plus dans une unité",
    )
    quote_words: tuple[str, ...] = Field(
        ("devis", "sur demande", "nous consulter"),
        description="mots qui disent qu'au-delà de la limite le prix est fixé sur devis",
    )


def get_devis_settings() -> DevisSettings:
    return DevisSettings()
