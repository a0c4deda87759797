"""Build resources/referentiel/cog.sqlite from the official COG files (@etalab/decoupage-administratif).

Usage: python packaging/build_referentiel.py [SOURCE_DIR] [OUTPUT]
Defaults: ../shared/data/decoupage-administratif and resources/referentiel/cog.sqlite.
The output is committed and shipped; the app opens it read-only and never needs the network.
"""

from __future__ import annotations

import csv
import gzip
import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coordinateur.text import fold  # noqa: E402

SCHEMA = """
CREATE TABLE info (cle TEXT PRIMARY KEY, valeur TEXT NOT NULL);
CREATE TABLE region (code TEXT PRIMARY KEY, nom TEXT NOT NULL);
CREATE TABLE departement (code TEXT PRIMARY KEY, nom TEXT NOT NULL, region TEXT NOT NULL);
CREATE TABLE epci (code TEXT PRIMARY KEY, nom TEXT NOT NULL, nom_plie TEXT NOT NULL, type TEXT NOT NULL,
                   population INTEGER NOT NULL);
CREATE TABLE commune (code TEXT PRIMARY KEY, nom TEXT NOT NULL, nom_plie TEXT NOT NULL,
                      departement TEXT NOT NULL, codes_postaux TEXT NOT NULL, population INTEGER,
                      epci TEXT) WITHOUT ROWID;
CREATE INDEX commune_departement ON commune(departement);
CREATE INDEX commune_epci ON commune(epci);
CREATE TABLE code_postal (code_postal TEXT NOT NULL, commune TEXT NOT NULL,
                          PRIMARY KEY (code_postal, commune)) WITHOUT ROWID;
CREATE TABLE ancienne_commune (code TEXT NOT NULL, nom TEXT NOT NULL, nom_plie TEXT NOT NULL,
                               commune TEXT NOT NULL, type TEXT NOT NULL);
"""


def load(source: Path, name: str) -> list[dict]:
    with gzip.open(source / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def build(source: Path, output: Path) -> None:
    communes = load(source, "communes")
    epcis = load(source, "epci")
    departements = load(source, "departements")
    regions = load(source, "regions")
    commune_epci = {m["code"]: e["code"] for e in epcis for m in e["membres"]}

    output.parent.mkdir(parents=True, exist_ok=True)
    temp = output.with_suffix(".tmp")
    temp.unlink(missing_ok=True)
    db = sqlite3.connect(temp)
    db.executescript("PRAGMA page_size=4096;" + SCHEMA)
    db.executemany("INSERT INTO region VALUES (?, ?)", [(r["code"], r["nom"]) for r in regions])
    db.executemany(
        "INSERT INTO departement VALUES (?, ?, ?)", [(d["code"], d["nom"], d["region"]) for d in departements]
    )
    db.executemany(
        "INSERT INTO epci VALUES (?, ?, ?, ?, ?)",
        [(e["code"], e["nom"], fold(e["nom"]), e["type"], e.get("populationTotale") or 0) for e in epcis],
    )
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    db.executemany(
        "INSERT INTO commune VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (c["code"], c["nom"], fold(c["nom"]), c["departement"], ",".join(c.get("codesPostaux", [])),
             c.get("population"), commune_epci.get(c["code"]))
            for c in current
        ],
    )  # fmt: skip
    db.executemany(
        "INSERT OR IGNORE INTO code_postal VALUES (?, ?)",
        [(cp, c["code"]) for c in current for cp in c.get("codesPostaux", [])],
    )
    db.executemany(
        "INSERT INTO ancienne_commune VALUES (?, ?, ?, ?, ?)",
        [
            (c["code"], c["nom"], fold(c["nom"]), c["chefLieu"], c["type"])
            for c in communes
            if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu")
        ],
    )
    # Merged communes that the COG lists under no delegated name, though people still use the old names.
    with (Path(__file__).with_name("anciennes_communes_complement.csv")).open(encoding="utf-8") as handle:
        complement = list(csv.DictReader(handle, delimiter=";"))
    known = {c["code"] for c in current}
    for row in complement:
        if row["commune"] not in known:
            raise SystemExit(f"complément : commune {row['commune']} absente du COG")
    db.executemany(
        "INSERT INTO ancienne_commune VALUES (?, ?, ?, ?, 'commune-fusionnee')",
        [(row["commune"], row["nom"], fold(row["nom"]), row["commune"]) for row in complement],
    )
    db.executemany(
        "INSERT INTO info VALUES (?, ?)",
        [("source", "@etalab/decoupage-administratif 6.0.0 (COG mars 2026), licence MIT"),
         ("communes", str(len(current))), ("epci", str(len(epcis)))],
    )  # fmt: skip
    db.commit()
    db.execute("VACUUM")
    db.close()
    temp.replace(output)
    print(f"{output}: {len(current)} communes, {len(epcis)} EPCI, {output.stat().st_size // 1024} Kio")


if __name__ == "__main__":
    src = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else ROOT.parent / "shared" / "data" / "decoupage-administratif"
    )
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "resources" / "referentiel" / "cog.sqlite"
    build(src, out)
