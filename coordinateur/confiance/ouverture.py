"""Opening a store: what the storage layer checks, then what trust adds — an interrupted encryption
finished or undone, the data key from the key file, backups still in clear encrypted, a copy before a
migration, the audit journal's seal read or laid, the files made private.

The storage layer (`coordinateur.store`) never imports this package: it receives the journal
(`sceau.JournalScelle`) with the engine and the lock.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from coordinateur.confiance import chiffrement
from coordinateur.confiance.backup import backup_before_migration
from coordinateur.confiance.conversion import chiffre_sauvegardes, reprend
from coordinateur.confiance.sceau import JournalScelle
from coordinateur.errors import StoreError
from coordinateur.paths import Paths, prive
from coordinateur.store.engine import build_engine
from coordinateur.store.lock import StoreLock
from coordinateur.store.schema import HEAD, SQLITE_HEADER, existing_revision
from coordinateur.store.store import Store, leftovers, migrate, prepare

log = logging.getLogger(__name__)


def _data_key(paths: Paths, phrase: str | None, key: bytes | None) -> tuple[bytes | None, str | None]:
    """The data key for this folder (None: a plain store) and, when just created, the recovery key."""
    if chiffrement.est_chiffre(paths.data):
        return key or chiffrement.cle_du_dossier(paths.data, phrase), None
    if phrase is not None and existing_revision(paths.store) is None:
        created = chiffrement.cree_cles(paths.data, phrase)
        return created.cle, created.secours
    return None, None


def _preflight_contenu(paths: Paths) -> None:
    """Under the lock, once an interrupted encryption is finished or undone: an emptied store, an
    encrypted store without its key file."""
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


def _private_files(paths: Paths) -> None:
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
    prepare(paths)
    lock = StoreLock(paths.lock, kind)
    lock.acquire()
    engine: Engine | None = None
    try:
        reprend(paths)  # an encryption interrupted by a crash is finished or undone first
        leftovers(paths)
        _preflight_contenu(paths)
        key, recovery = _data_key(paths, phrase, key)
        if key is not None:  # an encryption that stopped before its backups: they are encrypted now
            chiffre_sauvegardes(paths, key)
        revision = existing_revision(paths.store, key)
        engine = build_engine(paths.store, key)
        if revision != HEAD:
            if revision is not None:
                saved = backup_before_migration(paths.store, paths.backups, revision, key)
                log.info("Copie avant migration : %s", saved)
            migrate(engine)
        journal = JournalScelle(key)
        store = Store(paths, engine, lock, journal, key)
        store.recovery_key = recovery
        journal.ouvre(store)
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


def ouvre_avec_secours(paths: Paths, secours: str, nouvelle: str, *, kind: str = "fenetre") -> Store:
    """Forgotten passphrase: open with the recovery key and wrap the data key under a new passphrase."""
    chiffrement.exige_robuste(nouvelle)  # before the store is opened
    key = chiffrement.ouvre_cle_secours(paths.data, secours)
    store = open_store(paths, kind=kind, key=key)
    try:
        chiffrement.change_phrase(paths.data, key, nouvelle)
        with store.write() as session:
            store.audit(
                session, "parametrage", "base", None, "Phrase de passe remplacée avec la clé de secours"
            )
    except BaseException:
        store.close()
        raise
    return store
