"""Successions in the team (issue 17): a store restored from a backup or copied to another computer goes
on under a new device id, declared with its former id's own signing key (`succede`); the members record
such claims and decide every succession from the set of claims and of retirements known, whatever order
they were read in (`_successeurs`, `_decide_successions`), and say the disputed ones (`_dit_contestees`).

A layer above the team's own module (`equipe`, which keeps what a laptop says of its own disputed
succession, `Equipe.hors_partage`), below the team's reading (`actualisation`), which calls it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coordinateur.partage import equipe as _equipe  # `_now` and `_declare` through it: tests set them
from coordinateur.partage.equipe import (
    GRACE,
    Equipe,
    _admet,
    _carte_membre,
    _instant,
    _iso,
    _liste,
    _successeurs_de,
    enregistre,
)
from coordinateur.store import Store


def _successeurs(
    equipe: Equipe, claims: dict[str, list[tuple[Path, dict[str, Any]]]], alertes: list[str]
) -> None:
    """Record the devices declaring they succeed a member with its own signing key (a restored or copied
    store goes on under a new id), then decide every succession from the set of successors known, whatever
    order they were read in.

    A device has at most one successor. One claim of it is admitted: the successor is active, the former one
    `remplace_par` it. Two claims or more make a disputed succession: none of them is admitted, and neither
    are their own successors, for good on every laptop that has seen them (a laptop that had admitted the
    first one it read withdraws it when the second arrives). Deciding by the claims' order cannot converge: a
    laptop reading one claim alone must admit it, one reading two at once cannot know which came first (the
    claim's `depuis` is signed by its claimant, who may backdate it, and a sync tool may bring the earlier one
    late). Deciding by the set of claims does, once every laptop has seen them all. The former device is then
    an active member again, as it was before (nobody continues it). A successor withdrawn stays among the
    `membres`, marked `conteste`: its key and the clocks of what was received from it stay known (a
    colleague's snapshot covering its segments is not refused), what was received stays, but its stream is no
    longer read and its snapshots are no longer taken. A laptop holding a member's key can thus no longer mint
    a second active successor of it: it can only make the succession disputed, which the coordinator is told.
    Two computers restored at the same time from the same backup dispute it the same way (a store restored
    after another one's claim reached it succeeds that one, the chain's tail: `succede`), and what the
    colleagues received of both stays.

    The remedy is a retirement: a successor retired from the team (`revoque`, from another computer: the
    Partage screen lists the disputed ones) no longer counts, nor do its own successors (not active: their
    chain ends with a retired laptop). When one successor is left, it is the successor again, on every laptop
    that has seen the claims and the retirements, whatever order it read them in: active, its stream read
    from where each laptop stands; on its own laptop the dispute was never a retirement (`Equipe.hors_partage`
    derives it from the members), so it shares again by itself at its next sync. The retirement seals the new
    team key for the disputed successors too (`_destinataires`). The retired one's records received before
    are carried as any retired member's (`rattrapage.porteurs`).

    A claim is recorded only for a member not retired, under that member's own key, one per device (another
    file beside it may hold a forged one); other claims are not looked at (a retired laptop's key cannot mint
    successors)."""
    for former, member in list(equipe.membres.items()):  # successions admitted by an earlier version
        later = member.get("remplace_par")
        if isinstance(later, str) and later in equipe.membres and later != former:
            equipe.membres[later].setdefault("succede", former)
    pending = dict(claims)
    recorded = True
    while recorded:  # a device recorded now may itself be succeeded (a store restored twice)
        recorded = False
        for device, candidates in sorted(pending.items()):
            for _path, content in sorted(candidates, key=lambda c: c[0].name):
                former = content["succede"]
                known = equipe.membres.get(former)
                if known is not None and former not in equipe.retraits and known["cle"] == content["cle"]:
                    _admet(equipe, device, content)  # the same laptop's key: a restored or copied store
                    equipe.membres[device]["succede"] = former
                    del pending[device]
                    recorded = True
                    break
    _decide_successions(equipe)
    _dit_contestees(equipe, alertes)


def _decide_successions(equipe: Equipe) -> None:
    """Set `remplace_par`, `conteste` and `contestee_le` from the successors known (`succede`) and the
    retirements known alone: a successor retired from the team no longer counts (the remedy of a dispute:
    retire, from another computer, the one that must not continue), and its own successors are not active
    (its chain ends with it)."""
    children: dict[str, list[str]] = {}
    for device, member in equipe.membres.items():
        former = member.get("succede")
        if (
            isinstance(former, str)
            and former in equipe.membres
            and former != device
            and device not in equipe.retraits
        ):
            children.setdefault(former, []).append(device)
    for former, member in equipe.membres.items():
        if len(children.get(former, [])) <= 1:
            member.pop("contestee_le", None)  # never disputed, or no longer: the others were retired
        elif not member.get("contestee_le"):
            member["contestee_le"] = _iso(_equipe._now())

    def disputed_root(device: str) -> str | None:
        """The nearest former of `device`'s chain whose succession is disputed, or that is retired; None."""
        seen = {device}
        former = equipe.membres[device].get("succede")
        while isinstance(former, str) and former in equipe.membres and former not in seen:
            if equipe.membres[former].get("contestee_le") or former in equipe.retraits:
                return former
            seen.add(former)
            former = equipe.membres[former].get("succede")
        return None

    for device, member in equipe.membres.items():
        root = disputed_root(device) if "succede" in member and device not in equipe.retraits else None
        if root is not None:
            member["conteste"] = root
        else:
            member.pop("conteste", None)
    for device, member in equipe.membres.items():
        found = children.get(device, [])
        if (
            len(found) == 1
            and not member.get("contestee_le")
            and "conteste" not in member
            and device not in equipe.retraits
        ):
            member["remplace_par"] = found[0]
        else:
            member.pop("remplace_par", None)


