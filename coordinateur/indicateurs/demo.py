"""Demo conventions, events and "shared tools" flags, so that every indicator has a value."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from coordinateur.annuaire.models import Intervenant, Structure
from coordinateur.demo import DemoContext, contributor
from coordinateur.indicateurs.registres import (
    DonneesConvention,
    DonneesEvenement,
    enregistre_convention,
    enregistre_evenement,
)
from coordinateur.store import Store

CONVENTIONS = [
    ("mutualisation", "Mutualisation d'un véhicule adapté pour les visites à domicile", 400, 1095),
    ("mutualisation", "Partage d'un temps d'ergothérapeute entre SSIAD et SAAD", 250, 730),
    ("outil_partage", "Cahier de liaison partagé au domicile", 520, 0),
    ("formation", "Formation commune aux gestes d'urgence des aides à domicile", 120, 365),
    ("personnel", "Mise à disposition d'une infirmière coordinatrice", 60, 330),
    ("mutualisation", "Astreinte de nuit mutualisée entre deux SSIAD", 20, 40),
]
EVENEMENTS = [
    ("journee", "Journée de l'autonomie du Nord-Aveyron", 420, "12119", 140),
    ("formation", "Repérer la fragilité : formation des aides à domicile", 300, "12096", 18),
    ("rencontre", "Rencontre des acteurs du maintien à domicile", 200, "12223", 35),
    ("journee", "Journée des aidants", 90, "12096", 85),
    ("formation", "Prévention des chutes : atelier pour les professionnels", 45, "12119", 22),
]


@contributor(40, "indicateurs")
def demo_indicateurs(store: Store, ctx: DemoContext) -> None:
    rng = ctx.rng
    today = date.today()
    with store.read() as session:
        structures = session.execute(
            select(Structure.id, Structure.commune_code).where(Structure.type_code.in_(("SAAD", "SSIAD", "EHPAD", "CCAS")))
        ).all()  # fmt: skip
        pros = list(session.scalars(select(Intervenant.id).limit(30)))
    if len(structures) < 2:
        return
    for genre, titre, ago, length in CONVENTIONS:
        signed = today - timedelta(days=ago)
        partners = [s.id for s in rng.sample(structures, 2)]
        enregistre_convention(store, DonneesConvention(
            titre=titre, genre=genre, partenaires=partners, signee_le=signed.isoformat(),
            fin_le=(signed + timedelta(days=length)).isoformat() if length else "", reference=f"CONV-{signed.year}-{rng.randrange(10, 99)}",
        ))  # fmt: skip
    for genre, titre, ago, commune, count in EVENEMENTS:
        enregistre_evenement(store, DonneesEvenement(
            titre=titre, genre=genre, date=(today - timedelta(days=ago)).isoformat(), commune_code=commune,
            participants=rng.sample(pros, min(len(pros), 6)), nb_participants=count, organisateurs="DAC Nord-Aveyron",
        ))  # fmt: skip
    with (
        store.write() as session
    ):  # a few establishments wrote shared tools into their projet d'établissement
        for n, structure in enumerate(rng.sample(structures, min(len(structures), 5))):
            record = session.get(Structure, structure.id)
            if record is not None:
                record.outils_partages_le = (today - timedelta(days=100 + 150 * n)).isoformat()
