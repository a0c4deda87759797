"""Attacks on a laptop joining again a team that knows its id (`equipe.rejoint` under a new id): nothing
lost, nothing sent twice, no false conflict, every laptop ends with the same values, and a colleague's later
change still wins over what is re-stamped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire.service import supprime
from coordinateur.partage import equipe
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.models import Conflit, Quarantaine
from coordinateur.partage.sync import Bilan, pousse, synchronise
from coordinateur.store import Store

from .test_instantane import ajoute, renomme, root_of


def _valeurs(store: Store) -> dict[str, dict[str, Any]]:
    """Every shared record's values (not their clocks: a re-stamped field may carry either stamp)."""
    from coordinateur.partage.models import modeles

    found: dict[str, dict[str, Any]] = {}
    models = modeles()
    with store.read() as session:
        for kind in ("intervenant", "structure"):
            model = models[kind]
            for record in session.scalars(select(model)):
                found[record.id] = {n: getattr(record, n) for n in model.data_fields()}
    return found


def _conflits(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Conflit)) or 0)


def _quarantaine(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Quarantaine)) or 0)


def _pousse_sans_lire(store: Store, shared: Path) -> None:
    """A push as the laptop does before it reads its own retirement (its segment is refused by the others)."""
    team = equipe.charge(store)
    assert team is not None
    pousse(store, root_of(shared), Bilan(), team)


def _retire_et_constate(hote: Store, retire: Store, shared: Path) -> None:
    equipe.revoque(hote, root_of(shared), retire.device_id)
    with pytest.raises(HorsEquipe):
        synchronise(retire, shared)


def _rejoint(hote: Store, invite: Store, shared: Path) -> str:
    former = invite.device_id
    equipe.rejoint(invite, root_of(shared), equipe.invite(hote, root_of(shared)).code)
    return former


def _converge(shared: Path, *stores: Store, tours: int = 2) -> list[Bilan]:
    bilans = []
    for _ in range(tours):
        for store in stores:
            bilans.append(synchronise(store, shared))
    return bilans


