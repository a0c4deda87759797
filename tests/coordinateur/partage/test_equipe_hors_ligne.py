"""A laptop away while the team changed: it learns, in one sync, of colleagues who joined and of a laptop
retired since (whose retirement renewed the team key). It must come to the team everyone else holds: the
members who joined before the renewal are admitted (the renewal, signed by a member, gave them the new
key), and the retired laptop's words up to its retirement are read, as by those who knew it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe, invitations, retrait
from coordinateur.partage.dossier import initialise
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths
from coordinateur.settings import enregistre_reglages
from coordinateur.store import Store

from .test_partage import names, person

PORTABLES = (("Portable de Camille", "Camille Bessière"), ("Portable de Lucie", "Lucie Vayssettes"),
             ("Portable de Noémie", "Noémie Lacan-Vergnes"), ("Portable d'Hervé", "Hervé Cayla-d'Olt"))  # fmt: skip


@dataclass
class Portables:
    """A's team in a shared folder; B joined, synced, and is away from then on; C and D not in it yet."""

    shared: Path
    root: Path
    a: Store
    b: Store
    c: Store
    d: Store

    def rejoint(self, newcomer: Store, parrain: Store | None = None) -> None:
        invitations.rejoint(newcomer, self.root, invitations.invite(parrain or self.a, self.root).code)

    def intrus(self, nom: str) -> None:
        """D joins, and an invitation it made is kept by whoever has it once D is lost; A retires D; C (the
        intruder) joins with that invitation, writes `nom`, and learns the key was renewed without it."""
        self.rejoint(self.d)
        synchronise(self.d, self.shared)
        code = invitations.invite(self.d, self.root).code  # kept by whoever has the lost laptop
        synchronise(self.a, self.shared)
        retrait.revoque(self.a, self.root, self.d.device_id)
        invitations.rejoint(self.c, self.root, code)
        person(self.c, nom)
        with pytest.raises(HorsEquipe):  # it learns the key was renewed without it
            synchronise(self.c, self.shared)


@pytest.fixture
def t(tmp_path: Path) -> Iterator[Portables]:
    shared = tmp_path / "partage"
    shared.mkdir()
    root = initialise(shared)
    stores = [open_store(resolve_paths(tmp_path / n)) for n in "abcd"]
    for store, (laptop, coordinator) in zip(stores, PORTABLES, strict=True):
        store.rename_device(laptop)
        enregistre_reglages(store, coordinateur_nom=coordinator)
    team = Portables(shared, root, *stores)
    try:
        equipe.creer(team.a, root)
        synchronise(team.a, shared)
        team.rejoint(team.b)
        synchronise(team.b, shared)  # then B is away
        yield team
    finally:
        for store in (team.a, team.b, team.c, team.d):
            store.close()


def test_a_laptop_away_while_colleagues_joined_and_one_was_retired_comes_back_to_the_same_team(
    t: Portables,
) -> None:
    a, b, c, d, shared = t.a, t.b, t.c, t.d, t.shared
    for newcomer in (c, d):
        t.rejoint(newcomer)
        synchronise(newcomer, shared)
    person(d, "Mme Puech-Lacombe")  # D's word before it is lost
    synchronise(d, shared)
    synchronise(a, shared)
    retrait.revoque(a, t.root, d.device_id)  # D is lost: the key is renewed for A, B and C
    person(c, "Marie-Thérèse d'Arsonval")
    synchronise(c, shared)
    synchronise(a, shared)

    bilan = synchronise(b, shared)  # B comes back

    assert [x for x in bilan.alertes if "pas admis" in x or "ne fait pas partie" in x] == []
    team = equipe.charge(b)
    assert team is not None
    assert c.device_id in team.actifs() and d.device_id in team.retraits
    listed = {row.appareil: row for row in retrait.membres(b)}
    assert (listed[d.device_id].retire, listed[d.device_id].nom, listed[d.device_id].coordinateur) == (
        True, "Portable d'Hervé", "Hervé Cayla-d'Olt")  # fmt: skip
    assert (
        listed[d.device_id] == {row.appareil: row for row in retrait.membres(a)}[d.device_id]
    )  # as A lists it
    assert {"Marie-Thérèse d'Arsonval", "Mme Puech-Lacombe"} <= names(b)
    assert names(b) == names(a)
    # and the next sync says nothing of the retired laptop's folder either
    assert not [x for x in synchronise(b, shared).alertes if "ne fait pas partie" in x]


