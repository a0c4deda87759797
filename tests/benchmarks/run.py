"""Benchmarks: `python -m tests.benchmarks.run` prints a table of ratios against floors measured in the same run.

Each entry measures Coordinateur and a floor (the least any implementation could do on this machine) the
same way, alternately, several times, and compares medians. Nothing here fails CI on noise; the table is
what the README quotes. Options: --repetitions N, --only NAME.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FLOOR_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import sqlalchemy.orm
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 780)
window.show()
def report():
    print("fenetre-affichee", flush=True)
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""


@dataclass
class Result:
    name: str
    measured: float
    floor: float
    budget: float
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.measured / self.floor if self.floor else float("inf")


def time_until_marker(command: list[str], env: dict[str, str], marker: str = "fenetre-affichee") -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        if marker in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{command[:3]} n'a pas affiché sa fenêtre")
    process.wait(timeout=60)
    return elapsed


ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


class Context:
    """Shared fixtures of one run: the large demo store is built once, on first use."""

    def __init__(self, folder: Path, repetitions: int) -> None:
        self.folder = folder
        self.repetitions = repetitions
        self._grande: Path | None = None

    @property
    def grande(self) -> Path:
        if self._grande is None:
            data = self.folder / "grande"
            print("  (construction de la grande démo : 50 000 intervenants)", file=sys.stderr, flush=True)
            subprocess.run(
                [sys.executable, "-m", "coordinateur", "--data-dir", str(data), "demo", "--no-gui", "--taille", "grande"],
                check=True, env=ENV, capture_output=True,
            )  # fmt: skip
            self._grande = data
        return self._grande


def bench_cold_start(ctx: Context) -> Result:
    data = str(ctx.grande)
    app_cmd = [sys.executable, "-m", "coordinateur", "--data-dir", data, "--quitter-apres-affichage"]
    floor_cmd = [sys.executable, "-c", FLOOR_WINDOW]
    # Warm the OS file cache once for both, then alternate.
    time_until_marker(app_cmd, ENV)
    time_until_marker(floor_cmd, ENV)
    app_times, floor_times = [], []
    for _ in range(ctx.repetitions):
        app_times.append(time_until_marker(app_cmd, ENV))
        floor_times.append(time_until_marker(floor_cmd, ENV))
    return Result(
        "Démarrage à froid → fenêtre principale (grande démo)",
        statistics.median(app_times),
        statistics.median(floor_times),
        1.3,
    )


def bench_search(ctx: Context) -> Result:
    """As-you-type prefixes of real names and places, through the core API vs the raw FTS5 query."""
    import sqlite3

    from coordinateur.annuaire.recherche import Filtre, cherche, fts_query
    from coordinateur.paths import resolve_paths
    from coordinateur.store import open_store

    raw = sqlite3.connect(ctx.grande / "coordinateur.db")
    names = [
        r[0]
        for r in raw.execute(
            "SELECT nom || ' ' || commune FROM annuaire_index ORDER BY rowid LIMIT 400 OFFSET 1000"
        )
    ]
    queries: list[str] = []
    for name in names[:60]:
        queries += [name[:n] for n in (2, 3, 4, 6, 9) if len(name) >= n]
    queries += ["infirm", "st come", "laguiole", "aide dom", "ssiad", "kine", "pharmacie espalion"]
    floor_sql = (
        "SELECT i.record_id, i.categorie, i.nom, i.prenom, i.profession_code, i.profession, i.structure, "
        "i.commune_code, i.commune, i.telephone, i.actif, i.tri FROM annuaire_fts f JOIN annuaire_index i "
        "ON i.rowid = f.rowid WHERE f.texte MATCH ? AND i.actif = 1 LIMIT 50"
    )
    store = open_store(resolve_paths(ctx.grande))
    ours, floor = [], []
    try:
        for _ in range(ctx.repetitions):
            for query in queries:
                start = time.perf_counter()
                raw.execute(floor_sql, (fts_query(query),)).fetchall()
                floor.append(time.perf_counter() - start)
                start = time.perf_counter()
                cherche(store, Filtre(texte=query), 50)
                ours.append(time.perf_counter() - start)
    finally:
        store.close()
        raw.close()
    p99 = lambda values: statistics.quantiles(values, n=100)[98]  # noqa: E731
    return Result(
        "Recherche au fil de la frappe, 50 000 intervenants (p99)",
        p99(ours) * 1000,
        p99(floor) * 1000,
        2.0,
        "ms",
    )


def bench_list_model(ctx: Context) -> Result:
    """All active rows into the table model vs a raw sqlite3 fetchall of the same columns."""
    import sqlite3

    from PySide6.QtWidgets import QApplication

    from coordinateur.annuaire.recherche import Filtre, liste
    from coordinateur.paths import resolve_paths
    from coordinateur.store import open_store
    from ui.annuaire.model import AnnuaireModel

    _app = QApplication.instance() or QApplication([])
    raw = sqlite3.connect(ctx.grande / "coordinateur.db")
    sql = ("SELECT record_id, categorie, nom, prenom, profession_code, profession, structure, commune_code, commune, "
           "telephone, actif, tri FROM annuaire_index WHERE actif = 1 ORDER BY tri")  # fmt: skip
    store = open_store(resolve_paths(ctx.grande))
    model = AnnuaireModel()
    ours, floor = [], []
    try:
        for _ in range(ctx.repetitions):
            start = time.perf_counter()
            rows = raw.execute(sql).fetchall()
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            model.set_rows(liste(store, Filtre()))
            ours.append(time.perf_counter() - start)
            assert model.total == len(rows)
    finally:
        store.close()
        raw.close()
    return Result(f"Liste de {len(rows):,} fiches dans le modèle de table".replace(",", " "),
                  statistics.median(ours), statistics.median(floor), 1.5)  # fmt: skip


def write_national_rpps(path: Path, lines: int) -> int:
    """A national-sized extract where ~0.3 % of lines are in Aveyron, as in the real file. Returns those."""
    import random

    from tests.fichiers_annuaire import COMMUNES, RPPS_HEADER, rpps_number, rpps_row

    rng = random.Random(11)
    elsewhere = ["|".join(rpps_row(rng, commune=c)) for c in COMMUNES[3:] for _ in range(20)]
    aveyron = ["|".join(rpps_row(rng, commune=c)) for c in COMMUNES[:3] for _ in range(20)]
    kept = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("|".join(RPPS_HEADER) + "|\n")
        for n in range(lines):
            local = n % 333 == 0
            template = rng.choice(aveyron if local else elsewhere)
            number = rpps_number(rng) if local else f"1{n:010d}"
            kept += local
            handle.write(template.replace(template.split("|", 2)[1], number, 1) + "|\n")
    return kept


def bench_rpps(ctx: Context) -> Result:
    """Importing the Aveyron part of a 1,000,000-line RPPS extract vs one bare csv.reader pass over it."""
    import csv

    from coordinateur.annuaire.imports.pilote import importe
    from coordinateur.paths import resolve_paths
    from coordinateur.store import open_store
    from coordinateur.territoire import PremierDemarrage, enregistre_premier_demarrage

    path = ctx.folder / "PS_LibreAcces_Personne_activite_202603090900.txt"
    kept = write_national_rpps(path, 1_000_000)
    ours, floor = [], []
    for n in range(max(2, ctx.repetitions // 3)):
        start = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            for _row in csv.reader(handle, delimiter="|"):
                pass
        floor.append(time.perf_counter() - start)
        store = open_store(resolve_paths(ctx.folder / f"rpps-{n}"))
        enregistre_premier_demarrage(store, PremierDemarrage("Bench", "", "Bench", ["12"], []))
        start = time.perf_counter()
        rapport = importe(store, path, format_="rpps", departements=["12"])
        ours.append(time.perf_counter() - start)
        store.close()
        assert len(rapport.crees) == kept, (len(rapport.crees), kept)
    path.unlink()
    return Result(f"Import RPPS 1 000 000 lignes, Aveyron ({kept} fiches)", statistics.median(ours),
                  statistics.median(floor), 2.0)  # fmt: skip


def _demo_version(n: int) -> object:
    from coordinateur.personnes.dossier import Dossier
    from coordinateur.personnes.service import Version

    dossier = Dossier(
        id=str(n), civilite="Mme", nom_naissance=f"Rouquette{n}", prenoms_naissance="Marthe", date_naissance="1937-04-12",
        sexe="F", commune_code="12119", code_postal="12210", adresse="4 rue du Valat", acces="Clé dans la boîte à clés",
        contacts=[{"role": "prevenir", "nom": "Jean Rouquette", "lien": "fils", "telephone": "+33612345678", "ordre": 1}],
        cercle=[{"role": "medecin_traitant", "nom": "Dr Paul Vernhes", "telephone": "+33565480011"}],
        fiche={"sante": {"allergies": ["Pénicilline — œdème"], "traitements": ["Kardégic 75 mg", "Furosémide 40 mg"],
                         "anticoagulant": True, "antecedents": ["Insuffisance cardiaque (2019)"]}},
    )  # fmt: skip
    return Version(str(n), 1, "2026-11-23T10:00:00", "Bench", "2027-11-23", [], dossier)


def bench_fiches(ctx: Context) -> list[Result]:
    """The one-page fridge sheet in a batch of 500 vs a bare reportlab page, and vs LibreOffice on a .docx."""
    import io
    import shutil

    from coordinateur.fiches.impression import genere

    versions = [_demo_version(n) for n in range(500)]
    genere(versions[0], "frigo")  # fonts registered, modules loaded
    start = time.perf_counter()
    for version in versions:
        genere(version, "frigo")  # type: ignore[arg-type]
    ours = (time.perf_counter() - start) / len(versions)
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from coordinateur.documents.pdf import FONT, styles

    st = styles()
    start = time.perf_counter()
    for n in range(
        len(versions)
    ):  # a bare one-page platypus document, same embedded fonts, no layout of ours
        buffer = io.BytesIO()
        story = [Paragraph(f"<b>Fiche {n} — Marthe Rouquette</b>", st["base"])]
        story += [
            Paragraph(f"Ligne {k} : née le 12/04/1937, allergique à la pénicilline", st["base"])
            for k in range(12)
        ]
        SimpleDocTemplate(buffer, initialFontName=FONT).build(story)
    floor = (time.perf_counter() - start) / len(versions)
    results = [
        Result("Fiche frigo d'une page, dans un lot de 500 (par fiche)", ours * 1000, floor * 1000, 3.0, "ms")
    ]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("  LibreOffice absent (apt-get install libreoffice-writer-nogui) : comparaison .docx non mesurée",
              file=sys.stderr)  # fmt: skip
        return results
    import docx

    folder = ctx.folder / "docx"
    folder.mkdir(exist_ok=True)
    count = 5
    for n in range(count):
        document = docx.Document()
        document.add_heading(f"FICHE D'URGENCE À DOMICILE — Marthe Rouquette{n}", 1)
        for line in ("Née le 12/04/1937", "Qui appeler : Jean Rouquette 06 12 34 56 78", "Médecin : Dr Paul Vernhes",
                     "Allergies : Pénicilline — œdème", "Traitements : Kardégic 75 mg, Furosémide 40 mg"):  # fmt: skip
            document.add_paragraph(line)
        document.save(folder / f"fiche{n}.docx")
    profile = ctx.folder / "lo-profile"
    start = time.perf_counter()
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         *(str(folder / f"fiche{n}.docx") for n in range(count))],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    libreoffice = (time.perf_counter() - start) / count
    results.append(
        Result(
            "LibreOffice .docx → PDF (par fiche) / Coordinateur", libreoffice * 1000, ours * 1000, 0.1, "ms"
        )
    )
    return results


def bench_partage(ctx: Context) -> list[Result]:
    """Pushing 1,000 exports vs copying the same files with fsync; importing 10,000 directory operations
    vs inserting the same rows directly."""
    import os
    import shutil

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.models import Intervenant
    from coordinateur.annuaire.service import apply_fiche
    from coordinateur.partage.boite import depose
    from coordinateur.partage.dossier import initialise
    from coordinateur.partage.sync import synchronise
    from coordinateur.paths import resolve_paths
    from coordinateur.store import open_store

    payloads = [os.urandom(40_000) for _ in range(1000)]
    source = ctx.folder / "exports-source"
    source.mkdir()
    for n, data in enumerate(payloads):
        (source / f"export{n}.pdf").write_bytes(data)
    copies = ctx.folder / "copies"
    copies.mkdir()
    start = time.perf_counter()
    for n in range(len(payloads)):
        target = copies / f"export{n}.pdf"
        shutil.copyfile(source / f"export{n}.pdf", target)
        with target.open("rb+") as handle:
            os.fsync(handle.fileno())
    floor = time.perf_counter() - start
    shared = ctx.folder / "partage"
    shared.mkdir()
    initialise(shared)
    sender = open_store(resolve_paths(ctx.folder / "emetteur"))
    for n, data in enumerate(payloads):
        depose(
            sender,
            destinataire="CIAS Aubrac",
            genre=f"releve{n}",
            extension="pdf",
            contenu=data,
            donnees_personnes=False,
        )
    start = time.perf_counter()
    bilan = synchronise(sender, shared)
    ours = time.perf_counter() - start
    assert bilan.exports_publies == len(payloads)
    results = [Result("Dépôt de 1 000 exports dans le dossier de partage", ours, floor, 1.5)]

    fiches = [FicheIntervenant(nom=f"Nom{n:05d}", prenom="Marie", profession_code="60", commune_code="12119")
              for n in range(10_000)]  # fmt: skip
    batch = []
    for fiche in fiches:
        record = Intervenant()
        apply_fiche(record, fiche)
        batch.append(record)
    with sender.write() as session:
        session.add_all(batch)
    synchronise(sender, shared)
    receiver = open_store(resolve_paths(ctx.folder / "destinataire"))
    start = time.perf_counter()
    applied = synchronise(receiver, shared).appliques
    ours = time.perf_counter() - start
    direct = open_store(resolve_paths(ctx.folder / "direct"))
    start = time.perf_counter()
    rows = []
    for fiche in fiches:
        record = Intervenant()
        apply_fiche(record, fiche)
        rows.append(record)
    with direct.write() as session:
        session.add_all(rows)
        from coordinateur.annuaire import index

        session.flush()
        index.reindex(session, rows)
    floor = time.perf_counter() - start
    for store in (sender, receiver, direct):
        store.close()
    print(
        f"  import de {applied} opérations : {applied / ours:,.0f} opérations/s".replace(",", " "),
        file=sys.stderr,
    )
    results.append(Result(f"Import de {applied} opérations d'annuaire ({applied / ours:,.0f} op/s)".replace(",", " "),
                          ours, floor, 0.0))  # fmt: skip
    return results


def bench_chiffrement(ctx: Context) -> list[Result]:
    """Encrypted vs plain in the same run: bulk insert, select; unlocking; backup of the large demo store."""
    import shutil

    from sqlalchemy import text

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.models import Intervenant
    from coordinateur.annuaire.service import apply_fiche
    from coordinateur.paths import resolve_paths
    from coordinateur.store import chiffrement, open_store
    from coordinateur.store.conversion import chiffre
    from coordinateur.store.sauvegarde import cree

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

    from coordinateur.indicateurs.calcul import calcule
    from coordinateur.indicateurs.periodes import periode, territoire
    from coordinateur.paths import resolve_paths
    from coordinateur.settings import load_settings
    from coordinateur.store import open_store

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


BENCHMARKS: dict[str, Callable[[Context], Result | list[Result]]] = {
    "demarrage": bench_cold_start,
    "recherche": bench_search,
    "liste": bench_list_model,
    "rpps": bench_rpps,
    "fiches": bench_fiches,
    "partage": bench_partage,
    "chiffrement": bench_chiffrement,
    "indicateurs": bench_indicateurs,
    "paquet": bench_bundle,
}


def print_table(results: list[Result]) -> None:
    header = f"| {'mesure':<58} | {'Coordinateur':>12} | {'plancher':>10} | {'ratio':>6} | {'budget':>6} | {'':<4} |"
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for r in results:
        # a budget below 1 means "at least 1/budget times faster than the floor": there the ratio must be ≥ 1/budget
        if r.budget == 0:
            verdict, budget = "info", "  —   "
        elif r.budget < 1:
            verdict, budget = ("ok" if r.ratio >= 1 / r.budget else "HORS"), f"≥{1 / r.budget:>4.0f}×"
        else:
            verdict, budget = ("ok" if r.ratio <= r.budget else "HORS"), f"≤{r.budget:>4.1f}×"
        print(
            f"| {r.name:<58} | {r.measured:>9.3f} {r.unit:<2} | {r.floor:>7.3f} {r.unit:<2} | {r.ratio:>5.2f}× | "
            f"{budget} | {verdict:<4} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks de Coordinateur")
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
    names = args.only or list(BENCHMARKS)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        ctx = Context(Path(folder), args.repetitions)
        for name in names:
            print(f"… {name}", file=sys.stderr, flush=True)
            outcome = BENCHMARKS[name](ctx)
            results += outcome if isinstance(outcome, list) else [outcome]
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
