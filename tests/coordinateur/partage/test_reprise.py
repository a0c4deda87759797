"""A restored or copied laptop keeps sharing (issue 17, first part): its store goes on under a new device
id, declared with its own key; what it had written before the restore comes back from the folder; nothing
blocks its colleagues. Driven through the command line, as a coordinator would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe, retrait
from coordinateur.partage.tableau import appareils
from coordinateur.paths import resolve_paths
from coordinateur.settings import load_settings

from .outils import Portable, en_equipe, portable, synchro_ok


def _equipe(tmp_path: Path) -> tuple[Path, Portable, Portable]:
    """A shared folder and two laptops in its team."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    return shared, a, b


def _copie_des_donnees(laptop: Portable, target: Path) -> Portable:
    """The laptop's whole data folder copied by hand (its lock left behind, as on another computer)."""
    shutil.copytree(laptop.data, target)
    (target / "coordinateur.verrou").unlink(missing_ok=True)
    return portable(target)


def test_a_restored_backup_keeps_sharing_and_gets_back_what_it_wrote_before(tmp_path: Path) -> None:
    shared, a, b = _equipe(tmp_path)
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
    # its alert is gone with the next sync; the Partage screen's history still says what happened, and when
    with open_store(resolve_paths(a.data), phrase=a.phrase) as store:
        history = load_settings(store).partage_historique
    said = [line for line in history if "reprend sous un nouvel identifiant" in line]
    assert len(said) == 1 and said[0] == history[2] and "rien n'est perdu" in said[0]
    # B's history counts A's changes once, under A's name, whichever of its ids wrote them; A's own says
    # that what it received was its own, from before the restore
    with open_store(resolve_paths(b.data), phrase=b.phrase) as store:
        line = next(x for x in load_settings(store).partage_historique if "3 reçue(s)" in x)
    assert line.count(" de « ") == 1, line
    with open_store(resolve_paths(a.data), phrase=a.phrase) as store:
        assert "de cet ordinateur (avant sa reprise)" in load_settings(store).partage_historique[2]
    with open_store(resolve_paths(a.data), phrase=a.phrase) as store:
        a_id = store.device_id
    # the devices list names a former id as such, never as a second laptop of the same name
    for laptop, whose in ((a, "cet ordinateur"), (b, "« ")):
        with open_store(resolve_paths(laptop.data), phrase=laptop.phrase) as store:
            rows = appareils(store)
        names = [r.nom for r in rows if not r.alerte]
        assert len(names) == len(set(names)), rows
        former = [r for r in rows if r.alerte.startswith("Ancien identifiant")]
        assert len(former) == 1 and whose in former[0].alerte, rows
        assert former[0].libelle == f"{former[0].nom} (ancien identifiant)"
        if laptop is b:  # and the team list says A is a member since it first joined, not since the restore
            with open_store(resolve_paths(b.data), phrase=b.phrase) as store:
                team = equipe.charge(store)
                assert team is not None
                first = team.membres[former[0].appareil]["depuis"]
                since = {line.appareil: line.depuis for line in retrait.membres(store)}
            assert since[a_id] == first < team.membres[a_id]["depuis"]


def test_a_store_copied_to_a_new_computer_and_the_original_both_keep_sharing(tmp_path: Path) -> None:
    """The data folder copied to a new laptop while the old one goes on: the first of the two to find its
    stream written further by the other takes a new id; nobody waits for good."""
    shared, a, b = _equipe(tmp_path)
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))
    copy = _copie_des_donnees(a, tmp_path / "copie")
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
    shared, a, _b = _equipe(tmp_path)
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


def _rapproche(x: Path, y: Path) -> None:
    """What a sync tool does between two copies of the folder once it has caught up: each file missing on
    one side is copied there (a file under the same name on both sides is left as it is: the test checks
    before that no such pair differs)."""
    for source, target in ((x, y), (y, x)):
        for path in sorted(source.rglob("*")):
            twin = target / path.relative_to(source)
            if path.is_dir():
                twin.mkdir(parents=True, exist_ok=True)
            elif not twin.exists():
                twin.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, twin)


