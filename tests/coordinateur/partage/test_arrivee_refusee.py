"""A newcomer whose declaration no member read before its invitation expired is refused by every member: its
own laptop, judging its own declaration by the members' rules, is told (the sync's warnings, the state),
and may join again with a new invitation. A newcomer the members admitted is told nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe, invitations
from coordinateur.partage.actualisation import ARRIVEE_REFUSEE
from coordinateur.partage.dossier import initialise
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import etat
from coordinateur.paths import resolve_paths
from coordinateur.settings import load_settings
from coordinateur.store import Store

from .conftest import lectures
from .test_partage import names, person


@dataclass
class Deux:
    """A's team in a shared folder, and N, a laptop not in it yet."""

    shared: Path
    root: Path
    a: Store
    n: Store

    def rejoint(self) -> None:
        invitations.rejoint(self.n, self.root, invitations.invite(self.a, self.root).code)

    def plus_tard(self, monkeypatch: pytest.MonkeyPatch, days: int = 40) -> None:
        later = equipe._now() + timedelta(days=days)
        monkeypatch.setattr(equipe, "_now", lambda: later)


@pytest.fixture
def t(tmp_path: Path) -> Iterator[Deux]:
    shared = tmp_path / "partage"
    shared.mkdir()
    root = initialise(shared)
    a, n = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "n"))
    try:
        equipe.creer(a, root)
        synchronise(a, shared)
        yield Deux(shared, root, a, n)
    finally:
        a.close()
        n.close()


def _dit_refus(alertes: list[str]) -> bool:
    return any("Votre arrivée dans l'équipe n'a pas été confirmée" in x for x in alertes)


def test_a_newcomer_nobody_read_before_its_invitation_expired_is_told_and_may_join_again(
    t: Deux, monkeypatch: pytest.MonkeyPatch
) -> None:
    t.rejoint()
    person(t.n, "Mme Cabrolier-Vayssettes")
    assert not _dit_refus(synchronise(t.n, t.shared).alertes)  # the invitation is young: nothing to say
    assert etat(t.n, t.shared).hors_equipe == ""
    t.plus_tard(monkeypatch)  # A was away all along
    said = [x for x in synchronise(t.a, t.shared).alertes if t.n.device_id[:8] in x and "a expiré" in x]
    # named as it names itself, and what to do
    assert (
        said
        and f"se présentant comme « {t.n.device_name} »" in said[0]
        and "invitez-le de nouveau" in said[0]
    )

    bilan = synchronise(t.n, t.shared)

    assert _dit_refus(bilan.alertes)
    state = etat(t.n, t.shared)
    assert state.connecte and state.hors_equipe == ARRIVEE_REFUSEE  # the screen does not say « connecté »
    assert ARRIVEE_REFUSEE in load_settings(t.n).partage_derniere_erreur
    assert _dit_refus(synchronise(t.n, t.shared).alertes)  # said again (not hidden by the team's cache)

    # a new invitation: N joins again, under a new id, and what it wrote goes out again
    former = t.n.device_id
    invitations.rejoint(t.n, t.root, invitations.invite(t.a, t.root).code)
    assert t.n.device_id != former
    again = synchronise(t.n, t.shared).alertes
    assert not _dit_refus(again)
    assert not [x for x in again if former[:8] in x]  # its own former id is not a stranger to it
    assert etat(t.n, t.shared).hors_equipe == ""
    synchronise(t.a, t.shared)
    assert "Mme Cabrolier-Vayssettes" in names(t.a)


def test_a_newcomer_the_members_read_in_time_is_not_warned_after_the_invitation_expired(
    t: Deux, monkeypatch: pytest.MonkeyPatch
) -> None:
    t.rejoint()
    person(t.n, "M. Puech-Lacombe")
    synchronise(t.n, t.shared)
    synchronise(t.a, t.shared)  # A admits N, reads it, and says so in its read receipt
    t.plus_tard(monkeypatch)

    bilan = synchronise(t.n, t.shared)

    assert not _dit_refus(bilan.alertes)
    assert etat(t.n, t.shared).hors_equipe == ""
    team = equipe.charge(t.n)
    assert team is not None and team.arrivee_confirmee and not team.arrivee_refusee
    assert not _dit_refus(synchronise(t.n, t.shared).alertes)  # the team as it was just saved, read once more
    read = lectures(monkeypatch)
    assert not _dit_refus(synchronise(t.n, t.shared).alertes)
    assert not [p for p in read if "/equipe/" in p]  # admitted for good: the team's files are not read again


def test_a_newcomer_admitted_with_nothing_to_read_is_not_warned_once_a_receipt_names_it(
    t: Deux, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N joined and A admitted it in time, but N had written nothing: no read receipt named it when the
    invitation expired. Once N writes and A's read receipt names it, N is admitted by every rule: not warned."""
    t.rejoint()
    synchronise(t.n, t.shared)
    synchronise(t.a, t.shared)  # A admits N (nothing of N to read)
    t.plus_tard(monkeypatch)
    person(t.n, "Mme Bessière-Cayla")
    assert not _dit_refus(synchronise(t.n, t.shared).alertes)  # nothing of N in the folder before this sync
    synchronise(t.a, t.shared)  # A reads N: its receipt names N

    bilan = synchronise(t.n, t.shared)

    assert not _dit_refus(bilan.alertes)
    assert "Mme Bessière-Cayla" in names(t.a)
    team = equipe.charge(t.n)
    assert team is not None and team.arrivee_confirmee and etat(t.n, t.shared).hors_equipe == ""


def test_the_founder_of_a_team_never_judges_its_own_arrival(t: Deux, monkeypatch: pytest.MonkeyPatch) -> None:
    person(t.a, "Mme Lacan")
    synchronise(t.a, t.shared)
    t.plus_tard(monkeypatch)
    assert not _dit_refus(synchronise(t.a, t.shared).alertes)
    assert etat(t.a, t.shared).hors_equipe == ""


def test_a_laptop_not_in_the_folders_team_is_not_shown_as_connected(t: Deux, tmp_path: Path) -> None:
    """N chose A's team's folder but has not joined: the state says so (the screen and the status bar do not
    say « connecté »); an empty folder, where N's first sync would create a team, is simply connected."""
    state = etat(t.n, t.shared)
    assert state.connecte and "ne fait pas encore partie" in state.hors_equipe
    empty = tmp_path / "vide"
    empty.mkdir()
    initialise(empty)
    state = etat(t.n, empty)
    assert state.connecte and state.hors_equipe == ""
    t.rejoint()
    assert etat(t.n, t.shared).hors_equipe == ""
