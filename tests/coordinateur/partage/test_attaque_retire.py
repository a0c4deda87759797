"""Attacks on a retired member's words carried in the remaining members' snapshots (`parle_pour`,
`instantane.inactifs`, `rattrapage._comble_retire` and `_portes`, `Voix`, `a_ecrire`). Each test asserts
the SAFE behaviour: it fails when the attack works.

Snapshots are merged through `fusion.applique` where the merge alone is attacked (as in the third and
fourth rounds); through whole syncs of a team of four where the folder, the retirement and the join matter."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from coordinateur.annuaire.service import lit
from coordinateur.partage import equipe, fusion, instantane, rattrapage, retrait
from coordinateur.partage.bilan import kinds_partages
from coordinateur.partage.regles import PLANCHER, SuppressionsMassives, attente
from coordinateur.partage.sync import modeles, synchronise
from coordinateur.store import Store

from .test_attaque_compaction_3 import T0, B, D, horloge, ligne
from .test_attaque_compaction_4 import E, applique, tenue, vivants
from .test_instantane import ajoute, retire_c_apres_elagage, root_of, valeurs_des_fiches

A = "0a0a0a0a-0000-4000-8000-00000000000a"  # an active member, honest
RETRAIT = T0 + 30 * 60_000  # E retired at minute 30 (ms since the epoch)


def _retraits(**devices: int) -> SimpleNamespace:
    return SimpleNamespace(
        retraits={d: {"le": datetime.fromtimestamp(ms / 1000, UTC).isoformat()} for d, ms in devices.items()}
    )


# -- whose words a snapshot may carry ---------------------------------------------------------------------


@pytest.mark.parametrize("nomme", ["actif", "lui-même", "inconnu", "dix mille"])
def test_a_snapshot_naming_in_parle_pour_a_device_not_known_retired_here_carries_nothing_of_it(
    c: Store, nomme: str
) -> None:
    """D's snapshot says it speaks for B (active), for D itself, for a device nobody knows, or for ten thousand
    ids: none of it makes a word of theirs (B's, or the unknown device's) taken from D's snapshot, and the
    header is judged in well under a second."""
    unknown = "0f0f0f0f-0000-4000-8000-00000000000f"
    named = {"actif": [B], "lui-même": [D], "inconnu": [unknown],
             "dix mille": [str(uuid.UUID(int=n)) for n in range(9_999)] + [B]}[nomme]  # fmt: skip
    team = _retraits(**{E: RETRAIT})
    pour = {"actif": B, "lui-même": D, "inconnu": unknown, "dix mille": B}[nomme]
    start = time.perf_counter()
    portes = rattrapage._portes({"parle_pour": named}, team, pour)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 1
    assert portes == {}
    assert rattrapage._portes({"parle_pour": [*named, E]}, team, E)  # type: ignore[arg-type]
    who = {"actif": B, "lui-même": B, "inconnu": unknown, "dix mille": B}[nomme]
    rid = str(uuid.uuid4())
    applique(
        c, D, [ligne(rid, horloge(who, 1), {"nom": "Mise dans la bouche d'un autre"}, {})], portes=portes
    )
    assert tenue(c, rid) is None


@pytest.mark.parametrize(
    "horloge_portee",
    [
        "après le retrait",
        "plancher",
        "mal formée",
    ],
)
def test_a_carried_word_after_the_retirement_or_at_the_floor_clock_is_not_taken(
    c: Store, horloge_portee: str
) -> None:
    """D carries E's words (E retired at minute 30): a word stamped after the retirement, at the floor clock
    (a placeholder is nobody's word) or with a clock that does not decode, is not taken."""
    clock = {"après le retrait": horloge(E, 31), "plancher": PLANCHER + E,
             "mal formée": f"{'x' * 15}-000000-{E}"}[horloge_portee]  # fmt: skip
    voix = fusion.Voix(D, {E: RETRAIT})
    assert not voix(clock)
    assert voix(horloge(E, 29))  # the premise: E's words up to its retirement are taken
    rid = str(uuid.uuid4())
    applique(c, D, [ligne(rid, clock, {"nom": "Après coup"}, {})], portes={E: RETRAIT})
    assert tenue(c, rid) is None


def test_a_snapshot_of_the_retired_laptop_itself_naming_devices_it_carries_is_refused(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """C, once retired, writes a snapshot (sealed with a key it still holds) saying it speaks for A: it is
    refused, with a French message naming the file."""
    a, b, c, d, shared = equipe4
    ajoute(c, "Dr Écrit par C")
    for store in (a, b, c):
        synchronise(store, shared)
    team_c = equipe.charge(c)
    retrait.revoque(a, root_of(shared), c.device_id)
    synchronise(b, shared)
    moment = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=1)
    clear = instantane.encode(c, kinds_partages(c), instantane.couverture(c), modeles(), moment,
                              membres=[c.device_id], inactifs=[a.device_id, b.device_id])  # fmt: skip
    name = f"{c.device_id}_{moment.strftime('%Y%m%dT%H%M%SZ')}.snap"
    (root_of(shared) / "appareils" / c.device_id / name).write_bytes(team_c.scelle(clear, "instantane"))  # type: ignore[union-attr]
    bilan = synchronise(d, shared)
    said = [x for x in bilan.alertes if name in x]
    assert said and all("retiré" in x and len(x) < 400 for x in said), bilan.alertes


# -- the retirement's date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cas", ["témoin : horloges justes", "horloge de C en avance de 10 min", "date de A en retard d'une heure"]
)
def test_a_retired_members_words_stamped_after_the_revokers_date_by_a_skewed_clock_are_not_lost(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch, cas: str
) -> None:
    """Clocks drift: C's laptop runs ten minutes ahead (its hybrid clock stamps its edits so; any colleague's
    clock up to a day ahead is accepted and carried on), or A's system date is an hour behind when it
    revokes C. Every word of C was in segments accepted by everyone before the retirement (its last accepted
    segment is named by the revocation). D joining afterwards must hold what A and B hold: the bound taken
    from the revoker's wall clock (`_portes`, `Voix.__call__`) must not drop C's accepted words."""
    a, b, _c, d, shared, _de_a, de_c = retire_c_apres_elagage(
        equipe4, monkeypatch,
        avance_c_ms=10 * 60_000 if "avance" in cas else 0,
        retard_revoque=timedelta(hours=1) if "retard" in cas else timedelta(0),
    )  # fmt: skip
    bilan = synchronise(d, shared)
    assert valeurs_des_fiches(d) == valeurs_des_fiches(a) == valeurs_des_fiches(b), bilan.alertes
    assert lit(d, de_c).notes == "Fils à prévenir : 06 12 34 56 78"


