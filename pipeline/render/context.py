"""What the Word templates can use: documented models with French field names.

The context handed to docxtpl is a :class:`Contexte`; a template may only use the
fields below (``pipeline templates check`` walks every template and verifies it).
Every value is already formatted in French: templates never format anything.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field


class _Ctx(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Collectivite(_Ctx):
    """La collectivité ou l'établissement public qui signe la convention."""

    nom: str = Field(description="nom officiel, ex. Ablain-Saint-Nazaire")
    designation: str = Field(
        description="nom précédé de l'article et de sa nature, en cours de phrase, "
        "ex. la commune d'Ablain-Saint-Nazaire"
    )
    designation_initiale: str = Field(
        description="la même en début de phrase, ex. La commune d'Ablain-Saint-Nazaire"
    )
    accord: str = Field(description="« e » si la désignation est féminine, sinon vide")
    type: str = Field(description="nature en toutes lettres, ex. commune")
    code_insee: str = Field(description="code INSEE, vide s'il n'y en a pas")
    siren: str = Field(description="numéro SIREN, vide s'il est inconnu")
    adresse: str = Field(description="adresse postale, ou pointillés à compléter")
    courriel: str = Field(description="adresse électronique, ou pointillés à compléter")
    representant: str = Field(
        description="qualité et identité du représentant, ex. son Maire, M. Jean Dupont"
    )
    representant_qualite: str = Field(description="ex. Maire, Président")
    representant_nom: str = Field(description="civilité, prénom et nom, ou pointillés")
    date_deliberation: str = Field(
        description="date de la délibération autorisant la signature, ex. 1er mars 2026, "
        "ou pointillés"
    )
    population: str = Field(description="population en chiffres, ex. 1 994 ; vide si inconnue")
    population_type: str = Field(description="municipale ou totale")
    population_source: str = Field(
        description="origine du chiffre, ex. INSEE, populations légales, millésime 2023 "
        "en vigueur au 1er janvier 2026"
    )


class Partie(_Ctx):
    """Le CDG 62 ou le syndicat mixte."""

    nom: str = Field(description="dénomination complète")
    sigle: str = Field(description="nom court utilisé dans le texte")
    adresse: str = Field(description="siège")
    representant: str = Field(description="ex. son Président, M. René Hocq")


class LigneService(_Ctx):
    """Une ligne de l'annexe 2 : un service du syndicat mixte et son prix."""

    variable: ClassVar[str] = "ligne"
    """The loop variable the templates use for one item."""

    libelle: str = Field(description="libellé, ex. Messagerie compte 5 Go")
    tarif: str = Field(description="prix en euros, ex. 16,80 €, ou « sur devis », « gratuit »")
    base: str = Field(description="TTC ou HT")
    unite: str = Field(description="unité de facturation, ex. Par compte et par an")


class Groupe(_Ctx):
    """Un groupe de services (ex. Messagerie) ; nom vide pour les lignes hors groupe."""

    variable: ClassVar[str] = "groupe"
    """The loop variable the templates use for one item."""

    nom: str = Field(description="nom du groupe, vide si les lignes n'en ont pas")
    lignes: list[LigneService] = Field(description="les services du groupe")


class Categorie(_Ctx):
    """Une rubrique de l'annexe 2 (ex. Sécurité)."""

    variable: ClassVar[str] = "categorie"
    """The loop variable the templates use for one item."""

    nom: str = Field(description="nom de la rubrique")
    services: str = Field(
        description="ce que propose la rubrique, en une liste : ses groupes et ses lignes "
        "hors groupe, dans l'ordre, ex. Messagerie, Nom de domaine, Page internet"
    )
    groupes: list[Groupe] = Field(description="les groupes de la rubrique, dans l'ordre")


class Strate(_Ctx):
    """Une strate de la participation du CDG à l'accompagnement."""

    variable: ClassVar[str] = "strate"
    """The loop variable the templates use for one item."""

    libelle: str = Field(description="ex. Moins de 2 000 habitants")
    participation: str = Field(description="ex. 200 €, ou « sur devis »")
    unite: str = Field(description="ex. Par collectivité et par an")
    applicable: bool = Field(description="vrai pour la strate de la collectivité")
    couleur: str = Field(
        description="couleur de fond de la ligne (hexadécimal), surlignée si applicable"
    )
    mention: str = Field(
        description="« strate applicable » pour celle de la collectivité, sinon vide"
    )


class Accompagnement(_Ctx):
    """La strate de la collectivité et sa participation annuelle."""

    strate: str = Field(description="libellé de la strate, ex. Moins de 2 000 habitants")
    sur_devis: bool = Field(description="vrai quand la participation est fixée sur devis")
    par_population: bool = Field(description="vrai quand la strate dépend de la population")
    montant: str = Field(description="en chiffres, ex. 200 € ; vide si sur devis")
    montant_en_lettres: str = Field(
        description="en lettres, ex. deux cents euros ; vide si sur devis"
    )
    unite: str = Field(description="ex. Par collectivité et par an")


class Tarifs(_Ctx):
    """La version tarifaire approuvée en vigueur."""

    version: str = Field(description="identifiant de la version, ex. 2025-07-10-v1")
    deliberation_date: str = Field(description="date de la délibération, ex. 10 juillet 2025")
    deliberation_instance: str = Field(description="ex. Conseil d'Administration")
    date_effet: str = Field(description="date d'application des tarifs, ex. 10 juillet 2025")
    references: str = Field(description="délibérations visées, ex. 2021/49 ; vide sinon")
    categories: list[Categorie] = Field(description="les services par rubrique et par groupe")
    strates: list[Strate] = Field(description="les strates de la participation du CDG")


class Contexte(_Ctx):
    """Tout ce que les modèles Word peuvent utiliser."""

    collectivite: Collectivite = Field(description="la collectivité signataire")
    cdg: Partie = Field(description="le Centre de Gestion du Pas-de-Calais")
    syndicat: Partie = Field(description="le Syndicat Mixte La Fibre Numérique 59-62")
    tarifs: Tarifs = Field(description="la version tarifaire en vigueur")
    accompagnement: Accompagnement = Field(description="la strate de la collectivité")

    def variables(self) -> dict[str, object]:
        """The top-level names, with nested models kept as objects for attribute access."""
        return {name: getattr(self, name) for name in type(self).model_fields}
