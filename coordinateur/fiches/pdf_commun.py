"""What the three liaison-sheet layouts share: header lines, phone display, "non renseigné"."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from coordinateur.fiches.sections import NON_RENSEIGNE
from coordinateur.personnes.dossier import ROLES_CERCLE, ROLES_CONTACT, Dossier
from coordinateur.personnes.service import Version
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone

CONFIDENTIEL = "Document confidentiel — secret médical et professionnel"
# Missing data, in grey (not italics: one embedded font less in every sheet).
NR = f"<font color='#555555'>{NON_RENSEIGNE}</font>"


def fr(iso: str) -> str:
    try:
        return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso or NON_RENSEIGNE


def tel(e164: str) -> str:
    """Shown French-style, with no-break spaces so a number never splits across lines."""
    return affiche_telephone(e164).replace(" ", "\u00a0") if e164 else ""


def nr(text: str) -> str:
    """Escaped text, or "non renseigné" in italics: a blank must never read as "none"."""
    return escape(text) if text else NR


def genre(d: Dossier) -> str:
    """ "F" or "M" from the civility first ("Mme" is what the sheet prints), then the recorded sex; "" if neither."""
    if d.civilite in ("Mme", "Mlle"):
        return "F"
    if d.civilite == "M.":
        return "M"
    return d.sexe if d.sexe in ("F", "M") else ""


def accorde(d: Dossier, masculin: str, feminin: str, neutre: str) -> str:
    """The word agreed with the person: "seul" / "seule"; `neutre` (a wording without gender) when unknown."""
    return {"F": feminin, "M": masculin}.get(genre(d), neutre)


def naissance(d: Dossier) -> str:
    if not d.date_naissance:
        return "date de naissance non renseignée"
    age = d.age()
    born = accorde(d, "né le ", "née le ", "date de naissance : ") + fr(d.date_naissance)
    return born + (f" ({age} ans)" if age is not None else "")


def vit_seul(d: Dossier) -> str:
    return accorde(d, "vit seul", "vit seule", "personne vivant seule")


def _nom_naissance(d: Dossier) -> str:
    if not (d.nom_usage and d.nom_naissance and d.nom_usage != d.nom_naissance):
        return ""
    return f" ({accorde(d, 'né', 'née', 'nom de naissance :')} {d.nom_naissance})"


def nom_complet(d: Dossier) -> str:
    civilite = d.civilite + " " if d.civilite else ""
    return escape(f"{civilite}{d.prenom} {d.nom.upper()}{_nom_naissance(d)}")


def identite(d: Dossier) -> str:
    return f"{nom_complet(d)} — {naissance(d)}"


def adresse(d: Dossier) -> str:
    commune = referentiel().commune(d.commune_code) if d.commune_code else None
    # the postal code and the commune never part at a line's end (a no-break space between them)
    parts = [d.adresse, d.complement, f"{d.code_postal}\u00a0{commune.nom if commune else ''}".strip()]
    return ", ".join(escape(p) for p in parts if p) or NR


def contact_ligne(c: dict) -> str:
    phones = (
        " / ".join(tel(p) for p in (c.get("telephone", ""), c.get("telephone2", "")) if p)
        or "tél. non renseigné"
    )
    lien = f" ({escape(c['lien'])})" if c.get("lien") else ""
    return f"<b>{escape(c['nom'])}</b>{lien} — <b>{phones}</b>"


def membre_ligne(m: dict) -> str:
    phone = f" — <b>{tel(m['telephone'])}</b>" if m.get("telephone") else ""
    return f"{escape(ROLES_CERCLE.get(m['role'], m['role']))} : {escape(m['nom'])}{phone}"


def pied(version: Version) -> str:
    return (f"Version n° {version.numero} · mise à jour le {fr(version.valide_le)} · "
            f"à revoir avant le {fr(version.prochaine_revue)}")  # fmt: skip


__all__ = [
    "CONFIDENTIEL",
    "ROLES_CONTACT",
    "accorde",
    "adresse",
    "contact_ligne",
    "fr",
    "genre",
    "identite",
    "membre_ligne",
    "nr",
    "pied",
    "tel",
    "vit_seul",
]
