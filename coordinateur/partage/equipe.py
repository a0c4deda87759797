"""The team of a shared folder: who may write there, with which keys (architecture §5).

- The first laptop creates the team: a random team key (epoch 1) and, for each laptop, its own Ed25519
  signing key. Everything the team writes in the folder is sealed by `enveloppe` (encrypted with the
  team key, signed by its author).
- A member invites a new laptop without any network between them (`invitations`, above this module): the
  new laptop writes its own declaration, signed by its new key, with a proof that it holds the
  invitation's one-time secret. Every member then pins that key on first sight.
- Any member revokes a lost laptop (`retrait`, above this module, with the members' list): a new team key,
  sealed (libsodium sealed box) for each remaining member's key, and the revoked laptop's last accepted
  segment number, in one signed file of `equipe/retraits/`. Its later segments are refused everywhere; it
  can still read the file that retires it (sealed with the key it had), so it is told why. Keys of earlier
  epochs are kept: everything written before stays readable by members.
Keys of members are pinned: a member's key never changes; a declaration under a known laptop's id with
another key is refused. This module holds the team as this laptop keeps it and the team's files in the
folder; above it, `successions` decides who goes on for whom, `actualisation` reads what the folder says
of the team (`exige`, `actualise`), and `retrait` retires a laptop.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.signing import SigningKey, VerifyKey

from coordinateur.errors import EXIT_SHARE_UNAVAILABLE, CoordinateurError
from coordinateur.partage import enveloppe, fichiers
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.fichiers import KO, FichierRefuse
from coordinateur.partage.models import EquipeLocale
from coordinateur.settings import load_settings
from coordinateur.store import Store

DOSSIER = "equipe"
FICHIER_MAX = 256 * KO  # a declaration, an inscription, an invitation, a revocation


class HorsEquipe(CoordinateurError):
    """This laptop may not use the folder: not in its team, or retired from it (exit code 4)."""

    exit_code = EXIT_SHARE_UNAVAILABLE


GRACE = timedelta(days=14)  # a declaration is admitted up to 14 days after its invitation expired
FICHIERS_MAX = 2000  # team files looked at per folder and sync (more are named in a warning)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_APPAREIL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_IDENT = re.compile(r"[0-9a-f]{32}")


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _instant(value: Any) -> datetime | None:
    """An ISO instant with its time zone, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _cle_valide(value: Any) -> bool:
    """A hex Ed25519 verify key that is a point of the curve (a garbage key pinned would break revoking)."""
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        return False
    try:
        VerifyKey(bytes.fromhex(value)).to_curve25519_public_key()
    except (CryptoError, ValueError):
        return False
    return True


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
    retraits: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # device → {par, le, nom, dernier_seq/sha}
    retire: str = ""  # why this laptop was retired ("" while a member)
    declaration: dict[str, Any] = field(default_factory=dict)  # this laptop's own, sealed when written
    revocations: dict[str, str] = field(
        default_factory=dict
    )  # applied revocations: key id → sealed file (hex)
    inscriptions: dict[str, str] = field(default_factory=dict)  # invitation used → the laptop it admitted
    emises: dict[str, str] = field(default_factory=dict)  # invitations this laptop wrote → their file's name
    refusees: list[str] = field(default_factory=list)  # revocations refused (signed by a retired laptop)
    anciens: list[str] = field(default_factory=list)  # this laptop's former ids in this team (`rejoint`)
    # this laptop's own arrival as the members judge it (`actualisation._arrivee`): admitted for good once
    # what the members go by names it; why they refuse it, in French, while they do ("" otherwise)
    arrivee_confirmee: bool = False
    arrivee_refusee: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "appareil": self.appareil, "signature": self.signature, "cles": self.cles,
                "membres": self.membres, "retraits": self.retraits, "retire": self.retire,
                "declaration": self.declaration, "revocations": self.revocations,
                "inscriptions": self.inscriptions, "emises": self.emises, "refusees": self.refusees,
                "anciens": self.anciens, "arrivee_confirmee": self.arrivee_confirmee,
                "arrivee_refusee": self.arrivee_refusee}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Equipe:
        return cls(data["id"], data["appareil"], data["signature"], dict(data.get("cles", {})),
                   dict(data.get("membres", {})), dict(data.get("retraits", {})), data.get("retire", ""),
                   dict(data.get("declaration", {})), dict(data.get("revocations", {})),
                   dict(data.get("inscriptions", {})), dict(data.get("emises", {})),
                   list(data.get("refusees", [])), list(data.get("anciens", [])),
                   bool(data.get("arrivee_confirmee", False)), str(data.get("arrivee_refusee", "")))  # fmt: skip

    @property
    def signataire(self) -> SigningKey:
        return SigningKey(bytes.fromhex(self.signature))

    def trousseau(self) -> dict[str, bytes]:
        return {kid: bytes.fromhex(entry["cle"]) for kid, entry in self.cles.items()}

    def courante(self) -> tuple[str, bytes, int]:
        """The key to write with: the newest, leaving out keys made by a laptop since retired (it knows them)."""
        usable = {k: e for k, e in self.cles.items() if e.get("par") not in self.retraits} or self.cles
        kid, entry = max(usable.items(), key=lambda item: (item[1]["epoque"], item[0]))
        return kid, bytes.fromhex(entry["cle"]), int(entry["epoque"])

    def premiere(self) -> tuple[str, bytes]:
        """The team's first key: every member, present or past, holds it (revocations are sealed with it)."""
        kid, entry = min(self.cles.items(), key=lambda item: (item[1]["epoque"], item[0]))
        return kid, bytes.fromhex(entry["cle"])

    def scelle(self, contenu: bytes, genre: str, cle: bytes | None = None) -> bytes:
        key = cle if cle is not None else self.courante()[1]
        return enveloppe.scelle(
            contenu, genre=genre, equipe=self.id, cle=key, auteur=self.appareil, signataire=self.signataire
        )

    def cle_de(self, device: str) -> VerifyKey | None:
        member = self.membres.get(device)
        return VerifyKey(bytes.fromhex(member["cle"])) if member else None

    def nom(self, device: str) -> str:
        """A member's name as it declared it, fit for one line of a French message (`une_ligne`), at most 80
        characters."""
        member = self.membres.get(device) or self.retraits.get(device) or {}
        return une_ligne(member.get("nom"))[:80] or device[:8]

    def actifs(self) -> list[str]:
        """The members that write and read: neither retired, nor gone on under a new id (`remplace_par`), nor
        one of the successors of a disputed succession (`conteste`, see `successions._successeurs`)."""
        return [d for d, m in self.membres.items()
                if d not in self.retraits and "remplace_par" not in m and "conteste" not in m]  # fmt: skip

    def conteste(self, device: str) -> bool:
        """Whether `device` is known here as one of the successors of a disputed succession: kept among the
        members (its key, and the clocks of what was received from it, stay known) but no longer active, its
        stream no longer read, its snapshots no longer taken."""
        return "conteste" in self.membres.get(device, {})

    def hors_partage(self) -> str:
        """Why this laptop does not share now, in French ("" while it does): retired from the team (`retire`,
        for good), or one of the successors of a disputed succession (`conteste`, decided at each reading of
        the team: it shares again by itself once the others are retired, see `successions._successeurs`)."""
        if self.retire:
            return self.retire
        root = self.membres.get(self.appareil, {}).get("conteste")
        return _dit_conteste(self, root) if isinstance(root, str) else ""

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

    def dernier(self, device: str) -> tuple[int, str] | None:
        """For a retired laptop, its last segment still accepted (seq, SHA-256 of its content); None for a
        member."""
        entry = self.retraits.get(device)
        return (
            (int(entry.get("dernier_seq", 0)), str(entry.get("dernier_sha", "")))
            if entry is not None
            else None
        )


