"""The command line (architecture §6). With no command it opens the application window.

Messages go to stderr in French; `--json` results to stdout. Exit codes: 0 done, 1 refused, 2 usage,
3 store locked or wrong passphrase, 4 shared folder unavailable.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from coordinateur import APP_NAME, __version__
from coordinateur.errors import EXIT_OK, EXIT_REFUSED, CoordinateurError, decrit_erreur_systeme, erreur_connue
from coordinateur.logs import setup_logging
from coordinateur.paths import Paths, resolve_paths

log = logging.getLogger(__name__)


class FrenchParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "utilisation :")
            .replace("options:", "options :")
            .replace("positional arguments:", "arguments :")
            .replace("show this help message and exit", "affiche cette aide")
        )

    def error(self, message: str) -> Any:  # exit code 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {en_francais(message)}\n")


# argparse's own messages (Python ships no French catalogue for them), most specific first
ARGPARSE_FR = (
    (r"the following arguments are required: (.*)", r"il manque : \1"),
    (
        r"argument (.*?): invalid choice: '?(.*?)'? \(choose from (.*)\)",
        r"\1 : « \2 » n'existe pas (possibles : \3)",
    ),
    (r"argument (.*?): invalid (\S+) value: (.*)", r"\1 : valeur invalide \3"),
    (r"argument (.*?): expected one argument", r"\1 : il faut une valeur après"),
    (r"argument (.*?): expected at most one argument", r"\1 : une seule valeur au plus"),
    (r"argument (.*?): expected at least one argument", r"\1 : au moins une valeur"),
    (r"argument (.*?): not allowed with argument (.*)", r"\1 : incompatible avec \2"),
    (r"argument (.*?): ignored explicit argument (.*)", r"\1 : valeur \2 ignorée"),
    (r"unrecognized arguments: (.*)", r"arguments inconnus : \1"),
    (r"one of the arguments (.*) is required", r"l'un de ces arguments est nécessaire : \1"),
    (r"ambiguous option: (.*) could match (.*)", r"option ambiguë : \1 peut désigner \2"),
)


def en_francais(message: str) -> str:
    for pattern, french in ARGPARSE_FR:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, french, message)
    return message


PHRASE_ENV = "COORDINATEUR_PASSPHRASE"
NOUVELLE_PHRASE_ENV = "COORDINATEUR_NOUVELLE_PASSPHRASE"


class _Phrase:
    """The passphrase given on the command line (file) or in the environment, for every opening."""

    value: str | None = None


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", metavar="DOSSIER", help="dossier des données (sinon COORDINATEUR_DATA_DIR)"
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FICHIER",
        help=f"fichier contenant la phrase de passe des données chiffrées (sinon {PHRASE_ENV})",
    )
    # Used by benchmarks and packaging smoke tests: open the window, report, and quit.
    parser.add_argument("--quitter-apres-affichage", action="store_true", help=argparse.SUPPRESS)


def _window_only(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options when no command is given (the window opens), else None. Saves building every
    subcommand on the way to the window."""
    parser = FrenchParser(prog="coordinateur", add_help=False)
    _add_options(parser)
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="coordinateur", description=f"{APP_NAME} — coordination du maintien à domicile."
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="affiche la version de Coordinateur et quitte")  # fmt: skip
    _add_options(parser)
    sub = parser.add_subparsers(dest="commande", metavar="COMMANDE", parser_class=FrenchParser)

    demo = sub.add_parser(
        "demo", help="remplit un dossier VIDE avec un territoire fictif, puis ouvre la fenêtre"
    )
    demo.add_argument("--no-gui", action="store_true", help="remplir seulement, sans ouvrir la fenêtre")
    demo.add_argument("--taille", choices=("petite", "grande"), default="petite")
    demo.add_argument(
        "--quitter-apres-affichage", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    demo.set_defaults(run=_cmd_demo)

    from coordinateur.annuaire.cli import add_commands as annuaire_commands

    annuaire_commands(sub, _open)
    from coordinateur.personnes.cli import add_commands as personnes_commands

    personnes_commands(sub, _open)
    from coordinateur.reunions.cli import add_commands as reunion_commands

    reunion_commands(sub, _open)
    from coordinateur.partage.cli import add_commands as partage_commands

    partage_commands(sub, _open)
    from coordinateur.cli_conflits import add_commands as conflits_commands

    conflits_commands(sub, _open)

    from coordinateur.indicateurs.cli import add_commands as indicateurs_commands

    indicateurs_commands(sub, _open)
    from coordinateur.confiance.cli import add_commands as sauvegarde_commands
    from coordinateur.confiance.cli import add_journal_command

    sauvegarde_commands(sub, _open, lambda: _Phrase.value)
    add_journal_command(sub, _open)

    chiffrer = sub.add_parser(
        "chiffrer",
        help="chiffre une base en clair avec la phrase de passe donnée (--passphrase-file ou "
        f"{PHRASE_ENV}) et affiche la clé de secours",
    )
    chiffrer.set_defaults(run=_cmd_chiffrer)
    changer = sub.add_parser(
        "changer-phrase",
        help="change la phrase de passe (l'actuelle par --passphrase-file ou "
        f"{PHRASE_ENV}, la nouvelle par --nouvelle-phrase-file ou {NOUVELLE_PHRASE_ENV})",
    )
    changer.add_argument(
        "--nouvelle-phrase-file", metavar="FICHIER", help="fichier contenant la nouvelle phrase"
    )
    changer.set_defaults(run=_cmd_changer_phrase)

    verif = sub.add_parser("verifier", help="contrôle l'intégrité de la base et du journal d'audit")
    verif.add_argument("--json", action="store_true")
    verif.set_defaults(run=_cmd_verifier)
    return parser


def _open(paths: Paths) -> Any:
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.settings import load_settings

    store = open_store(paths, kind="commande", phrase=_Phrase.value)
    if store.recovery_key:  # this command created an encrypted store: its recovery key, shown once
        print(f"Données chiffrées. Clé de secours, à noter et à garder en lieu sûr : {store.recovery_key}",
              file=sys.stderr)  # fmt: skip
    settings = load_settings(store)
    if settings.coordinateur_nom:
        store.user = settings.coordinateur_nom
    return store


def _cmd_demo(args: argparse.Namespace, paths: Paths) -> int:
    from coordinateur.demo import remplir_demo

    store = _open(paths)
    try:
        remplir_demo(store, args.taille)
    finally:
        store.close()
    print(f"Territoire de démonstration créé dans {paths.data}.", file=sys.stderr)
    if args.no_gui:
        return EXIT_OK
    return _run_gui(paths, quit_after_show=args.quitter_apres_affichage)


def _cmd_chiffrer(_args: argparse.Namespace, paths: Paths) -> int:
    from coordinateur.confiance.conversion import chiffre

    if not _Phrase.value:
        print(
            f"Indiquez la nouvelle phrase de passe avec --passphrase-file ou {PHRASE_ENV}.", file=sys.stderr
        )
        return EXIT_REFUSED
    secours = chiffre(paths, _Phrase.value)
    store = _open(paths)
    try:
        with store.write() as session:
            store.audit(session, "parametrage", "base", None, "Base chiffrée")
    finally:
        store.close()
    print("Base chiffrée, et avec elle les sauvegardes qui étaient en clair. Clé de secours, à noter et à garder en lieu sûr (elle ne sera plus affichée) :",
          file=sys.stderr)  # fmt: skip
    print(secours)
    return EXIT_OK


def _cmd_changer_phrase(args: argparse.Namespace, paths: Paths) -> int:
    """What Protection › Phrase de passe does: the current phrase checked, the key re-wrapped under the new
    one (the store is not rewritten), the change in the audit log."""
    import os

    from coordinateur.confiance.chiffrement import change_phrase_du_store

    if args.nouvelle_phrase_file:
        nouvelle = _read_phrase_file(args.nouvelle_phrase_file)
    else:
        nouvelle = os.environ.get(NOUVELLE_PHRASE_ENV) or ""
    if not _Phrase.value or not nouvelle:
        print(f"Indiquez la phrase actuelle (--passphrase-file ou {PHRASE_ENV}) et la nouvelle "
              f"(--nouvelle-phrase-file ou {NOUVELLE_PHRASE_ENV}).", file=sys.stderr)  # fmt: skip
        return EXIT_REFUSED
    store = _open(paths)
    try:
        change_phrase_du_store(store, _Phrase.value, nouvelle)
    finally:
        store.close()
    print("Phrase de passe changée. La clé de secours reste la même.", file=sys.stderr)
    return EXIT_OK


def _read_phrase_file(name: str) -> str:
    try:
        text = Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise CoordinateurError(
            f"Impossible de lire le fichier de la phrase de passe {name} : {decrit_erreur_systeme(exc)}."
        ) from exc
    return text.splitlines()[0] if text else ""


def _read_phrase(args: argparse.Namespace) -> str | None:
    import os

    if args.passphrase_file:
        return _read_phrase_file(args.passphrase_file)
    return os.environ.get(PHRASE_ENV) or None


def _cmd_verifier(args: argparse.Namespace, paths: Paths) -> int:
    from coordinateur.confiance.verification import verifier

    store = _open(paths)
    try:
        rapport = verifier(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"ok": rapport.ok, "controles": rapport.controles, "problemes": rapport.problemes},
                         ensure_ascii=False, indent=2))  # fmt: skip
    for line in rapport.controles:
        print(f"✔ {line}", file=sys.stderr)
    for line in rapport.problemes:
        print(f"✘ {line}", file=sys.stderr)
    print(
        "Base vérifiée : aucun problème." if rapport.ok else "Des problèmes ont été trouvés.", file=sys.stderr
    )
    return EXIT_OK if rapport.ok else EXIT_REFUSED


