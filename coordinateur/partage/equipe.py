"""The team of a shared folder: who may write there, with which keys (architecture §5).

- The first laptop creates the team: a random team key (epoch 1) and, for each laptop, its own Ed25519
  signing key. Everything the team writes in the folder is sealed by `enveloppe` (encrypted with the
  team key, signed by its author).
- A member invites a new laptop without any network between them: it writes, encrypted under a key
  derived by Argon2id from a 16-character code, the invitation (team keys, the members' keys it has
  pinned, the revocations) into `equipe/invitations/`, and a signed « inscription » (a one-time secret)
  for the other members. The new laptop types the code (or opens the invitation file carried on a key),
  pins what the invitation says, and writes its own declaration, signed by its new key, with a proof
  that it holds the inscription's secret. Every member then pins that key on first sight.
- Any member revokes a lost laptop: a new team key, sealed (libsodium sealed box) for each remaining
  member's key, and the revoked laptop's last accepted segment number, in one signed file of
  `equipe/retraits/`. Its later segments are refused everywhere; it can still read the file that retires
  it (sealed with the key it had), so it is told why. Keys of earlier epochs are kept: everything written
  before stays readable by members.
Keys of members are pinned: a member's key never changes; a declaration under a known laptop's id with
another key is refused.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.public import SealedBox
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import func, select

from coordinateur.errors import EXIT_SHARE_UNAVAILABLE, CoordinateurError
from coordinateur.partage import enveloppe, fichiers
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.fichiers import KO, FichierRefuse
from coordinateur.partage.models import EquipeLocale, SegmentLu
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.text import horodatage_fr

DOSSIER = "equipe"
VALIDITE = timedelta(days=14)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a screen or a page
LONGUEUR_CODE = 16  # 80 bits, and Argon2id for every guess
FICHIER_MAX = 256 * KO  # a declaration, an inscription, an invitation, a revocation


class HorsEquipe(CoordinateurError):
    """This laptop may not use the folder: not in its team, or retired from it (exit code 4)."""

    exit_code = EXIT_SHARE_UNAVAILABLE


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass
class Equipe:
    """This laptop's view of the team (kept in the store, table `equipe_locale`)."""

    id: str
    appareil: str
    signature: str  # hex seed of this laptop's Ed25519 key
    cles: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → {cle, epoque, pour}
    membres: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # device → {cle, nom, coordinateur, depuis}
    retraits: dict[str, dict[str, Any]] = field(default_factory=dict)  # device → {par, le, dernier_seq, nom}
    retire: str = ""  # why this laptop was retired ("" while a member)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "appareil": self.appareil, "signature": self.signature, "cles": self.cles,
                "membres": self.membres, "retraits": self.retraits, "retire": self.retire}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Equipe:
        return cls(data["id"], data["appareil"], data["signature"], dict(data.get("cles", {})),
                   dict(data.get("membres", {})), dict(data.get("retraits", {})), data.get("retire", ""))  # fmt: skip

    @property
    def signataire(self) -> SigningKey:
        return SigningKey(bytes.fromhex(self.signature))

    def trousseau(self) -> dict[str, bytes]:
        return {kid: bytes.fromhex(entry["cle"]) for kid, entry in self.cles.items()}

    def courante(self) -> tuple[str, bytes, int]:
        kid, entry = max(self.cles.items(), key=lambda item: (item[1]["epoque"], item[0]))
        return kid, bytes.fromhex(entry["cle"]), int(entry["epoque"])

    def scelle(self, contenu: bytes, genre: str) -> bytes:
        _kid, key, _epoch = self.courante()
        return enveloppe.scelle(
            contenu, genre=genre, equipe=self.id, cle=key, auteur=self.appareil, signataire=self.signataire
        )

    def cle_de(self, device: str) -> VerifyKey | None:
        member = self.membres.get(device)
        return VerifyKey(bytes.fromhex(member["cle"])) if member else None

    def nom(self, device: str) -> str:
        member = self.membres.get(device) or self.retraits.get(device) or {}
        return str(member.get("nom") or device[:8])

    def ouvre(self, data: bytes, genre: str, flux: str) -> bytes:
        """The content of a file of `flux`'s own folder (a segment, a device card), written by `flux`."""

        def verifieur(auteur: str, _contenu: bytes) -> VerifyKey | str:
            if auteur != flux:
                return (f"écrit par l'ordinateur {auteur[:8]} dans le dossier de l'ordinateur {flux[:8]} "
                        "(un ordinateur n'écrit que dans le sien)")  # fmt: skip
            key = self.cle_de(auteur)
            if key is None:
                return f"l'ordinateur {auteur[:8]} ne fait pas partie de l'équipe"
            return key

        _header, contenu = enveloppe.ouvre(data, genre=genre, equipe=self.id, cles=self.trousseau(),
                                           verifieur=verifieur)  # fmt: skip
        return contenu

    def dernier_seq(self, device: str) -> int | None:
        """For a retired laptop, the last of its segments still accepted; None for a member."""
        entry = self.retraits.get(device)
        return int(entry.get("dernier_seq", 0)) if entry is not None else None


