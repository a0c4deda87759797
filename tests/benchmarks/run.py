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
from pathlib import Path

from tests.benchmarks.base import ENV, FLOOR_WINDOW, Context, Result, time_until_marker
from tests.benchmarks.historique import bench_historique, bench_territoire
from tests.benchmarks.livraison import bench_bundle, bench_chiffrement, bench_indicateurs
from tests.benchmarks.visible import bench_demarrage_visible


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
        "Démarrage à froid → fenêtre principale remplie, annuaire affiché (grande démo)",
        statistics.median(app_times),
        statistics.median(floor_times),
        1.3,
    )


def bench_search(ctx: Context) -> Result:
    """As-you-type prefixes of real names and places, through the core API vs the raw FTS5 query."""
    import sqlite3

    from coordinateur.annuaire.recherche import Filtre, cherche, fts_query
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths

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
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths
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
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths
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
    import shutil

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.models import Intervenant
    from coordinateur.annuaire.service import apply_fiche
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.partage.boite import depose
    from coordinateur.partage.dossier import initialise
    from coordinateur.partage.sync import synchronise
    from coordinateur.paths import resolve_paths

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
    synchronise(sender, shared)  # the first laptop created the folder's team
    receiver = open_store(resolve_paths(ctx.folder / "destinataire"))
    from coordinateur.partage import equipe, invitations

    invitations.rejoint(receiver, initialise(shared), invitations.invite(sender, initialise(shared)).code)
    start = time.perf_counter()
    applied = synchronise(receiver, shared).appliques
    ours = time.perf_counter() - start
    pulled = ours
    team = equipe.charge(receiver)
    assert team is not None
    sealed = [
        p.read_bytes()
        for p in sorted((shared / "coordinateur" / "appareils" / sender.device_id).rglob("*.seg"))
    ]
    start = time.perf_counter()
    clear = [team.ouvre(data, "segment", sender.device_id) for data in sealed]
    for data in clear:
        team.scelle(data, "segment")
    crypto = time.perf_counter() - start
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
    size = sum(len(data) for data in clear) / 1e6
    # the cost of encryption alone: the pull must stay at least 10 times what opening (decrypt, verify) and
    # sealing again (encrypt, sign) all its segments costs
    results.append(Result(f"Import ÷ chiffrement seul des segments ({size:.1f} Mo)", pulled, crypto, 0.1))
    return results


BENCHMARKS: dict[str, Callable[[Context], Result | list[Result]]] = {
    "demarrage": bench_cold_start,
    "demarrage-visible": bench_demarrage_visible,
    "recherche": bench_search,
    "liste": bench_list_model,
    "rpps": bench_rpps,
    "fiches": bench_fiches,
    "partage": bench_partage,
    "historique": bench_historique,
    "territoire": bench_territoire,
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