def une_ligne(value: Any) -> str:
    """A name another laptop wrote, fit for one line: without control or format characters (a line break, a
    right-to-left override), its spaces collapsed; "" when it is not text."""
    if not isinstance(value, str):
        return ""
    return " ".join("".join(c if unicodedata.category(c)[0] not in "CZ" else " " for c in value).split())


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


def _ecrit(root: Path, relative: str, data: bytes, device: str) -> Path:
    from coordinateur.partage.dossier import ecrit_une_fois

    final = root / relative
    ecrit_une_fois(final, data, root / "appareils" / device / ".tmp", root=root)
    return final


def _declare(root: Path, equipe: Equipe) -> None:
    """This laptop's declaration in the folder, when it is not there yet (joined from a carried invitation
    file, a crash right after joining, or a new folder for the same team), sealed with the current key.
    When its file holds another declaration (written over by someone else), its own goes beside it under
    `<device>.r<k>.cmb`: write-once, nothing is overwritten."""
    if not equipe.declaration:
        return
    folder = root / DOSSIER / "membres"
    mine = equipe.declaration["cle"]
    names = [f"{equipe.appareil}.cmb"] + [f"{equipe.appareil}.r{k}.cmb" for k in range(1, 10)]
    for name in names:
        if not fichiers.existe(folder / name):
            try:
                _ecrit(root, f"{DOSSIER}/membres/{name}",
                       equipe.scelle(json.dumps(equipe.declaration).encode("utf-8"), "membre"), equipe.appareil)  # fmt: skip
            except FileExistsError:
                continue
            return
        try:
            if _contenu(folder / name, "membre", equipe, _auto_signee(equipe.appareil)).get("cle") == mine:
                return
        except EnveloppeRefusee as exc:
            if exc.coupe:
                return  # still arriving


