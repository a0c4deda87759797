"""The open store, and what opening it needs from the storage layer: location check, file kinds,
leftovers, migrations, device identity. The opening itself, keys and journal included, is
`coordinateur.confiance.ouverture.open_store`.

`Store` is what services receive: it hands out sessions (`write()` commits under BEGIN IMMEDIATE,
`read()` never writes), stamps sync records with the device's hybrid clock, and appends to the audit log.
"""

from __future__ import annotations

import getpass
import json
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from coordinateur.errors import StoreError, decrit_erreur_systeme
from coordinateur.paths import Paths
from coordinateur.store.base import new_uuid, stamp_sync_records
from coordinateur.store.clock import HybridClock
from coordinateur.store.engine import read_only_engine
from coordinateur.store.location import refusal_reason
from coordinateur.store.lock import StoreLock
from coordinateur.store.models import Meta, Operation

log = logging.getLogger(__name__)

META_DEVICE_ID = "appareil_id"
META_DEVICE_NAME = "appareil_nom"
META_CLOCK = "horloge"


class Journal(Protocol):
    """Where `Store.audit` appends and what it does once a write that appended has committed. The trust
    package gives the one the store is opened with (`coordinateur.confiance.sceau.JournalScelle`: the
    chained rows, and the journal's seal of an encrypted store); the store never imports it."""

    def inscrit(
        self, session: Session, *, utilisateur: str, appareil: str, action: str, objet_type: str,
        objet_id: str | None, resume: str,
    ) -> None: ...  # fmt: skip

    def apres_ecriture(self, store: Store) -> None: ...


class Store:
    def __init__(
        self, paths: Paths, engine: Engine, lock: StoreLock, journal: Journal, key: bytes | None = None
    ) -> None:
        self.paths = paths
        self.engine = engine
        self.key = key  # the data key of an encrypted store (for backups and re-wrapping), else None
        self.recovery_key: str | None = None  # set only when this opening created the keys: shown once
        self.journal = journal
        self._lock = lock
        self._writer = sessionmaker(engine, expire_on_commit=False)
        self._reader = sessionmaker(read_only_engine(engine), expire_on_commit=False)
        self.device_id, self.device_name, self.clock = self._load_identity()
        self._persisted_clock = self.clock.state()
        event.listen(self._writer, "before_flush", self._before_flush)
        self._user: str | None = None

    # -- sessions ---------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction: committed at the end, rolled back on any exception. When
        it appended to the audit journal, the journal is told once it has committed (it seals its head)."""
        with self._writer() as session, session.begin():
            yield session
        self.journal.apres_ecriture(self)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; closing it ends its transaction and keeps loaded objects usable."""
        with self._reader() as session:
            yield session

    def _before_flush(self, session: Session, _ctx: Any, _instances: Any) -> None:
        operations = stamp_sync_records(session, lambda: self.clock.tick().encode(), self.device_id)
        if operations:
            session.connection().execute(
                insert(Operation), [{**op, "user": self.user, "seq": None} for op in operations]
            )
        self._persist_clock(session)

    def _persist_clock(self, session: Session) -> None:
        state = self.clock.state()
        if state == self._persisted_clock:
            return
        session.connection().execute(
            text("UPDATE meta SET valeur = :v WHERE cle = :k"),
            {"v": json.dumps(list(state)), "k": META_CLOCK},
        )
        self._persisted_clock = state

    # -- identity ---------------------------------------------------------------------------------

    def _load_identity(self) -> tuple[str, str, HybridClock]:
        with self.write() as session:
            values = {k: v for k, v in session.execute(select(Meta.cle, Meta.valeur))}
            device_id = values.get(META_DEVICE_ID)
            if not device_id:
                device_id = new_uuid()
                session.add(Meta(cle=META_DEVICE_ID, valeur=device_id))
            device_name = values.get(META_DEVICE_NAME)
            if not device_name:
                device_name = socket.gethostname() or "Ordinateur"
                session.add(Meta(cle=META_DEVICE_NAME, valeur=device_name))
            if META_CLOCK in values:
                wall, counter = json.loads(values[META_CLOCK])
            else:
                wall, counter = 0, 0
                session.add(Meta(cle=META_CLOCK, valeur=json.dumps([0, 0])))
        return device_id, device_name, HybridClock(device_id, wall=wall, counter=counter)

    def rename_device(self, name: str) -> None:
        """This laptop's name, as colleagues see it in the shared folder."""
        name = name.strip()
        if not name:
            from coordinateur.errors import ValidationError

            raise ValidationError(
                "Donnez un nom à cet ordinateur (ex. : portable de Camille).", "appareil_nom"
            )
        with self.write() as session:
            session.merge(Meta(cle=META_DEVICE_NAME, valeur=name))
            self.audit(session, "parametrage", "appareil", self.device_id, f"Ordinateur renommé « {name} »")
        self.device_name = name

    def change_identite(self, device_id: str, avec: Callable[[Session], None]) -> None:
        """A new device id for this store instance, written with `avec`'s changes in one transaction (after
        a restore, or on a copied install: the shared folder's stream of the former id goes on, see
        partage.envoi)."""
        previous = self.device_id
        with self.write() as session:
            avec(session)
            session.merge(Meta(cle=META_DEVICE_ID, valeur=device_id))
            self.audit(session, "parametrage", "appareil", device_id,
                       f"Cet ordinateur reprend sous un nouvel identifiant (ancien : {previous[:8]})")  # fmt: skip
        self.device_id = device_id
        self.clock.device = device_id

    @property
    def user(self) -> str:
        """Who is acting, for the audit log: the coordinator's name once set, else the OS account."""
        if self._user is None:
            try:
                self._user = getpass.getuser()
            except Exception:  # getuser raises several kinds on odd systems
                self._user = "inconnu"
        return self._user

    @user.setter
    def user(self, name: str) -> None:
        self._user = name or None

    def audit(
        self, session: Session, action: str, objet_type: str, objet_id: str | None = None, resume: str = ""
    ) -> None:
        self.journal.inscrit(
            session,
            utilisateur=self.user,
            appareil=self.device_id,
            action=action,
            objet_type=objet_type,
            objet_id=objet_id,
            resume=resume,
        )

    # -- lifetime ---------------------------------------------------------------------------------

    def close(self) -> None:
        try:
            self.engine.dispose()
            efface_apercus(self.paths)
        finally:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def prepare(paths: Paths) -> None:
    """Before the lock: the folder is a place a store may live in, it exists, and nothing that is not a
    regular file sits where the store or its lock should be (said in French, nothing touched)."""
    reason = refusal_reason(paths.data)
    if reason:
        raise StoreError(reason)
    try:
        paths.ensure()
    except OSError as exc:
        raise StoreError(
            f"Impossible de créer le dossier de données {paths.data} : {decrit_erreur_systeme(exc)}."
        ) from exc
    _preflight(paths)