def _dit_contestees(equipe: Equipe, alertes: list[str]) -> None:
    """Each disputed succession is said at every reading of the team, for `GRACE` after this laptop found it
    (the Partage screen shows the last sync's alerts): the computers involved, and what the coordinator
    does (retire the ones that must not continue; the one left goes on by itself)."""
    now = _equipe._now()
    for former, member in sorted(equipe.membres.items()):
        found = _instant(member.get("contestee_le"))
        if found is None or "conteste" in member or now - found > GRACE:
            continue  # a dispute within a disputed chain is said at its root
        name = equipe.nom(former)
        alertes.append(
            f"Partage : {_liste(equipe, _successeurs_de(equipe, former))} se déclarent chacun la suite de "
            f"l'ordinateur « {name} » (une même sauvegarde restaurée sur deux ordinateurs, ou une base copiée) : "
            "aucun n'est admis dans l'équipe et ce qu'ils écrivent n'est plus reçu ; ce qui a déjà été reçu "
            "d'eux est gardé. Pour en sortir, retirez de l'équipe, depuis un autre ordinateur (Partage → Équipe "
            "→ Retirer), celui qui ne doit pas continuer : l'autre reprend alors de lui-même à la "
            "synchronisation suivante, sans rien perdre. Si aucun n'est attendu, retirez-les tous, ainsi que "
            f"« {name} » (sa clé a servi à les déclarer)."
        )


def succede(store: Store, root: Path, equipe: Equipe, ancien: str) -> Equipe:
    """This store goes on under its new device id (`store.device_id`), declared with the same signing key
    as its former id: the members who pinned that key admit it without an invitation. A device has one
    successor (`_successeurs`: a second one makes the succession disputed): when the former id already has a
    successor known here (this store restored again from an older backup, or copied before), this one
    succeeds the tail of that chain."""
    seen = {ancien}
    later = equipe.membres.get(ancien, {}).get("remplace_par")
    while later in equipe.membres and later not in seen:
        seen.add(later)
        ancien, later = later, equipe.membres[later].get("remplace_par")
    equipe.appareil = store.device_id
    card = _carte_membre(store, equipe)
    equipe.declaration = {**card, "invitation": None, "preuve": None, "succede": ancien}
    equipe.membres[store.device_id] = {**{k: card[k] for k in ("cle", "nom", "coordinateur", "depuis")},
                                       "succede": ancien}  # fmt: skip
    equipe.membres[ancien]["remplace_par"] = store.device_id
    enregistre(store, equipe)
    _equipe._declare(root, equipe)
    return equipe
