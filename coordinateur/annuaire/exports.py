"""Directory exports: CSV for French Excel, vCard 3.0, and the printed booklet (PDF)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coordinateur.annuaire.fiches import Fiche, FicheIntervenant, FicheStructure
from coordinateur.annuaire.intitules import titre_selection
from coordinateur.annuaire.listes import (
    MODES_EXERCICE,
    PUBLICS,
    TYPES_TELEPHONE,
    libelle_profession,
    libelle_type,
)
from coordinateur.annuaire.recherche import Filtre, liste
from coordinateur.annuaire.service import lit_plusieurs
from coordinateur.documents.tableur import ecrivain_csv
from coordinateur.fichiers import ecriture_atomique
from coordinateur.referentiels.cog import referentiel
from coordinateur.referentiels.telephone import affiche_telephone
from coordinateur.store import Store

FORMATS = ("csv", "vcard", "pdf")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Selection:
    """What to export: a filter and, optionally, communes (records whose zone or address covers one)."""

    filtre: Filtre = Filtre()  # noqa: RUF009 - frozen, shared safely
    communes: tuple[str, ...] = ()


def communes_demandees(selection: Selection) -> tuple[str, ...]:
    """The communes the selection asks for: its own, and the filter's."""
    filtre = selection.filtre
    return tuple(dict.fromkeys([*selection.communes, *([filtre.commune] if filtre.commune else [])]))


def par_commune(store: Store, selection: Selection) -> dict[str, list[str]]:
    """For each commune asked, the ids of the records that work there (in the filter's order)."""
    return {
        code: [ligne.id for ligne in liste(store, Filtre(**{**selection.filtre.__dict__, "commune": code}))]
        for code in communes_demandees(selection)
    }


def fiches_selectionnees(store: Store, selection: Selection) -> list[Fiche]:
    if selection.communes:
        ids: dict[str, None] = {}
        for found in par_commune(store, selection).values():
            ids.update(dict.fromkeys(found))
        record_ids = list(ids)
    else:
        record_ids = [ligne.id for ligne in liste(store, selection.filtre)]
    fiches: list[Fiche] = []
    for start in range(0, len(record_ids), 500):
        fiches += lit_plusieurs(store, record_ids[start : start + 500])
    return fiches


def _commune_nom(code: str) -> str:
    commune = referentiel().commune(code) if code else None
    return commune.nom if commune else ""


def _structures(store: Store, fiches: list[Fiche]) -> dict[str, str]:
    wanted = sorted({sid for f in fiches if isinstance(f, FicheIntervenant) for sid in f.structure_ids})
    names = {}
    for start in range(0, len(wanted), 500):
        names.update({f.id or "": f.nom for f in lit_plusieurs(store, wanted[start : start + 500])})
    return names


def _phones(fiche: Fiche) -> str:
    return " ; ".join(
        f"{TYPES_TELEPHONE.get(p['type'], p['type'])} {affiche_telephone(p['numero'])}"
        for p in fiche.telephones
    )


def _zone(fiche: Fiche) -> str:
    ref = referentiel()
    parts = [e.nom for code in fiche.zone_epcis if (e := ref.epci(code))]
    parts += [_commune_nom(code) for code in fiche.zone_communes]
    return ", ".join(p for p in parts if p)


CSV_COLUMNS = (
    "Catégorie", "Civilité", "Nom", "Prénom", "Profession ou type", "Spécialité", "Mode d'exercice", "Structure(s)",
    "Adresse", "Complément", "Code postal", "Commune", "Code INSEE", "Téléphones", "E-mail", "MSSanté", "RPPS", "ADELI",
    "FINESS établissement", "FINESS juridique", "SIRET", "Publics", "Zone d'intervention", "Horaires", "Actif",
    "Vérifié le", "Source", "Notes", "Identifiant",
)  # fmt: skip


def _csv_row(f: Fiche, structures: dict[str, str]) -> list[str]:
    common_end = [
        f.adresse, f.complement, f.code_postal, _commune_nom(f.commune_code), f.commune_code, _phones(f), f.email, f.mssante,
    ]  # fmt: skip
    tail = [
        _zone(f),
        f.horaires,
        "oui" if f.actif else "non",
        f.date_verification,
        f.source,
        f.notes,
        f.id or "",
    ]
    if isinstance(f, FicheIntervenant):
        head = [
            "Intervenant", f.civilite, f.nom, f.prenom, libelle_profession(f.profession_code), f.specialite,
            MODES_EXERCICE.get(f.mode_exercice, ""), ", ".join(structures.get(s, "") for s in f.structure_ids),
        ]  # fmt: skip
        return [*head, *common_end, f.rpps, f.adeli, "", "", "", "", *tail]
    head = ["Structure", "", f.nom, "", libelle_type(f.type_code), "", "", ""]
    publics = ", ".join(PUBLICS.get(p, p) for p in f.publics)
    return [*head, *common_end, "", "", f.finess_et, f.finess_ej, f.siret, publics, *tail]


