"""Invitations into the team of a shared folder (architecture §5): a member invites a new laptop without
any network between them, and the laptop joins with the invitation's code.

- `invite` writes, encrypted under a key derived by Argon2id from a 16-character code, the invitation (team
  keys, the members' keys it has pinned, the revocations) into `equipe/invitations/`, and a signed
  « inscription » (a one-time secret) for the other members.
- `rejoint` reads it (from the folder, or from the invitation file carried on a key), pins what it says,
  and writes this laptop's declaration, signed by its new key, with a proof that it holds the
  inscription's secret. A laptop the team already knows joins again under a new id (`reprise`).

The team itself (keys, members, revocations, successions) is `equipe`'s; this module stands above it.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from nacl.hash import blake2b
from nacl.signing import SigningKey

from coordinateur.errors import CoordinateurError
from coordinateur.partage import enveloppe, fichiers
from coordinateur.partage import equipe as _equipe  # `_now` and `_declare` through it: tests set them
from coordinateur.partage.actualisation import exige, qui_retire
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.equipe import (
    _APPAREIL,
    _HEX64,
    _IDENT,
    DOSSIER,
    FICHIER_MAX,
    Equipe,
    _a_prouver,
    _auto_signee,
    _cle_valide,
    _contenu,
    _ecrit,
    _entetes,
    _fin_valide,
    _instant,
    _iso,
    _journal,
    _retrait_valide,
    _signe_par_membre,
    charge,
    enregistre,
)
from coordinateur.partage.fichiers import FichierRefuse
from coordinateur.partage.reprise import pour_rejoindre
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.text import horodatage_fr

VALIDITE = timedelta(days=14)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a screen or a page
LONGUEUR_CODE = 16  # 80 bits, and Argon2id for every guess
_HEX = re.compile(r"(?:[0-9a-f]{2})+")
_KID = re.compile(r"[0-9a-f]{16}")  # a team key's id (`enveloppe.identifiant_cle`): a file name in the folder


def _normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def presente_code(code: str) -> str:
    return "-".join(code[n : n + 4] for n in range(0, len(code), 4))


def _nom_invitation(code: str) -> str:
    """The invitation's file name: derived through Argon2id too, so that checking a guessed code against
    the folder's file names costs as much as trying it on a file."""
    derived = enveloppe.cle_du_code(_normalise_code(code), b"coord-invit-nom\0")
    return blake2b(derived, digest_size=12).decode("ascii")


@dataclass(frozen=True)
class Invitation:
    code: str  # presented XXXX-XXXX-XXXX-XXXX
    fichier: bytes  # the same invitation, to carry (it still needs the code)
    expire_le: str


def invite(store: Store, root: Path) -> Invitation:
    """A new invitation, valid 14 days for one laptop. The inscription the members check carries only the
    public half of a one-time key; its private half is in the invitation, under the code: a member who
    reads the folder cannot use someone else's invitation."""
    equipe = exige(store, root, [])
    code = "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR_CODE))
    once = SigningKey.generate()
    ident, now = uuid.uuid4().hex, _equipe._now()
    _kid, _key, epoch = equipe.courante()
    inscription = {"id": ident, "cle_unique": once.verify_key.encode().hex(), "epoque": epoch,
                   "par": store.device_id, "emise_le": _iso(now), "expire_le": _iso(now + VALIDITE)}  # fmt: skip
    name = _nom_invitation(code)
    equipe.emises[ident] = name
    enregistre(store, equipe)
    _ecrit(root, f"{DOSSIER}/inscriptions/{ident}.cmb",
           equipe.scelle(json.dumps(inscription).encode("utf-8"), "inscription"), store.device_id)  # fmt: skip
    kept = ("cle", "nom", "coordinateur", "depuis", "remplace_par", "succede", "conteste", "contestee_le")
    pinned = {d: {k: v for k, v in m.items() if k in kept} for d, m in equipe.membres.items()}
    content = {"equipe": equipe.id, "cles": equipe.cles, "membres": pinned, "retraits": equipe.retraits,
               "revocations": equipe.revocations, "inscription": ident, "unique": once.encode().hex(),
               "par": store.device_id, "par_nom": store.device_name, "emise_le": _iso(now),
               "expire_le": _iso(now + VALIDITE)}  # fmt: skip
    data = enveloppe.scelle_invitation(json.dumps(content).encode("utf-8"), _normalise_code(code))
    _ecrit(root, f"{DOSSIER}/invitations/{name}.cinv", data, store.device_id)
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
                "Aucune invitation de ce code dans le dossier de partage : vérifiez le code (ou l'invitation a déjà "
                "servi, ou le dossier ne l'a pas encore reçue), ou utilisez le fichier d'invitation."
            ) from None
    try:
        content = json.loads(enveloppe.ouvre_invitation(fichier, normal))
    except EnveloppeRefusee as exc:
        raise CoordinateurError(f"Invitation refusée : {exc.motif}.") from None
    except (ValueError, RecursionError):
        raise CoordinateurError("Invitation refusée : contenu illisible.") from None
    expires = _instant(content.get("expire_le")) if isinstance(content, dict) else None
    keys = content.get("cles") if isinstance(content, dict) else None
    if (
        expires is None
        or not all(k in content for k in ("equipe", "membres", "retraits", "inscription", "unique"))
        or not isinstance(keys, dict)
        or not keys
        or not all(isinstance(e, dict) and isinstance(e.get("cle"), str) and _HEX64.fullmatch(e["cle"])
                   and type(e.get("epoque")) is int for e in keys.values())
        or not isinstance(content["membres"], dict)
        or not all(isinstance(m, dict) and _cle_valide(m.get("cle")) for m in content["membres"].values())
        or not _retraits_lisibles(content["retraits"])
        or not _revocations_lisibles(content.get("revocations", {}))
        or not isinstance(content["inscription"], str) or not _IDENT.fullmatch(content["inscription"])
        or not isinstance(content["unique"], str) or not _HEX64.fullmatch(content["unique"])
    ):  # fmt: skip
        raise CoordinateurError("Invitation refusée : contenu illisible.")
    if _equipe._now() > expires:
        raise CoordinateurError(
            f"Cette invitation a expiré le {horodatage_fr(content['expire_le'])} : demandez-en une nouvelle."
        )
    return dict(content)