# -- a hostile carrier ------------------------------------------------------------------------------------


def _reforge(store: Store, shared: Path, change: Any) -> str:
    """`store` (a member's infected laptop, with its keys) writes a snapshot of its own, newer than any,
    whose lines `change(lines)` rewrites; the file's name."""
    team = equipe.charge(store)
    assert team is not None
    moment = instantane._now().replace(microsecond=0) + timedelta(minutes=1)
    clear = instantane.encode(store, kinds_partages(store), instantane.couverture(store), modeles(), moment,
                              membres=team.actifs(), inactifs=instantane.inactifs(team))  # fmt: skip
    rows = [json.loads(x) for x in clear.decode().splitlines()[:-1]]
    header, lines = rows[0], change(rows[1:])
    header["fiches"] = sum(1 for x in lines if x["type"] == "fiche")
    body = (
        "\n".join(json.dumps(x, ensure_ascii=False, sort_keys=True) for x in [header, *lines]) + "\n"
    ).encode()
    clear = body + (json.dumps({"type": "fin", "sha256": hashlib.sha256(body).hexdigest()}) + "\n").encode()
    name = f"{store.device_id}_{moment.strftime('%Y%m%dT%H%M%SZ')}.snap"
    (root_of(shared) / "appareils" / store.device_id / name).write_bytes(team.scelle(clear, "instantane"))
    return name


