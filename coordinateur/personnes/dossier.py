"""A person's file as plain data, and its validation (French messages naming the field)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coordinateur.annuaire.fiches import Probleme
from coordinateur.fiches.sections import normalise
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.identifiants import Niveau, valide_nir
from coordinateur.referentiels.telephone import normalise_telephone
from coordinateur.text import controle_date

ROLES_CONTACT = {
    "prevenir": "Personne à prévenir", "confiance": "Personne de confiance", "aidant": "Aidant principal",
    "representant": "Représentant légal", "ne_pas_prevenir": "Ne pas prévenir",
}  # fmt: skip
MESURES = {"": "", "tutelle": "Tutelle", "curatelle": "Curatelle", "curatelle_renforcee": "Curatelle renforcée",
           "sauvegarde": "Sauvegarde de justice", "habilitation": "Habilitation familiale"}  # fmt: skip
ROLES_CERCLE = {
    "medecin_traitant": "Médecin traitant", "pharmacie": "Pharmacie habituelle", "ide": "Infirmier(e)",
    "ssiad": "SSIAD", "saad": "Aide à domicile (SAAD)", "kine": "Kinésithérapeute", "had": "HAD",
    "portage": "Portage de repas", "accueil_jour": "Accueil de jour", "dac": "DAC / gestionnaire de cas",
    "autre": "Autre",
}  # fmt: skip
STATUTS = {"suivie": "Suivie", "sortie": "Sortie du suivi", "decedee": "Décédée", "anonymisee": "Anonymisée"}
INS_STATUTS = {"VIDE": "Identité non vérifiée", "PROV": "Provisoire", "VALI": "Validée (pièce d'identité vue)",
               "RECUP": "Récupérée (non vérifiée)"}  # fmt: skip
SEXES = {"": "", "F": "Féminin", "M": "Masculin"}
# Fields that are not printed on the sheet: changing them does not make a validated sheet out of date.
NON_IMPRIMES = frozenset({"statut", "date_dernier_contact", "partage", "code_situation", "empreinte"})


@dataclass
class Dossier:
    id: str | None = None
    civilite: str = ""
    nom_naissance: str = ""
    nom_usage: str = ""
    prenoms_naissance: str = ""
    prenom_usage: str = ""
    date_naissance: str = ""
    sexe: str = ""
    lieu_naissance: str = ""
    nir: str = ""
    ins_statut: str = "VIDE"
    langues: str = ""
    situation_familiale: str = ""
    vit_seul: bool | None = None
    description: str = ""
    adresse: str = ""
    complement: str = ""
    code_postal: str = ""
    commune_code: str = ""
    telephone: str = ""
    acces: str = ""
    animaux: str = ""
    teleassistance: str = ""
    autocollant: bool = False
    contacts: list[dict[str, Any]] = field(default_factory=list)
    cercle: list[dict[str, Any]] = field(default_factory=list)
    gir: int | None = None
    gir_date: str = ""
    gir_evaluateur: str = ""
    statut: str = "suivie"
    date_dernier_contact: str = ""
    code_situation: str = ""
    partage: dict[str, Any] = field(default_factory=dict)
    fiche: dict[str, Any] = field(default_factory=dict)

    @property
    def nom(self) -> str:
        return self.nom_usage or self.nom_naissance

    @property
    def prenom(self) -> str:
        return self.prenom_usage or (self.prenoms_naissance.split()[0] if self.prenoms_naissance else "")

    def libelle(self) -> str:
        return f"{self.prenom} {self.nom.upper()}".strip()

    def age(self, today: date | None = None) -> int | None:
        if not self.date_naissance:
            return None
        born = date.fromisoformat(self.date_naissance)
        today = today or date.today()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def contacts_ordonnes(self, role: str | None = None) -> list[dict[str, Any]]:
        chosen = [c for c in self.contacts if role is None or c.get("role") == role]
        return sorted(chosen, key=lambda c: (int(c.get("ordre") or 99), c.get("nom", "")))

    def membre(self, role: str) -> dict[str, Any] | None:
        return next((m for m in self.cercle if m.get("role") == role), None)


CHAMPS_DOSSIER = [f.name for f in dataclasses.fields(Dossier) if f.name != "id"]


def contenu_imprime(dossier: Dossier) -> dict[str, Any]:
    """What a validated sheet freezes and prints."""
    return {name: getattr(dossier, name) for name in CHAMPS_DOSSIER if name not in NON_IMPRIMES}


def empreinte(dossier: Dossier) -> str:
    canonical = json.dumps(
        contenu_imprime(dossier), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date(problemes: list[Probleme], champ: str, label: str, value: str, *, past: bool = True) -> str:
    """The stored form of a date field (ISO; typed 23/11/2026 is accepted), its problem noted."""
    iso, why = controle_date(value, label, passee=past)
    if why:
        problemes.append(Probleme(champ, Niveau.ERREUR, why))
    return iso


def controle(dossier: Dossier) -> tuple[Dossier, list[Probleme]]:
    d = dataclasses.replace(dossier)
    for f in dataclasses.fields(d):
        value = getattr(d, f.name)
        if isinstance(value, str) and f.name != "id":
            setattr(d, f.name, value.strip())
    problemes: list[Probleme] = []
    if not (d.nom_naissance or d.nom_usage):
        problemes.append(
            Probleme("nom_naissance", Niveau.ERREUR, "Nom : indiquez le nom de naissance ou le nom d'usage.")
        )
    if not (d.prenoms_naissance or d.prenom_usage):
        problemes.append(Probleme("prenoms_naissance", Niveau.ERREUR, "Prénom : obligatoire."))
    d.date_naissance = _date(problemes, "date_naissance", "Date de naissance", d.date_naissance)
    if d.sexe not in SEXES:
        problemes.append(Probleme("sexe", Niveau.ERREUR, "Sexe : F, M ou non renseigné."))
    if d.ins_statut == "QUAL":
        problemes.append(Probleme("ins_statut", Niveau.ERREUR,
                                  "Identité INS : « qualifiée » exige le téléservice INSi, impossible hors ligne."))  # fmt: skip
    elif d.ins_statut not in INS_STATUTS:
        problemes.append(Probleme("ins_statut", Niveau.ERREUR, "Statut d'identité inconnu."))
    if d.nir:
        verdict = valide_nir(d.nir)
        d.nir = verdict.valeur
        if not verdict.ok:
            problemes.append(Probleme("nir", verdict.niveau, f"N° de sécurité sociale : {verdict.message}"))
        elif d.sexe and d.nir[0] in "12" and {"1": "M", "2": "F"}[d.nir[0]] != d.sexe:
            problemes.append(
                Probleme(
                    "nir",
                    Niveau.AVERTISSEMENT,
                    "N° de sécurité sociale : le 1er chiffre ne correspond pas au sexe.",
                )
            )
        elif d.date_naissance and d.nir[1:3] != d.date_naissance[2:4]:
            problemes.append(
                Probleme(
                    "nir",
                    Niveau.AVERTISSEMENT,
                    "N° de sécurité sociale : l'année ne correspond pas à la date de naissance.",
                )
            )
    if d.commune_code and referentiel().commune(d.commune_code) is None:
        problemes.append(
            Probleme("commune_code", Niveau.ERREUR, f"Commune inconnue (code INSEE {d.commune_code}).")
        )
    if d.telephone:
        verdict = normalise_telephone(d.telephone)
        if verdict.ok:
            d.telephone = verdict.valeur
        else:
            problemes.append(Probleme("telephone", Niveau.ERREUR, f"Téléphone : {verdict.message}"))
    if d.gir is not None and (not isinstance(d.gir, int) or not 1 <= d.gir <= 6):
        problemes.append(Probleme("gir", Niveau.ERREUR, "GIR : un nombre de 1 (le plus dépendant) à 6."))
    d.gir_date = _date(problemes, "gir_date", "Date de l'évaluation GIR", d.gir_date)
    d.date_dernier_contact = _date(
        problemes, "date_dernier_contact", "Dernier contact", d.date_dernier_contact
    )
    if d.statut not in STATUTS:
        problemes.append(Probleme("statut", Niveau.ERREUR, "Statut de suivi inconnu."))
    d.contacts = [
        _contact(c, n, problemes) for n, c in enumerate(d.contacts, start=1) if (c.get("nom") or "").strip()
    ]
    d.cercle = [
        _membre(m, n, problemes) for n, m in enumerate(d.cercle, start=1) if (m.get("nom") or "").strip()
    ]
    d.fiche = normalise(d.fiche)
    d.partage = _partage(d.partage, problemes)
    problemes.sort(key=lambda p: p.niveau is not Niveau.ERREUR)
    return d, problemes


def _phone(value: str, label: str, problemes: list[Probleme], champ: str) -> str:
    if not value:
        return ""
    verdict = normalise_telephone(value)
    if verdict.ok:
        return verdict.valeur
    problemes.append(Probleme(champ, Niveau.ERREUR, f"{label} : {verdict.message}"))
    return value


def _contact(contact: dict[str, Any], n: int, problemes: list[Probleme]) -> dict[str, Any]:
    role = contact.get("role") or "prevenir"
    if role not in ROLES_CONTACT:
        problemes.append(Probleme("contacts", Niveau.ERREUR, f"Contact n° {n} : rôle inconnu."))
    mesure = contact.get("mesure") or ""
    if mesure not in MESURES:
        problemes.append(
            Probleme("contacts", Niveau.ERREUR, f"Contact n° {n} : mesure de protection inconnue.")
        )
    result = {
        "role": role, "nom": contact["nom"].strip(), "lien": (contact.get("lien") or "").strip(),
        "telephone": _phone((contact.get("telephone") or "").strip(), f"Contact n° {n}, téléphone", problemes, "contacts"),
        "telephone2": _phone((contact.get("telephone2") or "").strip(), f"Contact n° {n}, 2e téléphone", problemes, "contacts"),
        "ordre": int(contact.get("ordre") or n), "commentaire": (contact.get("commentaire") or "").strip(),
        "mesure": mesure, "fin_mesure": (contact.get("fin_mesure") or "").strip(),
    }  # fmt: skip
    result["fin_mesure"] = _date(
        problemes, "contacts", f"Contact n° {n}, fin de la mesure", result["fin_mesure"], past=False
    )
    return result


def _membre(membre: dict[str, Any], n: int, problemes: list[Probleme]) -> dict[str, Any]:
    role = membre.get("role") or "autre"
    if role not in ROLES_CERCLE:
        problemes.append(Probleme("cercle", Niveau.ERREUR, f"Cercle de soins n° {n} : rôle inconnu."))
    return {
        "role": role, "nom": membre["nom"].strip(), "annuaire_id": membre.get("annuaire_id") or None,
        "telephone": _phone((membre.get("telephone") or "").strip(), f"Cercle de soins n° {n}, téléphone", problemes, "cercle"),
        "detail": (membre.get("detail") or "").strip(),
    }  # fmt: skip


def _partage(partage: dict[str, Any], problemes: list[Probleme]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "base": partage.get("base") or "",
        "equipe": [m for m in partage.get("equipe") or [] if m],
        "information": dict(partage.get("information") or {}),
        "consentement": dict(partage.get("consentement") or {}),
        "opposition": dict(partage.get("opposition") or {}),
    }
    if result["base"] not in ("", "equipe", "consentement"):
        problemes.append(
            Probleme("partage", Niveau.ERREUR, "Base du partage : équipe de soins ou consentement.")
        )
    for key, label in (("information", "Information donnée le"), ("consentement", "Consentement recueilli le"),
                       ("opposition", "Opposition exprimée le")):  # fmt: skip
        if result[key].get("date"):
            result[key]["date"] = _date(problemes, "partage", label, str(result[key]["date"]))
    if result["consentement"].get("retire_le"):
        result["consentement"]["retire_le"] = _date(
            problemes, "partage", "Consentement retiré le", str(result["consentement"]["retire_le"])
        )
    if result["base"] == "consentement" and not result["consentement"].get("date"):
        problemes.append(Probleme("partage", Niveau.AVERTISSEMENT,
                                  "Partage hors équipe de soins : enregistrez le consentement (qui, comment, quand)."))  # fmt: skip
    return result
