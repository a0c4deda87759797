"""The Partage screen's history says from whom the changes of a sync came, under the name each colleague's
laptop declared (its control characters taken out), not only how many."""

from __future__ import annotations

import re
from pathlib import Path

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.sync import synchronise
from coordinateur.paths import resolve_paths
from coordinateur.settings import load_settings

from .outils import en_equipe
from .test_instantane import ajoute


def test_the_history_line_names_whose_changes_came(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b, c = (open_store(resolve_paths(tmp_path / n)) for n in "abc")
    try:
        b.rename_device("Portable d'Hervé Cayla-d'Olt")
        c.rename_device("Portable de Noémie « la nouvelle »\u202e")
        en_equipe(shared, a, b, c)
        for store in (a, b, c):
            synchronise(store, shared)
        ajoute(b, "Marie-Thérèse d'Arsonval")
        ajoute(b, "Jean-Noël L'Hermet")
        ajoute(c, "Élise Fabre-Lacombe")
        for store in (b, c):
            synchronise(store, shared)
        bilan = synchronise(a, shared)
        line = load_settings(a).partage_historique[0]
        assert bilan.appliques == 3 and bilan.par_auteur == {b.device_id: 2, c.device_id: 1}
        assert (
            "3 reçue(s) (2 de « Portable d'Hervé Cayla-d'Olt », 1 de « Portable de Noémie « la nouvelle » »)"
            in line
        )
        assert "\u202e" not in line
        # nothing received: no names
        synchronise(a, shared)
        assert re.search(r"0 reçue\(s\), ", load_settings(a).partage_historique[0])
    finally:
        for store in (a, b, c):
            store.close()