def _republie(root: Path, equipe: Equipe) -> None:
    """The revocations this laptop applied are written again where they went missing (a stolen laptop that
    keeps its access to the share must not be able to hide its own retirement by deleting the file)."""
    for kid, data in equipe.revocations.items():
        if not fichiers.existe(root / DOSSIER / "retraits" / f"{kid}.cmb"):
            try:
                _ecrit(root, f"{DOSSIER}/retraits/{kid}.cmb", bytes.fromhex(data), equipe.appareil)
            except FileExistsError:
                pass


# -- the folder's team -------------------------------------------------------------------------------


def _entetes(root: Path, sub: str, alertes: list[str]) -> list[tuple[Path, dict[str, Any]]]:
    """The team files of `equipe/<sub>` with their clear header, read alone (at most `FICHIERS_MAX` files:
    whoever can write to the folder could plant thousands)."""
    found: list[tuple[Path, dict[str, Any]]] = []
    entries = [(p, e) for p, e in fichiers.entrees(root / DOSSIER / sub) if not p.name.endswith(".tmp")]
    if len(entries) > FICHIERS_MAX:
        alertes.append(f"Dossier de partage : « {root / DOSSIER / sub} » contient {len(entries)} fichiers ; seuls "
                       f"les {FICHIERS_MAX} premiers sont lus.")  # fmt: skip
    for path, entry in entries[:FICHIERS_MAX]:
        if not fichiers.fichier_ordinaire(entry):
            alertes.append(str(fichiers.refuse(path, entry)))
            continue
        if entry.st_size > FICHIER_MAX:
            alertes.append(str(fichiers.trop_gros(path, entry.st_size, FICHIER_MAX)))
            continue
        try:
            found.append((path, enveloppe.entete(fichiers.lit_borne(path, enveloppe.ENTETE_MAX, debut=True))))
        except FichierRefuse as exc:
            alertes.append(exc.message)
        except (OSError, EnveloppeRefusee):
            continue
    return found


def _contenu(
    path: Path,
    genre: str,
    equipe: Equipe,
    verifieur: Any,
    cles: dict[str, bytes] | None = None,
    data: bytes | None = None,
) -> Any:
    """The decoded JSON content of a team file (read here unless its bytes are given), signed as `verifieur`
    wants; EnveloppeRefusee otherwise."""
    try:
        data = data if data is not None else fichiers.lit_borne(path, FICHIER_MAX)
    except (FichierRefuse, OSError) as exc:
        raise EnveloppeRefusee(getattr(exc, "message", "illisible")) from None
    _header, raw = enveloppe.ouvre(data, genre=genre, equipe=equipe.id, cles=cles or equipe.trousseau(),
                                   verifieur=verifieur)  # fmt: skip
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise EnveloppeRefusee("contenu illisible (ce n'est pas du JSON)") from None


def equipes_du_dossier(root: Path) -> set[str]:
    """The team ids the folder's declarations name (their clear header); empty when it has no team yet."""
    found = set()
    for path, header in _entetes(root, "membres", []):
        try:
            whole = header["genre"] == "membre" and enveloppe.structure_valide(
                fichiers.lit_borne(path, FICHIER_MAX)
            )
        except (FichierRefuse, OSError):
            continue
        if whole:  # a header line planted alone does not make a team
            found.add(str(header["equipe"]))
    return found