# -- kept in the store -------------------------------------------------------------------------------


def charge(store: Store) -> Equipe | None:
    with store.read() as session:
        row = session.get(EquipeLocale, 1)
        return Equipe.from_json(row.contenu) if row is not None else None


def enregistre(store: Store, equipe: Equipe) -> None:
    with store.write() as session:
        row = session.get(EquipeLocale, 1)
        if row is None:
            session.add(EquipeLocale(id=1, contenu=equipe.as_json()))
        else:
            row.contenu = equipe.as_json()


def _journal(store: Store, resume: str) -> None:
    with store.write() as session:
        store.audit(session, "parametrage", "partage", None, resume)


def _carte_membre(store: Store, equipe: Equipe) -> dict[str, Any]:
    settings = load_settings(store)
    return {"appareil": store.device_id, "nom": store.device_name, "coordinateur": settings.coordinateur_nom,
            "structure": settings.structure_nom, "cle": equipe.signataire.verify_key.encode().hex(),
            "depuis": _iso(_now())}  # fmt: skip


def _declare(root: Path, equipe: Equipe) -> None:
    """This laptop's declaration in the folder, when it is not there yet (joined from a carried invitation
    file, a crash right after joining, or a new folder for the same team)."""
    own = equipe.membres.get(equipe.appareil, {}).get("declaration")
    target = root / DOSSIER / "membres" / f"{equipe.appareil}.cmb"
    if own is not None and not fichiers.existe(target):
        try:
            _ecrit(root, f"{DOSSIER}/membres/{equipe.appareil}.cmb", bytes.fromhex(own), equipe.appareil)
        except FileExistsError:
            pass


def _ecrit(root: Path, relative: str, data: bytes, device: str) -> Path:
    from coordinateur.partage.dossier import ecrit_une_fois

    final = root / relative
    ecrit_une_fois(final, data, root / "appareils" / device / ".tmp", root=root)
    return final


# -- the folder's team -------------------------------------------------------------------------------


def equipes_du_dossier(root: Path) -> set[str]:
    """The team ids the folder's declarations name (their clear header); empty when it has no team yet."""
    found = set()
    for path, entry in fichiers.entrees(root / DOSSIER / "membres"):
        if not fichiers.fichier_ordinaire(entry):
            continue
        try:
            header = enveloppe.entete(fichiers.lit_borne(path, FICHIER_MAX))
        except (FichierRefuse, OSError, EnveloppeRefusee):
            continue
        if header["genre"] == "membre":
            found.add(str(header["equipe"]))
    return found


def creer(store: Store, root: Path) -> Equipe:
    """Create the team of an empty shared folder, this laptop its first member."""
    if charge(store) is not None:
        raise CoordinateurError(
            "Cet ordinateur fait déjà partie d'une équipe de partage : pour en changer, rejoignez l'autre "
            "équipe avec une invitation."
        )
    if equipes_du_dossier(root):
        raise HorsEquipe(
            "Ce dossier de partage a déjà son équipe : demandez une invitation à un collègue qui en fait partie "
            "(Partage → Inviter un ordinateur), puis « Rejoindre l'équipe »."
        )
    key = secrets.token_bytes(32)
    equipe = Equipe(uuid.uuid4().hex, store.device_id, secrets.token_bytes(32).hex())
    equipe.cles[enveloppe.identifiant_cle(key)] = {"cle": key.hex(), "epoque": 1, "pour": None}
    card = _carte_membre(store, equipe)
    payload = {**card, "invitation": None, "preuve": None}
    equipe.membres[store.device_id] = {k: card[k] for k in ("cle", "nom", "coordinateur", "depuis")}
    equipe.membres[store.device_id]["declaration"] = equipe.scelle(
        json.dumps(payload).encode("utf-8"), "membre"
    ).hex()
    enregistre(store, equipe)  # kept first: a crash before the folder's file is written loses nothing
    _declare(root, equipe)
    _journal(store, "Équipe de partage créée")
    return equipe


