"""`coordinateur annuaire import|cherche|export` (architecture §6)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coordinateur.errors import EXIT_OK, EXIT_REFUSED


def add_commands(sub: Any, opener: Any) -> None:
    annuaire = sub.add_parser("annuaire", help="annuaire des intervenants et des structures")
    commands = annuaire.add_subparsers(dest="annuaire_commande", metavar="ACTION", required=True)

    imp = commands.add_parser("import", help="importe un tableur, une extraction RPPS/FINESS ou des vCards")
    imp.add_argument("fichier", metavar="FICHIER")
    imp.add_argument("--format", default="auto", choices=("auto", "csv", "xlsx", "rpps", "finess", "vcard"))
    imp.add_argument("--departement", action="append", default=[], metavar="NN",
                     help="département à garder (par défaut, ceux du territoire)")  # fmt: skip
    imp.add_argument("--simulation", action="store_true", help="rapport sans rien enregistrer")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(run=lambda args, paths: _import(args, opener(paths)))

    find = commands.add_parser("cherche", help="cherche dans l'annuaire (texte vide : tout)")
    find.add_argument("texte", metavar="TEXTE", nargs="?", default="")
    find.add_argument("--commune", metavar="CODE_INSEE", help="qui travaille dans cette commune")
    find.add_argument("--profession", action="append", default=[], metavar="CODE",
                      help="code de profession ou de type de structure (plusieurs : répéter l'option)")  # fmt: skip
    find.add_argument("--limite", type=int, default=50, metavar="N")
    find.add_argument("--json", action="store_true")
    find.set_defaults(run=lambda args, paths: _cherche(args, opener(paths)))

    exp = commands.add_parser("export", help="exporte l'annuaire en CSV, vCard ou livret PDF")
    exp.add_argument("--format", required=True, choices=("csv", "vcard", "pdf"))
    exp.add_argument("--commune", action="append", default=[], metavar="CODE_INSEE")
    exp.add_argument("--profession", action="append", default=[], metavar="CODE",
                     help="code de profession ou de type de structure (plusieurs : répéter l'option)")  # fmt: skip
    exp.add_argument("-o", dest="sortie", required=True, metavar="CHEMIN")
    exp.set_defaults(run=lambda args, paths: _export(args, opener(paths)))

    merge = commands.add_parser(
        "fusionne", help="fusionne deux fiches en double : AUTRE disparaît, ses liens passent à GARDE"
    )
    merge.add_argument("garde", metavar="GARDE", help="identifiant de la fiche gardée")
    merge.add_argument("autre", metavar="AUTRE", help="identifiant de la fiche en double")
    merge.add_argument("--prendre", action="append", default=[], metavar="CHAMP",
                       help="champ pris dans AUTRE (répétable : --prendre email --prendre adresse) ; "
                       "téléphones, zones, structures et publics sont réunis, les notes jointes")  # fmt: skip
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(run=lambda args, paths: _fusionne(args, opener(paths)))


def _import(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.annuaire.imports.pilote import departements_du_territoire, importe
    from coordinateur.settings import load_settings

    try:
        departements = args.departement or departements_du_territoire(load_settings(store))
        rapport = importe(store, Path(args.fichier), format_=args.format, departements=departements,
                          simulation=args.simulation)  # fmt: skip
    finally:
        store.close()
    if args.json:
        print(json.dumps(rapport.as_dict(), ensure_ascii=False, indent=2))
    for line in rapport.details():
        print(line, file=sys.stderr)
    return EXIT_OK


def _professions_inconnues(codes: list[str]) -> list[str]:
    from coordinateur.annuaire.listes import professions, types_structure

    return [c for c in codes if c not in professions() and c not in types_structure()]


def _cherche(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.annuaire.recherche import Filtre, cherche
    from coordinateur.referentiels.cog import referentiel

    if args.commune and referentiel().commune(args.commune) is None:
        store.close()
        print(f"Commune inconnue : {args.commune} (code INSEE attendu, par exemple 12119).", file=sys.stderr)
        return EXIT_REFUSED
    if _professions_inconnues(args.profession):
        store.close()
        print(f"Profession(s) ou type(s) inconnu(s) : {', '.join(_professions_inconnues(args.profession))} "
              "(codes : 60 pour infirmier, SSIAD…).", file=sys.stderr)  # fmt: skip
        return EXIT_REFUSED
    try:
        from coordinateur.annuaire.index import a_jour

        a_jour(store)
        lignes = cherche(
            store,
            Filtre(texte=args.texte, commune=args.commune, professions=tuple(args.profession)),
            args.limite,
        )
    finally:
        store.close()
    keys = (
        "id",
        "categorie",
        "nom",
        "prenom",
        "profession",
        "structure",
        "commune_code",
        "commune",
        "telephone",
    )
    if args.json:
        print(
            json.dumps(
                [{k: getattr(ligne, k) for k in keys} for ligne in lignes], ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    for ligne in lignes:
        who = " ".join(p for p in (ligne.prenom, ligne.nom) if p)
        print(
            " | ".join(
                p for p in (who, ligne.profession, ligne.structure, ligne.commune, ligne.telephone) if p
            )
        )
    print(f"{len(lignes)} résultat(s).", file=sys.stderr)
    return EXIT_OK


def _fusionne(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.annuaire.fiches import LIBELLES_CHAMPS
    from coordinateur.annuaire.service import fusionne, lit
    from coordinateur.errors import ValidationError

    try:
        inconnus = [c for c in args.prendre if c not in LIBELLES_CHAMPS or c == "id"]
        if inconnus:
            raise ValidationError(f"Champ(s) inconnu(s) : {', '.join(inconnus)}. Possibles : "
                                  f"{', '.join(LIBELLES_CHAMPS)}.")  # fmt: skip
        garde = fusionne(store, args.garde, args.autre, set(args.prendre))
        fiche = lit(store, garde)
    finally:
        store.close()
    if args.json:
        print(
            json.dumps({"id": garde, "fusionnee": args.autre, "nom": fiche.nom}, ensure_ascii=False, indent=2)
        )
    print(f"Fiches fusionnées : « {fiche.nom} » est gardée, le double est supprimé.", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.annuaire.exports import Selection, exporte
    from coordinateur.annuaire.recherche import Filtre
    from coordinateur.referentiels.cog import referentiel
    from coordinateur.settings import load_settings

    unknown = [c for c in args.commune if referentiel().commune(c) is None]
    if unknown:
        store.close()
        print(f"Commune(s) inconnue(s) : {', '.join(unknown)}.", file=sys.stderr)
        return EXIT_REFUSED
    if _professions_inconnues(args.profession):
        store.close()
        print(f"Profession(s) ou type(s) inconnu(s) : {', '.join(_professions_inconnues(args.profession))} "
              "(codes : 60 pour infirmier, SSIAD…).", file=sys.stderr)  # fmt: skip
        return EXIT_REFUSED
    try:
        from coordinateur.annuaire.index import a_jour

        a_jour(store)
        settings = load_settings(store)
        selection = Selection(filtre=Filtre(professions=tuple(args.profession)), communes=tuple(args.commune))
        count = exporte(store, args.format, selection, Path(args.sortie), sous_titre=settings.territoire_nom)
    finally:
        store.close()
    print(f"{count} fiche(s) exportée(s) dans {args.sortie} ({settings.territoire_nom}).", file=sys.stderr)
    return EXIT_OK