def creer(store: Store, root: Path, *, force: bool = False) -> Equipe:
    """Create the team of a shared folder, this laptop its first member (`force`: even when the folder
    shows declarations of another team, which anyone can plant there)."""
    if charge(store) is not None:
        raise CoordinateurError(
            "Cet ordinateur fait déjà partie d'une équipe de partage : pour en changer, rejoignez l'autre "
            "équipe avec une invitation."
        )
    if not force and equipes_du_dossier(root):
        raise HorsEquipe(
            "Ce dossier de partage a déjà son équipe : demandez une invitation à un collègue qui en fait partie "
            "(Partage → Équipe → Inviter un ordinateur), puis « Rejoindre l'équipe »."
        )
    key = secrets.token_bytes(32)
    equipe = Equipe(uuid.uuid4().hex, store.device_id, secrets.token_bytes(32).hex())
    equipe.cles[enveloppe.identifiant_cle(key)] = {"cle": key.hex(), "epoque": 1, "pour": None}
    card = _carte_membre(store, equipe)
    equipe.declaration = {**card, "invitation": None, "preuve": None}
    equipe.membres[store.device_id] = {k: card[k] for k in ("cle", "nom", "coordinateur", "depuis")}
    enregistre(store, equipe)  # kept first: a crash before the folder's file is written loses nothing
    _declare(root, equipe)
    _journal(store, "Équipe de partage créée")
    return equipe


def _a_prouver(equipe_id: str, inscription: str, device: str, cle: str) -> bytes:
    return f"coordinateur-adhesion:{equipe_id}:{inscription}:{device}:{cle}".encode("ascii")


# -- who signs the team's files, and their shapes ----------------------------------------------------


def _membre(equipe: Equipe) -> Any:
    def verifieur(auteur: str, _contenu: bytes) -> VerifyKey | str:
        if auteur in equipe.retraits:
            return f"signé par l'ordinateur retiré {equipe.nom(auteur)}"
        key = equipe.cle_de(auteur)
        return key if key is not None else f"l'ordinateur {auteur[:8]} ne fait pas partie de l'équipe"

    return verifieur


def _auto_signee(device: str) -> Any:
    """A declaration is signed by the key it declares, under its own file's name."""

    def verifieur(auteur: str, contenu: bytes) -> VerifyKey | str:
        if len(contenu) > FICHIER_MAX:
            return "déclaration trop grande"
        try:
            content = json.loads(contenu)
        except (ValueError, RecursionError):
            return "déclaration mal formée"
        if auteur != device or not isinstance(content, dict) or content.get("appareil") != device:
            return "déclaration d'un ordinateur sous le nom d'un autre"
        if not _declaration_valide(content, device):
            return "déclaration mal formée"
        return VerifyKey(bytes.fromhex(content["cle"]))

    return verifieur


def _fin_valide(seq: Any, sha: Any) -> bool:
    """A retired laptop's last accepted segment, as a revocation names it: its number, its content's hash
    (empty when none was accepted)."""
    return (
        type(seq) is int
        and 0 <= seq < 10**8
        and isinstance(sha, str)
        and (sha == "" or bool(_HEX64.fullmatch(sha)))
    )


def _retrait_valide(content: Any, kid: str, auteur: str) -> bool:
    """A revocation has exactly the shape this version writes (a member's infected laptop signs anything)."""
    if not isinstance(content, dict) or set(content) != {"cle", "epoque", "par", "le", "retires", "pour"}:
        return False
    retires, pour = content["retires"], content["pour"]
    return (
        content["cle"] == kid
        and content["par"] == auteur
        and type(content["epoque"]) is int
        and 2 <= content["epoque"] < 10**6
        and _instant(content["le"]) is not None
        and isinstance(retires, list)
        and len(retires) <= 100
        and all(isinstance(r, dict) and set(r) == {"appareil", "dernier_seq", "dernier_sha"}
                and isinstance(r["appareil"], str) and _APPAREIL.fullmatch(r["appareil"])
                and _fin_valide(r["dernier_seq"], r["dernier_sha"])
                for r in retires)
        and isinstance(pour, dict)
        and len(pour) <= 1000
        and all(isinstance(d, str) and _APPAREIL.fullmatch(d) and isinstance(b, str) and len(b) <= 400
                for d, b in pour.items())
    )  # fmt: skip


