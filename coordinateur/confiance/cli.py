"""`coordinateur sauvegarde creer|liste|restaurer ID|verifier` and `coordinateur journal` (architecture §6)."""

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


def add_journal_command(sub: Any, opener: Callable[[Paths], Any]) -> None:
    from coordinateur.confiance.journal import LIBELLES_ACTIONS

    parser = sub.add_parser("journal", help="lit ou exporte le journal d'audit")
    parser.add_argument("--personne", metavar="ID", help="seulement ce qui concerne cette personne")
    parser.add_argument("--utilisateur", metavar="NOM")
    parser.add_argument("--action", choices=sorted(LIBELLES_ACTIONS))
    parser.add_argument("--du", metavar="JJ/MM/AAAA", help="premier jour inclus")
    parser.add_argument("--au", metavar="JJ/MM/AAAA", help="dernier jour inclus")
    parser.add_argument(
        "--csv", metavar="FICHIER", help="exporte les lignes en CSV (Excel) au lieu de les afficher"
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(run=lambda args, paths: _journal(args, opener(paths)))


def _jour(value: str | None, option: str) -> Any:
    from coordinateur.errors import UsageError
    from coordinateur.text import lit_date

    if not value:
        return None
    try:
        return lit_date(value)
    except ValueError:
        raise UsageError(f"{option} : date attendue au format JJ/MM/AAAA (reçu « {value} »).") from None


def _journal(args: argparse.Namespace, store: Any) -> int:
    from pathlib import Path

    from coordinateur.confiance.journal import Filtre, entrees, exporte_csv

    try:
        filtre = Filtre(
            args.personne, args.utilisateur, args.action, _jour(args.du, "--du"), _jour(args.au, "--au")
        )
        if args.csv:
            count = exporte_csv(store, filtre, Path(args.csv))
            print(f"{count} ligne(s) du journal exportée(s) dans {args.csv}", file=sys.stderr)
            return EXIT_OK
        rows = entrees(store, filtre, limite=None)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"id": e.id, "horodatage": e.horodatage.isoformat(), "utilisateur": e.utilisateur,
                           "appareil": e.appareil, "action": e.action, "objet_type": e.objet_type,
                           "objet_id": e.objet_id, "resume": e.resume} for e in rows],
                         ensure_ascii=False, indent=1))  # fmt: skip
        return EXIT_OK
    for e in rows:
        print(f"{e.horodatage.strftime('%d/%m/%Y %H:%M:%S')}  {e.utilisateur:<20} {e.action_libelle:<14} "
              f"{e.objet_libelle:<16} {e.resume}")  # fmt: skip
    if not rows:
        print("Aucune ligne du journal ne correspond.", file=sys.stderr)
    return EXIT_OK


def _creer(store: Any) -> int:
    from coordinateur.confiance.sauvegarde import sauvegarde_manuelle
    from coordinateur.settings import load_settings

    try:
        saved, second = sauvegarde_manuelle(store, load_settings(store).sauvegarde_seconde)
    finally:
        store.close()
    print(f"Sauvegarde vérifiée : {saved.chemin}" + (f" ({second})" if second else ""), file=sys.stderr)
    print(saved.id)
    return EXIT_OK


def _liste(args: argparse.Namespace, paths: Paths) -> int:
    from coordinateur.confiance.sauvegarde import liste

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
    from coordinateur.confiance.sauvegarde import verifie_derniere

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
    from coordinateur.confiance import chiffrement
    from coordinateur.confiance.sauvegarde import restaure

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
