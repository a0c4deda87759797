"""The outbox: exports waiting for the shared folder, published once it is reachable (architecture §4).

Each export is written once under exports/<destinataire>/<AAAA>/; its SHA-256 goes in the batch's checksum
list beside it (`SHA256SUMS_<AAAAMMJJTHHMMSSZ>_<dev4>.sha256`, the `sha256sum -c` format), one list per
folder and batch rather than one `.sha256` per export: on laptop disks creating a file costs more than
writing it, and one list per batch brings a push of 1,000 exports near the cost of copying them. A crash
between the exports and their list leaves exports without a line: the next push hashes them, adopts
those it was about to write again (no duplicate), and lists them. Documents holding person data only go
to a folder declared as the structure's internal storage."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import defer

from coordinateur.confiance.backup import fsync_dir
from coordinateur.partage import fichiers
from coordinateur.partage.dossier import BARRIERE_PAR_LOT, barriere, ecrit_une_fois
from coordinateur.partage.fichiers import MO, FichierRefuse
from coordinateur.partage.models import BoiteEnvoi
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.base import new_uuid

if TYPE_CHECKING:
    from coordinateur.partage.equipe import Equipe


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


PUBLICATION_LOT = 200
LISTE_MAX = 4 * MO  # a checksum list (one line of ~100 bytes per export)
EXPORT_MAX = 512 * MO  # a document found unlisted after a crash is hashed only up to this size
LIGNE_LISTE = re.compile(r"[0-9a-f]{64}  [^/\\]+")  # `sha256sum -c` format, a plain file name


def publie(store: Store, root: Path, bilan: Any, equipe: Equipe) -> None:
    """Publish waiting exports in batches: files written once, one checksum list per folder, one durability
    barrier, folder fsyncs and one commit per batch. After a crash between the files and the commit, an
    export already in its folder (same hash) is adopted. A document holding persons' data (only towards a
    folder declared internal) is sealed for the team instead (`equipe/documents/`, see `documents_equipe`)."""
    settings = load_settings(store)
    with store.read() as session:
        waiting_ids = list(
            session.scalars(
                select(BoiteEnvoi.id).where(BoiteEnvoi.publie_le == "").order_by(BoiteEnvoi.cree_le)
            )
        )
    staging = root / "appareils" / store.device_id / ".tmp"
    published: dict[Path, dict[str, Publie]] = {}  # per destination folder: hash → file, read once
    for start in range(0, len(waiting_ids), PUBLICATION_LOT):
        with store.read() as session:
            items = list(
                session.scalars(
                    select(BoiteEnvoi).where(BoiteEnvoi.id.in_(waiting_ids[start : start + PUBLICATION_LOT]))
                )
            )
        done: dict[str, str] = {}
        refused: dict[str, str] = {}
        lines: dict[Path, list[str]] = {}  # per year folder: "hash  name" lines of this batch's list
        sealed: set[Path] = set()  # folders of the team's sealed documents written in this batch
        durable = not BARRIERE_PAR_LOT
        for item in items:
            if item.donnees_personnes and not settings.partage_dossier_interne:
                refused[item.id] = ("Document contenant des données de personnes : il ne part que vers un stockage interne de "
                                    "la structure (hébergement de données de santé). Déclarez ce dossier comme interne, ou "
                                    "envoyez-le par MSSanté.")  # fmt: skip
                continue
            if item.donnees_personnes:  # for the team only: sealed, its recipient and kind inside
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                folder = root / "equipe" / "documents" / stamp[:4]
                target = folder / f"document_{stamp}_{store.device_id[:4]}.cdoc"
                k = 1
                while fichiers.existe(target):
                    target = folder / f"document_{stamp}_{store.device_id[:4]}-{k}.cdoc"
                    k += 1
                meta = {"destinataire": item.destinataire, "genre": item.genre, "extension": item.extension,
                        "sha256": item.sha256, "cree_le": item.cree_le}  # fmt: skip
                data = json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n" + item.contenu
                ecrit_une_fois(target, equipe.scelle(data, "document"), staging, root=root, sync_dir=False,
                               durable=durable)  # fmt: skip
                sealed.add(folder)
                done[item.id] = str(target)
                continue
            destination = root / "exports" / _safe(item.destinataire)
            if destination not in published:
                published[destination] = _publies(destination, bilan.alertes)
            existing = published[destination].get(item.sha256)
            if existing is not None and _intact(
                existing.chemin, item.sha256
            ):  # a crash after writing: adopted
                done[item.id] = str(existing.chemin)
                if not existing.liste:
                    lines.setdefault(existing.chemin.parent, []).append(
                        f"{item.sha256}  {existing.chemin.name}"
                    )
                    published[destination][item.sha256] = Publie(existing.chemin, True)
                continue
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            folder = destination / stamp[:4]
            target = folder / f"{_safe(item.genre)}_{stamp}_{store.device_id[:4]}.{item.extension}"
            k = 1
            while fichiers.existe(target):
                target = folder / f"{_safe(item.genre)}_{stamp}_{store.device_id[:4]}-{k}.{item.extension}"
                k += 1
            ecrit_une_fois(target, item.contenu, staging, root=root, sync_dir=False, durable=durable)
            lines.setdefault(folder, []).append(f"{item.sha256}  {target.name}")
            done[item.id] = str(target)
            published[destination][item.sha256] = Publie(target, True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for folder, listed in lines.items():
            manifest = folder / f"SHA256SUMS_{stamp}_{store.device_id[:4]}.sha256"
            k = 1
            while fichiers.existe(manifest):
                manifest = folder / f"SHA256SUMS_{stamp}_{store.device_id[:4]}-{k}.sha256"
                k += 1
            ecrit_une_fois(manifest, ("\n".join(listed) + "\n").encode("utf-8"), staging, root=root, sync_dir=False,
                           durable=durable)  # fmt: skip
        if (lines or sealed) and BARRIERE_PAR_LOT:
            barriere()
        for folder in set(lines) | sealed:
            fsync_dir(folder)
        now = _now()
        with store.write() as session:
            table = cast(Table, BoiteEnvoi.__table__)
            if done:
                session.connection().execute(
                    table.update()
                    .where(table.c.id == bindparam("b_id"))
                    .values(publie_le=now, chemin=bindparam("b_chemin"), erreur=""),
                    [{"b_id": item_id, "b_chemin": path} for item_id, path in done.items()],
                )
            if refused:
                session.connection().execute(
                    table.update()
                    .where(table.c.id == bindparam("b_id"))
                    .values(erreur=bindparam("b_erreur")),
                    [{"b_id": item_id, "b_erreur": reason} for item_id, reason in refused.items()],
                )
        bilan.exports_publies += len(done)
        bilan.exports_refuses += list(dict.fromkeys(refused.values()))


def _intact(path: Path, digest: str) -> bool:
    """An export found in its folder is adopted only if its content is whole (a power cut during a batch
    may leave a renamed file incomplete: it is then written again under a new name)."""
    try:
        return fichiers.empreinte(path, EXPORT_MAX) == digest
    except (OSError, FichierRefuse):
        return False


@dataclass(frozen=True)
class Publie:
    chemin: Path
    liste: bool  # listed in a checksum file (False: found after a crash, to be listed)


def _publies(folder: Path, alertes: list[str]) -> dict[str, Publie]:
    """What this destination already holds, by content hash: the exports listed in the checksum files
    (batch lists, or one `.sha256` per export as written by earlier versions), then — after a crash — the
    exports not listed anywhere, hashed. Only regular files in real folders count: links and special
    files are never opened, and a list that is not one (`<sha256>  <name>` lines) is named in `alertes`."""
    found: dict[str, Publie] = {}
    listed: set[Path] = set()
    files = _fichiers(folder, alertes)
    regular = set(files)
    for checksums in files:
        if checksums.suffix != ".sha256":
            continue
        try:
            content = fichiers.lit(checksums, LISTE_MAX).decode("utf-8")
        except FichierRefuse as exc:
            alertes.append(exc.message)
            continue
        except UnicodeDecodeError:
            content = "\0"
        except OSError:
            continue
        lines = content.splitlines()
        if not all(LIGNE_LISTE.fullmatch(line) for line in lines):
            alertes.append(
                f"Dossier de partage : la liste d'empreintes « {checksums} » est mal formée ; elle est ignorée."
            )
            continue
        for line in lines:
            digest, _sep, name = line.partition("  ")
            path = checksums.parent / name
            if path in regular:
                found[digest] = Publie(path, True)
                listed.add(path)
    for path in files:
        if path.suffix != ".sha256" and path not in listed:
            try:
                digest = fichiers.empreinte(path, EXPORT_MAX)
            except FichierRefuse as exc:
                alertes.append(exc.message)
                continue
            except OSError:
                continue
            found.setdefault(digest, Publie(path, False))
    return found


def _fichiers(folder: Path, alertes: list[str], depth: int = 3) -> list[Path]:
    """The regular files under a real folder (exports/<destinataire>/<AAAA>/…), links never followed (each
    named in `alertes`)."""
    found: list[Path] = []
    for path, info in fichiers.entrees(folder):
        if fichiers.fichier_ordinaire(info):
            found.append(path)
        elif fichiers.dossier_ordinaire(info):
            if depth > 0:
                found += _fichiers(path, alertes, depth - 1)
        else:
            alertes.append(str(fichiers.refuse(path, info)))
    return found


def _safe(text: str) -> str:
    from coordinateur.text import fold

    return "-".join(fold(text).split()) or "sans-nom"


def depose(
    store: Store, *, destinataire: str, genre: str, extension: str, contenu: bytes, donnees_personnes: bool
) -> str:
    """Put an export in the outbox: it waits there (across restarts) until the folder is reachable."""
    item_id = new_uuid()
    with store.write() as session:
        session.add(BoiteEnvoi(id=item_id, destinataire=destinataire, genre=genre, extension=extension, contenu=contenu,
                               sha256=hashlib.sha256(contenu).hexdigest(), donnees_personnes=donnees_personnes,
                               cree_le=_now(), publie_le="", chemin="", erreur=""))  # fmt: skip
        store.audit(
            session,
            "export",
            "boite_envoi",
            item_id,
            f"{genre} pour {destinataire} déposé dans la boîte d'envoi",
        )
    return item_id


def boite_envoi(store: Store) -> list[BoiteEnvoi]:
    with store.read() as session:
        # the documents themselves stay in the store: a list of a thousand exports must not load them all
        query = select(BoiteEnvoi).options(defer(BoiteEnvoi.contenu)).order_by(BoiteEnvoi.cree_le.desc())
        return list(session.scalars(query))


# -- the team's sealed documents ---------------------------------------------------------------------

DOCUMENT_MAX = 512 * MO


@dataclass(frozen=True)
class DocumentEquipe:
    """A document holding persons' data that a member sealed for the team (listed from names and clear
    headers only; opened one at a time)."""

    chemin: Path
    auteur: str  # the member's device id
    depose_le: str  # from the file name (UTC)
    taille: int

    @property
    def nom(self) -> str:
        return self.chemin.name


def documents_equipe(root: Path, alertes: list[str] | None = None) -> list[DocumentEquipe]:
    from coordinateur.partage.enveloppe import EnveloppeRefusee, entete

    found = []
    for year, entry in fichiers.entrees(root / "equipe" / "documents"):
        if not fichiers.dossier_ordinaire(entry):
            continue
        for path, info in fichiers.entrees(year):
            named = re.fullmatch(r"document_(\d{8}T\d{6}Z)_[0-9a-f]{4}(-\d+)?\.cdoc", path.name)
            if named is None or not fichiers.fichier_ordinaire(info):
                continue
            try:
                header = entete(fichiers.lit_borne(path, 1024, debut=True))
            except (FichierRefuse, OSError, EnveloppeRefusee) as exc:
                if alertes is not None and isinstance(exc, FichierRefuse):
                    alertes.append(exc.message)
                continue
            stamp = named[1]
            moment = (
                f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}+00:00"
            )
            found.append(DocumentEquipe(path, str(header["auteur"]), moment, info.st_size))
    return sorted(found, key=lambda d: d.depose_le, reverse=True)


def journalise_document(store: Store, meta: dict[str, Any]) -> None:
    """A team document opened and saved on this laptop: the audit journal says so (its kind, no name)."""
    with store.write() as session:
        store.audit(
            session, "export", "partage", None, f"Document de l'équipe enregistré ({meta.get('genre', '')})"
        )


def ouvre_document(equipe: Equipe, document: DocumentEquipe) -> tuple[dict[str, Any], bytes]:
    """(its recipient, kind, extension…, its bytes), once its seal is checked: sealed with a team key, signed
    by the member it names; CoordinateurError in French otherwise."""
    from coordinateur.errors import CoordinateurError
    from coordinateur.partage.enveloppe import EnveloppeRefusee

    try:
        data = fichiers.lit_borne(document.chemin, DOCUMENT_MAX)
        clear = equipe.ouvre(data, "document", document.auteur)
        head, _sep, content = clear.partition(b"\n")
        meta = json.loads(head)
    except (FichierRefuse, EnveloppeRefusee, OSError, ValueError) as exc:
        why = getattr(exc, "motif", None) or getattr(exc, "message", None) or "illisible"
        raise CoordinateurError(f"Le document « {document.nom} » ne peut pas être ouvert : {why}.") from None
    if not isinstance(meta, dict) or hashlib.sha256(content).hexdigest() != meta.get("sha256"):
        raise CoordinateurError(f"Le document « {document.nom} » ne peut pas être ouvert : contenu abîmé.")
    return meta, content
