"""Work that needs the store closed while the window is open (restoring a backup, encrypting a plain
store): the window closes, the store is closed, the work runs, the store is reopened and the window is
built again on it. A failure of the work leaves the store as it was and is said in French."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coordinateur.confiance.ouverture import open_store
from coordinateur.errors import CoordinateurError, decrit_erreur_systeme
from coordinateur.paths import Paths
from coordinateur.store import Store


@dataclass(frozen=True)
class Reouverture:
    key: bytes | None  # the data key to reopen with (a conversion makes a new one)
    recovery: str | None = None  # a recovery key to show once (after a conversion)
    audit: tuple[str, str, str | None, str] | None = None  # action, object type, id, summary
    message: str = ""  # what to tell the coordinator once reopened


Tache = Callable[[Paths, bytes | None], Reouverture]


def ferme_et_rouvre(
    store: Store, tache: Tache, *, kind: str = "fenetre"
) -> tuple[Store, Reouverture | None, str]:
    """Close `store`, run `tache`, reopen. Returns the reopened store, what the work returned (None when it
    failed) and the French reason of the failure ("" when it worked)."""
    paths, key, user = store.paths, store.key, store.user
    store.close()
    done: Reouverture | None = None
    error = ""
    try:
        done = tache(paths, key)
        key = done.key
    except CoordinateurError as exc:
        error = exc.message
    except OSError as exc:
        error = decrit_erreur_systeme(exc)
    reopened = open_store(paths, kind=kind, key=key)
    reopened.user = user
    if done is not None and done.audit is not None:
        with reopened.write() as session:
            reopened.audit(session, *done.audit)
    from coordinateur.annonces import RESTAURATION, Changements, rouvert

    # whoever listened to the store listens to the reopened one; the file was replaced or rewritten
    rouvert(store, reopened, Changements(origine=RESTAURATION, tout=True) if done is not None else None)
    return reopened, done, error


def restauration(ident: str) -> Tache:
    def run(paths: Paths, key: bytes | None) -> Reouverture:
        from coordinateur.confiance.sauvegarde import restaure

        chosen = restaure(paths, ident, key)
        when = chosen.date.astimezone().strftime("%d/%m/%Y à %H:%M")
        return Reouverture(
            key,
            audit=("restauration", "base", chosen.id, f"Sauvegarde {chosen.chemin.name} restaurée"),
            message=f"La sauvegarde du {when} a été restaurée. La base d'avant est gardée comme sauvegarde "
            "« avant-restauration ».",
        )

    return run


def chiffrement_de(phrase: str) -> Tache:
    def run(paths: Paths, _key: bytes | None) -> Reouverture:
        from coordinateur.confiance import chiffrement
        from coordinateur.confiance.conversion import chiffre

        recovery = chiffre(paths, phrase)
        return Reouverture(
            chiffrement.ouvre_cle(paths.data, phrase),
            recovery=recovery,
            audit=("parametrage", "base", None, "Base chiffrée (conversion sur place)"),
            message="Les données sont maintenant chiffrées, et les sauvegardes qui étaient en clair aussi ; "
            "l'ancienne base en clair a été effacée.",
        )

    return run
