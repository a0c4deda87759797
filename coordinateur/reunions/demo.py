"""A year of demo meetings: a monthly concertation series at a health centre and quarterly territorial
commissions, with situations about demo persons and actions that follow from one meeting to the next."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from coordinateur.annuaire.models import Intervenant, Structure
from coordinateur.demo import DemoContext, contributor
from coordinateur.personnes.models import Personne
from coordinateur.reunions.service import (
    DonneesAction,
    DonneesReunion,
    DonneesSituation,
    enregistre_reunion,
    suit_action,
    valide_reunion,
)
from coordinateur.store import Store

QUESTIONS = [
    "Maintien à domicile après une chute : quelles aides mettre en place ?",
    "Épuisement de l'aidant principal : quel relais proposer ?",
    "Retour d'hospitalisation : organisation des passages infirmiers et du portage de repas.",
    "Troubles cognitifs qui s'aggravent : orientation vers un accueil de jour ?",
    "Isolement et refus d'aide : comment garder le lien ?",
]
DECISIONS = [
    "Augmenter les passages du SAAD à deux par jour pendant un mois, puis réévaluer.",
    "Proposer un séjour de répit et orienter l'aidant vers la plateforme de répit.",
    "Demander une évaluation APA et installer une téléassistance.",
    "Visite à domicile conjointe IDE et gestionnaire de cas sous quinze jours.",
]
ACTIONS = ["Demander la révision du plan d'aide APA", "Organiser une visite à domicile conjointe", "Installer la téléassistance",
           "Contacter la famille pour un point", "Mettre à jour la fiche de liaison", "Transmettre la demande d'accueil de jour"]  # fmt: skip


@contributor(30, "reunions")
def demo_reunions(store: Store, ctx: DemoContext) -> None:
    rng = ctx.rng
    with store.read() as session:
        people = list(session.scalars(select(Personne.id).where(~Personne.deleted).limit(200)))
        pros = session.execute(
            select(Intervenant.id, Intervenant.prenom, Intervenant.nom, Intervenant.profession_code, Intervenant.email)
            .where(Intervenant.profession_code.in_(("10", "60", "ASS", "GEST_CAS", "AIDE_DOM"))).limit(40)
        ).all()  # fmt: skip
        structures = session.execute(
            select(Structure.id, Structure.nom).where(
                Structure.type_code.in_(("SAAD", "SSIAD", "CCAS", "DAC"))
            )
        ).all()
    if not people or not pros or not structures:
        return
    labels = {
        "10": "Médecin",
        "60": "Infirmier(e)",
        "ASS": "Assistant(e) social(e)",
        "GEST_CAS": "Gestionnaire de cas",
        "AIDE_DOM": "Aide à domicile",
    }
    team = [{"annuaire_id": p.id, "nom": f"{p.prenom} {p.nom}", "qualite": labels[p.profession_code], "structure": "",
             "email": p.email, "presence": "present"} for p in pros[:7]]  # fmt: skip
    today = date.today()
    start = today - timedelta(days=270)
    meetings = [(start + timedelta(days=30 * m), "cpp") for m in range(9)]
    meetings += [(start + timedelta(days=45 + 91 * q), "commission") for q in range(3)]
    for n, (day, kind) in enumerate(sorted(meetings)):
        series = "Concertations MSP de Laguiole" if kind == "cpp" else "Commission de territoire Nord-Aveyron"
        situations = []
        actions = []
        if kind == "cpp":
            for k in range(rng.randrange(2, 4)):
                situations.append(DonneesSituation(
                    personne_id=rng.choice(people), referent=team[0]["nom"], question=rng.choice(QUESTIONS),
                    synthese={"medical": "Stable, traitement ajusté.", "social": "Aidant présent mais fatigué."},
                    decision=rng.choice(DECISIONS), informee=True, informee_le=day.isoformat(), informee_par=team[0]["nom"],
                    a_representer=rng.random() < 0.3,
                ))  # fmt: skip
                responsible = rng.choice(structures)
                actions.append(DonneesAction(situation_index=k, quoi=rng.choice(ACTIONS), responsable_id=responsible.id,
                                             responsable=responsible.nom, echeance=(day + timedelta(days=rng.randrange(10, 60))).isoformat()))  # fmt: skip
        else:
            responsible = rng.choice(structures)
            actions.append(DonneesAction(quoi="Mettre à jour l'annuaire partagé du territoire", responsable_id=responsible.id,
                                         responsable=responsible.nom, echeance=(day + timedelta(days=80)).isoformat()))  # fmt: skip
        data = DonneesReunion(
            type=kind, titre=series if kind == "cpp" else "Commission de territoire", serie=series, date=day.isoformat(),
            heure_debut="14:00", heure_fin="16:00" if kind == "cpp" else "17:00",
            lieu="Maison de santé de Laguiole" if kind == "cpp" else "Salle du conseil communautaire, Espalion",
            organisateur="DAC Nord-Aveyron", animateur="Camille Vernhes", secretaire=team[1]["nom"],
            ordre_du_jour=["Suivi des actions", "Situations", "Questions diverses"] if kind == "cpp"
            else ["Point sur l'annuaire partagé", "Conventions en cours", "Journées de l'autonomie"],
            participants=[{**p, "presence": rng.choice(["present", "present", "present", "visio", "excuse"])} for p in team],
            diffusion=["Membres de l'équipe de soins"] if kind == "cpp" else ["Partenaires du territoire"],
            decisions=[rng.choice(DECISIONS)] if kind == "commission" else [],
            statut="tenue", situations=situations, actions=actions,
        )  # fmt: skip
        reunion_id = enregistre_reunion(store, data)
        if day < today - timedelta(days=20):
            valide_reunion(store, reunion_id)
        if n < 6:  # older actions are done; recent ones stay open and show up in the next meeting
            from coordinateur.reunions.service import lit_reunion

            for action in lit_reunion(store, reunion_id).actions:
                if action.id and rng.random() < 0.8:
                    suit_action(
                        store, action.id, statut="fait", fait_le=(day + timedelta(days=5)).isoformat()
                    )
