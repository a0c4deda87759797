"""The team brought up to date from what the folder says (`exige`, `actualise`), a layer above the team's
own module (`equipe`) and its successions (`successions`):
- the revocations not applied yet: which of them stand is decided on all those known, whatever order they
  are read in (`qui_retire`); each one applied gives this laptop the new team key sealed for it, or tells
  it that it was retired;
- the new members: a declaration its invitation admits (`_admissible`), or a claim to go on for a member
  under that member's own key (`successions`); one invited under a key since renewed, or whose invitation
  expired before this laptop read it, only when the members had admitted it: the renewal was sealed for it,
  it was retired since, an active member's read receipt names it, or a laptop so admitted goes on for it
  (`_admis_avant`: a laptop away meanwhile learns of all at once);
- the team key renewed when a laptop since retired knows it (`_renouvelle`, which `retrait.revoque` writes
  its revocation with), and the invitations this laptop wrote deleted once used.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import SealedBox
from nacl.signing import VerifyKey
from sqlalchemy import select

from coordinateur.partage import enveloppe, fichiers
from coordinateur.partage import equipe as _equipe  # `_now` and `_declare` through it: tests set them
from coordinateur.partage.elagage import dernier_lu
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.equipe import (
    DOSSIER,
    FICHIER_MAX,
    GRACE,
    Equipe,
    HorsEquipe,
    _a_prouver,
    _admet,
    _auto_signee,
    _cle_valide,
    _contenu,
    _ecrit,
    _entetes,
    _instant,
    _iso,
    _membre,
    _republie,
    _retrait_valide,
    _signe_par_membre,
    charge,
    creer,
    enregistre,
    equipes_du_dossier,
    une_ligne,
)
from coordinateur.partage.fichiers import FichierRefuse
from coordinateur.partage.models import SegmentEcrit
from coordinateur.partage.successions import _decide_successions, _successeurs
from coordinateur.store import Store
from coordinateur.text import horodatage_fr


def exige(store: Store, root: Path, alertes: list[str]) -> Equipe:
    """The team this laptop syncs with in this folder, brought up to date from the folder; the first laptop
    of an empty folder creates it. Raises HorsEquipe when this laptop may not use the folder."""
    equipe = charge(store)
    teams = equipes_du_dossier(root)
    outside = hors_dossier(equipe, teams)
    if outside:
        raise HorsEquipe(outside)
    if equipe is None:
        return creer(store, root)
    equipe = actualise(store, root, alertes, equipe)
    if equipe.hors_partage():
        raise HorsEquipe(equipe.hors_partage())
    return equipe


def hors_dossier(equipe: Equipe | None, teams: set[str]) -> str:
    """Why this laptop (its team `equipe`, or None) may not use a folder whose declarations name `teams`, in
    French; "" when it may (its team's folder, or an empty one: the first laptop creates the team)."""
    if equipe is not None and teams and equipe.id not in teams:
        return (
            "Ce dossier de partage appartient à une autre équipe que celle de cet ordinateur : demandez une "
            "invitation à un collègue de cette équipe (Partage → Équipe → Inviter un ordinateur), puis « Rejoindre "
            "l'équipe » avec son code."
        )
    if equipe is None and teams:
        return (
            "Ce dossier de partage appartient à une équipe dont cet ordinateur ne fait pas encore partie : "
            "demandez une invitation à un collègue (Partage → Équipe → Inviter un ordinateur), puis « Rejoindre "
            "l'équipe » avec son code."
        )
    return ""


def actualise(store: Store, root: Path, alertes: list[str], equipe: Equipe | None = None) -> Equipe:
    """Read the team's files of the folder: revocations and new keys, then new members (again, until
    nothing changes: a member admitted in this reading may have written a revocation); pin, save."""
    equipe = equipe or charge(store)
    if equipe is None:
        raise HorsEquipe("Cet ordinateur ne fait partie d'aucune équipe de partage.")
    before = json.dumps(equipe.as_json(), sort_keys=True)
    said_retraits: list[str] = []
    said_membres: list[str] = []
    _retraits(equipe, root, said_retraits)
    if not equipe.retire:
        _equipe._declare(root, equipe)
        _republie(root, equipe)
        for _pass in range(PASSES_MAX):
            # a revocation written by a member admitted in this very reading is applied in it too (not
            # refused as the work of an unknown laptop until the next sync), and what it changes may admit
            # or refuse a declaration: read both again until nothing changes (the others' alerts, once)
            known = json.dumps([equipe.membres, equipe.retraits], sort_keys=True)
            said_membres = []
            _nouveaux_membres(equipe, root, said_membres)
            if equipe.retire or json.dumps([equipe.membres, equipe.retraits], sort_keys=True) == known:
                break
            said_retraits = []
            _retraits(equipe, root, said_retraits)
            if equipe.retire:
                break
    if not equipe.retire:
        _arrivee(store, equipe, root, said_membres)
    alertes += said_retraits + said_membres
    if not equipe.retire:
        _efface_invitations(equipe, root)
        kid, _key, _epoch = equipe.courante()
        sealed_for = equipe.cles[kid].get("pour")
        if (
            equipe.retraits
            and (sealed_for is None or set(sealed_for) & set(equipe.retraits))
            and not equipe.hors_partage()  # a successor of a disputed succession renews nothing
        ):
            # the key to write with is known to a retired laptop (two revocations at once, each author
            # retiring the other, or one giving the key to a laptop the other retired): renew it
            _renouvelle(store, root, equipe, [])
    if json.dumps(equipe.as_json(), sort_keys=True) != before:
        enregistre(store, equipe)
    return equipe


PASSES_MAX = 4  # readings of the declarations and revocations in one `actualise` (each admits or retires)


def _retraits(equipe: Equipe, root: Path, alertes: list[str]) -> None:
    """Apply the revocations of the folder not applied yet. All are sealed with the team's first key, so
    that every member, and the retired laptop, reads them. Which of them stand does not depend on the order
    they are read in: a revocation by a laptop that another revocation retires stands too (two laptops
    retiring each other both leave the team, and the members are told)."""
    first_kid, first_key = equipe.premiere()
    found: list[tuple[dict[str, Any], bytes]] = []
    for path, header in _entetes(root, "retraits", alertes):
        kid = path.stem
        if kid in equipe.revocations or kid in equipe.refusees or header["genre"] != "retrait":
            continue
        if header["equipe"] != equipe.id:
            continue
        if header["cle"] != first_kid:
            alertes.append(f"Dossier de partage : retrait « {path.name} » refusé : il n'est pas scellé comme "
                           "l'équipe scelle ses retraits.")  # fmt: skip
            continue
        try:
            data = fichiers.lit_borne(path, FICHIER_MAX)
            content = _contenu(
                path, "retrait", equipe, _signe_par_membre(equipe), {first_kid: first_key}, data
            )
        except (EnveloppeRefusee, FichierRefuse, OSError) as exc:
            if not getattr(exc, "coupe", False):
                alertes.append(f"Dossier de partage : retrait « {path.name} » refusé : "
                               f"{getattr(exc, 'motif', None) or getattr(exc, 'message', 'illisible')}.")  # fmt: skip
            continue
        if not _retrait_valide(content, kid, header["auteur"]):
            alertes.append(f"Dossier de partage : retrait « {path.name} » refusé : mal formé.")
            continue
        found.append((content, data))
    stands = qui_retire(equipe.retraits, [content for content, _d in found])
    for content, _d in found:
        if not stands(content["par"]):
            equipe.refusees.append(content["cle"])
            alertes.append(f"Dossier de partage : retrait « {content['cle']}.cmb » refusé : signé par l'ordinateur "
                           f"« {equipe.nom(content['par'])} », lui-même retiré de l'équipe.")  # fmt: skip
    found = [(content, data) for content, data in found if content["cle"] not in equipe.refusees]
    authors_retired = {r["appareil"] for content, _d in found for r in content["retires"]} & {
        content["par"] for content, _d in found
    }
    for content, data in sorted(found, key=lambda item: (item[0]["epoque"], item[0]["cle"])):
        _applique_retrait(equipe, content)
        equipe.revocations[content["cle"]] = data.hex()
        if equipe.retire:
            return
    if authors_retired:
        names = ", ".join(sorted(equipe.nom(d) for d in authors_retired))
        alertes.append(f"Partage : des ordinateurs se sont retirés l'un l'autre de l'équipe ({names}) : tous sont "
                       "retirés. Invitez à nouveau ceux qui doivent en faire partie.")  # fmt: skip


def qui_retire(retraits: dict[str, Any], revocations: list[dict[str, Any]]) -> Callable[[str], bool]:
    """Whether a laptop's revocations stand, decided on every revocation known (those applied, `retraits`,
    and new ones): a laptop retired by another can no longer retire anyone, unless it retires that one too
    (two revocations written at the same time: both stand). Every laptop comes to the same view whatever
    order it read them in."""
    targets: dict[str, set[str]] = {}  # who retires whom
    for device, entry in retraits.items():
        targets.setdefault(str(entry.get("par", "")), set()).add(device)
    for content in revocations:
        targets.setdefault(content["par"], set()).update(r["appareil"] for r in content["retires"])

    def stands(author: str) -> bool:
        return all(
            other in targets.get(author, set()) for other, theirs in targets.items() if author in theirs
        )

    return stands


def _applique_retrait(equipe: Equipe, content: dict[str, Any]) -> None:
    by = equipe.nom(content["par"])
    for entry in content["retires"]:
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
                                       "dernier_seq": entry["dernier_seq"], "dernier_sha": entry["dernier_sha"]}  # fmt: skip
    box = content["pour"].get(equipe.appareil)
    if box is None:
        if content["par"] != equipe.appareil:
            # renewed without this laptop: it joined while the author did not know it yet
            equipe.retire = (
                f"La clé de l'équipe de partage a été renouvelée par « {by} » le {horodatage_fr(content['le'])} "
                "sans cet ordinateur (il rejoignait l'équipe au même moment) : ses modifications ne seront pas "
                "admises. Demandez une nouvelle invitation."
            )
        return
    try:
        key = SealedBox(equipe.signataire.to_curve25519_private_key()).decrypt(bytes.fromhex(box))
    except (CryptoError, ValueError):
        return
    if enveloppe.identifiant_cle(key) == content["cle"]:
        equipe.cles[content["cle"]] = {
            "cle": key.hex(),
            "epoque": content["epoque"],
            "pour": sorted(content["pour"]),
            "par": content["par"],
        }


