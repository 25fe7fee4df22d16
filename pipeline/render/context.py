"""What the Word templates can use: documented models with French field names.

The context handed to docxtpl is a :class:`Contexte`; a template may only use the
fields below (``pipeline templates check`` walks every template and verifies it).
Every value is already formatted in French: templates never format anything, and the
French typography (no-break spaces, apostrophes, « 1er ») is set on the whole document
once rendered (:mod:`pipeline.render.typography`).
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
    est_commune: bool = Field(description="vrai pour une commune")
    appellation: str = Field(
        description="nom que lui donne la convention : la collectivité (commune) ou "
        "l'établissement (EPCI, CCAS, syndicat, autre établissement public)"
    )
    appellation_initiale: str = Field(
        description="le même en début de phrase : La collectivité, L'établissement"
    )
    de_appellation: str = Field(description="de la collectivité, de l'établissement")
    a_appellation: str = Field(description="à la collectivité, à l'établissement")
    code_insee: str = Field(description="code INSEE, vide s'il n'y en a pas")
    siren: str = Field(description="numéro SIREN, vide s'il est inconnu")
    adresse: str = Field(description="adresse du siège, ou pointillés à compléter")
    courriel: str = Field(description="adresse électronique, ou pointillés à compléter")
    representant: str = Field(
        description="qualité et identité du représentant, ex. son Maire, M. Jean Dupont"
    )
    representant_qualite: str = Field(description="ex. Maire, Président, Présidente")
    representant_nom: str = Field(description="civilité, prénom et nom, ou pointillés")
    assemblee: str = Field(
        description="assemblée qui autorise la signature, ex. conseil municipal, conseil "
        "communautaire, conseil d'administration, comité syndical"
    )
    date_deliberation: str = Field(
        description="date de la délibération autorisant la signature, ex. 1er mars 2026, "
        "ou pointillés"
    )
    population: str = Field(description="population en chiffres, ex. 1 994 ; vide si inconnue")
    population_type: str = Field(description="municipale ou totale")
    population_millesime: str = Field(description="millésime du chiffre, ex. 2023 ; vide")
    population_en_vigueur: str = Field(
        description="date d'entrée en vigueur du millésime, ex. 1er janvier 2026 ; vide"
    )
    population_source: str = Field(
        description="origine du chiffre, ex. INSEE, populations légales millésime 2023"
    )
    population_regle: str = Field(
        description="chiffre que retient la version tarifaire, ex. population totale, faute "
        "de mention contraire de la délibération (décret annuel …)"
    )
    population_exacte: bool = Field(
        description="vrai quand le chiffre est celui du type et du millésime en vigueur"
    )
    population_note: str = Field(
        description="ce qui manque et ce qui le remplace, ex. population totale du "
        "millésime 2023 (…) non disponible : chiffre du millésime 2022 (…) ; vide sinon"
    )
    sources: str = Field(
        description="d'où viennent le représentant et l'adresse et de quand, ex. "
        "représentant : Répertoire national des élus (maires), fichier du 1er octobre 2026"
    )


class Partie(_Ctx):
    """Le CDG 62 ou le syndicat mixte (fichier parametres/parties.toml)."""

    nom: str = Field(description="dénomination complète")
    sigle: str = Field(description="nom court utilisé dans le texte")
    nature: str = Field(description="ex. établissement public local à caractère administratif")
    siren: str = Field(description="numéro SIREN, ou pointillés")
    adresse: str = Field(description="adresse du siège, ou pointillés")
    commune: str = Field(description="commune du siège, ou pointillés")
    representant: str = Field(description="ex. son Président, M. René HOCQ")
    representant_qualite: str = Field(description="ex. Président")
    representant_nom: str = Field(description="civilité, prénom et nom, ou pointillés")
    assemblee: str = Field(description="ex. Conseil d'Administration, Comité syndical")
    habilitation: str = Field(
        description="délibération qui habilite le représentant à signer, après « la "
        "délibération », ex. n° 2025/31 du 10 juillet 2025"
    )


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

    libelle: str = Field(description="ex. Moins de 2 000 habitants (insécable)")
    renvoi: str = Field(
        description="appel de la note sous le tableau (« 1 » pour la strate « établissement "
        "public »), vide sinon"
    )
    participation: str = Field(description="ex. 200 €, ou « sur devis »")
    unite: str = Field(description="ex. Par collectivité et par an")
    applicable: bool = Field(description="vrai pour la strate de la collectivité")
    couleur: str = Field(
        description="couleur de fond de la ligne (hexadécimal), surlignée si applicable"
    )
    mention: str = Field(description="« applicable » pour celle de la collectivité, sinon vide")


class Visa(_Ctx):
    """Une délibération du CDG 62 visée par celle qui fixe les tarifs."""

    variable: ClassVar[str] = "visa"
    """The loop variable the templates use for one item."""

    texte: str = Field(
        description="après « Vu », ex. la délibération n° 2021/49 du Conseil "
        "d'Administration du CDG 62 du 23 novembre 2021"
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
    """La version tarifaire approuvée en vigueur et la délibération qui l'arrête."""

    version: str = Field(description="identifiant interne de la version, ex. 2025-07-10-v1")
    deliberation: str = Field(
        description="numéro et date de la délibération, ex. n° 2025/31 du 10 juillet 2025 "
        "(sans numéro s'il est inconnu : du 19 mars 2026)"
    )
    deliberation_numero: str = Field(description="ex. 2025/31, ou pointillés")
    deliberation_date: str = Field(description="date de la séance, ex. 10 juillet 2025")
    deliberation_instance: str = Field(description="ex. Conseil d'Administration")
    date_effet: str = Field(description="date d'application des tarifs, ex. 1er avril 2026")
    application: str = Field(
        description="depuis quand les tarifs s'appliquent, après « applicables », ex. à "
        "compter du 1er avril 2026, ou à compter de la date à laquelle cette délibération "
        "est devenue exécutoire"
    )
    titre_annexe: str = Field(
        description="titre de l'annexe 2, ex. Tarifs applicables à compter du 1er avril 2026"
    )
    visas: list[Visa] = Field(description="délibérations visées, avec leur date quand connue")
    categories: list[Categorie] = Field(description="les services par rubrique et par groupe")
    strates: list[Strate] = Field(description="les strates de la participation du CDG")
    renvoi_etablissement: bool = Field(
        description="vrai quand une strate « établissement public » appelle la note « Pour "
        "les autres structures, un devis sera établi »"
    )


class Document(_Ctx):
    """Ce qui vaut pour tout le document."""

    a_completer: str = Field(description="ce qui remplace une valeur inconnue (pointillés)")


class Contexte(_Ctx):
    """Tout ce que les modèles Word peuvent utiliser."""

    collectivite: Collectivite = Field(description="la collectivité signataire")
    cdg: Partie = Field(description="le Centre de Gestion du Pas-de-Calais")
    syndicat: Partie = Field(description="le Syndicat Mixte La Fibre Numérique 59-62")
    tarifs: Tarifs = Field(description="la version tarifaire en vigueur")
    accompagnement: Accompagnement = Field(description="la strate de la collectivité")
    document: Document = Field(description="réglages communs du document")

    def variables(self) -> dict[str, object]:
        """The top-level names, with nested models kept as objects for attribute access."""
        return {name: getattr(self, name) for name in type(self).model_fields}
