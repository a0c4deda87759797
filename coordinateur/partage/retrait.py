"""Retiring a laptop from the team (Partage → Équipe → Retirer, `partage equipe revoque`), and the members'
list it is chosen from (`partage equipe membres`): a layer above the team (`equipe`) and its reading
(`actualisation`), whose `_renouvelle` writes the new team key that retires the laptop, sealed for the
members left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from coordinateur.errors import CoordinateurError
from coordinateur.partage.actualisation import _renouvelle, exige
from coordinateur.partage.equipe import Equipe, _journal, charge
from coordinateur.partage.models import AppareilVu, SegmentLu
from coordinateur.settings import load_settings
from coordinateur.store import Store


def revoque(store: Store, root: Path, device: str) -> str:
    """Retire a (lost) laptop from the team; returns what was done, in French."""
    from coordinateur.partage.dossier import releve_segments

    alertes: list[str] = []
    equipe = exige(store, root, alertes)
    if device in equipe.retraits:
        raise CoordinateurError("Cet ordinateur est déjà retiré de l'équipe.")
    candidates = [d for d in equipe.membres if d in equipe.actifs() or _retirable_conteste(equipe, d)]
    matches = [d for d in candidates if d == device or (len(device) >= 8 and d.startswith(device))]
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
        last, sha = SegmentLu.dernier(session, device)
    present = releve_segments(root, device, depuis=last, equipe=equipe).valides
    while last + 1 in present and len({c.sha256 for c in present[last + 1]}) == 1:
        copy = present[last + 1][0]
        if sha and copy.previous != sha:
            break
        last, sha = copy.seq, copy.sha256
    name = equipe.nom(device)
    _renouvelle(store, root, equipe, [{"appareil": device, "dernier_seq": last, "dernier_sha": sha}])
    _journal(store, f"Ordinateur retiré de l'équipe de partage : {name}")
    return (f"L'ordinateur « {name} » est retiré de l'équipe : ce qu'il a envoyé jusqu'ici est gardé, ce qu'il "
            "écrirait désormais sera refusé par tous, et la clé de l'équipe est renouvelée pour tout ce qui sera "
            "écrit ensuite.")  # fmt: skip


def _retirable_conteste(equipe: Equipe, device: str) -> bool:
    """A successor of a disputed succession, not retired: listed on the Partage screen so that the coordinator
    retires the ones that must not continue."""
    return equipe.conteste(device) and device not in equipe.retraits


@dataclass(frozen=True)
class LigneMembre:
    appareil: str
    nom: str
    coordinateur: str
    depuis: str
    retire: bool
    moi: bool
    conteste: bool = False  # a successor of a disputed succession: not active, may be retired
    # a former id of this laptop, still a member: it joined again under a new id (restored from before it
    # joined, left out of a key renewal); only a coordinator knows that no other computer goes on under it
    ancien: bool = False

    @property
    def etat(self) -> str:
        """What the list says of it, in French."""
        if self.retire:
            return "retiré"
        if self.conteste:
            return "suite contestée"
        if self.moi:
            return "cet ordinateur"
        return "ancienne place de cet ordinateur" if self.ancien else "membre"

    def as_json(self) -> dict[str, Any]:
        return {"appareil": self.appareil, "nom": self.nom, "coordinateur": self.coordinateur,
                "depuis": self.depuis, "retire": self.retire, "moi": self.moi, "conteste": self.conteste,
                "ancien": self.ancien, "etat": self.etat}  # fmt: skip


def membres(store: Store) -> list[LigneMembre]:
    """The team as this laptop holds it, one line a member, under its names as they are now: this laptop's
    own, and a colleague's from its device card, written again when it was renamed (its declaration in the
    folder, written once, gives them until its card is read)."""
    equipe = charge(store)
    if equipe is None:
        return []
    active = set(equipe.actifs())
    with store.read() as session:
        cards = {r.appareil: (r.nom, r.coordinateur) for r in session.scalars(select(AppareilVu))}
    cards[equipe.appareil] = (store.device_name, load_settings(store).coordinateur_nom)

    def noms(d: str, m: dict[str, Any]) -> tuple[str, str]:
        nom, coordinateur = cards.get(d, ("", ""))
        return nom or str(m.get("nom", "")), coordinateur or str(m.get("coordinateur", ""))

    def depuis(d: str) -> str:
        """Since when the laptop is a member: a restored or copied store goes on for its former id (`succede`),
        a member since the first of them."""
        seen, dates = {d}, [str(equipe.membres.get(d, {}).get("depuis", ""))]
        former = equipe.membres.get(d, {}).get("succede")
        while isinstance(former, str) and former not in seen and former in equipe.membres:
            seen.add(former)
            dates.append(str(equipe.membres[former].get("depuis", "")))
            former = equipe.membres[former].get("succede")
        return min((x for x in dates if x), default="")

    lines = [LigneMembre(d, *noms(d, m), depuis(d), False,
                         d == equipe.appareil, d not in active, d in equipe.anciens and d != equipe.appareil)
             for d, m in equipe.membres.items() if d in active or _retirable_conteste(equipe, d)]  # fmt: skip
    lines += [LigneMembre(d, str(r.get("nom", "")), str(equipe.membres.get(d, {}).get("coordinateur", "")),
                          str(r.get("le", "")), True, False)
              for d, r in equipe.retraits.items()]  # fmt: skip
    return sorted(lines, key=lambda line: (line.retire, not line.moi, line.nom.casefold()))
