"""Demo directory: ~60 structures and ~300 intervenants in the demo territory (50,000 with --taille grande).

Names come from Faker (fr_FR) and are fictitious; communes, postcodes and EPCI are real; identifiers carry
valid keys so that forms and imports behave as with real data.
"""

from __future__ import annotations

from datetime import date, timedelta

from stdnum import luhn

from coordinateur.annuaire import index
from coordinateur.annuaire.fiches import FicheStructure, controle
from coordinateur.annuaire.models import Intervenant, Structure
from coordinateur.annuaire.service import apply_fiche
from coordinateur.demo import DemoContext, contributor
from coordinateur.referentiels.cog import Commune
from coordinateur.referentiels.telephone import normalise_telephone
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.territoire import communes_du_territoire
from coordinateur.text import de, fold

TAILLE_INTERVENANTS = {"petite": 300, "grande": 50_000}

# (profession code, weight, attached structure type or None, mode d'exercice)
PROFESSIONS = [
    ("60", 26, "CAB_IDE", "L"), ("10", 12, "MSP", "L"), ("70", 8, None, "L"), ("21", 6, "PHARMA", "L"),
    ("AIDE_DOM", 16, "SAAD", "S"), ("AUX_VIE", 8, "SAAD", "S"), ("AS", 8, "SSIAD", "S"), ("91", 3, None, "L"),
    ("93", 2, None, "L"), ("80", 2, None, "L"), ("ASS", 3, "CCAS", "S"), ("MJPM", 1, "MJPM", "S"),
    ("GEST_CAS", 1, "DAC", "S"), ("94", 1, "SSIAD", "S"), ("IDEC", 1, "SSIAD", "S"), ("SECOURS", 2, "SDIS", "S"),
]  # fmt: skip

# (type, how many per EPCI, name pattern) — fictitious names on real places.
STRUCTURES = [
    ("SSIAD", 1, "SSIAD {lieu}"), ("SAAD", 2, "Aide à domicile {lieu}"), ("EHPAD", 2, "EHPAD Les Tilleuls {de_ville}"),
    ("CAB_IDE", 3, "Cabinet infirmier {de_ville}"), ("PHARMA", 3, "Pharmacie {de_ville}"), ("MSP", 1, "Maison de santé {de_ville}"),
    ("CCAS", 1, "CIAS {lieu}"), ("SDIS", 1, "Centre de secours {de_ville}"), ("ADJ", 1, "Accueil de jour {de_ville}"),
    ("RA", 1, "Résidence autonomie {de_ville}"),
]  # fmt: skip
TERRITORY_WIDE = [
    ("DAC", "DAC Nord-Aveyron (démonstration)"), ("HAD", "HAD du Nord-Aveyron (démonstration)"),
    ("CH", "Centre hospitalier de la vallée du Lot (démonstration)"), ("MJPM", "Service mandataire Aveyron Tutelles (démonstration)"),
    ("PFR", "Plateforme de répit des aidants (démonstration)"), ("CPTS", "CPTS Nord-Aveyron (démonstration)"),
]  # fmt: skip


