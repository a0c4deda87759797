"""The envelope of every file the team writes in the shared folder: encrypted, then signed inside.

All of it is libsodium through PyNaCl (no cryptography of our own):
- the content is encrypted with the team key by `crypto_secretstream_xchacha20poly1305` (XChaCha20-Poly1305
  in chunks of 64 KiB, the last one tagged final: a cut file never opens, a large one is never held twice);
- inside, before the content, an Ed25519 signature by the author's own key over the clear header and the
  BLAKE2b hash of the content: a member cannot write as another member, and a file cannot be moved to
  another place (the header names its kind, its team, its key and its author, and is bound to every chunk
  as associated data);
- an invitation has no author yet: it is encrypted with a key derived by Argon2id from the code the new
  laptop types, and carries no signature.

File = one line of clear JSON (the header: format, kind, team, key id, author; no name, no content), then
the secretstream header, then chunks, each preceded by its length on 4 bytes.
"""

from __future__ import annotations

import json
import struct
from typing import Any

from nacl import bindings as sodium
from nacl.encoding import RawEncoder
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.hash import blake2b
from nacl.signing import SigningKey, VerifyKey

MAJOR = 2
FORMAT = "coordinateur-partage"
CHUNK = 64 * 1024
ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
HEADERBYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
SIGNATURE = 64
ENTETE_MAX = 1024
GENRES = ("segment", "carte", "membre", "inscription", "retrait", "document", "instantane", "lu")
CLES_ENTETE = {"format", "major", "genre", "equipe", "cle", "auteur"}
CLES_INVITATION = {"format", "major", "genre", "sel"}


class EnveloppeRefusee(Exception):
    """Not a file of this team written by the member it names; `motif` says why, in French."""

    def __init__(self, motif: str, *, coupe: bool = False) -> None:
        super().__init__(motif)
        self.motif = motif
        self.coupe = coupe  # cut short (a copy still arriving): not an attack, looked at again later


def identifiant_cle(cle: bytes) -> str:
    """The public name of a team key: 16 hex characters of a keyed hash (says nothing of the key)."""
    return blake2b(b"coordinateur:cle-equipe", key=cle, digest_size=8).decode("ascii")


def _a_signer(entete: bytes, contenu: bytes) -> bytes:
    return b"coordinateur-partage:2\0" + entete + blake2b(contenu, digest_size=32, encoder=RawEncoder)


def _ligne(entete: dict[str, Any]) -> bytes:
    return json.dumps(entete, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"


def _chiffre(cle: bytes, ligne: bytes, clair: bytes) -> bytes:
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    parts = [ligne, sodium.crypto_secretstream_xchacha20poly1305_init_push(state, cle)]
    starts = list(range(0, len(clair), CHUNK)) or [0]
    for n, start in enumerate(starts):
        tag = TAG_FINAL if n == len(starts) - 1 else TAG_MESSAGE
        chunk = sodium.crypto_secretstream_xchacha20poly1305_push(
            state, clair[start : start + CHUNK], ligne, tag
        )
        parts += [struct.pack(">I", len(chunk)), chunk]
    return b"".join(parts)


def scelle(
    contenu: bytes, *, genre: str, equipe: str, cle: bytes, auteur: str, signataire: SigningKey
) -> bytes:
    """The file holding `contenu`, encrypted with the team key `cle` and signed by `signataire`."""
    ligne = _ligne({"format": FORMAT, "major": MAJOR, "genre": genre, "equipe": equipe,
                    "cle": identifiant_cle(cle), "auteur": auteur})  # fmt: skip
    signature = signataire.sign(_a_signer(ligne, contenu)).signature
    return _chiffre(cle, ligne, signature + contenu)


def entete(data: bytes) -> dict[str, Any]:
    """The clear header of an envelope (nothing is verified yet); EnveloppeRefusee if there is none."""
    end = data.find(b"\n", 0, ENTETE_MAX)
    if end < 0:
        raise EnveloppeRefusee(
            "ce n'est pas un fichier chiffré de Coordinateur (ancien format en clair, ou fichier étranger)",
            coupe=len(data) < ENTETE_MAX and data.startswith(b'{"auteur"'),
        )
    try:
        header = json.loads(data[:end])
    except (ValueError, RecursionError):
        raise EnveloppeRefusee(
            "en-tête illisible : ce n'est pas un fichier chiffré de Coordinateur"
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise EnveloppeRefusee("ce n'est pas un fichier chiffré de Coordinateur")
    if header.get("major") != MAJOR:
        raise EnveloppeRefusee("fichier d'une autre version du format de partage")
    expected = CLES_INVITATION if header.get("genre") == "invitation" else CLES_ENTETE
    if set(header) != expected or not all(isinstance(header[k], str) for k in expected - {"major"}):
        raise EnveloppeRefusee("en-tête mal formé")
    return header


def structure_valide(data: bytes) -> bool:
    """The file has the shape of a sealed file (a header, then chunks whose lengths add up), which a header
    line planted alone has not; nothing is decrypted (a file of another team is told apart this way)."""
    try:
        entete(data)
    except EnveloppeRefusee:
        return False
    pos = data.index(b"\n") + 1 + HEADERBYTES
    chunks = 0
    while pos + 4 <= len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        if not ABYTES <= size <= CHUNK + ABYTES:
            return False
        pos += 4 + size
        chunks += 1
    return chunks > 0 and pos == len(data)


def _dechiffre(cle: bytes, data: bytes, start: int, ligne: bytes) -> bytes:
    if len(data) < start + HEADERBYTES:
        raise EnveloppeRefusee("fichier coupé (copie en cours ?)", coupe=True)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, data[start : start + HEADERBYTES], cle)
    except CryptoError:
        raise EnveloppeRefusee("en-tête de chiffrement invalide") from None
    pos, parts, final = start + HEADERBYTES, [], False
    while pos < len(data):
        if final:
            raise EnveloppeRefusee("données après la fin du fichier chiffré")
        if pos + 4 > len(data):
            raise EnveloppeRefusee("fichier coupé (copie en cours ?)", coupe=True)
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        if not ABYTES <= size <= CHUNK + ABYTES:
            raise EnveloppeRefusee("bloc chiffré de taille impossible")
        if pos + 4 + size > len(data):
            raise EnveloppeRefusee("fichier coupé (copie en cours ?)", coupe=True)
        try:
            clear, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, data[pos + 4 : pos + 4 + size], ligne
            )
        except CryptoError:
            raise EnveloppeRefusee(
                "contenu altéré ou chiffré avec une autre clé (le fichier a été modifié après son écriture)"
            ) from None
        parts.append(clear)
        final = tag == TAG_FINAL
        pos += 4 + size
    if not final:
        raise EnveloppeRefusee("fichier coupé (copie en cours ?)", coupe=True)
    return b"".join(parts)