def _nouveaux_membres(equipe: Equipe, root: Path, alertes: list[str]) -> None:
    current = equipe.courante()[0]
    found: list[set[str]] = []

    def avant() -> set[str]:  # read once, and only when a declaration is older than the current key
        if not found:
            found.append(_admis_avant(equipe, root))
        return found[0]

    declarations: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    successors: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for path, header in _entetes(root, "membres", alertes):
        device = path.name.split(".", 1)[0]  # <device>.cmb, or <device>.r<k>.cmb beside a file written over
        if device in equipe.membres or header["genre"] != "membre" or device in equipe.anciens:
            continue  # (a former id of this laptop's own, refused before it joined again: not a stranger)
        # a laptop retired before this one knew it (away meanwhile): its declaration is read as the members
        # who admitted it read it, so that its words up to its retirement are (`Equipe.dernier`)
        retired = device in equipe.retraits
        if header["equipe"] != equipe.id:
            continue  # another team's
        try:
            content = _contenu(path, "membre", equipe, _auto_signee(device))
        except EnveloppeRefusee as exc:
            if not exc.coupe:
                alertes.append(f"Dossier de partage : déclaration « {path.name} » refusée : {exc.motif}.")
            continue
        if content.get("succede") is not None and not retired:
            # whichever team key sealed it: a claim counts by its former's own signing key (`_successeurs`),
            # and one read after a retirement renewed the key must count as it does for a laptop that read
            # it before (a dispute's end must not depend on the reading order)
            successors.setdefault(device, []).append((path, content))
            continue
        if content.get("succede") is not None:
            continue  # a retired successor: its claim was decided by those who knew it
        if header["cle"] != current and device not in avant():
            alertes.append(f"Dossier de partage : l'ordinateur {device[:8]} (« {path.name} ») n'est pas admis dans "
                           "l'équipe : sa déclaration est antérieure au dernier renouvellement de la clé.")  # fmt: skip
            continue
        if isinstance(content.get("invitation"), str) and device not in equipe.membres:
            declarations.setdefault(device, []).append((path, content))
    progress = True
    while progress and declarations:  # a member admitted now may have invited another
        progress = False
        for device, candidates in sorted(declarations.items()):
            admitted = next(
                (c for _p, c in candidates if _admissible(equipe, root, device, c, avant) is None), None
            )
            if admitted is not None:
                _admet(equipe, device, admitted)
                equipe.inscriptions[admitted["invitation"]] = device
                if device in equipe.retraits:  # retired before this laptop knew it: named as it declared
                    equipe.retraits[device]["nom"] = equipe.nom(device)
                del declarations[device]
                progress = True
                break
    for device, candidates in declarations.items():
        path, content = candidates[0]
        why = _admissible(equipe, root, device, content, avant)
        alertes.append(f"Dossier de partage : l'ordinateur {_se_presentant(content)}{device[:8]} (« {path.name} ») "
                       f"n'est pas admis dans l'équipe : {why}. S'il s'agit de celui d'un collègue, invitez-le de "
                       "nouveau (Partage → Équipe → Inviter un ordinateur) : il rejoindra l'équipe avec le code.")  # fmt: skip
    _successeurs(equipe, successors, alertes)


