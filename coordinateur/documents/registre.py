"""The RGPD documents the structure must have (domain.md §4 L2, L8, L11): its entry in the "registre des
activités de traitement" (article 30) for what Coordinateur does, and the information notice handed to a
person followed (articles 13 and 14, R1110-3 CSP). Pre-filled from the settings; to complete and sign by
the structure, which remains the data controller.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coordinateur.documents.rendus import Bloc, Document, docx, odt, pdf
from coordinateur.errors import ValidationError
from coordinateur.fichiers import ecriture_atomique
from coordinateur.settings import Settings

if TYPE_CHECKING:
    from coordinateur.store import Store

FORMATS = {"pdf": pdf, "odt": odt, "docx": docx}
A_COMPLETER = "[à compléter]"


def _structure(settings: Settings) -> str:
    return settings.structure_nom or A_COMPLETER


def registre(settings: Settings, *, jour: date | None = None) -> Document:
    today = jour or date.today()
    structure = _structure(settings)
    territoire = settings.territoire_nom or A_COMPLETER
    mois = settings.conservation_dossiers_mois
    lignes = [
        ["Rubrique", "Contenu"],
        ["Nom du traitement", "Coordination des parcours de maintien à domicile (Coordinateur)"],
        ["Responsable du traitement", f"{structure} — représentant légal : {A_COMPLETER}"],
        ["Délégué à la protection des données", A_COMPLETER],
        ["Personne chargée de la coordination", settings.coordinateur_nom or A_COMPLETER],
        ["Finalités",
         "Tenir l'annuaire des professionnels et structures du territoire ; tenir pour chaque personne "
         "accompagnée sa fiche de liaison (boîte jaune du réfrigérateur, fiche DLU-Dom pour l'admission à "
         "l'hôpital) ; préparer et rédiger les comptes rendus des réunions de concertation et suivre leurs "
         "actions ; produire les indicateurs anonymes du plan d'action."],
        ["Base légale",
         "Mission d'intérêt public de coordination (article 6.1.e du RGPD) ; données de santé : prise en charge "
         "sanitaire ou sociale (article 9.2.h) ; échange et partage encadrés par l'article L1110-4 du code de "
         "la santé publique."],
        ["Personnes concernées",
         f"Personnes accompagnées à domicile sur le territoire {territoire} ; leurs proches (personnes à "
         "prévenir, de confiance, représentants) ; les professionnels de l'annuaire."],
        ["Catégories de données",
         "Identité et traits INS (dont NIR), coordonnées, situation familiale et sociale, autonomie (GIR), "
         "données de santé utiles à l'urgence (allergies, traitements, antécédents, dispositifs), souhaits et "
         "directives, cercle de soins, information, consentement ou opposition au partage ; pour les "
         "professionnels : identité, profession, RPPS/FINESS, coordonnées professionnelles."],
        ["Destinataires",
         "Membres de l'équipe de soins (article L1110-12 CSP) dans la limite de leurs missions ; services "
         "d'urgence par la fiche conservée au domicile ; partenaires des réunions : relevé de décisions "
         "pseudonymisé seulement ; aucun transfert hors de l'Union européenne."],
        ["Durées de conservation",
         f"Dossier de la personne : {mois} mois après le dernier contact, puis anonymisation ; textes des "
         f"situations évoquées en réunion : {settings.conservation_situations_mois} mois après la réunion ; "
         "journal d'audit : conservé avec la base ; sauvegardes : rotation (24 heures, 14 jours, 8 semaines, "
         "12 mois)."],
        ["Mesures de sécurité",
         "Base chiffrée (SQLCipher, AES-256) sur le poste, phrase de passe robuste et clé de secours, "
         "verrouillage automatique, journal d'audit chaîné et vérifiable, sauvegardes chiffrées et vérifiées, "
         "dossier partagé limité au stockage interne de la structure pour les documents nominatifs, aucune "
         "transmission vers un hébergeur externe."],
        ["Analyse d'impact (AIPD)",
         f"Requise (données de santé de personnes vulnérables, liste de la CNIL) : {A_COMPLETER}"],
        ["Droits des personnes",
         "Accès (dossier complet remis en PDF), rectification, effacement par anonymisation, opposition au "
         "partage, limitation ; exercés auprès de la structure ; réclamation possible auprès de la CNIL."],
    ]  # fmt: skip
    return Document(
        titre="Registre des activités de traitement",
        sous_titre=f"Fiche du traitement « Coordination des parcours » — {structure} — mise à jour le "
        f"{today.strftime('%d/%m/%Y')}",
        blocs=[
            Bloc(
                "texte",
                "Fiche pré-remplie par Coordinateur à partir de ses paramètres. Les mentions "
                f"{A_COMPLETER} sont à renseigner par la structure, responsable du traitement.",
            ),
            Bloc("tableau", lignes=lignes),
        ],
        auteur=structure,
    )


def notice(settings: Settings, *, jour: date | None = None) -> Document:
    structure = _structure(settings)
    coordinateur = settings.coordinateur_nom or A_COMPLETER
    mois = settings.conservation_dossiers_mois
    blocs = [
        Bloc("texte", f"Madame, Monsieur, {structure} coordonne les professionnels qui interviennent à votre "
                      "domicile. Pour cela, nous tenons un dossier à votre nom. Voici ce qu'il contient, à quoi "
                      "il sert et quels sont vos droits."),
        Bloc("h1", "Ce que nous enregistrons"),
        Bloc("liste", items=[
            "votre identité, votre adresse et les moyens de vous joindre ;",
            "les personnes à prévenir, votre personne de confiance et, le cas échéant, votre représentant ;",
            "les professionnels qui vous accompagnent (votre cercle de soins) ;",
            "les informations utiles en cas d'urgence : allergies, traitements, antécédents, appareillages, "
            "vos souhaits et directives anticipées si vous le souhaitez ;",
            "les réunions de concertation où votre situation est évoquée et les décisions prises.",
        ]),
        Bloc("h1", "À quoi cela sert"),
        Bloc("texte", "À coordonner votre accompagnement à domicile et à préparer la fiche de liaison rangée "
                      "dans la boîte jaune de votre réfrigérateur : elle renseigne les secours et l'hôpital "
                      "si vous devez être pris en charge en urgence."),
        Bloc("h1", "Qui y a accès"),
        Bloc("texte", "Seuls les professionnels de votre équipe de soins, chacun pour ce qui relève de sa "
                      "mission (article L1110-4 du code de la santé publique). Les partenaires extérieurs ne "
                      "reçoivent qu'un relevé de décisions où vous n'êtes pas nommé(e). Vos données restent sur "
                      "l'ordinateur chiffré de la coordination ; elles ne sont ni vendues ni envoyées hors de "
                      "l'Union européenne."),
        Bloc("h1", "Combien de temps"),
        Bloc("texte", f"{mois} mois après notre dernier contact, votre dossier est anonymisé : il ne reste "
                      "que des chiffres sans nom, pour les statistiques du territoire."),
        Bloc("h1", "Vos droits"),
        Bloc("liste", items=[
            "vous pouvez demander une copie de tout ce que nous détenons sur vous ;",
            "faire corriger une information inexacte ;",
            "vous opposer au partage de vos informations, ou retirer votre consentement, à tout moment ;",
            "demander l'effacement de votre dossier lorsque l'accompagnement a pris fin ;",
            "saisir la CNIL (www.cnil.fr, 3 place de Fontenoy, 75007 Paris) si vous estimez que vos droits ne "
            "sont pas respectés.",
        ]),
        Bloc("texte", f"Pour exercer ces droits : {coordinateur}, {structure} — {A_COMPLETER} (adresse, "
                      "téléphone)."),
        Bloc("texte", "Notice remise le ____ / ____ / ________ à ______________________________ "
                      "par ______________________________"),
    ]  # fmt: skip
    return Document(
        titre="Vos informations personnelles et vos droits",
        sous_titre=f"Notice d'information — {structure}",
        blocs=blocs,
        auteur=structure,
    )


def exporte(document: Document, format_: str) -> bytes:
    if format_ not in FORMATS:
        raise ValueError(f"format inconnu : {format_}")
    return FORMATS[format_](document)


DOCUMENTS = {"registre": registre, "notice": notice}


def enregistre(store: Store, settings: Settings, quoi: str, path: Path) -> Path:
    """Write the registre or the notice to `path` (format from its suffix: .pdf, .odt, .docx), atomically,
    and record it in the audit log."""
    format_ = path.suffix.lower().lstrip(".")
    if format_ not in FORMATS:
        raise ValidationError("Choisissez un fichier .pdf, .odt ou .docx.")
    document = DOCUMENTS[quoi](settings)
    with ecriture_atomique(path) as handle:
        handle.write(exporte(document, format_))
    with store.write() as session:
        store.audit(session, "export", "parametres", None, f"{document.titre} ({format_.upper()})")
    return path