def export_csv(store: Store, selection: Selection, path: Path) -> int:
    """`;`-separated, UTF-8 with BOM, as French Excel opens it. Returns the number of records."""
    fiches = fiches_selectionnees(store, selection)
    structures = _structures(store, fiches)
    with ecriture_atomique(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = ecrivain_csv(handle)
        writer.writerow(CSV_COLUMNS)
        for f in fiches:
            writer.writerow(_csv_row(f, structures))
    return len(fiches)


def vcard_of(fiche: Fiche, structures: dict[str, str]) -> str:
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    if isinstance(fiche, FicheIntervenant):
        card.add("n").value = vobject.vcard.Name(family=fiche.nom, given=fiche.prenom, prefix=fiche.civilite)
        card.add("fn").value = " ".join(p for p in (fiche.civilite, fiche.prenom, fiche.nom) if p)
        org = ", ".join(structures.get(s, "") for s in fiche.structure_ids if structures.get(s))
        title = libelle_profession(fiche.profession_code)
    else:
        card.add("n").value = vobject.vcard.Name(family=fiche.nom)
        card.add("fn").value = fiche.nom
        org = fiche.nom
        title = libelle_type(fiche.type_code)
    if org:
        card.add("org").value = [org]
    if title:
        card.add("title").value = title
    for phone in fiche.telephones:
        tel = card.add("tel")
        tel.value = affiche_telephone(phone["numero"])
        tel.type_param = {"mobile": ["cell"], "fax": ["work", "fax"]}.get(phone["type"], ["work", "voice"])
    for address in (fiche.email, fiche.mssante):
        if address:
            email = card.add("email")
            email.value = address
            email.type_param = ["internet", "work"]
    if fiche.adresse or fiche.commune_code:
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=" ".join(p for p in (fiche.adresse, fiche.complement) if p),
            city=_commune_nom(fiche.commune_code),
            code=fiche.code_postal,
            country="France",
        )
        adr.type_param = ["work"]
    note = "\n".join(p for p in (fiche.horaires, fiche.notes) if p)
    if note:
        card.add("note").value = note
    card.add("uid").value = fiche.id or ""
    card.add("categories").value = [
        "Coordinateur",
        "Intervenant" if fiche.categorie == "intervenant" else "Structure",
    ]
    return str(card.serialize())


def export_vcard(store: Store, selection: Selection, path: Path) -> int:
    fiches = fiches_selectionnees(store, selection)
    structures = _structures(store, fiches)
    with ecriture_atomique(path, "w", encoding="utf-8", newline="") as handle:
        for fiche in fiches:
            handle.write(vcard_of(fiche, structures))
    return len(fiches)


def export_pdf(store: Store, selection: Selection, path: Path, *, titre: str, sous_titre: str = "") -> int:
    from coordinateur.annuaire.livret import livret

    titre = titre or titre_selection(selection.filtre, selection.communes)
    fiches = fiches_selectionnees(store, selection)
    structures = _structures(store, fiches)
    buffer = io.BytesIO()
    grouped = par_commune(store, selection) if communes_demandees(selection) else None
    livret(
        buffer, fiches, structures, titre=titre, sous_titre=sous_titre, le=date.today(), par_commune=grouped
    )
    with ecriture_atomique(path) as handle:
        handle.write(buffer.getvalue())
    return len(fiches)


def exporte(
    store: Store, format_: str, selection: Selection, path: Path, *, titre: str = "", sous_titre: str = ""
) -> int:
    """Export in one of FORMATS and record it in the audit log. Returns the number of records."""
    if format_ == "csv":
        count = export_csv(store, selection, path)
    elif format_ == "vcard":
        count = export_vcard(store, selection, path)
    elif format_ == "pdf":
        count = export_pdf(
            store,
            selection,
            path,
            titre=titre,
            sous_titre=sous_titre,
        )
    else:
        raise ValueError(format_)
    with store.write() as session:
        store.audit(session, "export", "annuaire", None, f"Export {format_} de {count} fiches vers {path}")
    return count


__all__ = ["FORMATS", "FicheStructure", "Selection", "export_csv", "export_pdf", "export_vcard", "exporte"]
