"""The shared folder over a long history (issue 17): five laptops at three history lengths, and a
territory of fifteen laptops over five years.

A round: each laptop creates one directory record and changes a few existing ones, then pushes its
segment; every seventh round (a simulated week; one round is one day) every laptop syncs fully, so that
snapshots, read receipts and pruning run as they would. The clocks of the bookkeeping (when a segment was
written, read, when a snapshot or a receipt is dated) follow the simulated days; the records' own clocks
stay real. Lines, at 50, 200 and 800 rounds:

- the window's periodic look finding nothing new (what runs every minute: it starts a sync only when a
  colleague's folder names a new segment) vs listing the whole folder (every entry stat'ed): ≤ 1.5×; a
  sync started by hand with nothing new, against the same listing, is printed as a measure;
- pulling one new round (one segment from each of four colleagues) vs the same at the shortest history:
  ±20 %;
- a sync with nothing new vs the same at the shortest history: ±20 %;
- a new laptop joining vs inserting the same final records directly into a new store (alternately, medians
  of several): ≤ 2×, and its peak
  memory (tracemalloc) vs that of the direct insertion: the live records show in both, the history must not;
- the folder's size after compaction vs one snapshot plus the grace window's segments: ≤ 3×;
and the folder's growth (files, MB) printed for each length.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.benchmarks.base import Context, Result

MODIFS_PAR_TOUR = 3  # changes of existing records per laptop and round, besides one creation
# COORDINATEUR_BENCH_TOURS="10,20,40" for a quick look
LONGUEURS = tuple(int(n) for n in os.environ.get("COORDINATEUR_BENCH_TOURS", "50,200,800").split(","))
# the short lines (a sync with nothing new, pulling one round: tenths of a second, whose spread on this
# disk is about ±40 % from one sample to the next) are medians of this many samples, each started after a
# garbage collection as `timeit` does, so that a collection the previous sample left due is not counted
ECHANTILLONS_COURTS = 9


class Jours:
    """The simulated calendar: the partage modules' own notion of "now" follows it."""

    def __init__(self) -> None:
        self.debut = datetime.now(UTC) - timedelta(days=10)  # the records' real clocks stay ahead of it
        self.jour = 0

    def maintenant(self) -> datetime:
        return self.debut + timedelta(days=self.jour)

    @contextmanager
    def installe(self) -> Iterator[None]:
        from coordinateur.partage import bilan, instantane

        saved = (instantane._now, bilan._now)
        instantane._now = self.maintenant  # type: ignore[assignment]
        bilan._now = lambda: self.maintenant().isoformat(timespec="seconds")  # type: ignore[assignment]
        try:
            yield
        finally:
            instantane._now, bilan._now = saved  # type: ignore[assignment]


def _taille(root: Path) -> tuple[int, int]:
    files = size = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return files, size


def _liste(root: Path) -> int:
    """The floor of a sync with nothing new: list the whole folder, every entry stat'ed."""
    count = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            os.lstat(os.path.join(folder, name))
            count += 1
    return count