def _luhn_number(prefix: str, length: int, ctx: DemoContext) -> str:
    body = prefix + "".join(str(ctx.rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def _siret(ctx: DemoContext) -> str:
    body = _luhn_number("", 9, ctx) + "".join(str(ctx.rng.randrange(10)) for _ in range(4))
    return body + luhn.calc_check_digit(body)


def _phone(ctx: DemoContext, mobile: bool) -> str:
    """A number in an allocated range (06 mobiles, 05 65 fixed lines of Aveyron)."""
    head = "06" if mobile else "0565"
    while True:
        number = head + "".join(str(ctx.rng.randrange(10)) for _ in range(10 - len(head)))
        if normalise_telephone(number).ok:
            return number


def _checked(ctx: DemoContext) -> str:
    return (date.today() - timedelta(days=ctx.rng.randrange(0, 700))).isoformat()


def _address(ctx: DemoContext, faker: object) -> str:
    return f"{ctx.rng.randrange(1, 60)} {faker.street_name()}"  # type: ignore[attr-defined]


def _structures(ctx: DemoContext, communes: list[Commune], faker: object) -> list[Structure]:
    by_epci: dict[str, list[Commune]] = {}
    for commune in communes:
        by_epci.setdefault(commune.epci_code or "", []).append(commune)
    records = []

    def make(type_code: str, nom: str, commune: Commune, zone_epcis: list[str]) -> None:
        fiche = FicheStructure(
            nom=nom, type_code=type_code, adresse=_address(ctx, faker), commune_code=commune.code,
            code_postal=commune.code_postal, telephones=[{"type": "fixe", "numero": _phone(ctx, False)}],
            email=f"contact@{type_code.lower()}-{commune.code}.example.fr", zone_epcis=zone_epcis,
            finess_et=_luhn_number("12", 9, ctx) if type_code not in ("CCAS", "SDIS", "CPTS", "DAC", "PFR") else "",
            siret=_siret(ctx), date_verification=_checked(ctx), source="saisie",
            publics=["pa"] if type_code in ("EHPAD", "RA", "ADJ", "SSIAD") else ["pa", "ph"],
            horaires="Du lundi au vendredi, 8 h 30 – 17 h" if type_code not in ("SDIS", "EHPAD") else "24 h / 24",
        )  # fmt: skip
        checked, problemes = controle(fiche)
        assert not [p for p in problemes if p.bloquant], problemes
        record = Structure()
        apply_fiche(record, checked)
        records.append(record)

    for epci_code, members in sorted(by_epci.items()):
        members = sorted(members, key=lambda c: -(c.population or 0))
        lieu = (members[0].epci_nom or members[0].nom).replace("CC ", "").replace("CA ", "")
        for type_code, count, pattern in STRUCTURES:
            for n in range(count):
                commune = members[n % len(members)]
                make(
                    type_code,
                    pattern.format(lieu=lieu, de_ville=de(commune.nom)),
                    commune,
                    [epci_code] if epci_code else [],
                )
    biggest = max(communes, key=lambda c: c.population or 0)
    all_epcis = sorted({c.epci_code for c in communes if c.epci_code})
    for type_code, nom in TERRITORY_WIDE:
        make(type_code, nom, biggest, all_epcis)
    return records


@contributor(10, "annuaire")
def demo_annuaire(store: Store, ctx: DemoContext) -> None:
    from faker import Faker

    faker = Faker("fr_FR")
    faker.seed_instance(ctx.rng.randrange(1 << 30))
    communes = communes_du_territoire(load_settings(store))
    weights = [w for _c, w, _s, _m in PROFESSIONS]
    total = TAILLE_INTERVENANTS[ctx.taille]
    with store.write() as session:
        structures = _structures(ctx, communes, faker)
        session.add_all(structures)
        session.flush()
        index.reindex(session, structures)
        by_type: dict[str, list[Structure]] = {}
        for s in structures:
            by_type.setdefault(s.type_code, []).append(s)
    batch: list[Intervenant] = []
    for n in range(total):
        code, _w, structure_type, mode = ctx.rng.choices(PROFESSIONS, weights)[0]
        commune = ctx.rng.choice(communes)
        female = ctx.rng.random() < 0.7
        prenom = faker.first_name_female() if female else faker.first_name_male()
        nom = faker.last_name()
        attached = [
            s
            for s in by_type.get(structure_type or "", [])
            if s.commune_code == commune.code or (s.zone_epcis and commune.epci_code in s.zone_epcis)
        ]
        record = Intervenant(
            civilite="Dr" if code in ("10", "40") else ("Mme" if female else "M."), nom=nom, prenom=prenom,
            profession_code=code, specialite="Médecine générale" if code == "10" else "", mode_exercice=mode,
            rpps=_luhn_number("10", 11, ctx) if code in ("10", "21", "40", "50", "60", "70", "80", "91", "93", "94") else "",
            adeli="", structure_ids=[ctx.rng.choice(attached).id] if attached else [],
            telephones=[{"type": "mobile", "numero": "+33" + _phone(ctx, True)[1:]}]
            + ([{"type": "fixe", "numero": "+33" + _phone(ctx, False)[1:]}] if ctx.rng.random() < 0.5 else []),
            email=f"{faker.user_name()}{n}@example.fr", mssante=f"{fold(prenom)}.{fold(nom)}@demo.mssante.fr".replace(" ", "-") if code in ("10", "60") else "",
            adresse=_address(ctx, faker), complement="", code_postal=commune.code_postal, commune_code=commune.code,
            zone_communes=sorted({c.code for c in ctx.rng.sample(communes, k=min(4, len(communes)))} | {commune.code}),
            zone_epcis=[commune.epci_code] if code in ("AIDE_DOM", "AUX_VIE", "AS") and commune.epci_code else [],
            horaires="", notes="", source="saisie", source_ref="", date_verification=_checked(ctx), actif=ctx.rng.random() > 0.03,
        )  # fmt: skip
        batch.append(record)
        if len(batch) == 2000 or n == total - 1:
            with store.write() as session:
                session.add_all(batch)
                session.flush()
                index.reindex(session, batch)
            batch = []
            ctx.on_progress(n + 1, total)
