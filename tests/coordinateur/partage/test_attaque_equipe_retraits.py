"""Attacks on the team layer of the shared folder (see test_attaque_equipe.py): revocations and retired
laptops. A laptop joining during a revocation; a retired laptop stopping everyone's sync with the key it
kept, rewriting a segment it had published, retiring someone else or its own revoker; two revocations at
once or of each other, a revocation deleted from the folder, a retired laptop's later segments; and a
revocation by a member admitted in the same reading. Each test is one attack, and each must fail."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe as eq
from coordinateur.partage import invitations
from coordinateur.partage import retrait as rt
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths

from .outils import en_equipe, operation, portable, segment
from .test_attaque_equipe import (
    LE,
    PROFOND,
    boite,
    comme,
    ecrit,
    noms,
    nouvelle_cle,
    revoque,
    root,
    sync,
    team_of,
)

# -- 2. a revocation that does not give this laptop the new key: the sync never ends -----------------


def test_a_laptop_that_joined_during_a_revocation_does_not_hang(tmp_path: Path, shared: Path) -> None:
    a, b, x, j = (portable(tmp_path / n) for n in "abxj")
    en_equipe(shared, a, b, x)
    for laptop in (a, b, x):
        sync(laptop, shared)
    with open_store(resolve_paths(a.data)) as store:
        invitation = invitations.invite(store, root(shared))
    with open_store(resolve_paths(j.data)) as store:  # joins from the file carried on a key: no folder yet
        invitations.rejoint(store, None, invitation.code, invitation.fichier)
    revoque(b, shared, x.device)  # B does not know J: the new key is not sealed for J
    with pytest.raises(eq.HorsEquipe, match="sans cet ordinateur"):  # told at once, no endless loop
        sync(j, shared)


# -- 4. anyone who ever held a team key (a retired laptop) stops everyone's sync ----------------------


def test_a_retired_laptop_cannot_stop_everyones_sync(tmp_path: Path, shared: Path) -> None:
    a, r = portable(tmp_path / "a"), portable(tmp_path / "r")
    en_equipe(shared, a, r)
    sync(r, shared)
    sync(a, shared)
    old = team_of(r)  # what the thief has
    revoque(a, shared, r.device)
    sync(a, shared)
    device = str(uuid.uuid4())
    stranger = comme(old, device)  # any key at all: the content is parsed first
    ecrit(shared, f"equipe/membres/{device}.cmb", stranger.scelle(PROFOND, "membre"))
    sync(a, shared)


# -- 7. a retired laptop rewrites its last accepted segment -------------------------------------------


def test_a_retired_laptop_cannot_rewrite_a_segment_it_had_published(tmp_path: Path, shared: Path) -> None:
    a, b, r = (portable(tmp_path / n) for n in "abr")
    en_equipe(shared, a, b, r)
    for laptop in (a, b):
        sync(laptop, shared)
    r.ajoute("Vrai")
    sync(r, shared)
    old = team_of(r)
    revoque(a, shared, r.device)  # last accepted: seq 1; B has not applied it yet
    segments = r.segments(shared)
    (segments / f"{r.device}_00000001.seg").unlink()
    forged = segment(r.device, 1, [operation(r.device, nom="Écrit après le retrait")])
    (segments / f"{r.device}_00000001.r1.seg").write_bytes(old.scelle(forged, "segment"))
    sync(b, shared)
    assert "Écrit après le retrait" not in noms(b)


# -- 8. a retired laptop revokes its revoker; mutual revocation ----------------------------------------


def _retrait_de(
    old: eq.Equipe, shared: Path, author: str, retired: list[str], plus_petit_que: str = "g"
) -> Path:
    """A revocation as this version writes them, by `old` (a retired laptop's keys), sealed with the first key."""
    kid, key = nouvelle_cle(plus_petit_que=plus_petit_que)
    content = {"cle": kid, "epoque": 2, "par": author, "le": LE,
               "retires": [{"appareil": d, "dernier_seq": 0, "dernier_sha": ""} for d in retired],
               "pour": {d: boite(m["cle"], key) for d, m in old.membres.items() if d not in retired}}  # fmt: skip
    return ecrit(shared, f"equipe/retraits/{kid}.cmb", old.scelle(json.dumps(content).encode(), "retrait",
                                                                  old.premiere()[1]))  # fmt: skip


def test_a_retired_laptop_cannot_retire_anyone_else(tmp_path: Path, shared: Path) -> None:
    a, b, c, r = (portable(tmp_path / n) for n in "abcr")
    en_equipe(shared, a, b, c, r)
    for laptop in (a, b, c, r):
        sync(laptop, shared)
    old = team_of(r)
    revoque(a, shared, r.device)
    _retrait_de(old, shared, r.device, [c.device])  # after being retired, R retires C
    for laptop in (b, c, a):
        bilan = sync(laptop, shared)
        seen = team_of(laptop)
        assert r.device in seen.retraits and c.device not in seen.retraits and not seen.retire
        assert any("lui-même retiré" in alert for alert in bilan.alertes) or laptop is not b


def test_a_retired_laptop_retiring_its_revoker_takes_it_along_and_learns_no_key(
    tmp_path: Path, shared: Path
) -> None:
    """Two revocations of each other cannot be ordered (nothing on the folder dates them): both laptops
    leave, every member comes to that view, and the key then in use is one the retired laptop never had."""
    a, b, r = (portable(tmp_path / n) for n in "abr")
    en_equipe(shared, a, b, r)
    for laptop in (a, b, r):
        sync(laptop, shared)
    old = team_of(r)
    revoque(a, shared, r.device)
    (real,) = (root(shared) / "equipe" / "retraits").iterdir()
    _retrait_de(old, shared, r.device, [a.device], plus_petit_que=real.stem)
    bilan = sync(b, shared)
    seen = team_of(b)
    assert {r.device, a.device} <= set(seen.retraits) and not seen.retire
    assert any("l'un l'autre" in alert for alert in bilan.alertes)
    current = seen.courante()[0]
    assert current not in team_of(r).cles  # renewed by B: neither R nor its own key is in use
    assert seen.cles[current].get("par") == b.device


def test_mutual_revocation_leaves_every_laptop_with_the_same_view(tmp_path: Path, shared: Path) -> None:
    a, b, c = (portable(tmp_path / n) for n in "abc")
    en_equipe(shared, a, b, c)
    for laptop in (a, b, c):
        sync(laptop, shared)
    revoque(a, shared, b.device)
    # B has not seen A's revocation (a sync tool has not brought it yet): hide it while B revokes A
    (hidden,) = (root(shared) / "equipe" / "retraits").iterdir()
    aside = hidden.rename(shared.parent / hidden.name)
    revoque(b, shared, a.device)
    aside.rename(hidden)
    views = []
    for laptop in (a, b, c):
        try:
            sync(laptop, shared)
        except eq.HorsEquipe:
            pass
        views.append(
            frozenset(team_of(laptop).retraits) | ({laptop.device} if team_of(laptop).retire else set())
        )
    assert len(set(views)) == 1, views


def test_two_revocations_at_once_converge_on_a_key_neither_retired_laptop_has(
    tmp_path: Path, shared: Path
) -> None:
    """A retires X while B (not having seen it) retires Y: every laptop ends with both retired and one current
    key, renewed once, sealed for neither (X did learn B's epoch-2 key, which is no longer used)."""
    a, b, c, x, y = (portable(tmp_path / n) for n in "abcxy")
    en_equipe(shared, a, b, c, x, y)
    for laptop in (a, b, c, x, y):
        sync(laptop, shared)
    revoque(a, shared, x.device)
    (hidden,) = (root(shared) / "equipe" / "retraits").iterdir()
    aside = hidden.rename(shared.parent / hidden.name)
    revoque(b, shared, y.device)
    aside.rename(hidden)
    for _round in range(2):
        for laptop in (a, b, c):
            sync(laptop, shared)
    views = {(team_of(l).courante(), frozenset(team_of(l).retraits)) for l in (a, b, c)}  # noqa: E741
    ((current, retired),) = views
    assert retired == {x.device, y.device} and current[2] == 3
    assert not {x.device, y.device} & set(team_of(a).cles[current[0]]["pour"])


def test_a_deleted_revocation_still_reaches_every_laptop(tmp_path: Path, shared: Path) -> None:
    a, b, r = (portable(tmp_path / n) for n in "abr")
    en_equipe(shared, a, b, r)
    for laptop in (a, b, r):
        sync(laptop, shared)
    old = team_of(r)
    revoque(a, shared, r.device)
    sync(a, shared)
    for path in (root(shared) / "equipe" / "retraits").iterdir():
        path.unlink()  # by the thief, with the share access its laptop keeps
    sync(a, shared)  # the revoker syncs again: nothing is put back
    data = old.scelle(segment(r.device, 1, [operation(r.device, nom="Après le retrait")]), "segment")
    (r.segments(shared)).mkdir(parents=True, exist_ok=True)
    (r.segments(shared) / f"{r.device}_00000001.seg").write_bytes(data)
    sync(b, shared)
    assert r.device in team_of(b).retraits and "Après le retrait" not in noms(b)


def test_a_retired_laptop_is_told_why_and_gets_nothing_new(tmp_path: Path, shared: Path) -> None:
    a, r = portable(tmp_path / "a"), portable(tmp_path / "r")
    en_equipe(shared, a, r)
    sync(r, shared)
    r.ajoute("Avant")
    sync(r, shared)
    revoque(a, shared, r.device)
    a.ajoute("Après")
    sync(a, shared)
    result = r.sync(shared)
    assert result.returncode == 4 and "retiré de l'équipe" in result.stderr
    assert "Après" not in noms(r)
    new_kid = team_of(a).courante()[0]
    assert new_kid not in team_of(r).cles
    # its segment written after the revocation (with its own software bypassed) is refused
    old = team_of(r)
    data = old.scelle(segment(r.device, 2, [operation(r.device, nom="Trop tard")]), "segment")
    (r.segments(shared) / f"{r.device}_00000002.seg").write_bytes(data)
    bilan = sync(a, shared)
    assert "Trop tard" not in noms(a) and any("ordinateur retiré" in alert for alert in bilan.alertes)


# -- 6. a revocation written by a member this laptop admits in the same reading -----------------------


def test_a_revocation_by_a_member_admitted_in_the_same_reading_is_applied_at_once_without_a_false_alarm(
    equipe3: tuple[Any, Any, Any, Path], tmp_path: Path
) -> None:
    """J joins (invited by B) and at once retires X, a lost laptop. A reads J's declaration and J's
    revocation in one sync: X is retired there and then, and A is not told that a revocation came from a
    laptop outside the team."""
    a, b, x, shared = equipe3
    for store in (a, b, x):
        synchronise(store, shared)
    with open_store(resolve_paths(tmp_path / "j")) as j:
        invitations.rejoint(j, root(shared), invitations.invite(b, root(shared)).code)
        synchronise(b, shared)  # B admits J
        rt.revoque(j, root(shared), x.device_id)
    bilan = synchronise(a, shared)
    team = eq.charge(a)
    assert team is not None and x.device_id in team.retraits
    assert not [alert for alert in bilan.alertes if "retrait" in alert], bilan.alertes
    with pytest.raises(eq.HorsEquipe, match="retiré de l'équipe"):
        synchronise(x, shared)
