"""Attacks on a laptop joining after pruning (commit 970beec): every member's snapshot merged in ONE write
transaction by `fusion.Fusion` (par_lots=False), records held in memory across snapshots, the directory
index rebuilt once, segments marked read and snapshots flagged applied in the same transaction. Each test
asserts the SAFE behaviour: it fails when the attack works.

Here the merge alone is attacked through `Fusion` directly, as `rattrapage.rattrape` drives it (one write
transaction, `garde_locales`, each snapshot's author): a record or a conflict spread over two snapshots,
one id sent as two kinds, the deletion guard within one join, and the order of the snapshots over
generated histories. The join as a whole, through syncs of a team on one shared folder, is attacked in
test_attaque_fusion_equipe.py; the helpers here serve it and test_attaque_garde.py."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.annuaire.service import lit
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import instantane
from coordinateur.partage.bilan import Bilan
from coordinateur.partage.fusion import Fusion
from coordinateur.partage.models import Conflit
from coordinateur.partage.regles import SuppressionsMassives
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.paths import resolve_paths
from coordinateur.store import Store

from .test_attaque_compaction_3 import horloge, ligne
from .test_attaque_compaction_4 import structure, tenue
from .test_instantane import _intervenants, ajoute, later

A = "0a0a0a0a-0000-4000-8000-00000000000a"  # sorts first: its snapshot is merged first when joining
B = "0b0b0b0b-0000-4000-8000-00000000000b"
MODELES = modeles()


# -- helpers ------------------------------------------------------------------------------------------------


def joint(store: Store, *parts: tuple[str, list[dict[str, Any]], list[dict[str, Any]]]) -> Bilan:
    """A join as `rattrape` drives it: each (author, records, conflicts) merged, in this order, in one
    `Fusion` of one write transaction, keeping what this laptop holds (`garde_locales`)."""
    bilan = Bilan()
    with store.write() as session:
        fusion = Fusion(store, session, MODELES, bilan, par_lots=False)
        for auteur, lines, conflicts in parts:
            fusion.ajoute(lines, conflicts, False, garde_locales=True, auteur=auteur,
                          nom_auteur=f"Portable {auteur[:4]}")  # fmt: skip
        fusion.termine()
    return bilan


@contextmanager
def magasin(folder: Path) -> Iterator[Store]:
    store = open_store(resolve_paths(folder))
    try:
        yield store
    finally:
        store.close()


def conflits_tenus(store: Store) -> set[tuple[str, str, str, str, str]]:
    with store.read() as session:
        return {(r.record_id, r.champ, str(r.valeur_gardee), str(r.valeur_ecartee), r.horloge_ecartee)
                for r in session.scalars(select(Conflit))}  # fmt: skip


def lignes_index(store: Store) -> list[str]:
    """The record ids of the directory's search index, one per row (a record indexed twice shows twice)."""
    with store.read() as session:
        return list(session.scalars(text("SELECT record_id FROM annuaire_index")))


def trouves(store: Store, texte: str) -> list[str]:
    return [x.id for x in cherche(store, Filtre(texte=texte, actifs_seulement=False), limite=500)]


def elague(stores: tuple[Store, ...], shared: Path, monkeypatch: pytest.MonkeyPatch, days: int = 40) -> None:
    """`days` on: the stores sync in turn until each has written its snapshot and pruned its own segments."""
    later(monkeypatch, days)
    monkeypatch.setattr(instantane, "INSTANTANE_DELAI", timedelta(days=7))
    for _ in range(3):
        for store in stores:
            synchronise(store, shared)


# -- 1. one Fusion: a record created by one snapshot, touched by the next -------------------------------


@pytest.mark.parametrize("ordre", ["A puis B", "B puis A"])
def test_join_a_record_created_by_one_snapshot_and_completed_by_the_next_is_one_row_with_each_authors_words(
    c: Store, ordre: str
) -> None:
    """B created Jean-Noël L'Hermet; A added a note. In the join, the first snapshot creates the record
    (pending, not flushed: the other author's fields as placeholders), the second one fills them: one row,
    each author's words at its clock, one row of the search index, found without accents."""
    rid = str(uuid.uuid4())
    de_a = ligne(rid, horloge(B, 1), {"nom": "Jean-Noël L'Hermet (placeholder chez A)",
                                      "notes": "Fille : Marie-Thérèse d'Arsonval, lieu-dit La Borie Basse"},
                 {"notes": horloge(A, 5)})  # fmt: skip
    de_b = ligne(rid, horloge(B, 1), {"nom": "Jean-Noël L'Hermet"}, {"nom": horloge(B, 3)})
    de_b["valeurs"].pop("notes", None)
    de_b["field_clocks"].pop("notes", None)
    parts = [(A, [de_a], []), (B, [de_b], [])]
    joint(c, *(parts if ordre == "A puis B" else parts[::-1]))
    held = tenue(c, rid)
    assert held.nom == "Jean-Noël L'Hermet" and held.clock_of("nom") == horloge(B, 3)
    assert held.notes.startswith("Fille : Marie-Thérèse") and held.clock_of("notes") == horloge(A, 5)
    assert held.created_at == horloge(B, 1)
    assert len(_intervenants(c)) == 1
    assert lignes_index(c) == [rid]
    for texte in ("hermet", "jean noel", "l'hermet"):
        assert trouves(c, texte) == [rid], texte
    assert trouves(c, "placeholder") == []  # the placeholder's name left the index with it