def ouvre(
    data: bytes, *, genre: str, equipe: str, cles: dict[str, bytes], verifieur: Any
) -> tuple[dict[str, Any], bytes]:
    """(header, content) of an envelope of this team, of kind `genre`, signed by its author.

    `cles`: the team keys this laptop holds, by id; `verifieur(author, content)`: the author's VerifyKey
    (pinned), or a string saying why the author is refused (not a member, revoked…). The content is
    given so that a member's own declaration (its join request) can carry its key."""
    header = entete(data)
    if header["genre"] != genre:
        raise EnveloppeRefusee(f"fichier de genre « {header['genre']} » à la place d'un fichier « {genre} »")
    if header["equipe"] != equipe:
        raise EnveloppeRefusee(
            "fichier d'une autre équipe (un ordinateur qui ne fait pas partie de celle-ci)"
        )
    cle = cles.get(header["cle"])
    if cle is None:
        raise EnveloppeRefusee(
            "chiffré avec une clé d'équipe que cet ordinateur n'a pas (ordinateur retiré, ou hors de l'équipe)"
        )
    ligne = data[: data.index(b"\n") + 1]
    clear = _dechiffre(cle, data, len(ligne), ligne)
    if len(clear) < SIGNATURE:
        raise EnveloppeRefusee("signature absente")
    signature, contenu = clear[:SIGNATURE], clear[SIGNATURE:]
    key = verifieur(header["auteur"], contenu)
    if isinstance(key, str):
        raise EnveloppeRefusee(key)
    try:
        VerifyKey(key.encode() if isinstance(key, VerifyKey) else key).verify(
            _a_signer(ligne, contenu), signature
        )
    except (BadSignatureError, ValueError, TypeError):
        raise EnveloppeRefusee(
            f"signature invalide : ce fichier n'a pas été écrit par l'ordinateur {header['auteur'][:8]} qu'il nomme"
        ) from None
    return header, contenu


def cle_du_code(code: str, sel: bytes) -> bytes:
    from nacl.pwhash import argon2id

    return argon2id.kdf(32, code.encode("ascii"), sel, opslimit=argon2id.OPSLIMIT_INTERACTIVE,
                        memlimit=argon2id.MEMLIMIT_INTERACTIVE)  # fmt: skip


def scelle_invitation(contenu: bytes, code: str) -> bytes:
    from nacl.pwhash import argon2id
    from nacl.utils import random

    sel = random(argon2id.SALTBYTES)
    ligne = _ligne({"format": FORMAT, "major": MAJOR, "genre": "invitation", "sel": sel.hex()})
    return _chiffre(cle_du_code(code, sel), ligne, contenu)


def ouvre_invitation(data: bytes, code: str) -> bytes:
    header = entete(data)
    if header["genre"] != "invitation":
        raise EnveloppeRefusee("ce fichier n'est pas une invitation")
    try:
        sel = bytes.fromhex(header["sel"])
    except ValueError:
        raise EnveloppeRefusee("invitation mal formée") from None
    ligne = data[: data.index(b"\n") + 1]
    try:
        return _dechiffre(cle_du_code(code, sel), data, len(ligne), ligne)
    except EnveloppeRefusee as exc:
        if exc.coupe:
            raise
        raise EnveloppeRefusee("code d'invitation incorrect (ou invitation d'une autre équipe)") from None
