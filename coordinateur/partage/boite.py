"""The outbox: exports waiting for the shared folder, published once it is reachable (architecture §4).

Each export is written once under exports/<destinataire>/<AAAA>/ with its .sha256 beside it; documents
holding person data only go to a folder declared as the structure's internal storage."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import defer

from coordinateur.partage.dossier import ecrit_une_fois
from coordinateur.partage.models import BoiteEnvoi
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.backup import fsync_dir
from coordinateur.store.base import new_uuid


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


PUBLICATION_LOT = 200


def publie(store: Store, root: Path, bilan: Any) -> None:
    """Publish waiting exports in batches: files written once (+ .sha256), one folder fsync and one commit
    per batch. After a crash between the two, an export already in its folder (same hash) is adopted."""
    settings = load_settings(store)
    with store.read() as session:
        waiting_ids = list(
            session.scalars(
                select(BoiteEnvoi.id).where(BoiteEnvoi.publie_le == "").order_by(BoiteEnvoi.cree_le)
            )
        )
    staging = root / "appareils" / store.device_id / ".tmp"
    published: dict[Path, dict[str, Path]] = {}  # per destination folder: hash → file, read once
    for start in range(0, len(waiting_ids), PUBLICATION_LOT):
        with store.read() as session:
            items = list(
                session.scalars(
                    select(BoiteEnvoi).where(BoiteEnvoi.id.in_(waiting_ids[start : start + PUBLICATION_LOT]))
                )
            )
        done: dict[str, str] = {}
        refused: dict[str, str] = {}
        folders: set[Path] = set()
        for item in items:
            if item.donnees_personnes and not settings.partage_dossier_interne:
                refused[item.id] = ("Document contenant des données de personnes : il ne part que vers un stockage interne de "
                                    "la structure (hébergement de données de santé). Déclarez ce dossier comme interne, ou "
                                    "envoyez-le par MSSanté.")  # fmt: skip
                continue
            folder = root / "exports" / _safe(item.destinataire)
            if folder not in published:
                published[folder] = _publies(folder)
            existing = published[folder].get(item.sha256)
            if existing is not None:
                done[item.id] = str(existing)
                continue
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            folder = folder / stamp[:4]
            target = folder / f"{_safe(item.genre)}_{stamp}_{store.device_id[:4]}.{item.extension}"
            k = 1
            while target.exists():
                target = folder / f"{_safe(item.genre)}_{stamp}_{store.device_id[:4]}-{k}.{item.extension}"
                k += 1
            ecrit_une_fois(target, item.contenu, staging, root=root, sync_dir=False)
            sidecar = f"{item.sha256}  {target.name}\n".encode()
            ecrit_une_fois(
                target.with_name(target.name + ".sha256"), sidecar, staging, root=root, sync_dir=False
            )
            folders.add(folder)
            done[item.id] = str(target)
            published[root / "exports" / _safe(item.destinataire)][item.sha256] = target
        for folder in folders:
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


def _publies(folder: Path) -> dict[str, Path]:
    """What this destination already holds, by content hash (from the .sha256 beside each export)."""
    found: dict[str, Path] = {}
    if folder.is_dir():
        for sidecar in folder.rglob("*.sha256"):
            try:
                digest, _sep, name = sidecar.read_text(encoding="utf-8").partition("  ")
            except OSError:
                continue
            if (sidecar.parent / name.strip()).exists():
                found[digest] = sidecar.parent / name.strip()
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
