"""A restored or copied laptop keeps sharing (issue 17, first part): its store goes on under a new device
id, declared with its own key; what it had written before the restore comes back from the folder; nothing
blocks its colleagues. Driven through the command line, as a coordinator would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .outils import en_equipe, portable, synchro_ok


def test_a_restored_backup_keeps_sharing_and_gets_back_what_it_wrote_before(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))
    made = a.cli("sauvegarde", "creer")
    assert made.returncode == 0, made.stderr
    backup = made.stdout.strip()
    a.ajoute("Avant la restauration")  # pushed, then lost by the restore
    synchro_ok(a.sync(shared))
    restored = a.cli("sauvegarde", "restaurer", backup)
    assert restored.returncode == 0, restored.stderr
    assert "Avant la restauration" not in a.noms()
    a.ajoute("Après la restauration")
    result = a.sync(shared)
    report = synchro_ok(result)
    assert "reprend sous un nouvel identifiant" in result.stderr and "clonée" not in result.stderr
    assert report["envoyees"] == 1
    assert a.noms() == {"Cayla", "Avant la restauration", "Après la restauration"}  # its own edit is back
    received = b.sync(shared)
    assert synchro_ok(received)["recues"] == 3 and "installation copiée" not in received.stderr
    assert b.noms() == a.noms()
    # and it goes on: later changes travel both ways, with no alert
    a.ajoute("Plus tard")
    b.ajoute("De B")
    for laptop in (a, b, a):
        again = laptop.sync(shared)
        assert synchro_ok(again)["alertes"] == [], again.stderr
    assert a.noms() == b.noms() and {"Plus tard", "De B"} <= a.noms()
    members = json.loads(b.cli("partage", "equipe", "membres", "--json").stdout)
    assert len([m for m in members if not m["retire"]]) == 2  # the former id is listed no more


def test_a_store_copied_to_a_new_computer_and_the_original_both_keep_sharing(tmp_path: Path) -> None:
    """The data folder copied to a new laptop while the old one goes on: the first of the two to find its
    stream written further by the other takes a new id; nobody waits for good."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))
    shutil.copytree(a.data, tmp_path / "copie")
    (tmp_path / "copie" / "coordinateur.verrou").unlink(missing_ok=True)
    copy = portable(tmp_path / "copie")
    a.ajoute("Sur l'ancien")
    copy.ajoute("Sur le nouveau")
    synchro_ok(a.sync(shared))
    taken = copy.sync(shared)
    synchro_ok(taken)
    assert "reprend sous un nouvel identifiant" in taken.stderr
    for laptop in (b, a, copy, b):
        synchro_ok(laptop.sync(shared))
    expected = {"Cayla", "Sur l'ancien", "Sur le nouveau"}
    assert a.noms() == b.noms() == copy.noms() == expected


def test_a_restored_laptop_with_nothing_new_to_send_gets_back_what_it_wrote(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    made = a.cli("sauvegarde", "creer")
    assert made.returncode == 0, made.stderr
    a.ajoute("Avant la restauration")
    synchro_ok(a.sync(shared))
    assert a.cli("sauvegarde", "restaurer", made.stdout.strip()).returncode == 0
    assert a.noms() == set()
    result = a.sync(shared)
    assert "reprend sous un nouvel identifiant" in result.stderr
    assert synchro_ok(result)["recues"] == 1 and a.noms() == {"Avant la restauration"}
    again = a.sync(shared)
    assert synchro_ok(again)["alertes"] == [] and synchro_ok(again)["recues"] == 0
