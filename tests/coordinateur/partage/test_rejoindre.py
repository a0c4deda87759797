"""A laptop the team already knows joins it again with a new invitation (`invitations.rejoint`): retired by
mistake and found again, left out of a key renewal while it joined, or a store restored from before it
joined. It goes on under a new id as a new member; what colleagues had accepted from its former id stays as
it is, what they had not (written after its retirement, or never sent) reaches them under the new id, and
nothing is sent twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete

from coordinateur.errors import CoordinateurError
from coordinateur.partage import equipe, invitations, retrait
from coordinateur.partage.bilan import Bilan
from coordinateur.partage.envoi import pousse
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.models import EquipeLocale
from coordinateur.partage.sync import synchronise
from coordinateur.store import Store
from coordinateur.store.clock import Timestamp

from .test_instantane import _intervenants, ajoute, root_of

ROUQUETTE = "Rouquette-d'Aurelle"
APRES_RETRAIT = "Cayla-Vernhes (saisie avant d'apprendre le retrait)"
HORS_EQUIPE = "Mme N'Guyen-Lacombe, la fille, a la clé (saisie hors équipe)"
RETIRE = (
    "Segments n° 2 et suivants de l'ordinateur retiré « {former} » refusés : il a été retiré de l'équipe."
)


def _noms(store: Store) -> list[str]:
    return sorted(r.nom for r in _intervenants(store))


def _auteurs(store: Store, record_id: str) -> set[str]:
    """The devices whose stamps the fields of one directory record carry in `store`."""
    from coordinateur.annuaire.models import Intervenant

    with store.read() as session:
        record = session.get(Intervenant, record_id)
        assert record is not None
        return {Timestamp.decode(record.clock_of(name)).device for name in Intervenant.data_fields()}


def _invite_et_rejoint(hote: Store, invite: Store, shared: Path) -> str:
    """`hote` invites, `invite` joins with the code; `invite`'s former id."""
    former = invite.device_id
    invitations.rejoint(invite, root_of(shared), invitations.invite(hote, root_of(shared)).code)
    return former