def _se_presentant(content: dict[str, Any]) -> str:
    """« se présentant comme « Portable de Zoé » » and a space, from a declaration no member admitted: the name
    it gives itself (on one line), said as its own claim; "" when it gives none."""
    name = une_ligne(content.get("nom"))[:80]
    return f"se présentant comme « {name} », " if name else ""


def _admis_avant(equipe: Equipe, root: Path) -> set[str]:
    """The laptops the members had admitted before this laptop read them, whose declaration and invitation may
    be sealed before the current key, or expired since: the current key was sealed for them (the member who
    renewed it had admitted them), they were retired since (a member named them), an active member's newest
    read receipt names them (signed: it reads them), or a laptop so admitted goes on for them under their own
    signing key (a restored store's new id, `successions`). A laptop away meanwhile learns of all of it at
    once. One that none of these vouches for stays out (an invitation kept from a lost laptop, or used after
    it expired)."""
    current = equipe.courante()[0]
    admitted = set(equipe.cles[current].get("pour") or []) | set(equipe.retraits) | set(equipe.membres)
    keys: dict[str, set[str]] = {}  # device → the signing keys its declarations give
    claims: list[tuple[str, str, str]] = []  # (successor, former, signing key)
    for path, header in _entetes(root, "membres", []):
        device = path.name.split(".", 1)[0]
        if header["genre"] != "membre" or header["equipe"] != equipe.id:
            continue
        try:
            content = _contenu(path, "membre", equipe, _auto_signee(device))
        except EnveloppeRefusee:
            continue
        keys.setdefault(device, set()).add(str(content.get("cle")))
        if isinstance(content.get("succede"), str):
            claims.append((device, content["succede"], str(content.get("cle"))))
    # a laptop an active member says it reads: that member admitted it (this one, away past the invitation's
    # expiry, would otherwise refuse it for good)
    for member in equipe.actifs():
        admitted.update(d for d in dernier_lu(root, member, equipe) if d != member)
    grown = True
    while grown:  # a chain of restores: each one vouches for the id before it
        grown = False
        for successor, former, key in claims:
            if successor in admitted and former not in admitted and key in keys.get(former, set()):
                admitted.add(former)
                grown = True
    return admitted


