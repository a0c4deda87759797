"""What changed in a store, announced to whoever listens (the window's screens), without Qt.

Every write transaction of a store is watched: the records it added, changed or deleted are gathered by
kind (`intervenant`, `structure`, `personne`, `reunion`, `action`…) and, once the transaction is committed,
announced as one `Changements`. A sync, an import, a merge, a purge and the coordinator's own edits are all
seen the same way; a restore, which replaces the whole file, announces `tout`. A rolled back transaction
announces nothing.

Listeners are called on the thread that committed (an import runs on a worker thread): a window hands the
announcement over to its own thread (ui.common.annonces). A listener that raises is logged; the others
are still called.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from coordinateur.store import Store

log = logging.getLogger(__name__)

SYNCHRONISATION = "synchronisation"
SAISIE = "saisie"  # anything else: the window's forms, an import, a merge, a purge
RESTAURATION = "restauration"
_PENDING = "annonces_en_attente"


@dataclass(frozen=True)
class Changements:
    """Ids by kind of what a transaction added, changed or deleted; `tout`: anything may have changed."""

    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)
    origine: str = SAISIE
    tout: bool = False

    def touche(self, kinds: Iterable[str]) -> bool:
        return self.tout or any(kind in self.ids for kind in kinds)


Ecouteur = Callable[[Changements], None]


class Annonces:
    """The listeners of one store."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ecouteurs: list[Ecouteur] = []

    def abonne(self, ecouteur: Ecouteur) -> Callable[[], None]:
        """Listen from now on; returns what stops listening."""
        with self._lock:
            self._ecouteurs.append(ecouteur)

        def desabonne() -> None:
            with self._lock:
                if ecouteur in self._ecouteurs:
                    self._ecouteurs.remove(ecouteur)

        return desabonne

    def annonce(self, changements: Changements) -> None:
        with self._lock:
            ecouteurs = list(self._ecouteurs)
        for ecouteur in ecouteurs:
            try:
                ecouteur(changements)
            except Exception:
                log.exception("Un écouteur des changements a échoué")


_hubs: weakref.WeakKeyDictionary[Store, Annonces] = weakref.WeakKeyDictionary()
_hubs_lock = threading.Lock()


def annonces(store: Store) -> Annonces:
    """The announcements of `store` (its write transactions are watched from the first call on)."""
    with _hubs_lock:
        hub = _hubs.get(store)
        if hub is None:
            hub = _hubs[store] = Annonces()
            _watch(store, hub)
    return hub


def rouvert(ancien: Store, nouveau: Store, changements: Changements | None) -> None:
    """`nouveau` is `ancien` closed and reopened (a restore, an encryption): its listeners follow it, and
    hear `changements` (what the store's sessions did not see: the file itself was replaced)."""
    with _hubs_lock:
        hub = _hubs.pop(ancien, None)
        if hub is None:
            return
        _hubs[nouveau] = hub
        _watch(nouveau, hub)
    if changements is not None:
        hub.annonce(changements)


def _watch(store: Store, hub: Annonces) -> None:
    writer: Any = store._writer  # the sessionmaker of the store's write transactions

    def collect(session: Session, _context: Any) -> None:
        pending: dict[str, set[str]] = session.info.setdefault(_PENDING, {})
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = getattr(obj, "__tablename__", None)
            ident = getattr(obj, "id", None)
            if table is None or not isinstance(ident, str):
                continue
            pending.setdefault(getattr(type(obj), "KIND", None) or table, set()).add(ident)

    def committed(session: Session) -> None:
        pending = session.info.pop(_PENDING, None)
        if pending:
            origine = SYNCHRONISATION if session.info.get("remote") else SAISIE
            hub.annonce(Changements({k: frozenset(v) for k, v in pending.items()}, origine))

    def rolled_back(session: Session) -> None:
        session.info.pop(_PENDING, None)

    event.listen(writer, "after_flush", collect)
    event.listen(writer, "after_commit", committed)
    event.listen(writer, "after_soft_rollback", lambda session, _previous: rolled_back(session))
