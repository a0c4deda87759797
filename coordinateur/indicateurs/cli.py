"""`coordinateur indicateurs calcule|bilan|cloturer` and the registers `convention|evenement ajoute|liste`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coordinateur.errors import EXIT_OK, UsageError, ValidationError


def add_commands(sub: Any, opener: Any) -> None:
    parser = sub.add_parser("indicateurs", help="indicateurs du plan d'action, bilan d'une période")
    actions = parser.add_subparsers(dest="indicateurs_commande", metavar="ACTION", required=True)
    for name, text in (("calcule", "calcule les indicateurs d'une période"),
                       ("bilan", "écrit le bilan d'une période (PDF d'une page, CSV ou XLSX selon l'extension)"),
                       ("cloturer", "clôt une période terminée : ses chiffres sont figés")):  # fmt: skip
        action = actions.add_parser(name, help=text)
        action.add_argument(
            "--periode", required=True, metavar="P", help="2026, 2026-S1, 2026-T2 ou 2026-01-01..2026-06-30"
        )
        place = action.add_mutually_exclusive_group()
        place.add_argument("--epci", metavar="CODE", help="une communauté de communes (SIREN)")
        place.add_argument("--commune", metavar="CODE", help="une commune (code INSEE)")
        if name == "calcule":
            action.add_argument("--json", action="store_true")
        if name == "bilan":
            action.add_argument("-o", dest="sortie", required=True, metavar="CHEMIN")
        if name == "cloturer":
            action.add_argument("--commentaire", default=None, help="commentaire figé avec les chiffres")
        action.set_defaults(run=lambda args, paths, n=name: _run(n, args, opener(paths)))

    for kind, text in (("convention", "registre des conventions"), ("evenement", "registre des événements")):
        register = sub.add_parser(kind, help=text)
        verbs = register.add_subparsers(dest=f"{kind}_commande", metavar="ACTION", required=True)
        lister = verbs.add_parser("liste", help="les fiches du registre, les plus récentes d'abord")
        lister.add_argument("--json", action="store_true")
        lister.set_defaults(run=lambda args, paths, k=kind: _liste(k, args, opener(paths)))
        ajoute = verbs.add_parser("ajoute", help="ajoute une fiche au registre")
        ajoute.add_argument("--titre", required=True)
        if kind == "convention":
            from coordinateur.indicateurs.registres import GENRES_CONVENTION

            ajoute.add_argument("--genre", required=True, choices=sorted(GENRES_CONVENTION))
            ajoute.add_argument("--signee-le", required=True, metavar="AAAA-MM-JJ")
            ajoute.add_argument("--fin-le", default="", metavar="AAAA-MM-JJ")
            ajoute.add_argument("--partenaire", action="append", default=[], metavar="ID", required=True,
                                help="identifiant d'une structure de l'annuaire (répétable)")  # fmt: skip
            ajoute.add_argument("--reference", default="")
        else:
            from coordinateur.indicateurs.registres import GENRES_EVENEMENT

            ajoute.add_argument("--genre", required=True, choices=sorted(GENRES_EVENEMENT))
            ajoute.add_argument("--date", required=True, metavar="AAAA-MM-JJ")
            ajoute.add_argument("--commune", default="", metavar="CODE_INSEE")
            ajoute.add_argument("--participants", type=int, default=0, metavar="N")
            ajoute.add_argument("--organisateurs", default="")
        ajoute.add_argument("--notes", default="")
        ajoute.set_defaults(run=lambda args, paths, k=kind: _ajoute(k, args, opener(paths)))


def _run(name: str, args: argparse.Namespace, store: Any) -> int:
    from coordinateur.indicateurs.bilan import bilan, cloture, exporte, nombre
    from coordinateur.indicateurs.periodes import periode, territoire
    from coordinateur.settings import load_settings

    try:
        settings = load_settings(store)
        try:
            when = periode(args.periode)
            part = f"epci:{args.epci}" if args.epci else f"commune:{args.commune}" if args.commune else ""
            where = territoire(settings, part)
        except ValidationError as exc:  # a period or a place that cannot be read is a usage error
            raise UsageError(exc.message) from exc
        if name == "cloturer":
            result = cloture(store, when, where, args.commentaire)
            print(f"Période {when.libelle} close pour {where.libelle} : {len(result.lignes)} indicateurs figés.",
                  file=sys.stderr)  # fmt: skip
            return EXIT_OK
        result = bilan(store, when, where)
        if name == "bilan":
            path = exporte(store, result, Path(args.sortie), structure=settings.structure_nom)
            print(f"Bilan {when.libelle} ({where.libelle}) écrit dans {path}", file=sys.stderr)
            return EXIT_OK
    finally:
        store.close()
    if args.json:
        print(json.dumps({"periode": when.code, "debut": when.debut.isoformat(), "fin": when.fin.isoformat(),
                          "territoire": where.code or None, "version": result.version, "close": result.clos,
                          "indicateurs": [{"code": line.code, "libelle": line.libelle, "valeur": line.valeur,
                                           "precedente": line.precedente, "unite": line.unite} for line in result.lignes]},
                         ensure_ascii=False, indent=1))  # fmt: skip
        return EXIT_OK
    print(f"{when.libelle} — {where.libelle}" + (" (période close)" if result.clos else ""))
    for line in result.lignes:
        print(f"{line.libelle:<66} {nombre(line.valeur, line.unite):>9}  ({line.evolution})")
    return EXIT_OK


def _liste(kind: str, args: argparse.Namespace, store: Any) -> int:
    from dataclasses import asdict

    from coordinateur.indicateurs.registres import liste_conventions, liste_evenements

    try:
        rows: list[Any] = liste_conventions(store) if kind == "convention" else liste_evenements(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        when = r.signee_le if kind == "convention" else r.date
        print(
            f"{when} | {r.titre} | {r.genre}"
            + (f" | {r.alerte}" if kind == "convention" and r.alerte else "")
        )
    if not rows:
        print("Le registre est vide.", file=sys.stderr)
    return EXIT_OK


def _ajoute(kind: str, args: argparse.Namespace, store: Any) -> int:
    from coordinateur.indicateurs.registres import (
        DonneesConvention,
        DonneesEvenement,
        enregistre_convention,
        enregistre_evenement,
    )

    try:
        if kind == "convention":
            new_id = enregistre_convention(store, DonneesConvention(
                titre=args.titre, genre=args.genre, partenaires=args.partenaire, signee_le=args.signee_le,
                fin_le=args.fin_le, reference=args.reference, notes=args.notes))  # fmt: skip
        else:
            new_id = enregistre_evenement(store, DonneesEvenement(
                titre=args.titre, genre=args.genre, date=args.date, commune_code=args.commune,
                nb_participants=args.participants, organisateurs=args.organisateurs, notes=args.notes))  # fmt: skip
    finally:
        store.close()
    print(new_id)
    return EXIT_OK
