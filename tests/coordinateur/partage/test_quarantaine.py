"""Every operation is validated before it is applied (issue 16, second part). A segment whose checksum holds
but whose content is malformed is quarantined by name — not applied, listed with its file, author and a
French reason in `partage etat --json` — while the good segment of another laptop in the same sync is
applied. Forged copies and forged seqs never block a colleague for good. Laptops are driven through the
command line; a Hypothesis test throws arbitrary JSON at the validation in-process."""

from __future__ import annotations

import copy
import json
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.dossier import initialise
from coordinateur.paths import resolve_paths
from coordinateur.settings import load_settings, save_settings

from .outils import (
    Portable,
    checksumme,
    depose,
    en_equipe,
    entete,
    equipe_seule,
    membre_fictif,
    operation,
    portable,
    scelle,
    segment,
    synchro_ok,
)

F = "0f0f0f0f-1111-4222-8333-444455556666"  # a made-up laptop that writes malformed segments


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _op(**changes: Any) -> dict[str, Any]:
    op = operation(F)
    for key, value in changes.items():
        if value is _SUPPRIME:
            op.pop(key)
        else:
            op[key] = value
    return op


_SUPPRIME = object()


def _with_op(op: dict[str, Any] | str) -> list[str]:
    line = op if isinstance(op, str) else json.dumps(op)
    return [json.dumps(entete(F, 1, 1)), line]


def _header(change: Callable[[dict[str, Any]], Any]) -> list[str]:
    header = entete(F, 1, 1)
    changed = change(header)
    return [json.dumps(changed if changed is not None else header), json.dumps(operation(F))]


def _valeurs(**valeurs: Any) -> dict[str, Any]:
    op = operation(F)
    op["fields"]["valeurs"] = {"nom": "Forgé", **valeurs}
    return op


# The malformed-but-checksummed segments of the issue (and a few more): name → lines of the segment.
SHAPES: dict[str, Callable[[], list[str]]] = {
    "entete_liste": lambda: ["[]", json.dumps(operation(F))],
    "entete_sans_seq": lambda: _header(lambda h: h.pop("seq") and None),
    "seq_en_texte": lambda: _header(lambda h: h.update(seq="1")),
    "nombre_en_texte": lambda: _header(lambda h: h.update(nombre="1")),
    "operation_liste": lambda: _with_op("[1, 2]"),
    "horloge_absente": lambda: _with_op(_op(clock=_SUPPRIME)),
    "horloge_pas_une_horloge": lambda: _with_op(_op(clock={"wall": 1})),
    "horloge_texte_libre": lambda: _with_op(_op(clock="demain matin")),
    "valeur_mauvais_type": lambda: _with_op(_valeurs(nom=42)),
    "telephones_texte": lambda: _with_op(_valeurs(telephones="05 65 00 00 00")),
    "valeurs_liste": lambda: _with_op(_op(fields={"valeurs": [], "bases": {}})),
    "fields_absent": lambda: _with_op(_op(fields=_SUPPRIME)),
    "reunion_sans_date": lambda: _with_op(operation(F, "reunion", titre="RCP")),
    "json_profond": lambda: _with_op(json.dumps(operation(F))[:-1] + ', "x": ' + _deep(100_000) + "}"),
    "valeur_profonde": lambda: _with_op(_valeurs(zone_communes=json.loads(_deep(50)))),
    "identifiant_change": lambda: _with_op(_valeurs(id=str(uuid.uuid4()))),
    "champ_inconnu": lambda: _with_op(_valeurs(mot_de_passe="secret")),
    "nom_null": lambda: _with_op(_valeurs(nom=None)),
    "kind_liste": lambda: _with_op(_op(kind=["intervenant"])),
    "action_inconnue": lambda: _with_op(_op(action="drop")),
    "autre_auteur": lambda: _with_op(_op(device=str(uuid.uuid4()))),
    "record_id_objet": lambda: _with_op(_op(record_id={"$ne": 1})),
    "bases_texte": lambda: _with_op(_op(fields={"valeurs": {"nom": "Forgé"}, "bases": "x"})),
    "texte_trop_long": lambda: _with_op(_valeurs(nom="x" * 10_000)),
}


@pytest.fixture(scope="module")
def modele(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Portable]:
    """A shared folder where laptop C has published one good segment (copied for each test)."""
    base = tmp_path_factory.mktemp("modele")
    shared = base / "partage"
    shared.mkdir()
    initialise(shared)
    c = portable(base / "c")
    c.ajoute("Vernhes")
    synchro_ok(c.sync(shared))
    return shared, c