def exige(store: Store, root: Path, alertes: list[str]) -> Equipe:
    """The team this laptop syncs with in this folder, brought up to date from the folder; the first laptop
    of an empty folder creates it. Raises HorsEquipe when this laptop may not use the folder."""
    equipe = charge(store)
    teams = equipes_du_dossier(root)
    if equipe is not None and teams and equipe.id not in teams:
        raise HorsEquipe(
            "Ce dossier de partage appartient à une autre équipe que celle de cet ordinateur : demandez une "
            "invitation à un collègue de cette équipe (Partage → Inviter un ordinateur), puis « Rejoindre "
            "l'équipe » avec son code."
        )
    if equipe is None:
        if not teams:
            return creer(store, root)
        raise HorsEquipe(
            "Ce dossier de partage appartient à une équipe dont cet ordinateur ne fait pas encore partie : "
            "demandez une invitation à un collègue (Partage → Inviter un ordinateur), puis « Rejoindre "
            "l'équipe » avec son code."
        )
    equipe = actualise(store, root, alertes, equipe)
    if equipe.retire:
        raise HorsEquipe(equipe.retire)
    return equipe


# -- invitations -------------------------------------------------------------------------------------


def _normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def presente_code(code: str) -> str:
    return "-".join(code[n : n + 4] for n in range(0, len(code), 4))


def _nom_invitation(code: str) -> str:
    return blake2b(_normalise_code(code).encode("ascii"), person=b"coord-invit", digest_size=12).decode(
        "ascii"
    )


def _preuve(secret: bytes, device: str, cle: str) -> str:
    return blake2b(f"{device}:{cle}".encode("ascii"), key=secret, digest_size=32).decode("ascii")


@dataclass(frozen=True)
class Invitation:
    code: str  # presented XXXX-XXXX-XXXX-XXXX
    fichier: bytes  # the same invitation, to carry (it still needs the code)
    expire_le: str


def invite(store: Store, root: Path) -> Invitation:
    """A new invitation, valid 14 days for one laptop."""
    equipe = exige(store, root, [])
    code = "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR_CODE))
    secret = secrets.token_bytes(32)
    ident, now = uuid.uuid4().hex, _now()
    _kid, _key, epoch = equipe.courante()
    inscription = {"id": ident, "secret": secret.hex(), "epoque": epoch, "par": store.device_id,
                   "emise_le": _iso(now)}  # fmt: skip
    _ecrit(root, f"{DOSSIER}/inscriptions/{ident}.cmb",
           equipe.scelle(json.dumps(inscription).encode("utf-8"), "inscription"), store.device_id)  # fmt: skip
    pinned = {d: {k: v for k, v in m.items() if k != "declaration"} for d, m in equipe.membres.items()}
    content = {"equipe": equipe.id, "cles": equipe.cles, "membres": pinned, "retraits": equipe.retraits,
               "inscription": ident, "secret": secret.hex(), "par": store.device_id, "par_nom": store.device_name,
               "emise_le": _iso(now), "expire_le": _iso(now + VALIDITE)}  # fmt: skip
    data = enveloppe.scelle_invitation(json.dumps(content).encode("utf-8"), code)
    _ecrit(root, f"{DOSSIER}/invitations/{_nom_invitation(code)}.cinv", data, store.device_id)
    _journal(store, "Invitation d'un ordinateur dans l'équipe de partage")
    return Invitation(presente_code(code), data, _iso(now + VALIDITE))


def lit_invitation(root: Path | None, code: str, fichier: bytes | None = None) -> dict[str, Any]:
    """The content of the invitation of this code (read from the folder, or from `fichier`), checked."""
    normal = _normalise_code(code)
    if len(normal) != LONGUEUR_CODE or any(c not in ALPHABET for c in normal):
        raise CoordinateurError(
            f"Code d'invitation invalide : il a {LONGUEUR_CODE} caractères (lettres sans O ni I, chiffres de 2 à 9), "
            "par exemple ABCD-EFGH-JKLM-NPQR."
        )
    if fichier is None:
        if root is None:
            raise CoordinateurError("Choisissez le dossier de partage, ou le fichier d'invitation.")
        path = root / DOSSIER / "invitations" / f"{_nom_invitation(normal)}.cinv"
        try:
            fichier = fichiers.lit_borne(path, FICHIER_MAX)
        except FileNotFoundError:
            raise CoordinateurError(
                "Aucune invitation de ce code dans le dossier de partage : vérifiez le code, ou attendez que le "
                "dossier ait reçu l'invitation (dossier synchronisé), ou utilisez le fichier d'invitation."
            ) from None
    try:
        content = json.loads(enveloppe.ouvre_invitation(fichier, normal))
        expires = datetime.fromisoformat(content["expire_le"])
        if not all(
            key in content for key in ("equipe", "cles", "membres", "retraits", "inscription", "secret")
        ):
            raise KeyError("invitation incomplète")
        if not isinstance(content["cles"], dict) or not content["cles"]:
            raise KeyError("invitation sans clé")
    except EnveloppeRefusee as exc:
        raise CoordinateurError(f"Invitation refusée : {exc.motif}.") from None
    except (ValueError, KeyError, TypeError):
        raise CoordinateurError("Invitation refusée : contenu illisible.") from None
    if _now() > expires:
        raise CoordinateurError(
            f"Cette invitation a expiré le {horodatage_fr(content['expire_le'])} : demandez-en une nouvelle."
        )
    return dict(content)


