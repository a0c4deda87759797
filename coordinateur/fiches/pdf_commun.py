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


def nom_complet(d: Dossier) -> str:
    naissance = (
        f" (née {d.nom_naissance})"
        if d.nom_usage and d.nom_naissance and d.nom_usage != d.nom_naissance
        else ""
    )
    return f"{escape(d.civilite + ' ' if d.civilite else '')}{escape(d.prenom)} {escape(d.nom.upper())}{escape(naissance)}"


def naissance(d: Dossier) -> str:
    born = (
        f"né{'e' if d.sexe == 'F' else ''} le {fr(d.date_naissance)}"
        if d.date_naissance
        else "date de naissance non renseignée"
    )
    age = d.age()
    return born + (f" ({age} ans)" if age is not None else "")


def identite(d: Dossier) -> str:
    born = (
        f"né{'e' if d.sexe == 'F' else ''} le {fr(d.date_naissance)}"
        if d.date_naissance
        else "date de naissance non renseignée"
    )
    age = d.age()
    if age is not None:
        born += f" ({age} ans)"
    naissance = (
        f" (née {d.nom_naissance})"
        if d.nom_usage and d.nom_naissance and d.nom_usage != d.nom_naissance
        else ""
    )
    return f"{escape(d.civilite + ' ' if d.civilite else '')}{escape(d.prenom)} {escape(d.nom.upper())}{escape(naissance)} — {born}"


def adresse(d: Dossier) -> str:
    commune = referentiel().commune(d.commune_code) if d.commune_code else None
    parts = [d.adresse, d.complement, f"{d.code_postal} {commune.nom if commune else ''}".strip()]
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
    "adresse",
    "contact_ligne",
    "fr",
    "identite",
    "membre_ligne",
    "nr",
    "pied",
    "tel",
]