class Territoire:
    def __init__(self, ctx: Context, nom: str, portables: int, modifs: int) -> None:
        from coordinateur.confiance.ouverture import open_store
        from coordinateur.partage.dossier import initialise
        from coordinateur.paths import resolve_paths
        from tests.coordinateur.partage.outils import en_equipe

        self.ctx, self.modifs = ctx, modifs
        self.base = ctx.folder / nom
        self.shared = self.base / "partage"
        self.shared.mkdir(parents=True)
        initialise(self.shared)
        self.stores = [open_store(resolve_paths(self.base / f"p{n}")) for n in range(portables)]
        en_equipe(self.shared, *self.stores)
        self.ids: list[str] = []
        self.rng = random.Random(17)
        self.jours = Jours()
        self.nouveaux = 0

    @property
    def root(self) -> Path:
        return self.shared / "coordinateur"

    def edite(self, n: int) -> None:
        from coordinateur.annuaire.models import Intervenant

        store = self.stores[n]
        with store.write() as session:
            record = Intervenant(nom=f"Nom{len(self.ids):06d}", prenom="Marie", profession_code="60",
                                 commune_code="12119")  # fmt: skip
            session.add(record)
            session.flush()
            self.ids.append(record.id)
            known = self.ids[:-1]
            for n in range(self.modifs if known else 0):
                other = session.get(Intervenant, self.rng.choice(known))
                if other is not None:
                    other.notes = (
                        f"Passage du jour {self.jours.jour} : la voisine, Mme d'Arsonval, a la clé ({n})"
                    )

    def tour(self) -> None:
        from coordinateur.partage import equipe
        from coordinateur.partage.bilan import Bilan
        from coordinateur.partage.envoi import pousse
        from coordinateur.partage.sync import synchronise

        with self.jours.installe():
            for n, store in enumerate(self.stores):
                self.edite(n)
                team = equipe.charge(store)
                assert team is not None
                pousse(store, self.root, Bilan(), team)
            if self.jours.jour % 7 == 6:
                for store in self.stores:
                    synchronise(store, self.shared)
            self.jours.jour += 1

    def tous_synchronises(self) -> None:
        from coordinateur.partage.sync import synchronise

        with self.jours.installe():
            for _ in range(2):
                for store in self.stores:
                    synchronise(store, self.shared)

    def sans_nouveau(self) -> tuple[float, float, float]:
        """(a sync with nothing new, the floor: listing the folder, the window's periodic look finding
        nothing new — what runs every minute; it starts a sync only when it finds something)."""
        from coordinateur.partage.sync import a_recevoir, synchronise

        reader = self.stores[0]
        ours, floor, look = [], [], []
        with self.jours.installe():
            synchronise(reader, self.shared)
            for _ in range(max(ECHANTILLONS_COURTS, self.ctx.repetitions)):
                gc.collect()
                start = time.perf_counter()
                _liste(self.root)
                floor.append(time.perf_counter() - start)
                gc.collect()
                start = time.perf_counter()
                bilan = synchronise(reader, self.shared)
                ours.append(time.perf_counter() - start)
                assert bilan.appliques == 0
                gc.collect()
                start = time.perf_counter()
                assert not a_recevoir(reader, self.root)
                look.append(time.perf_counter() - start)
        return statistics.median(ours), statistics.median(floor), statistics.median(look)

    def un_tour_de_plus(self) -> float:
        """Colleagues push one round each; the time the first laptop takes to pull it (median of
        `ECHANTILLONS_COURTS` rounds)."""
        from coordinateur.partage import equipe
        from coordinateur.partage.bilan import Bilan
        from coordinateur.partage.envoi import pousse
        from coordinateur.partage.sync import synchronise

        times = []
        with self.jours.installe():
            for _ in range(max(ECHANTILLONS_COURTS, self.ctx.repetitions)):
                for n, store in enumerate(self.stores[1:], start=1):
                    self.edite(n)
                    team = equipe.charge(store)
                    assert team is not None
                    pousse(store, self.root, Bilan(), team)
                gc.collect()
                start = time.perf_counter()
                bilan = synchronise(self.stores[0], self.shared)
                times.append(time.perf_counter() - start)
                assert bilan.appliques > 0
        return statistics.median(times)

    def arrivee(self, trace: bool) -> tuple[float, int, int]:
        """A new laptop joins: (seconds, peak traced bytes when `trace`, records received)."""
        from coordinateur.confiance.ouverture import open_store
        from coordinateur.partage import invitations
        from coordinateur.partage.sync import synchronise
        from coordinateur.paths import resolve_paths

        self.nouveaux += 1
        store = open_store(resolve_paths(self.base / f"nouveau{self.nouveaux}"))
        try:
            with self.jours.installe():
                invitations.rejoint(store, self.root, invitations.invite(self.stores[0], self.root).code)
                gc.collect()
                if trace:
                    tracemalloc.start()
                start = time.perf_counter()
                synchronise(store, self.shared)
                elapsed = time.perf_counter() - start
                peak = tracemalloc.get_traced_memory()[1] if trace else 0
                if trace:
                    tracemalloc.stop()
            from sqlalchemy import func, select

            from coordinateur.annuaire.models import Intervenant

            with store.read() as session:
                received = session.scalar(select(func.count()).select_from(Intervenant)) or 0
        finally:
            store.close()
        return elapsed, peak, received

    def insertion_directe(self, trace: bool = False) -> tuple[float, int]:
        """The floor of joining: the same final records inserted directly into a new store (and indexed)."""
        from sqlalchemy import select

        from coordinateur.annuaire import index
        from coordinateur.annuaire.models import Intervenant
        from coordinateur.confiance.ouverture import open_store
        from coordinateur.paths import resolve_paths

        with self.stores[0].read() as session:
            names = Intervenant.data_fields()
            rows = [{n: getattr(r, n) for n in names} for r in session.scalars(select(Intervenant))]
        self.nouveaux += 1
        store = open_store(resolve_paths(self.base / f"direct{self.nouveaux}"))
        try:
            gc.collect()
            if trace:
                tracemalloc.start()
            start = time.perf_counter()
            records = [Intervenant(**row) for row in rows]
            with store.write() as session:
                session.add_all(records)
                session.flush()
                index.reindex(session, records)
            elapsed = time.perf_counter() - start  # committed: a join's time counts its commits too
            peak = tracemalloc.get_traced_memory()[1] if trace else 0
            if trace:
                tracemalloc.stop()
            return elapsed, peak
        finally:
            store.close()

    def compaction(self) -> tuple[int, int]:
        """(the folder's size, one snapshot plus the grace window's segments), in bytes: the window is the
        grace period and the week before the next snapshot, one segment per laptop and round (a day)."""
        from coordinateur.partage import equipe, instantane
        from coordinateur.partage.bilan import kinds_partages
        from coordinateur.partage.sync import modeles

        # one snapshot of the whole directory (every record, every field), sealed as a snapshot file is:
        # the members' own snapshots together stand for it
        store = self.stores[0]
        team = equipe.charge(store)
        assert team is not None
        whole = instantane.encode(store, kinds_partages(store), instantane.couverture(store), modeles())
        snapshot = len(team.scelle(whole, "instantane"))
        sizes = [p.stat().st_size for p in self.root.glob("appareils/*/segments/*.seg")]
        rounds = min((instantane.GRACE + instantane.INSTANTANE_DELAI).days, self.jours.jour)
        return _taille(self.root)[1], snapshot + int(
            statistics.median(sizes or [0]) * len(self.stores) * rounds
        )

    def ferme(self) -> None:
        for store in self.stores:
            store.close()