def test_what_a_retired_laptop_wrote_after_its_retirement_arrives_without_false_conflicts_and_loses_to_later(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """C writes several segments after its retirement (creations it then edits, edits of a colleague's
    records, a deletion), and more never pushed; once it joins again every laptop holds the same values,
    no conflict is recorded for C's own successive edits, and B's later rename wins."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    de_a = ajoute(a, "Fabre (de A)")
    de_b = ajoute(b, "Vidal (de B)")
    a_supprimer = ajoute(b, "Bonnefous (à supprimer)")
    _converge(shared, a, b, c, tours=1)
    equipe.revoque(a, root_of(shared), c.device_id)
    # C has not read its retirement: three segments refused by the others
    mien = ajoute(c, "Costes")
    _pousse_sans_lire(c, shared)
    renomme(c, mien, "Costes-Marty")
    renomme(c, de_a, "Fabre-Lacan (corrigé par C)")
    _pousse_sans_lire(c, shared)
    renomme(c, mien, "Costes-Marty-Bessière")
    supprime(c, a_supprimer)
    _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    renomme(c, de_b, "Vidal (corrigé par C, jamais envoyé)")
    jamais = ajoute(c, "Puech (jamais envoyé)")
    renomme(c, jamais, "Puech-Rieucros (jamais envoyé)")
    _converge(shared, a, b, tours=1)

    _rejoint(a, c, shared)
    _converge(shared, c, a, b)
    renomme(b, de_a, "Fabre (B, après le retour de C)")  # later than C's re-stamped edit: it wins
    _converge(shared, b, a, c)

    seen = [_valeurs(store) for store in (a, b, c)]
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][mien]["nom"] == "Costes-Marty-Bessière"
    assert seen[0][de_a]["nom"] == "Fabre (B, après le retour de C)"
    assert seen[0][de_b]["nom"] == "Vidal (corrigé par C, jamais envoyé)"
    assert seen[0][jamais]["nom"] == "Puech-Rieucros (jamais envoyé)"
    assert seen[0][a_supprimer]["deleted"] is True
    # C edited its own records one edit after the other: nothing concurrent anywhere
    assert [_conflits(store) for store in (a, b, c)] == [0, 0, 0]


def test_a_laptop_retired_and_joining_again_twice_sends_nothing_of_its_first_id_again(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """C wrote three segments under its first id (accepted), joins again after a retirement (second id,
    one segment), is retired again and joins again (third id): what the first id wrote and the others
    accepted is not sent again (under the first id's stamps, a colleague would refuse the segment carrying
    it whole, and with it what C wrote since)."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    first = c.device_id
    for n in range(3):
        ajoute(c, f"Segment {n + 1} du premier identifiant")
        synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    _retire_et_constate(a, c, shared)
    _rejoint(a, c, shared)
    second = c.device_id
    ajoute(c, "Sous le deuxième identifiant")
    _converge(shared, c, a, b, tours=1)
    _retire_et_constate(b, c, shared)
    nouveau = ajoute(c, "Saisi hors équipe, la seconde fois")
    _rejoint(b, c, shared)
    third = c.device_id
    assert len({first, second, third}) == 3
    team = equipe.charge(c)
    assert team is not None and team.anciens == [first, second]
    bilans = _converge(shared, c, a, b)
    assert not any(
        "refus" in alert or "quarantaine" in alert for bilan in bilans for alert in bilan.alertes
    ), [bilan.alertes for bilan in bilans]
    assert [_quarantaine(store) for store in (a, b)] == [0, 0]
    assert nouveau in _valeurs(a) and nouveau in _valeurs(b)
    segments = sorted((root_of(shared) / "appareils" / third / "segments").glob("*.seg"))
    assert len(segments) == 1  # only what C wrote out of the team
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


def test_a_segment_of_the_new_id_lost_from_the_folder_is_healed_without_the_former_ids_operations(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """After joining again, C's first segment under its new id goes missing from the folder before the
    others read it (a sync service that lost it): C writes it again; the copy holds what the segment held,
    not the former id's accepted operations that happened to carry the same number."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    ajoute(c, "Accepté sous l'ancien identifiant")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    _retire_et_constate(a, c, shared)
    apres = ajoute(c, "Saisi hors équipe")
    _rejoint(a, c, shared)
    synchronise(c, shared)
    (mine,) = sorted((root_of(shared) / "appareils" / c.device_id / "segments").glob("*.seg"))
    mine.unlink()
    healed = synchronise(c, shared)
    assert healed.segments_soignes
    bilans = _converge(shared, a, b)
    assert not any("quarantaine" in alert for bilan in bilans for alert in bilan.alertes), [
        bilan.alertes for bilan in bilans
    ]
    assert apres in _valeurs(a) and apres in _valeurs(b)


def _invitation_forgee(hote: Store, shared: Path, change: Any) -> tuple[str, bytes]:
    """An invitation of `hote`, its content changed by `change` and sealed again under its code, as
    `equipe.invite` seals it (a member's infected laptop writes what it likes)."""
    import json

    from coordinateur.partage import enveloppe

    code = equipe.invite(hote, root_of(shared)).code
    content = equipe.lit_invitation(root_of(shared), code)
    change(content)
    data = enveloppe.scelle_invitation(json.dumps(content).encode("utf-8"), equipe._normalise_code(code))
    return code, data


@pytest.mark.parametrize(
    "dernier", ["1", -1, 1.5, True, None, "abc", [1], 10**30], ids=lambda v: repr(v)[:12]
)
def test_an_invitation_naming_a_malformed_last_segment_neither_crashes_nor_loses_anything(
    equipe3: tuple[Store, Store, Store, Path], dernier: Any
) -> None:
    """The invitation's entry for the joining laptop's retirement has a `dernier_seq` no revocation of this
    version holds: the laptop refuses the invitation, or joins and its syncs run, and what it wrote after
    its retirement reaches the others."""
    from coordinateur.errors import CoordinateurError

    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    ajoute(c, "Accepté")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    equipe.revoque(a, root_of(shared), c.device_id)
    apres = ajoute(c, "Refusé : écrit après le retrait")
    _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    former = c.device_id

    def forge(content: dict[str, Any]) -> None:
        content["retraits"][former]["dernier_seq"] = dernier

    code, data = _invitation_forgee(a, shared, forge)
    try:
        equipe.rejoint(c, root_of(shared), code, data)
    except CoordinateurError as exc:
        assert "Invitation refusée" in exc.message
        assert c.device_id == former  # refused before anything changed
        return
    _converge(shared, c, a, b)
    assert apres in _valeurs(a) and apres in _valeurs(b)
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize(
    "retraits", [["x"], "retraits", {"former": "retiré"}, {"former": {"nom": "sans rien d'autre"}}], ids=str
)
def test_an_invitation_whose_retirements_are_malformed_is_refused_or_harmless(
    equipe3: tuple[Store, Store, Store, Path], retraits: Any
) -> None:
    from coordinateur.errors import CoordinateurError

    a, _b, c, shared = equipe3
    _converge(shared, a, c, tours=1)
    former = c.device_id
    equipe.revoque(a, root_of(shared), former)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    apres = ajoute(c, "Écrit hors équipe")

    def forge(content: dict[str, Any]) -> None:
        content["retraits"] = (
            {former: next(iter(retraits.values()))} if isinstance(retraits, dict) else retraits
        )

    code, data = _invitation_forgee(a, shared, forge)
    try:
        equipe.rejoint(c, root_of(shared), code, data)
    except CoordinateurError as exc:
        assert "Invitation refusée" in exc.message
        assert c.device_id == former
        return
    _converge(shared, c, a)
    assert apres in _valeurs(a)