def adhesion(content: dict[str, Any], carte: dict[str, Any]) -> tuple[Equipe, bytes]:
    """This laptop's membership from an invitation's content, and its sealed declaration for the folder.
    `carte`: appareil, nom, coordinateur, structure (the signing key is made here)."""
    device = carte["appareil"]
    equipe = Equipe(content["equipe"], device, secrets.token_bytes(32).hex(), dict(content["cles"]),
                    dict(content["membres"]), dict(content["retraits"]))  # fmt: skip
    card = {**carte, "cle": equipe.signataire.verify_key.encode().hex(), "depuis": _iso(_now())}
    proof = _preuve(bytes.fromhex(content["secret"]), device, card["cle"])
    payload = {**card, "invitation": content["inscription"], "preuve": proof}
    equipe.membres[device] = {k: card[k] for k in ("cle", "nom", "coordinateur", "depuis")}
    return equipe, equipe.scelle(json.dumps(payload).encode("utf-8"), "membre")


def rejoint(store: Store, root: Path | None, code: str, fichier: bytes | None = None) -> Equipe:
    """Join the team with an invitation's code (the invitation read from the folder, or from `fichier`)."""
    content = lit_invitation(root, code, fichier)
    previous = charge(store)
    if previous is not None and previous.id == content["equipe"] and not previous.retire:
        raise CoordinateurError("Cet ordinateur fait déjà partie de cette équipe.")
    if store.device_id in content["membres"] or store.device_id in content["retraits"]:
        raise CoordinateurError(
            "Cet ordinateur a déjà été membre de cette équipe sous le même identifiant : il ne peut pas la "
            "rejoindre à nouveau ainsi (ordinateur retiré, ou installation copiée)."
        )
    if root is not None and _deja_utilisee(root, content):
        raise CoordinateurError(
            "Cette invitation a déjà servi à un autre ordinateur : demandez-en une nouvelle (une invitation ne sert "
            "qu'une fois)."
        )
    settings = load_settings(store)
    equipe, declaration = adhesion(content, {"appareil": store.device_id, "nom": store.device_name,
                                             "coordinateur": settings.coordinateur_nom,
                                             "structure": settings.structure_nom})  # fmt: skip
    equipe.membres[store.device_id]["declaration"] = declaration.hex()
    enregistre(store, equipe)  # kept first: written into the folder now, or at the first sync
    if root is not None:
        _declare(root, equipe)
    _journal(store, f"Équipe de partage rejointe (invitation de {content.get('par_nom', '')})")
    return equipe


def _deja_utilisee(root: Path, content: dict[str, Any]) -> bool:
    """Another laptop's declaration in the folder already claims this invitation."""
    keys = {kid: bytes.fromhex(entry["cle"]) for kid, entry in content["cles"].items()}
    for path, data in _lit(root, "membres", []):

        def self_signed(auteur: str, contenu: bytes, device: str = path.stem) -> VerifyKey | str:
            try:
                claim = json.loads(contenu)
            except (ValueError, RecursionError):
                return "mal formée"
            if auteur != device or not _declaration_valide(claim, device):
                return "mal formée"
            return VerifyKey(bytes.fromhex(claim["cle"]))

        try:
            _header, raw = enveloppe.ouvre(data, genre="membre", equipe=content["equipe"], cles=keys,
                                           verifieur=self_signed)  # fmt: skip
        except EnveloppeRefusee:
            continue
        if json.loads(raw).get("invitation") == content["inscription"]:
            return True
    return False


# -- what the folder says ----------------------------------------------------------------------------


def _lit(root: Path, sub: str, alertes: list[str]) -> list[tuple[Path, bytes]]:
    found = []
    for path, entry in fichiers.entrees(root / DOSSIER / sub):
        if path.name.endswith(".tmp"):
            continue
        if not fichiers.fichier_ordinaire(entry):
            alertes.append(str(fichiers.refuse(path, entry)))
            continue
        try:
            found.append((path, fichiers.lit_borne(path, FICHIER_MAX)))
        except FichierRefuse as exc:
            alertes.append(exc.message)
        except OSError:
            continue
    return found