def _arrivees(territory: Territoire, times: int) -> tuple[float, float, int]:
    """(a new laptop joining, the same records inserted directly, records received): measured alternately,
    `times` each, medians (one join is one noisy sample of this disk)."""
    joins, directs, received = [], [], 0
    for _ in range(times):
        join, _peak, received = territory.arrivee(trace=False)
        joins.append(join)
        directs.append(territory.insertion_directe()[0])
    return statistics.median(joins), statistics.median(directs), received


def bench_historique(ctx: Context) -> list[Result]:
    results: list[Result] = []
    territory = Territoire(ctx, "historique", 5, MODIFS_PAR_TOUR)
    pulls: dict[int, float] = {}
    idle: dict[int, float] = {}
    growth: list[str] = []
    first = LONGUEURS[0]
    try:
        for length in LONGUEURS:
            started = time.perf_counter()
            while territory.jours.jour < length:
                territory.tour()
            territory.tous_synchronises()
            built = time.perf_counter() - started
            print(f"  {length} tours construits en {built:.0f} s", file=sys.stderr, flush=True)
            files, size = _taille(territory.root)
            idle[length], floor, look = territory.sans_nouveau()
            name = f"{length} tours : regard périodique sans nouveauté"
            results.append(Result(f"{name} ÷ lister le dossier", look, floor, 1.5))
            name = f"{length} tours : synchro sans nouveauté"
            results.append(Result(f"{name} ÷ lister le dossier", idle[length], floor, 0))
            results.append(Result(f"{name} ÷ la même à {first} tours", idle[length], idle[first], 1.2))
            pulls[length] = territory.un_tour_de_plus()
            name = f"{length} tours : tirer un tour"
            results.append(Result(f"{name} ÷ le même à {first} tours", pulls[length], pulls[first], 1.2))
            join, direct, received = _arrivees(territory, max(3, ctx.repetitions))
            _t, peak, _r = territory.arrivee(trace=True)
            _d, direct_peak = territory.insertion_directe(trace=True)
            name = f"{length} tours : arrivée ({received} fiches)"
            results.append(Result(f"{name} ÷ insertion directe", join, direct, 2.0))
            # the live records show in both; the history's length must not
            results.append(
                Result(f"{name}, mémoire de pointe ÷ insertion", peak / 1e6, direct_peak / 1e6, 2.0, "Mo")
            )
            compacted, bound = territory.compaction()
            name = f"{length} tours : dossier compacté"
            results.append(
                Result(f"{name} ÷ instantané + fenêtre de grâce", compacted / 1e6, bound / 1e6, 3.0, "Mo")
            )
            growth.append(
                f"{length} tours : {files} fichiers, {size / 1e6:.1f} Mo, {len(territory.ids)} fiches"
            )
    finally:
        territory.ferme()
    for line in growth:
        print(f"  croissance — {line}", file=sys.stderr)
    results.append(Result("Croissance du dossier : " + " ; ".join(growth), 0, 0, 0))
    return results


def bench_territoire(ctx: Context) -> list[Result]:
    """Fifteen laptops over five years: one segment of ten changes per laptop and week; everyone syncs
    fully every other week."""
    territory = Territoire(ctx, "territoire", 15, 9)
    weeks = 5 * 52
    started = time.perf_counter()
    try:
        while territory.jours.jour < weeks * 7:
            with territory.jours.installe():
                from coordinateur.partage import equipe
                from coordinateur.partage.bilan import Bilan
                from coordinateur.partage.envoi import pousse
                from coordinateur.partage.sync import synchronise

                for n, store in enumerate(territory.stores):
                    territory.edite(n)
                    team = equipe.charge(store)
                    assert team is not None
                    pousse(store, territory.root, Bilan(), team)
                if territory.jours.jour % 14 == 7:  # everyone reads every other week
                    for store in territory.stores:
                        synchronise(store, territory.shared)
            territory.jours.jour += 7
        territory.tous_synchronises()
        print(f"  cinq ans construits en {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        files, size = _taille(territory.root)
        ours, floor, look = territory.sans_nouveau()
        join, direct, received = _arrivees(territory, 3)
        _t, peak, _r = territory.arrivee(trace=True)
    finally:
        territory.ferme()
    label = f"15 portables, 5 ans ({files} fichiers, {size / 1e6:.1f} Mo"
    return [
        Result(f"{label}) : regard périodique sans nouveauté ÷ lister", look, floor, 1.5),
        Result(f"{label}) : synchro sans nouveauté ÷ lister", ours, floor, 0),
        Result(
            f"{label}) : arrivée ({received} fiches, pointe {peak / 1e6:.0f} Mo) ÷ insertion",
            join,
            direct,
            2.0,
        ),
    ]
