"""Backups of the store (architecture §5): consistent copies, verified, rotated, restorable.

A backup is `sauvegardes/sauvegarde_<AAAAMMJJTHHMMSSZ>_<motif>.db`, made through the SQLite/SQLCipher
backup API into a temporary file, fsynced, checked, renamed (`copy_store`). An encrypted store gives
encrypted backups, each with a copy of the key file beside it (`.cles`: the data key, wrapped), so that a
backup can be restored on a new laptop with the passphrase or the recovery key.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinateur.confiance import chiffrement
from coordinateur.confiance.backup import copy_store, ecrit_atomiquement
from coordinateur.errors import StoreError
from coordinateur.paths import Paths
from coordinateur.store.lock import StoreLock
from coordinateur.store.schema import connect_raw, db_errors

if TYPE_CHECKING:
    from coordinateur.store.store import Store

# `-<k>`: the k-th further backup of the same second (`_nouveau`)
NAME = re.compile(
    r"^(?:sauvegarde|avant-[a-z-]+?)_(?:[0-9]{4}_)?(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<rang>\d+))?"
    r"(?:_(?P<motif>[a-z-]+))?\.db$"
)
# Rotation of automatic backups: how many distinct periods of each kind keep their newest backup.
ROTATION = {"heure": 24, "jour": 14, "semaine": 8, "mois": 12}


@dataclass(frozen=True)
class Sauvegarde:
    id: str  # the file name without .db: unique
    chemin: Path
    date: datetime
    motif: str
    taille: int


def _stamp(when: datetime) -> str:
    return when.strftime("%Y%m%dT%H%M%SZ")


def _nouveau(paths: Paths, when: datetime, motif: str) -> Path:
    """A backup name not used yet: two backups in the same second get -1, -2… (never overwritten)."""
    stamp = _stamp(when)
    target = paths.backups / f"sauvegarde_{stamp}_{motif}.db"
    k = 0
    while target.exists():
        k += 1
        target = paths.backups / f"sauvegarde_{stamp}-{k}_{motif}.db"
    return target


def liste(paths: Paths) -> list[Sauvegarde]:
    """Every backup in the backups folder, newest first."""
    return liste_dossier(paths.backups)


def liste_dossier(folder: Path) -> list[Sauvegarde]:
    """Every backup in `folder` (the backups folder or a second destination), newest first."""
    found = []
    if folder.is_dir():
        for path in folder.glob("*.db"):
            match = NAME.match(path.name)
            if not match:
                continue
            when = datetime.strptime(match["stamp"][:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            motif = match["motif"] or path.name.split("_")[0]
            rank = int(match["rang"] or 0)
            found.append((when, rank, Sauvegarde(path.stem, path, when, motif, path.stat().st_size)))
    return [s for _w, _r, s in sorted(found, key=lambda x: (x[0], x[1], x[2].chemin.name), reverse=True)]


def cree(
    paths: Paths,
    key: bytes | None,
    motif: str = "manuelle",
    *,
    maintenant: datetime | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Sauvegarde:
    """A new verified backup of the live store (which may stay open: the backup API copies a snapshot).
    `cancelled`: see `copy_store` (the copy stops and leaves nothing)."""
    when = maintenant or datetime.now(UTC)
    target = _nouveau(paths, when, motif)
    copy_store(paths.store, target, key, cancelled=cancelled)
    if key is not None:
        ecrit_atomiquement(target.with_suffix(".cles"), (paths.data / chiffrement.KEYFILE).read_bytes())
    if motif == "auto":
        fait_tourner(paths)
    return Sauvegarde(target.stem, target, when.replace(microsecond=0), motif, target.stat().st_size)


def _periods(when: datetime) -> dict[str, tuple[int, ...]]:
    iso = when.isocalendar()
    return {"heure": (when.year, when.month, when.day, when.hour), "jour": (when.year, when.month, when.day),
            "semaine": (iso.year, iso.week), "mois": (when.year, when.month)}  # fmt: skip


def a_garder(sauvegardes: list[Sauvegarde]) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last 24 hours, 14 days, 8 weeks and 12
    months that have one. Only automatic backups rotate; the others are kept until deleted by hand."""
    keep = {s.chemin for s in sauvegardes if s.motif != "auto"}
    autos = sorted((s for s in sauvegardes if s.motif == "auto"), key=lambda s: s.date, reverse=True)
    for kind, count in ROTATION.items():
        seen: list[tuple[int, ...]] = []
        for backup in autos:
            period = _periods(backup.date)[kind]
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.append(period)
            keep.add(backup.chemin)
    return keep


