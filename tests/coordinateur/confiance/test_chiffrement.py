"""Encryption at rest: keys and envelopes, passphrase rule, wrong passphrase, recovery, conversion."""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.annuaire.service import enregistre
from coordinateur.confiance import chiffrement
from coordinateur.confiance.chiffrement import PhraseIncorrecte, regle_phrase
from coordinateur.confiance.conversion import chiffre
from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance.verification import verifier
from coordinateur.errors import StoreError, ValidationError
from coordinateur.paths import Paths, resolve_paths

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
        from coordinateur.confiance.sauvegarde import sauvegarde_auto, sauvegarde_manuelle

        sauvegarde_manuelle(store)
        assert sauvegarde_auto(store) is not None
    assert not paths.store.read_bytes().startswith(b"SQLite format 3")
    assert len(list(paths.backups.glob("*.db"))) == 2  # the scan below reads them: backups hold no clear text
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


def test_the_key_file_holds_xchacha20_poly1305_envelopes_bound_to_their_name(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    data.mkdir()
    created = chiffrement.cree_cles(data, PHRASE)
    content = json.loads((data / chiffrement.KEYFILE).read_text(encoding="utf-8"))
    assert content["format"] == 2
    assert {content[name]["aead"] for name in ("phrase", "secours")} == {"xchacha20poly1305"}
    assert len(base64.b64decode(content["phrase"]["cle"])) == 24 + 32 + 16  # nonce, key, tag
    # one bit changed anywhere in the envelope, or the envelope moved under the other name: refused
    raw = bytearray(base64.b64decode(content["phrase"]["cle"]))
    raw[30] ^= 1
    tampered = {**content, "phrase": {**content["phrase"], "cle": base64.b64encode(bytes(raw)).decode()}}
    (data / chiffrement.KEYFILE).write_text(json.dumps(tampered), encoding="utf-8")
    with pytest.raises(PhraseIncorrecte):
        chiffrement.ouvre_cle(data, PHRASE)
    swapped = {**content, "secours": content["phrase"]}
    (data / chiffrement.KEYFILE).write_text(json.dumps(swapped), encoding="utf-8")
    with pytest.raises(PhraseIncorrecte):
        chiffrement.ouvre_cle_secours(data, PHRASE)
    (data / chiffrement.KEYFILE).write_text(json.dumps(content), encoding="utf-8")
    assert (
        chiffrement.ouvre_cle(data, PHRASE)
        == created.cle
        == chiffrement.ouvre_cle_secours(data, created.secours)
    )


def _format_1_envelope(secret: bytes, key: bytes, label: bytes) -> dict[str, object]:
    """An envelope as the development versions wrote them: AES-256-GCM, 12-byte nonce, no "aead"."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    kek = chiffrement._derive(secret, salt, chiffrement.ARGON2)
    return {"sel": base64.b64encode(salt).decode(), "argon2id": chiffrement.ARGON2,
            "cle": base64.b64encode(nonce + AESGCM(kek).encrypt(nonce, key, label)).decode()}  # fmt: skip


def sans_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in sys.modules if name.split(".")[0] == "cryptography"] + ["cryptography"]:
        monkeypatch.setitem(sys.modules, name, None)  # `import` of any of them now fails


def test_a_format_1_key_file_opens_and_each_envelope_is_rewritten_once_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths, phrase=PHRASE) as store:
        key = store.key
        enregistre(store, FicheIntervenant(nom=MARKER, profession_code="60", commune_code="12119"))
    assert key is not None
    secours = chiffrement.nouvelle_cle_secours()
    old = {"format": 1, "phrase": _format_1_envelope(chiffrement._normalise(PHRASE), key, b"phrase"),
           "secours": _format_1_envelope(chiffrement._normalise_secours(secours), key, b"secours")}  # fmt: skip
    keyfile = paths.data / chiffrement.KEYFILE
    keyfile.write_text(json.dumps(old), encoding="utf-8")
    # without the `cryptography` package (the installed program): a French explanation, nothing changed
    sans_cryptography(monkeypatch)
    with pytest.raises(StoreError, match="version de développement"):
        open_store(paths, phrase=PHRASE)
    assert json.loads(keyfile.read_text(encoding="utf-8")) == old
    monkeypatch.undo()
    with pytest.raises(PhraseIncorrecte):
        open_store(paths, phrase="Mauvaise phrase 2026 !")
    with open_store(paths, phrase=PHRASE) as store:
        assert [r.nom for r in cherche(store, Filtre(texte=MARKER[:6]))] == [MARKER]
    content = json.loads(keyfile.read_text(encoding="utf-8"))
    assert content["format"] == 2 and content["phrase"]["aead"] == "xchacha20poly1305"
    assert content["secours"] == old["secours"]  # the recovery envelope waits for the recovery key
    assert chiffrement.ouvre_cle_secours(paths.data, secours) == key
    assert json.loads(keyfile.read_text(encoding="utf-8"))["secours"]["aead"] == "xchacha20poly1305"
    sans_cryptography(monkeypatch)  # nothing of the first format is left
    assert (
        chiffrement.ouvre_cle(paths.data, PHRASE) == key == chiffrement.ouvre_cle_secours(paths.data, secours)
    )


def test_a_weak_passphrase_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with pytest.raises(ValidationError, match="trop faible"):
        open_store(paths, phrase="motdepasse")
    assert not (paths.data / chiffrement.KEYFILE).exists() and not paths.store.exists()


def _plain_store_with_marker(paths: Paths) -> None:
    """A plain store holding the marker, with a manual backup of it (in clear, as plain stores make them)."""
    from coordinateur.confiance.sauvegarde import sauvegarde_manuelle

    with open_store(paths) as store:
        for n in range(30):
            enregistre(store, FicheIntervenant(nom=f"{MARKER}{n}", profession_code="60"))
        sauvegarde_manuelle(store)
    assert scan(paths.backups, MARKER.encode())


def test_plain_store_is_converted_in_place(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    _plain_store_with_marker(paths)
    assert scan(paths.data, MARKER.encode())  # the marker is found in clear before
    recovery = chiffre(paths, PHRASE)
    assert recovery
    assert not paths.store.read_bytes().startswith(b"SQLite format 3")
    assert scan(paths.data, MARKER.encode()) == []  # old file, WAL and backups hold no clear text
    assert list(paths.backups.glob("avant-chiffrement_*.db"))
    from coordinateur.confiance.sauvegarde import liste, verifie

    key = open_store(paths, phrase=PHRASE)
    try:  # the earlier manual backup is still there, encrypted with the data key, and whole
        manual = [b for b in liste(paths) if "manuelle" in b.chemin.name]
        assert len(manual) == 1 and "intégrité vérifiée" in verifie(manual[0], key.key)[0]
    finally:
        key.close()
    with open_store(paths, phrase=PHRASE) as store:
        assert len(cherche(store, Filtre(texte=MARKER[:6]), limite=100)) == 30
        assert verifier(store).ok
    with pytest.raises(StoreError, match="déjà chiffrées"):
        chiffre(paths, PHRASE)


class Crash(Exception):
    pass


@pytest.mark.parametrize(
    "at", ["cles", "copie", "verification", "echange", "cles-en-vigueur", "effacement", "sauvegardes"]
)
def test_a_crash_at_any_step_of_the_conversion_leaves_a_store_that_opens(tmp_path: Path, at: str) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    _plain_store_with_marker(paths)

    def crash(step: str) -> None:
        if step == at:
            raise Crash(step)

    with pytest.raises(Crash):
        chiffre(paths, PHRASE, etape=crash)
    encrypted_now = at in ("cles-en-vigueur", "effacement", "sauvegardes")
    with open_store(paths, phrase=PHRASE if encrypted_now else None) as store:
        assert len(cherche(store, Filtre(texte=MARKER[:6]), limite=100)) == 30
        assert verifier(store).ok
    if encrypted_now:
        assert scan(paths.data, MARKER.encode()) == []
    else:  # the conversion can simply be run again
        chiffre(paths, PHRASE)
        with open_store(paths, phrase=PHRASE) as store:
            assert len(cherche(store, Filtre(texte=MARKER[:6]), limite=100)) == 30