def receveur(folder: Path, *, reunions: bool = True) -> Portable:
    a = portable(folder)
    with open_store(resolve_paths(folder)) as store:
        options = load_settings(store)
        options.partage_reunions = reunions
        save_settings(store, options)
    return a


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_malformed_segment_is_quarantined_by_name_and_the_rest_applies(
    tmp_path: Path, modele: tuple[Path, Portable], shape: str
) -> None:
    shared = tmp_path / "partage"
    shutil.copytree(modele[0], shared)
    a = receveur(tmp_path / "a")
    en_equipe(shared, modele[1], a)
    membre_fictif(shared, modele[1], F)
    bad = depose(shared, F, f"{F}_00000001.seg", checksumme(SHAPES[shape]()))
    result = a.sync(shared)
    report = synchro_ok(result)
    assert report["recues"] == 1, result.stderr  # the good segment of laptop C
    assert a.noms() == {"Vernhes"}
    assert bad.name in result.stderr and "quarantaine" in result.stderr
    listed = report["quarantaine"]
    assert [q["fichier"] for q in listed] == [f"appareils/{F}/segments/{bad.name}"]
    assert listed[0]["appareil"] == F and listed[0]["motif"]
    # the state says the same afterwards, and a second sync neither applies nor warns again
    assert a.etat(shared)["quarantaine"] == listed
    again = synchro_ok(a.sync(shared))
    assert again["recues"] == 0 and again["alertes"] == []