GUI_CORE_MODULES = (
    "coordinateur.settings",
    "coordinateur.store.store",
    "coordinateur.confiance.ouverture",
    "coordinateur.annuaire.recherche",
    "coordinateur.annuaire.service",
    "sqlalchemy.dialects.sqlite",
)


def _run_gui(paths: Paths, *, quit_after_show: bool = False) -> int:
    # The one sanctioned way from the core into the ui: loaded on demand, so that every other command
    # (and the core's own tests) never imports Qt.
    import importlib

    # The core modules the window needs are imported before Qt: once PySide6 is loaded, its import hook
    # inspects every further module's source for `__feature__` switches, which cost a tenth of the start.
    # Not when the first thing shown is the passphrase dialog: it needs none of them, and is shown first
    # (`ui.app` loads them behind it, while the passphrase is typed).
    from coordinateur.confiance.chiffrement import est_chiffre

    if _Phrase.value is not None or not est_chiffre(paths.data):
        for module in GUI_CORE_MODULES:
            importlib.import_module(module)
    app = importlib.import_module("ui.app")
    return int(app.run(paths, phrase=_Phrase.value, quit_after_show=quit_after_show))


def main(argv: Sequence[str] | None = None) -> int:
    args = _window_only(argv) or build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir)
    if paths.data.exists() and not paths.data.is_dir():
        print(
            f"{paths.data} est un fichier, pas un dossier : indiquez un dossier pour les données de Coordinateur.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        log_file = setup_logging(paths.logs)
    except OSError as exc:
        print(
            f"Impossible d'écrire le journal dans {paths.logs} : {decrit_erreur_systeme(exc)}.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    run: Callable[[argparse.Namespace, Paths], int] | None = getattr(args, "run", None)
    try:
        _Phrase.value = _read_phrase(args)
        if run is None:
            return _run_gui(paths, quit_after_show=args.quitter_apres_affichage)
        return run(args, paths)
    except CoordinateurError as exc:
        # the message may name a person (a suspicion listed for the coordinator): the log keeps its summary
        log.warning("Refusé : %s", exc.resume)
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        known = erreur_connue(exc)
        if known:
            log.warning("Refusé : %s", known)
            print(known, file=sys.stderr)
            return EXIT_REFUSED
        log.exception("Erreur inattendue")
        print(f"Erreur inattendue : les détails sont dans le journal {log_file}.", file=sys.stderr)
        return EXIT_REFUSED


def main_gui() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
