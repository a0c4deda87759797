"""Persons followed and the validated versions of their liaison sheet. Never shared in clear."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coordinateur.store.base import Base, SyncRecord, new_uuid


class Personne(SyncRecord, Base):
    __tablename__ = "personne"

    # B. identity (INS traits stricts + traits complémentaires)
    civilite: Mapped[str] = mapped_column(String(10), default="")
    nom_naissance: Mapped[str] = mapped_column(String(200), default="")
    nom_usage: Mapped[str] = mapped_column(String(200), default="")
    prenoms_naissance: Mapped[str] = mapped_column(String(200), default="")
    prenom_usage: Mapped[str] = mapped_column(String(100), default="")
    date_naissance: Mapped[str] = mapped_column(String(10), default="")
    sexe: Mapped[str] = mapped_column(String(1), default="")
    lieu_naissance: Mapped[str] = mapped_column(String(200), default="")
    nir: Mapped[str] = mapped_column(String(15), default="")
    ins_statut: Mapped[str] = mapped_column(String(4), default="VIDE")
    langues: Mapped[str] = mapped_column(String(200), default="")
    situation_familiale: Mapped[str] = mapped_column(String(200), default="")
    vit_seul: Mapped[bool | None] = mapped_column(Boolean, nullable=True, default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    # C. home and access
    adresse: Mapped[str] = mapped_column(String(300), default="")
    complement: Mapped[str] = mapped_column(String(300), default="")
    code_postal: Mapped[str] = mapped_column(String(5), default="")
    commune_code: Mapped[str] = mapped_column(String(5), default="", index=True)
    telephone: Mapped[str] = mapped_column(String(20), default="")
    acces: Mapped[str] = mapped_column(Text, default="")
    animaux: Mapped[str] = mapped_column(String(300), default="")
    teleassistance: Mapped[str] = mapped_column(String(300), default="")
    autocollant: Mapped[bool] = mapped_column(Boolean, default=False)
    # D. contacts, E. care circle (lists of dicts, see personnes.dossier)
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    cercle: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # G. GIR
    gir: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    gir_date: Mapped[str] = mapped_column(String(10), default="")
    gir_evaluateur: Mapped[str] = mapped_column(String(200), default="")
    # follow-up
    statut: Mapped[str] = mapped_column(String(10), default="suivie")
    date_dernier_contact: Mapped[str] = mapped_column(String(10), default="")
    code_situation: Mapped[str] = mapped_column(String(20), default="")
    # sharing basis (L1–L5): {"base", "equipe", "information", "consentement", "opposition"}
    partage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # F–K: the working liaison sheet (sections declared in fiches.sections)
    fiche: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # hash of what a validated sheet prints; a version with another hash is out of date
    empreinte: Mapped[str] = mapped_column(String(64), default="")


class FicheLiaison(Base):
    """A validated, numbered, frozen version of a person's liaison sheet (only `exemplaires` may change)."""

    __tablename__ = "fiche_liaison"
    __table_args__ = (UniqueConstraint("personne_id", "numero"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    personne_id: Mapped[str] = mapped_column(ForeignKey("personne.id"), index=True)
    numero: Mapped[int] = mapped_column(Integer)
    valide_le: Mapped[str] = mapped_column(String(32))
    valide_par: Mapped[str] = mapped_column(String(200))
    prochaine_revue: Mapped[str] = mapped_column(String(10))
    contenu: Mapped[dict[str, Any]] = mapped_column(JSON)
    empreinte: Mapped[str] = mapped_column(String(64))
    exemplaires: Mapped[list[str]] = mapped_column(JSON, default=list)