def test_a_meeting_is_ignored_on_a_laptop_that_does_not_share_meetings(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    a = receveur(tmp_path / "a", reunions=False)
    membre_fictif(shared, a, F)
    meeting = operation(F, "reunion", titre="RCP secrète", date="2026-11-27")
    person = operation(F, nom="Cayla")
    depose(shared, F, f"{F}_00000001.seg", segment(F, 1, [meeting, person]))
    report = synchro_ok(a.sync(shared))
    assert report["recues"] == 1 and report["quarantaine"] == [] and a.noms() == {"Cayla"}
    meetings = a.cli("reunion", "liste", "--json")
    assert json.loads(meetings.stdout) == []


def test_tombstones_sent_as_upserts_count_as_deletions(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, b, a)
    ids = b.ajoute(*(f"Nom{n}" for n in range(10)))
    synchro_ok(b.sync(shared))
    synchro_ok(a.sync(shared))
    # a made-up laptop sends tombstones as "upsert" with deleted=true, each over a clock it claims to know
    tombstones = []
    for record_id in ids[:6]:
        op = operation(F)
        op.update(record_id=record_id, action="upsert")
        op["fields"] = {"valeurs": {"deleted": True}, "bases": {"deleted": op["clock"]}}
        tombstones.append(op)
    membre_fictif(shared, b, F)
    depose(shared, F, f"{F}_00000001.seg", segment(F, 1, tombstones))
    result = a.sync(shared)
    assert result.returncode == 1 and "plus de 20 %" in result.stderr
    assert len(a.noms()) == 10


def test_a_primary_key_change_is_quarantined_and_the_record_keeps_its_identity(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, b, a)
    (record_id,) = b.ajoute("Cayla")
    synchro_ok(b.sync(shared))
    synchro_ok(a.sync(shared))
    op = operation(F)
    op.update(record_id=record_id)
    op["fields"] = {"valeurs": {"id": str(uuid.uuid4())}, "bases": {"nom": op["clock"]}}
    membre_fictif(shared, b, F)
    depose(shared, F, f"{F}_00000001.seg", segment(F, 1, [op]))
    report = synchro_ok(a.sync(shared))
    assert report["recues"] == 0 and "champ inconnu « id »" in report["quarantaine"][0]["motif"]
    found = json.loads(a.cli("annuaire", "cherche", "cayla", "--json").stdout)
    assert [r["id"] for r in found] == [record_id]
    assert a.cli("verifier").returncode == 0


def test_a_segment_forged_into_another_laptops_stream_never_blocks_it(tmp_path: Path) -> None:
    """A member's infected laptop writes `seq 2` into B's folder before B does: it is refused (not B's
    signature), B keeps pushing (under another name) and pulling, and A gets B's real changes."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, b, a)
    b.ajoute("Un")
    synchro_ok(b.sync(shared))
    first = next(b.segments(shared).iterdir())
    import hashlib

    forged = segment(
        b.device, 2, [operation(b.device, nom="Faux")], hashlib.sha256(first.read_bytes()).hexdigest()
    )
    membre_fictif(shared, b, F)
    planted = depose(shared, b.device, f"{b.device}_00000002.seg", forged, par=F)
    refused = a.sync(shared)
    assert synchro_ok(refused)["recues"] == 1 and a.noms() == {"Un"}  # B's real seq 1 only
    assert planted.name in refused.stderr and "écrit par l'ordinateur 0f0f0f0f" in refused.stderr
    a.ajoute("De A")
    synchro_ok(a.sync(shared))
    b.ajoute("Deux")
    pushed = b.sync(shared)
    report = synchro_ok(pushed)
    assert report["envoyees"] == 1  # B is not blocked
    assert "De A" in b.noms()  # and still pulls
    b.ajoute("Trois")
    synchro_ok(b.sync(shared))
    received = a.sync(shared)
    synchro_ok(received)
    assert {"Un", "Deux", "Trois"} <= a.noms()
    assert "hors chaîne" not in received.stderr


def test_a_forged_sync_conflict_copy_blocks_nobody(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, b, a)
    b.ajoute("Un")
    synchro_ok(b.sync(shared))
    membre_fictif(shared, b, F)
    forged = depose(shared, b.device, f"{b.device}_00000001.sync-conflict-20261127-101010-ABCDEFG.seg",
                    segment(b.device, 1, [operation(b.device, nom="Faux")]), par=F)  # fmt: skip
    result = a.sync(shared)
    assert synchro_ok(result)["recues"] == 1 and a.noms() == {"Un"}  # B's own file, not the forged copy
    assert forged.name in result.stderr and "écrit par l'ordinateur 0f0f0f0f" in result.stderr
    b.ajoute("Deux")
    synchro_ok(b.sync(shared))
    assert synchro_ok(a.sync(shared))["recues"] == 1 and a.noms() == {"Un", "Deux"}


def test_a_forged_healing_copy_under_the_authors_own_name_is_refused(tmp_path: Path) -> None:
    """A copy of B's seq 1 under a name B itself uses (`.r1`), written by another member: not B's signature,
    so it is refused by name and B's real segment is applied at once (before the team keys, A had to wait
    for B's next segment to tell them apart)."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, b, a)
    b.ajoute("Un")
    synchro_ok(b.sync(shared))
    membre_fictif(shared, b, F)
    forged = depose(shared, b.device, f"{b.device}_00000001.r1.seg",
                    segment(b.device, 1, [operation(b.device, nom="Faux")]), par=F)  # fmt: skip
    result = a.sync(shared)
    assert synchro_ok(result)["recues"] == 1 and a.noms() == {"Un"}
    assert forged.name in result.stderr and "installation copiée" not in result.stderr


def test_a_quarantine_is_lifted_once_the_author_rewrites_the_segment(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    a = portable(tmp_path / "a")
    membre_fictif(shared, a, F)
    bad = operation(F, nom=42)
    bad_file = depose(shared, F, f"{F}_00000001.seg", segment(F, 1, [bad]))
    report = synchro_ok(a.sync(shared))
    (line,) = report["quarantaine"]
    still = a.cli("partage", "quarantaine", "--dossier", str(shared), "--lever", str(line["id"]))
    assert still.returncode == 1 and "toujours invalide" in still.stderr
    fixed = copy.deepcopy(bad)
    fixed["fields"]["valeurs"]["nom"] = "Corrigé"
    bad_file.with_name(f"{F}_00000001.r1.seg").write_bytes(scelle(F, segment(F, 1, [fixed])))
    lifted = a.cli("partage", "quarantaine", "--dossier", str(shared), "--lever", str(line["id"]), "--json")
    assert lifted.returncode == 0 and "1 modification(s) appliquée(s)" in lifted.stderr
    assert json.loads(lifted.stdout) == [] and a.noms() == {"Corrigé"}
    again = synchro_ok(a.sync(shared))  # the refused file is still there: it is not quarantined again
    assert again["quarantaine"] == [] and again["recues"] == 0 and again["alertes"] == []


# -- any JSON at all, in-process --------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = ["op_id", "record_id", "kind", "clock", "device", "user", "action", "fields"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(
        [*KEYS, "valeurs.nom", "valeurs.telephones", "valeurs.x", "bases.nom", "valeurs.deleted"]
    ),
    value=JSON_VALUES,
    kind=st.sampled_from(["intervenant", "structure", "reunion", "action"]),
)
def test_any_json_in_an_operation_is_applied_or_quarantined_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: Any, kind: str
) -> None:
    from coordinateur.partage.sync import synchronise

    base = tmp_path_factory.mktemp("json")
    shared = base / "partage"
    shared.mkdir()
    initialise(shared)
    good_device, bad_device = str(uuid.uuid4()), str(uuid.uuid4())
    with open_store(resolve_paths(base / "a")) as store:
        membre_fictif(shared, store, good_device)
        membre_fictif(shared, store, bad_device)
    depose(
        shared,
        good_device,
        f"{good_device}_00000001.seg",
        segment(good_device, 1, [operation(good_device, nom="Bon")]),
    )
    op = operation(bad_device, kind, nom="Mal", date="2026-11-27", quoi="x", reunion_id=str(uuid.uuid4()))
    if "." in key:
        part, name = key.split(".")
        op["fields"][part][name] = value
    else:
        op[key] = value
    depose(shared, bad_device, f"{bad_device}_00000001.seg", segment(bad_device, 1, [op]))
    with open_store(resolve_paths(base / "a")) as store:
        options = load_settings(store)
        options.partage_reunions = True
        save_settings(store, options)
        bilan = synchronise(store, shared)
        from coordinateur.partage.tableau import etat

        state = etat(store, shared)
        assert bilan.appliques >= 1
        from coordinateur.annuaire.recherche import Filtre, liste

        assert "Bon" in {ligne.nom for ligne in liste(store, Filtre(actifs_seulement=False))}
        assert len(state.quarantaine) <= 1