def _memes_noms_differents(x: Path, y: Path) -> list[str]:
    return sorted(
        str(path.relative_to(x))
        for path in x.rglob("*.seg")
        if (y / path.relative_to(x)).is_file() and (y / path.relative_to(x)).read_bytes() != path.read_bytes()
    )


@pytest.mark.parametrize(
    "arrive", ["format et equipe", "segments de la sauvegarde", "sauvegarde avant tout envoi"]
)
def test_a_backup_restored_on_a_new_computer_whose_folder_is_still_being_filled_never_reuses_a_segment_name(
    tmp_path: Path, arrive: str
) -> None:
    """The new computer's synced folder holds, when it first syncs, only the folder's format and the team, or
    also this laptop's segments the backup knows of but not the one written after it (a sync tool brings
    files in any order); or the backup was made before this laptop sent anything. It must not write again
    under the names its former instance used, since the folder may still receive them; once the folder is
    filled, every laptop holds the same records, its own edit made after the backup included."""
    shared, a, b = _equipe(tmp_path)
    backup = ""
    for name in ("Cayla", "Bozouls", "Espalion"):
        a.ajoute(name)
        if arrive == "sauvegarde avant tout envoi" and not backup:
            made = a.cli("sauvegarde", "creer")
            assert made.returncode == 0, made.stderr
            backup = made.stdout.strip()
        synchro_ok(a.sync(shared))
    if not backup:
        made = a.cli("sauvegarde", "creer")
        assert made.returncode == 0, made.stderr
        backup = made.stdout.strip()
    a.ajoute("Avant la restauration")  # segment 4, which the backup does not know
    synchro_ok(a.sync(shared))
    synchro_ok(b.sync(shared))
    assert "Avant la restauration" in b.noms()
    # the old laptop is gone; a new computer restores the backup
    new = portable(tmp_path / "neuf")
    (new.data / "sauvegardes").mkdir(exist_ok=True)
    for beside in (a.data / "sauvegardes").glob(backup + ".*"):
        shutil.copy2(beside, new.data / "sauvegardes" / beside.name)
    restored = new.cli("sauvegarde", "restaurer", backup)
    assert restored.returncode == 0, restored.stderr
    new = portable(new.data)
    assert new.device == a.device
    # its synced folder: what has arrived yet
    local = tmp_path / "partage-neuf"
    (local / "coordinateur").mkdir(parents=True)
    shutil.copy2(shared / "coordinateur" / "FORMAT.json", local / "coordinateur" / "FORMAT.json")
    shutil.copytree(shared / "coordinateur" / "equipe", local / "coordinateur" / "equipe")
    if arrive == "segments de la sauvegarde":
        shutil.copytree(a.segments(shared), new.segments(local))
        (new.segments(local) / f"{a.device}_00000004.seg").unlink()
    new.ajoute("Après la restauration")
    synchro_ok(new.sync(local))
    clashes = _memes_noms_differents(local, shared)
    assert clashes == [], f"same segment names, different contents: {clashes}"
    _rapproche(local, shared)  # the sync tool catches up
    for laptop, folder in ((b, shared), (new, local), (b, shared)):
        synchro_ok(laptop.sync(folder))
        _rapproche(local, shared)
    expected = {"Cayla", "Bozouls", "Espalion", "Avant la restauration", "Après la restauration"}
    assert new.noms() == b.noms() == expected
    for laptop, folder in ((new, local), (b, shared)):
        again = laptop.sync(folder)
        assert synchro_ok(again)["alertes"] == [], again.stderr