# -- 1. conflict lines across snapshots of one join -----------------------------------------------------


@pytest.mark.parametrize("ordre", ["A puis B", "B puis A"])
def test_join_a_conflict_over_a_record_only_the_other_snapshot_creates_is_kept_whatever_the_order(
    tmp_path: Path, ordre: str
) -> None:
    """B created Mme Cayla-Vayssettes; A and B renamed her at once, B's name won. A's snapshot holds the
    conflict (the discarded value is A's) and the record, but none of A's words stand in it any more (its
    line is only B's required name). The conflict must reach the joining laptop whichever snapshot is merged
    first (the join merges them in device-id order: A's first)."""
    rid = str(uuid.uuid4())
    record_b = ligne(rid, horloge(B, 1), {"nom": "Mme Cayla-Vayssettes"}, {"nom": horloge(B, 10)})
    record_a = ligne(rid, horloge(B, 1), {"nom": "Mme Cayla-Vayssettes"}, {"nom": horloge(B, 10)})
    record_a["valeurs"] = {"nom": "Mme Cayla-Vayssettes"}
    record_a["field_clocks"] = {"nom": horloge(B, 10)}
    conflit = {"type": "conflit", "kind": "intervenant", "record_id": rid, "champ": "nom",
               "gardee": "Mme Cayla-Vayssettes", "ecartee": "Mme Cayla-Vaysettes (née d'Arsonval)",
               "horloge_gardee": horloge(B, 10), "horloge_ecartee": horloge(A, 9)}  # fmt: skip
    parts = [(A, [record_a], [conflit]), (B, [record_b], [])]
    with magasin(tmp_path / "c") as c:
        joint(c, *(parts if ordre == "A puis B" else parts[::-1]))
        held = conflits_tenus(c)
    assert held == {
        (rid, "nom", "Mme Cayla-Vayssettes", "Mme Cayla-Vaysettes (née d'Arsonval)", horloge(A, 9))
    }


@pytest.mark.parametrize("ordre", ["A puis B", "B puis A"])
def test_join_a_conflict_line_is_recorded_with_the_held_value_whatever_the_order(
    tmp_path: Path, ordre: str
) -> None:
    """A created Marie-Thérèse d'Arsonval; B's snapshot tells a conflict whose discarded value is B's and
    whose kept value it forges, at A's very clock. Merged after A's snapshot, the value recorded is the one
    held (A's); merged before it (the record is then a placeholder from B's own line), the forged one must
    not be recorded either: the join's result must not depend on the order."""
    rid = str(uuid.uuid4())
    record_a = ligne(rid, horloge(A, 1), {"nom": "Marie-Thérèse d'Arsonval"}, {})
    record_b = ligne(rid, horloge(A, 1), {"nom": "Valeur inventée par B"}, {})
    record_b["valeurs"] = {"nom": "Valeur inventée par B"}
    record_b["field_clocks"] = {"nom": horloge(A, 1)}
    record_b["created_at"] = record_b["updated_at"] = horloge(A, 1)
    # B's line must hold a word of B's to be merged at all: B's note
    record_b["valeurs"]["notes"] = "Vue par B"
    record_b["field_clocks"]["notes"] = horloge(B, 4)
    record_b["updated_at"], record_b["updated_by"] = horloge(B, 4), B
    conflit = {"type": "conflit", "kind": "intervenant", "record_id": rid, "champ": "nom",
               "gardee": "Valeur inventée par B", "ecartee": "Valeur de B", "horloge_gardee": horloge(A, 1),
               "horloge_ecartee": horloge(B, 2)}  # fmt: skip
    parts = [(A, [record_a], []), (B, [record_b], [conflit])]
    with magasin(tmp_path / "c") as c:
        joint(c, *(parts if ordre == "A puis B" else parts[::-1]))
        assert tenue(c, rid).nom == "Marie-Thérèse d'Arsonval"
        held = conflits_tenus(c)
    assert {g for _r, _c, g, _e, _h in held} == {"Marie-Thérèse d'Arsonval"}, held


