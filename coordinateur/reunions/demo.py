"""A year of demo meetings: a monthly concertation series at a health centre and quarterly territorial
commissions, with situations about demo persons and actions that follow from one meeting to the next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

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


def _cas_difficiles(store: Store) -> list[str]:
    """Persons whose names and lives are written the way they are in the field: a married name over a
    birth name, a hyphenated first name with an apostrophe name, a two-letter surname, a lieu-dit with
    directions, a son with his mobile, a neighbour in the care circle."""
    from coordinateur.personnes.dossier import Dossier
    from coordinateur.personnes.service import enregistre_personne

    dossiers = [
        Dossier(civilite="Mme", nom_naissance="Bessière", nom_usage="Rouquette", prenoms_naissance="Marthe Léonie",
                date_naissance="1933-05-01", sexe="F", adresse="Lieu-dit la Borie Haute",
                complement="après le pont de la Selves, deuxième maison à gauche", code_postal="12210", commune_code="12119",
                telephone="05 65 44 12 12", vit_seul=True,
                contacts=[{"role": "prevenir", "nom": "Jean-Luc Rouquette", "lien": "fils", "telephone": "06 12 34 56 78",
                           "ordre": 1, "commentaire": "a les clés"}],
                cercle=[{"role": "autre", "nom": "Mme Poujol (voisine)", "telephone": "05 65 44 30 31"}],
                partage={"base": "equipe"}),
        Dossier(civilite="M.", nom_naissance="Le", prenoms_naissance="Minh", date_naissance="1942-02-03", sexe="M",
                adresse="7 impasse des Tilleuls", code_postal="12500", commune_code="12096", telephone="05 65 48 21 09",
                contacts=[{"role": "aidant", "nom": "Thi Hoa Le", "lien": "épouse", "telephone": "06 48 25 11 90", "ordre": 1}],
                partage={"base": "equipe"}),
        Dossier(civilite="Mme", nom_naissance="d'Arsonval", prenoms_naissance="Marie-Claire Élise",
                date_naissance="1938-03-12", sexe="F", adresse="Hameau de Cabrespine", code_postal="12210",
                commune_code="12119", contacts=[{"role": "confiance", "nom": "Noémie Vayssade", "lien": "nièce",
                                                  "telephone": "06 71 02 33 48", "ordre": 1}],
                partage={"base": "equipe"}),
    ]  # fmt: skip
    return [enregistre_personne(store, d)[0] for d in dossiers]


def _rcp_des_cas_difficiles(store: Store, day: date, team: list[dict], structures: Sequence[Any]) -> None:
    """An RCP written as coordinators write: names in the title and agenda, relatives, phones, a birth
    date, a lieu-dit in the syntheses. The partner minutes must carry none of it."""
    rouquette, le, arsonval = _cas_difficiles(store)
    ssiad = next((s for s in structures if "SSIAD" in s.nom), structures[0])
    data = DonneesReunion(
        type="rcp", titre="RCP — situations de Mme Rouquette, M. LE et Mme D'ARSONVAL", date=day.isoformat(),
        heure_debut="10:00", heure_fin="11:30", lieu="Maison de santé de Laguiole", organisateur="DAC Nord-Aveyron",
        animateur="Camille Vernhes", secretaire=team[1]["nom"],
        ordre_du_jour=["Situation de Mme Rouquette (née Bessière)", "M. Minh Le : retour d'hospitalisation",
                       "Marie-Claire d'Arsonval : refus d'aide"],
        participants=[{**p, "presence": "present"} for p in team[:5]],
        situations=[
            DonneesSituation(
                personne_id=rouquette, referent=team[0]["nom"],
                question="Marthe Rouquette, née le 01/05/1933, peut-elle rester seule au lieu-dit la Borie Haute ?",
                synthese={"medical": "Chute en octobre ; Mme ROUQUETTE refuse le déambulateur.",
                          "social": "Son fils Jean-Luc (06 12 34 56 78) passe le soir ; la voisine, Mme Poujol, a un double des clés.",
                          "environnemental": "Accès difficile l'hiver après le pont de la Selves."},
                decision="Passages du SSIAD matin et soir ; Jean-Luc Rouquette prévient le SSIAD de ses absences.",
                informee=True, informee_le=day.isoformat(), informee_par=team[0]["nom"],
            ),
            DonneesSituation(
                personne_id=le, referent=team[0]["nom"], question="Retour à domicile de M. Le après l'hospitalisation ?",
                synthese={"medical": "M. LE Minh sort de cardiologie, traitement modifié.",
                          "social": "Son épouse Thi Hoa Le est épuisée ; joignable au 06 48 25 11 90."},
                decision="Portage de repas et relais de l'aidante : Mme Le sera appelée par la plateforme de répit.",
            ),
            DonneesSituation(
                personne_id=arsonval, referent=team[0]["nom"],
                question="Marie-Claire D'ARSONVAL refuse toute aide : comment garder le lien ?",
                synthese={"psychologique": "Méfiante ; sa nièce Noémie est la seule personne qu'elle reçoit.",
                          "social": "Vit au hameau de Cabrespine ; sa cousine Sandrine passe parfois."},
                decision="Visite conjointe avec la nièce de Mme d'Arsonval.",
            ),
        ],
        decisions=["Revoir la situation de Mme Rouquette à la prochaine RCP."],
        actions=[DonneesAction(situation_index=0, quoi="Appeler Jean-Luc Rouquette pour organiser les passages",
                               responsable_id=ssiad.id, responsable=ssiad.nom, echeance=(day + timedelta(days=10)).isoformat()),
                 DonneesAction(situation_index=1, quoi="Proposer le relais à l'épouse de M. Le",
                               responsable_id=ssiad.id, responsable=ssiad.nom, echeance=(day + timedelta(days=15)).isoformat())],
        statut="tenue",
    )  # fmt: skip
    enregistre_reunion(store, data)


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
        if n == 0:
            _rcp_des_cas_difficiles(store, today - timedelta(days=6), team, structures)
        if day < today - timedelta(days=20):
            valide_reunion(store, reunion_id)
        if n < 6:  # older actions are done; recent ones stay open and show up in the next meeting
            from coordinateur.reunions.service import lit_reunion

            for action in lit_reunion(store, reunion_id).actions:
                if action.id and rng.random() < 0.8:
                    suit_action(
                        store, action.id, statut="fait", fait_le=(day + timedelta(days=5)).isoformat()
                    )
