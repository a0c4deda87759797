"""`coordinateur partage etat|sync [--dossier CHEMIN] [--json]` — exit code 4 when the folder is unavailable."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coordinateur.errors import EXIT_OK, EXIT_SHARE_UNAVAILABLE


def add_commands(sub: Any, opener: Any) -> None:
    partage = sub.add_parser("partage", help="dossier de partage entre coordinateurs")
    actions = partage.add_subparsers(dest="partage_commande", metavar="ACTION", required=True)
    for name, help_text in (
        ("etat", "état du partage"),
        ("sync", "envoie et reçoit les modifications, dépose les exports"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument(
            "--dossier", metavar="CHEMIN", help="dossier de partage (sinon celui des réglages)"
        )
        action.add_argument("--json", action="store_true")
        if name == "sync":
            action.add_argument("--accepter-suppressions", action="store_true", help=argparse.SUPPRESS)
        action.set_defaults(
            run=lambda args, paths, n=name: (_etat if n == "etat" else _sync)(args, opener(paths))
        )
    action = actions.add_parser("quarantaine", help="segments refusés (invalides) ; --lever ID les réexamine")
    action.add_argument("--dossier", metavar="CHEMIN", help="dossier de partage (sinon celui des réglages)")
    action.add_argument(
        "--lever", metavar="ID", type=int, help="réexaminer ce segment (réécrit par son auteur ?)"
    )
    action.add_argument("--json", action="store_true")
    action.set_defaults(run=lambda args, paths: _quarantaine(args, opener(paths)))


def _etat(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.partage.sync import etat

    try:
        state = etat(store, args.dossier)
    finally:
        store.close()
    if args.json:
        print(json.dumps(state.as_json(), ensure_ascii=False, indent=2))
    else:
        print(
            f"Dossier : {state.dossier or 'non choisi'} — {'connecté' if state.connecte else 'non connecté'}"
        )
        print(f"En attente d'envoi : {state.en_attente} · conflits à revoir : {state.conflits}")
        print(f"Dernière synchronisation : {state.derniere_synchro or 'jamais'}")
        if state.indisponible:
            print(state.indisponible)
        if state.quarantaine:
            print(f"Segments en quarantaine : {len(state.quarantaine)} (coordinateur partage quarantaine)")
    return EXIT_OK if state.connecte else EXIT_SHARE_UNAVAILABLE


def _sync(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.partage.dossier import RACINE, initialise
    from coordinateur.partage.sync import etat, synchronise

    try:
        if args.dossier and Path(args.dossier).is_dir() and not (Path(args.dossier) / RACINE).exists():
            initialise(Path(args.dossier))  # first use of an empty shared folder
        bilan = synchronise(store, args.dossier, accepter_suppressions=args.accepter_suppressions)
        state = etat(store, args.dossier)
    finally:
        store.close()
    if args.json:
        print(json.dumps({**state.as_json(), "envoyees": bilan.ecrits, "recues": bilan.appliques,
                          "exports": bilan.exports_publies, "alertes": bilan.alertes}, ensure_ascii=False, indent=2))  # fmt: skip
    print(bilan.resume(), file=sys.stderr)
    for alert in bilan.alertes + bilan.exports_refuses:
        print(alert, file=sys.stderr)
    return EXIT_OK


def _quarantaine(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.partage.sync import leve_quarantaine, quarantaine

    try:
        if args.lever is not None:
            print(leve_quarantaine(store, args.lever, args.dossier), file=sys.stderr)
        lines = quarantaine(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([line.as_json() for line in lines], ensure_ascii=False, indent=2))
    elif not lines:
        print("Aucun segment en quarantaine.")
    for line in lines if not args.json else []:
        print(f"{line.id} · {line.fichier} · ordinateur « {line.auteur} » · {line.motif}")
    return EXIT_OK
