"""Demo persons followed in the demo territory, with liaison sheets (fictitious names, real places)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from coordinateur.annuaire.models import Intervenant, Structure
from coordinateur.demo import DemoContext, contributor
from coordinateur.personnes.dossier import Dossier, contenu_imprime, controle, empreinte
from coordinateur.personnes.models import FicheLiaison, Personne
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.base import new_uuid
from coordinateur.territoire import communes_du_territoire

TAILLE = {"petite": 80, "grande": 2000}
ALLERGIES = ["Pénicilline — urticaire", "Iode — choc", "Aspirine", "Sulfamides", "Latex", "Arachide — œdème"]
TRAITEMENTS = [
    "Kardégic 75 mg — 1 le midi", "Furosémide 40 mg — 1 le matin", "Lévothyrox 50 µg — 1 le matin à jeun",
    "Metformine 1000 mg — matin et soir", "Doliprane 1 g — si douleur, 3 par jour au plus", "Eliquis 2,5 mg — matin et soir",
    "Bisoprolol 2,5 mg — 1 le matin", "Donépézil 10 mg — 1 le soir", "Insuline Lantus — 18 UI le soir",
]  # fmt: skip
ANTECEDENTS = [
    "Insuffisance cardiaque (2019, hospitalisation)", "Diabète de type 2", "Fracture du col du fémur (2022)",
    "AVC ischémique (2018)", "BPCO", "Maladie d'Alzheimer (2021)", "Cancer du sein (2010, en rémission)",
    "Fibrillation auriculaire", "Insuffisance rénale chronique",
]  # fmt: skip
DISPOSITIFS = [
    "Pacemaker (2020)",
    "Oxygène à domicile 2 L/min",
    "Sonde urinaire",
    "Prothèse de hanche",
    "Appareils auditifs",
]
LIENS = ["fils", "fille", "neveu", "nièce", "voisine", "belle-fille", "époux", "épouse"]


def _phone(ctx: DemoContext, head: str) -> str:
    from coordinateur.referentiels.telephone import normalise_telephone

    while True:
        number = head + "".join(str(ctx.rng.randrange(10)) for _ in range(10 - len(head)))
        if normalise_telephone(number).ok:
            return number


@contributor(20, "personnes")
def demo_personnes(store: Store, ctx: DemoContext) -> None:
    from faker import Faker

    faker = Faker("fr_FR")
    faker.seed_instance(ctx.rng.randrange(1 << 30))
    communes = communes_du_territoire(load_settings(store))
    with store.read() as session:
        pros = session.execute(
            select(Intervenant.id, Intervenant.prenom, Intervenant.nom, Intervenant.profession_code,
                   Intervenant.commune_code, Intervenant.telephones).where(~Intervenant.deleted).limit(5000)
        ).all()  # fmt: skip
        places = session.execute(
            select(
                Structure.id, Structure.nom, Structure.type_code, Structure.commune_code, Structure.telephones
            )
        ).all()
    by_kind: dict[str, list] = {}
    for p in pros:
        by_kind.setdefault(p.profession_code, []).append(p)
    for s in places:
        by_kind.setdefault(s.type_code, []).append(s)
    total = TAILLE[ctx.taille]
    today = date.today()
    batch: list[object] = []
    for n in range(total):
        batch += _person(ctx, faker, communes, by_kind, n, today)
        if len(batch) >= 400 or n == total - 1:
            with store.write() as session:
                session.add_all([r for r in batch if isinstance(r, Personne)])
                session.flush()  # persons before their versions (foreign key)
                session.add_all([r for r in batch if not isinstance(r, Personne)])
            batch = []


def _member(ctx: DemoContext, role: str, candidates: list, structure: bool = False) -> dict | None:
    if not candidates:
        return None
    c = ctx.rng.choice(candidates)
    phone = (c.telephones or [{}])[0].get("numero", "")
    name = c.nom if structure else f"{'Dr ' if role == 'medecin_traitant' else ''}{c.prenom} {c.nom}"
    return {"role": role, "nom": name, "annuaire_id": c.id, "telephone": phone}


def _difficile(dossier: Dossier, n: int, by_kind: dict) -> None:
    """A few persons whose sheet is hard to lay out, as real files are (the same ones in every demo)."""
    # S-0002: a rural address on two lines, a care limitation, confusion at night, a neighbour with the keys
    if n == 1:
        dossier.adresse = "Lieu-dit La Borie Haute, ancienne ferme Cayla"
        dossier.complement = ("après le pont de la Selves, chemin de terre à droite, 2e ferme après le hangar bleu ; "
                              "sonner à la porte de la cuisine")  # fmt: skip
        dossier.vit_seul = True
        dossier.acces = "Porte de la cuisine, côté cour ; le chien est attaché la nuit"
        dossier.contacts.append({"role": "prevenir", "nom": "Odette Fau", "lien": "voisine", "telephone": "06 70 12 34 56",
                                 "ordre": 2, "commentaire": "a les clés, habite la ferme d'en face"})  # fmt: skip
        dossier.fiche["souhaits"]["limitation"] = (
            "pas de réanimation lourde, pas d'intubation (vu avec le médecin traitant)"
        )
        dossier.fiche["sante"]["etat"] = "désorientation la nuit, cherche à sortir ; calme le jour"
        dossier.fiche["risques"]["ne_se_releve_pas"] = True
    elif n == 2:  # S-0003: a care team of every kind
        roles = (("ide", "60"), ("kine", "70"), ("ssiad", "SSIAD"), ("saad", "SAAD"), ("had", "HAD"),
                 ("portage", "CCAS"), ("accueil_jour", "ADJ"), ("dac", "DAC"))  # fmt: skip
        have = {m["role"] for m in dossier.cercle}
        for role, kind in roles:
            if role not in have and by_kind.get(kind):
                c = by_kind[kind][n % len(by_kind[kind])]
                name = c.nom if hasattr(c, "type_code") else f"{c.prenom} {c.nom}"
                dossier.cercle.append({"role": role, "nom": name, "annuaire_id": c.id,
                                       "telephone": (c.telephones or [{}])[0].get("numero", "")})  # fmt: skip
    elif n == 4:  # S-0005: a long prescription and many allergies
        dossier.fiche["sante"]["traitements"] = [*TRAITEMENTS, "Seresta 10 mg — le soir, à écraser dans la compote",
                                                 "Movicol — 1 sachet le matin", "Oxygène 2 L/min la nuit"]  # fmt: skip
        dossier.fiche["sante"]["allergies"] = list(ALLERGIES)
        dossier.fiche["sante"]["antecedents"] = list(ANTECEDENTS)
        dossier.fiche["sante"]["anticoagulant"] = True
    elif n == 5:  # S-0006: almost nothing known yet
        dossier.adresse = dossier.acces = dossier.animaux = dossier.teleassistance = dossier.telephone = ""
        dossier.vit_seul = None
        dossier.cercle = []
        dossier.fiche = {"souhaits": {}}


def _person(
    ctx: DemoContext, faker: object, communes: list, by_kind: dict, n: int, today: date
) -> list[object]:
    rng = ctx.rng
    female = rng.random() < 0.68
    commune = rng.choice(communes)
    born = today - timedelta(days=rng.randrange(70 * 365, 98 * 365))
    nom = faker.last_name()  # type: ignore[attr-defined]
    prenom = faker.first_name_female() if female else faker.first_name_male()  # type: ignore[attr-defined]
    enfant = faker.first_name()  # type: ignore[attr-defined]
    contacts = [
        {
            "role": "prevenir",
            "nom": f"{enfant} {nom}",
            "lien": rng.choice(LIENS),
            "telephone": _phone(ctx, "06"),
            "ordre": 1,
        }
    ]
    if rng.random() < 0.6:
        contacts.append({"role": "confiance", "nom": f"{faker.first_name()} {faker.last_name()}",  # type: ignore[attr-defined]
                         "lien": rng.choice(LIENS), "telephone": _phone(ctx, "0565"), "ordre": 2})  # fmt: skip
    if rng.random() < 0.12:
        contacts.append({"role": "representant", "nom": "UDAF de l'Aveyron (démonstration)", "mesure": rng.choice(["tutelle", "curatelle"]),
                         "telephone": _phone(ctx, "0565"), "ordre": 3})  # fmt: skip
    cercle = [m for m in (
        _member(ctx, "medecin_traitant", by_kind.get("10", [])), _member(ctx, "ide", by_kind.get("60", [])),
        _member(ctx, "pharmacie", by_kind.get("PHARMA", []), True),
        _member(ctx, "saad", by_kind.get("SAAD", []), True) if rng.random() < 0.6 else None,
        _member(ctx, "ssiad", by_kind.get("SSIAD", []), True) if rng.random() < 0.4 else None,
    ) if m]  # fmt: skip
    fiche = {
        "sante": {"allergies": rng.sample(ALLERGIES, rng.choice([0, 0, 1, 2])), "traitements": rng.sample(TRAITEMENTS, rng.randrange(1, 6)),
                  "anticoagulant": rng.random() < 0.3, "antecedents": rng.sample(ANTECEDENTS, rng.randrange(1, 4)),
                  "dispositifs": rng.sample(DISPOSITIFS, rng.choice([0, 0, 1])), "soins_palliatifs": rng.random() < 0.04},
        "autonomie": {"aides_techniques": rng.sample(["canne", "déambulateur", "fauteuil roulant", "lit médicalisé"], rng.randrange(0, 3))},
        "risques": {"ne_se_releve_pas": rng.random() < 0.3, "chutes": rng.random() < 0.35, "fausse_route": rng.random() < 0.1,
                    "errance": rng.random() < 0.08},
        "souhaits": {"directives": rng.random() < 0.4, "directives_lieu": "tiroir de la commode de la chambre", "hopital": "Hôpital d'Espalion"},
        "annexes": {"ordonnances": True, "carte_vitale": rng.random() < 0.7},
    }  # fmt: skip
    opposition = (
        {
            "active": True,
            "date": (today - timedelta(days=40)).isoformat(),
            "motif": "ne souhaite pas que ses informations circulent",
        }
        if n == 7
        else {}
    )
    dossier = Dossier(
        civilite="Mme" if female else "M.", nom_naissance=nom, prenoms_naissance=prenom, date_naissance=born.isoformat(),
        sexe="F" if female else "M", ins_statut="VALI" if rng.random() < 0.5 else "PROV", adresse=f"{rng.randrange(1, 40)} {faker.street_name()}",  # type: ignore[attr-defined]
        code_postal=commune.code_postal, commune_code=commune.code, telephone=_phone(ctx, "0565"), vit_seul=rng.random() < 0.5,
        acces=rng.choice(["Clé dans la boîte à clés (code 1234)", "Porte ouverte en journée", "Clé chez la voisine du n° 3", ""]),
        animaux=rng.choice(["", "", "un chat", "un chien"]), teleassistance=rng.choice(["", "Présence Verte", "Filien ADMR"]),
        contacts=contacts, cercle=cercle, gir=rng.choice([2, 3, 3, 4, 4, 4, 5, 6]),
        gir_date=(today - timedelta(days=rng.randrange(30, 600))).isoformat(), statut="suivie",
        date_dernier_contact=(today - timedelta(days=rng.randrange(0, 200))).isoformat(),
        code_situation=f"S-{n + 1:04d}", partage={"base": "equipe", "opposition": opposition,
                                                 "information": {"date": (today - timedelta(days=300)).isoformat(), "par": "Camille Vernhes", "notice_remise": True}},
        fiche=fiche,
    )  # fmt: skip
    _difficile(dossier, n, by_kind)
    dossier, problemes = controle(dossier)
    assert not [p for p in problemes if p.bloquant], problemes
    person = Personne(
        id=new_uuid(),
        **{k: v for k, v in dossier.__dict__.items() if k != "id"},
        empreinte=empreinte(dossier),
    )
    out: list[object] = [person]
    if n % 10 != 9:  # one in ten never validated
        validated = datetime.now(UTC) - timedelta(days=rng.randrange(10, 330))
        out.append(FicheLiaison(
            personne_id=person.id, numero=1, valide_le=validated.isoformat(timespec="seconds"), valide_par="Camille Vernhes",
            prochaine_revue=(validated.date() + timedelta(days=365)).isoformat(), contenu=contenu_imprime(dossier),
            empreinte=empreinte(dossier), exemplaires=["domicile", "médecin traitant"],
        ))  # fmt: skip
        if n % 10 == 3:  # the treatment changed since the printed version: out of date
            dossier.fiche["sante"]["traitements"] = [
                *dossier.fiche["sante"]["traitements"],
                "Seresta 10 mg — le soir",
            ]
            person.fiche = dossier.fiche
            person.empreinte = empreinte(dossier)
    return out