def _declaration_valide(content: Any, device: str) -> bool:
    if not isinstance(content, dict) or content.get("appareil") != device:
        return False
    texts = ("nom", "coordinateur", "structure", "depuis")
    return (
        _cle_valide(content.get("cle"))
        and all(isinstance(content.get(k, ""), str) and len(content.get(k, "")) <= 200 for k in texts)
        and (content.get("invitation") is None or (isinstance(content["invitation"], str)
                                                    and bool(_IDENT.fullmatch(content["invitation"]))))
        and (content.get("preuve") is None or (isinstance(content["preuve"], str) and len(content["preuve"]) == 128))
        and (content.get("succede") is None or (isinstance(content["succede"], str)
                                                 and bool(_APPAREIL.fullmatch(content["succede"]))))
    )  # fmt: skip


def _signe_par_membre(equipe: Equipe) -> Any:
    """A revocation is signed by a member pinned here (retired or not: see `actualisation._retraits`)."""

    def verifieur(auteur: str, _contenu: bytes) -> VerifyKey | str:
        key = equipe.cle_de(auteur)
        return key if key is not None else f"l'ordinateur {auteur[:8]} ne fait pas partie de l'équipe"

    return verifieur


# -- members: a disputed succession in words, a declaration admitted ---------------------------------


def _dit_conteste(equipe: Equipe, root: str) -> str:
    """Why this laptop, a successor of a disputed succession (or of a retired laptop), no longer shares, and
    what to do: one paragraph in French (see `Equipe.hors_partage`)."""
    if root in equipe.retraits:
        return (
            f"Cet ordinateur continue dans l'équipe de partage l'ordinateur « {equipe.nom(root)} » ({root[:8]}), "
            "qui en a été retiré : ses nouvelles modifications ne sont plus reçues par les autres ordinateurs ; "
            "ce qu'ils en ont déjà reçu est gardé. S'il doit partager à nouveau, demandez une nouvelle invitation "
            "à un autre ordinateur de l'équipe : il y reviendra sous un nouvel identifiant, avec ce qu'il a écrit."
        )
    others = [d for d in _successeurs_de(equipe, root) if d != equipe.appareil]
    return (
        f"La suite de cet ordinateur dans l'équipe de partage est contestée : {_liste(equipe, others)} "
        f"{'se déclare' if len(others) <= 1 else 'se déclarent'} aussi la suite de l'ordinateur "
        f"« {equipe.nom(root)} » (une même sauvegarde restaurée sur deux ordinateurs, une base copiée, ou un "
        "ordinateur inconnu muni de sa clé). Tant que cela dure, ses nouvelles modifications ne sont plus "
        "reçues par les autres ordinateurs ; ce qu'ils en ont déjà reçu est gardé. Pour en sortir, depuis un "
        "autre ordinateur de l'équipe (Partage → Équipe → Retirer), retirez de l'équipe celui qui ne doit pas "
        "continuer : si c'est l'autre, cet ordinateur reprend le partage de lui-même à la synchronisation "
        "suivante, avec les modifications faites entre-temps ; si c'est celui-ci, il reste hors de l'équipe "
        "(une nouvelle invitation l'y ferait revenir sous un nouvel identifiant, avec ce qu'il a écrit)."
    )


def _successeurs_de(equipe: Equipe, former: str) -> list[str]:
    """The successors of `former` that count: declared, and not retired."""
    return sorted(
        d
        for d, m in equipe.membres.items()
        if m.get("succede") == former and d != former and d not in equipe.retraits
    )


def _liste(equipe: Equipe, devices: list[str]) -> str:
    """Computers named for one line of a French message: at most three, with the start of their id (the
    successors of one store share its name)."""
    named = [f"« {equipe.nom(d)} » ({d[:8]})" for d in devices[:3]]
    if len(devices) > 3:
        named.append(f"{len(devices) - 3} autres")
    if not named:
        return "un autre ordinateur"
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} et {named[-1]}"


def _admet(equipe: Equipe, device: str, content: dict[str, Any]) -> None:
    equipe.membres[device] = {"cle": content["cle"], "nom": str(content.get("nom", ""))[:200],
                              "coordinateur": str(content.get("coordinateur", ""))[:200],
                              "depuis": str(content.get("depuis", ""))[:32]}  # fmt: skip
