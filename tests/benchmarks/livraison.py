"""Benchmarks of the later issues: encryption (issue 7), indicators (issue 8) and the Linux bundle (issue 9)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.base import ENV, ROOT, Context, Result, time_until_marker


def bench_chiffrement(ctx: Context) -> list[Result]:
    """Encrypted vs plain in the same run: bulk insert, select; unlocking; backup of the large demo store."""
    import shutil

    from sqlalchemy import text

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.models import Intervenant
    from coordinateur.annuaire.service import apply_fiche
    from coordinateur.confiance import chiffrement
    from coordinateur.confiance.conversion import chiffre
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.confiance.sauvegarde import cree
    from coordinateur.paths import resolve_paths

    phrase = "Causse-Comtal 2026 !"
    fiches = [FicheIntervenant(nom=f"Nom{n:05d}", prenom="Marie", profession_code="60", commune_code="12119",
                               notes="Passe le mardi matin, sonner deux fois") for n in range(20_000)]  # fmt: skip

    def insert(store: object) -> float:
        rows = []
        for fiche in fiches:
            record = Intervenant()
            apply_fiche(record, fiche)
            rows.append(record)
        start = time.perf_counter()
        with store.write() as session:  # type: ignore[attr-defined]
            session.add_all(rows)
        return time.perf_counter() - start

    def select(store: object) -> float:
        start = time.perf_counter()
        for _ in range(5):
            with store.read() as session:  # type: ignore[attr-defined]
                session.execute(
                    text("SELECT id, nom, prenom, notes, commune_code FROM intervenant ORDER BY nom")
                ).all()
        return time.perf_counter() - start

    inserts: dict[bool, list[float]] = {False: [], True: []}
    selects: dict[bool, list[float]] = {False: [], True: []}
    for n in range(3):
        for encrypted in (False, True):
            paths = resolve_paths(ctx.folder / f"chiffrement-{n}-{int(encrypted)}")
            store = open_store(paths, phrase=phrase if encrypted else None)
            inserts[encrypted].append(insert(store))
            selects[encrypted].append(select(store))
            store.close()
    results = [
        Result("Base chiffrée : insertion de 20 000 fiches (vs en clair)", statistics.median(inserts[True]),
               statistics.median(inserts[False]), 1.5),
        Result("Base chiffrée : lecture de 20 000 fiches ×5 (vs en clair)", statistics.median(selects[True]),
               statistics.median(selects[False]), 1.2),
    ]  # fmt: skip

    paths = resolve_paths(ctx.folder / "chiffrement-0-1")
    unlocks = []
    for _ in range(ctx.repetitions):
        start = time.perf_counter()
        key = chiffrement.ouvre_cle(paths.data, phrase)
        store = open_store(paths, key=key)
        with store.read() as session:
            session.execute(text("SELECT count(*) FROM intervenant")).scalar()
        unlocks.append(time.perf_counter() - start)
        store.close()
    results.append(Result("Déverrouillage de la base chiffrée (budget absolu 0,5 s)",
                          statistics.median(unlocks), 0.5, 1.0))  # fmt: skip

    large = ctx.folder / "grande-chiffree"
    shutil.copytree(ctx.grande, large)
    grande = resolve_paths(large)
    chiffre(grande, phrase)
    key = chiffrement.ouvre_cle(grande.data, phrase)
    size = grande.store.stat().st_size / 1024 / 1024
    start = time.perf_counter()
    cree(grande, key, "manuelle")
    ours = time.perf_counter() - start
    copy = ctx.folder / "copie-brute.db"
    start = time.perf_counter()
    shutil.copyfile(grande.store, copy)
    with copy.open("rb+") as handle:
        os.fsync(handle.fileno())
    floor = time.perf_counter() - start
    print(
        f"  sauvegarde de la grande démo chiffrée ({size:.0f} Mo) : {size / ours:.0f} Mo/s", file=sys.stderr
    )
    results.append(Result(f"Sauvegarde de la grande démo chiffrée ({size:.0f} Mo, {size / ours:.0f} Mo/s)",
                          ours, floor, 0.0))  # fmt: skip
    return results


FLOOR_INDICATEURS = [
    "SELECT count(*) FROM reunion WHERE NOT deleted AND type = 'commission' AND statut IN ('tenue','validee') AND date BETWEEN :d AND :f",
    "SELECT count(*) FROM reunion WHERE NOT deleted AND statut IN ('tenue','validee') AND date BETWEEN :d AND :f",
    "SELECT count(*) FROM convention WHERE NOT deleted AND genre = 'mutualisation' AND signee_le BETWEEN :d AND :f",
    "SELECT count(*) FROM convention WHERE NOT deleted AND signee_le BETWEEN :d AND :f",
    "SELECT count(*) FROM structure WHERE NOT deleted AND outils_partages_le != '' AND outils_partages_le <= :f",
    "SELECT count(*) FROM evenement WHERE NOT deleted AND date BETWEEN :d AND :f",
    "SELECT count(*) FROM situation s JOIN reunion r ON r.id = s.reunion_id WHERE NOT s.deleted AND NOT r.deleted"
    " AND r.statut IN ('tenue','validee') AND r.date BETWEEN :d AND :f",
    "SELECT count(*) FROM action a JOIN reunion r ON r.id = a.reunion_id WHERE NOT a.deleted AND a.statut != 'abandonne'"
    " AND r.statut IN ('tenue','validee') AND r.date BETWEEN :d AND :f",
    "SELECT count(*) FROM action WHERE NOT deleted AND statut = 'fait' AND fait_le BETWEEN :d AND :f",
    "SELECT count(*) FROM action WHERE NOT deleted AND statut != 'abandonne' AND echeance != '' AND echeance < :f"
    " AND NOT (statut = 'fait' AND fait_le <= :f)",
    "SELECT count(DISTINCT coalesce(json_extract(p.value, '$.annuaire_id'), json_extract(p.value, '$.nom')))"
    " FROM reunion r, json_each(r.participants) p WHERE NOT r.deleted AND r.statut IN ('tenue','validee')"
    " AND r.date BETWEEN :d AND :f AND json_extract(p.value, '$.presence') IN ('present','visio')",
    "SELECT count(*) FROM personne WHERE NOT deleted AND (statut = 'suivie' OR date_dernier_contact >= :d)",
    "SELECT count(*) FROM fiche_liaison WHERE valide_le BETWEEN :d AND :f",
    "SELECT sum(f.prochaine_revue >= :f), sum(f.prochaine_revue < :f) FROM personne p LEFT JOIN fiche_liaison f"
    " ON f.personne_id = p.id AND f.numero = (SELECT max(numero) FROM fiche_liaison g WHERE g.personne_id = p.id)"
    " WHERE NOT p.deleted AND p.statut = 'suivie'",
    "SELECT avg(date_verification >= :v) FROM (SELECT date_verification FROM intervenant WHERE NOT deleted AND actif"
    " UNION ALL SELECT date_verification FROM structure WHERE NOT deleted AND actif)",
    "SELECT count(DISTINCT c.value) FROM structure s, json_each(s.zone_communes) c WHERE NOT s.deleted AND s.actif"
    " AND s.type_code IN ('SAAD','SPASAD')",
    "SELECT count(DISTINCT c.value) FROM structure s, json_each(s.zone_communes) c WHERE NOT s.deleted AND s.actif"
    " AND s.type_code IN ('SSIAD','SPASAD')",
]


def bench_indicateurs(ctx: Context) -> Result:
    """Every indicator of a year on the large demo store vs the equivalent raw SQL aggregates."""
    import sqlite3
    from datetime import date, timedelta

    from coordinateur.confiance.ouverture import open_store
    from coordinateur.indicateurs.calcul import calcule
    from coordinateur.indicateurs.periodes import periode, territoire
    from coordinateur.paths import resolve_paths
    from coordinateur.settings import load_settings

    paths = resolve_paths(ctx.grande)
    store = open_store(paths)
    year = periode(str(date.today().year))
    where = territoire(load_settings(store))
    params = {"d": year.debut.isoformat(), "f": year.fin.isoformat(),
              "v": (year.fin - timedelta(days=365)).isoformat()}  # fmt: skip
    conn = sqlite3.connect(paths.store)
    ours, floor = [], []
    for _ in range(ctx.repetitions):
        start = time.perf_counter()
        results = calcule(store, year, where)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for query in FLOOR_INDICATEURS:
            conn.execute(query, params).fetchall()
        floor.append(time.perf_counter() - start)
    conn.close()
    store.close()
    assert len(results) == len(FLOOR_INDICATEURS) + 1  # two figures share the sheets' state query
    return Result("Tous les indicateurs d'une année, grande démo (vs SQL brut)", statistics.median(ours),
                  statistics.median(floor), 0.0)  # fmt: skip


def _size_mb(folder: Path) -> float:
    """What the folder takes (links to a bundled library count once, as on disk)."""
    return (
        sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1024 / 1024
    )


def bench_bundle(ctx: Context) -> list[Result]:
    """The Linux bundle: its size against the budget and against a default PyInstaller build of the same
    app; its start to the main window against the start from source (same data, alternately)."""
    bundle = ROOT / "packaging" / "dist" / "coordinateur"
    print("  (construction du paquet : packaging/build.py)", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], check=True, capture_output=True)
    default = ctx.folder / "defaut"
    print("  (construction d'un paquet PyInstaller par défaut, pour comparer)", file=sys.stderr, flush=True)
    separator = ";" if sys.platform == "win32" else ":"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir", "--name", "coordinateur", "--distpath",
         str(default), "--workpath", str(ctx.folder / "defaut-travail"), "--specpath", str(ctx.folder),
         "--collect-submodules", "coordinateur", "--collect-submodules", "ui", "--hidden-import", "sqlcipher3",
         "--add-data", f"{ROOT / 'resources'}{separator}resources",
         "--add-data", f"{ROOT / 'coordinateur' / 'store' / 'migrations'}{separator}coordinateur/store/migrations",
         str(ROOT / "packaging" / "lanceur.py")],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    ours, plain = _size_mb(bundle), _size_mb(default / "coordinateur")
    archive = next((ROOT / "packaging" / "dist").glob("*.tar.gz"), None)
    packed = archive.stat().st_size / 1024 / 1024 if archive else 0.0
    results = [
        Result(
            f"Paquet Linux décompressé, Mo (budget 140 ; archive {packed:.0f} Mo)", ours, 140.0, 1.0, "Mo"
        ),
        Result("Paquet Linux décompressé / paquet PyInstaller par défaut", ours, plain, 0.0, "Mo"),
    ]
    data = ctx.folder / "demo-paquet"
    subprocess.run([str(bundle / "coordinateur"), "--data-dir", str(data), "demo", "--no-gui"], check=True,
                   capture_output=True)  # fmt: skip
    bundled = [str(bundle / "coordinateur"), "--data-dir", str(data), "--quitter-apres-affichage"]
    source = [sys.executable, "-m", "coordinateur", "--data-dir", str(data), "--quitter-apres-affichage"]
    time_until_marker(bundled, ENV)
    time_until_marker(source, ENV)
    bundle_times, source_times = [], []
    for _ in range(ctx.repetitions):
        bundle_times.append(time_until_marker(bundled, ENV))
        source_times.append(time_until_marker(source, ENV))
    results.append(Result("Démarrage du paquet → fenêtre (vs depuis les sources)", statistics.median(bundle_times),
                          statistics.median(source_times), 1.1))  # fmt: skip
    return results