def fait_tourner(paths: Paths) -> list[Path]:
    """Delete the automatic backups the rotation no longer keeps; returns what was removed."""
    return fait_tourner_dossier(paths.backups)


def fait_tourner_dossier(folder: Path) -> list[Path]:
    backups = liste_dossier(folder)
    keep = a_garder(backups)
    removed = []
    for backup in backups:
        if backup.chemin not in keep:
            backup.chemin.unlink(missing_ok=True)
            backup.chemin.with_suffix(".cles").unlink(missing_ok=True)
            removed.append(backup.chemin)
    return removed


def _trouve(paths: Paths, ident: str) -> Sauvegarde:
    matches = [s for s in liste(paths) if s.id == ident or s.chemin.name == ident]
    if not matches:
        raise StoreError(
            f"Aucune sauvegarde « {ident} » : `coordinateur sauvegarde liste` les montre toutes."
        )
    return matches[0]


def verifie(sauvegarde: Sauvegarde | Path, key: bytes | None) -> list[str]:
    """Test-restore into a temporary folder: integrity and every table readable. Returns what was checked;
    raises StoreError with the reason when the backup cannot be used."""
    path = sauvegarde.chemin if isinstance(sauvegarde, Sauvegarde) else sauvegarde
    with tempfile.TemporaryDirectory(prefix="coordinateur-verif-") as folder:
        trial = Path(folder) / "essai.db"
        shutil.copyfile(path, trial)
        try:
            conn = connect_raw(trial, key)
            try:
                verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
                tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
                rows = sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                conn.close()
        except db_errors(key) as exc:
            raise StoreError(
                f"La sauvegarde {path.name} est illisible ({exc}) : clé différente ou fichier endommagé."
            ) from exc
    if verdict != "ok":
        raise StoreError(f"La sauvegarde {path.name} est endommagée : {verdict}.")
    return [
        f"{path.name} : intégrité vérifiée, {len(tables)} tables, {rows} lignes, schéma {revision[0] if revision else '?'}"
    ]


def verifie_derniere(paths: Paths, key: bytes | None) -> list[str]:
    backups = liste(paths)
    if not backups:
        raise StoreError("Aucune sauvegarde pour l'instant : `coordinateur sauvegarde creer` en fait une.")
    return verifie(backups[0], key)


def restaure(paths: Paths, ident: str, key: bytes | None) -> Sauvegarde:
    """Put a verified backup in place of the store (closed: we take its lock). The current store is
    backed up first, so a restore can itself be undone."""
    chosen = _trouve(paths, ident)
    verifie(chosen, key)
    lock = StoreLock(paths.lock, "commande")
    lock.acquire()
    try:
        if paths.store.exists():
            copy_store(paths.store, _nouveau(paths, datetime.now(UTC), "avant-restauration"), key)
        # a WAL left by a crash belongs to the replaced file (its content is in the copy just made)
        for suffix in ("-wal", "-shm"):
            paths.store.with_name(paths.store.name + suffix).unlink(missing_ok=True)
        copy_store(chosen.chemin, paths.store, key)
        if key is not None:
            _rescelle(paths, chosen, key)
    finally:
        lock.release()
    return chosen