def _retraits_lisibles(retraits: Any) -> bool:
    """An invitation's retired laptops as `_applique_retrait` records them: the last segment accepted from
    each (its number within what a revocation may say, its hash) decides what the joining laptop sends again
    and what every sync reads (`Equipe.dernier`)."""
    return isinstance(retraits, dict) and all(
        isinstance(device, str) and _APPAREIL.fullmatch(device) and isinstance(entry, dict)
        and _fin_valide(entry.get("dernier_seq", 0), entry.get("dernier_sha", ""))
        and all(isinstance(entry.get(k, ""), str) for k in ("par", "le", "nom"))
        for device, entry in retraits.items()
    )  # fmt: skip


def _revocations_lisibles(revocations: Any) -> bool:
    """An invitation's revocations as `Equipe.revocations` keeps them (key id → sealed file, hex): kept by the
    joining laptop and written again into `equipe/retraits/<key id>.cmb` (`_republie`), so a key id is a
    file name, never a path, and the bytes are hex."""
    return isinstance(revocations, dict) and all(
        isinstance(kid, str) and _KID.fullmatch(kid) and isinstance(data, str) and len(data) <= 2 * FICHIER_MAX
        and _HEX.fullmatch(data)
        for kid, data in revocations.items()
    )  # fmt: skip


def adhesion(content: dict[str, Any], carte: dict[str, Any]) -> tuple[Equipe, bytes]:
    """This laptop's membership from an invitation's content, and its sealed declaration for the folder.
    `carte`: appareil, nom, coordinateur, structure (the signing key is made here)."""
    device = carte["appareil"]
    equipe = Equipe(content["equipe"], device, secrets.token_bytes(32).hex(), dict(content["cles"]),
                    dict(content["membres"]), dict(content["retraits"]),
                    revocations=dict(content.get("revocations", {})))  # fmt: skip
    card = {**carte, "cle": equipe.signataire.verify_key.encode().hex(), "depuis": _iso(_equipe._now())}
    once = SigningKey(bytes.fromhex(content["unique"]))
    proof = once.sign(_a_prouver(equipe.id, content["inscription"], device, card["cle"])).signature.hex()
    equipe.declaration = {**card, "invitation": content["inscription"], "preuve": proof}
    equipe.membres[device] = {k: card[k] for k in ("cle", "nom", "coordinateur", "depuis")}
    equipe.inscriptions[content["inscription"]] = device
    return equipe, equipe.scelle(json.dumps(equipe.declaration).encode("utf-8"), "membre")


def rejoint(store: Store, root: Path | None, code: str, fichier: bytes | None = None) -> Equipe:
    """Join the team with an invitation's code (the invitation read from the folder, or from `fichier`)."""
    content = lit_invitation(root, code, fichier)
    previous = charge(store)
    # the invitation may know better: retired, or one of the successors of a disputed succession, while
    # this laptop has not read it yet (not synced since, or joining from the invitation file alone)
    left = previous is not None and (
        previous.appareil in content["retraits"]
        or "conteste" in content["membres"].get(previous.appareil, {})
        or bool(previous.arrivee_refusee)  # the members refuse its arrival: it joins again, as a new member
    )
    if previous is not None and previous.id == content["equipe"] and not previous.hors_partage() and not left:
        raise CoordinateurError("Cet ordinateur fait déjà partie de cette équipe.")
    if root is not None and _deja_utilisee(root, content):
        raise CoordinateurError(
            "Cette invitation a déjà servi à un autre ordinateur : demandez-en une nouvelle (une invitation ne sert "
            "qu'une fois)."
        )
    former = store.device_id
    same = previous if previous is not None and previous.id == content["equipe"] else None
    if same is not None or former in content["membres"] or former in content["retraits"]:
        # known to the team, or to some of its members (its declaration read by some before it was left out)
        _reprend_sous_un_nouvel_identifiant(store, root, content, same)
    settings = load_settings(store)
    equipe, _declaration = adhesion(content, {"appareil": store.device_id, "nom": store.device_name,
                                              "coordinateur": settings.coordinateur_nom,
                                              "structure": settings.structure_nom})  # fmt: skip
    if store.device_id != former:
        equipe.anciens = [*(same.anciens if same is not None else []), former]
    enregistre(store, equipe)  # kept first: written into the folder now, or at the first sync
    if root is not None:
        _equipe._declare(root, equipe)
    again = f", sous un nouvel identifiant (ancien : {former[:8]})" if store.device_id != former else ""
    _journal(
        store, f"Équipe de partage rejointe (invitation de {str(content.get('par_nom', ''))[:200]}){again}"
    )
    return equipe


