"""Attacks on the last accepted segment a laptop joining again trusts (`invitations._fins_signees`): the
revocations an invitation carries (forged by a member's infected laptop) and those of the folder (written by
anyone). The joining laptop never crashes, hangs, loses what it wrote out of the team, nor writes outside the
team's folder, and every laptop ends with the same values, without false conflicts nor quarantine."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coordinateur.errors import CoordinateurError
from coordinateur.partage import enveloppe, equipe, invitations, retrait
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.sync import synchronise
from coordinateur.store import Store

from .test_attaque_equipe import borne
from .test_attaque_rejoindre import _conflits, _converge, _invitation_forgee, _pousse_sans_lire, _quarantaine
from .test_instantane import ajoute, renomme, root_of
from .test_instantane import valeurs_des_fiches as _valeurs


def _revocation(
    signataire: Store, cible: str, dernier_seq: int, *, equipe_id: str | None = None
) -> tuple[str, str]:
    """A revocation of `cible` signed by `signataire` with its own view of the team (a member's infected
    laptop, or a retired one that kept its keys): (key id, sealed bytes in hex). Its `pour` is empty: nobody
    applying it would get a key (it is refused, or only read by the joining laptop)."""
    team = equipe.charge(signataire)
    assert team is not None
    kid = enveloppe.identifiant_cle(secrets.token_bytes(32))
    content = {"cle": kid, "epoque": 9, "par": signataire.device_id, "le": equipe._iso(equipe._now()),
               "retires": [{"appareil": cible, "dernier_seq": dernier_seq, "dernier_sha": ""}], "pour": {}}  # fmt: skip
    data = enveloppe.scelle(json.dumps(content).encode("utf-8"), genre="retrait", equipe=equipe_id or team.id,
                            cle=team.premiere()[1], auteur=signataire.device_id, signataire=team.signataire)  # fmt: skip
    return kid, data.hex()


def _c_refuse_apres_son_retrait(a: Store, b: Store, c: Store, shared: Path) -> tuple[str, list[str]]:
    """C writes one accepted segment, is retired by A, then writes two segments refused by the others and
    one more never pushed: (C's former id, the records of what was refused or never sent)."""
    _converge(shared, a, b, c, tours=1)
    ajoute(c, "Accepté d'Estaing")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    retrait.revoque(a, root_of(shared), c.device_id)
    refuses = [ajoute(c, "Refusé de Saint-Côme-d'Olt")]
    _pousse_sans_lire(c, shared)
    refuses.append(ajoute(c, "Refusé de Sainte-Eulalie-d'Olt"))
    _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    refuses.append(ajoute(c, "Jamais envoyé de L'Hospitalet-du-Larzac"))
    return c.device_id, refuses


def _converge_ou_reinvite(shared: Path, a: Store, b: Store, c: Store) -> None:
    """Syncs; when the forged invitation left C out of the team (it lacked the revocation the others apply, so
    C reads it as a key renewed without it), B, sound, invites C again, as the coordinator would ask."""
    try:
        _converge(shared, c, a, b)
    except HorsEquipe:
        invitations.rejoint(c, root_of(shared), invitations.invite(b, root_of(shared)).code)
        _converge(shared, c, a, b)


def _sans_alerte_grave(bilans: list[Any]) -> None:
    said = [alert for bilan in bilans for alert in bilan.alertes]
    assert not any("quarantaine" in alert for alert in said), said


def _rejoint_ou_refuse(c: Store, root: Path | None, code: str, data: bytes, former: str) -> bool:
    """Joins with a forged invitation: True once joined; False when refused in French, before anything
    changed (C keeps its id)."""
    try:
        invitations.rejoint(c, root, code, data)
    except CoordinateurError as exc:
        assert "Invitation refusée" in exc.message, exc.message
        assert c.device_id == former
        return False
    return True


# -- what the invitation carries ---------------------------------------------------------------------


@pytest.mark.parametrize("revocations", ["revocations", ["ab"], 5, None, {"ab": 1}, {"ab": ["cd"]}], ids=repr)
def test_an_invitation_whose_revocations_are_not_a_map_of_hex_is_refused_or_harmless(
    equipe3: tuple[Store, Store, Store, Path], revocations: Any
) -> None:
    """The invitation carries revocations of another shape: C refuses it before taking a new id, or joins
    and its syncs run, and what it wrote out of the team reaches the others."""
    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)

    def forge(content: dict[str, Any]) -> None:
        content["revocations"] = revocations

    code, data = _invitation_forgee(a, shared, forge)
    if not _rejoint_ou_refuse(c, root_of(shared), code, data, former):
        return
    _converge_ou_reinvite(shared, a, b, c)
    assert set(refuses) <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize("junk", ["zz", "abc", "", "ab" * 40, "AB" * 40], ids=repr)
