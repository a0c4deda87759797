"""What the Partage screen and the command line show of a laptop's former id once it has joined the team
again under a new id (`invitations.rejoint`): its former id is a retired laptop like any other. Read through
to its last accepted segment (none, when it was retired before anything of it was accepted), it leaves the
devices list (`tableau.appareils`) on every laptop, its own included, and does not come back; the team's
list (`retrait.membres`, `partage equipe membres`) keeps it as retired, under the laptop's own name, beside
the new id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe, retrait
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import appareils
from coordinateur.paths import resolve_paths
from coordinateur.store import Store

from .outils import Portable, en_equipe, portable, synchro_ok
from .test_attaque_rejoindre import _converge, _pousse_sans_lire, _rejoint
from .test_instantane import ajoute, root_of


def _listes(store: Store) -> dict[str, str]:
    """The devices list of the Partage screen: device id → name."""
    return {row.appareil: row.nom for row in appareils(store)}


@pytest.mark.parametrize(
    "acceptes",
    [0, 2],
    ids=["retire_sans_segment_accepte", "retire_apres_deux_segments"],
)
def test_a_former_id_leaves_the_devices_list_everywhere_and_stays_retired_in_the_team(
    equipe3: tuple[Store, Store, Store, Path], acceptes: int
) -> None:
    """C is retired (after two accepted segments, then one refused; or before any of its segments was
    accepted), joins again under a new id and everyone syncs: the former id is no longer in the devices list
    of A, B nor C, and later syncs with new edits do not bring it back; the new id is listed under C's name;
    the team's list shows the former id retired, the new one a member."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    for n in range(acceptes):
        ajoute(c, f"Accepté n° {n + 1}")
        synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    assert c.device_id in _listes(a) and c.device_id in _listes(b)  # the premise: A and B have seen C
    retrait.revoque(a, root_of(shared), c.device_id)
    if acceptes:
        ajoute(c, "Refusé : écrit après le retrait")
        _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    former = _rejoint(a, c, shared)
    assert c.device_id != former
    _converge(shared, c, a, b, tours=3)
    for store in (a, b, c):
        team = equipe.charge(store)
        assert team is not None and team.dernier(former) is not None
        assert team.dernier(former) == (acceptes, team.retraits[former].get("dernier_sha", ""))

    for store in (a, b, c):
        assert former not in _listes(store), (store.device_id[:8], _listes(store))
    for store in (a, b):
        assert _listes(store).get(c.device_id) == c.device_name
    for store in (a, b, c):
        lines = {line.appareil: line for line in retrait.membres(store)}
        assert lines[former].retire and lines[former].nom == c.device_name
        assert not lines[c.device_id].retire and lines[c.device_id].moi == (store is c)

    ajoute(a, "Après le retour de C")
    ajoute(c, "De C, sous son nouvel identifiant")
    _converge(shared, a, b, c, tours=2)
    for store in (a, b, c):
        assert former not in _listes(store), (store.device_id[:8], _listes(store))


def _appareils_de(laptop: Portable) -> dict[str, str]:
    with open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store:
        return _listes(store)


def test_the_command_line_lists_the_former_id_retired_and_the_screen_no_longer_lists_it(
    tmp_path: Path,
) -> None:
    """Through the command line: C joins, is retired before it wrote anything, joins again. Once both have
    synced, `partage equipe membres` shows, on A and on C, the former id retired and the new one a member
    (under the same name), and neither laptop's devices list holds the former id."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, c = portable(tmp_path / "a"), portable(tmp_path / "c")
    en_equipe(shared, a, c)
    synchro_ok(c.sync(shared))
    synchro_ok(a.sync(shared))
    assert c.device in _appareils_de(a)
    retired = a.cli("partage", "equipe", "revoque", c.device, "--dossier", str(shared))
    assert retired.returncode == 0, retired.stderr
    made = a.cli("partage", "equipe", "invitation", "--dossier", str(shared), "--json")
    assert made.returncode == 0, made.stderr
    joined = c.cli(
        "partage", "equipe", "rejoindre", json.loads(made.stdout)["code"], "--dossier", str(shared)
    )
    assert joined.returncode == 0, joined.stderr
    former, new = c.device, portable(c.data).device
    assert former != new and f"l'ancien, {former[:8]}, reste dans la liste" in joined.stdout
    for laptop in (c, a, c, a):
        synchro_ok(laptop.sync(shared))

    for laptop, me in ((a, a.device), (c, new)):
        listed = laptop.cli("partage", "equipe", "membres", "--dossier", str(shared), "--json")
        assert listed.returncode == 0, listed.stderr
        lines = {line["appareil"]: line for line in json.loads(listed.stdout)}
        assert lines[former]["retire"] and lines[former]["nom"] == lines[new]["nom"]
        assert not lines[new]["retire"] and lines[me]["moi"]
        text = laptop.cli("partage", "equipe", "membres", "--dossier", str(shared)).stdout.splitlines()
        assert next(line for line in text if line.startswith(former[:8])).endswith(" · retiré")
        assert next(line for line in text if line.startswith(new[:8])).endswith(
            " · cet ordinateur" if laptop is c else " · membre"
        )
        assert former not in _appareils_de(laptop), _appareils_de(laptop)