def _membre(equipe: Equipe) -> Any:
    def verifieur(auteur: str, _contenu: bytes) -> VerifyKey | str:
        if auteur in equipe.retraits:
            return f"signé par l'ordinateur retiré {equipe.nom(auteur)}"
        key = equipe.cle_de(auteur)
        return key if key is not None else f"l'ordinateur {auteur[:8]} ne fait pas partie de l'équipe"

    return verifieur


def actualise(store: Store, root: Path, alertes: list[str], equipe: Equipe | None = None) -> Equipe:
    """Read the team's files of the folder: revocations and new keys, then new members; pin, save."""
    equipe = equipe or charge(store)
    if equipe is None:
        raise HorsEquipe("Cet ordinateur ne fait partie d'aucune équipe de partage.")
    before = json.dumps(equipe.as_json(), sort_keys=True)
    _declare(root, equipe)
    _retraits(equipe, root, alertes)
    if not equipe.retire:
        _nouveaux_membres(equipe, root, alertes)
        compromised = [
            d for d in (equipe.cles[equipe.courante()[0]].get("pour") or []) if d in equipe.retraits
        ]
        if compromised and equipe.courante()[2] > 1:
            # two revocations at once gave a new key to a laptop the other one retired: renew it
            _renouvelle(store, root, equipe, [])
    if json.dumps(equipe.as_json(), sort_keys=True) != before:
        enregistre(store, equipe)
    return equipe


def _retraits(equipe: Equipe, root: Path, alertes: list[str]) -> None:
    files = _lit(root, "retraits", alertes)
    progress = True
    while progress:  # a revocation sealed with a key learnt from another one is read in the next round
        progress = False
        pending = []
        for path, data in files:
            try:
                header = enveloppe.entete(data)
            except EnveloppeRefusee as exc:
                if not exc.coupe:
                    alertes.append(f"Dossier de partage : « {path} » ignoré : {exc.motif}.")
                continue
            if (
                path.stem in equipe.cles
                or header.get("equipe") != equipe.id
                or header.get("cle") not in equipe.cles
            ):
                continue
            pending.append((equipe.cles[header["cle"]]["epoque"], path.stem, path, data))
        files = [(p, d) for p, d in files if p.stem not in equipe.cles]
        for _epoch, _kid, path, data in sorted(pending):
            if path.stem in equipe.cles:
                continue
            try:
                header, raw = enveloppe.ouvre(data, genre="retrait", equipe=equipe.id, cles=equipe.trousseau(),
                                              verifieur=_membre(equipe))  # fmt: skip
                content = json.loads(raw)
            except EnveloppeRefusee as exc:
                if not exc.coupe:
                    alertes.append(f"Dossier de partage : retrait « {path.name} » refusé : {exc.motif}.")
                files = [(p, d) for p, d in files if p != path]
                continue
            except (ValueError, RecursionError):
                content = None
            base = equipe.cles[header["cle"]]["epoque"]
            if not _retrait_valide(content, path.stem, header["auteur"], base):
                alertes.append(f"Dossier de partage : retrait « {path.name} » refusé : mal formé.")
                files = [(p, d) for p, d in files if p != path]
                continue
            _applique_retrait(equipe, content)
            progress = True
            if equipe.retire:
                return


_HEX64 = re.compile(r"[0-9a-f]{64}")
_APPAREIL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _instant(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) <= 40 and datetime.fromisoformat(value) is not None
    except ValueError:
        return False


def _retrait_valide(content: Any, kid: str, auteur: str, base: int) -> bool:
    """A revocation has exactly the shape this version writes (a member's infected laptop signs anything)."""
    if not isinstance(content, dict) or set(content) != {
        "cle",
        "epoque",
        "par",
        "le",
        "retires",
        "pour",
        "membres",
    }:
        return False
    retires, pour, members = content["retires"], content["pour"], content["membres"]
    return (
        content["cle"] == kid
        and content["par"] == auteur
        and type(content["epoque"]) is int
        and content["epoque"] == base + 1
        and _instant(content["le"])
        and isinstance(retires, list)
        and len(retires) <= 100
        and all(isinstance(r, dict) and set(r) == {"appareil", "dernier_seq"} and isinstance(r["appareil"], str)
                and _APPAREIL.fullmatch(r["appareil"]) and type(r["dernier_seq"]) is int and 0 <= r["dernier_seq"] < 10**8
                for r in retires)
        and isinstance(pour, dict)
        and isinstance(members, dict)
        and len(pour) <= 1000
        and len(members) <= 1000
        and all(isinstance(d, str) and _APPAREIL.fullmatch(d) and isinstance(b, str) and len(b) <= 400
                for d, b in pour.items())
        and all(isinstance(d, str) and _APPAREIL.fullmatch(d) and isinstance(k, str) and _HEX64.fullmatch(k)
                for d, k in members.items())
    )  # fmt: skip


