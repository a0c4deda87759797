"""Encryption at rest (architecture §5): the data key, its envelopes, the passphrase rule.

The store is a SQLCipher 4 file keyed with a random 256-bit data key, given to SQLCipher as a raw key
(`x'…'`, so SQLCipher's own per-connection derivation is skipped). The data key lives only in
`coordinateur.cles`, wrapped twice with XChaCha20-Poly1305 (libsodium, through PyNaCl; random 24-byte
nonce, the envelope's name as associated data): once by a key derived from the passphrase with Argon2id,
once by a key derived from the recovery key shown at creation. Changing the passphrase writes a new
envelope; the store itself is never re-encrypted for it.

Key files of format 1 (development versions before 0.1.0) wrapped with AES-256-GCM; such an envelope is
still opened when the `cryptography` package is installed, and rewritten with XChaCha20-Poly1305 as
soon as it has been opened.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinateur.errors import EXIT_LOCKED, CoordinateurError, StoreError, ValidationError

if TYPE_CHECKING:
    from coordinateur.store.store import Store

KEYFILE = "coordinateur.cles"
FORMAT = 2  # 2: each envelope names its AEAD; 1: AES-256-GCM envelopes (read, never written)
AEAD = "xchacha20poly1305"
NONCE = 24
# Argon2id costs (RFC 9106 "second recommended option" scaled for a laptop: about 0.1–0.3 s).
ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
RECOVERY_GROUPS = 8


class PhraseIncorrecte(CoordinateurError):
    exit_code = EXIT_LOCKED


@dataclass(frozen=True)
class Creation:
    cle: bytes  # the data key, for the engine
    secours: str  # the recovery key, shown once


def regle_phrase(phrase: str) -> str | None:
    """The CNIL rule for a passphrase alone: None when it holds, else why not, in French.

    ≥ 12 characters with upper case, lower case, digits and special characters; or ≥ 14 characters with
    upper case, lower case and digits; or a phrase of at least 7 words."""
    if len(phrase.split()) >= 7:
        return None
    kinds = {
        "majuscule": any(c.isupper() for c in phrase),
        "minuscule": any(c.islower() for c in phrase),
        "chiffre": any(c.isdigit() for c in phrase),
        "spécial": any(not c.isalnum() and not c.isspace() for c in phrase),
    }
    if len(phrase) >= 12 and all(kinds.values()):
        return None
    if len(phrase) >= 14 and kinds["majuscule"] and kinds["minuscule"] and kinds["chiffre"]:
        return None
    missing = [k for k, present in kinds.items() if not present]
    return (
        "La phrase de passe est trop faible (recommandation de la CNIL) : il faut au moins 12 caractères "
        "mêlant majuscules, minuscules, chiffres et caractères spéciaux, ou au moins 14 caractères avec "
        "majuscules, minuscules et chiffres, ou bien une phrase d'au moins 7 mots."
        + (f" Il manque : {', '.join(missing)}." if missing else "")
        + f" Longueur actuelle : {len(phrase)} caractères."
    )


def exige_robuste(phrase: str) -> None:
    """Refuse a passphrase that breaks the CNIL rule, with the French explanation."""
    why = regle_phrase(phrase)
    if why:
        raise ValidationError(why, "phrase")


def _normalise(text: str) -> bytes:
    return unicodedata.normalize("NFC", text).encode("utf-8")


def _derive(secret: bytes, salt: bytes, params: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(secret, salt, hash_len=32, type=Type.ID, **params)


def _wrap(kek: bytes, key: bytes, label: bytes) -> str:
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt

    nonce = os.urandom(NONCE)
    return base64.b64encode(
        nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(key, label, nonce, kek)
    ).decode()


def _unwrap(kek: bytes, envelope: dict[str, Any], label: bytes) -> bytes | None:
    raw = base64.b64decode(envelope["cle"])
    if envelope.get("aead") != AEAD:
        return _unwrap_aes_gcm(kek, raw, label)
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
    from nacl.exceptions import CryptoError

    try:
        return crypto_aead_xchacha20poly1305_ietf_decrypt(raw[NONCE:], label, raw[:NONCE], kek)
    except CryptoError:
        return None


def _unwrap_aes_gcm(kek: bytes, raw: bytes, label: bytes) -> bytes | None:
    """An envelope of a format-1 key file (AES-256-GCM, 12-byte nonce)."""
    try:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError as exc:
        raise StoreError(
            "Ce fichier des clés a été écrit par une version de développement de Coordinateur "
            "(chiffrement AES-GCM) : ouvrez ces données une fois avec le paquet Python « cryptography » "
            "installé, elles seront converties ; votre administrateur peut le faire."
        ) from exc
    try:
        return AESGCM(kek).decrypt(raw[:12], raw[12:], label)
    except InvalidTag:
        return None


def _envelope(secret: bytes, key: bytes, label: bytes) -> dict[str, Any]:
    salt = os.urandom(16)
    return {"sel": base64.b64encode(salt).decode("ascii"), "argon2id": ARGON2, "aead": AEAD,
            "cle": _wrap(_derive(secret, salt, ARGON2), key, label)}  # fmt: skip


def _open_envelope(data: Path, name: str, secret: bytes) -> bytes | None:
    """The data key from the envelope `name` ("phrase" or "secours") of the key file; an envelope of an
    older kind is rewritten with the current one once it has opened."""
    content = _read(data)
    envelope = content[name]
    salt = base64.b64decode(envelope["sel"])
    key = _unwrap(_derive(secret, salt, dict(envelope["argon2id"])), envelope, name.encode("ascii"))
    if key is not None and envelope.get("aead") != AEAD:
        content[name] = _envelope(secret, key, name.encode("ascii"))
        content["format"] = FORMAT
        try:
            _write(data, content)
        except OSError:
            pass  # a folder that cannot be written (a copy on read-only media): rewritten at a later opening
    return key


def _normalise_secours(text: str) -> bytes:
    return "".join(c for c in text.upper() if c in RECOVERY_ALPHABET).encode("ascii")


def nouvelle_cle_secours() -> str:
    groups = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(4)) for _ in range(RECOVERY_GROUPS)]
    return "-".join(groups)  # 160 bits


def est_chiffre(data: Path) -> bool:
    return (data / KEYFILE).exists()


def _read(data: Path) -> dict[str, Any]:
    try:
        content: dict[str, Any] = json.loads((data / KEYFILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"Le fichier des clés {data / KEYFILE} est illisible ({exc}) : sans lui la base ne peut pas "
            "être ouverte. Restaurez-le depuis une sauvegarde."
        ) from exc
    if not isinstance(content, dict) or not isinstance(content.get("phrase"), dict):
        raise StoreError(
            f"Le fichier des clés {data / KEYFILE} n'a pas la forme attendue : sans lui la base ne peut pas "
            "être ouverte. Restaurez-le depuis une sauvegarde."
        )
    if content.get("format") not in (1, FORMAT):
        raise StoreError("Le fichier des clés a été écrit par une version plus récente de Coordinateur.")
    return content


def _write(data: Path, content: dict[str, Any]) -> None:
    from coordinateur.confiance.backup import ecrit_atomiquement

    ecrit_atomiquement(data / KEYFILE, json.dumps(content, indent=1).encode("utf-8"))


def cree_cles(data: Path, phrase: str) -> Creation:
    """A new data key for a store about to be created, wrapped by the passphrase and a recovery key."""
    exige_robuste(phrase)
    if est_chiffre(data):
        raise StoreError("Ce dossier de données a déjà ses clés : elles ne sont jamais remplacées.")
    key = secrets.token_bytes(32)
    secours = nouvelle_cle_secours()
    _write(data, {"format": FORMAT, "phrase": _envelope(_normalise(phrase), key, b"phrase"),
                  "secours": _envelope(_normalise_secours(secours), key, b"secours")})  # fmt: skip
    return Creation(key, secours)


def ouvre_cle(data: Path, phrase: str) -> bytes:
    """The data key, from the passphrase. Wrong passphrase: PhraseIncorrecte (exit code 3)."""
    key = _open_envelope(data, "phrase", _normalise(phrase))
    if key is None:
        raise PhraseIncorrecte("Phrase de passe incorrecte : les données n'ont pas été ouvertes.")
    return key


def cle_du_dossier(data: Path, phrase: str | None) -> bytes | None:
    """The data key of the folder `data` (None for a plain store); a missing or wrong passphrase is
    PhraseIncorrecte (exit code 3)."""
    if not est_chiffre(data):
        return None
    if phrase is None:
        raise PhraseIncorrecte(
            "Ces données sont chiffrées : indiquez la phrase de passe (--passphrase-file FICHIER ou la "
            "variable COORDINATEUR_PASSPHRASE)."
        )
    return ouvre_cle(data, phrase)


def ouvre_cle_secours(data: Path, secours: str) -> bytes:
    key = _open_envelope(data, "secours", _normalise_secours(secours))
    if key is None:
        raise PhraseIncorrecte("Clé de secours incorrecte : vérifiez les groupes recopiés.")
    return key


def change_phrase(data: Path, key: bytes, nouvelle: str) -> None:
    """Re-wrap the data key under a new passphrase (the store is not touched)."""
    exige_robuste(nouvelle)
    content = _read(data)
    content["phrase"] = _envelope(_normalise(nouvelle), key, b"phrase")
    _write(data, content)


def change_phrase_du_store(store: Store, actuelle: str, nouvelle: str) -> None:
    """From the window: the current passphrase checked against the open store's key, then re-wrapped
    under the new one, recorded in the audit log. The store itself is not rewritten."""
    if store.key is None:
        raise StoreError("Ces données ne sont pas chiffrées : chiffrez-les d'abord.")
    if ouvre_cle(store.paths.data, actuelle) != store.key:
        raise PhraseIncorrecte("Phrase de passe actuelle incorrecte.")
    change_phrase(store.paths.data, store.key, nouvelle)
    with store.write() as session:
        store.audit(session, "parametrage", "base", None, "Phrase de passe changée")
