"""Making the PDFs of validated sheets, one or in a batch, with the sharing rule and the audit log."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coordinateur.errors import CoordinateurError, ValidationError
from coordinateur.fichiers import ecriture_atomique
from coordinateur.personnes.service import Version, liste_personnes, version_a_imprimer
from coordinateur.store import Store
from coordinateur.text import fold

MODELES = {
    "frigo": "Fiche d'urgence (frigo)",
    "dlu": "Dossier de liaison complet",
    "aller-retour": "Fiches aller et retour",
}


def genere(version: Version, modele: str) -> bytes:
    from coordinateur.fiches.pdf_dlu import aller_retour, dlu
    from coordinateur.fiches.pdf_frigo import frigo

    makers = {"frigo": frigo, "dlu": dlu, "aller-retour": aller_retour}
    if modele not in makers:
        raise ValidationError(f"Modèle inconnu : {modele} (frigo, dlu ou aller-retour).")
    buffer = io.BytesIO()
    makers[modele](buffer, version)
    return buffer.getvalue()


def pdf_fiche(
    store: Store, personne_id: str, modele: str, *, action: str = "export", destination: str = ""
) -> tuple[bytes, Version]:
    """The PDF of the latest validated version; refused under opposition; recorded in the audit log."""
    version = version_a_imprimer(store, personne_id)
    data = genere(version, modele)
    with store.write() as session:
        store.audit(session, action, "fiche_liaison", personne_id,
                    f"{MODELES[modele]}, version {version.numero}" + (f", enregistrée dans {destination}" if destination else ""))  # fmt: skip
    return data, version


def enregistre_pdf(store: Store, personne_id: str, modele: str, path: Path) -> Version:
    # the folder only: the file's name holds the person's name, which the audit log never keeps
    data, version = pdf_fiche(store, personne_id, modele, destination=str(path.parent))
    with ecriture_atomique(path) as handle:
        handle.write(data)
    return version


@dataclass
class Lot:
    ecrites: list[Path] = field(default_factory=list)
    refusees: list[tuple[str, str]] = field(default_factory=list)


def nom_fichier(nom: str, prenom: str, modele: str) -> str:
    safe = "-".join(fold(f"{nom} {prenom}").split()) or "personne"
    return f"fiche-{modele}-{safe}.pdf"


def toutes(
    store: Store,
    dossier: Path,
    *,
    modele: str = "frigo",
    perimees: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Lot:
    """One PDF per followed person (or only those whose sheet is out of date) into `dossier`."""
    lignes = [p for p in liste_personnes(store, statut="suivie") if p.etat.code != "aucune"]
    if perimees:
        lignes = [p for p in lignes if p.etat.code in ("perimee", "a_revoir")]
    lot = Lot()
    dossier.mkdir(parents=True, exist_ok=True)
    for n, ligne in enumerate(lignes):
        if cancelled and cancelled():
            break
        if on_progress:
            on_progress(n, len(lignes))
        try:
            path = dossier / nom_fichier(ligne.nom, ligne.prenom, modele)
            enregistre_pdf(store, ligne.id, modele, path)
            lot.ecrites.append(path)
        except CoordinateurError as exc:
            lot.refusees.append((f"{ligne.prenom} {ligne.nom}", exc.message))
    if on_progress:
        on_progress(len(lignes), len(lignes))
    return lot