def test_a_laptop_invited_by_the_lost_one_and_joining_after_its_retirement_stays_out(t: Portables) -> None:
    """The lost laptop's invitation, made before it was retired and used after: sealed with the key since
    renewed, and no renewal gave the new key to the newcomer. Neither the members nor a laptop away meanwhile
    admit it (what lets a laptop away admit the members it missed does not let this one in)."""
    a, b, x, d, shared = t.a, t.b, t.c, t.d, t.shared
    t.intrus("Fiche de l'intrus")
    for member in (a, b):
        bilan = synchronise(member, shared)
        team = equipe.charge(member)
        assert team is not None and x.device_id not in team.membres
        assert any(x.device_id[:8] in alerte and "pas admis" in alerte for alerte in bilan.alertes)
        assert "Fiche de l'intrus" not in names(member)
    assert d.device_id in equipe.charge(b).retraits


def test_a_laptop_away_admits_a_colleague_that_went_on_under_a_new_id_before_the_key_was_renewed(
    t: Portables, tmp_path: Path
) -> None:
    """C's data folder copied to a new computer goes on under a new id (its former id is succeeded, not
    renewed for); then a laptop is retired. B, away all along, admits C's former id on its successor's word
    and reads both of C's streams."""
    a, b, d, shared = t.a, t.b, t.d, t.shared
    t.rejoint(t.c)
    person(t.c, "Mme Lacan-Vergnes (avant la copie)")
    synchronise(t.c, shared)
    former = t.c.device_id
    t.c.close()
    shutil.copytree(tmp_path / "c", tmp_path / "c2")
    (tmp_path / "c2" / "coordinateur.verrou").unlink(missing_ok=True)
    c = t.c = open_store(resolve_paths(tmp_path / "c2"))  # the new computer
    person(c, "M. Cayla-d'Olt (après la copie)")
    assert any("nouvel identifiant" in x for x in synchronise(c, shared).alertes) and c.device_id != former
    t.rejoint(d)
    synchronise(d, shared)
    synchronise(a, shared)
    retrait.revoque(a, t.root, d.device_id)
    synchronise(c, shared)
    synchronise(a, shared)

    bilan = synchronise(b, shared)  # B comes back

    assert [x for x in bilan.alertes if "pas admis" in x] == []
    team = equipe.charge(b)
    assert team is not None and c.device_id in team.actifs() and former in team.membres
    assert {"Mme Lacan-Vergnes (avant la copie)", "M. Cayla-d'Olt (après la copie)"} <= names(b)
    assert names(b) == names(a)