def test_an_active_member_cannot_put_words_in_a_retired_members_mouth_that_the_team_never_read(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """B's infected laptop writes a snapshot that "carries" C's words (C retired): a record C never wrote (a
    physician with the attacker's phone number) and a new value of C's note, both stamped with C's clock
    just before its retirement. No segment of C ever held them; A and B's honest history does not. D, joining,
    must not hold them: otherwise the team diverges for good (nobody else ever sends them) and the forgery
    is attributed to the laptop that was just retired, the one everyone suspects."""
    a, b, c, d, shared, _de_a, de_c = retire_c_apres_elagage(equipe4, monkeypatch)
    team = equipe.charge(a)
    assert team is not None
    le = int(datetime.fromisoformat(team.retraits[c.device_id]["le"]).timestamp() * 1000)
    forged = f"{le - 1000:015d}-000000-{c.device_id}"
    invented = str(uuid.uuid4())

    def change(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for line in lines:
            if line.get("id") == de_c:
                line["valeurs"]["notes"] = "Fils à prévenir : 06 66 66 66 66"
                line["field_clocks"]["notes"] = forged
                line["updated_at"] = max(line["updated_at"], forged)
        fake = ligne(invented, forged, {"nom": "Dr Faux-Nez, rappeler au 06 66 66 66 66"}, {})
        return [*lines, fake]

    _reforge(b, shared, change)
    synchronise(d, shared)
    assert tenue(d, invented) is None
    assert lit(d, de_c).notes == lit(a, de_c).notes == "Fils à prévenir : 06 12 34 56 78"


@pytest.mark.parametrize(
    ("revoker_state", "carriers"),
    [("active", {A}), ("restored as A2", {"A2"}), ("retired", {B, D}), ("unknown", {A, B, D})],
)
def test_a_retired_members_words_are_carried_by_the_member_that_retired_it(
    revoker_state: str, carriers: set[str]
) -> None:
    """E retired by A: only A's snapshots carry E's words (A read E's segments up to the last one the team
    accepts); when A's store goes on under a new id A2, A2's; once A is itself retired (or never known
    here), any active member's, as before."""
    a2 = "0a0a0a0a-0000-4000-8000-0000000000a2"
    membres: dict[str, dict[str, Any]] = {d: {"cle": d, "nom": d[:4]} for d in (A, B, D, E)}
    retraits: dict[str, dict[str, Any]] = {E: {"par": A if revoker_state != "unknown" else "", "le": "x"}}
    if revoker_state == "restored as A2":
        membres[a2] = {"cle": A, "nom": "A2"}
        membres[A]["remplace_par"] = a2
    if revoker_state == "retired":
        retraits[A] = {"par": B, "le": "y"}
    team = equipe.Equipe(id="t", appareil=B, signature="", membres=membres, retraits=retraits)
    assert rattrapage.porteurs(team, E) == {a2 if c == "A2" else c for c in carriers}


def test_joining_a_retired_members_newer_word_outweighs_an_older_one_another_carrier_gave_first(
    c: Store,
) -> None:
    """C joins: B's snapshot (taken first, for B's or E's gap) carries E's record with an older name; A's
    (taken next, for A's gap) carries E's newer one. Both are E's words at their own clocks; the newer one
    must stand, as it does on every laptop that read E's segments. `garde_locales` is meant to keep what the
    joining laptop itself holds, not what another snapshot of the same join just gave it."""
    rid = str(uuid.uuid4())
    portes = {E: RETRAIT}
    applique(c, B, [ligne(rid, horloge(E, 1), {"nom": "Dr Ancien Nom"}, {"nom": horloge(E, 5)})],
             garde_locales=True, portes=portes)  # fmt: skip
    applique(c, A, [ligne(rid, horloge(E, 1), {"nom": "Dr Nom Exact"}, {"nom": horloge(E, 20)})],
             garde_locales=True, portes=portes)  # fmt: skip
    held = tenue(c, rid)
    assert held.nom == "Dr Nom Exact" and held.clock_of("nom") == horloge(E, 20)


# -- the deletion guard -----------------------------------------------------------------------------------


def test_a_carried_mass_deletion_in_a_retired_members_name_is_stopped_by_the_guard(c: Store) -> None:
    """B's snapshot carries ten deletions stamped as E's (retired at minute 30) of records C holds as E's own
    words: the 20 % guard stops it, nothing is deleted."""
    ids = [str(uuid.uuid4()) for _ in range(10)]
    applique(c, E, [ligne(i, horloge(E, 1), {"nom": f"Fiche de E n°{n}"}, {}) for n, i in enumerate(ids)])
    with pytest.raises(SuppressionsMassives):
        applique(c, B, [ligne(i, horloge(E, 1), {"nom": f"Fiche de E n°{n}", "deleted": True},
                              {"deleted": horloge(E, 29)}) for n, i in enumerate(ids)], portes={E: RETRAIT})  # fmt: skip
    assert len(vivants(c)) == 10


def test_a_carried_mass_deletion_in_a_retired_members_name_is_stopped_on_a_laptop_joining(c: Store) -> None:
    """C joins: A's snapshot (its gap) brings ten records of X, an active colleague, that A renamed
    (`deleted` a placeholder of X here); B's infected laptop's snapshot then carries "E's deletion" of all
    ten (E retired at minute 30, stamped at minute 29). Neither X nor E ever deleted them; the guard must not
    be skipped because the laptop is joining: these records are not its own."""
    x = "0c0c0c0c-0000-4000-8000-00000000000c"
    ids = [str(uuid.uuid4()) for _ in range(10)]
    applique(c, A, [ligne(i, horloge(x, 1), {"nom": f"Fiche de X n°{n}"}, {"nom": horloge(A, 2)})
                    for n, i in enumerate(ids)], garde_locales=True)  # fmt: skip
    for n in range(5):
        ajoute(c, f"Fiche de C n°{n}")
    assert all(attente(tenue(c, i).clock_of("deleted")) for i in ids)  # the premise
    try:
        applique(c, B, [ligne(i, horloge(x, 1), {"nom": f"Fiche de X n°{n}", "deleted": True},
                              {"nom": horloge(A, 2), "deleted": horloge(E, 29)}) for n, i in enumerate(ids)],
                 garde_locales=True, portes={E: RETRAIT})  # fmt: skip
    except SuppressionsMassives:
        pass
    assert len(vivants(c)) == 15


def test_a_retired_members_deletion_of_its_own_placeholders_carried_by_a_colleague_does_not_trip_the_guard(
    c: Store,
) -> None:
    """C holds five records of its own and ten of E's as placeholders (B's snapshot brought them: B renamed
    them). E deleted its ten records, then was retired. E's deletion now travels in D's snapshot. As when E
    itself spoke (test_attaque_compaction_3's test of a member's deletions of its own placeholders), this
    is not a mass deletion of what C holds: it must not stop C's sync for good."""
    for n in range(5):
        ajoute(c, f"Fiche de C n°{n}")
    ids = [str(uuid.uuid4()) for _ in range(10)]
    applique(c, B, [ligne(i, horloge(E, 1), {"nom": f"Marie-Thérèse n°{n}"}, {"nom": horloge(B, 5)})
                    for n, i in enumerate(ids)])  # fmt: skip
    assert len(vivants(c)) == 15
    applique(c, D, [ligne(i, horloge(E, 1), {"nom": f"Marie-Thérèse n°{n}", "deleted": True},
                          {"nom": horloge(B, 5), "deleted": horloge(E, 10)}) for n, i in enumerate(ids)],
             portes={E: RETRAIT})  # fmt: skip
    assert vivants(c) == {f"Fiche de C n°{n}" for n in range(5)}


# -- when a snapshot is written ---------------------------------------------------------------------------


def test_a_member_declaring_successors_of_itself_cannot_make_every_colleague_write_a_snapshot_at_each_sync(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """B's infected laptop declares, before each sync, a new device "succeeding" it (same signing key: the
    members admit it without an invitation, and the former id becomes inactive). Each new inactive device
    makes every member write a whole snapshot of its directory at its next sync (`a_ecrire`): B must not
    be able to force that at every sync (here: one snapshot of A for five syncs would already be plenty)."""
    a, b, _c, shared = equipe3
    root = root_of(shared)
    for n in range(3):
        ajoute(a, f"Fiche {n}")
    synchronise(a, shared)
    synchronise(b, shared)
    kinds = kinds_partages(a)
    instantane.ecrit(a, root, equipe.charge(a), kinds, modeles())  # type: ignore[arg-type]
    synchronise(a, shared)
    real, writes = instantane.ecrit, []

    def spy(store: Store, *args: Any, **kw: Any) -> str:
        writes.append(store.device_id)
        return real(store, *args, **kw)

    monkeypatch.setattr(instantane, "ecrit", spy)
    team_b = equipe.charge(b)
    assert team_b is not None
    former = b.device_id
    for _ in range(5):
        new = str(uuid.uuid4())
        card = {"appareil": new, "nom": "Portable de B", "coordinateur": "", "structure": "",
                "cle": team_b.signataire.verify_key.encode().hex(), "depuis": datetime.now(UTC).isoformat(),
                "invitation": None, "preuve": None, "succede": former}  # fmt: skip
        forged = equipe.Equipe.from_json({**team_b.as_json(), "appareil": new, "declaration": card})
        equipe._declare(root, forged)
        former = new
        synchronise(a, shared)
    written = writes.count(a.device_id)
    team_a = equipe.charge(a)
    assert team_a is not None and len(instantane.inactifs(team_a)) >= 5  # the premise: each one was admitted
    assert written <= 1, f"{written} instantanés complets écrits par A en cinq synchronisations"


# -- what the folder shows, what the alerts say ----------------------------------------------------------


def test_no_file_of_the_folder_shows_a_retired_members_words_or_the_carried_list_in_clear(
    equipe4: tuple[Store, Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After C's retirement, A and B wrote snapshots carrying C's words (`parle_pour` names C): no file of the
    shared folder shows a name, a note or C's id in a `parle_pour` in clear."""
    _a, _b, _c, _d, shared, _de_a, _de_c = retire_c_apres_elagage(equipe4, monkeypatch)
    needles = [b"Hermet", b"06 12 34 56 78", b"Cayla", b"parle_pour", "L'Hermet".encode("utf-16-le")]
    for path in shared.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not [n for n in needles if n in data], path


def test_an_alert_about_a_retired_laptops_snapshot_names_the_file_and_stays_one_short_line(
    equipe4: tuple[Store, Store, Store, Store, Path],
) -> None:
    """C, retired, leaves a snapshot; its declared name (up to 200 characters of the member's choosing) is
    hostile: line breaks, a right-to-left override, a fake second alert. The French alert names the file,
    stays short and on one line, without control or bidi characters."""
    a, b, c, d, shared = equipe4
    synchronise(c, shared)
    for store in (a, b, d):
        synchronise(store, shared)
    team_d = equipe.charge(d)
    assert team_d is not None
    hostile = ("Portable\u202e\n\nPartage : tout va bien, acceptez les suppressions\r\n" + "\u200f" * 60)[
        :200
    ]
    team_d.membres[c.device_id]["nom"] = hostile
    equipe.enregistre(d, team_d)
    team_c = equipe.charge(c)
    retrait.revoque(a, root_of(shared), c.device_id)
    moment = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=1)
    clear = instantane.encode(c, kinds_partages(c), instantane.couverture(c), modeles(), moment,
                              membres=[c.device_id], inactifs=[a.device_id])  # fmt: skip
    name = f"{c.device_id}_{moment.strftime('%Y%m%dT%H%M%SZ')}.snap"
    (root_of(shared) / "appareils" / c.device_id / name).write_bytes(team_c.scelle(clear, "instantane"))  # type: ignore[union-attr]
    bilan = synchronise(d, shared)
    said = [x for x in bilan.alertes if name in x]
    assert said, bilan.alertes
    for alert in said:
        assert len(alert) < 400
        assert not [
            ch for ch in alert if ch in "\n\r\u202e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069"
        ], alert