def test_an_invitation_carrying_a_revocation_of_junk_leaves_every_sync_running(
    equipe3: tuple[Store, Store, Store, Path], junk: str
) -> None:
    """A revocation of the invitation is not hex, or hex of no sealed file, under a key id the folder does not
    hold: C's syncs run (nothing written again from it crashes them), and its work arrives."""
    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)

    def forge(content: dict[str, Any]) -> None:
        content["revocations"]["f" * 16] = junk

    code, data = _invitation_forgee(a, shared, forge)
    if not _rejoint_ou_refuse(c, root_of(shared), code, data, former):
        return
    _converge(shared, c, a, b)
    assert set(refuses) <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize(
    "kid",
    [
        "../../../hors_du_dossier",
        "../../appareils/x/segments/planté",
        "..\\..\\..\\hors_du_dossier",
        "/tmp/x",
    ],
)
def test_a_revocation_key_id_naming_a_path_writes_nothing_outside_the_revocations_folder(
    equipe3: tuple[Store, Store, Store, Path], kid: str, tmp_path: Path
) -> None:
    """The invitation carries a revocation under a "key id" that is a path: nothing is ever written but in
    `equipe/retraits/` (the bytes are the infected laptop's: a file of its choice anywhere on C's disk)."""
    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)
    before = {p for p in tmp_path.rglob("*.cmb")}
    _kid, real = next(iter(equipe.charge(a).revocations.items()))  # type: ignore[union-attr]
    target = kid.replace("/tmp/x", str(tmp_path / "absolu"))

    def forge(content: dict[str, Any]) -> None:
        content["revocations"][target] = real

    code, data = _invitation_forgee(a, shared, forge)
    if not _rejoint_ou_refuse(c, root_of(shared), code, data, former):
        return
    _converge(shared, c, a, b)
    written = {p for p in tmp_path.rglob("*.cmb")} - before
    root = root_of(shared)
    legit = (
        *(root / "equipe" / sub for sub in ("retraits", "membres", "inscriptions")),
        *(root / "appareils").iterdir(),
    )
    assert not [str(p) for p in written if p.parent not in legit]
    assert set(refuses) <= set(_valeurs(a))


def test_many_carried_revocations_neither_hang_nor_crash_the_join(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """Thousands of revocations of junk in the invitation (as many as its size allows): C joins in bounded
    time, and its work arrives."""
    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)
    real = next(iter(equipe.charge(a).revocations.values()))  # type: ignore[union-attr]

    def forge(content: dict[str, Any]) -> None:
        content["revocations"].update({secrets.token_hex(8): real for _ in range(200)})

    code, data = _invitation_forgee(a, shared, forge)
    with borne(120):
        if not _rejoint_ou_refuse(c, root_of(shared), code, data, former):
            return
    _converge(shared, c, a, b)
    assert set(refuses) <= set(_valeurs(a))


# -- an invitation without the signed revocation ---------------------------------------------------


@pytest.mark.parametrize("depuis", ["fichier", "dossier sans le retrait"])
def test_an_invitation_that_drops_the_signed_revocation_and_claims_all_was_accepted_loses_nothing(
    equipe3: tuple[Store, Store, Store, Path], depuis: str
) -> None:
    """A member's infected laptop invites C again saying everything C wrote was accepted, and leaves out the
    revocation it carries (and, in the folder, deletes the revocation's file: anyone may, the members write it
    again only at their next sync): C relies on no signed number, and what it wrote after its retirement
    reaches the others all the same."""
    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)

    def forge(content: dict[str, Any]) -> None:
        content["retraits"][former]["dernier_seq"] = 3
        content["retraits"][former]["dernier_sha"] = "ab" * 32
        content["revocations"] = {}

    code, data = _invitation_forgee(a, shared, forge)
    root = None
    if depuis != "fichier":
        root = root_of(shared)
        for path in (root / "equipe" / "retraits").glob("*.cmb"):
            path.unlink()
    invitations.rejoint(c, root, code, data)
    _converge_ou_reinvite(shared, a, b, c)
    assert set(refuses) <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize("qui", ["autre équipe", "non-membre"])
