"""What the window does, through the command line's entry point: merge two directory records, review
conflicts, anonymise and purge, change the passphrase, the actions by responsible (architecture §6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinateur.cli import main
from coordinateur.confiance.ouverture import open_store
from coordinateur.paths import resolve_paths

PHRASE = "Causse-Comtal 2026 !"
NOUVELLE = "Aubrac-Viadène 2027 ?"


@pytest.fixture
def data(tmp_path: Path) -> str:
    folder = str(tmp_path / "donnees")
    assert main(["--data-dir", folder, "demo", "--no-gui"]) == 0
    return folder


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_merge_two_directory_records(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.recherche import Filtre, cherche
    from coordinateur.annuaire.service import enregistre, lit

    with open_store(resolve_paths(data)) as store:
        kept = enregistre(store, FicheIntervenant(nom="Mazars", prenom="Odile", profession_code="60")).id
        double = enregistre(store, FicheIntervenant(nom="Mazars", prenom="Odile", profession_code="60",
                                                    email="odile.mazars@example.fr")).id  # fmt: skip
    capsys.readouterr()
    assert main(["--data-dir", data, "annuaire", "fusionne", kept, double, "--prendre", "courriel"]) == 1
    assert "Champ(s) inconnu(s) : courriel" in capsys.readouterr().err
    assert main(["--data-dir", data, "annuaire", "fusionne", kept, kept]) == 1
    assert "deux fiches différentes" in capsys.readouterr().err
    merged = run_json(
        capsys, "--data-dir", data, "annuaire", "fusionne", kept, double, "--prendre", "email", "--json"
    )
    assert merged == {"id": kept, "fusionnee": double, "nom": "Mazars"}
    with open_store(resolve_paths(data)) as store:
        assert lit(store, kept).email == "odile.mazars@example.fr"
        assert [r.id for r in cherche(store, Filtre(texte="Mazars"))] == [kept]


def test_conflicts_listed_restored_and_ignored(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    from coordinateur.annuaire.models import Intervenant
    from coordinateur.annuaire.service import lit
    from coordinateur.partage.models import Conflit

    with open_store(resolve_paths(data)) as store:
        with store.read() as session:
            first, second = session.scalars(select(Intervenant).where(~Intervenant.deleted).limit(2)).all()
        with store.write() as session:  # what a merge of two laptops' edits leaves behind
            for row, gardee, ecartee in ((first, "05 65 00 00 01", "05 65 00 00 02"), (second, "a", "b")):
                session.add(Conflit(kind="intervenant", record_id=row.id, champ="notes", valeur_gardee=gardee,
                                    valeur_ecartee=ecartee, horloge_gardee="2", horloge_ecartee="1",
                                    detecte_le="2026-11-27T10:00:00+00:00"))  # fmt: skip
    listed = run_json(capsys, "--data-dir", data, "conflits", "liste", "--json")
    assert isinstance(listed, list) and len(listed) == 2
    by_record = {c["record_id"]: c for c in listed}
    restore, ignore = by_record[first.id], by_record[second.id]
    assert restore["champ"] == "notes" and restore["ecartee"] == "05 65 00 00 02" and restore["libelle"]
    assert main(["--data-dir", data, "conflits", "restaurer", str(restore["id"])]) == 0
    assert main(["--data-dir", data, "conflits", "ignorer", str(ignore["id"])]) == 0
    with open_store(resolve_paths(data)) as store:
        assert lit(store, first.id).notes == "05 65 00 00 02"  # the value set aside is back
        assert lit(store, second.id).notes != "b"
    assert run_json(capsys, "--data-dir", data, "conflits", "liste", "--json") == []
    assert main(["--data-dir", data, "conflits", "ignorer", str(ignore["id"])]) == 1
    assert "Aucun conflit à revoir ne porte le numéro" in capsys.readouterr().err


def test_anonymise_then_purge(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    people = run_json(capsys, "--data-dir", data, "personnes", "liste", "--json")
    assert isinstance(people, list)
    target = people[0]
    assert main(["--data-dir", data, "personnes", "anonymise", target["id"]]) == 1  # not without --confirme
    assert "--confirme" in capsys.readouterr().err
    assert main(["--data-dir", data, "personnes", "anonymise", target["id"], "--confirme"]) == 0
    after = run_json(capsys, "--data-dir", data, "personnes", "liste", "--json")
    assert isinstance(after, list)
    assert not any(p["nom"] == target["nom"] and p["prenom"] == target["prenom"] for p in after)
    from coordinateur.personnes.models import Personne

    with open_store(resolve_paths(data)) as store, store.write() as session:  # last seen three years ago
        old = session.scalars(select(Personne).where(Personne.statut != "anonymisee").limit(2)).all()
        for person in old:
            person.date_dernier_contact = "2023-01-15"
    due = run_json(capsys, "--data-dir", data, "personnes", "purge", "--json")  # listed, nothing changed
    assert isinstance(due, list) and not any(d["anonymise"] for d in due)
    assert {p.id for p in old} <= {d["id"] for d in due if d["genre"] == "dossier"}
    assert run_json(capsys, "--data-dir", data, "personnes", "purge", "--json") == due
    done = run_json(capsys, "--data-dir", data, "personnes", "purge", "--confirme", "--json")
    assert isinstance(done, list) and [d["id"] for d in done] == [d["id"] for d in due]
    assert all(d["anonymise"] for d in done)
    assert run_json(capsys, "--data-dir", data, "personnes", "purge", "--json") == []


def test_passphrase_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinateur.confiance import chiffrement

    folder = tmp_path / "chiffre"
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", PHRASE)
    assert main(["--data-dir", str(folder), "demo", "--no-gui"]) == 0
    key = chiffrement.ouvre_cle(folder, PHRASE)
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "changer-phrase"]) == 1  # no new phrase given
    assert "nouvelle" in capsys.readouterr().err
    weak = tmp_path / "faible.txt"
    weak.write_text("trop court\n", encoding="utf-8")
    assert main(["--data-dir", str(folder), "changer-phrase", "--nouvelle-phrase-file", str(weak)]) == 1
    assert "trop faible" in capsys.readouterr().err
    monkeypatch.setenv("COORDINATEUR_NOUVELLE_PASSPHRASE", NOUVELLE)
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", "Pas la bonne 2026 !")
    assert main(["--data-dir", str(folder), "changer-phrase"]) == 3
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", PHRASE)
    assert main(["--data-dir", str(folder), "changer-phrase"]) == 0
    assert chiffrement.ouvre_cle(folder, NOUVELLE) == key
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", NOUVELLE)
    assert main(["--data-dir", str(folder), "verifier"]) == 0
    monkeypatch.setenv("COORDINATEUR_PASSPHRASE", PHRASE)
    assert main(["--data-dir", str(folder), "verifier"]) == 3


def test_actions_by_responsible(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    from coordinateur.reunions.cli import STATUTS
    from coordinateur.reunions.service import STATUTS_ACTION

    assert tuple(STATUTS_ACTION) == STATUTS
    everything = run_json(capsys, "--data-dir", data, "reunion", "actions", "--toutes", "--json")
    assert isinstance(everything, list) and everything
    open_ = run_json(capsys, "--data-dir", data, "reunion", "actions", "--json")
    assert isinstance(open_, list) and {a["statut"] for a in open_} <= {"a_faire", "en_cours"}
    assert len(open_) < len(everything) or all(a["statut"] in ("a_faire", "en_cours") for a in everything)
    who = next(a["responsable"] for a in open_ if a["responsable"])
    mine = run_json(capsys, "--data-dir", data, "reunion", "actions", "--responsable", who.upper(), "--json")
    assert isinstance(mine, list) and mine and all(who.lower() in a["responsable"].lower() for a in mine)
    assert {a["id"] for a in mine} == {a["id"] for a in open_ if who.lower() in a["responsable"].lower()}
    assert [a["echeance"] for a in mine if a["echeance"]] == sorted(
        a["echeance"] for a in mine if a["echeance"]
    )
    capsys.readouterr()
    assert main(["--data-dir", data, "reunion", "actions", "--responsable", who]) == 0
    printed = capsys.readouterr()
    assert who in printed.out and f"{len(mine)} action(s)." in printed.err
