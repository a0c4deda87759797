"""Issue 17, the history's cost (see test_instantane.py): what a snapshot holds (its author's words, a
retired member's, the fields a record needs, only the kinds the team shares and nothing in clear), what
applying one may not do (delete what this laptop holds, roll back a newer value); and the snapshots that
must not be trusted (outsider, altered, cut, too large, bad record, forged clocks)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire.service import enregistre, lit
from coordinateur.partage import equipe, fusion, instantane, jugement, retrait
from coordinateur.partage.bilan import Bilan, kinds_partages
from coordinateur.partage.models import AppareilVu, Conflit, InstantaneVu, SegmentLu
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.store import Store

from .outils import membre_fictif, scelle
from .test_instantane import _fiche, _forge, _intervenants, ajoute, renomme, root_of

# -- what a snapshot holds -------------------------------------------------------------------------------


def _lit_dernier(store: Store, shared: Path) -> Any:
    best = jugement.dernier_valide(store, root_of(shared))
    assert best is not None
    path = root_of(shared) / best.nom
    return jugement.examine(path.read_bytes(), path, equipe.charge(store), modeles())  # type: ignore[arg-type]


def test_snapshot_bookkeeping_tables_exist(equipe3: tuple[Store, Store, Store, Path]) -> None:
    a, *_rest = equipe3
    with a.read() as session:
        assert session.scalar(select(func.count()).select_from(SegmentLu)) == 0
        assert session.scalar(select(func.count()).select_from(AppareilVu)) == 0
        assert session.scalar(select(func.count()).select_from(Conflit)) == 0


def test_a_snapshot_holds_only_its_authors_words_a_retired_members_and_the_fields_a_record_needs(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """Each member's words come from its own snapshot or segments: A's snapshot holds the fields stamped
    with A's clock, the required name of a record it touched, and every word of a member no longer in the
    team (nobody else speaks for it). A record of B's that A never touched is not in it."""
    a, b, c, shared = equipe3
    de_a = ajoute(a, "Créée par A")
    de_b = ajoute(b, "Lucie Vayssettes-d'Olt")
    jamais = ajoute(b, "Jamais touchée par A")
    de_c = ajoute(c, "Jean-Noël L'Hermet", notes="Fils à prévenir : 06 12 34 56 78")
    for store in (a, b, c, a, b):
        synchronise(store, shared)
    for store, rid, note in ((b, de_a, "Note de B"), (a, de_b, "Note de A")):
        fiche = lit(store, rid)
        fiche.notes = note
        enregistre(store, fiche)
    synchronise(b, shared)
    synchronise(a, shared)
    retrait.revoque(a, root_of(shared), c.device_id)
    synchronise(a, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    _header, records, _conflicts = _lit_dernier(a, shared)
    lines = {line["id"]: line for line in records}
    assert jamais not in lines
    assert set(lines[de_b]["valeurs"]) == {"nom", "notes"}  # A's note, and B's name as a placeholder
    assert lines[de_b]["valeurs"]["notes"] == "Note de A"
    assert "notes" not in lines[de_a]["valeurs"] and lines[de_a]["valeurs"]["nom"] == "Créée par A"
    assert lines[de_c]["valeurs"]["notes"] == "Fils à prévenir : 06 12 34 56 78"  # the retired member's words


def test_a_snapshot_says_only_what_the_team_shares_and_nothing_in_clear(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """A laptop following a person, with a meeting about her, that does not share its meetings: its snapshot
    holds directory records only, and no file of the shared folder shows a name in clear."""
    from coordinateur.personnes.dossier import Dossier
    from coordinateur.personnes.service import enregistre_personne
    from coordinateur.reunions.service import DonneesReunion, DonneesSituation, enregistre_reunion

    a, _b, _c, shared = equipe3
    ajoute(a, "Vayssettes-d'Olt", notes="Fils : Jean-Noël, 06 12 34 56 78")
    pid, _ = enregistre_personne(a, Dossier(nom_naissance="Rouquette-d'Aubrac", prenoms_naissance="Marthe",
                                            date_naissance="1936-02-02", commune_code="12119"))  # fmt: skip
    enregistre_reunion(a, DonneesReunion(titre="RCP Mme Rouquette-d'Aubrac", date="2026-11-02",
                                         situations=[DonneesSituation(personne_id=pid)]))  # fmt: skip
    synchronise(a, shared)
    instantane.ecrit(a, root_of(shared), equipe.charge(a), kinds_partages(a), modeles())  # type: ignore[arg-type]
    header, records, conflicts = _lit_dernier(a, shared)
    assert header["genres"] == ["intervenant", "structure"]
    lines = [*records, *conflicts]
    assert lines and {line["kind"] for line in lines} <= {"intervenant", "structure"}
    assert "Rouquette" not in json.dumps(lines, ensure_ascii=False)
    for path in root_of(shared).rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            for name in ("Rouquette", "Vayssettes", "Jean-No", "06 12 34"):
                assert name.encode() not in raw, path


def test_a_snapshot_never_deletes_what_this_laptop_holds_nor_rolls_back_a_newer_value(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    a, b, c, shared = equipe3
    kept = ajoute(a, "Gardée")
    synchronise(a, shared)
    synchronise(c, shared)
    mine = ajoute(c, "Seulement chez C")
    renomme(c, kept, "Plus récente chez C")
    instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    _header, records, conflicts = _lit_dernier(a, shared)
    bilan = Bilan()
    fusion.applique(c, records, conflicts, modeles(), bilan, False, auteur=a.device_id)
    assert lit(c, mine).nom == "Seulement chez C"
    assert lit(c, kept).nom == "Plus récente chez C"
    del b


# -- snapshots that must not be trusted -------------------------------------------------------------------


INTRUS = "0badc0de-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    "cas",
    [
        "mauvaise fiche",
        "horloge étrangère",
        "altéré",
        "coupé",
        "trop gros",
        "hors équipe",
        "couvre trop",
        "retirés mal formés",
    ],
)
def test_a_bad_snapshot_is_refused_in_french_and_the_segments_still_come(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, cas: str
) -> None:
    a, _b, c, shared = equipe3
    ajoute(a, "Vraie")
    synchronise(a, shared)
    intrus = membre_fictif(shared, a, INTRUS)
    synchronise(a, shared)  # admits the made-up member
    instantane.ecrit(a, root_of(shared), equipe.charge(a), ("intervenant", "structure"), modeles())  # type: ignore[arg-type]
    folder = root_of(shared) / "appareils" / INTRUS
    folder.mkdir(parents=True, exist_ok=True)
    lines = [_fiche(INTRUS, "Forgée")]
    couvre: dict[str, Any] = {}
    if cas == "mauvaise fiche":
        lines.append(_fiche(INTRUS, {"pas": "un nom"}))
    elif cas == "horloge étrangère":
        lines.append(_fiche("11111111-2222-4333-8444-555555555555", "Usurpée"))
    elif cas == "couvre trop":
        couvre = {a.device_id: [99, "0" * 64]}
    date = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y%m%dT%H%M%SZ")  # the newest
    clear = _forge(
        INTRUS, lines, couvre, date, **({"parle_pour": "tous"} if cas == "retirés mal formés" else {})
    )
    data = intrus.scelle(clear, "instantane")
    if cas == "altéré":
        data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    elif cas == "coupé":
        data = data[: len(data) // 2]
    elif cas == "trop gros":
        monkeypatch.setattr(instantane, "INSTANTANE_MAX", 100)
    elif cas == "hors équipe":
        from .outils import equipe_seule

        data = equipe_seule(INTRUS).scelle(clear, "instantane")
    (folder / f"{INTRUS}_{date}.snap").write_bytes(data)
    before = scelle  # the made-up member's helper stays importable
    assert before
    bilan = synchronise(c, shared)
    names = {row.nom for row in _intervenants(c)}
    assert "Vraie" in names and "Forgée" not in names and "Usurpée" not in names
    if cas != "coupé":
        refused = [x for x in bilan.alertes if "Instantané" in x and "refusé" in x]
        assert refused, bilan.alertes
    with c.read() as session:
        forged = session.get(InstantaneVu, f"appareils/{INTRUS}/{INTRUS}_{date}.snap")
        assert forged is None or not forged.applique
        assert cas in ("coupé", "couvre trop") or (forged is not None and not forged.valide)