def _declaration_valide(content: Any, device: str) -> bool:
    if not isinstance(content, dict) or content.get("appareil") != device:
        return False
    texts = ("nom", "coordinateur", "structure", "depuis")
    return (
        isinstance(content.get("cle"), str)
        and bool(_HEX64.fullmatch(content["cle"]))
        and all(isinstance(content.get(k, ""), str) and len(content.get(k, "")) <= 200 for k in texts)
        and (content.get("invitation") is None or (isinstance(content["invitation"], str)
                                                    and bool(re.fullmatch(r"[0-9a-f]{32}", content["invitation"]))))
        and (content.get("preuve") is None or isinstance(content["preuve"], str))
        and (content.get("succede") is None or (isinstance(content["succede"], str)
                                                 and bool(_APPAREIL.fullmatch(content["succede"]))))
    )  # fmt: skip


def _applique_retrait(equipe: Equipe, content: dict[str, Any]) -> None:
    by = equipe.nom(content["par"])
    for entry in content.get("retires", []):
        device = entry["appareil"]
        if device == equipe.appareil:
            equipe.retire = (
                f"Cet ordinateur a été retiré de l'équipe de partage par « {by} » le "
                f"{horodatage_fr(content['le'])} : ses nouvelles modifications sont refusées par les autres "
                "ordinateurs et il ne reçoit plus les leurs. Pour partager à nouveau, demandez une nouvelle "
                "invitation (après avoir vérifié que cet ordinateur n'est pas celui qui a été perdu)."
            )
            return
        if device not in equipe.retraits:
            equipe.retraits[device] = {"par": content["par"], "le": content["le"], "nom": equipe.nom(device),
                                       "dernier_seq": int(entry.get("dernier_seq", 0))}  # fmt: skip
    for device, key in content.get("membres", {}).items():
        if device not in equipe.membres and device not in equipe.retraits:
            equipe.membres[device] = {
                "cle": key,
                "nom": device[:8],
                "coordinateur": "",
                "depuis": content["le"],
            }
    box = content.get("pour", {}).get(equipe.appareil)
    if box is None:
        return
    try:
        key = SealedBox(equipe.signataire.to_curve25519_private_key()).decrypt(bytes.fromhex(box))
    except (CryptoError, ValueError):
        return
    if enveloppe.identifiant_cle(key) == content["cle"]:
        equipe.cles[content["cle"]] = {"cle": key.hex(), "epoque": int(content["epoque"]),
                                       "pour": sorted(content.get("pour", {}))}  # fmt: skip


def _nouveaux_membres(equipe: Equipe, root: Path, alertes: list[str]) -> None:
    declarations: dict[str, tuple[Path, dict[str, Any]]] = {}
    claims: dict[str, set[str]] = {}
    for path, data in _lit(root, "membres", alertes):
        device = path.stem
        if device in equipe.membres or device in equipe.retraits:
            continue

        def own_key(auteur: str, contenu: bytes, device: str = device) -> VerifyKey | str:
            try:
                content = json.loads(contenu)
            except (ValueError, RecursionError):
                return "déclaration mal formée"
            if auteur != device or not isinstance(content, dict) or content.get("appareil") != device:
                return "déclaration d'un ordinateur sous le nom d'un autre"
            if not _declaration_valide(content, device):
                return "déclaration mal formée"
            return VerifyKey(bytes.fromhex(content["cle"]))

        try:
            _header, raw = enveloppe.ouvre(data, genre="membre", equipe=equipe.id, cles=equipe.trousseau(),
                                           verifieur=own_key)  # fmt: skip
        except EnveloppeRefusee as exc:
            if not exc.coupe and exc.motif.startswith(("signature", "déclaration", "contenu altéré")):
                alertes.append(f"Dossier de partage : déclaration « {path.name} » refusée : {exc.motif}.")
            continue
        content = json.loads(raw)
        former = content.get("succede")
        if isinstance(former, str) and former in equipe.membres and former not in equipe.retraits:
            if equipe.membres[former]["cle"] == content["cle"]:  # the same laptop's key: a restored store
                _admet(equipe, device, content)
                equipe.membres[former]["remplace_par"] = device
            continue
        if isinstance(content.get("invitation"), str):
            declarations[device] = (path, content)
            claims.setdefault(content["invitation"], set()).add(device)
    progress = True
    while progress and declarations:  # a member admitted now may have invited another
        progress = False
        for device, (_path, content) in sorted(declarations.items()):
            why = _admissible(equipe, root, device, content, claims, alertes)
            if why is None:
                _admet(equipe, device, content)
                del declarations[device]
                progress = True
                break
    for device, (path, _content) in declarations.items():
        alertes.append(f"Dossier de partage : l'ordinateur {device[:8]} (« {path.name} ») n'est pas admis dans "
                       "l'équipe : son invitation est introuvable, expirée par un retrait, déjà utilisée, ou sa "
                       "preuve est fausse.")  # fmt: skip


