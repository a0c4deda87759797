"""Searching the directory as the user types: folded FTS5 prefixes, filters, a LIMIT, plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import text

from coordinateur.annuaire.models import FTS_TABLE
from coordinateur.referentiels.cog import referentiel
from coordinateur.store import Store
from coordinateur.text import fold


class LigneAnnuaire(NamedTuple):
    id: str
    categorie: str  # "intervenant" or "structure"
    nom: str
    prenom: str
    profession_code: str
    profession: str
    structure: str
    commune_code: str
    commune: str
    telephone: str
    actif: bool
    tri: str


_COLUMNS = (
    "i.record_id, i.categorie, i.nom, i.prenom, i.profession_code, i.profession, i.structure, "
    "i.commune_code, i.commune, i.telephone, i.actif, i.tri"
)
CATEGORIES = ("intervenant", "structure")


@dataclass(frozen=True)
class Filtre:
    texte: str = ""
    categorie: str | None = None
    profession: str | None = None  # profession code (intervenants) or structure type code
    professions: tuple[str, ...] = ()  # several at once (« Infirmiers et SSIAD »); with `profession`, any
    commune: str | None = None  # INSEE code: its address is there or its zone covers it
    epci: str | None = None  # same, for any commune of this EPCI
    actifs_seulement: bool = True


def fts_query(texte: str) -> str | None:
    """`saint* come*` for "St Côme": every folded word as a prefix, all required."""
    words = ["".join(ch for ch in w if ch.isalnum()) for w in fold(texte).split()]
    words = [w for w in words if w]
    return " ".join(f'"{w}"*' for w in words) if words else None


def _conditions(filtre: Filtre) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if filtre.categorie:
        where.append("i.categorie = :categorie")
        params["categorie"] = filtre.categorie
    codes = list(dict.fromkeys([*filtre.professions, *([filtre.profession] if filtre.profession else [])]))
    if codes:
        marks = ", ".join(f":p{n}" for n in range(len(codes)))
        where.append(f"i.profession_code IN ({marks})")
        params.update({f"p{n}": code for n, code in enumerate(codes)})
    if filtre.actifs_seulement:
        where.append("i.actif = 1")
    if filtre.commune:
        where.append("i.rowid IN (SELECT ligne FROM annuaire_zone WHERE commune_code = :commune)")
        params["commune"] = filtre.commune
    if filtre.epci:
        codes = [c.code for c in referentiel().communes_epci(filtre.epci)]
        marks = ", ".join(f":e{n}" for n in range(len(codes))) or "NULL"
        where.append(f"i.rowid IN (SELECT ligne FROM annuaire_zone WHERE commune_code IN ({marks}))")
        params.update({f"e{n}": code for n, code in enumerate(codes)})
    return where, params


def _select(filtre: Filtre, limite: int | None) -> tuple[str, dict[str, Any]]:
    where, params = _conditions(filtre)
    match = fts_query(filtre.texte)
    if match:
        sql = f"SELECT {_COLUMNS} FROM {FTS_TABLE} f JOIN annuaire_index i ON i.rowid = f.rowid WHERE f.texte MATCH :q"
        params["q"] = match
        sql += "".join(f" AND {w}" for w in where)
        # FTS order (no sort before the LIMIT keeps typing instant); the page is sorted afterwards.
    else:
        sql = f"SELECT {_COLUMNS} FROM annuaire_index i"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.tri"
    if limite is not None:
        sql += " LIMIT :limite"
        params["limite"] = limite
    return sql, params


def cherche(store: Store, filtre: Filtre, limite: int = 50) -> list[LigneAnnuaire]:
    """At most `limite` matching rows, sorted by name."""
    sql, params = _select(filtre, limite)
    with store.read() as session:
        rows = session.execute(text(sql), params).all()
    lignes = [LigneAnnuaire._make(r) for r in rows]
    if filtre.texte:
        lignes.sort(key=lambda ligne: ligne.tri)
    return lignes


def liste(store: Store, filtre: Filtre = Filtre()) -> list[LigneAnnuaire]:
    """Every matching row, sorted by name: for the list model, exports and the command line."""
    sql, params = _select(filtre, None)
    with store.read() as session:
        rows = session.execute(text(sql), params).all()
    lignes = list(map(LigneAnnuaire._make, rows))
    if filtre.texte:
        lignes.sort(key=lambda ligne: ligne.tri)
    return lignes


def compte(store: Store, filtre: Filtre = Filtre()) -> int:
    sql, params = _select(filtre, None)
    with store.read() as session:
        return int(session.execute(text(f"SELECT count(*) FROM ({sql})"), params).scalar_one())


# The role a directory record plays in a person's care circle, from its profession or kind of structure.
ROLES_PAR_CODE = {
    "10": "medecin_traitant", "60": "ide", "CAB_IDE": "ide", "70": "kine", "21": "pharmacie", "PHARMA": "pharmacie",
    "SSIAD": "ssiad", "SPASAD": "ssiad", "AS": "ssiad", "SAAD": "saad", "AIDE_DOM": "saad", "AUX_VIE": "saad",
    "HAD": "had", "ADJ": "accueil_jour", "DAC": "dac", "GEST_CAS": "dac",
}  # fmt: skip


def role_dans_le_cercle(ligne: LigneAnnuaire) -> str:
    """« Pharmacie habituelle » for a pharmacist, « SSIAD » for a SSIAD's aide-soignant: the role the
    record's profession or kind says, « autre » when it says none."""
    return ROLES_PAR_CODE.get(ligne.profession_code, "autre")


def classe_pour_choisir(
    lignes: list[LigneAnnuaire], texte: str, commune_code: str = ""
) -> list[LigneAnnuaire]:
    """Search results in the order a person would pick from: the name typed exactly first, structures whose
    name or kind holds every word typed next, then what works in the person's commune, then the rest
    alphabetically (« pharmacie de laguiole » puts the pharmacy of Laguiole first, « ssiad » the SSIAD)."""
    words = fold(texte).split()

    def rang(ligne: LigneAnnuaire) -> tuple[int, int, int, str]:
        name = fold(f"{ligne.prenom} {ligne.nom}" if ligne.categorie == "intervenant" else ligne.nom)
        described = f"{name} {fold(ligne.profession)} {fold(ligne.commune)}"
        exact = 0 if name == " ".join(words) or fold(ligne.nom) == " ".join(words) else 1
        whole = 0 if all(w in described.split() or w in name for w in words) else 1
        structure = 0 if ligne.categorie == "structure" and whole == 0 else 1
        here = 0 if commune_code and ligne.commune_code == commune_code else 1
        return (exact, structure + whole, here, ligne.tri)

    return sorted(lignes, key=rang)
