"""The shared folder's team (issue 16, third part): a laptop outside the team is refused, nothing of the
folder is readable without the team key, joining by invitation (code or carried file, once), revoking a
lost laptop (its later segments refused everywhere, the key renewed, everything written before still
readable). Laptops are driven through the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import enveloppe, equipe
from coordinateur.partage.dossier import encode_segment, initialise
from coordinateur.paths import resolve_paths
from coordinateur.settings import enregistre_reglages

from .outils import Portable, en_equipe, operation, portable, synchro_ok


def invitation(laptop: Portable, shared: Path, *extra: str) -> dict:
    result = laptop.cli("partage", "equipe", "invitation", "--dossier", str(shared), "--json", *extra)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def rejoint(laptop: Portable, code: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return laptop.cli("partage", "equipe", "rejoindre", code, *extra)


def test_a_laptop_of_another_team_is_refused_and_the_others_still_apply(tmp_path: Path) -> None:
    """A real laptop of another team: its files copied into this folder are never applied, it is named in a
    warning, and the team's own segments arrive."""
    shared, elsewhere = tmp_path / "partage", tmp_path / "autre-equipe"
    shared.mkdir()
    elsewhere.mkdir()
    a, b, x = portable(tmp_path / "a"), portable(tmp_path / "b"), portable(tmp_path / "x")
    en_equipe(shared, a, b)
    x.ajoute("Intrus")
    synchro_ok(x.sync(elsewhere))  # x creates its own team there
    for part in (f"appareils/{x.device}", f"equipe/membres/{x.device}.cmb"):
        source, target = elsewhere / "coordinateur" / part, shared / "coordinateur" / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    result = a.sync(shared)
    assert synchro_ok(result)["recues"] == 1 and a.noms() == {"Vernhes"}
    assert x.device in result.stderr and "ne fait pas partie de l'équipe" in result.stderr
    # a laptop of another team pointed at this folder is told to ask for an invitation, and writes nothing
    y = portable(tmp_path / "y")
    (tmp_path / "troisieme").mkdir()
    synchro_ok(y.sync(tmp_path / "troisieme"))
    refused = y.sync(shared)
    assert refused.returncode == 4 and "autre équipe" in refused.stderr
    assert not (shared / "coordinateur" / "appareils" / y.device).exists()


def _marqueurs(data: Path, phrase: str | None = None) -> set[str]:
    """Names, phones and meeting texts of a store, as they could appear in a file."""
    from sqlalchemy import select

    from coordinateur.annuaire.models import Intervenant, Structure
    from coordinateur.reunions.models import Reunion

    found: set[str] = set()
    with open_store(resolve_paths(data), phrase=phrase) as store, store.read() as session:
        for model in (Intervenant, Structure):
            for row in session.scalars(select(model)):
                if len(row.nom) >= 5:
                    found.add(row.nom)
                for phone in row.telephones or []:
                    digits = "".join(c for c in phone.get("numero", "") if c.isdigit())
                    if len(digits) >= 9:
                        found.add(digits)
                        found.add(" ".join(digits[n : n + 2] for n in range(0, len(digits), 2)))
        for meeting in session.scalars(select(Reunion)):
            for text in (meeting.titre, *meeting.decisions, *meeting.ordre_du_jour):
                if len(text) >= 12:
                    found.add(text[:40])
    return found


