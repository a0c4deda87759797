"""`coordinateur partage etat|sync [--dossier CHEMIN] [--json]` — exit code 4 when the folder is unavailable."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coordinateur.errors import EXIT_OK, EXIT_SHARE_UNAVAILABLE
from coordinateur.text import horodatage_fr


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
    docs = actions.add_parser("documents", help="documents nominatifs déposés pour l'équipe (chiffrés)")
    docs.add_argument("--dossier", metavar="CHEMIN", help="dossier de partage (sinon celui des réglages)")
    docs.add_argument("--ouvrir", metavar="NOM", help="déchiffre ce document (nom donné par la liste)")
    docs.add_argument("-o", "--sortie", metavar="FICHIER", help="avec --ouvrir : où l'écrire")
    docs.add_argument("--json", action="store_true")
    docs.set_defaults(run=lambda args, paths: _documents(args, opener(paths)))
    equipe = actions.add_parser(
        "equipe", help="équipe du dossier de partage : créer, inviter, rejoindre, retirer"
    )
    steps = equipe.add_subparsers(dest="equipe_commande", metavar="ACTION", required=True)
    for name, help_text in (
        ("creer", "crée l'équipe d'un dossier de partage vide (premier ordinateur)"),
        ("invitation", "invite un nouvel ordinateur : affiche un code (et écrit le fichier ou la page)"),
        ("rejoindre", "rejoint l'équipe avec le code d'une invitation"),
        ("revoque", "retire un ordinateur (perdu, volé) de l'équipe et renouvelle la clé"),
        ("membres", "ordinateurs de l'équipe"),
    ):
        step = steps.add_parser(name, help=help_text)
        step.add_argument("--dossier", metavar="CHEMIN", help="dossier de partage (sinon celui des réglages)")
        step.add_argument("--json", action="store_true")
        if name == "invitation":
            step.add_argument(
                "--fichier", metavar="F", help="écrit aussi l'invitation dans ce fichier, à emporter"
            )
            step.add_argument(
                "--pdf", metavar="F", help="écrit aussi la page à imprimer (le code et la marche à suivre)"
            )
        if name == "rejoindre":
            step.add_argument("code", metavar="CODE", help="code de l'invitation (XXXX-XXXX-XXXX-XXXX)")
            step.add_argument(
                "--fichier", metavar="F", help="fichier d'invitation (si le dossier n'est pas joignable)"
            )
        if name == "revoque":
            step.add_argument(
                "appareil",
                metavar="APPAREIL",
                help="identifiant de l'ordinateur (8 premiers caractères suffisent)",
            )
        step.set_defaults(run=lambda args, paths, n=name: _equipe(n, args, opener(paths)))


def _etat(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.partage.tableau import etat

    try:
        state = etat(store, args.dossier)
    finally:
        store.close()
    if args.json:
        print(json.dumps(state.as_json(), ensure_ascii=False, indent=2))
    else:
        connected = (
            "non connecté"
            if not state.connecte
            else "connecté, mais non admis dans l'équipe"
            if state.hors_equipe
            else "connecté"
        )
        print(f"Dossier : {state.dossier or 'non choisi'} — {connected}")
        print(f"En attente d'envoi : {state.en_attente} · conflits à revoir : {state.conflits}")
        print(f"Dernière synchronisation : {horodatage_fr(state.derniere_synchro)}")
        if state.indisponible:
            print(state.indisponible)
        if state.hors_equipe and state.hors_equipe not in state.erreur:
            print(state.hors_equipe)
        if state.erreur:  # the last sync's alerts, and a date that looks wrong (said from the start)
            print(state.erreur)
        if state.quarantaine:
            print(f"Segments en quarantaine : {len(state.quarantaine)} (coordinateur partage quarantaine)")
    return EXIT_OK if state.connecte else EXIT_SHARE_UNAVAILABLE


def _sync(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.partage.dossier import RACINE, initialise
    from coordinateur.partage.sync import synchronise
    from coordinateur.partage.tableau import etat

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
    from coordinateur.partage.tableau import leve_quarantaine, quarantaine

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


def _dossier(args: argparse.Namespace, store: Any, *, creer: bool = False) -> Path:
    from coordinateur.partage.dossier import RACINE, initialise, verifie_connexion
    from coordinateur.settings import load_settings

    folder = args.dossier or load_settings(store).partage_dossier or None
    if creer and folder and Path(folder).is_dir() and not (Path(folder) / RACINE).exists():
        initialise(Path(folder))
    return verifie_connexion(Path(folder) if folder else None)


def _equipe(name: str, args: argparse.Namespace, store: Any) -> int:
    from coordinateur.fichiers import ecriture_atomique
    from coordinateur.partage import equipe, invitations, retrait

    result: Any
    try:
        if name == "creer":
            team = equipe.creer(store, _dossier(args, store, creer=True), force=True)
            result = {
                "equipe": team.id,
                "message": "Équipe de partage créée : invitez les autres ordinateurs.",
            }
        elif name == "invitation":
            invitation = invitations.invite(store, _dossier(args, store))
            for target, data in ((args.fichier, invitation.fichier),
                                 (args.pdf, invitations.page_invitation(invitation, store.device_name) if args.pdf else b"")):  # fmt: skip
                if target:
                    with ecriture_atomique(Path(target)) as handle:
                        handle.write(data)
                    Path(target).chmod(0o600)
            result = {"code": invitation.code, "expire_le": invitation.expire_le,
                      "message": f"Code d'invitation : {invitation.code} (un seul ordinateur, valable 14 jours)."}  # fmt: skip
        elif name == "rejoindre":
            data = None
            if args.fichier:
                from coordinateur.partage import fichiers

                data = fichiers.lit(Path(args.fichier), equipe.FICHIER_MAX)
            root = None if data is not None and not args.dossier else _dossier(args, store)
            team = invitations.rejoint(store, root, args.code, data)
            message = "Cet ordinateur a rejoint l'équipe de partage."
            if team.anciens:
                message += (" Il en avait déjà fait partie : il y revient sous un nouvel identifiant "
                            f"({team.appareil[:8]} ; l'ancien, {team.anciens[-1][:8]}, reste dans la liste), et ce "
                            "que les autres n'avaient pas reçu de lui leur sera envoyé à la prochaine "
                            "synchronisation.")  # fmt: skip
            result = {"equipe": team.id, "appareil": team.appareil, "message": message}
        elif name == "revoque":
            result = {"message": retrait.revoque(store, _dossier(args, store), args.appareil)}
        else:
            result = [line.as_json() for line in retrait.membres(store)]
    finally:
        store.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif isinstance(result, list):
        if not result:
            print("Cet ordinateur ne fait partie d'aucune équipe de partage.")
        for line in result:
            print(f"{line['appareil'][:8]} · {line['nom']} · {line['coordinateur']} · {line['etat']}")
    else:
        print(result["message"])
    return EXIT_OK


def _documents(args: argparse.Namespace, store: Any) -> int:
    from coordinateur.errors import CoordinateurError
    from coordinateur.fichiers import ecriture_atomique
    from coordinateur.partage.actualisation import exige
    from coordinateur.partage.boite import documents_equipe, journalise_document, ouvre_document

    try:
        root = _dossier(args, store)
        team = exige(store, root, [])
        found = documents_equipe(root)
        if args.ouvrir:
            chosen = [d for d in found if d.nom == args.ouvrir]
            if not chosen or not args.sortie:
                raise CoordinateurError("Donnez le nom d'un document de la liste et, avec -o, où l'écrire.")
            meta, content = ouvre_document(team, chosen[0])
            with ecriture_atomique(Path(args.sortie)) as handle:
                handle.write(content)
            Path(args.sortie).chmod(0o600)
            journalise_document(store, meta)
            print(f"Document « {meta.get('genre', '')} » pour « {meta.get('destinataire', '')} » écrit dans "
                  f"{args.sortie}.", file=sys.stderr)  # fmt: skip
            return EXIT_OK
        names = {d: m.get("nom", d[:8]) for d, m in team.membres.items()}
    finally:
        store.close()
    rows = [{"nom": d.nom, "auteur": names.get(d.auteur, d.auteur[:8]), "depose_le": d.depose_le, "taille": d.taille}
            for d in found]  # fmt: skip
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("Aucun document de l'équipe dans ce dossier.")
    for row in rows if not args.json else []:
        print(f"{row['nom']} · {row['auteur']} · {row['depose_le']} · {row['taille'] // 1024} Ko")
    return EXIT_OK
