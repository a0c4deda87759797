"""Small attacks on the team and the compaction of the shared folder: a member's infected laptop minting
successors of one device, a snapshot filling a retired member's gap that claims segments the folder does not
hold, a member that read a retired laptop's refused segments before it knew of the retirement. Each test
asserts the SAFE behaviour: it fails when the attack works."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire.service import IntrouvableError, enregistre, lit
from coordinateur.partage import actualisation, elagage, equipe, jugement, retrait, successions
from coordinateur.partage.models import InstantaneVu, SegmentLu
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.settings import load_settings
from coordinateur.store import Store

from .test_instantane import (
    _intervenants,
    ajoute,
    own_segments,
    retire_c_apres_elagage,
    root_of,
    valeurs_des_fiches,
)

# -- successors of a device (a restored or copied store) -------------------------------------------------


def _suite(
    root: Path, team: equipe.Equipe, former: str, depuis: datetime, device: str | None = None, *,
    nom: str = "Portable de Marie-Thérèse d'Arsonval", coordinateur: str = "",
) -> str:  # fmt: skip
    """`team`'s laptop (infected: it holds its signing key, or its store restored on another computer)
    declares a new device succeeding `former`, with the same key (the members admit such a device without an
    invitation); the new device's id."""
    new = device or str(uuid.uuid4())
    card = {"appareil": new, "nom": nom, "coordinateur": coordinateur,
            "structure": "CLIC de Saint-Chély-d'Apcher", "cle": team.signataire.verify_key.encode().hex(),
            "depuis": depuis.isoformat(timespec="seconds"), "invitation": None, "preuve": None,
            "succede": former}  # fmt: skip
    equipe._declare(root, equipe.Equipe.from_json({**team.as_json(), "appareil": new, "declaration": card}))
    return new


def _vue(store: Store, root: Path) -> tuple[equipe.Equipe, list[str]]:
    """The team as `store` reads it in the folder now, and the alerts of that reading."""
    alertes: list[str] = []
    return actualisation.actualise(store, root, alertes), alertes


