"""What the fridge sheet says, box by box, each line with how vital it is (no layout here).

A line's `rang` says how vital it is: when the page is full, the highest ranks go first to "suite sur la
fiche complète", rank 0 last. Allergies, treatments at risk and care limitations come first,
then who to call and how to get in, then the care team, risks, history and devices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from coordinateur.fiches.pdf_commun import NR, accorde, contact_ligne, membre_ligne, nr, tel
from coordinateur.personnes.dossier import Dossier
from coordinateur.text import fold

GAUCHE, DROITE, LARGE = "gauche", "droite", "large"
# Beyond this many lines, the rest of a list is less vital than the first lines of the other boxes.
PREMIERES = 6
_CLES = re.compile(r"\bcl(e|es|ef|efs)\b")


@dataclass(frozen=True)
class Ligne:
    texte: str  # reportlab paragraph markup, already escaped
    rang: int
    alerte: bool = False


@dataclass
class Cadre:
    titre: str
    colonne: str
    lignes: list[Ligne] = field(default_factory=list)
    rouge: bool = False


def _liste(items: list[str], rang: int, *, alerte: bool = False, premieres: int = PREMIERES) -> list[Ligne]:
    if not items:
        return [Ligne(NR, rang)]
    return [
        Ligne("• " + escape(item), rang if n < premieres else rang + 6, alerte)
        for n, item in enumerate(items)
    ]


def detient_les_cles(contact: dict[str, Any]) -> bool:
    """A contact whose comment says so: "a les clés", "clef chez elle", "double des clés"."""
    return bool(_CLES.search(fold(str(contact.get("commentaire") or ""))))


def _appel(contact: dict[str, Any]) -> str:
    comment = f" · {escape(contact['commentaire'])}" if contact.get("commentaire") else ""
    return contact_ligne(contact) + comment


def qui_appeler(d: Dossier) -> Cadre:
    prevenir = d.contacts_ordonnes("prevenir") + d.contacts_ordonnes("aidant")
    lignes = [Ligne(f"{n}. {_appel(c)}", 2 if n <= 3 else 7) for n, c in enumerate(prevenir, start=1)]
    lignes += [
        Ligne(f"Ne pas prévenir : {escape(c['nom'])}", 2, alerte=True)
        for c in d.contacts_ordonnes("ne_pas_prevenir")
    ]
    return Cadre("Qui appeler en premier", GAUCHE, lignes or [Ligne(NR, 2)])


def soignants(d: Dossier) -> Cadre:
    mt = d.membre("medecin_traitant")
    phone = f" — <b>{tel(mt['telephone'])}</b>" if mt and mt.get("telephone") else ""
    lignes = [Ligne(f"<b>Médecin traitant</b> : {nr(mt['nom']) if mt else nr('')}{phone}", 2)]
    autres = [m for m in d.cercle if m["role"] != "medecin_traitant"]
    soins = ("ide", "ssiad", "pharmacie", "had", "saad")
    lignes += [Ligne(membre_ligne(m), 4 if m["role"] in soins else 5) for m in autres]
    return Cadre("Médecin et soignants", DROITE, lignes)


def allergies(sante: dict[str, Any]) -> Cadre:
    return Cadre("Allergies", GAUCHE, _liste(list(sante.get("allergies", [])), 1, alerte=True), rouge=True)


def traitements(sante: dict[str, Any]) -> Cadre:
    lignes = []
    if sante.get("anticoagulant") is True:
        lignes.append(Ligne("⚠ SOUS ANTICOAGULANT / ANTIAGRÉGANT", 0, alerte=True))
    lignes += _liste(list(sante.get("traitements", [])), 1, premieres=8)
    return Cadre("Traitements en cours", DROITE, lignes)


def _oui_non(value: object, libelle: str, *, alerte_si: bool = True, rang: int = 4) -> Ligne:
    """ "Libellé : oui" / "non" / "non renseigné"; the answer that calls for care in red and kept longer."""
    if value is None:
        return Ligne(f"{escape(libelle)} : {NR}", 8)
    worrying = value is alerte_si
    answer = "oui" if value is True else "non"
    if worrying:
        return Ligne(f"⚠ {escape(libelle)} : <b>{answer}</b>", rang, alerte=True)
    return Ligne(f"{escape(libelle)} : {answer}", 8)


def risques(d: Dossier, sante: dict[str, Any], risques: dict[str, Any], autonomie: dict[str, Any]) -> Cadre:
    releve = risques.get("ne_se_releve_pas")
    lignes = [
        _oui_non(None if releve is None else not releve, accorde(d, "Peut se relever seul", "Peut se relever seule",
                 "Peut se relever sans aide"), alerte_si=False, rang=3),
    ]  # fmt: skip
    for libelle, texte in (
        ("État psychique et cognitif", sante.get("etat")),
        ("Comportement", autonomie.get("comportement")),
    ):
        if texte:
            lignes.append(Ligne(f"<b>{libelle}</b> : {escape(str(texte))}", 3))
    lignes += [
        _oui_non(risques.get("fausse_route"), "Risque de fausse route"),
        _oui_non(risques.get("errance"), "Errance, risque de fugue"),
        _oui_non(risques.get("chutes"), "Chutes récentes", rang=5),
    ]
    return Cadre("Risques et état de la personne", GAUCHE, lignes)


def souhaits(d: Dossier, sante: dict[str, Any], souhaits: dict[str, Any]) -> Cadre:
    lignes = []
    if souhaits.get("limitation"):
        lignes.append(
            Ligne(f"⚠ <b>Limitation des soins</b> : {escape(str(souhaits['limitation']))}", 1, alerte=True)
        )
    if sante.get("soins_palliatifs") is True:
        lignes.append(Ligne("⚠ EN SOINS PALLIATIFS : soins de confort à privilégier", 1, alerte=True))
    directives = souhaits.get("directives")
    where = escape(str(souhaits.get("directives_lieu") or ""))
    if directives is True:
        answer = "<b>oui</b>" + (f" — {where}" if where else " — lieu non renseigné")
    else:
        answer = "non" if directives is False else NR
    lignes.append(Ligne(f"<b>Directives anticipées</b> : {answer}", 3))
    confiance = d.contacts_ordonnes("confiance")
    lignes.append(Ligne(
        "<b>Personne de confiance</b> : " + (contact_ligne(confiance[0]) if confiance else NR), 3
    ))  # fmt: skip
    representants = d.contacts_ordonnes("representant")
    if representants:
        lignes.append(Ligne("<b>Représentant légal</b> : " + contact_ligne(representants[0]), 4))
    if souhaits.get("hopital"):
        lignes.append(Ligne(f"<b>Hôpital de préférence</b> : {escape(str(souhaits['hopital']))}", 5))
    return Cadre("Souhaits et limitation des soins", DROITE, lignes)


def antecedents(sante: dict[str, Any]) -> Cadre:
    return Cadre("Antécédents majeurs", GAUCHE, _liste(list(sante.get("antecedents", [])), 5, premieres=5))


def dispositifs(sante: dict[str, Any], autonomie: dict[str, Any]) -> Cadre:
    lignes = _liste(list(sante.get("dispositifs", [])), 4, premieres=3)
    if autonomie.get("sensoriel"):
        lignes.append(Ligne(f"<b>Vision, audition, langage</b> : {escape(str(autonomie['sensoriel']))}", 4))
    return Cadre("Appareillages et dispositifs", DROITE, lignes)


def acces(d: Dossier) -> Cadre:
    lignes = [Ligne(f"<b>Accès, code, clés</b> : {nr(d.acces)}", 2)]
    holders = [c for c in d.contacts_ordonnes() if c.get("role") != "ne_pas_prevenir" and detient_les_cles(c)]
    lignes += [Ligne(f"<b>Clés</b> : {_appel(c)}", 2) for c in holders]
    lignes.append(
        Ligne(f"<b>Animaux</b> : {nr(d.animaux)} · <b>Téléassistance</b> : {nr(d.teleassistance)}", 5)
    )
    if d.langues:
        lignes.append(Ligne(f"<b>Langue(s) parlée(s)</b> : {escape(d.langues)}", 4))
    return Cadre("Accès au logement et clés", LARGE, lignes)


def cadres(d: Dossier) -> list[Cadre]:
    """The boxes in reading order: each column from the top, then the full-width box."""
    sante, risq, souh, auto = (d.fiche.get(k, {}) for k in ("sante", "risques", "souhaits", "autonomie"))
    return [
        allergies(sante), qui_appeler(d), risques(d, sante, risq, auto), antecedents(sante),
        traitements(sante), soignants(d), souhaits(d, sante, souh), dispositifs(sante, auto),
        acces(d),
    ]  # fmt: skip