def _admissible(
    equipe: Equipe, root: Path, device: str, content: dict[str, Any], avant: Callable[[], set[str]]
) -> str | None:
    """None when the declaration's invitation admits it; else why not, in French. `avant`: the laptops the
    members had admitted (`_admis_avant`), whose invitation may be older than the current key, or expired."""
    ident = content["invitation"]
    used = equipe.inscriptions.get(ident)
    if used is not None and used != device:
        return "son invitation a déjà servi à un autre ordinateur"
    path = root / DOSSIER / "inscriptions" / f"{ident}.cmb"
    try:
        inscription = _contenu(path, "inscription", equipe, _membre(equipe))
    except EnveloppeRefusee as exc:
        return f"son invitation est introuvable ou refusée ({exc.motif})"
    if (
        not isinstance(inscription, dict)
        or inscription.get("id") != ident
        or not _cle_valide(inscription.get("cle_unique"))
        or type(inscription.get("epoque")) is not int
        or _instant(inscription.get("expire_le")) is None
    ):
        return "son invitation est mal formée"
    if inscription["epoque"] != equipe.courante()[2] and device not in avant():
        return "son invitation est antérieure au dernier retrait d'un ordinateur"
    expired = _instant(inscription["expire_le"])
    if expired is not None and _equipe._now() > expired + GRACE and device not in avant():
        return "son invitation a expiré"
    try:
        VerifyKey(bytes.fromhex(inscription["cle_unique"])).verify(
            _a_prouver(equipe.id, ident, device, content["cle"]), bytes.fromhex(content["preuve"] or "")
        )
    except (CryptoError, ValueError, TypeError):
        return "sa preuve d'invitation est fausse"
    return None


ARRIVEE_REFUSEE = (
    "Votre arrivée dans l'équipe n'a pas été confirmée : aucun membre n'a lu votre déclaration avant "
    "l'expiration de l'invitation. Vos modifications ne sont pas reçues par les autres ordinateurs (celles "
    "de vos collègues continuent d'arriver). Demandez une nouvelle invitation à un membre (Partage → Équipe → "
    "Inviter un ordinateur), puis « Rejoindre l'équipe » avec son code : vos modifications repartiront."
)


