"""The shared folder under faults (see test_partage.py) when it fails under a push: a folder missing or
empty (never a deletion), vanishing or a full disk in the middle of a push, a key pulled out while its
mount point stays, a crash between the exports and their checksum list; and person data, which goes only
to internal storage."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from coordinateur.partage import dossier as dossier_module
from coordinateur.partage import equipe
from coordinateur.partage import sync as sync_module
from coordinateur.partage.boite import depose
from coordinateur.partage.dossier import DossierIndisponible, initialise
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import etat

from .outils import equipe_seule
from .test_partage import names, person


def test_missing_or_empty_folder_never_deletes(laptops: tuple, tmp_path: Path) -> None:
    a, b, shared = laptops
    person(a, "Cayla")
    synchronise(a, shared)
    synchronise(b, shared)
    with pytest.raises(DossierIndisponible) as info:
        synchronise(b, tmp_path / "absent")
    assert info.value.exit_code == 4
    empty = tmp_path / "vide"
    empty.mkdir()
    initialise(empty)
    synchronise(b, empty)
    assert names(b) == {"Cayla"}
    assert etat(b, tmp_path / "absent").connecte is False


def test_folder_vanishing_or_full_disk_mid_push_keeps_everything(
    laptops: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b, shared = laptops
    person(a, "Cayla")
    depose(
        a,
        destinataire="CIAS Aubrac",
        genre="releve",
        extension="pdf",
        contenu=b"%PDF-1.4 test",
        donnees_personnes=False,
    )
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dossier_module.os, "fsync", full_disk)
    with pytest.raises(DossierIndisponible, match="disque plein"):
        synchronise(a, shared)
    monkeypatch.setattr(dossier_module.os, "fsync", real_fsync)
    assert etat(a, shared).en_attente == 2  # one change and one export still waiting
    assert not list((shared / "coordinateur" / "appareils" / a.device_id / "segments").glob("*.seg"))
    result = synchronise(a, shared)
    assert result.ecrits == 1 and result.exports_publies == 1
    published = list((shared / "coordinateur" / "exports" / "cias-aubrac").rglob("*.pdf"))
    assert len(published) == 1
    sums = list(published[0].parent.glob("SHA256SUMS_*.sha256"))
    assert len(sums) == 1 and sums[0].read_text(encoding="utf-8").endswith(f"  {published[0].name}\n")
    # the folder disappears between two syncs: nothing is lost, nothing deleted
    shutil.rmtree(shared)
    person(a, "Vernhes")
    with pytest.raises(DossierIndisponible):
        synchronise(a, shared)
    assert etat(a, shared).en_attente == 1


def test_folder_removed_in_the_middle_of_a_push(laptops: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, shared = laptops
    person(a, "Cayla")
    for n in range(3):
        depose(
            a,
            destinataire="CIAS",
            genre=f"releve{n}",
            extension="pdf",
            contenu=f"%PDF {n}".encode(),
            donnees_personnes=False,
        )
    real_replace = os.replace
    calls = {"n": 0}

    def vanishing(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # the key is pulled out after the segment and one export
            shutil.rmtree(shared)
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        real_replace(src, dst)

    monkeypatch.setattr(dossier_module.os, "replace", vanishing)
    with pytest.raises(DossierIndisponible, match="introuvable"):
        synchronise(a, shared)
    monkeypatch.setattr(dossier_module.os, "replace", real_replace)
    assert etat(a, shared).en_attente == 3  # the change was written; the three exports all still wait
    shared.mkdir()
    initialise(shared)
    result = synchronise(a, shared)  # the damaged folder is gone: the segment is healed, the exports go
    assert result.exports_publies == 3 and result.segments_soignes
    assert synchronise(b, shared).appliques == 1 and names(b) == {"Cayla"}


def test_a_pulled_key_whose_mount_point_stays_gets_nothing_written_on_the_laptop_disk(
    laptops: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key goes after the folder was found: its mount point stays as an empty local folder. No
    folder of the shared tree may be recreated there, nothing is recorded as sent."""
    a, _b, shared = laptops
    person(a, "Cayla")
    depose(a, destinataire="CIAS", genre="releve", extension="pdf", contenu=b"%PDF", donnees_personnes=False)
    real_check = sync_module.verifie_connexion

    def pulled_right_after(target: Path | None) -> Path:
        root = real_check(target)
        shutil.rmtree(shared)
        shared.mkdir()  # the empty mount point left behind
        return root

    monkeypatch.setattr(sync_module, "verifie_connexion", pulled_right_after)
    with pytest.raises(DossierIndisponible, match="introuvable"):
        synchronise(a, shared)
    assert list(shared.iterdir()) == []
    monkeypatch.setattr(sync_module, "verifie_connexion", real_check)
    assert etat(a, shared).en_attente == 2
    initialise(shared)
    result = synchronise(a, shared)
    assert result.ecrits == 1 and result.exports_publies == 1


