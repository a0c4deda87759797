"""Settings, declared once with their types and defaults, stored in the store (they travel with backups)."""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field
from typing import Any, get_type_hints

from sqlalchemy import select

from coordinateur.store import Store
from coordinateur.store.models import Parametre

log = logging.getLogger(__name__)


@dataclass
class Settings:
    premier_demarrage_fait: bool = False
    coordinateur_nom: str = ""
    coordinateur_fonction: str = ""
    structure_nom: str = ""
    territoire_nom: str = ""
    territoire_departements: list[str] = field(default_factory=list)
    territoire_epcis: list[str] = field(default_factory=list)
    fenetre_geometrie: str = ""
    fenetre_etat: str = ""
    verrouillage_minutes: int = 10
    sauvegarde_seconde: str = ""  # a second destination for backups (USB key, internal share), or ""
    # RGPD retention (domain.md L8): months before data is proposed for anonymisation, per kind
    conservation_dossiers_mois: int = 24  # a person's file, after the last contact
    conservation_situations_mois: int = 24  # the texts of a situation discussed, after the meeting
    # The shared folder (architecture §4)
    partage_dossier: str = ""
    partage_reunions: bool = False
    partage_dossier_interne: bool = False
    partage_derniere_synchro: str = ""
    partage_derniere_erreur: str = ""
    partage_historique: list[str] = field(default_factory=list)  # the last syncs, newest first
    # the listing of this laptop's own segments when they were last all found intact (a push then skips
    # reading them again until the listing changes, or the next day)
    partage_propres_verifies: str = ""
    # which data folder this store was in when it last pushed (its inode): another one means the folder was
    # copied by hand to another computer or restored from a backup of the whole folder (partage/envoi.py)
    partage_instance: str = ""
    # this laptop's device card as it last wrote it in the shared folder (its names): a rename, or another
    # coordinator's name, writes it again (partage/envoi.py)
    partage_carte: str = ""
    # the team's retired devices when this laptop last wrote a snapshot (partage/instantane.py): one more,
    # and the next sync writes a snapshot that carries its words
    partage_inactifs_instantane: list[str] = field(default_factory=list)
    # Column mappings chosen for partners' spreadsheets, by header signature.
    correspondances_import: dict[str, dict[str, str]] = field(default_factory=dict)
    # The version of the directory's search index this store was last rebuilt for (annuaire/index.py).
    annuaire_index_version: int = 0


_TYPES: dict[str, Any] = get_type_hints(Settings)


def _accepts(name: str, value: Any) -> bool:
    expected = _TYPES[name]
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is str:
        return isinstance(value, str)
    if getattr(expected, "__origin__", None) is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if getattr(expected, "__origin__", None) is dict:
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, dict) and all(isinstance(x, str) for x in (*v, *v.values()))
            for k, v in value.items()
        )
    return False


def load_settings(store: Store) -> Settings:
    """Stored values over defaults; a stored value of the wrong type falls back to the default."""
    with store.read() as session:
        stored = {k: v for k, v in session.execute(select(Parametre.cle, Parametre.valeur))}
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name not in stored:
            continue
        try:
            value = json.loads(stored[f.name])
        except ValueError:
            log.warning("Paramètre %s illisible, valeur par défaut utilisée", f.name)
            continue
        if _accepts(f.name, value):
            values[f.name] = value
        else:
            log.warning("Paramètre %s de type inattendu, valeur par défaut utilisée", f.name)
    return Settings(**values)


def enregistre_reglages(store: Store, *, audit_summary: str | None = None, **champs: Any) -> None:
    """Write these settings only, in one transaction: a screen never writes back a snapshot of the others
    (choosing a shared folder, then changing the lock delay elsewhere, keeps the folder)."""
    known = {f.name for f in dataclasses.fields(Settings)}
    for name, value in champs.items():
        if name not in known or not _accepts(name, value):
            raise ValueError(f"réglage inconnu ou de type inattendu : {name}")
    with store.write() as session:
        stored = {k: v for k, v in session.execute(select(Parametre.cle, Parametre.valeur))}
        changed = False
        for name, value in champs.items():
            encoded = json.dumps(value, ensure_ascii=False)
            if stored.get(name) != encoded:
                session.merge(Parametre(cle=name, valeur=encoded))
                changed = True
        if changed and audit_summary:
            store.audit(session, "parametrage", "parametres", None, audit_summary)


def save_settings(store: Store, settings: Settings, *, audit_summary: str | None = None) -> None:
    """Write the settings that differ from what is stored, in one transaction."""
    with store.write() as session:
        stored = {k: v for k, v in session.execute(select(Parametre.cle, Parametre.valeur))}
        changed = []
        for f in dataclasses.fields(Settings):
            encoded = json.dumps(getattr(settings, f.name), ensure_ascii=False)
            if stored.get(f.name) != encoded:
                session.merge(Parametre(cle=f.name, valeur=encoded))
                changed.append(f.name)
        if changed and audit_summary:
            store.audit(session, "parametrage", "parametres", None, audit_summary)