# -- 1. the same id as two kinds in two snapshots of one join -------------------------------------------


@pytest.mark.parametrize("ordre", ["structure d'abord", "intervenant d'abord"])
def test_join_the_same_id_sent_as_two_kinds_by_two_snapshots_is_one_record_and_a_french_alert(
    c: Store, ordre: str
) -> None:
    """A's snapshot holds a structure, B's an intervenant, under the same id (one of them planted). The
    second one merged is set aside with a French alert naming its author; no crash, one record, one row of
    the index; every other record of both snapshots is applied."""
    clash, autre_a, autre_b = (str(uuid.uuid4()) for _ in range(3))
    de_a = [structure(clash, horloge(A, 1), "SSIAD du Haut-Ségala, lieu-dit Les Bourines"),
            ligne(autre_a, horloge(A, 2), {"nom": "Marie-Thérèse d'Arsonval"}, {})]  # fmt: skip
    de_b = [ligne(clash, horloge(B, 1), {"nom": "Mme Cayla-Vayssettes"}, {}),
            ligne(autre_b, horloge(B, 2), {"nom": "Jean-Noël L'Hermet"}, {})]  # fmt: skip
    parts = [(A, de_a, []), (B, de_b, [])]
    bilan = joint(c, *(parts if ordre == "structure d'abord" else parts[::-1]))
    kinds = [k for k in ("intervenant", "structure") if tenue(c, clash, k) is not None]
    assert len(kinds) == 1
    assert lit(c, autre_a).nom == "Marie-Thérèse d'Arsonval" and lit(c, autre_b).nom == "Jean-Noël L'Hermet"
    said = [x for x in bilan.alertes if "autre genre" in x]
    second = B if ordre == "structure d'abord" else A
    assert len(said) == 1 and f"Portable {second[:4]}" in said[0] and clash in said[0], bilan.alertes
    rows = lignes_index(c)
    assert sorted(rows) == sorted([clash, autre_a, autre_b])


# -- 1. the deletion guard within one join -----------------------------------------------------------------


@pytest.mark.parametrize("accepter", [False, True])
def test_join_a_snapshot_deleting_most_of_what_an_earlier_snapshot_of_the_join_brought_is_stopped_by_the_guard(
    c: Store, accepter: bool
) -> None:
    """C joins with five records of its own. A's snapshot brings twelve records of X (X created them, A
    renamed them); B's snapshot, merged next in the same join, deletes ten of them in its own name. These
    records are not C's own: the 20 % guard counts them as on any laptop that read B's segments, and stops
    the whole join (nothing half-written) unless the coordinator accepts the deletions. C's own records are
    never counted: a joining laptop keeps them as they are."""
    x = "0c0c0c0c-0000-4000-8000-00000000000c"
    ids = [str(uuid.uuid4()) for _ in range(12)]
    for n in range(5):
        ajoute(c, f"Fiche de C n°{n}, lieu-dit La Borie-d'Olt")
    de_a = [ligne(i, horloge(x, 1), {"nom": f"Marie-Thérèse d'Arsonval n°{n}"}, {"nom": horloge(A, 2)})
            for n, i in enumerate(ids)]  # fmt: skip
    de_b = [ligne(i, horloge(x, 1), {"nom": f"Marie-Thérèse d'Arsonval n°{n}", "deleted": True},
                  {"nom": horloge(A, 2), "deleted": horloge(B, 3)}) for n, i in enumerate(ids[:10])]  # fmt: skip
    bilan = Bilan()
    if not accepter:
        with pytest.raises(SuppressionsMassives, match="supprimerait 10 fiches"), c.write() as session:
            fusion = Fusion(c, session, MODELES, bilan, par_lots=False)
            fusion.ajoute(de_a, [], False, garde_locales=True, auteur=A)
            fusion.ajoute(de_b, [], False, garde_locales=True, auteur=B)
            fusion.termine()
        assert (
            sorted(lignes_index(c)) == sorted(r.id for r in _intervenants(c)) and len(_intervenants(c)) == 5
        )
        return
    with c.write() as session:
        fusion = Fusion(c, session, MODELES, bilan, par_lots=False)
        fusion.ajoute(de_a, [], True, garde_locales=True, auteur=A)
        fusion.ajoute(de_b, [], True, garde_locales=True, auteur=B)
        fusion.termine()
    live = {r.nom for r in _intervenants(c) if not r.deleted}
    assert len(live) == 7 and "Marie-Thérèse d'Arsonval n°11" in live


