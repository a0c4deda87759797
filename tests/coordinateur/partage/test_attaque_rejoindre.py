"""Attacks on a laptop joining again a team that knows its id (`invitations.rejoint` under a new id): nothing
lost, nothing sent twice, no false conflict, every laptop ends with the same values, and a colleague's later
change still wins over what is re-stamped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coordinateur.annuaire.service import supprime
from coordinateur.partage import equipe, invitations, retrait
from coordinateur.partage.bilan import Bilan
from coordinateur.partage.envoi import pousse
from coordinateur.partage.equipe import HorsEquipe
from coordinateur.partage.models import Conflit, Quarantaine
from coordinateur.partage.sync import synchronise
from coordinateur.store import Store

from .test_instantane import ajoute, renomme, root_of
from .test_instantane import valeurs_des_fiches as _valeurs


def _conflits(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Conflit)) or 0)


def _quarantaine(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Quarantaine)) or 0)


def _pousse_sans_lire(store: Store, shared: Path) -> None:
    """A push as the laptop does before it reads its own retirement (its segment is refused by the others)."""
    team = equipe.charge(store)
    assert team is not None
    pousse(store, root_of(shared), Bilan(), team)


def _retire_et_constate(hote: Store, retire: Store, shared: Path) -> None:
    retrait.revoque(hote, root_of(shared), retire.device_id)
    with pytest.raises(HorsEquipe):
        synchronise(retire, shared)


def _rejoint(hote: Store, invite: Store, shared: Path) -> str:
    former = invite.device_id
    invitations.rejoint(invite, root_of(shared), invitations.invite(hote, root_of(shared)).code)
    return former


def _converge(shared: Path, *stores: Store, tours: int = 2) -> list[Bilan]:
    bilans = []
    for _ in range(tours):
        for store in stores:
            bilans.append(synchronise(store, shared))
    return bilans


def test_what_a_retired_laptop_wrote_after_its_retirement_arrives_without_false_conflicts_and_loses_to_later(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """C writes several segments after its retirement (creations it then edits, edits of a colleague's
    records, a deletion), and more never pushed; once it joins again every laptop holds the same values,
    no conflict is recorded for C's own successive edits, and B's later rename wins."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    de_a = ajoute(a, "Fabre (de A)")
    de_b = ajoute(b, "Vidal (de B)")
    a_supprimer = ajoute(b, "Bonnefous (à supprimer)")
    _converge(shared, a, b, c, tours=1)
    retrait.revoque(a, root_of(shared), c.device_id)
    # C has not read its retirement: three segments refused by the others
    mien = ajoute(c, "Costes")
    _pousse_sans_lire(c, shared)
    renomme(c, mien, "Costes-Marty")
    renomme(c, de_a, "Fabre-Lacan (corrigé par C)")
    _pousse_sans_lire(c, shared)
    renomme(c, mien, "Costes-Marty-Bessière")
    supprime(c, a_supprimer)
    _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    renomme(c, de_b, "Vidal (corrigé par C, jamais envoyé)")
    jamais = ajoute(c, "Puech (jamais envoyé)")
    renomme(c, jamais, "Puech-Rieucros (jamais envoyé)")
    _converge(shared, a, b, tours=1)

    _rejoint(a, c, shared)
    _converge(shared, c, a, b)
    renomme(b, de_a, "Fabre (B, après le retour de C)")  # later than C's re-stamped edit: it wins
    _converge(shared, b, a, c)

    seen = [_valeurs(store) for store in (a, b, c)]
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][mien]["nom"] == "Costes-Marty-Bessière"
    assert seen[0][de_a]["nom"] == "Fabre (B, après le retour de C)"
    assert seen[0][de_b]["nom"] == "Vidal (corrigé par C, jamais envoyé)"
    assert seen[0][jamais]["nom"] == "Puech-Rieucros (jamais envoyé)"
    assert seen[0][a_supprimer]["deleted"] is True
    # C edited its own records one edit after the other: nothing concurrent anywhere
    assert [_conflits(store) for store in (a, b, c)] == [0, 0, 0]


