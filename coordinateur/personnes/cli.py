"""`coordinateur personnes liste|import` and `coordinateur fiche pdf` (architecture §6)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coordinateur.errors import EXIT_OK, EXIT_REFUSED, ValidationError


def add_commands(sub: Any, opener: Any) -> None:
    personnes = sub.add_parser("personnes", help="personnes accompagnées")
    actions = personnes.add_subparsers(dest="personnes_commande", metavar="ACTION", required=True)
    lister = actions.add_parser("liste", help="liste des personnes et état de leur fiche")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(run=lambda args, paths: _liste(args, opener(paths)))
    anonymise = actions.add_parser(
        "anonymise", help="efface ce qui identifie la personne, garde ce qui est compté (irréversible)"
    )
    anonymise.add_argument("personne", metavar="PERSONNE", help="identifiant ou nom unique")
    anonymise.add_argument("--motif", default="effacement demandé")
    anonymise.add_argument("--confirme", action="store_true", help="nécessaire : l'effacement est définitif")
    anonymise.set_defaults(run=lambda args, paths: _anonymise(args, opener(paths)))
    purge = actions.add_parser(
        "purge", help="ce qui a dépassé sa durée de conservation ; --confirme l'anonymise"
    )
    purge.add_argument("--confirme", action="store_true", help="anonymiser tout ce qui est listé")
    purge.add_argument("--json", action="store_true")
    purge.set_defaults(run=lambda args, paths: _purge(args, opener(paths)))
    imp = actions.add_parser("import", help="crée les personnes d'un tableur CSV ou XLSX")
    imp.add_argument("fichier", metavar="FICHIER")
    imp.add_argument("--simulation", action="store_true", help="rapport sans rien enregistrer")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(run=lambda args, paths: _import(args, opener(paths)))

    fiche = sub.add_parser("fiche", help="fiches de liaison")
    fiche_actions = fiche.add_subparsers(dest="fiche_commande", metavar="ACTION", required=True)
    pdf = fiche_actions.add_parser("pdf", help="PDF de la dernière version validée d'une fiche, ou de toutes")
    pdf.add_argument("personne", metavar="PERSONNE", nargs="?", help="identifiant ou nom unique")
    pdf.add_argument("--modele", choices=("frigo", "dlu", "aller-retour"), default="frigo")
    pdf.add_argument(
        "--toutes", action="store_true", help="une fiche par personne suivie, dans le dossier -o"
    )
    pdf.add_argument(
        "--perimees", action="store_true", help="avec --toutes : seulement les fiches périmées ou à revoir"
    )
    pdf.add_argument("-o", dest="sortie", required=True, metavar="CHEMIN")
    pdf.set_defaults(run=lambda args, paths: _pdf(args, opener(paths)))


def _liste(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.personnes.service import liste_personnes

    try:
        lignes = liste_personnes(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([ligne.as_json() for ligne in lignes], ensure_ascii=False, indent=2))
        return EXIT_OK
    for ligne in lignes:
        print(
            f"{ligne.nom.upper()} {ligne.prenom} | {ligne.date_naissance} | {ligne.commune} | {ligne.statut} | fiche {ligne.etat.libelle}"
        )
    print(f"{len(lignes)} personne(s).", file=sys.stderr)
    return EXIT_OK


def _anonymise(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.personnes.rgpd import anonymise

    try:
        personne = trouve_personne(store, args.personne)
        if not args.confirme:
            raise ValidationError("L'anonymisation est définitive : ajoutez --confirme pour la faire.")
        anonymise(store, personne, motif=args.motif)
    finally:
        store.close()
    print("Dossier anonymisé : ce qui identifiait la personne est effacé.", file=sys.stderr)
    return EXIT_OK


def _purge(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.personnes.rgpd import GENRES, a_purger, purge

    try:
        elements = a_purger(store)
        faits = purge(store, elements) if args.confirme and elements else 0
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"genre": e.genre, "id": e.id, "libelle": e.libelle, "depuis": e.depuis, "mois": e.mois,
                           "anonymise": bool(faits)} for e in elements], ensure_ascii=False, indent=2))  # fmt: skip
    else:
        for e in elements:
            print(f"{GENRES[e.genre]} | {e.libelle} | depuis le {e.depuis} ({e.mois} mois)")
    if not elements:
        print("Rien n'a dépassé les durées de conservation.", file=sys.stderr)
    elif args.confirme:
        print(f"{faits} élément(s) anonymisé(s).", file=sys.stderr)
    else:
        print(f"{len(elements)} élément(s) ont dépassé leur durée de conservation ; --confirme les anonymise.",
              file=sys.stderr)  # fmt: skip
    return EXIT_OK


def _import(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.personnes.imports import importe_personnes

    try:
        rapport = importe_personnes(store, Path(args.fichier), simulation=args.simulation)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2))
    for line in rapport.details():
        print(line, file=sys.stderr)
    return EXIT_OK  # like the directory import: the refused lines are in the report


def trouve_personne(store: Any, designation: str) -> str:
    """An id, or a name that designates exactly one person."""
    from coordinateur.personnes.service import liste_personnes

    lignes = liste_personnes(store)
    exact = [ligne for ligne in lignes if ligne.id == designation]
    if exact:
        return exact[0].id
    found = liste_personnes(store, designation)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise ValidationError(f"Aucune personne ne correspond à « {designation} ».")
    noms = ", ".join(f"{p.prenom} {p.nom} ({p.date_naissance})" for p in found[:5])
    raise ValidationError(
        f"« {designation} » désigne plusieurs personnes : {noms}… Précisez, ou donnez l'identifiant."
    )


def _pdf(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.fiches.impression import enregistre_pdf, toutes

    try:
        if args.toutes:
            lot = toutes(store, Path(args.sortie), modele=args.modele, perimees=args.perimees)
            for qui, raison in lot.refusees:
                print(f"{qui} : {raison}", file=sys.stderr)
            print(f"{len(lot.ecrites)} fiche(s) écrite(s) dans {args.sortie}.", file=sys.stderr)
            return EXIT_OK if not lot.refusees else EXIT_REFUSED
        if not args.personne:
            print("Indiquez une personne, ou --toutes.", file=sys.stderr)
            return EXIT_REFUSED
        version = enregistre_pdf(store, trouve_personne(store, args.personne), args.modele, Path(args.sortie))
    finally:
        store.close()
    print(f"Fiche (version {version.numero}) écrite dans {args.sortie}.", file=sys.stderr)
    return EXIT_OK