def _preflight(paths: Paths) -> None:
    """What no opening may go past, said in French before anything is touched: a folder or a special file
    where the store or its lock should be, an empty store in a folder that has lived, an encrypted store
    whose key file is missing."""
    import stat

    for path, what in ((paths.store, "la base"), (paths.lock, "le verrou")):
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"Impossible de lire {path} : {decrit_erreur_systeme(exc)}.") from exc
        if not stat.S_ISREG(mode):
            kind = (
                "un dossier"
                if stat.S_ISDIR(mode)
                else "un lien"
                if stat.S_ISLNK(mode)
                else "un fichier spécial"
            )
            raise StoreError(
                f"{path} devrait être {what} de Coordinateur, mais c'est {kind} : rien n'a été ouvert ni modifié. "
                "Déplacez-le, puis relancez Coordinateur."
            )


def leftovers(paths: Paths) -> None:
    """Copies a killed backup left behind (`*.db.tmp`, up to the size of the store): under the lock, no
    backup of this store is running, so they are only waste (and data). Sheets opened in the system's
    viewer last time, if it still held them when the store closed."""
    for leftover in paths.backups.glob("*.tmp"):
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)
            log.info("Copie de sauvegarde inachevée supprimée : %s", leftover.name)
    efface_apercus(paths)


def efface_apercus(paths: Paths) -> None:
    """The liaison sheets written for the system's PDF viewer (`cache/apercus`): they name persons."""
    folder = paths.cache / "apercus"
    if not folder.is_dir() or folder.is_symlink():
        return
    for sheet in folder.iterdir():
        if sheet.is_file() and not sheet.is_symlink():
            try:
                sheet.unlink()
            except OSError:  # still open in a viewer (Windows): removed at the next start
                pass


def migrate(engine: Engine) -> None:
    """Bring the schema to HEAD with Alembic, one transaction per migration step."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