def test_a_laptop_retired_and_joining_again_twice_sends_nothing_of_its_first_id_again(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """C wrote three segments under its first id (accepted), joins again after a retirement (second id,
    one segment), is retired again and joins again (third id): what the first id wrote and the others
    accepted is not sent again (under the first id's stamps, a colleague would refuse the segment carrying
    it whole, and with it what C wrote since)."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    first = c.device_id
    for n in range(3):
        ajoute(c, f"Segment {n + 1} du premier identifiant")
        synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    _retire_et_constate(a, c, shared)
    _rejoint(a, c, shared)
    second = c.device_id
    ajoute(c, "Sous le deuxième identifiant")
    _converge(shared, c, a, b, tours=1)
    _retire_et_constate(b, c, shared)
    nouveau = ajoute(c, "Saisi hors équipe, la seconde fois")
    _rejoint(b, c, shared)
    third = c.device_id
    assert len({first, second, third}) == 3
    team = equipe.charge(c)
    assert team is not None and team.anciens == [first, second]
    bilans = _converge(shared, c, a, b)
    assert not any(
        "refus" in alert or "quarantaine" in alert for bilan in bilans for alert in bilan.alertes
    ), [bilan.alertes for bilan in bilans]
    assert [_quarantaine(store) for store in (a, b)] == [0, 0]
    assert nouveau in _valeurs(a) and nouveau in _valeurs(b)
    segments = sorted((root_of(shared) / "appareils" / third / "segments").glob("*.seg"))
    assert len(segments) == 1  # only what C wrote out of the team
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


def test_a_segment_of_the_new_id_lost_from_the_folder_is_healed_without_the_former_ids_operations(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """After joining again, C's first segment under its new id goes missing from the folder before the
    others read it (a sync service that lost it): C writes it again; the copy holds what the segment held,
    not the former id's accepted operations that happened to carry the same number."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    ajoute(c, "Accepté sous l'ancien identifiant")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    _retire_et_constate(a, c, shared)
    apres = ajoute(c, "Saisi hors équipe")
    _rejoint(a, c, shared)
    synchronise(c, shared)
    (mine,) = sorted((root_of(shared) / "appareils" / c.device_id / "segments").glob("*.seg"))
    mine.unlink()
    healed = synchronise(c, shared)
    assert healed.segments_soignes
    bilans = _converge(shared, a, b)
    assert not any("quarantaine" in alert for bilan in bilans for alert in bilan.alertes), [
        bilan.alertes for bilan in bilans
    ]
    assert apres in _valeurs(a) and apres in _valeurs(b)


def _invitation_forgee(hote: Store, shared: Path, change: Any) -> tuple[str, bytes]:
    """An invitation of `hote`, its content changed by `change` and sealed again under its code, as
    `invitations.invite` seals it (a member's infected laptop writes what it likes)."""
    import json

    from coordinateur.partage import enveloppe

    code = invitations.invite(hote, root_of(shared)).code
    content = invitations.lit_invitation(root_of(shared), code)
    change(content)
    data = enveloppe.scelle_invitation(json.dumps(content).encode("utf-8"), invitations._normalise_code(code))
    return code, data


@pytest.mark.parametrize(
    "dernier", ["1", -1, 1.5, True, None, "abc", [1], 10**30], ids=lambda v: repr(v)[:12]
)
def test_an_invitation_naming_a_malformed_last_segment_neither_crashes_nor_loses_anything(
    equipe3: tuple[Store, Store, Store, Path], dernier: Any
) -> None:
    """The invitation's entry for the joining laptop's retirement has a `dernier_seq` no revocation of this
    version holds: the laptop refuses the invitation, or joins and its syncs run, and what it wrote after
    its retirement reaches the others."""
    from coordinateur.errors import CoordinateurError

    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    ajoute(c, "Accepté")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    retrait.revoque(a, root_of(shared), c.device_id)
    apres = ajoute(c, "Refusé : écrit après le retrait")
    _pousse_sans_lire(c, shared)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    former = c.device_id

    def forge(content: dict[str, Any]) -> None:
        content["retraits"][former]["dernier_seq"] = dernier

    code, data = _invitation_forgee(a, shared, forge)
    try:
        invitations.rejoint(c, root_of(shared), code, data)
    except CoordinateurError as exc:
        assert "Invitation refusée" in exc.message
        assert c.device_id == former  # refused before anything changed
        return
    _converge(shared, c, a, b)
    assert apres in _valeurs(a) and apres in _valeurs(b)
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize(
    "retraits", [["x"], "retraits", {"former": "retiré"}, {"former": {"nom": "sans rien d'autre"}}], ids=str
)
def test_an_invitation_whose_retirements_are_malformed_is_refused_or_harmless(
    equipe3: tuple[Store, Store, Store, Path], retraits: Any
) -> None:
    from coordinateur.errors import CoordinateurError

    a, _b, c, shared = equipe3
    _converge(shared, a, c, tours=1)
    former = c.device_id
    retrait.revoque(a, root_of(shared), former)
    with pytest.raises(HorsEquipe):
        synchronise(c, shared)
    apres = ajoute(c, "Écrit hors équipe")

    def forge(content: dict[str, Any]) -> None:
        content["retraits"] = (
            {former: next(iter(retraits.values()))} if isinstance(retraits, dict) else retraits
        )

    code, data = _invitation_forgee(a, shared, forge)
    try:
        invitations.rejoint(c, root_of(shared), code, data)
    except CoordinateurError as exc:
        assert "Invitation refusée" in exc.message
        assert c.device_id == former
        return
    _converge(shared, c, a)
    assert apres in _valeurs(a)


def test_two_copies_of_one_install_both_retired_join_again_under_two_ids_and_both_works_arrive(
    tmp_path: Path,
) -> None:
    """C's data folder was copied to a second computer (C2): the same id. The team retires that id; each
    copy joins again with its own invitation: two new ids, and what each wrote out of the team arrives."""
    import shutil

    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths

    from .outils import en_equipe

    shared = tmp_path / "partage"
    shared.mkdir()
    a, c = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "c"))
    c2: Store | None = None
    try:
        en_equipe(shared, a, c)
        _converge(shared, a, c, tours=1)
        commun = ajoute(c, "Écrit avant la copie")
        _converge(shared, c, a, tours=1)
        c.close()
        shutil.copytree(tmp_path / "c", tmp_path / "c2")
        (tmp_path / "c2" / "coordinateur.verrou").unlink(missing_ok=True)
        c, c2 = open_store(resolve_paths(tmp_path / "c")), open_store(resolve_paths(tmp_path / "c2"))
        assert c.device_id == c2.device_id
        former = c.device_id
        retrait.revoque(a, root_of(shared), former)
        de_c, de_c2 = ajoute(c, "Écrit sur C"), ajoute(c2, "Écrit sur la copie")
        for store in (c, c2):
            with pytest.raises(HorsEquipe):
                synchronise(store, shared)
        _rejoint(a, c, shared)
        _rejoint(a, c2, shared)
        assert len({former, c.device_id, c2.device_id}) == 3
        bilans = _converge(shared, c, c2, a)
        assert not any("quarantaine" in alert for bilan in bilans for alert in bilan.alertes)
        for store in (a, c, c2):
            assert {commun, de_c, de_c2} <= set(_valeurs(store))
        assert _valeurs(a) == _valeurs(c) == _valeurs(c2)
        team = equipe.charge(a)
        assert team is not None and {c.device_id, c2.device_id} <= set(team.actifs())
    finally:
        for store in (a, c, c2):
            if store is not None:
                store.close()