def test_no_file_of_the_shared_folder_says_a_name_a_phone_or_a_meeting_in_clear(tmp_path: Path) -> None:
    """A whole demo territory, meetings shared, pushed and pulled: the administrator of the storage reads
    nothing but the partner documents of exports/."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = Portable(tmp_path / "a", ""), portable(tmp_path / "b")
    assert a.cli("demo", "--no-gui").returncode == 0
    a = portable(tmp_path / "a")
    for laptop in (a, b):
        with open_store(resolve_paths(laptop.data)) as store:
            enregistre_reglages(store, partage_reunions=True)
    en_equipe(shared, a, b)
    assert synchro_ok(a.sync(shared))["envoyees"] > 300
    invitation(a, shared, "--fichier", str(shared / "invitation-a-emporter.cinv"))
    assert synchro_ok(b.sync(shared))["recues"] > 300
    markers = _marqueurs(a.data)
    assert len(markers) > 200
    folded = {m.casefold() for m in markers}
    scanned: set[str] = set()
    for path in (shared / "coordinateur").rglob("*"):
        if path.is_dir() or "exports" in path.relative_to(shared / "coordinateur").parts:
            continue
        text = path.read_bytes().decode("latin-1").casefold()
        leaks = [m for m in folded if m in text]
        assert not leaks, f"{path.name} : {leaks[:5]}"
        scanned.add(path.suffix)
    assert {".seg", ".cmb", ".cinv", ".json"} <= scanned


def test_joining_by_code_or_carried_file_once_then_revoking_a_lost_laptop(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b, c, d = (portable(tmp_path / n) for n in "abcd")
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))  # the first laptop of an empty folder creates the team
    refused = b.sync(shared)
    assert refused.returncode == 4 and "demandez une invitation" in refused.stderr
    # b types the code; c was given the invitation file (its folder not reachable yet)
    code_b = invitation(a, shared)["code"]
    carried = tmp_path / "invitation.cinv"
    page = tmp_path / "invitation.pdf"
    code_c = invitation(a, shared, "--fichier", str(carried), "--pdf", str(page))["code"]
    assert page.read_bytes().startswith(b"%PDF") and carried.stat().st_mode & 0o077 == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(page), "-"], capture_output=True, text=True).stdout
        assert code_c in text and "Rejoindre l'équipe" in text
    assert rejoint(b, code_b.lower().replace("-", " "), "--dossier", str(shared)).returncode == 0
    wrong = rejoint(
        c, code_b.replace(code_b[0], "A" if code_b[0] != "A" else "B", 1), "--fichier", str(carried)
    )
    assert wrong.returncode == 1 and "code d'invitation incorrect" in wrong.stderr
    assert rejoint(c, code_c, "--fichier", str(carried)).returncode == 0
    used = rejoint(d, code_b, "--dossier", str(shared))  # an invitation serves once
    assert used.returncode == 1 and "déjà servi" in used.stderr
    b.ajoute("Vernhes")
    c.ajoute("Rouquette")
    for laptop in (b, c, a, b, c):
        synchro_ok(laptop.sync(shared))
    assert a.noms() == b.noms() == c.noms() == {"Cayla", "Vernhes", "Rouquette"}
    members = json.loads(a.cli("partage", "equipe", "membres", "--json").stdout)
    assert {m["appareil"] for m in members} == {a.device, b.device, c.device}

    # b is lost: a retires it; c learns it at its next sync, b is told why
    retired = a.cli("partage", "equipe", "revoque", b.device[:8], "--dossier", str(shared), "--json")
    assert retired.returncode == 0 and "renouvelée" in json.loads(retired.stdout)["message"]
    a.ajoute("Après le retrait")
    synchro_ok(a.sync(shared))
    assert synchro_ok(c.sync(shared))["recues"] == 1 and "Après le retrait" in c.noms()
    told = b.sync(shared)
    assert told.returncode == 4 and "retiré de l'équipe" in told.stderr
    # what b (or whoever holds it) writes now is refused by everyone, and b cannot read what follows
    with open_store(resolve_paths(b.data)) as store:
        lost = equipe.charge(store)
        assert lost is not None and lost.retire and a_key_b_lacks(a, lost)
        forged = lost.scelle(encode_segment(b.device, 2, "", [operation(b.device, nom="Volé")]), "segment")
    (b.segments(shared) / f"{b.device}_00000002.seg").write_bytes(forged)
    for laptop in (a, c):
        result = laptop.sync(shared)
        assert synchro_ok(result)["recues"] == 0 and "ordinateur retiré" in result.stderr
        assert "Volé" not in laptop.noms()
    # a laptop invited after the rotation reads the whole history, before and after it
    e = portable(tmp_path / "e")
    assert rejoint(e, invitation(c, shared)["code"], "--dossier", str(shared)).returncode == 0
    synchro_ok(e.sync(shared))
    assert e.noms() == {"Cayla", "Vernhes", "Rouquette", "Après le retrait"}


def a_key_b_lacks(a: Portable, lost: equipe.Equipe) -> bool:
    with open_store(resolve_paths(a.data)) as store:
        team = equipe.charge(store)
    assert team is not None
    return team.courante()[0] not in lost.cles and team.courante()[2] == 2


def test_an_old_clear_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    (shared / "coordinateur").mkdir(parents=True)
    (shared / "coordinateur" / "FORMAT.json").write_text('{"format": "coordinateur-partage", "major": 1}')
    result = portable(tmp_path / "a").sync(shared)
    assert result.returncode == 4 and "ancien format" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("forme", ["liste", "cle_courte", "appareil_autre", "invitation_objet", "profond"])
def test_a_malformed_declaration_signed_by_its_laptop_is_refused_and_syncing_goes_on(
    tmp_path: Path, forme: str
) -> None:
    """A member's infected laptop signs anything: a declaration of the wrong shape admits nobody, is named,
    and the sync goes on."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    with open_store(resolve_paths(a.data)) as store:
        team = equipe.charge(store)
    assert team is not None
    intruder = "0a0a0a0a-1111-4222-8333-444455556666"
    impostor = equipe.Equipe(team.id, intruder, "11" * 32, team.cles)
    key = impostor.signataire.verify_key.encode().hex()
    content = {"liste": [intruder], "cle_courte": {"appareil": intruder, "cle": "ab"},
               "appareil_autre": {"appareil": b.device, "cle": key},
               "invitation_objet": {"appareil": intruder, "cle": key, "invitation": {"id": 1}, "preuve": None},
               "profond": json.loads("[" * 50 + "]" * 50)}[forme]  # fmt: skip
    target = initialise(shared) / "equipe" / "membres" / f"{intruder}.cmb"
    target.write_bytes(impostor.scelle(json.dumps(content).encode(), "membre"))
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    result = a.sync(shared)
    assert synchro_ok(result)["recues"] == 1 and a.noms() == {"Vernhes"}
    members = json.loads(a.cli("partage", "equipe", "membres", "--json").stdout)
    assert intruder not in {m["appareil"] for m in members}


