"""The coordinator's territory: chosen départements and/or EPCI, and its communes."""

from __future__ import annotations

from dataclasses import dataclass

from coordinateur.errors import ValidationError
from coordinateur.referentiels.cog import Commune, referentiel
from coordinateur.settings import Settings, load_settings, save_settings
from coordinateur.store import Store


@dataclass(frozen=True)
class PremierDemarrage:
    coordinateur_nom: str
    coordinateur_fonction: str
    structure_nom: str
    departements: list[str]
    epcis: list[str]
    territoire_nom: str = ""


def valide_premier_demarrage(choix: PremierDemarrage) -> None:
    """Raise ValidationError (French, naming the field) for anything the assistant cannot accept."""
    if not choix.coordinateur_nom.strip():
        raise ValidationError(
            "Indiquez votre nom : il figure sur les documents et dans le journal.", "coordinateur_nom"
        )
    if not choix.structure_nom.strip():
        raise ValidationError("Indiquez le nom de votre structure (CPTS, DAC, CCAS…).", "structure_nom")
    if not choix.departements and not choix.epcis:
        raise ValidationError(
            "Choisissez au moins un département ou une communauté de communes pour votre territoire.",
            "territoire",
        )
    ref = referentiel()
    for code in choix.departements:
        if ref.departement(code) is None:
            raise ValidationError(f"Département inconnu : {code}.", "territoire")
    for code in choix.epcis:
        if ref.epci(code) is None:
            raise ValidationError(f"Communauté de communes inconnue : {code}.", "territoire")


def nom_par_defaut(departements: list[str], epcis: list[str]) -> str:
    ref = referentiel()
    names = [e.nom for code in epcis if (e := ref.epci(code))]
    names += [d.nom for code in departements if (d := ref.departement(code))]
    if len(names) <= 2:
        return " et ".join(names)
    return f"{names[0]} et {len(names) - 1} autres"


def enregistre_premier_demarrage(store: Store, choix: PremierDemarrage) -> Settings:
    valide_premier_demarrage(choix)
    settings = load_settings(store)
    settings.coordinateur_nom = choix.coordinateur_nom.strip()
    settings.coordinateur_fonction = choix.coordinateur_fonction.strip()
    settings.structure_nom = choix.structure_nom.strip()
    settings.territoire_departements = sorted({c.upper() for c in choix.departements})
    settings.territoire_epcis = sorted(set(choix.epcis))
    settings.territoire_nom = choix.territoire_nom.strip() or nom_par_defaut(
        settings.territoire_departements, settings.territoire_epcis
    )
    settings.premier_demarrage_fait = True
    store.user = settings.coordinateur_nom
    save_settings(store, settings, audit_summary=f"Premier démarrage : territoire {settings.territoire_nom}")
    return settings


def communes_du_territoire(settings: Settings) -> list[Commune]:
    return referentiel().communes_territoire(settings.territoire_departements, settings.territoire_epcis)


@dataclass(frozen=True)
class ResumeTerritoire:
    nom: str
    nb_communes: int
    population: int
    nb_epcis: int


def resume_territoire(settings: Settings, communes: list[Commune]) -> ResumeTerritoire:
    return ResumeTerritoire(
        nom=settings.territoire_nom,
        nb_communes=len(communes),
        population=sum(c.population or 0 for c in communes),
        nb_epcis=len({c.epci_code for c in communes if c.epci_code}),
    )
