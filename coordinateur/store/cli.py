"""`coordinateur sauvegarde creer|liste|restaurer ID|verifier` (architecture §6)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from coordinateur.errors import EXIT_OK
from coordinateur.paths import Paths


def add_commands(sub: Any, opener: Callable[[Paths], Any], phrase: Callable[[], str | None]) -> None:
    parser = sub.add_parser("sauvegarde", help="copies de sauvegarde de la base")
    actions = parser.add_subparsers(dest="sauvegarde_commande", metavar="ACTION", required=True)
    creer = actions.add_parser("creer", help="fait une copie vérifiée de la base maintenant")
    creer.set_defaults(run=lambda args, paths: _creer(opener(paths)))
    lister = actions.add_parser("liste", help="les sauvegardes, de la plus récente à la plus ancienne")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(run=_liste)
    verifier = actions.add_parser(
        "verifier", help="restaure à l'essai la plus récente dans un dossier temporaire"
    )
    verifier.set_defaults(run=lambda args, paths: _verifier(opener(paths)))
    restaurer = actions.add_parser("restaurer", help="remet une sauvegarde vérifiée à la place de la base")
    restaurer.add_argument("id", metavar="ID", help="identifiant donné par `sauvegarde liste`")
    restaurer.set_defaults(run=lambda args, paths: _restaurer(args, paths, phrase(), opener))


def _creer(store: Any) -> int:
    from coordinateur.store.sauvegarde import cree

    try:
        saved = cree(store.paths, store.key)
        with store.write() as session:
            store.audit(session, "sauvegarde", "base", saved.id, f"Sauvegarde {saved.chemin.name}")
    finally:
        store.close()
    print(f"Sauvegarde vérifiée : {saved.chemin}", file=sys.stderr)
    print(saved.id)
    return EXIT_OK


def _liste(args: argparse.Namespace, paths: Paths) -> int:
    from coordinateur.store.sauvegarde import liste

    backups = liste(paths)
    if args.json:
        print(json.dumps([{"id": s.id, "chemin": str(s.chemin), "date": s.date.isoformat(), "motif": s.motif,
                           "taille": s.taille} for s in backups], ensure_ascii=False, indent=1))  # fmt: skip
        return EXIT_OK
    for s in backups:
        print(
            f"{s.id}  {s.date.astimezone().strftime('%d/%m/%Y %H:%M')}  {s.motif:<20} {s.taille // 1024:>8} Ko"
        )
    if not backups:
        print("Aucune sauvegarde pour l'instant.", file=sys.stderr)
    return EXIT_OK


def _verifier(store: Any) -> int:
    from coordinateur.store.sauvegarde import verifie_derniere

    try:
        lines = verifie_derniere(store.paths, store.key)
    finally:
        store.close()
    for line in lines:
        print(f"✔ {line}", file=sys.stderr)
    return EXIT_OK


def _restaurer(
    args: argparse.Namespace, paths: Paths, phrase: str | None, opener: Callable[[Paths], Any]
) -> int:
    from coordinateur.store import chiffrement
    from coordinateur.store.sauvegarde import restaure

    key = chiffrement.cle_du_dossier(paths.data, phrase)
    chosen = restaure(paths, args.id, key)
    store = opener(paths)
    try:
        with store.write() as session:
            store.audit(
                session, "restauration", "base", chosen.id, f"Sauvegarde {chosen.chemin.name} restaurée"
            )
    finally:
        store.close()
    print(f"Sauvegarde du {chosen.date.astimezone().strftime('%d/%m/%Y à %H:%M')} restaurée ; la base "
          "d'avant est gardée comme sauvegarde « avant-restauration ».", file=sys.stderr)  # fmt: skip
    return EXIT_OK
