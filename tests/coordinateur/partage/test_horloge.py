"""A laptop whose date is wrong *now* is warned from the start (issue 17, "clocks stay sane"): behind its
colleagues' latest changes (theirs are held aside here), or far past them; and the clock recovery, meant for
a wrong date since fixed, does not fire on a laptop that is merely behind its colleagues."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre, lit
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.dossier import initialise
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import etat
from coordinateur.paths import resolve_paths
from coordinateur.store import Store
from coordinateur.store.clock import system_ms
from coordinateur.store.models import Operation

from .outils import Portable, en_equipe

JOUR = 24 * 3600 * 1000


@pytest.fixture
def trois(tmp_path: Path) -> Iterator[tuple[Store, Store, Store, Path]]:
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    stores = [open_store(resolve_paths(tmp_path / n)) for n in "abc"]
    en_equipe(shared, *stores)
    try:
        yield stores[0], stores[1], stores[2], shared
    finally:
        for store in stores:
            store.close()


def _personne(store: Store, nom: str) -> str:
    return enregistre(store, FicheIntervenant(nom=nom, profession_code="60", commune_code="12119")).id


def test_a_laptop_whose_date_is_now_far_behind_its_colleagues_is_warned_and_not_recovered(
    trois: tuple[Store, Store, Store, Path],
) -> None:
    a, b, c, shared = trois
    kept = _personne(a, "Cayla")
    _personne(b, "Bozouls")
    _personne(c, "Espalion")
    for store in (a, b, c, a):
        synchronise(store, shared)
    assert etat(a, shared).erreur == ""
    a.clock._now_ms = lambda: system_ms() - 30 * JOUR  # a flat battery, a date typed wrong
    said = etat(a, shared).erreur  # at start, before any sync
    assert "en retard de 30 jour(s) sur les dernières modifications de vos collègues" in said, said
    assert "recalée" not in said
    _personne(b, "De B")
    _personne(c, "De C")
    for store in (b, c):
        synchronise(store, shared)
    with a.read() as session:
        before = session.query(Operation).count()
    result = synchronise(a, shared)
    assert not any("recalée" in alert for alert in result.alertes) and result.ecrits == 0
    with a.read() as session:
        assert session.query(Operation).count() == before  # its own sane edit is not re-stamped nor re-sent
    assert "en retard de 30 jour(s)" in etat(a, shared).erreur
    a.clock._now_ms = system_ms  # the date is fixed: the warning goes
    assert etat(a, shared).erreur == ""
    assert synchronise(a, shared).alertes == [] and lit(a, kept).nom == "Cayla"


def test_one_colleague_alone_far_ahead_is_not_this_laptops_wrong_date(
    trois: tuple[Store, Store, Store, Path],
) -> None:
    a, b, c, shared = trois
    for store in (a, b, c):
        _personne(store, f"De {store.device_id[:4]}")
        synchronise(store, shared)
    synchronise(a, shared)
    c.clock._now_ms = lambda: system_ms() + 40 * JOUR
    _personne(c, "Datée du futur")
    synchronise(c, shared)
    assert synchronise(a, shared).tenues == 1
    assert "en retard" not in etat(a, shared).erreur


def test_a_laptop_whose_date_is_now_years_ahead_is_warned_from_the_start(
    trois: tuple[Store, Store, Store, Path],
) -> None:
    a, b, _c, shared = trois
    _personne(b, "De B")
    synchronise(b, shared)
    synchronise(a, shared)
    a.clock._now_ms = lambda: system_ms() + 100 * JOUR  # a laptop left unused for three months: not said
    assert etat(a, shared).erreur == ""
    a.clock._now_ms = lambda: system_ms() + 3650 * JOUR  # the year typed wrong
    said = etat(a, shared).erreur
    assert "postérieure de 3650 jour(s) à la dernière modification reçue de vos collègues" in said, said
    _personne(a, "Sous la mauvaise date")  # the warning stays after an edit under that date
    assert "postérieure de 3650 jour(s)" in etat(a, shared).erreur


def test_partage_etat_says_the_date_looks_wrong(tmp_path: Path) -> None:
    """The command line's `partage etat` prints the warning too (here, the only colleague's latest change is
    ten years old as this laptop's date reads it)."""
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    with open_store(resolve_paths(tmp_path / "a")) as a, open_store(resolve_paths(tmp_path / "b")) as b:
        en_equipe(shared, a, b)
        b.clock._now_ms = lambda: system_ms() - 3650 * JOUR
        _personne(b, "Il y a dix ans")
        synchronise(b, shared)
        synchronise(a, shared)
    said = Portable(tmp_path / "a", "").cli("partage", "etat", "--dossier", str(shared))
    assert said.returncode == 0, said.stderr
    assert "postérieure de 3650 jour(s) à la dernière modification reçue de vos collègues" in said.stdout
