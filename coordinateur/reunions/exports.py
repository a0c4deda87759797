"""Everything a meeting produces: the minutes for the team or for partners (PDF/ODT/DOCX), the agenda with
the attendance sheet (PDF), the invitation (.ics), and the actions list per responsible (PDF/CSV).
Each export of minutes is recorded in the diffusion log and the audit log.

What is meant for partners (the relevé de décisions, and by default the agenda, the attendance sheet and
the invitation) goes through the redaction module; when something in it may still identify someone, it
is neither written nor deposited until the coordinator confirms those passages (`confirme`: True for all,
or the keys of the confirmed suspicions), and the confirmation is recorded in the audit journal."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from coordinateur.documents.rendus import Bloc, Document, docx, odt, pdf
from coordinateur.documents.suspicions import Suspicion
from coordinateur.documents.tableur import ecrivain_csv
from coordinateur.errors import ValidationError
from coordinateur.fichiers import ecriture_atomique
from coordinateur.reunions.contenu import (
    NIVEAUX,
    Sortie,
    caviardage,
    personnes_des_actions,
    prepare_compte_rendu,
    prepare_convocation,
)
from coordinateur.reunions.models import Diffusion
from coordinateur.reunions.service import (
    PRESENCES,
    STATUTS_ACTION,
    TYPES,
    DonneesReunion,
    LigneAction,
    lit_reunion,
)
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.base import new_uuid
from coordinateur.text import compte, date_fr, horodatage_fr

FORMATS_CR = {"pdf": pdf, "odt": odt, "docx": docx}


def _auteur(store: Store) -> str:
    return load_settings(store).structure_nom or "Coordinateur"


def apercu_compte_rendu(store: Store, reunion_id: str) -> Sortie:
    """The partner minutes as they would leave, for the preview."""
    return prepare_compte_rendu(store, reunion_id, "partenaires", auteur=_auteur(store))


def apercu_convocation(store: Store, reunion_id: str) -> Sortie:
    """The agenda, attendance sheet and invitation as they would leave for partners, for the preview."""
    return prepare_convocation(store, reunion_id, "partenaires", auteur=_auteur(store))[1]


def resume_confirmation(suspicions: list[Suspicion]) -> str:
    """What the audit journal keeps of a confirmation: how many passages of which kind, never the text."""
    kinds = Counter(s.motif for s in suspicions)
    return f"{len(suspicions)} passage(s) signalé(s) confirmé(s) : " + ", ".join(
        f"{motif} ×{n}" for motif, n in sorted(kinds.items())
    )


def exporte_compte_rendu(
    store: Store,
    reunion_id: str,
    format_: str,
    niveau: str,
    path: Path,
    *,
    destinataire: str = "",
    deposer: bool | None = None,
    confirme: bool | Collection[str] = (),
) -> str:
    """Write the minutes; returns the content hash recorded in the diffusion log. Minutes for partners
    (or any marked `deposer`) also wait in the outbox for the shared folder. Minutes for partners with
    unconfirmed suspicions raise SuspicionsNonConfirmees: nothing is written nor deposited."""
    if format_ not in FORMATS_CR:
        raise ValidationError(f"Format inconnu pour un compte rendu : {format_} (pdf, odt ou docx).")
    if niveau not in NIVEAUX:
        raise ValidationError("Destinataires : equipe ou partenaires.")
    sortie = prepare_compte_rendu(store, reunion_id, niveau, auteur=_auteur(store))
    folder = destinataire or "partenaires"
    if sortie.caviardage is not None:  # the deposit's folder is named after the recipient: redacted, checked
        folder = sortie.caviardage.texte(folder, "destinataire (dossier de dépôt)")
        sortie.suspicions = list(sortie.caviardage.suspicions)
    confirmed = sortie.verifie(confirme)
    document = sortie.document
    data = FORMATS_CR[format_](document)
    with ecriture_atomique(path) as handle:
        handle.write(data)
    digest = hashlib.sha256(data).hexdigest()
    meeting = lit_reunion(store, reunion_id)
    with store.write() as session:
        session.add(Diffusion(
            id=new_uuid(), reunion_id=reunion_id, le=datetime.now(UTC).isoformat(timespec="seconds"), par=store.user,
            niveau=niveau, format=format_, destinataire=destinataire or str(path), revision=len(meeting.revisions),
            empreinte=digest,
        ))  # fmt: skip
        what = (
            "Compte rendu pour l'équipe" if niveau == "equipe" else "Relevé de décisions pour les partenaires"
        )
        summary = f"{what} ({format_.upper()}) → {destinataire or path}"
        if confirmed:
            summary += " ; " + resume_confirmation(confirmed)
        store.audit(session, "export", "reunion", reunion_id, summary)
    if deposer if deposer is not None else niveau == "partenaires":
        from coordinateur.partage.boite import depose

        depose(
            store, destinataire=folder, extension=format_, contenu=data,
            genre="releve-de-decisions" if niveau == "partenaires" else "compte-rendu", donnees_personnes=niveau == "equipe",
        )  # fmt: skip
    return digest


def libelle_diffusion(diffusion: Diffusion) -> str:
    """One line of the diffusion log as the coordinator reads it: when, what, to whom, which state of the
    minutes ("sans amendement", "après 2 amendements")."""
    quoi = (
        "compte rendu pour l'équipe de soins"
        if diffusion.niveau == "equipe"
        else "relevé de décisions pour les partenaires"
    )
    etat = (
        "sans amendement" if not diffusion.revision else f"après {compte(diffusion.revision, 'amendement')}"
    )
    return f"{horodatage_fr(diffusion.le)} — {quoi} ({diffusion.format.upper()}) → {diffusion.destinataire} — {etat}"


def diffusions(store: Store, reunion_id: str) -> list[Diffusion]:
    from sqlalchemy import select

    with store.read() as session:
        return list(
            session.scalars(
                select(Diffusion).where(Diffusion.reunion_id == reunion_id).order_by(Diffusion.le)
            )
        )


def _convocation(
    store: Store, reunion_id: str, niveau: str, confirme: bool | Collection[str], quoi: str
) -> DonneesReunion:
    """The meeting as sent with an agenda or an invitation (redacted for partners, suspicions confirmed)."""
    if niveau not in NIVEAUX:
        raise ValidationError("Destinataires : equipe ou partenaires.")
    data, sortie = prepare_convocation(store, reunion_id, niveau, auteur=_auteur(store))
    confirmed = sortie.verifie(confirme)
    if confirmed:
        with store.write() as session:
            store.audit(
                session,
                "export",
                "reunion",
                reunion_id,
                f"{quoi} ({niveau}) ; {resume_confirmation(confirmed)}",
            )
    return data


def emargement(
    store: Store,
    reunion_id: str,
    path: Path,
    *,
    niveau: str = "partenaires",
    confirme: bool | Collection[str] = (),
) -> None:
    """The agenda and the attendance sheet with a signature column."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from coordinateur.documents.pdf import (
        FOND,
        FONT,
        FONT_BOLD,
        GRIS,
        MARGIN,
        PAGE,
        canvas_with_footer,
        styles,
    )

    data = _convocation(store, reunion_id, niveau, confirme, "Feuille d'émargement")
    st = styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=18 * mm, title=f"Émargement — {data.titre}", author=_auteur(store),
                                 creator="Coordinateur", initialFontName=FONT)  # fmt: skip
    when = f"{date.fromisoformat(data.date):%d/%m/%Y}" + (f", {data.heure_debut}" if data.heure_debut else "")
    story = [Paragraph(escape(data.titre), st["h1"]),
             Paragraph(escape(f"{TYPES[data.type]} — {when} — {data.lieu or 'lieu à préciser'}"), st["base"]),
             Paragraph("Ordre du jour", st["h2"])]  # fmt: skip
    story += [
        Paragraph(f"{n}. {escape(item)}", st["base"]) for n, item in enumerate(data.ordre_du_jour, start=1)
    ]
    story += [Spacer(1, 4 * mm), Paragraph("Feuille d'émargement", st["h2"])]
    rows = [["Nom", "Qualité", "Structure", "Signature"]]
    rows += [[p.get("nom", ""), p.get("qualite", ""), p.get("structure", ""), ""] for p in data.participants]
    rows += [["", "", "", ""] for _ in range(4)]  # for people who come unannounced
    table = Table([[Paragraph(escape(c), st["base"]) for c in row] for row in rows],
                  colWidths=[template.width * w for w in (0.3, 0.2, 0.25, 0.25)], rowHeights=[None] + [12 * mm] * (len(rows) - 1))  # fmt: skip
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                               ("BACKGROUND", (0, 0), (-1, 0), FOND), ("GRID", (0, 0), (-1, -1), 0.4, GRIS),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))  # fmt: skip
    story.append(table)
    template.build(story, canvasmaker=canvas_with_footer(f"Émargement — {data.titre}"))
    with ecriture_atomique(path) as handle:
        handle.write(buffer.getvalue())


