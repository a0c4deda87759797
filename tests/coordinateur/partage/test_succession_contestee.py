"""A disputed succession (`successions._successeurs`): two devices or more declaring, with one member's key, that
they go on for it (its store restored twice from one backup, or its infected laptop minting successors) are
decided from the set of claims seen, whatever order each laptop read them in: none is admitted, on every
laptop, one that had admitted the first claim it read withdraws it. The coordinator is told in French,
naming the computers; what was received from a withdrawn successor stays, its stream is no longer read."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coordinateur.partage import equipe, instantane, jugement, rattrapage, retrait, successions
from coordinateur.partage.bilan import kinds_partages
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.partage.tableau import etat
from coordinateur.store import Store

from .test_attaque_petits import _suite as suite
from .test_attaque_petits import _vue
from .test_instantane import _intervenants, ajoute, root_of

JEAN_NOEL = "Portable de Jean-Noël L'Hermet"
ACCUEIL = "Poste d'accueil de Saint-Geniez-d'Olt"


def _suite(root: Path, team: equipe.Equipe, former: str, nom: str, depuis: datetime | None = None) -> str:
    """`team`'s signing key declares a new device, named `nom`, succeeding `former` (the store of `team`'s
    laptop restored on another computer, or its infected laptop); the new device's id."""
    return suite(
        root, team, former, depuis or datetime.now(UTC), nom=nom, coordinateur="Hélène Marty-Lacombe"
    )


def _restauree(store: Store, root: Path) -> tuple[equipe.Equipe, str]:
    """`store` goes on under a new id, as a backup restored on a new computer does: (its team, its former
    id)."""
    team, _ = _vue(store, root)
    old = store.device_id
    store.change_identite(str(uuid.uuid4()), lambda _session: None)
    return successions.succede(store, root, team, old), old


def _successions(team: equipe.Equipe) -> dict[str, tuple[Any, Any, Any]]:
    """Every member as the successions decide it: (remplace_par, succede, conteste)."""
    return {d: (m.get("remplace_par"), m.get("succede"), m.get("conteste")) for d, m in team.membres.items()}


def _noms(store: Store) -> set[str]:
    return {r.nom for r in _intervenants(store)}


def test_two_successors_of_one_device_are_decided_alike_whichever_order_each_laptop_read_them_in(
    equipe4: tuple[Store, Store, Store, Store, Path], tmp_path: Path
) -> None:
    """X1 claims B; A reads it alone and admits it, then X3 claiming X1 (the chain's tail). X2 claims B too,
    dated a day earlier: D reads it alone (X1's and X3's files not there yet) and admits it. Then A reads X2,
    D reads X1 and X3, C reads all three at once. All end with the same members: B's succession disputed,
    X1, X2 and X3 kept known but not active, B active again."""
    a, b, c, d, shared = equipe4
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    now = datetime.now(UTC)
    x1 = _suite(root, team_b, b.device_id, JEAN_NOEL, now)
    x3 = _suite(root, team_b, x1, JEAN_NOEL, now + timedelta(minutes=1))
    team_a, _ = _vue(a, root)
    assert team_a.membres[b.device_id].get("remplace_par") == x1  # the premise: A admitted X1, then X3
    assert team_a.membres[x1].get("remplace_par") == x3 and x3 in team_a.actifs()
    aside = tmp_path / "pas encore copiés"
    aside.mkdir()
    late = [root / "equipe" / "membres" / f"{x}.cmb" for x in (x1, x3)]
    for path in late:
        path.rename(aside / path.name)
    x2 = _suite(root, team_b, b.device_id, ACCUEIL, now - timedelta(days=1))
    team_d, _ = _vue(d, root)
    assert team_d.membres[b.device_id].get("remplace_par") == x2  # the premise: D admitted X2
    for path in late:
        (aside / path.name).rename(path)
    views = {name: _vue(store, root)[0] for name, store in (("A", a), ("D", d), ("C", c), ("A encore", a))}
    everyone = sorted(s.device_id for s in (a, b, c, d))
    for name, team in views.items():
        assert "remplace_par" not in team.membres[b.device_id], name
        assert sorted(team.actifs()) == everyone, name
        assert all(team.conteste(x) for x in (x1, x2, x3)), name
    first = _successions(views["A"])
    assert all(_successions(team) == first for team in views.values())


