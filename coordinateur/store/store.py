"""Opening the store: location check, lock, read-only preflight, backup, migrations, device identity.

`Store` is what services receive: it hands out sessions (`write()` commits under BEGIN IMMEDIATE,
`read()` never writes), stamps sync records with the device's hybrid clock, and appends to the audit log.
"""

from __future__ import annotations

import getpass
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from coordinateur.errors import StoreError, decrit_erreur_systeme
from coordinateur.paths import Paths
from coordinateur.store import audit
from coordinateur.store.backup import backup_before_migration
from coordinateur.store.base import new_uuid, stamp_sync_records
from coordinateur.store.clock import HybridClock
from coordinateur.store.engine import build_engine, read_only_engine
from coordinateur.store.location import refusal_reason
from coordinateur.store.lock import StoreLock
from coordinateur.store.models import Meta, Operation
from coordinateur.store.schema import HEAD, SQLITE_HEADER, existing_revision

log = logging.getLogger(__name__)

META_DEVICE_ID = "appareil_id"
META_DEVICE_NAME = "appareil_nom"
META_CLOCK = "horloge"


class Store:
    def __init__(self, paths: Paths, engine: Engine, lock: StoreLock, key: bytes | None = None) -> None:
        self.paths = paths
        self.engine = engine
        self.key = key  # the data key of an encrypted store (for backups and re-wrapping), else None
        self.recovery_key: str | None = None  # set only when this opening created the keys: shown once
        self._lock = lock
        self._writer = sessionmaker(engine, expire_on_commit=False)
        self._reader = sessionmaker(read_only_engine(engine), expire_on_commit=False)
        # the journal's secret and seal (encrypted stores only): see coordinateur.store.sceau
        self._cle_journal: bytes | None = None
        self.journal_depuis = 0
        self._a_sceller = False
        self._verrou_sceau = threading.Lock()
        self.device_id, self.device_name, self.clock = self._load_identity()
        self._persisted_clock = self.clock.state()
        event.listen(self._writer, "before_flush", self._before_flush)
        self._user: str | None = None

    # -- sessions ---------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction: committed at the end, rolled back on any exception. When
        it wrote to the audit journal of an encrypted store, the journal's new head is sealed after."""
        with self._writer() as session, session.begin():
            yield session
        if self._a_sceller:
            self.scelle_journal()

    def scelle_journal(self, *, depuis: int | None = None) -> None:
        """Seal the journal's current head in the key file (a no-op for a plain store)."""
        from coordinateur.store import sceau

        if self.key is None:
            return
        with self._verrou_sceau:
            self._a_sceller = False
            if depuis is not None:
                self.journal_depuis = depuis
            with self._reader() as session:
                ligne, hash_ = sceau.tete(session)
            sceau.scelle(self.paths.data, sceau.cle_journal(self.key), self.journal_depuis, ligne, hash_)
            self._cle_journal = sceau.cle_journal(self.key)

    def ouvre_journal(self) -> None:
        """At opening: the journal's seal read, or laid for the first time (rows so far stay SHA-256)."""
        from coordinateur.store import sceau

        if self.key is None:
            return
        seal = sceau.lit(self.paths.data)
        if seal is None:
            with self._reader() as session:
                self.scelle_journal(depuis=sceau.tete(session)[0])
            return
        try:
            self.journal_depuis = int(seal.get("depuis", 0))
        except (TypeError, ValueError):
            self.journal_depuis = 0
        self._cle_journal = sceau.cle_journal(self.key)

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
        partage.sync)."""
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
        audit.record(
            session,
            utilisateur=self.user,
            appareil=self.device_id,
            action=action,
            objet_type=objet_type,
            objet_id=objet_id,
            resume=resume,
            cle=self._cle_journal,
        )
        self._a_sceller = self.key is not None

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


def _data_key(paths: Paths, phrase: str | None, key: bytes | None) -> tuple[bytes | None, str | None]:
    """The data key for this folder (None: a plain store) and, when just created, the recovery key."""
    from coordinateur.store import chiffrement

    if chiffrement.est_chiffre(paths.data):
        return key or chiffrement.cle_du_dossier(paths.data, phrase), None
    if phrase is not None and existing_revision(paths.store) is None:
        created = chiffrement.cree_cles(paths.data, phrase)
        return created.cle, created.secours
    return None, None


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


def _preflight_contenu(paths: Paths) -> None:
    """Under the lock, once an interrupted encryption is finished or undone: an emptied store, an
    encrypted store without its key file."""
    from coordinateur.store import chiffrement

    if not paths.store.exists():
        return
    size = paths.store.stat().st_size
    lived = chiffrement.est_chiffre(paths.data) or any(paths.backups.glob("*.db"))
    if size == 0 and lived:
        raise StoreError(
            f"La base {paths.store} est vide (0 octet) alors que ce dossier a déjà servi : elle a sans doute "
            "été abîmée (disque plein, copie interrompue). Elle n'a pas été remplacée ; restaurez la dernière "
            "sauvegarde (« coordinateur sauvegarde liste », puis « coordinateur sauvegarde restaurer ID »)."
        )
    if size and not chiffrement.est_chiffre(paths.data):
        with paths.store.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            raise StoreError(
                f"La base {paths.store} ne se lit pas comme une base en clair, et le fichier de clés "
                f"{chiffrement.KEYFILE} est absent de {paths.data}. Si elle est chiffrée, remettez ce fichier à "
                "sa place (depuis la copie du dossier ou la sauvegarde de l'ordinateur) : sans lui elle ne peut "
                "pas être ouverte. Sinon ce n'est pas une base Coordinateur : déplacez-la. Rien n'a été modifié."
            )


def _leftovers(paths: Paths) -> None:
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


def _private_files(paths: Paths) -> None:
    from coordinateur.paths import prive
    from coordinateur.store import chiffrement

    for path in (paths.store, paths.lock, paths.activation, paths.data / chiffrement.KEYFILE,
                 paths.store.with_name(paths.store.name + "-wal"), paths.store.with_name(paths.store.name + "-shm")):  # fmt: skip
        prive(path)


def open_store(
    paths: Paths, *, kind: str = "commande", phrase: str | None = None, key: bytes | None = None
) -> Store:
    """Open (creating or migrating if needed) the store in `paths.data`.

    A folder with keys is encrypted: it needs its `phrase` (or the data `key`). A new store is created
    encrypted when a `phrase` is given (its recovery key is then in `store.recovery_key`); an existing
    plain store stays plain until converted (`conversion.chiffre`).
    Raises StoreError (bad place, foreign, damaged or newer file — left untouched), StoreLockedError, or
    PhraseIncorrecte (exit code 3).
    """
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
    lock = StoreLock(paths.lock, kind)
    lock.acquire()
    engine: Engine | None = None
    try:
        from coordinateur.store.conversion import reprend

        reprend(paths)  # an encryption interrupted by a crash is finished or undone first
        _leftovers(paths)
        _preflight_contenu(paths)
        key, recovery = _data_key(paths, phrase, key)
        if key is not None:  # an encryption that stopped before its backups: they are encrypted now
            from coordinateur.store.conversion import chiffre_sauvegardes

            chiffre_sauvegardes(paths, key)
        revision = existing_revision(paths.store, key)
        engine = build_engine(paths.store, key)
        if revision != HEAD:
            if revision is not None:
                saved = backup_before_migration(paths.store, paths.backups, revision, key)
                log.info("Copie avant migration : %s", saved)
            migrate(engine)
        store = Store(paths, engine, lock, key)
        store.recovery_key = recovery
        store.ouvre_journal()
        _private_files(paths)
        if revision != HEAD:
            with store.write() as session:
                store.audit(session, "migration", "base", None, f"Schéma {revision or 'vide'} → {HEAD}")
        return store
    except BaseException:
        if engine is not None:
            engine.dispose()
        lock.release()
        raise


def migrate(engine: Engine) -> None:
    """Bring the schema to HEAD with Alembic, one transaction per migration step."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