def invitation(
    store: Store,
    reunion_id: str,
    path: Path,
    *,
    niveau: str = "partenaires",
    confirme: bool | Collection[str] = (),
) -> None:
    """An iCalendar invitation: stable UID per meeting, Europe/Paris times, place, organiser, attendees."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vCalAddress

    data = _convocation(store, reunion_id, niveau, confirme, "Invitation")
    paris = ZoneInfo("Europe/Paris")
    day = date.fromisoformat(data.date)
    start_h, start_m = (int(x) for x in (data.heure_debut or "14:00").split(":"))
    start = datetime(day.year, day.month, day.day, start_h, start_m, tzinfo=paris)
    if data.heure_fin:
        end_h, end_m = (int(x) for x in data.heure_fin.split(":"))
        end = datetime(day.year, day.month, day.day, end_h, end_m, tzinfo=paris)
    else:
        end = start + timedelta(hours=2)
    calendar = Calendar()
    calendar.add("prodid", "-//Coordinateur//Réunions//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"{reunion_id}@coordinateur")
    event.add("summary", data.titre)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", datetime.now(UTC))
    event.add("location", data.lieu + (f" — visio : {data.visio}" if data.visio else ""))
    event.add("description", "Ordre du jour :\n" + "\n".join(f"- {item}" for item in data.ordre_du_jour))
    organizer = vCalAddress(
        "mailto:"
        + (load_settings(store).coordinateur_nom.replace(" ", ".").lower() or "coordination")
        + "@coordinateur.invalid"
    )
    organizer.params["cn"] = data.organisateur or _auteur(store)
    event.add("organizer", organizer)
    for participant in data.participants:
        email = participant.get("email") or ""
        attendee = vCalAddress(f"mailto:{email}" if email else "mailto:non-communique@coordinateur.invalid")
        attendee.params["cn"] = participant.get("nom", "")
        attendee.params["role"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    with ecriture_atomique(path) as handle:
        handle.write(calendar.to_ical())


def _fr(iso: str) -> str:
    return f"{date.fromisoformat(iso):%d/%m/%Y}" if iso else "—"


def prepare_actions(
    store: Store, lignes: list[LigneAction], *, titre: str
) -> tuple[list[LigneAction], Sortie]:
    """An action list as it leaves for its responsables: what is done, by whom, from which meeting, with
    the persons of the situations they follow replaced by their case codes (redaction module)."""
    c, _, _ = caviardage(
        store, personnes_des_actions(store, [a.id for a in lignes]), reference=date.today(),
        permis=[a.responsable for a in lignes if a.responsable_id],
    )  # fmt: skip
    titre = c.texte(titre, "titre")
    out = [replace(a, quoi=c.texte(a.quoi, "action"), responsable=c.texte(a.responsable, "responsable"),
                   reunion=c.texte(a.reunion, "réunion")) for a in lignes]  # fmt: skip
    rows = [["Action", "Responsable", "Échéance", "Statut", "Décidée en réunion"]] + [
        [a.quoi, a.responsable, _fr(a.echeance) + (" — EN RETARD" if a.en_retard else ""), STATUTS_ACTION[a.statut],
         f"{a.reunion} ({_fr(a.reunion_date)})"]
        for a in out
    ]  # the columns of the PDF and the CSV, as they leave  # fmt: skip
    document = Document(titre, "", [Bloc("tableau", lignes=rows)], _auteur(store))
    return out, Sortie(document, list(c.suspicions), Counter(c.remplacements), [], c)


def _actions_sortantes(
    store: Store, lignes: list[LigneAction], titre: str, confirme: bool | Collection[str]
) -> tuple[list[LigneAction], str]:
    out, sortie = prepare_actions(store, lignes, titre=titre)
    confirmed = sortie.verifie(confirme)
    with store.write() as session:
        store.audit(session, "export", "action", None, f"Liste de {len(out)} action(s)"
                    + (f" ; {resume_confirmation(confirmed)}" if confirmed else ""))  # fmt: skip
    return out, sortie.document.titre


def liste_actions_csv(
    store: Store, lignes: list[LigneAction], path: Path, *, confirme: bool | Collection[str] = ()
) -> None:
    lignes, _ = _actions_sortantes(store, lignes, "Liste des actions", confirme)
    with ecriture_atomique(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = ecrivain_csv(handle)
        writer.writerow(
            ["Responsable", "Action", "Échéance", "Statut", "En retard", "Réunion", "Date de la réunion"]
        )
        for a in lignes:
            # dates as a French spreadsheet reads them (23/11/2026), not ISO
            writer.writerow([a.responsable, a.quoi, date_fr(a.echeance, ""), STATUTS_ACTION[a.statut],
                             "oui" if a.en_retard else "non", a.reunion, date_fr(a.reunion_date, "")])  # fmt: skip


def liste_actions_pdf(
    store: Store, lignes: list[LigneAction], path: Path, *, titre: str, confirme: bool | Collection[str] = ()
) -> None:
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from coordinateur.documents.pdf import (
        FOND,
        FONT,
        FONT_BOLD,
        GRIS,
        MARGIN,
        PAGE,
        canvas_with_footer,
        styles,
    )

    lignes, titre = _actions_sortantes(store, lignes, titre, confirme)
    st = styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=titre, creator="Coordinateur", initialFontName=FONT)  # fmt: skip
    rows = [["Action", "Échéance", "Statut", "Décidée en réunion"]]
    rows += [[a.quoi, f"{date.fromisoformat(a.echeance):%d/%m/%Y}" if a.echeance else "—",
              STATUTS_ACTION[a.statut] + (" — EN RETARD" if a.en_retard else ""),
              f"{a.reunion} ({date.fromisoformat(a.reunion_date):%d/%m/%Y})"] for a in lignes]  # fmt: skip
    table = Table([[Paragraph(escape(c), st["base"]) for c in row] for row in rows], repeatRows=1,
                  colWidths=[template.width * w for w in (0.42, 0.14, 0.18, 0.26)])  # fmt: skip
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                               ("BACKGROUND", (0, 0), (-1, 0), FOND), ("GRID", (0, 0), (-1, -1), 0.3, GRIS),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    template.build([Paragraph(escape(titre), st["h1"]), table], canvasmaker=canvas_with_footer(titre))
    with ecriture_atomique(path) as handle:
        handle.write(buffer.getvalue())


__all__ = [
    "PRESENCES",
    "diffusions",
    "emargement",
    "exporte_compte_rendu",
    "invitation",
    "liste_actions_csv",
    "liste_actions_pdf",
]