def _reprend_sous_un_nouvel_identifiant(
    store: Store, root: Path | None, content: dict[str, Any], same: Equipe | None
) -> None:
    """The team already knows this laptop's id: retired from it (by mistake, or found again), left out of a
    key renewal while it joined, one of the successors of a disputed succession, or a copy of a member's
    install. A new invitation is a member's decision to admit this laptop again: it joins as a new member
    under a new id, its former id keeps its place (retired, or as it stands). What colleagues did not
    accept from the former id goes out again under the new one: after its retirement (the last segment
    accepted, as the signed revocations say: `_fins_signees`), everything from a disputed successor (its
    stream is no longer read).
    Its former signing key is never used again. `same`: this laptop's former view of this team, if any.
    """
    former = store.device_id
    retired = content["retraits"].get(former)
    disputed = isinstance(content["membres"].get(former), dict) and "conteste" in content["membres"][former]
    accepted: int | None = None
    if isinstance(retired, dict):
        # its shape checked by `lit_invitation`; a member's infected laptop may still say that more was
        # accepted than the signed revocation the others apply says: the least of them, so nothing is lost
        # (what is sent again that was accepted changes no value). A retirement no signed revocation names
        # (the invitation carries none, the folder's was deleted) is not relied on at all.
        signed = _fins_signees(root, content, former)
        accepted = min([int(retired.get("dernier_seq", 0)), *signed]) if signed else 0
    elif disputed or (same is not None and (same.retire or same.arrivee_refusee)):
        accepted = 0  # nothing can be relied on (the inviter had not read this laptop's retirement yet)
    pour_rejoindre(store, root, same, accepted)


def _fins_signees(root: Path | None, content: dict[str, Any], device: str) -> list[int]:
    """The last segment of `device` accepted, as each revocation that stands says it (signed by a member
    the invitation names, not itself retired): those in the folder, and those the invitation carries (their
    signed bytes, their shape checked by `lit_invitation`)."""
    team = Equipe(content["equipe"], "", "00" * 32, dict(content["cles"]), dict(content["membres"]))
    first = dict([team.premiere()])
    blobs: list[tuple[Path, bytes | None]] = []
    if root is not None:
        blobs += [(path, None) for path, header in _entetes(root, "retraits", []) if header["cle"] in first]
    blobs += [
        (Path(f"{kid}.cmb"), bytes.fromhex(data)) for kid, data in content.get("revocations", {}).items()
    ]
    found: list[dict[str, Any]] = []
    for path, data in blobs:
        try:
            data = data if data is not None else fichiers.lit_borne(path, FICHIER_MAX)
            revocation = _contenu(path, "retrait", team, _signe_par_membre(team), first, data)
            author = enveloppe.entete(data)["auteur"]  # a revocation's header: checked by `_contenu`
        except (EnveloppeRefusee, FichierRefuse, OSError):
            continue
        if _retrait_valide(revocation, path.stem, author):
            found.append(revocation)
    # as the members decide: a laptop retired by another (a stolen one that kept the team's keys) no longer
    # retires anyone; its revocation, refused by every member, would make this laptop send again what was
    # accepted (recorded as conflicts by colleagues who edited since)
    stands = qui_retire(content["retraits"], found)
    return [r["dernier_seq"] for revocation in found if stands(revocation["par"])
            for r in revocation["retires"] if r["appareil"] == device]  # fmt: skip


def _deja_utilisee(root: Path, content: dict[str, Any]) -> bool:
    """Another laptop's declaration in the folder already claims this invitation."""
    team = Equipe(content["equipe"], "", "00" * 32, dict(content["cles"]))
    for path, header in _entetes(root, "membres", []):
        if header["genre"] != "membre" or header["equipe"] != team.id:
            continue
        try:
            claim = _contenu(path, "membre", team, _auto_signee(path.stem))
        except EnveloppeRefusee:
            continue
        if claim.get("invitation") == content["inscription"]:
            return True
    return False


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
        "<b>Partage → Équipe → Rejoindre l'équipe</b> et tapez ce code (tirets et majuscules facultatifs).",
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