def _admet(equipe: Equipe, device: str, content: dict[str, Any]) -> None:
    equipe.membres[device] = {"cle": content["cle"], "nom": str(content.get("nom", ""))[:200],
                              "coordinateur": str(content.get("coordinateur", ""))[:200],
                              "depuis": str(content.get("depuis", ""))[:32]}  # fmt: skip


def succede(store: Store, root: Path, equipe: Equipe, ancien: str) -> Equipe:
    """This store goes on under its new device id (`store.device_id`), declared with the same signing key
    as its former id: the members who pinned that key admit it without an invitation."""
    equipe.appareil = store.device_id
    card = _carte_membre(store, equipe)
    payload = {**card, "invitation": None, "preuve": None, "succede": ancien}
    equipe.membres[store.device_id] = {k: card[k] for k in ("cle", "nom", "coordinateur", "depuis")}
    equipe.membres[store.device_id]["declaration"] = equipe.scelle(json.dumps(payload).encode("utf-8"),
                                                                   "membre").hex()  # fmt: skip
    equipe.membres[ancien]["remplace_par"] = store.device_id
    enregistre(store, equipe)
    _declare(root, equipe)
    return equipe


def _admissible(
    equipe: Equipe,
    root: Path,
    device: str,
    content: dict[str, Any],
    claims: dict[str, set[str]],
    alertes: list[str],
) -> str | None:
    ident = content["invitation"]
    if len(claims.get(ident, ())) > 1 or not all(c in "0123456789abcdef" for c in ident):
        return "invitation utilisée par plusieurs ordinateurs"
    path = root / DOSSIER / "inscriptions" / f"{ident}.cmb"
    try:
        _header, raw = enveloppe.ouvre(fichiers.lit_borne(path, FICHIER_MAX), genre="inscription", equipe=equipe.id,
                                       cles=equipe.trousseau(), verifieur=_membre(equipe))  # fmt: skip
        inscription = json.loads(raw)
    except (FichierRefuse, OSError, EnveloppeRefusee, ValueError, RecursionError):
        return "inscription introuvable ou refusée"
    if (
        not isinstance(inscription, dict)
        or inscription.get("id") != ident
        or not isinstance(inscription.get("secret"), str)
    ):
        return "inscription mal formée"
    if type(inscription.get("epoque")) is not int or inscription["epoque"] != equipe.courante()[2]:
        return "invitation antérieure au dernier retrait"
    try:
        if _preuve(bytes.fromhex(inscription["secret"]), device, content["cle"]) != content.get("preuve"):
            return "preuve fausse"
    except (ValueError, KeyError, TypeError):
        return "inscription mal formée"
    return None


# -- revoking ----------------------------------------------------------------------------------------


def _renouvelle(store: Store, root: Path, equipe: Equipe, retires: list[dict[str, Any]]) -> str:
    """A new team key, sealed for every remaining member, with the list of retired laptops: one signed file."""
    key = secrets.token_bytes(32)
    kid = enveloppe.identifiant_cle(key)
    _old, _k, epoch = equipe.courante()
    gone = {entry["appareil"] for entry in retires} | set(equipe.retraits)
    pour = {device: SealedBox(VerifyKey(bytes.fromhex(m["cle"])).to_curve25519_public_key()).encrypt(key).hex()
            for device, m in equipe.membres.items() if device not in gone}  # fmt: skip
    content = {"cle": kid, "epoque": epoch + 1, "par": equipe.appareil, "le": _iso(_now()), "retires": retires,
               "pour": pour, "membres": {d: m["cle"] for d, m in equipe.membres.items() if d not in gone}}  # fmt: skip
    _ecrit(root, f"{DOSSIER}/retraits/{kid}.cmb", equipe.scelle(json.dumps(content).encode("utf-8"), "retrait"),
           equipe.appareil)  # fmt: skip
    _applique_retrait(equipe, content)
    enregistre(store, equipe)
    return kid