def test_every_kind_that_travels_has_a_declared_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from coordinateur.partage import schema as schema_module
    from coordinateur.partage.sync import modeles

    models = modeles()
    schema_module.verifie_declarations(models)
    assert set(models) == {"intervenant", "structure", "reunion", "action"}
    assert schema_module.schema(models["reunion"])["date"].requis
    assert not schema_module.schema(models["intervenant"])["email"].requis
    undeclared = {**schema_module.JSON_DECLARES, "reunion": {}}
    monkeypatch.setattr(schema_module, "JSON_DECLARES", undeclared)
    monkeypatch.setattr(schema_module, "_SCHEMAS", {})
    with pytest.raises(LookupError, match=r"reunion\.ordre_du_jour"):
        schema_module.verifie_declarations(models)


def test_a_record_of_another_kind_under_an_existing_identifier_is_left_out(tmp_path: Path) -> None:
    """A structure created with an intervenant's identifier would take the intervenant's place in the
    search index (and two such records in one sync broke the index's uniqueness): that operation is left
    out, with a French message, and the rest of its segment is applied. A segment giving one identifier to
    two kinds is its author's forgery: quarantined whole."""
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, b, a)
    (record_id,) = b.ajoute("Cayla")
    synchro_ok(b.sync(shared))
    synchro_ok(a.sync(shared))
    intrus = operation(F, "structure", nom="SSIAD fantôme")
    intrus["record_id"] = record_id
    voisine = operation(F, "structure", nom="SSIAD de la Vallée d'Olt")
    twin = str(uuid.uuid4())
    g = "0e0e0e0e-1111-4222-8333-444455556666"
    pair = [operation(g, nom="Jumeau"), operation(g, "structure", nom="Jumelle")]
    for op in pair:
        op["record_id"] = twin
    for made_up in (F, g, "0d0d0d0d-1111-4222-8333-444455556666", "0c0c0c0c-1111-4222-8333-444455556666"):
        membre_fictif(shared, b, made_up)
    depose(shared, F, f"{F}_00000001.seg", segment(F, 1, [intrus, voisine]))
    depose(shared, g, f"{g}_00000001.seg", segment(g, 1, pair))
    # and one identifier used by two laptops for two kinds in the same sync: the second is left out
    h, k, third = (
        "0d0d0d0d-1111-4222-8333-444455556666",
        "0c0c0c0c-1111-4222-8333-444455556666",
        str(uuid.uuid4()),
    )
    first, second = operation(h, nom="Premier"), operation(k, "structure", nom="Seconde")
    first["record_id"] = second["record_id"] = third
    depose(shared, h, f"{h}_00000001.seg", segment(h, 1, [first]))
    depose(shared, k, f"{k}_00000001.seg", segment(k, 1, [second]))
    result = a.sync(shared)
    report = synchro_ok(result)
    motifs = sorted(q["motif"] for q in report["quarantaine"])
    assert len(motifs) == 1 and "autre genre" in motifs[0] and twin in motifs[0]
    names = a.noms()
    assert "Cayla" in names and len(names & {"Premier", "Seconde"}) == 1  # the earlier clock wins
    assert "SSIAD fantôme" not in names and "SSIAD de la Vallée d'Olt" in names
    assert "d'un autre genre" in result.stderr and record_id in result.stderr