def test_a_crash_between_the_exports_and_their_checksum_list_leaves_no_duplicate(
    laptops: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinateur.partage import boite as boite_module

    a, _b, shared = laptops
    for n in range(3):
        depose(a, destinataire="CIAS Aubrac", genre=f"releve{n}", extension="pdf", contenu=f"%PDF {n}".encode(),
               donnees_personnes=False)  # fmt: skip
    real = boite_module.ecrit_une_fois

    def dies_on_the_list(final: Path, *args: object, **kwargs: object) -> str:
        if final.name.startswith("SHA256SUMS_"):
            raise DossierIndisponible("arrêt brutal simulé")
        return real(final, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(boite_module, "ecrit_une_fois", dies_on_the_list)
    with pytest.raises(DossierIndisponible):
        synchronise(a, shared)
    monkeypatch.undo()
    folder = shared / "coordinateur" / "exports" / "cias-aubrac"
    assert len(list(folder.rglob("*.pdf"))) == 3 and not list(folder.rglob("*.sha256"))
    assert etat(a, shared).en_attente == 3  # nothing recorded as sent
    # a power cut left one of them incomplete under its final name: it is not adopted but written again
    broken = sorted(folder.rglob("*.pdf"))[0]
    broken.write_bytes(b"%PD")
    result = synchronise(a, shared)
    assert result.exports_publies == 3 and etat(a, shared).en_attente == 0
    pdfs = sorted(folder.rglob("*.pdf"))
    assert len(pdfs) == 4  # the two whole ones adopted, the broken one written again; no duplicate
    listed = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("SHA256SUMS_*.sha256"))
    assert broken.name not in listed and all(p.name in listed for p in pdfs if p != broken)
    assert synchronise(a, shared).exports_publies == 0  # a second push changes nothing


def test_person_data_goes_only_to_internal_storage(laptops: tuple) -> None:
    a, b, shared = laptops
    depose(a, destinataire="Hôpital", genre="fiche", extension="pdf", contenu=b"%PDF", donnees_personnes=True)
    result = synchronise(a, shared)
    assert result.exports_publies == 0 and "stockage interne" in result.exports_refuses[0]
    from coordinateur.settings import load_settings, save_settings

    settings = load_settings(a)
    settings.partage_dossier_interne = True
    save_settings(a, settings)
    assert synchronise(a, shared).exports_publies == 1
    # for the team only: sealed in equipe/documents, its recipient inside, nothing under exports/
    from coordinateur.errors import CoordinateurError
    from coordinateur.partage.boite import documents_equipe, ouvre_document

    assert not (shared / "coordinateur" / "exports").exists() or not any(
        (shared / "coordinateur" / "exports").rglob("*.pdf")
    )
    (document,) = documents_equipe(shared / "coordinateur")
    assert b"%PDF" not in document.chemin.read_bytes() and "pital" not in document.chemin.read_bytes().decode(
        "latin-1"
    )
    meta, content = ouvre_document(equipe.charge(b), document)
    assert content == b"%PDF" and meta["destinataire"] == "Hôpital" and document.auteur == a.device_id
    forged = equipe_seule(a.device_id)  # another key under A's name: refused
    document.chemin.write_bytes(forged.scelle(b'{"sha256": ""}\n', "document"))
    with pytest.raises(CoordinateurError, match="ne peut pas être ouvert"):
        ouvre_document(equipe.charge(b), document)