# -- the envelope at the border, in-process ----------------------------------------------------------

_TEAM = equipe.Equipe("f" * 32, "0b0b0b0b-1111-4222-8333-444455556666", "22" * 32)
_KEY = bytes(range(32))
_TEAM.cles[enveloppe.identifiant_cle(_KEY)] = {"cle": _KEY.hex(), "epoque": 1, "pour": None}
_TEAM.membres[_TEAM.appareil] = {"cle": _TEAM.signataire.verify_key.encode().hex(), "nom": "", "coordinateur": "",
                                 "depuis": ""}  # fmt: skip
_SEALED = _TEAM.scelle(b'{"type": "entete"}\n' * 5000, "segment")  # several chunks


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=len(_SEALED)),
    flip=st.integers(min_value=0, max_value=len(_SEALED) - 1),
    junk=st.binary(max_size=64),
)
def test_any_damage_to_a_sealed_file_is_a_refusal_never_a_crash(cut: int, flip: int, junk: bytes) -> None:
    """Cut anywhere, one bit flipped anywhere, bytes appended: `ouvre` refuses with a French reason (a cut
    is told apart: it waits for the copy to finish), and never returns other content."""
    for data in (_SEALED[:cut], _SEALED[:flip] + bytes([_SEALED[flip] ^ 0x01]) + _SEALED[flip + 1 :],
                 _SEALED + junk, junk):  # fmt: skip
        if data == _SEALED:
            continue
        with pytest.raises(enveloppe.EnveloppeRefusee) as refused:
            _TEAM.ouvre(data, "segment", _TEAM.appareil)
        assert refused.value.motif


def test_a_sealed_file_opens_only_as_its_kind_its_team_and_its_author() -> None:
    assert _TEAM.ouvre(_SEALED, "segment", _TEAM.appareil).startswith(b'{"type"')
    for genre, flux in (("carte", _TEAM.appareil), ("segment", "0c0c0c0c-1111-4222-8333-444455556666")):
        with pytest.raises(enveloppe.EnveloppeRefusee):
            _TEAM.ouvre(_SEALED, genre, flux)
    other = equipe.Equipe("e" * 32, _TEAM.appareil, _TEAM.signature, _TEAM.cles, _TEAM.membres)
    with pytest.raises(enveloppe.EnveloppeRefusee, match="autre équipe"):
        other.ouvre(_SEALED, "segment", _TEAM.appareil)
