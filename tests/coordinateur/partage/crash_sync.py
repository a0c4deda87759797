"""Child process of the crash loop: creates records and syncs, printing each id once its commit returned."""

import sys
from pathlib import Path

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths


def main(data_dir: str, shared: str, start: int) -> None:
    store = open_store(resolve_paths(data_dir))
    n = start
    while True:
        record = enregistre(
            store, FicheIntervenant(nom=f"Nom{n:06d}", profession_code="60", commune_code="12119")
        )
        print(record.id, flush=True)
        synchronise(store, Path(shared))
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