def _arrivee(store: Store, equipe: Equipe, root: Path, alertes: list[str]) -> None:
    """This laptop's own declaration judged as every member judges a newcomer's (`_admissible`, with
    `_admis_avant`: no other rule, no other trust), so that a newcomer the team refuses is told. A member
    that did not read it before its invitation expired refuses it, and so does every member once the
    invitation is past its grace period, unless what they go by names it (a key renewal sealed for it, an
    active member's read receipt): then it is admitted for good and never looked at again. Refused, the
    verdict is kept (`Equipe.arrivee_refusee`: the team is then read again at every sync, as the members read
    a refused declaration again) and said in `alertes` (see `arrivee_refusee`). Only the expiry is judged here: the
    other reasons are for laptops that are not this one (a forged proof, an invitation used by another), or
    pass (an inscription the folder has not received yet)."""
    own = equipe.declaration
    if equipe.arrivee_confirmee or not isinstance(own.get("invitation"), str) or own.get("succede"):
        return
    seen = Equipe.from_json(json.loads(json.dumps(equipe.as_json())))  # the team as the members hold it
    seen.membres.pop(equipe.appareil, None)
    found: list[set[str]] = []

    def avant() -> set[str]:
        if not found:
            found.append(_admis_avant(seen, root))
        return found[0]

    why = _admissible(seen, root, equipe.appareil, own, avant)
    equipe.arrivee_refusee = ARRIVEE_REFUSEE if why == "son invitation a expiré" else ""
    equipe.arrivee_confirmee = why is None and bool(found) and equipe.appareil in found[0]
    if arrivee_refusee(store, equipe):
        alertes.append(ARRIVEE_REFUSEE)


def arrivee_refusee(store: Store, equipe: Equipe) -> str:
    """Why the members refuse this laptop's arrival (`_arrivee`), in French, once it has written a segment
    in the folder; "" otherwise. Before it writes, nothing of it goes unread, and a member that admitted it
    in time, with nothing of it to read, may simply name it in no read receipt yet: it is not told."""
    if not equipe.arrivee_refusee:
        return ""
    with store.read() as session:
        written = session.scalar(select(SegmentEcrit.seq).limit(1)) is not None
    return equipe.arrivee_refusee if written else ""


def _efface_invitations(equipe: Equipe, root: Path) -> None:
    """The invitations this laptop wrote leave the folder once used (they hold the team keys, under a code
    someone may have kept on paper)."""
    for ident, name in list(equipe.emises.items()):
        if ident not in equipe.inscriptions:
            continue
        path = root / DOSSIER / "invitations" / f"{name}.cinv"
        info = fichiers.lstat(path)
        if info is not None and fichiers.fichier_ordinaire(info):
            try:
                path.unlink()
            except OSError:
                continue
        del equipe.emises[ident]


# -- revoking ----------------------------------------------------------------------------------------


def _renouvelle(store: Store, root: Path, equipe: Equipe, retires: list[dict[str, Any]]) -> str:
    """A new team key, sealed for every remaining member, with the list of retired laptops: one file, signed,
    sealed with the team's first key (every member and the retired laptop read it)."""
    key = secrets.token_bytes(32)
    kid = enveloppe.identifiant_cle(key)
    _old, _k, epoch = equipe.courante()
    gone = {entry["appareil"] for entry in retires} | set(equipe.retraits)
    pour = {device: SealedBox(VerifyKey(bytes.fromhex(equipe.membres[device]["cle"])).to_curve25519_public_key())
            .encrypt(key).hex() for device in _destinataires(equipe, gone)}  # fmt: skip
    content = {"cle": kid, "epoque": epoch + 1, "par": equipe.appareil, "le": _iso(_equipe._now()), "retires": retires,
               "pour": pour}  # fmt: skip
    data = equipe.scelle(json.dumps(content).encode("utf-8"), "retrait", equipe.premiere()[1])
    _ecrit(root, f"{DOSSIER}/retraits/{kid}.cmb", data, equipe.appareil)
    _applique_retrait(equipe, content)
    equipe.revocations[kid] = data.hex()
    _decide_successions(equipe)  # a successor of a disputed succession may be the only one left
    enregistre(store, equipe)
    return kid


def _destinataires(equipe: Equipe, gone: set[str]) -> list[str]:
    """Whom a new team key is sealed for: the members active once `gone` are retired, and the successors of
    a succession still disputed then (the only one left once the others are retired goes on: it needs the
    key; it holds its former's signing key anyway, which the key is sealed for)."""
    after = Equipe.from_json(json.loads(json.dumps(equipe.as_json())))
    for device in gone:
        after.retraits.setdefault(device, {"par": equipe.appareil})
    _decide_successions(after)
    active = set(after.actifs())
    return sorted(
        d
        for d, m in after.membres.items()
        if d not in gone and (d in active or (after.conteste(d) and m["conteste"] not in after.retraits))
    )
