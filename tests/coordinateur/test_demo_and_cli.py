"""The command line as admins and tests use it: exit codes, French messages, --json."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinateur.cli import main
from coordinateur.confiance.ouverture import open_store
from coordinateur.demo import remplir_demo, store_is_empty
from coordinateur.errors import StoreError
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from tests.raw import raw_sql


def test_demo_fills_an_empty_store(store: Store) -> None:
    assert store_is_empty(store)
    remplir_demo(store)
    settings = load_settings(store)
    assert settings.premier_demarrage_fait and settings.territoire_nom == "Nord-Aveyron"
    names = {c.nom for c in communes_du_territoire(settings)}
    assert {"Laguiole", "Espalion", "Argences en Aubrac", "Saint-Côme-d'Olt"} <= names
    assert not store_is_empty(store)


def test_demo_refuses_a_store_that_is_not_empty(demo_store: Store) -> None:
    with pytest.raises(StoreError, match="déjà des informations"):
        remplir_demo(demo_store)


def test_cli_demo_then_verifier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "demo", "--no-gui"]) == 0
    assert main(["--data-dir", data, "demo", "--no-gui"]) == 1
    assert "déjà des informations" in capsys.readouterr().err
    assert main(["--data-dir", data, "verifier", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["problemes"] == []


def test_cli_verifier_reports_a_tampered_audit_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--no-gui"]) == 0
    raw_sql(
        data / "coordinateur.db",
        "DROP TRIGGER journal_audit_pas_de_modification",
        "UPDATE journal_audit SET utilisateur = 'quelqu''un' WHERE id = 2",
    )
    assert main(["--data-dir", str(data), "verifier"]) == 1
    err = capsys.readouterr().err
    assert "a été modifiée" in err and "Des problèmes" in err


def test_cli_refuses_a_foreign_file_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "coordinateur.db").write_bytes(b"PK\x03\x04 pas une base")
    assert main(["--data-dir", str(data), "verifier"]) == 1
    assert "pas une base Coordinateur" in capsys.readouterr().err
    assert (data / "coordinateur.db").read_bytes() == b"PK\x03\x04 pas une base"


def test_cli_locked_store_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from coordinateur.paths import resolve_paths

    data = tmp_path / "d"
    with open_store(resolve_paths(data), kind="fenetre"):
        assert main(["--data-dir", str(data), "verifier"]) == 3
    assert "déjà ouvert" in capsys.readouterr().err


def test_cli_usage_error_is_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coordinateur", "--data-dir", str(tmp_path), "commande-inconnue"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "erreur" in result.stderr


ENGLISH = re.compile(
    r"\b(the|show|exit|arguments? (are )?required|invalid|choose|expected|unrecognized|usage)\b"
)


def _every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _every_parser(sub)


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["annuaire"], "il manque : ACTION"),
        (["annuaire", "inconnu"], "ACTION : « inconnu » n'existe pas (possibles : "),
        (["--inconnu"], "arguments inconnus : --inconnu"),
        (["indicateurs", "bilan", "--periode"], "--periode : il faut une valeur après"),
    ],
)
def test_usage_errors_and_every_help_are_in_french(
    argv: list[str], french: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from coordinateur.cli import build_parser

    parser = build_parser()
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(argv)
    message = capsys.readouterr().err.splitlines()[-1]
    assert stop.value.code == 2 and french in message and not ENGLISH.search(message), message
    helps = [sub.format_help() for sub in _every_parser(parser)]
    assert len(helps) > 20
    assert [line for text in helps for line in text.splitlines() if ENGLISH.search(line)] == []


def test_environment_variable_selects_the_data_folder(tmp_path: Path) -> None:
    env = {
        **__import__("os").environ,
        "COORDINATEUR_DATA_DIR": str(tmp_path / "env"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-m", "coordinateur", "demo", "--no-gui"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env" / "coordinateur.db").exists()
    assert (tmp_path / "env" / "journaux" / "coordinateur.log").exists()


def test_data_dir_that_is_a_file_gets_a_french_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "annuaire.xlsx"
    target.write_bytes(b"PK\x03\x04")
    assert main(["--data-dir", str(target), "verifier"]) == 1
    err = capsys.readouterr().err
    assert "dossier" in err and "Traceback" not in err
    assert target.read_bytes() == b"PK\x03\x04"


def test_cli_passphrase_file_environment_wrong_passphrase_and_chiffrer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "demo", "--no-gui"]) == 0  # a plain store
    assert main(["--data-dir", data, "sauvegarde", "creer"]) == 0  # and its backup, in clear
    backups = list((tmp_path / "d" / "sauvegardes").glob("*.db"))
    assert len(backups) == 1 and backups[0].read_bytes().startswith(b"SQLite format 3")
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", "trop court")
    assert main(["--data-dir", data, "chiffrer"]) == 1
    assert "trop faible" in capsys.readouterr().err
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", "Causse-Comtal 2026 !")
    assert main(["--data-dir", data, "chiffrer"]) == 0
    captured = capsys.readouterr()
    assert "Clé de secours" in captured.err and len(captured.out.strip().split("-")) == 8
    assert backups[0].exists() and not backups[0].read_bytes().startswith(b"SQLite format 3")  # encrypted too
    assert main(["--data-dir", data, "verifier"]) == 0  # the environment variable opens it
    monkeypatch.delenv("COORDINATEUR_PASSPHRASE")
    capsys.readouterr()
    assert main(["--data-dir", data, "verifier"]) == 3
    assert "chiffrées" in capsys.readouterr().err
    wrong = tmp_path / "mauvaise.txt"
    wrong.write_text("Pas la bonne 2026 !\n", encoding="utf-8")
    assert main(["--data-dir", data, "--passphrase-file", str(wrong), "personnes", "liste"]) == 3
    err = capsys.readouterr().err
    assert "Phrase de passe incorrecte" in err and "Traceback" not in err
    right = tmp_path / "bonne.txt"
    right.write_text("Causse-Comtal 2026 !\n", encoding="utf-8")
    assert main(["--data-dir", data, "--passphrase-file", str(right), "personnes", "liste", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)
    assert main(["--data-dir", data, "--passphrase-file", str(tmp_path / "absent.txt"), "verifier"]) == 1
    assert "Impossible de lire le fichier de la phrase de passe" in capsys.readouterr().err


def test_the_passphrase_from_the_environment_encrypts_a_new_store_and_a_file_wins_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "d"
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", "Causse-Comtal 2026 !")
    assert main(["--data-dir", str(data), "demo", "--no-gui"]) == 0
    assert not (data / "coordinateur.db").read_bytes().startswith(b"SQLite format 3")
    assert main(["--data-dir", str(data), "verifier"]) == 0
    wrong = tmp_path / "mauvaise.txt"
    wrong.write_text("Pas la bonne 2026 !\n", encoding="utf-8")
    capsys.readouterr()
    # --passphrase-file is read first: the right phrase in the environment does not rescue a wrong file
    assert main(["--data-dir", str(data), "--passphrase-file", str(wrong), "verifier"]) == 3
    assert "Phrase de passe incorrecte" in capsys.readouterr().err
