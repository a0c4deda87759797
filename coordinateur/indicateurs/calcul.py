"""Computing every indicator for a period and a part of the territory, from the data already held.

Definitions (codes, labels, groups, what is counted) are data: `resources/indicateurs/definitions.json`,
versioned. Each figure comes with the records behind it (`Ligne`), which the screen opens on a click.

Where a record is placed for the territory filter: a person by their commune; a meeting by the communes of
the persons whose situations it examined (a meeting without situations — a commission — counts only for
the whole territory); an action and a participant by their meeting; a convention by its partners'
communes; an event and a structure by their commune.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coordinateur.annuaire.models import Intervenant, Structure
from coordinateur.indicateurs.models import Convention, Evenement
from coordinateur.indicateurs.periodes import Periode, Territoire
from coordinateur.personnes.models import FicheLiaison, Personne
from coordinateur.referentiels.cog import referentiel
from coordinateur.reunions.models import Action, Reunion, Situation
from coordinateur.store.clock import jour_local
from coordinateur.text import date_fr, fold
from resources import resource_path

if TYPE_CHECKING:
    from coordinateur.store import Store

TENUES = ("tenue", "validee")
PRESENTS = ("present", "visio")


@dataclass(frozen=True)
class Definition:
    code: str
    groupe: str
    unite: str  # "nombre" or "pourcentage"
    libelle: str
    definition: str
    court: str = ""  # a short label for charts


@dataclass(frozen=True)
class Definitions:
    version: str
    groupes: dict[str, str]
    indicateurs: tuple[Definition, ...]


@cache
def definitions() -> Definitions:
    raw = json.loads(resource_path("indicateurs", "definitions.json").read_text(encoding="utf-8"))
    return Definitions(
        raw["version"], dict(raw["groupes"]), tuple(Definition(**d) for d in raw["indicateurs"])
    )


@dataclass(frozen=True)
class Ligne:
    """One record behind a figure: what it is, its date or place, and how to find it again."""

    genre: str  # "reunion", "situation", "action", "convention", "evenement", "personne", "structure"…
    id: str
    libelle: str
    detail: str = ""


@dataclass
class Valeur:
    definition: Definition
    valeur: float
    # the records behind the figure, or how to list them when asked (long lists are built on demand)
    source: list[Ligne] | Callable[[], list[Ligne]] = field(default_factory=list, repr=False)

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def lignes(self) -> list[Ligne]:
        if callable(self.source):
            self.source = self.source()
        return self.source


def _jour(iso: str) -> str:
    return date_fr(iso, "")


class _Donnees:
    """What the indicators read, loaded once per computation with column selects."""

    def __init__(self, session: Any) -> None:
        self.personnes = {r.id: r for r in session.execute(select(
            Personne.id, Personne.nom_usage, Personne.nom_naissance, Personne.prenom_usage, Personne.prenoms_naissance,
            Personne.commune_code, Personne.statut, Personne.date_dernier_contact, Personne.created_at,
            Personne.empreinte,
        ).where(~Personne.deleted))}  # fmt: skip
        self.versions = session.execute(
            select(FicheLiaison.personne_id, FicheLiaison.numero, FicheLiaison.valide_le, FicheLiaison.prochaine_revue,
                   FicheLiaison.empreinte)
        ).all()  # fmt: skip
        self.reunions = {r.id: r for r in session.execute(
            select(Reunion.id, Reunion.titre, Reunion.type, Reunion.date, Reunion.statut, Reunion.participants)
            .where(~Reunion.deleted))}  # fmt: skip
        self.situations = session.execute(
            select(Situation.id, Situation.reunion_id, Situation.personne_id, Situation.code).where(
                ~Situation.deleted
            )
        ).all()
        self.actions = session.execute(
            select(Action.id, Action.reunion_id, Action.quoi, Action.statut, Action.echeance, Action.fait_le,
                   Action.responsable).where(~Action.deleted)
        ).all()  # fmt: skip
        self.conventions = session.execute(
            select(Convention.id, Convention.titre, Convention.genre, Convention.partenaires, Convention.signee_le)
            .where(~Convention.deleted)
        ).all()  # fmt: skip
        self.evenements = session.execute(
            select(Evenement.id, Evenement.titre, Evenement.genre, Evenement.date, Evenement.commune_code,
                   Evenement.nb_participants, Evenement.participants).where(~Evenement.deleted)
        ).all()  # fmt: skip
        self.structures = {r.id: r for r in session.execute(select(
            Structure.id, Structure.nom, Structure.type_code, Structure.commune_code, Structure.zone_communes,
            Structure.zone_epcis, Structure.actif, Structure.outils_partages_le, Structure.date_verification,
        ).where(~Structure.deleted))}  # fmt: skip
        self.intervenants = session.execute(
            select(Intervenant.id, Intervenant.nom, Intervenant.prenom, Intervenant.commune_code,
                   Intervenant.date_verification).where(~Intervenant.deleted, Intervenant.actif)
        ).all()  # fmt: skip
        # the communes each meeting is placed in, through the persons of its situations
        self.communes_reunion: dict[str, set[str]] = defaultdict(set)
        for s in self.situations:
            person = self.personnes.get(s.personne_id or "")
            if person is not None and person.commune_code:
                self.communes_reunion[s.reunion_id].add(person.commune_code)

    def nom(self, personne_id: str) -> str:
        p = self.personnes.get(personne_id)
        if p is None:
            return "—"
        prenom = p.prenom_usage or (p.prenoms_naissance.split()[0] if p.prenoms_naissance else "")
        return f"{(p.nom_usage or p.nom_naissance).upper()} {prenom}".strip()


class _Calcul:
    def __init__(self, data: _Donnees, periode: Periode, territoire: Territoire, aujourdhui: date) -> None:
        self.d = data
        self.p = periode
        self.t = territoire
        self.ref = periode.reference(aujourdhui).isoformat()
        # A period not over looks at the sheets as they are today, as the Personnes screen does.
        self.en_cours = periode.fin >= aujourdhui

    # -- placing records in the territory ---------------------------------------------------------------

    def reunion_ici(self, reunion_id: str) -> bool:
        return self.t.tout or bool(self.d.communes_reunion.get(reunion_id, set()) & self.t.communes)

    def tenues(self, types: tuple[str, ...] | None = None) -> list[Any]:
        return sorted((r for r in self.d.reunions.values()
                       if r.statut in TENUES and self.p.contient(r.date) and (types is None or r.type in types)
                       and self.reunion_ici(r.id)), key=lambda r: r.date)  # fmt: skip

    @staticmethod
    def ligne_reunion(r: Any) -> Ligne:
        return Ligne("reunion", r.id, r.titre, _jour(r.date))

    def convention_ici(self, c: Any) -> bool:
        return self.t.tout or any(
            self.t.contient(s.commune_code) for pid in c.partenaires if (s := self.d.structures.get(pid))
        )

    # -- the indicators ---------------------------------------------------------------------------------

    def commissions_territoire(self) -> list[Ligne]:
        return [self.ligne_reunion(r) for r in self.tenues(("commission",))]

    def reunions_professionnels(self) -> list[Ligne]:
        return [self.ligne_reunion(r) for r in self.tenues()]

    def _conventions(self, genre: str | None) -> list[Ligne]:
        rows = [c for c in self.d.conventions if self.p.contient(c.signee_le) and (genre is None or c.genre == genre)
                and self.convention_ici(c)]  # fmt: skip
        return [
            Ligne("convention", c.id, c.titre, _jour(c.signee_le))
            for c in sorted(rows, key=lambda c: c.signee_le)
        ]

    def conventions_mutualisation(self) -> list[Ligne]:
        return self._conventions("mutualisation")

    def conventions_signees(self) -> list[Ligne]:
        return self._conventions(None)

    def etablissements_outils_partages(self) -> list[Ligne]:
        fin = self.p.fin.isoformat()
        rows = [s for s in self.d.structures.values()
                if s.outils_partages_le and s.outils_partages_le <= fin and self.t.contient(s.commune_code)]  # fmt: skip
        return [Ligne("structure", s.id, s.nom, f"noté le {_jour(s.outils_partages_le)}")
                for s in sorted(rows, key=lambda s: s.nom)]  # fmt: skip

    def journees_autonomie(self) -> list[Ligne]:
        rows = [e for e in self.d.evenements if self.p.contient(e.date) and self.t.contient(e.commune_code)]
        ref = referentiel()
        return [Ligne("evenement", e.id, e.titre, f"{_jour(e.date)}, {self._lieu(ref, e.commune_code)}"
                      f"{self._participants(e)}") for e in sorted(rows, key=lambda e: e.date)]  # fmt: skip

    @staticmethod
    def _lieu(ref: Any, code: str) -> str:
        commune = ref.commune(code) if code else None
        return commune.nom if commune else "lieu non précisé"

    @staticmethod
    def _participants(e: Any) -> str:
        count = max(e.nb_participants or 0, len(e.participants or []))
        return f", {count} participant(s)" if count else ""

    def situations_discutees(self) -> list[Ligne]:
        held = {r.id: r for r in self.tenues()}
        rows = []
        for s in self.d.situations:
            r = held.get(s.reunion_id)
            if r is None:
                continue
            person = self.d.personnes.get(s.personne_id or "")
            if not self.t.tout and (person is None or person.commune_code not in self.t.communes):
                continue
            who = self.d.nom(s.personne_id) if s.personne_id else (s.code or "situation sans dossier")
            rows.append(Ligne("situation", s.id, who, f"{r.titre}, {_jour(r.date)}"))
        return rows

    def _actions_des_reunions(self) -> list[tuple[Any, Any]]:
        return [(a, r) for a in self.d.actions if (r := self.d.reunions.get(a.reunion_id)) is not None
                and self.reunion_ici(r.id)]  # fmt: skip

    def actions_ouvertes(self) -> list[Ligne]:
        return [Ligne("action", a.id, a.quoi, f"{r.titre}, {_jour(r.date)}") for a, r in self._actions_des_reunions()
                if a.statut != "abandonne" and r.statut in TENUES and self.p.contient(r.date)]  # fmt: skip

    def actions_faites(self) -> list[Ligne]:
        return [Ligne("action", a.id, a.quoi, f"faite le {_jour(a.fait_le)}") for a, _r in self._actions_des_reunions()
                if a.statut == "fait" and self.p.contient(a.fait_le)]  # fmt: skip

    def actions_en_retard(self) -> list[Ligne]:
        ref = self.ref
        rows = []
        for a, r in self._actions_des_reunions():
            if a.statut == "abandonne" or not a.echeance or r.date > ref or a.echeance >= ref:
                continue
            done_by_then = a.statut == "fait" and a.fait_le and a.fait_le <= ref
            if not done_by_then:
                rows.append(Ligne("action", a.id, a.quoi, f"échéance {_jour(a.echeance)} — {a.responsable}"))
        return rows

    def professionnels_rencontres(self) -> list[Ligne]:
        seen: dict[str, Ligne] = {}
        for r in self.tenues():
            for p in r.participants or []:
                if p.get("presence") not in PRESENTS or not (p.get("nom") or "").strip():
                    continue
                key = p.get("annuaire_id") or fold(p["nom"])
                if key not in seen:
                    seen[key] = Ligne("participant", p.get("annuaire_id") or "", p["nom"].strip(),
                                      f"{p.get('qualite') or ''} — {r.titre}, {_jour(r.date)}".strip(" —"))  # fmt: skip
        return sorted(seen.values(), key=lambda line: fold(line.libelle))

    def _suivies(self) -> list[Any]:
        fin, debut = self.p.fin.isoformat(), self.p.debut.isoformat()
        rows = []
        for p in self.d.personnes.values():
            created = jour_local(p.created_at)
            if (created and created > fin) or not self.t.contient(p.commune_code):
                continue
            contact = p.date_dernier_contact or ""
            if p.statut == "suivie" or (contact and debut <= contact):
                rows.append(p)
        return rows

    def personnes_suivies(self) -> list[Ligne]:
        ref = referentiel()
        return sorted((Ligne("personne", p.id, self.d.nom(p.id), self._lieu(ref, p.commune_code)) for p in self._suivies()),
                      key=lambda line: fold(line.libelle))  # fmt: skip

    def fiches_validees(self) -> list[Ligne]:
        return [Ligne("personne", v.personne_id, self.d.nom(v.personne_id), f"version {v.numero}, {_jour(v.valide_le)}")
                for v in self.d.versions if self.p.contient(v.valide_le)
                and v.personne_id in self.d.personnes and self.t.contient(self.d.personnes[v.personne_id].commune_code)]  # fmt: skip

    def _etat_fiches(self) -> tuple[list[Ligne], list[Ligne]]:
        latest: dict[str, Any] = {}
        for v in self.d.versions:
            if v.valide_le[:10] <= self.ref and (
                v.personne_id not in latest or v.numero > latest[v.personne_id].numero
            ):
                latest[v.personne_id] = v
        up, out = [], []
        for p in self._suivies():
            v = latest.get(p.id)
            if v is None:
                out.append(Ligne("personne", p.id, self.d.nom(p.id), "jamais validée"))
            elif v.prochaine_revue < self.ref:
                out.append(
                    Ligne(
                        "personne",
                        p.id,
                        self.d.nom(p.id),
                        f"périmée : revue dépassée depuis le {_jour(v.prochaine_revue)}",
                    )
                )
            elif self.en_cours and v.empreinte != p.empreinte:
                out.append(
                    Ligne(
                        "personne",
                        p.id,
                        self.d.nom(p.id),
                        "périmée : données modifiées depuis la version imprimée",
                    )
                )
            else:
                up.append(
                    Ligne("personne", p.id, self.d.nom(p.id), f"revue prévue le {_jour(v.prochaine_revue)}")
                )
        return up, out

    def fiches_a_jour(self) -> list[Ligne]:
        return self._etat_fiches()[0]

    def fiches_perimees(self) -> list[Ligne]:
        return self._etat_fiches()[1]

    def annuaire_a_jour(self) -> tuple[float, Callable[[], list[Ligne]]]:
        limit = (date.fromisoformat(self.ref) - timedelta(days=365)).isoformat()
        here = [i for i in self.d.intervenants if self.t.contient(i.commune_code)]
        places = [s for s in self.d.structures.values() if s.actif and self.t.contient(s.commune_code)]
        stale = [r for r in (*here, *places) if not r.date_verification or r.date_verification < limit]
        total = len(here) + len(places)
        share = round(100 * (total - len(stale)) / total, 1) if total else 0.0

        def lines() -> list[Ligne]:  # tens of thousands in a large directory: built only when asked
            found = []
            for r in stale:
                structure = hasattr(r, "type_code")
                name = r.nom if structure else f"{r.nom.upper()} {r.prenom}".strip()
                checked = (
                    f"vérifiée le {_jour(r.date_verification)}" if r.date_verification else "jamais vérifiée"
                )
                found.append(Ligne("structure" if structure else "intervenant", r.id, name, checked))
            return sorted(found, key=lambda line: fold(line.libelle))

        return share, lines

    def _sans(self, types: tuple[str, ...]) -> list[Ligne]:
        ref = referentiel()
        covered: set[str] = set()
        for s in self.d.structures.values():
            if s.actif and s.type_code in types:
                covered.add(s.commune_code)
                covered.update(s.zone_communes or [])
                for epci in s.zone_epcis or []:
                    covered.update(c.code for c in ref.communes_epci(epci))
        missing = [c for code in self.t.communes if code not in covered and (c := ref.commune(code))]
        return [
            Ligne("commune", c.code, c.nom, c.epci_nom or "") for c in sorted(missing, key=lambda c: c.nom)
        ]

    def communes_sans_saad(self) -> list[Ligne]:
        return self._sans(("SAAD", "SPASAD"))

    def communes_sans_ssiad(self) -> list[Ligne]:
        return self._sans(("SSIAD", "SPASAD"))


def calcule(
    store: Store, periode: Periode, territoire: Territoire, *, aujourdhui: date | None = None
) -> list[Valeur]:
    """Every indicator of the definitions, in their order, with the records behind each figure."""
    with store.read() as session:
        data = _Donnees(session)
    return calcule_depuis(data, periode, territoire, aujourdhui=aujourdhui)


def calcule_depuis(
    data: _Donnees, periode: Periode, territoire: Territoire, *, aujourdhui: date | None = None
) -> list[Valeur]:
    calcul = _Calcul(data, periode, territoire, aujourdhui or date.today())
    results = []
    for definition in definitions().indicateurs:
        method: Callable[[], Any] = getattr(calcul, definition.code)
        outcome = method()
        if isinstance(outcome, tuple):
            value, lines = outcome
            results.append(Valeur(definition, value, lines))
        else:
            results.append(Valeur(definition, len(outcome), outcome))
    return results


def calcule_avec_precedente(
    store: Store, periode: Periode, territoire: Territoire, *, aujourdhui: date | None = None
) -> tuple[list[Valeur], list[Valeur]]:
    """The period and the one before it, from one read of the store."""
    with store.read() as session:
        data = _Donnees(session)
    return (calcule_depuis(data, periode, territoire, aujourdhui=aujourdhui),
            calcule_depuis(data, periode.precedente(), territoire, aujourdhui=aujourdhui))  # fmt: skip