def test_the_demo_team_s_meetings_and_actions_all_pass_validation(tmp_path: Path) -> None:
    """What this version writes is what it accepts: a whole demo territory, meetings shared."""
    shared = tmp_path / "partage"
    shared.mkdir()
    demo = Portable(tmp_path / "a", "")
    assert demo.cli("demo", "--no-gui").returncode == 0
    a, b = receveur(tmp_path / "a"), receveur(tmp_path / "b")
    en_equipe(shared, a, b)
    sent = synchro_ok(a.sync(shared))
    received = synchro_ok(b.sync(shared))
    assert received["quarantaine"] == [] and received["recues"] == sent["envoyees"] > 300
    mine = json.loads(a.cli("reunion", "liste", "--json").stdout)
    theirs = json.loads(b.cli("reunion", "liste", "--json").stdout)

    def shared_part(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:  # situations never travel
        return sorted(
            ({k: v for k, v in r.items() if k != "nb_situations"} for r in rows), key=lambda r: r["id"]
        )

    assert mine and shared_part(mine) == shared_part(theirs)


HEADER_KEYS = st.sampled_from(
    ["format", "major", "type", "appareil", "seq", "precedent", "nombre", "horloge_min"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header_changes=st.dictionaries(HEADER_KEYS, JSON_VALUES, max_size=3),
    op_changes=st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, min_size=1, max_size=3),
    extra_lines=st.lists(st.text(max_size=20) | JSON_VALUES.map(json.dumps), max_size=2),
    kind=st.sampled_from(["intervenant", "structure", "reunion", "action", "personne"]),
)
def test_any_checksummed_content_is_read_or_refused_with_a_reason(
    tmp_path: Path,
    header_changes: dict[str, Any],
    op_changes: dict[str, Any],
    extra_lines: list[str],
    kind: str,
) -> None:
    """The parser and the validation never raise anything but their own refusals, whatever the lines."""
    from coordinateur.partage.dossier import SegmentAbime, SegmentInvalide, examine_segment
    from coordinateur.partage.sync import modeles, valide_segment

    op = operation(F, kind)
    op.update(op_changes)
    header = {**entete(F, 1, 1 + len(extra_lines)), **header_changes}
    team = equipe_seule(F)
    path = tmp_path / F / "segments" / f"{F}_00000001.seg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(team.scelle(checksumme([json.dumps(header), json.dumps(op), *extra_lines]), "segment"))
    try:
        found = examine_segment(path, team)
    except SegmentInvalide as refused:
        assert refused.motif and refused.sha256
        return
    except SegmentAbime:
        return
    ops, why = valide_segment(found, modeles(), {"intervenant", "structure", "reunion", "action"})
    assert (ops is None) == bool(why)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("value", [None, 5, 1.5, True, [], {}, "x" * 300])
def test_every_envelope_field_of_a_wrong_type_is_a_reason_not_a_crash(key: str, value: Any) -> None:
    from coordinateur.partage.schema import valide_enveloppe, valide_valeurs
    from coordinateur.partage.sync import modeles

    op = operation(F)
    op.pop("type")
    op[key] = value
    assert valide_enveloppe(op, F) or valide_valeurs(op, modeles()["intervenant"])


def test_every_field_of_every_kind_of_a_wrong_type_is_a_reason_not_a_crash() -> None:
    from coordinateur.partage.schema import schema, valide_valeurs
    from coordinateur.partage.sync import modeles

    checked = 0
    for kind, model in modeles().items():
        for name in schema(model):
            op = operation(F, kind)
            op["fields"] = {"valeurs": {name: {"x": [1]}}, "bases": {name: op["clock"]}}
            assert valide_valeurs(op, model), f"{kind}.{name}"
            checked += 1
    assert checked > 60
