"""Child process of the crash loop: creates records and meetings (the team shares its meetings) and syncs,
printing each id once its commit returned."""

import sys
from pathlib import Path

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths
from coordinateur.reunions.service import DonneesAction, DonneesReunion, enregistre_reunion


def main(data_dir: str, shared: str, start: int) -> None:
    store = open_store(resolve_paths(data_dir))
    n = start
    while True:
        record = enregistre(
            store, FicheIntervenant(nom=f"Nom{n:06d}", profession_code="60", commune_code="12119")
        )
        print(record.id, flush=True)
        if n % 2 == 0:  # a meeting with its action, every other round
            meeting = DonneesReunion(titre=f"Concertation {n}", date="2026-03-02",
                                     actions=[DonneesAction(quoi=f"Rappeler la famille {n}")])  # fmt: skip
            print(f"reunion:{enregistre_reunion(store, meeting)}", flush=True)
        synchronise(store, Path(shared))
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