def test_a_laptop_retired_by_mistake_joins_again_and_what_it_wrote_after_its_retirement_arrives_once(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    a, b, c, shared = equipe3
    for store in (a, b, c):
        synchronise(store, shared)
    before = ajoute(c, ROUQUETTE)
    synchronise(c, shared)
    synchronise(a, shared)
    assert ROUQUETTE in _noms(a)
    retrait.revoque(a, root_of(shared), c.device_id)  # by mistake: C was only left in a drawer
    # C has not read it yet: what it sends now is refused by the others
    after = ajoute(c, APRES_RETRAIT)
    team = equipe.charge(c)
    assert team is not None
    pousse(c, root_of(shared), Bilan(), team)
    with pytest.raises(HorsEquipe, match="demandez une nouvelle invitation"):
        synchronise(c, shared)
    unsent = ajoute(c, HORS_EQUIPE)  # written while outside the team, never sent
    refused = synchronise(a, shared)
    assert APRES_RETRAIT not in _noms(a) and any("retiré" in alert for alert in refused.alertes)

    # what C was told to do now works
    name = c.device_name
    former = _invite_et_rejoint(a, c, shared)
    assert c.device_id != former
    for store in (c, a, b, c, a, b):
        bilan = synchronise(store, shared)
        # C is not warned about its own former id; A and B may still be, about its refused segments
        refused_here = {alert for alert in bilan.alertes if "refus" in alert}
        assert refused_here <= (set() if store is c else {RETIRE.format(former=name)})
    for store in (a, b, c):
        assert _noms(store) == sorted([ROUQUETTE, APRES_RETRAIT, HORS_EQUIPE])
    # accepted before the retirement: still the former id's, not sent again
    assert _auteurs(a, before) == _auteurs(c, before) == {former}
    # refused after it, and never sent: under the new id
    assert _auteurs(a, after) == _auteurs(b, after) == {c.device_id}
    assert _auteurs(a, unsent) == {c.device_id}
    lines = {line.appareil: line for line in retrait.membres(a)}
    assert lines[former].retire and not lines[c.device_id].retire
    team_a = equipe.charge(a)
    assert team_a is not None and c.device_id in team_a.actifs() and former not in team_a.actifs()


def test_a_laptop_left_out_of_a_key_renewal_while_it_joined_joins_again(
    equipe3: tuple[Store, Store, Store, Path], tmp_path: Path
) -> None:
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths

    a, b, x, shared = equipe3
    for store in (a, b, x):
        synchronise(store, shared)
    with open_store(resolve_paths(tmp_path / "j")) as j:
        # J joins from the invitation file, its folder not reachable yet; B, not knowing J, retires X
        invitation = invitations.invite(a, root_of(shared))
        invitations.rejoint(j, None, invitation.code, invitation.fichier)
        written = ajoute(j, "Bouscarat-Saint-Côme")
        retrait.revoque(b, root_of(shared), x.device_id)
        with pytest.raises(HorsEquipe, match="sans cet ordinateur"):
            synchronise(j, shared)
        synchronise(a, shared)
        former = _invite_et_rejoint(a, j, shared)
        assert j.device_id != former
        for store in (j, a, b, j):
            synchronise(store, shared)
        assert "Bouscarat-Saint-Côme" in _noms(a) and "Bouscarat-Saint-Côme" in _noms(b)
        assert _auteurs(b, written) == {j.device_id}
        for store in (a, b):
            team = equipe.charge(store)
            assert team is not None and j.device_id in team.actifs()
        ajoute(a, "Après le retour")
        synchronise(a, shared)
        synchronise(j, shared)
        assert "Après le retour" in _noms(j)  # J holds the renewed key now


def test_a_store_restored_from_before_it_joined_joins_again_under_a_new_id(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """C's computer was restored from a backup made before C joined: no team, the same id as the member C
    the folder knows (and whose stream goes on there). It joins again as a new member."""
    a, _b, c, shared = equipe3
    for store in (a, c):
        synchronise(store, shared)
    with c.write() as session:
        session.execute(delete(EquipeLocale))
    former = _invite_et_rejoint(a, c, shared)
    assert c.device_id != former
    ajoute(c, "Lacombe-Ségala")
    synchronise(c, shared)
    synchronise(a, shared)
    assert "Lacombe-Ségala" in _noms(a)


def test_a_laptop_back_under_a_new_id_names_its_former_place_and_can_retire_it(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """Restored from before it joined, C joins again: its former id is still a member (only C knows it was
    its own). C's list says so (the Partage screen's and the command line's), and C can retire it; after
    that everyone lists it retired and C goes on sharing under its new id."""
    a, b, c, shared = equipe3
    for store in (a, b, c):
        synchronise(store, shared)
    with c.write() as session:
        session.execute(delete(EquipeLocale))
    former = _invite_et_rejoint(a, c, shared)
    for store in (c, a, b):
        synchronise(store, shared)
    mine = {line.appareil: line for line in retrait.membres(c)}
    assert (
        mine[former].ancien
        and not mine[former].retire
        and mine[former].etat == "ancienne place de cet ordinateur"
    )
    assert mine[c.device_id].etat == "cet ordinateur" and not mine[c.device_id].ancien
    theirs = {line.appareil: line for line in retrait.membres(a)}
    assert theirs[former].etat == "membre" and not theirs[former].ancien  # A cannot tell
    assert mine[former].as_json()["etat"] == "ancienne place de cet ordinateur"  # `partage equipe membres`

    retrait.revoque(c, root_of(shared), former)
    ajoute(c, "Saint-Geniez-d'Olt, après le retrait")
    for store in (c, a, b, c):
        synchronise(store, shared)
    for store in (a, b, c):
        lines = {line.appareil: line for line in retrait.membres(store)}
        assert lines[former].etat == "retiré" and not lines[former].ancien
    assert "Saint-Geniez-d'Olt, après le retrait" in _noms(
        a
    ) and "Saint-Geniez-d'Olt, après le retrait" in _noms(b)


def test_a_member_sharing_cannot_join_its_own_team_again(equipe3: tuple[Store, Store, Store, Path]) -> None:
    a, b, _c, shared = equipe3
    device = b.device_id
    with pytest.raises(CoordinateurError, match="fait déjà partie de cette équipe"):
        _invite_et_rejoint(a, b, shared)
    assert b.device_id == device


def test_a_disputed_successor_joins_again_and_what_only_some_laptops_had_read_reaches_all(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B's store goes on as X1 on a new computer (restored from a backup); A reads X1's first record. The
    same backup restored elsewhere (X2) claims B too: the succession is disputed, X1 stops sharing, and its
    second record reached no one; C never read X1 at all. A member invites X1 again: it joins under a new id
    and both its records reach every laptop."""
    from .test_succession_contestee import _restauree, _suite

    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b, old = _restauree(b, root)
    x1 = b.device_id
    ajoute(b, "Dr Anne-Sophie d'Estaing")
    synchronise(b, shared)
    synchronise(a, shared)
    ajoute(b, "Mme Marie-Claude Saint-Léger")
    synchronise(b, shared)
    _suite(root, team_b, old, "Portable de Marie-Thérèse d'Arsonval")
    with pytest.raises(HorsEquipe, match="contestée"):
        synchronise(b, shared)
    for store in (a, c):
        synchronise(store, shared)
    assert "Dr Anne-Sophie d'Estaing" in _noms(a) and "Mme Marie-Claude Saint-Léger" not in _noms(a)
    assert "Dr Anne-Sophie d'Estaing" not in _noms(c)  # the premise: read by some laptops only

    _invite_et_rejoint(a, b, shared)
    assert b.device_id not in (x1, old)
    for store in (b, a, c, b):
        synchronise(store, shared)
    for store in (a, b, c):
        assert {"Dr Anne-Sophie d'Estaing", "Mme Marie-Claude Saint-Léger"} <= set(_noms(store))
        team = equipe.charge(store)
        assert team is not None and b.device_id in team.actifs()


def test_retiring_a_key_s_every_holder_then_inviting_the_right_laptop_leaves_the_thief_no_key_to_read(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B's store goes on as X1 on a new computer; an unknown laptop holding B's signing key (X2, a thief's
    copy) claims B too. Retiring X2 alone would leave it B's key, which every new team key is sealed for
    while X1 goes on with it. The coordinator retires B, X1 and X2, then invites X1's laptop again: it comes
    back with a key of its own, and no team key written since can be opened with B's."""
    from nacl.exceptions import CryptoError
    from nacl.public import SealedBox

    from .test_succession_contestee import _restauree, _suite

    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b, old = _restauree(b, root)
    x1 = b.device_id
    stolen = team_b.signataire  # B's key: X1 holds it, and so does the thief
    x2 = _suite(root, team_b, old, "Portable de Marie-Thérèse d'Arsonval")
    synchronise(a, shared)
    for device in (old, x1, x2):
        retrait.revoque(a, root, device)
    with pytest.raises(HorsEquipe):
        synchronise(b, shared)
    _invite_et_rejoint(a, b, shared)
    team = equipe.charge(b)
    assert team is not None and team.signataire.verify_key != stolen.verify_key
    ajoute(b, "Mme Bernadette Vayssettes-d'Olt")
    for store in (b, a, c):
        synchronise(store, shared)
    assert "Mme Bernadette Vayssettes-d'Olt" in _noms(a) and "Mme Bernadette Vayssettes-d'Olt" in _noms(c)
    retrait.revoque(a, root, c.device_id)  # one more renewal, with B's new laptop a member
    team_a = equipe.charge(a)
    assert team_a is not None
    thief = SealedBox(stolen.to_curve25519_private_key())
    assert len(team_a.revocations) == 4
    for sealed in team_a.revocations.values():
        content = equipe._contenu(
            Path(), "retrait", team_a, equipe._signe_par_membre(team_a), data=bytes.fromhex(sealed)
        )
        assert content["pour"]
        for box in content["pour"].values():
            with pytest.raises(CryptoError):
                thief.decrypt(bytes.fromhex(box))
