"""`coordinateur reunion liste` and `coordinateur reunion export` (architecture §6)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coordinateur.errors import EXIT_OK, ValidationError

STATUTS = (
    "a_faire",
    "en_cours",
    "fait",
    "abandonne",
)  # reunions.service.STATUTS_ACTION, without importing it


def add_commands(sub: Any, opener: Any) -> None:
    reunion = sub.add_parser("reunion", help="réunions de concertation et commissions")
    actions = reunion.add_subparsers(dest="reunion_commande", metavar="ACTION", required=True)
    lister = actions.add_parser("liste", help="les réunions, de la plus récente à la plus ancienne")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(run=lambda args, paths: _liste(args, opener(paths)))
    todo = actions.add_parser("actions", help="les actions décidées en réunion, par responsable et échéance")
    todo.add_argument(
        "--responsable", metavar="NOM", help="nom (ou partie du nom) ou identifiant du responsable"
    )
    todo.add_argument("--statut", action="append", default=[], choices=STATUTS,
                      help="répétable ; par défaut les actions ouvertes (a_faire, en_cours)")  # fmt: skip
    todo.add_argument("--toutes", action="store_true", help="aussi les actions faites ou abandonnées")
    todo.add_argument("--json", action="store_true")
    todo.set_defaults(run=lambda args, paths: _actions(args, opener(paths)))
    export = actions.add_parser(
        "export", help="compte rendu (pdf, odt, docx), invitation (ics) ou ordre du jour et émargement (PDF)"
    )
    export.add_argument(
        "reunion", metavar="REUNION", help="identifiant, ou titre/date qui désigne une seule réunion"
    )
    export.add_argument("--format", required=True, choices=("pdf", "odt", "docx", "ics", "emargement"))
    export.add_argument("--pour", choices=("equipe", "partenaires"), default="partenaires",
                        help="equipe : nominatif ; partenaires : relevé pseudonymisé (par défaut)")  # fmt: skip
    export.add_argument(
        "--confirme", action="store_true",
        help="pour les partenaires : confirmer les passages signalés comme pouvant encore identifier quelqu'un",
    )  # fmt: skip
    export.add_argument("-o", dest="sortie", required=True, metavar="CHEMIN")
    export.set_defaults(run=lambda args, paths: _export(args, opener(paths)))


def _liste(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.reunions.service import STATUTS_REUNION, TYPES, liste_reunions

    try:
        lignes = liste_reunions(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([ligne.as_json() for ligne in lignes], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in lignes:
        print(f"{r.date} | {r.titre} | {TYPES[r.type]} | {STATUTS_REUNION[r.statut]} | {r.nb_situations} situation(s), "
              f"{r.nb_actions_ouvertes} action(s) ouverte(s)")  # fmt: skip
    return EXIT_OK


def _actions(args: argparse.Namespace, store: Any) -> int:
    """The window's board of actions: what each responsible has to do, by due date."""
    from coordinateur.reunions.service import OUVERTES, actions
    from coordinateur.text import fold

    statuts = None if args.toutes else tuple(args.statut or OUVERTES)
    try:
        lignes = actions(store, statuts=statuts)
    finally:
        store.close()
    if args.responsable:
        wanted = fold(args.responsable)
        lignes = [a for a in lignes if a.responsable_id == args.responsable or wanted in fold(a.responsable)]
    if args.json:
        print(json.dumps([{"id": a.id, "quoi": a.quoi, "responsable": a.responsable,
                           "responsable_id": a.responsable_id, "echeance": a.echeance, "statut": a.statut,
                           "en_retard": a.en_retard, "reunion_id": a.reunion_id, "reunion": a.reunion,
                           "reunion_date": a.reunion_date, "fait_le": a.fait_le} for a in lignes],
                         ensure_ascii=False, indent=2))  # fmt: skip
        return EXIT_OK
    from coordinateur.reunions.service import STATUTS_ACTION as statuts_fr

    for a in lignes:
        retard = " (en retard)" if a.en_retard else ""
        print(f"{a.responsable or '—'} | {a.quoi} | échéance {a.echeance or '—'}{retard} | "
              f"{statuts_fr.get(a.statut, a.statut)} | {a.reunion} du {a.reunion_date}")  # fmt: skip
    print(f"{len(lignes)} action(s).", file=sys.stderr)
    return EXIT_OK


def trouve_reunion(store: Any, designation: str) -> str:
    from coordinateur.reunions.service import liste_reunions
    from coordinateur.text import fold

    lignes = liste_reunions(store)
    exact = [r for r in lignes if r.id == designation]
    if exact:
        return exact[0].id
    words = fold(designation).split()
    found = [r for r in lignes if all(w in fold(f"{r.titre} {r.date} {r.serie}") for w in words)]
    if len(found) == 1:
        return found[0].id
    if not found:
        raise ValidationError(f"Aucune réunion ne correspond à « {designation} ».")
    raise ValidationError(
        f"« {designation} » désigne {len(found)} réunions : précisez la date, ou donnez l'identifiant."
    )


def _export(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.reunions.exports import emargement, exporte_compte_rendu, invitation

    confirme = bool(args.confirme)
    try:
        reunion_id = trouve_reunion(store, args.reunion)
        if args.format == "ics":
            invitation(store, reunion_id, Path(args.sortie), niveau=args.pour, confirme=confirme)
        elif args.format == "emargement":
            emargement(store, reunion_id, Path(args.sortie), niveau=args.pour, confirme=confirme)
        else:
            exporte_compte_rendu(
                store, reunion_id, args.format, args.pour, Path(args.sortie), confirme=confirme
            )
    finally:
        store.close()
    print(f"Écrit : {args.sortie}.", file=sys.stderr)
    return EXIT_OK
