"""Encryption at rest: keys and envelopes, passphrase rule, wrong passphrase, recovery, conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.annuaire.service import enregistre
from coordinateur.errors import StoreError, ValidationError
from coordinateur.paths import Paths, resolve_paths
from coordinateur.store import chiffrement, open_store
from coordinateur.store.chiffrement import PhraseIncorrecte, regle_phrase
from coordinateur.store.conversion import chiffre
from coordinateur.store.verification import verifier

PHRASE = "Causse-Comtal 2026 !"
MARKER = "Zorglubexxmarq"


@pytest.mark.parametrize(
    ("phrase", "ok"),
    [
        ("Ab1!efghijkl", True),  # 12 characters, 4 kinds
        ("Ab1!efghijk", False),  # 11
        ("Abcdefghijk12", False),  # 13 without specials
        ("Abcdefghijkl12", True),  # 14 with upper, lower, digits
        ("abcdefghijklmnopqrstuvwxyz", False),  # long but one kind
        ("le chat de la voisine mange des croquettes", True),  # 7 words
        ("le chat de la voisine mange", False),  # 6 words
    ],
)
def test_cnil_passphrase_rule(phrase: str, ok: bool) -> None:
    why = regle_phrase(phrase)
    assert (why is None) == ok
    if why:
        assert "CNIL" in why and "12 caractères" in why


def scan(folder: Path, marker: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and marker in p.read_bytes()]


def test_encrypted_store_round_trip_wrong_passphrase_and_recovery(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths, phrase=PHRASE) as store:
        recovery = store.recovery_key
        assert recovery and len(recovery.split("-")) == 8
        enregistre(store, FicheIntervenant(nom=MARKER, profession_code="60", commune_code="12119"))
    assert not paths.store.read_bytes().startswith(b"SQLite format 3")
    assert scan(paths.data, MARKER.encode()) == []
    for attempt in range(3):
        with pytest.raises(PhraseIncorrecte) as refused:
            open_store(paths, phrase=f"mauvaise {attempt}")
        assert refused.value.exit_code == 3 and "incorrecte" in refused.value.message
    with pytest.raises(PhraseIncorrecte, match="chiffrées"):
        open_store(paths)
    # forgotten passphrase: the recovery key (typed in lower case, without dashes) sets a new one
    key = chiffrement.ouvre_cle_secours(paths.data, recovery.replace("-", " ").lower())
    chiffrement.change_phrase(paths.data, key, "Nouvelle phrase 2027 ?")
    with pytest.raises(PhraseIncorrecte):
        open_store(paths, phrase=PHRASE)
    with open_store(paths, phrase="Nouvelle phrase 2027 ?") as store:
        assert [r.nom for r in cherche(store, Filtre(texte=MARKER[:6]))] == [MARKER]
        assert verifier(store).ok


def test_a_weak_passphrase_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with pytest.raises(ValidationError, match="trop faible"):
        open_store(paths, phrase="motdepasse")
    assert not (paths.data / chiffrement.KEYFILE).exists() and not paths.store.exists()


def _plain_store_with_marker(paths: Paths) -> None:
    with open_store(paths) as store:
        for n in range(30):
            enregistre(store, FicheIntervenant(nom=f"{MARKER}{n}", profession_code="60"))


def test_plain_store_is_converted_in_place(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    _plain_store_with_marker(paths)
    assert scan(paths.data, MARKER.encode())  # the marker is found in clear before
    recovery = chiffre(paths, PHRASE)
    assert recovery
    assert not paths.store.read_bytes().startswith(b"SQLite format 3")
    assert scan(paths.data, MARKER.encode()) == []  # old file, WAL and backups hold no clear text
    assert list(paths.backups.glob("avant-chiffrement_*.db"))
    with open_store(paths, phrase=PHRASE) as store:
        assert len(cherche(store, Filtre(texte=MARKER[:6]), limite=100)) == 30
        assert verifier(store).ok
    with pytest.raises(StoreError, match="déjà chiffrées"):
        chiffre(paths, PHRASE)


class Crash(Exception):
    pass


@pytest.mark.parametrize("at", ["cles", "copie", "verification", "echange", "cles-en-vigueur", "effacement"])
def test_a_crash_at_any_step_of_the_conversion_leaves_a_store_that_opens(tmp_path: Path, at: str) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    _plain_store_with_marker(paths)

    def crash(step: str) -> None:
        if step == at:
            raise Crash(step)

    with pytest.raises(Crash):
        chiffre(paths, PHRASE, etape=crash)
    encrypted_now = at in ("cles-en-vigueur", "effacement")
    with open_store(paths, phrase=PHRASE if encrypted_now else None) as store:
        assert len(cherche(store, Filtre(texte=MARKER[:6]), limite=100)) == 30
        assert verifier(store).ok
    if encrypted_now:
        assert scan(paths.data, MARKER.encode()) == []
    else:  # the conversion can simply be run again
        chiffre(paths, PHRASE)
        with open_store(paths, phrase=PHRASE) as store:
            assert len(cherche(store, Filtre(texte=MARKER[:6]), limite=100)) == 30
