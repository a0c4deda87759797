"""Make the small store of the current schema: `python tests/data/stores/make_store.py` (see README.md here)."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from coordinateur.annuaire.fiches import FicheIntervenant, FicheStructure  # noqa: E402
from coordinateur.annuaire.service import enregistre  # noqa: E402
from coordinateur.confiance.ouverture import open_store  # noqa: E402
from coordinateur.demo import DEMO_COORDINATEUR  # noqa: E402
from coordinateur.paths import resolve_paths  # noqa: E402
from coordinateur.personnes.dossier import Dossier  # noqa: E402
from coordinateur.personnes.service import enregistre_personne, valide_fiche  # noqa: E402
from coordinateur.store.schema import HEAD  # noqa: E402
from coordinateur.territoire import enregistre_premier_demarrage  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = resolve_paths(folder)
        with open_store(paths) as store:
            enregistre_premier_demarrage(store, DEMO_COORDINATEUR)
            ssiad = enregistre(store, FicheStructure(nom="SSIAD du Carladez", type_code="SSIAD", commune_code="12164",
                                                     telephones=[{"type": "fixe", "numero": "05 65 66 10 20"}]))  # fmt: skip
            enregistre(store, FicheIntervenant(nom="Cayla", prenom="Élodie", profession_code="60", commune_code="12119",
                                               rpps="10001045367", structure_ids=[ssiad.id]))  # fmt: skip
            personne, _ = enregistre_personne(store, Dossier(nom_naissance="Rouquette", prenoms_naissance="Marthe",
                                                             date_naissance="1937-04-12", sexe="F", commune_code="12119"))  # fmt: skip
            valide_fiche(store, personne)
        conn = sqlite3.connect(paths.store)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
        conn.close()
        target = Path(__file__).with_name(f"{HEAD}.db")
        target.write_bytes(paths.store.read_bytes())
        print(target, target.stat().st_size)


if __name__ == "__main__":
    main()
