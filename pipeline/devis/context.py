"""What the Word templates of the devis can use: documented models with French names.

The staff edit ``templates/devis_syndicat.docx`` and ``templates/devis_cdg.docx`` in
Word like the conventions; a template may only use the fields below (checked before
any devis is written). The collectivité and the parties are the conventions' own
models (:mod:`pipeline.render.context`): the same names mean the same things. Every
value is already formatted in French.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from pipeline.render.context import Collectivite, Document, Partie, _Ctx


class LigneDevis(_Ctx):
    """Une ligne du devis : un service (ou la participation) et son prix."""

    variable: ClassVar[str] = "ligne"
    """The loop variable the templates use for one item."""

    numero: str = Field(description="numéro de la ligne, ex. 2")
    libelle: str = Field(description="ex. Antivirus — Licence")
    rubrique: str = Field(description="rubrique de l'annexe 2, ex. Sécurité ; vide sinon")
    unite: str = Field(description="unité de facturation, ex. Par poste et par an")
    periodicite: str = Field(description="par an, la première année, ou une fois")
    quantite: str = Field(description="ex. 3")
    prix_unitaire: str = Field(description="ex. 16,80 €")
    prix_unitaire_ht: str = Field(description="ex. 14,00 € ; vide si la version n'a pas le HT")
    total: str = Field(description="prix unitaire × quantité, ex. 50,40 €")
    total_ht: str = Field(description="le même HT ; vide si la version n'a pas le HT")
    note: str = Field(
        description="ce que précise la ligne : pourquoi elle est sur devis et la "
        "justification du montant donné par le service ; vide sinon"
    )


class PieceDevis(_Ctx):
    """Le devis : numéro, dates, lignes et totaux."""

    numero: str = Field(description="ex. CDG62-2026-0007")
    date: str = Field(description="date du devis, ex. 1er septembre 2025")
    validite: str = Field(description="dernier jour de validité, ex. 30 novembre 2025")
    validite_jours: str = Field(description="durée de validité en jours, ex. 90")
    remplace: str = Field(description="numéro du devis qu'il annule et remplace ; vide sinon")
    associe: str = Field(
        description="numéro de l'autre devis de la même commande (services ou "
        "accompagnement) ; vide s'il n'y en a pas"
    )
    strate: str = Field(
        description="strate de la collectivité, ex. Moins de 2 000 habitants ; vide si aucune"
    )
    annuelles: list[LigneDevis] = Field(description="les lignes facturées chaque année")
    ponctuelles: list[LigneDevis] = Field(
        description="les lignes payées une fois (mise en service, achat, première année)"
    )
    base: str = Field(description="TTC (ou HT si les prix sont donnés HT)")
    avec_ht: bool = Field(description="vrai quand la version donne aussi les prix HT")
    taux_tva: str = Field(description="ex. 20 % ; vide si les lignes n'ont pas un même taux")
    total_annuel: str = Field(description="total des lignes annuelles, ex. 99,60 €")
    total_ponctuel: str = Field(description="total des lignes payées une fois")
    total_premiere_annee: str = Field(description="total de la première année (les deux)")
    total_annuel_ht: str = Field(description="le total annuel HT ; vide sans HT")
    total_ponctuel_ht: str = Field(description="le total ponctuel HT ; vide sans HT")
    total_premiere_annee_ht: str = Field(description="le total de la première année HT")
    tva_premiere_annee: str = Field(description="TVA de la première année ; vide sans HT")
    total_premiere_annee_en_lettres: str = Field(
        description="ex. quatre-vingt-dix-neuf euros et soixante centimes"
    )
    total_annuel_en_lettres: str = Field(description="le total annuel en lettres")


class TarifsDevis(_Ctx):
    """La version tarifaire dont le devis tire ses prix."""

    version: str = Field(description="identifiant interne de la version, ex. 2025-07-10-v1")
    deliberation: str = Field(description="ex. n° 2025/31 du 10 juillet 2025")
    deliberation_instance: str = Field(description="ex. Conseil d'Administration")
    date_effet: str = Field(description="date d'application des tarifs, ex. 1er avril 2026")
    application: str = Field(description="ex. à compter du 1er avril 2026")


class DevisContexte(_Ctx):
    """Tout ce que les modèles Word des devis peuvent utiliser."""

    devis: PieceDevis = Field(description="le devis")
    emetteur: Partie = Field(description="qui émet le devis : le Syndicat mixte ou le CDG 62")
    cdg: Partie = Field(description="le Centre de Gestion du Pas-de-Calais")
    syndicat: Partie = Field(description="le Syndicat Mixte La Fibre Numérique 59-62")
    collectivite: Collectivite = Field(description="la collectivité à qui il est adressé")
    tarifs: TarifsDevis = Field(description="la délibération et la version des prix")
    document: Document = Field(description="réglages communs du document")

    def variables(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in type(self).model_fields}
