"""The shared folder under faults: damaged files, renamed copies, gaps and wrong chains, clones, leftover
temporary files, clocks in the future (by days or by years), mass deletions, concurrent edits, meetings
through a full disk and a damaged segment; and the segment's sealed format. The folder or the disk failing
under a push, and exports, are in test_partage_pannes.py; several laptops converging in
test_partage_convergence.py. The helpers here serve both."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre, lit, supprime
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import dossier as dossier_module
from coordinateur.partage import equipe
from coordinateur.partage.dossier import DossierIndisponible, lit_segment
from coordinateur.partage.regles import SuppressionsMassives
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import etat
from coordinateur.paths import resolve_paths
from coordinateur.reunions.service import DonneesAction, DonneesReunion, enregistre_reunion, lit_reunion
from coordinateur.settings import enregistre_reglages, load_settings
from coordinateur.store import Store
from coordinateur.store.clock import system_ms


def person(store: Store, nom: str, **extra: object) -> str:
    return enregistre(
        store, FicheIntervenant(nom=nom, profession_code="60", commune_code="12119", **extra)
    ).id  # type: ignore[arg-type]


def segments(shared: Path, store: Store) -> list[Path]:
    return sorted((shared / "coordinateur" / "appareils" / store.device_id / "segments").glob("*.seg"))


def names(store: Store) -> set[str]:
    from coordinateur.annuaire.recherche import Filtre, liste

    return {ligne.nom for ligne in liste(store, Filtre(actifs_seulement=False))}


def reunion(store: Store, titre: str) -> str:
    """A meeting with one action, as the Réunions screen saves it."""
    return enregistre_reunion(store, DonneesReunion(titre=titre, date="2026-03-02", ordre_du_jour=["Situations"],
                                                    actions=[DonneesAction(quoi=f"Appeler le SSIAD ({titre})")]))  # fmt: skip


# -- segments: travel, damage, copies, chains ------------------------------------------------------------


def test_a_directory_travels_and_importing_twice_changes_nothing(laptops: tuple) -> None:
    a, b, shared = laptops
    person(a, "Cayla")
    synchronise(a, shared)
    assert synchronise(b, shared).appliques == 1
    assert synchronise(b, shared).appliques == 0
    assert names(b) == {"Cayla"}


@pytest.mark.parametrize("damage", ["truncate", "flip", "no_trailer", "empty"])
def test_a_damaged_segment_is_never_applied_and_is_healed(laptops: tuple, damage: str) -> None:
    a, b, shared = laptops
    person(a, "Cayla")
    synchronise(a, shared)
    path = segments(shared, a)[0]
    data = path.read_bytes()
    damaged = {"truncate": data[: len(data) // 2], "flip": data[:40] + bytes([data[40] ^ 0x01]) + data[41:],
               "no_trailer": data[: data.rstrip(b"\n").rfind(b"\n") + 1], "empty": b""}[damage]  # fmt: skip
    path.write_bytes(damaged)
    assert lit_segment(path, equipe.charge(b)) is None
    assert synchronise(b, shared).appliques == 0 and names(b) == set()
    healed = synchronise(a, shared).segments_soignes  # A finds its segment damaged and writes it again
    assert healed and healed[0].endswith(".r1.seg")
    assert path.read_bytes() == damaged  # never over the damaged file
    assert synchronise(b, shared).appliques == 1 and names(b) == {"Cayla"}


def test_renamed_copies_from_sync_tools_are_judged_by_content(laptops: tuple) -> None:
    a, b, shared = laptops
    person(a, "Cayla")
    synchronise(a, shared)
    path = segments(shared, a)[0]
    path.rename(path.with_name(path.stem + ".sync-conflict-20261123-120000-ABCDEF.seg"))
    assert synchronise(b, shared).appliques == 1


def test_gaps_wait_and_a_wrong_chain_is_refused(laptops: tuple) -> None:
    a, b, shared = laptops
    person(a, "Un")
    synchronise(a, shared)
    person(a, "Deux")
    synchronise(a, shared)
    first, second = segments(shared, a)
    hidden = shared / "ailleurs.bin"  # a sync tool has not delivered segment 1 yet
    first.rename(hidden)
    assert synchronise(b, shared).appliques == 0  # seq 2 waits for seq 1
    hidden.rename(first)
    assert synchronise(b, shared).appliques == 2 and names(b) == {"Un", "Deux"}
    # a segment 3 that does not chain on segment 2 is ignored
    bogus = dossier_module.encode_segment(a.device_id, 3, "0" * 64, [])
    (second.parent / f"{a.device_id}_00000003.seg").write_bytes(equipe.charge(a).scelle(bogus, "segment"))
    result = synchronise(b, shared)
    assert result.appliques == 0 and any("hors chaîne" in alert for alert in result.alertes)


def test_two_valid_segments_with_the_same_number_mean_a_cloned_install(
    laptops: tuple, tmp_path: Path
) -> None:
    a, b, shared = laptops
    person(a, "Cayla")
    clone_dir = tmp_path / "clone"
    a.close()
    shutil.copytree(a.paths.data, clone_dir)
    a2 = open_store(a.paths)
    clone = open_store(resolve_paths(clone_dir))
    try:
        person(clone, "Intrus")
        synchronise(a2, shared)
        clone_own = shared / "coordinateur" / "appareils" / clone.device_id / "segments"
        clone_own.mkdir(parents=True, exist_ok=True)
        data = dossier_module.encode_segment(clone.device_id, 1, "", [{"op_id": "x", "record_id": "y", "kind": "intervenant",
                                                                       "clock": clone.clock.tick().encode(), "device": clone.device_id,
                                                                       "user": "u", "action": "upsert", "fields": {"valeurs": {"nom": "Intrus"}}}])  # fmt: skip
        sealed = equipe.charge(clone).scelle(data, "segment")  # a copied install has the same keys
        (clone_own / f"{clone.device_id}_00000001.sync-conflict-1.seg").write_bytes(sealed)
        result = synchronise(b, shared)
        assert any("installation copiée" in alert for alert in result.alertes)
        # the copy renamed by the sync tool is left out; the file under the author's own name is taken
        assert names(b) == {"Cayla"}
    finally:
        a2.close()
        clone.close()


def test_leftover_temporary_files_are_removed_and_never_imported(laptops: tuple) -> None:
    a, b, shared = laptops
    staging = shared / "coordinateur" / "appareils" / a.device_id / ".tmp"
    staging.mkdir(parents=True, exist_ok=True)
    (staging / f"{a.device_id}_00000001.seg.tmp").write_text("à moitié écrit")
    person(a, "Cayla")
    synchronise(a, shared)
    assert not list(staging.iterdir())
    assert synchronise(b, shared).appliques == 1


def test_segment_format_is_sealed_json_lines(laptops: tuple) -> None:
    a, _b, shared = laptops
    person(a, "Cayla")
    synchronise(a, shared)
    sealed = segments(shared, a)[0].read_bytes()
    assert b"Cayla" not in sealed and b"CAYLA" not in sealed and b'"op"' not in sealed
    clear = equipe.charge(a).ouvre(sealed, "segment", a.device_id)
    lines = [json.loads(line) for line in clear.decode("utf-8").splitlines()]
    assert [line["type"] for line in lines] == ["entete", "op", "fin"]
    assert lines[0]["seq"] == 1 and lines[0]["precedent"] == "" and lines[0]["nombre"] == 1


def test_shared_meetings_survive_a_full_disk_and_a_damaged_segment(
    laptops: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, shared = laptops
    for store in (a, b):
        enregistre_reglages(store, partage_reunions=True)
    meeting = reunion(a, "Concertation Laguiole")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    real_fsync = os.fsync
    monkeypatch.setattr(dossier_module.os, "fsync", full_disk)
    with pytest.raises(DossierIndisponible, match="disque plein"):
        synchronise(a, shared)
    monkeypatch.setattr(dossier_module.os, "fsync", real_fsync)
    assert etat(a, shared).en_attente >= 2  # the meeting and its action still waiting
    assert not segments(shared, a)
    assert synchronise(a, shared).ecrits == 2  # the meeting and its action, in one segment
    path = segments(shared, a)[0]
    data = path.read_bytes()
    path.write_bytes(data[:40] + bytes([data[40] ^ 0x01]) + data[41:])
    assert synchronise(b, shared).appliques == 0  # a damaged segment is never applied
    assert synchronise(a, shared).segments_soignes  # written again by its author
    synchronise(b, shared)
    received = lit_reunion(b, meeting)
    assert received.titre == "Concertation Laguiole"
    assert [action.quoi for action in received.actions] == ["Appeler le SSIAD (Concertation Laguiole)"]


# -- clocks, deletions, conflicts ------------------------------------------------------------------------


def test_clocks_far_in_the_future_are_held_aside(laptops: tuple) -> None:
    a, b, shared = laptops
    a.clock._now_ms = lambda: system_ms() + 3 * 24 * 3600 * 1000  # this laptop's clock is three days ahead
    person(a, "Futur")
    synchronise(a, shared)
    result = synchronise(b, shared)
    assert result.tenues == 1 and names(b) == set()


def test_a_laptop_whose_clock_was_years_ahead_recovers_and_its_colleagues_stop_holding_it(
    laptops: tuple,
) -> None:
    """One edit under a clock ten years ahead used to stamp every later edit of that laptop in 2036, and
    its colleagues held all of them aside for ten years."""
    from sqlalchemy import func, select

    from coordinateur.partage.models import OperationTenue

    a, b, shared = laptops
    kept = person(a, "Avant")
    synchronise(a, shared)
    synchronise(b, shared)
    ten_years = 10 * 365 * 24 * 3600 * 1000
    a.clock._now_ms = lambda: system_ms() + ten_years  # the laptop's date is wrong
    created = person(a, "Sous la mauvaise date")
    fiche = lit(a, kept)
    fiche.horaires = "lundi (mauvaise date)"
    enregistre(a, fiche)
    synchronise(a, shared)
    assert synchronise(b, shared).tenues == 2 and names(b) == {"Avant"}
    a.clock._now_ms = system_ms  # the date is fixed
    assert "en avance de 3650 jour(s)" in etat(a, shared).erreur  # said at start, before any sync
    fiche = lit(a, kept)
    fiche.horaires = "mardi"  # still stamped ahead: the saved clock is in 2036
    enregistre(a, fiche)
    bilan = synchronise(a, shared)
    assert any("en avance de 3650 jour(s)" in alert for alert in bilan.alertes)
    assert a.clock.wall < system_ms() + 60_000  # sane again, and saved so
    received = synchronise(b, shared)
    assert received.tenues == 0 and received.conflits == 0 and names(b) == {"Avant", "Sous la mauvaise date"}
    assert lit(b, kept).horaires == "mardi" and lit(b, created).nom == "Sous la mauvaise date"
    with b.read() as session:
        assert session.scalar(select(func.count()).select_from(OperationTenue)) == 0  # nothing waits for 2036
    fiche = lit(b, kept)
    fiche.horaires = "mercredi"  # a colleague's later edit wins, as it should
    enregistre(b, fiche)
    synchronise(b, shared)
    synchronise(a, shared)
    assert lit(a, kept).horaires == lit(b, kept).horaires == "mercredi"
    history = load_settings(a).partage_historique  # the alert is gone; the history keeps it
    assert "remise à l'heure" in history[1] and not any("remise à l'heure" in line for line in history[2:])
    assert "remise à l'heure" not in history[0]


def test_mass_deletion_stops_and_asks(laptops: tuple) -> None:
    a, b, shared = laptops
    ids = [person(a, f"Nom{n}") for n in range(10)]
    synchronise(a, shared)
    synchronise(b, shared)
    for record_id in ids[:5]:
        supprime(a, record_id)
    synchronise(a, shared)
    with pytest.raises(SuppressionsMassives, match="plus de 20 %"):
        synchronise(b, shared)
    assert len(names(b)) == 10
    synchronise(b, shared, accepter_suppressions=True)
    assert len(names(b)) == 5


def test_concurrent_edits_converge_and_the_loser_is_kept(laptops: tuple) -> None:
    a, b, shared = laptops
    record_id = person(a, "Cayla")
    synchronise(a, shared)
    synchronise(b, shared)
    fa, fb = lit(a, record_id), lit(b, record_id)
    fa.email, fb.email = "a@example.fr", "b@example.fr"
    enregistre(a, fa)
    enregistre(b, fb)
    for store in (a, b, a, b):
        synchronise(store, shared)
    assert lit(a, record_id).email == lit(b, record_id).email
    assert etat(a, shared).conflits == 1 and etat(b, shared).conflits == 1