def test_a_disputed_succession_is_said_in_french_naming_both_computers_on_the_partage_screen(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C syncs once two devices claim B: the alert names B, both computers (their names and the start of
    their ids: the copies of one store share a name), says what was received is kept and that the
    coordinator re-admits the right one by a new invitation; one line, no control character. It is given
    again at each sync (the Partage screen shows the last one's alerts), for two weeks."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    x1 = _suite(root, team_b, b.device_id, JEAN_NOEL)
    x2 = _suite(root, team_b, b.device_id, ACCUEIL)
    bilan = synchronise(c, shared)
    said = [x for x in bilan.alertes if x1[:8] in x and x2[:8] in x]
    assert len(said) == 1, bilan.alertes
    text = said[0]
    team_c = equipe.charge(c)
    assert team_c is not None
    for needle in (f"« {team_c.nom(b.device_id)} »", f"« {JEAN_NOEL} »", f"« {ACCUEIL} »", "Partage → Équipe → Retirer",
                   "déjà été reçu d'eux est gardé", "sauvegarde restaurée sur deux ordinateurs", "ne doit pas continuer"):  # fmt: skip
        assert needle in text, text
    assert not [ch for ch in text if unicodedata.category(ch)[0] == "C"], text
    assert text in etat(c, shared).erreur  # on the Partage screen
    assert text in synchronise(c, shared).alertes  # said again at the next sync
    later = datetime.now(UTC) + equipe.GRACE + timedelta(days=1)
    monkeypatch.setattr(equipe, "_now", lambda: later)
    _team, alertes = _vue(c, root)
    assert not [x for x in alertes if x1[:8] in x], alertes
    assert _vue(a, root)[0].conteste(x1)  # … and the dispute stands


def test_what_a_withdrawn_successor_sent_before_stays_and_nothing_after_is_read(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B's store goes on as X1 on a new computer (restored from a backup); X1 sends two records, A receives
    the first. The same backup restored on another computer at the same time claims B as well: A withdraws
    X1, keeps the record it received, and reads nothing more of X1's stream; X1 is told why it no longer
    shares; A's snapshots (covering X1's segments) are still accepted by C, which never admitted X1."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b, old = _restauree(b, root)
    x1 = b.device_id
    ajoute(b, "Dr Anne-Sophie d'Estaing")
    synchronise(b, shared)
    synchronise(a, shared)
    assert "Dr Anne-Sophie d'Estaing" in _noms(a)  # the premise: received from X1, admitted
    ajoute(b, "Mme Marie-Claude Saint-Léger")
    synchronise(b, shared)
    x2 = _suite(root, team_b, old, "Portable de Marie-Thérèse d'Arsonval")
    synchronise(a, shared)
    team_a = equipe.charge(a)
    assert team_a is not None and team_a.conteste(x1) and x1 not in team_a.actifs()
    assert "Dr Anne-Sophie d'Estaing" in _noms(a)
    assert "Mme Marie-Claude Saint-Léger" not in _noms(a)  # sent after: no longer read
    with pytest.raises(HorsEquipe) as told:
        synchronise(b, shared)
    assert "contestée" in told.value.message and x2[:8] in told.value.message
    assert "ne doit pas continuer" in told.value.message
    synchronise(c, shared)
    team_c = equipe.charge(c)
    assert team_c is not None and team_c.conteste(x1) and team_c.conteste(x2)
    name = instantane.ecrit(a, root, team_a, kinds_partages(a), modeles())
    path = root / name
    header, _records, _conflicts = jugement.examine(path.read_bytes(), path, team_c, modeles())
    assert x1 in header["couvre"]  # covering the withdrawn successor's segments: not refused


def test_a_withdrawn_successor_carries_no_retired_members_words_and_its_snapshots_are_not_taken() -> None:
    """X1, admitted as B's successor, retired E; its succession then disputed: E's words are taken from every
    active member's snapshots (not X1's), and a snapshot in X1's folder is refused."""
    a, b, x1, x2, e = (str(uuid.UUID(int=n)) for n in range(1, 6))
    membres: dict[str, dict[str, Any]] = {d: {"cle": d, "nom": d[:4]} for d in (a, b, x1, x2, e)}
    membres[x1]["succede"] = membres[x2]["succede"] = b
    team = equipe.Equipe(
        id="t", appareil=a, signature="", membres=membres, retraits={e: {"par": x1, "le": "x"}}
    )
    successions._successeurs(team, {}, [])
    assert team.conteste(x1) and team.conteste(x2) and "remplace_par" not in team.membres[b]
    assert rattrapage.porteurs(team, e) == {a, b}
    with pytest.raises(instantane.InstantaneRefuse, match="contestée"):
        jugement._ouvre(b"", Path(f"appareils/{x1}/{x1}_20260101T000000Z.snap"), team)


def _hors_de_vue(paths: list[Path], aside: Path) -> list[Path]:
    """`paths` moved aside (a sync tool that has not delivered them yet); their places, to put them back."""
    aside.mkdir(exist_ok=True)
    for path in paths:
        path.rename(aside / path.name)
    return paths


def _remis(paths: list[Path], aside: Path) -> None:
    for path in paths:
        (aside / path.name).rename(path)


def test_retiring_one_claimant_ends_the_dispute_alike_whatever_order_each_laptop_read_things_in(
    equipe4: tuple[Store, Store, Store, Store, Path], tmp_path: Path
) -> None:
    """X1 claims B, X3 claims X1, X2 claims B. A reads X1 and X3 alone (admits them), then X2 (the dispute),
    and retires X1, through the core function the Partage screen calls; D reads X2 alone (admits it), then
    the retirement before X1's and X3's claims reach it; C reads the three claims and the retirement at once.
    Every laptop ends with the same active members: X2, B's one successor left, admitted and active; X1
    retired; X3, going on for a retired laptop, not active; B replaced by X2. Order-independent: a function of
    the claims and the retirements seen. (B's own laptop is not among them: its store goes on as X2.)"""
    a, b, c, d, shared = equipe4
    root = root_of(shared)
    for store in (a, b, c, d):
        _vue(store, root)  # every laptop knows the team as it is (C pins D, which joined after it)
    team_b = equipe.charge(b)
    assert team_b is not None
    now = datetime.now(UTC)
    x1 = _suite(root, team_b, b.device_id, JEAN_NOEL, now)
    x3 = _suite(root, team_b, x1, JEAN_NOEL, now + timedelta(minutes=1))
    assert _vue(a, root)[0].membres[x1].get("remplace_par") == x3  # the premise: A admitted X1, then X3
    aside = tmp_path / "pas encore copiés"
    late = _hors_de_vue([root / "equipe" / "membres" / f"{x}.cmb" for x in (x1, x3)], aside)
    x2 = _suite(root, team_b, b.device_id, ACCUEIL, now - timedelta(days=1))
    assert _vue(d, root)[0].membres[b.device_id].get("remplace_par") == x2  # the premise: D admitted X2
    _remis(late, aside)
    assert _vue(a, root)[0].conteste(x2)  # the premise: the dispute on A
    assert "retiré de l'équipe" in retrait.revoque(a, root, x1)
    late = _hors_de_vue(late, aside)
    team_d, _ = _vue(d, root)  # D: the retirement first (X1 unknown to it), then the claims
    assert x1 in team_d.retraits and x1 not in team_d.membres
    _remis(late, aside)
    views = {name: _vue(store, root)[0] for name, store in (("A", a), ("C", c), ("D", d), ("A encore", a))}
    everyone = sorted([a.device_id, c.device_id, d.device_id, x2])
    for name, team in views.items():
        assert sorted(team.actifs()) == everyone, name
        assert team.membres[b.device_id].get("remplace_par") == x2, name
        assert team.membres[x2].get("succede") == b.device_id and not team.conteste(x2), name
        assert x1 in team.retraits and x1 not in team.actifs() and x3 not in team.actifs(), name
        assert not team.membres[b.device_id].get("contestee_le"), name
        assert not team.hors_partage(), name


def test_the_disputed_laptop_shares_again_by_itself_once_the_other_claimant_is_retired(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """B's store goes on as X2 on a new computer (restored from a backup) and sends a record, which C reads.
    The same backup, restored on another computer (X1), claims B too: X2 stops sharing, told how to get out
    of it; a record typed on X2 meanwhile waits. A retires X1 from the team. X2 shares again at its next sync,
    by itself: what it typed during the dispute and after reaches A (which reads X2's stream from its start)
    and C (from where it stood); nothing of X2's is lost."""
    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b, old = _restauree(b, root)
    x2 = b.device_id
    ajoute(b, "Dr Anne-Sophie d'Estaing")
    synchronise(b, shared)
    synchronise(c, shared)
    assert "Dr Anne-Sophie d'Estaing" in _noms(c)  # the premise: C admitted X2 and read it
    x1 = _suite(root, team_b, old, JEAN_NOEL)
    ajoute(b, "Mme Marie-Claude Saint-Léger")
    with pytest.raises(HorsEquipe) as told:
        synchronise(b, shared)
    assert "contestée" in told.value.message  # the premise: X2 no longer shares
    synchronise(a, shared)
    synchronise(c, shared)
    team_c = equipe.charge(c)
    assert team_c is not None and team_c.conteste(x2)  # C stopped reading X2
    retrait.revoque(a, root, x1)
    synchronise(b, shared)  # shares again: no HorsEquipe
    team_x2 = equipe.charge(b)
    assert team_x2 is not None and not team_x2.hors_partage() and not team_x2.retire
    assert x2 in team_x2.actifs() and x1 in team_x2.retraits
    ajoute(b, "M. Jean-Baptiste d'Aubigny-Lacombe")
    synchronise(b, shared)
    for store in (a, c):
        synchronise(store, shared)
        team = equipe.charge(store)
        assert team is not None and x2 in team.actifs() and team.membres[old].get("remplace_par") == x2
        names = _noms(store)
        for name in (
            "Dr Anne-Sophie d'Estaing",
            "Mme Marie-Claude Saint-Léger",
            "M. Jean-Baptiste d'Aubigny-Lacombe",
        ):
            assert name in names, (store.device_id, names)


def test_a_disputed_claimant_is_listed_and_retired_from_the_partage_screen(
    equipe3: tuple[Store, Store, Store, Path], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """C sees B's succession disputed by X1 and X2: the Partage screen's team list shows both (« suite
    contestée »), and retiring X1 there goes through (the core function `retrait.revoque` finds it, though not
    active, and sets its last segment); X2 is then B's successor on C. Retiring X2 itself, for real, is not
    undone by the dispute's end: a laptop retired stays retired."""
    from PySide6.QtWidgets import QMessageBox

    from coordinateur.settings import enregistre_reglages
    from ui.partage.equipe import EquipePage

    a, b, c, shared = equipe3
    root = root_of(shared)
    team_b = equipe.charge(b)
    assert team_b is not None
    x1 = _suite(root, team_b, b.device_id, JEAN_NOEL)
    x2 = _suite(root, team_b, b.device_id, ACCUEIL)
    synchronise(c, shared)
    lines = {line.appareil: line for line in retrait.membres(c)}
    assert lines[x1].conteste and lines[x2].conteste and not lines[x1].retire
    enregistre_reglages(c, partage_dossier=str(shared))
    page = EquipePage(c)
    qtbot.addWidget(page)
    states = {page._lines[r].appareil: page.members.item(r, 3).text() for r in range(page.members.rowCount())}
    assert states[x1] == states[x2] == "suite contestée"
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(f"refusé : {text}"))
    page.members.selectRow(next(r for r, line in enumerate(page._lines) if line.appareil == x1))
    page.revoke()
    assert said and "retiré de l'équipe" in said[-1], said
    team_c = equipe.charge(c)
    assert team_c is not None and x1 in team_c.retraits and x2 in team_c.actifs()
    assert team_c.membres[b.device_id].get("remplace_par") == x2
    states = {page._lines[r].appareil: page.members.item(r, 3).text() for r in range(page.members.rowCount())}
    assert states[x1] == "retiré" and states[x2] == "membre"
    # a real retirement of the one left stands: it is not a dispute's end
    retrait.revoque(a, root, x2)
    team_a, _ = _vue(a, root)
    assert x2 in team_a.retraits and x2 not in team_a.actifs() and b.device_id in team_a.actifs()
    assert "remplace_par" not in team_a.membres[b.device_id]


def test_the_dispute_messages_name_the_remedy_retiring_the_one_that_must_not_continue(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """The colleagues' alert and the disputed laptop's own message give the remedy that exists: retire from
    the team, from another computer (Partage → Équipe), the one that must not continue; the other goes on by
    itself at the next sync. The disputed laptop is also told that a new invitation would bring it back under
    a new id (what `test_rejoindre` does). One paragraph each, no control character."""
    _a, b, c, shared = equipe3
    root = root_of(shared)
    team_b, old = _restauree(b, root)
    x2 = b.device_id
    x1 = _suite(root, team_b, old, JEAN_NOEL)
    alert = next(x for x in synchronise(c, shared).alertes if x1[:8] in x and x2[:8] in x)
    with pytest.raises(HorsEquipe) as told:
        synchronise(b, shared)
    own = told.value.message
    for text in (alert, own):
        assert "réadmettre" not in text, text
        assert "Partage → Équipe" in text and "Retirer" in text, text
        assert "depuis un autre ordinateur" in text, text
        assert "ne doit pas continuer" in text and "de lui-même à la synchronisation suivante" in text, text
        assert not [ch for ch in text if unicodedata.category(ch)[0] == "C"], text
    assert f"« {JEAN_NOEL} » ({x1[:8]})" in own
    assert "une nouvelle invitation l'y ferait revenir sous un nouvel identifiant" in own