def test_a_carried_revocation_of_another_team_or_of_a_stranger_is_not_relied_on(
    equipe3: tuple[Store, Store, Store, Path], tmp_path: Path, qui: str
) -> None:
    """The invitation drops the team's revocation and carries instead one of another team, or one signed by
    a laptop of no team here, each saying C's segments were all accepted: C does not rely on it."""
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths

    from .outils import en_equipe

    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)
    other_shared = tmp_path / "ailleurs"
    other_shared.mkdir()
    team_a = equipe.charge(a)
    assert team_a is not None
    x = open_store(resolve_paths(tmp_path / "x"))
    try:
        en_equipe(other_shared, x)
        kid, data = _revocation(x, former, 3, equipe_id=None if qui == "autre équipe" else team_a.id)
    finally:
        x.close()

    def forge(content: dict[str, Any]) -> None:
        content["retraits"][former]["dernier_seq"] = 3
        content["revocations"] = {kid: data}

    code, sealed = _invitation_forgee(a, shared, forge)
    invitations.rejoint(c, None, code, sealed)
    _converge_ou_reinvite(shared, a, b, c)
    assert set(refuses) <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


# -- a signed revocation with a lower number than the truth ------------------------------------------


@pytest.mark.parametrize("ou", ["dans le dossier, signé par un retiré", "porté par l'invitation"])
def test_a_signed_revocation_saying_nothing_was_accepted_sends_again_without_conflict_nor_loss(
    equipe4: tuple[Store, Store, Store, Store, Path], ou: str
) -> None:
    """C's first segments were accepted (a creation, then edits), B later renamed C's record; a revocation
    says none of C's segments was accepted (signed by D, a stolen laptop retired that kept its keys, left in
    the folder; or by the inviting member, carried in the invitation): C sends again what was accepted,
    re-stamped. Every laptop ends with the same values, B's later rename still wins, no conflict, no
    quarantine."""
    a, b, c, d, shared = equipe4
    _converge(shared, a, b, c, d, tours=1)
    fiche = ajoute(c, "Bessière")
    synchronise(c, shared)
    renomme(c, fiche, "Bessière-d'Aubrac")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    renomme(b, fiche, "Bessière (corrigé par B)")
    _converge(shared, b, a, tours=1)
    retrait.revoque(a, root_of(shared), d.device_id)
    _converge(shared, a, b, tours=1)
    retrait.revoque(a, root_of(shared), c.device_id)
    apres = ajoute(c, "Refusé de Saint-Côme-d'Olt")
    _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    former = c.device_id
    if ou.startswith("dans"):
        kid, data = _revocation(d, former, 0)
        (root_of(shared) / "equipe" / "retraits" / f"{kid}.cmb").write_bytes(bytes.fromhex(data))
        code = invitations.invite(a, root_of(shared)).code
        invitations.rejoint(c, root_of(shared), code)
    else:
        kid, data = _revocation(a, former, 0)

        def forge(content: dict[str, Any]) -> None:
            content["revocations"][kid] = data

        code, sealed = _invitation_forgee(a, shared, forge)
        # the folder must not hold it: A's colleagues would apply a revocation that seals them no key
        invitations.rejoint(c, None, code, sealed)
        (root_of(shared) / "equipe" / "retraits" / f"{kid}.cmb").unlink(missing_ok=True)
        team = equipe.charge(c)
        assert team is not None
        team.revocations.pop(kid, None)
        equipe.enregistre(c, team)
    bilans = _converge(shared, c, a, b)
    _sans_alerte_grave(bilans)
    seen = [_valeurs(store) for store in (a, b, c)]
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][fiche]["nom"] == "Bessière (corrigé par B)"
    assert apres in seen[0]
    assert [_quarantaine(store) for store in (a, b)] == [0, 0]
    if ou.startswith("dans"):
        # a stolen laptop's revocation, refused by everyone, must not make C send again what was accepted
        # (the colleagues would record C's accepted edits, re-stamped, as conflicting with B's later one)
        assert [_conflits(store) for store in (a, b, c)] == [0, 0, 0]
    # signed by a member (infected, or retiring C at the same time as another with a lower number): what was
    # accepted is sent again; conflicts may be recorded but no value changes