def test_join_a_snapshot_deleting_a_joining_laptops_own_records_is_not_counted_and_deletes_nothing(
    c: Store,
) -> None:
    """A snapshot that names the joining laptop's own records as deleted (a forged tombstone under C's ids,
    in A's name) is no mass deletion: C keeps its own records as they are, so they do not count."""
    for n in range(6):
        ajoute(c, f"Jean-Noël L'Hermet n°{n}")
    own = {r.id: r for r in _intervenants(c)}
    forged = [ligne(rid, r.created_at, {"nom": r.nom, "deleted": True}, {"deleted": horloge(A, 9)})
              for rid, r in own.items()]  # fmt: skip
    joint(c, (A, forged, []))
    assert {r.id for r in _intervenants(c) if not r.deleted} == set(own)


# -- 2. order independence, over small generated histories ----------------------------------------------


AUTEURS = [A, B]
NOMS = ["Jean-Noël L'Hermet", "Marie-Thérèse d'Arsonval", "« Mme Cayla-Vayssettes »", "Élise Fabre-Lacombe"]
CHAMPS = ["nom", "notes", "prenom", "deleted"]


@st.composite
def historiques(draw: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Two or three records, each created by A or B, then edits by either at increasing clocks: the state
    every member holds in the end, and A's and B's snapshots of it as `instantane.encode` writes them (each
    author's own words, the required name as a placeholder, a record left out when none of its words or its
    creation is the author's)."""
    n = draw(st.integers(1, 3))
    minute = 0
    truth: dict[str, Any] = {}
    for _ in range(n):
        rid = str(uuid.UUID(int=draw(st.integers(1, 10**9))))
        creator = draw(st.sampled_from(AUTEURS))
        minute += 1
        created = horloge(creator, minute)
        fields = {"nom": (draw(st.sampled_from(NOMS)), created), "notes": ("", created),
                  "prenom": ("", created), "deleted": (False, created),
                  "profession_code": ("60", created), "commune_code": ("12119", created)}  # fmt: skip
        for who, champ, k in draw(st.lists(st.tuples(st.sampled_from(AUTEURS), st.sampled_from(CHAMPS),
                                                     st.integers(0, 3)), max_size=5)):  # fmt: skip
            minute += 1
            value: Any = {"nom": NOMS[k], "notes": f"Note n°{k} : lieu-dit La Borie Basse",
                          "prenom": ["Jean-Noël", "Marie-Thérèse", "Éloïse", "Ñúñez"][k], "deleted": k == 0}[champ]  # fmt: skip
            fields[champ] = (value, horloge(who, minute))
        truth[rid] = {"created": created, "fields": fields}
    snaps = []
    for auteur in AUTEURS:
        lines = []
        for rid, rec in truth.items():
            fields = rec["fields"]
            said = [c for c, (_v, clock) in fields.items() if clock.endswith(auteur)]
            if not said and not rec["created"].endswith(auteur):
                continue
            kept = [*said, *(["nom"] if "nom" not in said else [])]
            clocks = {c: fields[c][1] for c in kept}
            lines.append({"type": "fiche", "kind": "intervenant", "id": rid, "created_at": rec["created"],
                          "updated_at": max(v[1] for v in fields.values()),
                          "updated_by": max(v[1] for v in fields.values())[-36:], "field_clocks": clocks,
                          "valeurs": {c: fields[c][0] for c in kept}})  # fmt: skip
        snaps.append(lines)
    return snaps[0], snaps[1], truth


def _etat(store: Store) -> dict[str, Any]:
    model = MODELES["intervenant"]
    with store.read() as session:
        return {r.id: ({n: getattr(r, n) for n in CHAMPS}, {n: r.clock_of(n) for n in CHAMPS}, r.created_at)
                for r in session.scalars(select(model))}  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(historiques())
def test_join_result_does_not_depend_on_which_snapshot_is_merged_first(
    tmp_path_factory: pytest.TempPathFactory, histoire: Any
) -> None:
    de_a, de_b, truth = histoire
    base = tmp_path_factory.mktemp("ordre")
    with magasin(base / "ab") as ab, magasin(base / "ba") as ba:
        joint(ab, (A, de_a, []), (B, de_b, []))
        joint(ba, (B, de_b, []), (A, de_a, []))
        first, second = _etat(ab), _etat(ba)
        assert first == second
        for rid, rec in truth.items():  # and it is what every member holds
            values, clocks, created = first[rid]
            assert created == rec["created"]
            for champ in CHAMPS:
                assert (values[champ], clocks[champ]) == rec["fields"][champ], (champ, first[rid])
        live = sorted(rid for rid, rec in truth.items() if not rec["fields"]["deleted"][0])
        assert sorted(lignes_index(ab)) == sorted(lignes_index(ba)) == live