def test_a_join_again_whose_declaration_cannot_be_written_is_declared_at_the_next_sync(
    equipe3: tuple[Store, Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder refuses the declaration while C joins again (it went read-only for a moment): C already
    holds its new id and its membership; its next sync declares it, and what it wrote arrives once."""
    from coordinateur.partage.dossier import DossierIndisponible

    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    _retire_et_constate(a, c, shared)
    apres = ajoute(c, "Écrit hors équipe")
    former = c.device_id
    code = invitations.invite(a, root_of(shared)).code
    real = equipe._declare

    def fails(root: Path, team: Any) -> None:
        raise DossierIndisponible("Dossier de partage en lecture seule.")

    monkeypatch.setattr(equipe, "_declare", fails)
    with pytest.raises(DossierIndisponible):
        invitations.rejoint(c, root_of(shared), code)
    monkeypatch.setattr(equipe, "_declare", real)
    assert c.device_id != former
    team = equipe.charge(c)
    assert team is not None and team.appareil == c.device_id and team.anciens == [former]
    bilans = _converge(shared, c, a, b)
    assert not any(
        "quarantaine" in alert or "refus" in alert for bilan in bilans[:1] for alert in bilan.alertes
    )
    assert apres in _valeurs(a) and apres in _valeurs(b)
    assert len(sorted((root_of(shared) / "appareils" / c.device_id / "segments").glob("*.seg"))) == 1


def test_the_command_line_tells_a_retired_laptop_it_joins_again_under_a_new_id(tmp_path: Path) -> None:
    """`coordinateur partage equipe rejoindre CODE --dossier …` on a retired laptop: it joins, says so in
    French, gives its new id (in JSON; the membres listing shows the former one retired); a second try with
    another invitation says it is already in the team, and the work it did out of the team reaches A."""
    import json

    from .outils import en_equipe, portable, synchro_ok

    shared = tmp_path / "partage"
    shared.mkdir()
    a, c = portable(tmp_path / "a"), portable(tmp_path / "c")
    en_equipe(shared, a, c)
    synchro_ok(a.sync(shared))
    synchro_ok(c.sync(shared))
    retired = a.cli("partage", "equipe", "revoque", c.device, "--dossier", str(shared))
    assert retired.returncode == 0, retired.stderr
    assert c.sync(shared).returncode != 0  # told it is retired
    c.ajoute("Écrit hors équipe (ligne de commande)")

    def code() -> str:
        made = a.cli("partage", "equipe", "invitation", "--dossier", str(shared), "--json")
        assert made.returncode == 0, made.stderr
        return str(json.loads(made.stdout)["code"])

    joined = c.cli("partage", "equipe", "rejoindre", code(), "--dossier", str(shared))
    assert joined.returncode == 0, joined.stderr
    assert "Cet ordinateur a rejoint l'équipe de partage." in joined.stdout
    assert "nouvel identifiant" in joined.stdout and "Traceback" not in joined.stderr
    lines = c.cli("partage", "equipe", "membres", "--dossier", str(shared))
    assert f"{c.device[:8]} · " in lines.stdout
    former_line = next(line for line in lines.stdout.splitlines() if line.startswith(c.device[:8]))
    assert former_line.endswith("retiré")
    again = c.cli("partage", "equipe", "rejoindre", code(), "--dossier", str(shared), "--json")
    assert again.returncode != 0 and "fait déjà partie de cette équipe" in again.stderr
    assert "Traceback" not in again.stderr
    synchro_ok(c.sync(shared))
    synchro_ok(a.sync(shared))
    assert "Écrit hors équipe (ligne de commande)" in a.noms()


def test_the_command_line_json_names_the_new_id(tmp_path: Path) -> None:
    import json

    from .outils import en_equipe, portable, synchro_ok

    shared = tmp_path / "partage"
    shared.mkdir()
    a, c = portable(tmp_path / "a"), portable(tmp_path / "c")
    en_equipe(shared, a, c)
    synchro_ok(c.sync(shared))
    assert a.cli("partage", "equipe", "revoque", c.device, "--dossier", str(shared)).returncode == 0
    made = a.cli("partage", "equipe", "invitation", "--dossier", str(shared), "--json")
    joined = c.cli(
        "partage", "equipe", "rejoindre", json.loads(made.stdout)["code"], "--dossier", str(shared), "--json"
    )
    assert joined.returncode == 0, joined.stderr
    result = json.loads(joined.stdout)
    assert result["appareil"] != c.device and portable(c.data).device == result["appareil"]
    assert "nouvel identifiant" in result["message"]


def test_a_retired_laptop_that_has_not_read_its_retirement_joins_again_from_the_invitation_file(
    equipe3: tuple[Store, Store, Store, Path],
) -> None:
    """C is retired while away; it pushed after its retirement without reading it (refused by the others),
    and joins again from the invitation file, the folder not at hand: the invitation says it is retired, so
    it is not 'already in the team'; once back, what was refused arrives."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    accepte = ajoute(c, "Accepté")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    retrait.revoque(a, root_of(shared), c.device_id)
    refuse = ajoute(c, "Refusé : écrit après le retrait")
    _pousse_sans_lire(c, shared)
    former = c.device_id
    invitation = invitations.invite(a, root_of(shared))
    team = invitations.rejoint(c, None, invitation.code, invitation.fichier)
    assert c.device_id != former and team.anciens == [former]
    bilans = _converge(shared, c, a, b)
    assert not any("quarantaine" in alert for bilan in bilans for alert in bilan.alertes)
    assert {accepte, refuse} <= set(_valeurs(a)) and _valeurs(a) == _valeurs(b) == _valeurs(c)


@pytest.mark.parametrize("depuis", ["dossier", "fichier"])
def test_an_invitation_claiming_more_was_accepted_than_the_signed_revocation_loses_nothing(
    equipe3: tuple[Store, Store, Store, Path], depuis: str
) -> None:
    """A member's infected laptop invites C again saying its colleagues accepted its segments further than
    the revocation they apply (signed by the member that retired C) says: C trusts the signed revocation,
    read in the folder or carried by the invitation file, and what it wrote after its retirement reaches
    the others all the same."""
    a, b, c, shared = equipe3
    _converge(shared, a, b, c, tours=1)
    accepte = ajoute(c, "Accepté d'Estaing")
    synchronise(c, shared)
    _converge(shared, a, b, tours=1)
    retrait.revoque(a, root_of(shared), c.device_id)
    refuses = [ajoute(c, "Refusé de Saint-Côme-d'Olt")]
    _pousse_sans_lire(c, shared)
    refuses.append(ajoute(c, "Refusé de Sainte-Eulalie-d'Olt"))
    _pousse_sans_lire(c, shared)
    former = c.device_id

    def forge(content: dict[str, Any]) -> None:
        content["retraits"][former]["dernier_seq"] = 3  # C's last segment: "everything was accepted"
        content["retraits"][former]["dernier_sha"] = "ab" * 32

    code, data = _invitation_forgee(a, shared, forge)
    invitations.rejoint(c, root_of(shared) if depuis == "dossier" else None, code, data)
    _converge(shared, c, a, b)
    assert {accepte, *refuses} <= set(_valeurs(a))
    assert _valeurs(a) == _valeurs(b) == _valeurs(c)