def test_a_device_already_succeeded_gets_no_second_active_successor_and_the_alert_names_both(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B's infected laptop declares X1 succeeding B (admitted: B's store restored elsewhere), and X3 succeeding
    X1 (admitted: the chain's tail, a store restored twice goes on). It then declares X2, also succeeding B:
    two devices would continue one stream, and the laptop could mint more at will. B's succession becomes
    disputed: none of X1, X2, X3 is active any more (B is again), with a French alert naming X1 and X2."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    now = datetime.now(UTC)
    x1 = _suite(root, team_b, b.device_id, now)
    team_a, _ = _vue(a, root)
    assert team_a.membres[b.device_id].get("remplace_par") == x1  # the premise: a restore is admitted
    x3 = _suite(root, team_b, x1, now + timedelta(minutes=2))
    for store in (a, c):
        team, _ = _vue(store, root)
        assert team.membres[x1].get("remplace_par") == x3, "the tail of the chain may be succeeded"
        assert x3 in team.actifs() and x1 not in team.actifs() and b.device_id not in team.actifs()
    x2 = _suite(root, team_b, b.device_id, now + timedelta(minutes=1))
    for store in (a, c):
        team, alertes = _vue(store, root)
        assert not {x1, x2, x3} & set(team.actifs()), "a successor of a disputed succession active"
        assert b.device_id in team.actifs() and "remplace_par" not in team.membres[b.device_id]
        said = [x for x in alertes if x1[:8] in x and x2[:8] in x]
        assert len(said) == 1 and "aucun n'est admis" in said[0] and "\n" not in said[0], alertes


def test_two_successors_of_one_device_are_decided_alike_whatever_each_laptop_saw_first(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """X1 succeeds B (declared first); A reads it alone and admits it. X2, declared a minute later under an id
    listed before X1's, also claims B; C reads both at once. Both laptops must end with the same members: a
    laptop deciding by what it happened to read first, or by listing order, or by the claims' dates, would
    keep a different member than its colleague for good. Neither is admitted (a disputed succession)."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    now = datetime.now(UTC)
    x1 = _suite(root, team_b, b.device_id, now, "ffffffff-0000-4000-8000-000000000001")
    _vue(a, root)
    x2 = _suite(root, team_b, b.device_id, now + timedelta(minutes=1), "00000000-0000-4000-8000-000000000002")
    views = [_vue(store, root)[0] for store in (a, c, a)]
    for team in views:
        assert "remplace_par" not in team.membres[b.device_id]
        assert team.conteste(x1) and team.conteste(x2)
        assert sorted(team.actifs()) == sorted(views[0].actifs())
    # and the successors of a disputed one are not admitted either, whatever their ids and dates
    y1 = _suite(root, team_b, x1, now + timedelta(minutes=3), "ffffffff-0000-4000-8000-0000000000a1")
    for store in (a, c):
        team, _ = _vue(store, root)
        assert team.conteste(y1) and y1 not in team.actifs() and "remplace_par" not in team.membres[x1]


def test_a_store_restored_again_from_a_backup_older_than_its_first_restore_goes_on_as_the_chains_tail(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B was restored once (its store went on as X1, succeeding B). It is restored again, from a backup taken
    before the first restore: its store holds B's id. Going on under a new id, it must succeed X1, the tail
    (B is succeeded already, a second successor of B would be refused): the colleagues admit it."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    x1 = _suite(root, team_b, b.device_id, datetime.now(UTC) - timedelta(days=3))
    team_b, _ = _vue(b, root)  # the restored store reads the folder before going on (`exige`, then `pousse`)
    old, new = b.device_id, str(uuid.uuid4())
    b.change_identite(new, lambda _session: None)
    team_b = successions.succede(b, root, team_b, old)
    assert team_b.declaration["succede"] == x1
    for store in (a, c):
        team, alertes = _vue(store, root)
        assert team.membres[x1].get("remplace_par") == new, alertes
        assert new in team.actifs() and not [x for x in alertes if new in x]


# -- a retired member's gap filled from a colleague's snapshot -------------------------------------------


def test_a_snapshot_claiming_a_retired_members_segments_the_folder_lacks_does_not_fill_its_gap(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """C pruned its own segments and was retired; A and B carry its words in their snapshots, which cover C up
    to its last accepted segment. D joins while that segment is not in its copy of the folder (the sync tool
    has not brought it yet, or the retired laptop removed it, or a snapshot was forged ahead of it). A
    snapshot claiming segments the folder does not hold is not taken to fill C's gap, as it is not for a
    head start: a French warning names it, and nothing of C is marked read. Once the segment is there, the
    next sync takes it."""
    a, b, c, _d, shared = equipe4
    revoque = retrait.revoque

    def un_de_plus(store: Store, root: Path, device: str) -> str:
        """C writes one more segment before it is retired (not pruned: its folder then holds two)."""
        ajoute(c, "Marie-Thérèse d'Arsonval", notes="Permanence à Saint-Chély-d'Apcher (Lozère)")
        with monkeypatch.context() as patch:
            patch.setattr(elagage, "elague", lambda *_a, **_k: 0)
            synchronise(c, shared)
        for other in (a, b):
            synchronise(other, shared)
        return revoque(store, root, device)

    monkeypatch.setattr(retrait, "revoque", un_de_plus)
    a, _b, c, d, shared, _de_a, _de_c = retire_c_apres_elagage(equipe4, monkeypatch)
    segments = own_segments(shared, c)
    assert len(segments) == 2  # the premise: a gap (C's earlier ones pruned), and two segments after it
    aside = tmp_path / segments[-1].name
    segments[-1].rename(aside)
    bilan = synchronise(d, shared)
    said = [x for x in bilan.alertes if "refusé pour l'instant" in x and ".snap" in x]
    assert said and all("que le dossier ne contient pas" in x for x in said), bilan.alertes
    with d.read() as session:
        assert not session.scalars(select(SegmentLu).where(SegmentLu.appareil == c.device_id)).first()
    aside.rename(segments[-1])
    synchronise(d, shared)
    assert valeurs_des_fiches(d) == valeurs_des_fiches(a)


# -- a member that read a retired laptop's refused segments before it knew of the retirement -------------


def test_a_member_that_read_a_retired_laptops_refused_segments_writes_snapshots_its_colleagues_accept(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """C (pruned, then stolen) writes a segment that B reads but A does not yet see: A retires C with the
    segment before it as its last accepted one. B learns of it afterwards, having read one segment too many.
    B's later snapshots must not claim that segment (its colleagues would refuse every one of them: B's
    segments could then never be pruned nor its gap filled), nor carry what B read in it as C's words: D,
    joining, accepts B's snapshot and holds what A holds, not the refused words."""
    a, b, c, _d, shared = equipe4
    revoque = retrait.revoque
    refused: dict[str, str] = {}

    def apres_un_segment_lu_par_b(store: Store, root: Path, device: str) -> str:
        fiche = lit(c, next(r.id for r in _intervenants(c) if r.nom == "Jean-Noël L'Hermet"))
        fiche.notes = "Fils à prévenir : 06 66 66 66 66"
        enregistre(c, fiche)
        refused["faux"] = ajoute(c, "Dr Faux-Nez", notes="Rappeler au 06 66 66 66 66, à Nasbinals")
        with monkeypatch.context() as patch:
            patch.setattr(elagage, "elague", lambda *_a, **_k: 0)
            synchronise(c, shared)
        synchronise(b, shared)  # B reads it; A's copy of the folder does not show it yet
        last = own_segments(shared, c)[-1]
        last.rename(tmp_path / last.name)
        try:
            return revoque(store, root, device)
        finally:
            (tmp_path / last.name).rename(last)

    monkeypatch.setattr(retrait, "revoque", apres_un_segment_lu_par_b)
    a, b, c, d, shared, _de_a, de_c = retire_c_apres_elagage(equipe4, monkeypatch)
    team_a = equipe.charge(a)
    assert team_a is not None
    ended = team_a.retraits[c.device_id]["dernier_seq"]
    with b.read() as session:
        read = session.scalar(select(func.max(SegmentLu.seq)).where(SegmentLu.appareil == c.device_id))
    assert read == ended + 1 and lit(b, refused["faux"]).nom == "Dr Faux-Nez"  # the premise: B read past
    assert c.device_id in load_settings(b).partage_inactifs_instantane  # B wrote a snapshot since it knows
    mine = jugement.dernier_valide(b, root_of(shared), auteur=b.device_id)
    assert mine is not None and mine.couvre[c.device_id][0] == ended
    bilan = synchronise(d, shared)
    assert not [x for x in bilan.alertes if b.device_id in x or "refusés de l'ordinateur retiré" in x], (
        bilan.alertes
    )
    with d.read() as session:
        judged = session.get(InstantaneVu, mine.nom)
        assert judged is not None and judged.valide, judged and judged.motif
    team_b = equipe.charge(b)
    assert team_b is not None
    path = root_of(shared) / mine.nom
    header, records, _conflicts = jugement.examine(path.read_bytes(), path, team_b, modeles())
    assert c.device_id not in header["parle_pour"]
    assert not [x for x in records if x["id"] == refused["faux"] or "06 66 66 66 66" in json.dumps(x)]
    with pytest.raises(IntrouvableError):
        lit(d, refused["faux"])
    assert lit(d, de_c).notes == lit(a, de_c).notes == "Fils à prévenir : 06 12 34 56 78"
