"""Meetings, the situations discussed, the actions that follow, and the log of who received which minutes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordinateur.store.base import Base, SyncRecord, new_uuid


class Reunion(SyncRecord, Base):
    __tablename__ = "reunion"
    KIND = "reunion"
    TRAVELS = True  # pushed only when the team shares its meetings (setting)

    type: Mapped[str] = mapped_column(String(20), default="rcp")
    titre: Mapped[str] = mapped_column(String(300), default="")
    serie: Mapped[str] = mapped_column(String(200), default="", index=True)
    date: Mapped[str] = mapped_column(String(10), index=True)
    heure_debut: Mapped[str] = mapped_column(String(5), default="")
    heure_fin: Mapped[str] = mapped_column(String(5), default="")
    lieu: Mapped[str] = mapped_column(String(300), default="")
    visio: Mapped[str] = mapped_column(String(500), default="")
    organisateur: Mapped[str] = mapped_column(String(300), default="")
    animateur: Mapped[str] = mapped_column(String(200), default="")
    secretaire: Mapped[str] = mapped_column(String(200), default="")
    ordre_du_jour: Mapped[list[str]] = mapped_column(JSON, default=list)
    # {"annuaire_id", "nom", "qualite", "structure", "email", "presence": present|visio|excuse|absent}
    participants: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    diffusion: Mapped[list[str]] = mapped_column(JSON, default=list)
    decisions: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    statut: Mapped[str] = mapped_column(String(10), default="preparee")
    valide_le: Mapped[str] = mapped_column(String(32), default="")
    valide_par: Mapped[str] = mapped_column(String(200), default="")
    empreinte: Mapped[str] = mapped_column(String(64), default="")
    # amendments after validation: {"le", "par", "motif", "empreinte"}
    revisions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Situation(SyncRecord, Base):
    __tablename__ = "situation"

    reunion_id: Mapped[str] = mapped_column(ForeignKey("reunion.id"), index=True)
    ordre: Mapped[int] = mapped_column(Integer, default=0)
    personne_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    code: Mapped[str] = mapped_column(String(20), default="")
    referent: Mapped[str] = mapped_column(String(200), default="")
    question: Mapped[str] = mapped_column(Text, default="")
    # {"medical", "psychologique", "social", "environnemental"}
    synthese: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    decision: Mapped[str] = mapped_column(Text, default="")
    informee: Mapped[bool] = mapped_column(Boolean, default=False)
    informee_le: Mapped[str] = mapped_column(String(10), default="")
    informee_par: Mapped[str] = mapped_column(String(200), default="")
    revue_le: Mapped[str] = mapped_column(String(10), default="")
    a_representer: Mapped[bool] = mapped_column(Boolean, default=False)
    # the dimensions of the synthesis told to partners (chosen per export; not part of the minutes' content)
    pour_partenaires: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class Action(SyncRecord, Base):
    __tablename__ = "action"
    KIND = "action"
    TRAVELS = True  # pushed only when the team shares its meetings (setting)

    reunion_id: Mapped[str] = mapped_column(ForeignKey("reunion.id"), index=True)
    situation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    serie: Mapped[str] = mapped_column(String(200), default="", index=True)
    quoi: Mapped[str] = mapped_column(Text)
    responsable_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    responsable: Mapped[str] = mapped_column(String(300), default="")
    echeance: Mapped[str] = mapped_column(String(10), default="", index=True)
    statut: Mapped[str] = mapped_column(String(10), default="a_faire", index=True)
    fait_le: Mapped[str] = mapped_column(String(10), default="")
    resultat: Mapped[str] = mapped_column(Text, default="")


class Diffusion(Base):
    """Which version of which minutes went to whom (never shared; append-only like the audit log)."""

    __tablename__ = "diffusion"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    reunion_id: Mapped[str] = mapped_column(ForeignKey("reunion.id"), index=True)
    le: Mapped[str] = mapped_column(String(32))
    par: Mapped[str] = mapped_column(String(200))
    niveau: Mapped[str] = mapped_column(String(12))
    format: Mapped[str] = mapped_column(String(6))
    destinataire: Mapped[str] = mapped_column(String(500))
    revision: Mapped[int] = mapped_column(Integer)
    empreinte: Mapped[str] = mapped_column(String(64))
