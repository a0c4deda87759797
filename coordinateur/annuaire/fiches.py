"""What a form, an import line or the command line hands to the directory: plain data, then validated.

`controle()` normalises a fiche (phones to E.164, identifiers compacted, commune from a unique postcode)
and lists every problem with the field it concerns: errors block saving, warnings are the user's call
(domain.md §3.2: RPPS, ADELI and FINESS keys are uncertain, NIR/SIRET keys are not).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from coordinateur.annuaire.listes import (
    MODES_EXERCICE,
    PUBLICS,
    TYPES_TELEPHONE,
    professions,
    types_structure,
)
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.identifiants import (
    Niveau,
    Verdict,
    valide_adeli,
    valide_finess,
    valide_rpps,
    valide_siret,
)
from coordinateur.referentiels.telephone import normalise_telephone
from coordinateur.text import controle_date

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Probleme:
    champ: str
    niveau: Niveau
    message: str

    @property
    def bloquant(self) -> bool:
        return self.niveau is Niveau.ERREUR


@dataclass
class FicheCoordonnees:
    id: str | None = None
    telephones: list[dict[str, str]] = field(default_factory=list)
    email: str = ""
    mssante: str = ""
    adresse: str = ""
    complement: str = ""
    code_postal: str = ""
    commune_code: str = ""
    zone_communes: list[str] = field(default_factory=list)
    zone_epcis: list[str] = field(default_factory=list)
    horaires: str = ""
    notes: str = ""
    source: str = "saisie"
    source_ref: str = ""
    date_verification: str = ""
    actif: bool = True


@dataclass
class FicheIntervenant(FicheCoordonnees):
    civilite: str = ""
    nom: str = ""
    prenom: str = ""
    profession_code: str = "AUTRE"
    specialite: str = ""
    mode_exercice: str = ""
    rpps: str = ""
    adeli: str = ""
    structure_ids: list[str] = field(default_factory=list)

    categorie = "intervenant"

    def libelle(self) -> str:
        return " ".join(p for p in (self.civilite, self.prenom, self.nom) if p)


@dataclass
class FicheStructure(FicheCoordonnees):
    nom: str = ""
    type_code: str = "AUTRE"
    finess_ej: str = ""
    finess_et: str = ""
    siret: str = ""
    publics: list[str] = field(default_factory=list)
    outils_partages_le: str = ""

    categorie = "structure"

    def libelle(self) -> str:
        return self.nom


Fiche = FicheIntervenant | FicheStructure

# Labels used in messages and in forms.
LIBELLES_CHAMPS = {
    "civilite": "Civilité", "nom": "Nom", "prenom": "Prénom", "profession_code": "Profession",
    "specialite": "Spécialité", "mode_exercice": "Mode d'exercice", "rpps": "N° RPPS", "adeli": "N° ADELI",
    "structure_ids": "Structures de rattachement", "telephones": "Téléphones", "email": "E-mail",
    "mssante": "Messagerie MSSanté", "adresse": "Adresse", "complement": "Complément d'adresse",
    "code_postal": "Code postal", "commune_code": "Commune", "zone_communes": "Communes d'intervention",
    "zone_epcis": "Communautés de communes d'intervention", "horaires": "Horaires / disponibilités",
    "notes": "Notes", "source": "Source", "source_ref": "Référence de la source",
    "date_verification": "Vérifié le", "outils_partages_le": "Outils partagés au projet d'établissement", "actif": "Actif", "type_code": "Type de structure",
    "finess_ej": "FINESS juridique", "finess_et": "FINESS établissement", "siret": "SIRET", "publics": "Publics",
}  # fmt: skip


def champs(fiche: Fiche) -> list[str]:
    return [f.name for f in dataclasses.fields(fiche) if f.name != "id"]


def valeurs(fiche: Fiche) -> dict[str, Any]:
    return {name: getattr(fiche, name) for name in champs(fiche)}


def _verdict(problemes: list[Probleme], champ: str, verdict: Verdict) -> str:
    if not verdict.ok:
        problemes.append(Probleme(champ, verdict.niveau, f"{LIBELLES_CHAMPS[champ]} : {verdict.message}"))
    return verdict.valeur


def _strip_text_fields(fiche: Fiche) -> None:
    for f in dataclasses.fields(fiche):
        value = getattr(fiche, f.name)
        if isinstance(value, str) and f.name != "id":
            setattr(fiche, f.name, value.strip())


def controle(fiche: Fiche) -> tuple[Fiche, list[Probleme]]:
    """A normalised copy of the fiche and every problem found (errors first)."""
    fiche = dataclasses.replace(fiche)
    _strip_text_fields(fiche)
    problemes: list[Probleme] = []
    if not fiche.nom:
        problemes.append(Probleme("nom", Niveau.ERREUR, "Nom : obligatoire."))

    if isinstance(fiche, FicheIntervenant):
        if fiche.profession_code not in professions():
            problemes.append(
                Probleme("profession_code", Niveau.ERREUR, "Profession : choisissez-la dans la liste.")
            )
        if fiche.mode_exercice not in MODES_EXERCICE:
            problemes.append(Probleme("mode_exercice", Niveau.ERREUR, "Mode d'exercice inconnu."))
        if fiche.rpps:
            fiche.rpps = _verdict(problemes, "rpps", valide_rpps(fiche.rpps))
        if fiche.adeli:
            fiche.adeli = _verdict(problemes, "adeli", valide_adeli(fiche.adeli))
        fiche.structure_ids = list(dict.fromkeys(s for s in fiche.structure_ids if s))
    else:
        if fiche.type_code not in types_structure():
            problemes.append(
                Probleme("type_code", Niveau.ERREUR, "Type de structure : choisissez-le dans la liste.")
            )
        for champ in ("finess_ej", "finess_et"):
            if getattr(fiche, champ):
                setattr(fiche, champ, _verdict(problemes, champ, valide_finess(getattr(fiche, champ))))
        if fiche.siret:
            fiche.siret = _verdict(problemes, "siret", valide_siret(fiche.siret))
        unknown = [p for p in fiche.publics if p not in PUBLICS]
        if unknown:
            problemes.append(Probleme("publics", Niveau.ERREUR, f"Publics inconnus : {', '.join(unknown)}."))

    _controle_coordonnees(fiche, problemes)
    problemes.sort(key=lambda p: p.niveau is not Niveau.ERREUR)
    return fiche, problemes


def _controle_coordonnees(fiche: Fiche, problemes: list[Probleme]) -> None:
    phones = []
    for n, phone in enumerate(fiche.telephones, start=1):
        numero = (phone.get("numero") or "").strip()
        if not numero:
            continue
        kind = phone.get("type") or "fixe"
        if kind not in TYPES_TELEPHONE:
            kind = "autre"
        verdict = normalise_telephone(numero)
        if verdict.ok:
            phones.append({"type": kind, "numero": verdict.valeur})
        else:
            problemes.append(
                Probleme("telephones", Niveau.ERREUR, f"Téléphone n° {n} ({numero}) : {verdict.message}")
            )
            phones.append({"type": kind, "numero": numero})
    fiche.telephones = phones
    if fiche.email and not _EMAIL.match(fiche.email):
        problemes.append(
            Probleme("email", Niveau.ERREUR, "E-mail : adresse mal formée (exemple : nom@domaine.fr).")
        )
    if fiche.mssante:
        if not _EMAIL.match(fiche.mssante):
            problemes.append(Probleme("mssante", Niveau.ERREUR, "Messagerie MSSanté : adresse mal formée."))
        elif not fiche.mssante.lower().endswith("mssante.fr"):
            problemes.append(
                Probleme(
                    "mssante",
                    Niveau.AVERTISSEMENT,
                    "Messagerie MSSanté : ces adresses se terminent par mssante.fr.",
                )
            )
    _controle_commune(fiche, problemes)
    ref = referentiel()
    unknown = [c for c in fiche.zone_communes if ref.commune(c) is None]
    if unknown:
        problemes.append(
            Probleme("zone_communes", Niveau.ERREUR, f"Communes inconnues : {', '.join(unknown)}.")
        )
    fiche.zone_communes = sorted(set(fiche.zone_communes))
    unknown = [e for e in fiche.zone_epcis if ref.epci(e) is None]
    if unknown:
        problemes.append(
            Probleme(
                "zone_epcis", Niveau.ERREUR, f"Communautés de communes inconnues : {', '.join(unknown)}."
            )
        )
    fiche.zone_epcis = sorted(set(fiche.zone_epcis))
    _controle_date_passee(fiche, "date_verification", problemes)
    _controle_date_passee(fiche, "outils_partages_le", problemes)


def _controle_date_passee(fiche: Fiche, champ: str, problemes: list[Probleme]) -> None:
    iso, why = controle_date(getattr(fiche, champ, ""), LIBELLES_CHAMPS[champ], passee=True)
    setattr(fiche, champ, iso)  # stored ISO; typed 23/11/2026 is accepted
    if why:
        problemes.append(Probleme(champ, Niveau.ERREUR, why))


def _controle_commune(fiche: Fiche, problemes: list[Probleme]) -> None:
    ref = referentiel()
    if fiche.code_postal and not re.fullmatch(r"\d{5}", fiche.code_postal):
        problemes.append(Probleme("code_postal", Niveau.ERREUR, "Code postal : 5 chiffres."))
        return
    if not fiche.commune_code:
        if fiche.code_postal:
            candidates = ref.communes_par_code_postal(fiche.code_postal)
            if len(candidates) == 1:
                fiche.commune_code = candidates[0].code
            elif not candidates:
                problemes.append(
                    Probleme("code_postal", Niveau.AVERTISSEMENT, "Code postal inconnu : vérifiez-le.")
                )
        return
    commune = ref.commune(fiche.commune_code)
    if commune is None:
        problemes.append(
            Probleme("commune_code", Niveau.ERREUR, f"Commune inconnue (code INSEE {fiche.commune_code}).")
        )
        return
    if not fiche.code_postal and len(commune.codes_postaux) == 1:
        fiche.code_postal = commune.codes_postaux[0]
    elif fiche.code_postal and fiche.code_postal not in commune.codes_postaux:
        problemes.append(
            Probleme(
                "code_postal",
                Niveau.AVERTISSEMENT,
                f"Le code postal {fiche.code_postal} n'est pas celui de {commune.nom} ({', '.join(commune.codes_postaux)}).",
            )
        )