def _rescelle(paths: Paths, chosen: Sauvegarde, key: bytes) -> None:
    """A restored journal is an older one: its head is sealed again, with the rows the backup's own key
    file says were chained before the seal existed (all of them, for a backup older than the seal)."""
    import json

    from coordinateur.confiance import sceau
    from coordinateur.confiance.audit import cle_journal
    from coordinateur.store.schema import connect_raw

    conn = connect_raw(paths.store, key)
    try:
        row = conn.execute("SELECT id, hash FROM journal_audit ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    ligne, hash_ = (int(row[0]), str(row[1])) if row else (0, "")
    depuis = ligne
    try:
        beside = json.loads(chosen.chemin.with_suffix(".cles").read_text(encoding="utf-8"))
        if isinstance(beside, dict) and isinstance(beside.get("journal"), dict):
            depuis = int(beside["journal"].get("depuis", ligne))
    except (OSError, ValueError, TypeError):
        pass
    sceau.scelle(paths.data, cle_journal(key), depuis, ligne, hash_)


PLAIN_REFUSED = (
    "La seconde destination n'accepte que des sauvegardes chiffrées : chiffrez d'abord la base "
    "(Protection → Phrase de passe et verrouillage)."
)


def copie_seconde(sauvegarde: Sauvegarde, destination: Path, key: bytes | None) -> Path:
    """A copy of a backup (and its key file) in the second destination — a USB key, an internal share —
    written atomically and verified there, then rotated like the first. Only encrypted backups leave the
    laptop: a plain store must be encrypted first."""
    if key is None:
        raise StoreError(PLAIN_REFUSED)
    if not destination.is_dir():
        raise StoreError(f"La seconde destination {destination} n'est pas branchée ou n'existe plus.")
    target = destination / sauvegarde.chemin.name
    try:
        copy_store(sauvegarde.chemin, target, key)
        ecrit_atomiquement(target.with_suffix(".cles"), sauvegarde.chemin.with_suffix(".cles").read_bytes())
    except OSError as exc:
        from coordinateur.errors import decrit_erreur_systeme

        raise StoreError(
            f"Copie vers la seconde destination {destination} impossible : {decrit_erreur_systeme(exc)}."
        ) from exc
    fait_tourner_dossier(destination)
    return target


def seconde_a_jour(store: Store, destination: str) -> str:
    """Bring the second destination up to date with the newest backup, when it is plugged in. Returns a
    short French sentence for the status bar ("" when there is nothing to say)."""
    if not destination:
        return ""
    if store.key is None:
        raise StoreError(PLAIN_REFUSED)
    folder = Path(destination)
    newest = liste(store.paths)
    if not newest:
        return ""
    if (folder / newest[0].chemin.name).exists():
        return ""
    if not folder.is_dir():
        return f"seconde destination absente ({folder})"
    copie_seconde(newest[0], folder, store.key)
    return f"copiée aussi dans {folder}"


def sauvegarde_manuelle(store: Store, seconde: str = "") -> tuple[Sauvegarde, str]:
    """A backup asked for by the coordinator, recorded in the audit log, copied to the second destination
    when it is plugged in. Returns it and what happened to the second copy ("" when nothing to say)."""
    saved = cree(store.paths, store.key)
    with store.write() as session:
        store.audit(session, "sauvegarde", "base", saved.id, f"Sauvegarde {saved.chemin.name}")
    try:
        return saved, seconde_a_jour(store, seconde)
    except StoreError as exc:  # the backup is made; only the second copy failed
        return saved, exc.message


AUTO_MARK = "sauvegarde_auto_repere"


def _repere(session: Any) -> str:
    from sqlalchemy import text

    audit_max = session.execute(text("SELECT coalesce(max(rowid), 0) FROM journal_audit")).scalar()
    ops_max = session.execute(text("SELECT coalesce(max(rowid), 0) FROM operation")).scalar()
    return f"{audit_max}:{ops_max}"


def sauvegarde_auto(
    store: Store, *, maintenant: datetime | None = None, cancelled: Callable[[], bool] | None = None
) -> Sauvegarde | None:
    """The automatic backup (every 30 minutes in the window): made only if data changed since the last
    one, then rotated. Returns it, or None when nothing changed. Stopped by `cancelled` (the window
    closing), it leaves no file and no mark: the next one is made."""
    from coordinateur.store.models import Meta

    with store.read() as session:
        mark = _repere(session)
        previous = session.get(Meta, AUTO_MARK)
    if previous is not None and previous.valeur == mark:
        return None
    saved = cree(store.paths, store.key, "auto", maintenant=maintenant, cancelled=cancelled)
    with store.write() as session:
        session.merge(Meta(cle=AUTO_MARK, valeur=mark))
    return saved