def test_two_revocations_naming_the_laptop_with_different_numbers_end_with_the_same_values(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """A and B retire C at the same time: B had read C's second segment, A had not (A's revocation says 1, B's
    says 2; A refuses that segment, B applied it). C joins again with B's invitation (which says 2): the least
    of the signed numbers (1) wins, and A gets what it refused; every laptop ends with the same values."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    premier = ajoute(c, "Premier de Saint-Geniez-d'Olt")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    second = ajoute(c, "Second de Sainte-Eulalie-d'Olt")
    synchronise(c, shared)
    synchronise(b, shared)  # B reads C's second segment, A does not
    folder = root_of(shared) / "equipe" / "retraits"
    known = set(folder.glob("*.cmb"))
    (seg2,) = [
        p
        for p in (root_of(shared) / "appareils" / c.device_id / "segments").glob("*.seg")
        if "_00000002" in p.name
    ]
    seg2.rename(shared.parent / seg2.name)  # A's copy of the folder has not received it yet
    retrait.revoque(a, root_of(shared), c.device_id)
    (shared.parent / seg2.name).rename(seg2)
    (de_a,) = set(folder.glob("*.cmb")) - known
    aside = shared.parent / de_a.name
    de_a.rename(aside)  # B revokes at the same time: it has not read A's revocation
    retrait.revoque(b, root_of(shared), c.device_id)
    aside.rename(de_a)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    team_a = equipe.charge(a)
    last = team_a.dernier(c.device_id) if team_a is not None else None
    assert last is not None and last[0] == 1  # A never applied C's second segment
    invitations.rejoint(c, root_of(shared), invitations.invite(b, root_of(shared)).code)
    bilans = _converge(shared, c, a, b)
    _sans_alerte_grave(bilans)
    assert {premier, second} <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)
    assert [_conflits(store) for store in (a, b, c)] == [0, 0, 0]


# -- the folder's revocation files ------------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _lien(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _coupe(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40]) if path.exists() else path.write_bytes(b"CMB1")


def _enorme(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO: POSIX")
@pytest.mark.parametrize("plante", [_fifo, _lien, _coupe, _enorme], ids=lambda f: f.__name__)
def test_a_revocation_file_that_is_a_fifo_a_link_cut_short_or_huge_neither_hangs_nor_crashes_the_join(
    equipe3: tuple[Store, Store, Store, Path], plante: Callable[[Path], None]
) -> None:
    a, b, c, shared = equipe3
    _former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)
    folder = root_of(shared) / "equipe" / "retraits"
    plante(folder / f"{'e' * 16}.cmb")
    if plante is _coupe:  # the real revocation cut short too: the invitation's own copy still counts
        for path in folder.glob("*.cmb"):
            _coupe(path)
    code = invitations.invite(a, root_of(shared)).code
    with borne(60):
        invitations.rejoint(c, root_of(shared), code)
    for path in folder.iterdir():
        if (
            path.is_symlink()
            or not path.is_file()
            or path.stat().st_size > 1024 * 1024
            or path.stat().st_size < 100
        ):
            path.unlink()
    _converge(shared, c, a, b)
    assert set(refuses) <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [("unique", "zz"), ("unique", 5), ("inscription", ["x"]), ("equipe", 7), ("membres", [])],
    ids=lambda v: repr(v)[:12],
)
def test_an_invitation_whose_other_fields_are_malformed_is_refused_before_the_laptop_takes_a_new_id(
    equipe3: tuple[Store, Store, Store, Path], champ: str, valeur: Any
) -> None:
    """A field `adhesion` uses after the laptop took its new id is of another shape: the invitation is refused
    in French before anything changed (a crash halfway would leave the new id without its membership)."""
    a, b, c, shared = equipe3
    former, refuses = _c_refuse_apres_son_retrait(a, b, c, shared)

    def forge(content: dict[str, Any]) -> None:
        content[champ] = valeur

    code, data = _invitation_forgee(a, shared, forge)
    if not _rejoint_ou_refuse(c, root_of(shared), code, data, former):
        return
    _converge_ou_reinvite(shared, a, b, c)
    assert set(refuses) <= set(_valeurs(a))