def revoque(store: Store, root: Path, device: str) -> str:
    """Retire a (lost) laptop from the team; returns what was done, in French."""
    from coordinateur.partage.dossier import releve_segments

    alertes: list[str] = []
    equipe = exige(store, root, alertes)
    matches = [d for d in equipe.membres if d == device or (len(device) >= 8 and d.startswith(device))]
    if device in equipe.retraits:
        raise CoordinateurError("Cet ordinateur est déjà retiré de l'équipe.")
    if len(matches) != 1:
        raise CoordinateurError(
            f"Aucun ordinateur « {device} » dans l'équipe (voir « partage equipe membres »)."
        )
    device = matches[0]
    if device == store.device_id:
        raise CoordinateurError(
            "Un ordinateur ne se retire pas lui-même de l'équipe : faites-le depuis un autre."
        )
    with store.read() as session:
        applied = session.scalar(select(func.max(SegmentLu.seq)).where(SegmentLu.appareil == device)) or 0
    present = releve_segments(root, device, equipe=equipe).valides
    last = max([applied, *present])
    name = equipe.nom(device)
    _renouvelle(store, root, equipe, [{"appareil": device, "dernier_seq": last}])
    _journal(store, f"Ordinateur retiré de l'équipe de partage : {name}")
    return (f"L'ordinateur « {name} » est retiré de l'équipe : ses segments après le n° {last} seront refusés "
            "partout, et la clé de l'équipe est renouvelée pour tout ce qui sera écrit désormais.")  # fmt: skip


@dataclass(frozen=True)
class LigneMembre:
    appareil: str
    nom: str
    coordinateur: str
    depuis: str
    retire: bool
    moi: bool

    def as_json(self) -> dict[str, Any]:
        return {"appareil": self.appareil, "nom": self.nom, "coordinateur": self.coordinateur,
                "depuis": self.depuis, "retire": self.retire, "moi": self.moi}  # fmt: skip


def membres(store: Store) -> list[LigneMembre]:
    equipe = charge(store)
    if equipe is None:
        return []
    lines = [LigneMembre(d, str(m.get("nom", "")), str(m.get("coordinateur", "")), str(m.get("depuis", "")), False,
                         d == equipe.appareil) for d, m in equipe.membres.items()
             if d not in equipe.retraits and "remplace_par" not in m]  # fmt: skip
    lines += [LigneMembre(d, str(r.get("nom", "")), "", str(r.get("le", "")), True, False)
              for d, r in equipe.retraits.items()]  # fmt: skip
    return sorted(lines, key=lambda line: (line.retire, not line.moi, line.nom.casefold()))


def page_invitation(invitation: Invitation, par: str) -> bytes:
    """The invitation as a printed page: the code in large type and what to do with it (no key in it)."""
    import io

    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from coordinateur.documents import pdf

    pdf.register_fonts()
    style = pdf.styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pdf.PAGE, leftMargin=pdf.MARGIN, rightMargin=pdf.MARGIN,
                            topMargin=pdf.MARGIN, bottomMargin=pdf.MARGIN, title="Invitation dans l'équipe de partage",
                            author="Coordinateur", creator="Coordinateur", subject="")  # fmt: skip
    code = style["base"].clone("code", fontName=pdf.FONT_BOLD, fontSize=28, leading=36, alignment=1)
    body = style["base"].clone("corps", fontSize=11, leading=15, spaceAfter=3 * mm)
    steps = [
        "Sur le nouvel ordinateur, ouvrez Coordinateur, choisissez le même dossier de partage, puis "
        "<b>Partage → Rejoindre l'équipe</b> et tapez ce code (tirets et majuscules facultatifs).",
        "Si le dossier de partage n'est pas encore joignable depuis le nouvel ordinateur, utilisez le fichier "
        "d'invitation remis avec cette page : il demande ce même code.",
        f"Ce code sert une seule fois, pour un seul ordinateur, jusqu'au {horodatage_fr(invitation.expire_le)}. "
        "Ne le laissez pas avec le fichier d'invitation ; détruisez cette page une fois l'ordinateur ajouté.",
        "Un ordinateur perdu ou volé se retire de l'équipe depuis n'importe quel autre : Partage → Équipe → "
        "Retirer.",
    ]
    story: list[Any] = [
        Paragraph("Invitation dans l'équipe de partage", style["titre"]),
        Paragraph(f"Émise par l'ordinateur « {_echappe(par)} »", style["sous_titre"]),
        Spacer(1, 14 * mm),
        Paragraph(invitation.code, code),
        Spacer(1, 14 * mm),
    ]
    story += [Paragraph(f"{n}. {text}", body) for n, text in enumerate(steps, start=1)]
    doc.build(story)
    return out.getvalue()


def _echappe(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)