def test_a_laptop_away_longer_than_an_invitation_lasts_admits_the_colleague_who_joined_with_it(
    t: Portables, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month of holidays: C joined with an invitation that has long expired when B comes back. A reads C
    (its read receipt says so, signed): B admits C on that word. A declaration nobody reads, with an
    invitation expired, stays out."""
    a, b, c, x, shared = t.a, t.b, t.c, t.d, t.shared
    t.rejoint(c)
    person(c, "Mme Vernhes-Bessière")
    synchronise(c, shared)
    synchronise(a, shared)  # A reads C, and says so in its read receipt
    t.rejoint(x)  # nobody reads it before it expires
    later = equipe._now() + timedelta(days=40)
    monkeypatch.setattr(equipe, "_now", lambda: later)
    assert any(x.device_id[:8] in y and "a expiré" in y for y in synchronise(a, shared).alertes)

    bilan = synchronise(b, shared)  # B comes back

    assert [y for y in bilan.alertes if c.device_id[:8] in y] == []
    assert c.device_id in equipe.charge(b).actifs() and "Mme Vernhes-Bessière" in names(b)
    assert any(x.device_id[:8] in y and "a expiré" in y for y in bilan.alertes)
    assert x.device_id not in equipe.charge(b).membres


def test_a_laptop_away_admits_a_colleague_that_has_written_nothing_yet(
    t: Portables, monkeypatch: pytest.MonkeyPatch
) -> None:
    """C joined and A admitted it, but C has written nothing: A's read receipt names C all the same (a member
    it admitted, nothing of it read yet). B, back past the invitation's expiry, admits C on that word, and C
    itself is told nothing."""
    a, b, c, shared = t.a, t.b, t.c, t.shared
    t.rejoint(c)
    synchronise(c, shared)
    synchronise(a, shared)  # A admits C: its receipt names C, at 0
    later = equipe._now() + timedelta(days=40)
    monkeypatch.setattr(equipe, "_now", lambda: later)

    assert [x for x in synchronise(b, shared).alertes if c.device_id[:8] in x] == []
    assert c.device_id in equipe.charge(b).actifs()
    assert not [x for x in synchronise(c, shared).alertes if "arrivée" in x]
    person(c, "Mme Bessière-Cayla")
    synchronise(c, shared)
    synchronise(b, shared)
    assert "Mme Bessière-Cayla" in names(b)


def test_a_colleague_refused_for_want_of_a_word_is_admitted_once_a_members_receipt_names_it(
    t: Portables, monkeypatch: pytest.MonkeyPatch
) -> None:
    """C joined and A admitted it, but A's read receipt has not reached B's copy of the folder yet (a sync
    tool brings files in any order) when B comes back past the invitation's expiry: B refuses C. Once the
    receipt arrives, B's next sync admits C (a refusal is looked at again: the team's files themselves did
    not change)."""
    a, b, c, shared = t.a, t.b, t.c, t.shared
    t.rejoint(c)
    person(c, "Mme Bessière-Cayla")
    synchronise(c, shared)
    synchronise(a, shared)  # A admits C and reads it: its receipt names C
    receipts = list((t.root / "appareils" / a.device_id).glob("*.lu"))
    assert len(receipts) == 1
    aside = shared.parent / receipts[0].name
    receipts[0].rename(aside)  # not copied here yet
    later = equipe._now() + timedelta(days=40)
    monkeypatch.setattr(equipe, "_now", lambda: later)
    assert any(c.device_id[:8] in x and "a expiré" in x for x in synchronise(b, shared).alertes)
    aside.rename(receipts[0])  # the receipt arrives
    assert [x for x in synchronise(b, shared).alertes if c.device_id[:8] in x] == []
    assert "Mme Bessière-Cayla" in names(b) and c.device_id in equipe.charge(b).actifs()


def test_forged_receipts_naming_a_refused_laptop_do_not_let_it_in(t: Portables) -> None:
    """What vouches for a late declaration is an active member's read receipt, signed by that member: the
    refused laptop's own receipt planted in A's folder under A's name, a FIFO named as A's newest receipt,
    and the lost laptop's own receipts let nothing in, hang nothing, and B still refuses it."""
    import json
    import os
    from datetime import timedelta

    from coordinateur.partage import instantane

    a, b, x, d, shared = t.a, t.b, t.c, t.d, t.shared
    t.intrus("Fiche de l'intrus, dite « Jean-Noël L'Hermet »")
    folder = t.root / "appareils" / a.device_id
    soon = instantane._now() + timedelta(minutes=5)
    forged = {"appareil": a.device_id, "le": instantane._stamp(soon), "lu": {x.device_id: 1}}
    team_x = equipe.charge(x)
    assert team_x is not None
    (folder / f"{a.device_id}_{instantane._stamp(soon)}.lu").write_bytes(
        team_x.scelle(json.dumps(forged).encode(), "lu")  # signed by the intruder, not by A
    )
    os.mkfifo(folder / f"{a.device_id}_{instantane._stamp(soon + timedelta(minutes=1))}.lu")
    lost = t.root / "appareils" / d.device_id
    lost.mkdir(parents=True, exist_ok=True)
    forged_d = {"appareil": d.device_id, "le": instantane._stamp(soon), "lu": {x.device_id: 1}}
    (lost / f"{d.device_id}_{instantane._stamp(soon)}.lu").write_bytes(
        equipe.charge(d).scelle(json.dumps(forged_d).encode(), "lu")  # the lost laptop's real signature
    )
    bilan = synchronise(b, shared)
    team = equipe.charge(b)
    assert team is not None and x.device_id not in team.membres
    assert any(x.device_id[:8] in alerte and "pas admis" in alerte for alerte in bilan.alertes)
    assert not [n for n in names(b) if "intrus" in n]