def test_a_data_folder_copied_by_hand_to_a_new_computer_never_writes_under_the_originals_names(
    tmp_path: Path,
) -> None:
    """No restore recorded: the whole data folder copied onto a new computer whose synced folder has caught
    up, while the old laptop goes on. Both would write the same next segment name; a sync tool would then
    replace one by the other in place. The copy sees it is in another folder and goes on under a new id."""
    shared, a, b = _equipe(tmp_path)
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))
    copy = _copie_des_donnees(a, tmp_path / "copie")
    assert copy.device == a.device
    local = tmp_path / "partage-neuf"  # the new computer's copy of the folder, caught up
    shutil.copytree(shared, local)
    a.ajoute("Sur l'ancien")
    copy.ajoute("Sur le nouveau")
    synchro_ok(a.sync(shared))
    taken = copy.sync(local)
    synchro_ok(taken)
    assert "a été copié" in taken.stderr
    clashes = _memes_noms_differents(local, shared)
    assert clashes == [], f"same segment names, different contents: {clashes}"
    _rapproche(local, shared)
    for laptop, folder in ((b, shared), (a, shared), (copy, local), (b, shared)):
        synchro_ok(laptop.sync(folder))
        _rapproche(local, shared)
    expected = {"Cayla", "Sur l'ancien", "Sur le nouveau"}
    assert a.noms() == b.noms() == copy.noms() == expected
    again = copy.sync(local)
    assert synchro_ok(again)["alertes"] == [], again.stderr  # once: the next syncs say nothing


@pytest.mark.parametrize("gardee", ["l'original", "la copie"])
def test_two_instances_of_one_store_writing_the_same_segment_lose_nothing_whichever_a_sync_tool_keeps(
    tmp_path: Path, gardee: str
) -> None:
    """A disk image of a laptop (the data folder keeps its inode: not told by it) goes on beside the
    original; both write segment 2 in their own copy of the synced folder. The sync tool keeps one under the
    segment's name and the other as a `.sync-conflict` copy, which colleagues ignore. The instance whose
    segment is not the one followed goes on under a new id and sends its edit again: nobody loses it."""
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.partage.reprise import instance
    from coordinateur.paths import resolve_paths
    from coordinateur.settings import enregistre_reglages

    shared, a, b = _equipe(tmp_path)
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))
    _copie_des_donnees(a, tmp_path / "copie")
    with open_store(resolve_paths(tmp_path / "copie")) as image:  # as a disk image would: the same inode
        enregistre_reglages(image, partage_instance=instance(image))
    copy = portable(tmp_path / "copie")
    local = tmp_path / "partage-neuf"
    shutil.copytree(shared, local)
    a.ajoute("Sur l'ancien")
    copy.ajoute("Sur le nouveau")
    synchro_ok(a.sync(shared))
    synchro_ok(copy.sync(local))
    name = f"{a.device}_00000002.seg"
    here, there = a.segments(shared) / name, copy.segments(local) / name
    assert here.read_bytes() != there.read_bytes()
    kept, other = (here, there) if gardee == "l'original" else (there, here)
    conflict = f"{a.device}_00000002.sync-conflict-20261128-010101-ABCDEFG.seg"
    shutil.copy2(other, tmp_path / conflict)
    shutil.copy2(kept, tmp_path / name)
    for folder in (a.segments(shared), copy.segments(local)):  # what the sync tool leaves on both sides
        shutil.copy2(tmp_path / name, folder / name)
        shutil.copy2(tmp_path / conflict, folder / conflict)
    taken = []
    for _round in range(2):
        for laptop, folder in ((b, shared), (a, shared), (copy, local)):
            result = laptop.sync(folder)
            synchro_ok(result)
            taken.append(("reprend sous un nouvel identifiant" in result.stderr, laptop is a))
            _rapproche(local, shared)
    assert [was_a for took, was_a in taken if took] == [gardee == "la copie"]  # the one outweighed, once
    expected = {"Cayla", "Sur l'ancien", "Sur le nouveau"}
    assert a.noms() == b.noms() == copy.noms() == expected
