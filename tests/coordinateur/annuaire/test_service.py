import sqlite3

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant, FicheStructure, controle
from coordinateur.annuaire.service import doublons, enregistre, fusionne, lit
from coordinateur.errors import ValidationError
from coordinateur.referentiels.identifiants import Niveau
from coordinateur.store import Store


def test_control_normalises_and_names_fields() -> None:
    fiche, problemes = controle(FicheIntervenant(nom=" Cayla ", profession_code="60", code_postal="12210",
                                                 telephones=[{"type": "fixe", "numero": "05.65.44.33.22"}],
                                                 rpps="1000 1045 367"))  # fmt: skip
    assert fiche.nom == "Cayla" and fiche.rpps == "10001045367"
    assert fiche.telephones == [{"type": "fixe", "numero": "+33565443322"}]
    assert problemes == []


@pytest.mark.parametrize(
    ("fiche", "champ", "niveau"),
    [
        (FicheIntervenant(nom=""), "nom", Niveau.ERREUR),
        (FicheIntervenant(nom="A", rpps="10102727017"), "rpps", Niveau.AVERTISSEMENT),
        (FicheIntervenant(nom="A", rpps="123"), "rpps", Niveau.ERREUR),
        (
            FicheIntervenant(nom="A", telephones=[{"type": "fixe", "numero": "05 65"}]),
            "telephones",
            Niveau.ERREUR,
        ),
        (FicheIntervenant(nom="A", email="pas-un-mail"), "email", Niveau.ERREUR),
        (FicheIntervenant(nom="A", mssante="a@gmail.com"), "mssante", Niveau.AVERTISSEMENT),
        (FicheIntervenant(nom="A", commune_code="99999"), "commune_code", Niveau.ERREUR),
        (
            FicheIntervenant(nom="A", commune_code="12119", code_postal="75001"),
            "code_postal",
            Niveau.AVERTISSEMENT,
        ),
        (FicheIntervenant(nom="A", date_verification="2999-01-01"), "date_verification", Niveau.ERREUR),
        (FicheIntervenant(nom="A", profession_code="XX"), "profession_code", Niveau.ERREUR),
        (FicheStructure(nom="S", siret="73282932000075"), "siret", Niveau.ERREUR),
        (FicheStructure(nom="S", finess_et="010780196"), "finess_et", Niveau.AVERTISSEMENT),
    ],
)
def test_control_errors_and_warnings(fiche: FicheIntervenant, champ: str, niveau: Niveau) -> None:
    _fiche, problemes = controle(fiche)
    assert (champ, niveau) in [(p.champ, p.niveau) for p in problemes]
    assert all(p.message for p in problemes)


def test_errors_save_nothing(store: Store, annuaire: dict) -> None:
    before = sqlite3.connect(store.paths.store).execute("SELECT count(*) FROM intervenant").fetchone()[0]
    with pytest.raises(ValidationError) as info:
        enregistre(store, FicheIntervenant(nom="X", telephones=[{"type": "fixe", "numero": "12"}]))
    assert info.value.field == "telephones"
    after = sqlite3.connect(store.paths.store).execute("SELECT count(*) FROM intervenant").fetchone()[0]
    assert after == before


def test_save_is_audited_and_warnings_returned(store: Store, annuaire: dict) -> None:
    result = enregistre(store, FicheIntervenant(nom="Grimal", profession_code="10", rpps="10102727017"))
    assert result.cree and [p.champ for p in result.avertissements] == ["rpps"]
    raw = sqlite3.connect(store.paths.store)
    rows = raw.execute(
        "SELECT action, objet_id FROM journal_audit WHERE objet_id = ?", (result.id,)
    ).fetchall()
    assert rows == [("creation", result.id)]


@pytest.mark.parametrize(
    ("fiche", "raison"),
    [
        (FicheIntervenant(nom="Autre", rpps="10001045367"), "même RPPS"),
        (
            FicheIntervenant(nom="Autre", telephones=[{"type": "mobile", "numero": "+33 6 12 34 56 78"}]),
            "même téléphone",
        ),
        (FicheIntervenant(nom="Autre", email="JEROME.LEFEVRE@example.fr"), "même e-mail"),
        (FicheIntervenant(nom="Lefebvre", prenom="Jerome", commune_code="12216"), "nom proche, même commune"),
    ],
)
def test_probable_duplicates(store: Store, annuaire: dict, fiche: FicheIntervenant, raison: str) -> None:
    found = doublons(store, fiche)
    assert [(d.id, d.raison) for d in found] == [(annuaire["jerome"], raison)]


def test_no_duplicate_for_a_different_person_or_itself(store: Store, annuaire: dict) -> None:
    assert doublons(store, FicheIntervenant(nom="Lefebvre", prenom="Jerome", commune_code="12119")) == []
    assert doublons(store, lit(store, annuaire["jerome"])) == []


def test_merge_intervenants_choosing_fields(store: Store, annuaire: dict) -> None:
    other = enregistre(store, FicheIntervenant(
        nom="Lefebvre", prenom="Jérôme", profession_code="60", commune_code="12216", notes="Joignable le matin",
        telephones=[{"type": "fixe", "numero": "05 65 44 00 11"}], email="j.lefebvre@example.fr",
    )).id  # fmt: skip
    kept = fusionne(store, annuaire["jerome"], other, {"email"})
    merged = lit(store, kept)
    assert merged.nom == "Lefèvre" and merged.email == "j.lefebvre@example.fr"
    assert {p["numero"] for p in merged.telephones} == {"+33612345678", "+33565440011"}
    assert "Joignable le matin" in merged.notes
    with pytest.raises(ValidationError):
        lit(store, other)


def test_merging_structures_keeps_links(store: Store, annuaire: dict) -> None:
    duplicate = enregistre(
        store, FicheStructure(nom="SSIAD Carladez (doublon)", type_code="SSIAD", commune_code="12164")
    ).id
    enregistre(store, FicheIntervenant(nom="Rouquette", profession_code="AS", structure_ids=[duplicate]))
    fusionne(store, annuaire["ssiad"], duplicate, set())
    from coordinateur.annuaire.recherche import Filtre, cherche

    rouquette = cherche(store, Filtre(texte="rouquette"))[0]
    assert rouquette.structure == "SSIAD du Carladez"
    assert lit(store, rouquette.id).structure_ids == [annuaire["ssiad"]]  # type: ignore[union-attr]


def test_merge_refuses_mixed_kinds(store: Store, annuaire: dict) -> None:
    with pytest.raises(ValidationError):
        fusionne(store, annuaire["ssiad"], annuaire["jerome"], set())


def test_a_structure_knows_its_members(store: Store, annuaire: dict) -> None:
    from coordinateur.annuaire.service import change_actif, membres

    assert [f.nom for f in membres(store, annuaire["ssiad"])] == ["Lefèvre"]
    enregistre(store, FicheIntervenant(nom="Albouy", prenom="Lise", profession_code="AS",
                                       structure_ids=[annuaire["ssiad"], annuaire["saad"]]))  # fmt: skip
    change_actif(store, annuaire["jerome"], False)  # inactive, still a member
    assert [f.nom for f in membres(store, annuaire["ssiad"])] == ["Albouy", "Lefèvre"]
    assert [f.nom for f in membres(store, annuaire["saad"])] == ["Albouy", "Cœurdevey"]
    assert membres(store, annuaire["jerome"]) == []
