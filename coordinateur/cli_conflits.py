"""`coordinateur conflits liste|restaurer|ignorer`: the conflicts the shared folder's merge set aside,
as the Partage screen shows them (architecture §6). A conflict is a field two laptops changed: the later
edit was kept, the other value is kept aside until the coordinator restores it or lets it go."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from coordinateur.errors import EXIT_OK, ValidationError


def add_commands(sub: Any, opener: Any) -> None:
    conflits = sub.add_parser("conflits", help="valeurs écartées par la synchronisation, à revoir")
    actions = conflits.add_subparsers(dest="conflits_commande", metavar="ACTION", required=True)
    lister = actions.add_parser("liste", help="les conflits à revoir, du plus récent au plus ancien")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(run=lambda args, paths: _liste(args, opener(paths)))
    restaurer = actions.add_parser(
        "restaurer", help="remet la valeur écartée (une modification qui part à son tour)"
    )
    restaurer.add_argument("conflit", metavar="ID", type=int)
    restaurer.set_defaults(run=lambda args, paths: _regle(args, opener(paths), restaure=True))
    ignorer = actions.add_parser("ignorer", help="garde la valeur retenue et oublie l'autre")
    ignorer.add_argument("conflit", metavar="ID", type=int)
    ignorer.set_defaults(run=lambda args, paths: _regle(args, opener(paths), restaure=False))


def _texte(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _liste(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.partage.tableau import conflits

    try:
        lignes = conflits(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"id": c.id, "kind": c.kind, "record_id": c.record_id, "libelle": c.libelle,
                           "champ": c.champ, "gardee": c.gardee, "ecartee": c.ecartee, "detecte_le": c.detecte_le}
                          for c in lignes], ensure_ascii=False, indent=2, default=str))  # fmt: skip
        return EXIT_OK
    for c in lignes:
        print(
            f"{c.id} | {c.libelle} | {c.champ} : gardé « {_texte(c.gardee)} », écarté « {_texte(c.ecartee)} »"
        )
    print(f"{len(lignes)} conflit(s) à revoir." if lignes else "Aucun conflit à revoir.", file=sys.stderr)
    return EXIT_OK


def _regle(args: argparse.Namespace, store: Any, *, restaure: bool) -> int:
    from coordinateur.partage import tableau

    try:
        if args.conflit not in {c.id for c in tableau.conflits(store)}:
            raise ValidationError(f"Aucun conflit à revoir ne porte le numéro {args.conflit}.")
        if restaure:
            tableau.restaure(store, args.conflit)
        else:
            tableau.ignore(store, args.conflit)
    finally:
        store.close()
    print(
        "Valeur écartée remise." if restaure else "Conflit réglé : la valeur retenue reste.", file=sys.stderr
    )
    return EXIT_OK
