"""Attacks on the team layer of the shared folder (see test_attaque_equipe.py) from outside the team:
another team's real files copied in (under its names and ours), a clear header planted before the team
exists, and what anyone who reads the folder learns (no name, phone number or meeting text in clear). Each
test is one attack, and each must fail."""

from __future__ import annotations

import json
from pathlib import Path

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import invitations
from coordinateur.paths import resolve_paths

from .outils import en_equipe, operation, portable, segment, synchro_ok
from .test_attaque_equipe import LE, comme, ecrit, noms, nouvelle_cle, revoque, root, sync, team_of


def test_an_outsiders_files_are_refused_and_block_nothing(tmp_path: Path, shared: Path) -> None:
    """Another team's real laptop copies its own segment, card, declaration, inscription and revocation (and
    the same under our members' names) into our folder: all refused, named, nothing applied, A still gets B's
    changes."""
    a, b, o = (portable(tmp_path / n) for n in "abo")
    en_equipe(shared, a, b)
    other = tmp_path / "autre"
    other.mkdir()
    en_equipe(other, o)
    o.ajoute("Étranger")
    sync(o, other)
    with open_store(resolve_paths(o.data)) as store:
        invitations.invite(store, root(other))
    foreign = team_of(o)
    theirs = root(other)
    import shutil

    shutil.copytree(theirs / "appareils" / o.device, root(shared) / "appareils" / o.device)
    for sub in ("membres", "inscriptions", "invitations"):
        for path in (theirs / "equipe" / sub).iterdir():
            ecrit(shared, f"equipe/{sub}/{path.name}", path.read_bytes())
    kid, _key = nouvelle_cle()
    ecrit(shared, f"equipe/retraits/{kid}.cmb", foreign.scelle(json.dumps(
        {"cle": kid, "epoque": 2, "par": o.device, "le": LE, "retires": [{"appareil": b.device}], "pour": {},
         "membres": {}}).encode(), "retrait"))  # fmt: skip
    # the same files under our members' names: a foreign team's signature under B's id
    data = comme(foreign, b.device).scelle(
        segment(b.device, 1, [operation(b.device, nom="Étranger")]), "segment"
    )
    ecrit(shared, f"appareils/{b.device}/segments/{b.device}_00000001.seg", data)
    b.ajoute("De B")
    report = synchro_ok(b.sync(shared))  # B writes its seq 1 under a healed name
    assert report["envoyees"] == 1
    bilan = sync(a, shared)
    assert noms(a) == {"De B"}
    assert b.device not in team_of(a).retraits and o.device not in team_of(a).membres
    assert any(o.device in alert for alert in bilan.alertes)


def test_a_planted_clear_header_does_not_prevent_creating_the_team(tmp_path: Path, shared: Path) -> None:
    a = portable(tmp_path / "a")
    header = {"auteur": "x", "cle": "0" * 16, "equipe": "f" * 32, "format": "coordinateur-partage", "genre": "membre",
              "major": 2}  # fmt: skip
    ecrit(shared, "equipe/membres/x.cmb", json.dumps(header).encode() + b"\n")
    synchro_ok(a.sync(shared))


def test_no_clear_text_of_the_directory_in_the_folder(tmp_path: Path, shared: Path) -> None:
    """A demo territory (meetings shared too) synced, an invitation made, a laptop revoked: no name, phone
    number or meeting text appears in any file of the folder outside exports/."""
    from coordinateur.settings import load_settings, save_settings

    d, x = portable(tmp_path / "d"), portable(tmp_path / "x")
    assert d.cli("demo", "--no-gui").returncode == 0
    with open_store(resolve_paths(d.data)) as store:
        options = load_settings(store)
        options.partage_reunions = True
        save_settings(store, options)
    en_equipe(shared, d, x)
    sync(d, shared, seconds=120)
    with open_store(resolve_paths(d.data)) as store:
        invitations.invite(store, root(shared))
    revoque(d, shared, x.device)
    sync(d, shared, seconds=120)
    with open_store(resolve_paths(d.data)) as store, store.read() as session:
        from sqlalchemy import text

        words = set()
        from coordinateur.partage.sync import modeles

        for table in sorted({m.__tablename__ for m in modeles().values()}):
            for row in session.execute(text(f"select * from {table}")).mappings():
                for key, value in row.items():
                    if (
                        isinstance(value, str)
                        and len(value) >= 6
                        and key not in ("id", "created_at", "updated_at", "updated_by", "field_clocks")
                    ):
                        words.add(value)
    assert len(words) > 200
    files = [p for p in root(shared).rglob("*") if p.is_file() and "exports" not in p.parts]
    leaks = {
        (str(p.relative_to(shared)), w) for p in files for w in words if w.encode("utf-8") in p.read_bytes()
    }
    assert not leaks, sorted(leaks)[:10]
