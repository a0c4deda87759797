"""The audit journal's seal: what makes cutting the journal visible (architecture §5).

In an encrypted store every journal row written after the seal was first laid is chained with a keyed
BLAKE2b (libsodium, through PyNaCl) under a secret derived from the data key, instead of a plain SHA-256
that anyone could recompute. The journal's head (the id and hash of its last row, and the id up to which
rows were chained before the seal existed) is sealed, with the same secret, in the key file
`coordinateur.cles`, at every write. `verifie` then sees a journal cut at its end, emptied, recomputed or
stripped of its triggers. A plain store has no secret: its journal is chained but not protected against
being rewritten whole, and `verifier` says so.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from coordinateur.confiance import audit, chiffrement
from coordinateur.confiance.audit import cle_journal, mac

if TYPE_CHECKING:
    from coordinateur.store.store import Store

TRIGGERS = ("journal_audit_pas_de_modification", "journal_audit_pas_de_suppression")
NON_PROTEGE = (
    "Journal d'audit : base en clair, le journal est chaîné mais pas protégé contre une réécriture complète "
    "(chiffrez la base pour le protéger)."
)


def _message(depuis: int, ligne: int, hash_: str) -> bytes:
    return f"sceau:{depuis}:{ligne}:{hash_}".encode("ascii")


def lit(data: Path) -> dict[str, Any] | None:
    """The seal in the key file, or None when none was laid yet."""
    entry = chiffrement._read(data).get("journal")
    return entry if isinstance(entry, dict) else None


def scelle(data: Path, cle: bytes, depuis: int, ligne: int, hash_: str) -> None:
    """Write the journal's head into the key file, authenticated with the journal's secret."""
    content = chiffrement._read(data)
    content["journal"] = {
        "depuis": depuis,
        "ligne": ligne,
        "hash": hash_,
        "sceau": mac(cle, _message(depuis, ligne, hash_)),
    }
    chiffrement._write(data, content)


def tete(session: Any) -> tuple[int, str]:
    row = session.execute(text("SELECT id, hash FROM journal_audit ORDER BY id DESC LIMIT 1")).first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def verifie(session: Any, data: Path, cle: bytes | None) -> list[str]:
    """French descriptions of what the seal and the triggers reveal; empty when they hold."""
    problems = []
    present = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    missing = [t for t in TRIGGERS if t not in present]
    if missing:
        problems.append(
            "Journal d'audit : les protections qui interdisent de modifier ou d'effacer ses lignes ont été "
            f"retirées ({', '.join(missing)})."
        )
    if cle is None:
        return problems
    seal = lit(data)
    if seal is None:
        return [*problems, "Journal d'audit : son sceau a disparu du fichier de clés."]
    try:
        depuis, ligne, hash_ = int(seal["depuis"]), int(seal["ligne"]), str(seal["hash"])
        authentic = seal.get("sceau") == mac(cle, _message(depuis, ligne, hash_))
    except (KeyError, TypeError, ValueError):
        authentic = False
    if not authentic:
        return [*problems, "Journal d'audit : son sceau a été modifié."]
    if ligne:
        row = session.execute(text("SELECT hash FROM journal_audit WHERE id = :id"), {"id": ligne}).first()
        if row is None:
            count = session.execute(text("SELECT count(*) FROM journal_audit")).scalar_one()
            problems.append(
                f"Journal d'audit : des lignes ont été retirées (le sceau attend au moins {ligne} lignes, "
                f"il en reste {count})."
            )
        elif row[0] != hash_:
            problems.append(f"Journal d'audit : la ligne {ligne} n'est plus celle qui a été scellée.")
    return problems


class JournalScelle:
    """The journal a store is opened with (`Store.journal`): rows appended to the chain — keyed under the
    journal's secret in an encrypted store — and, after each write transaction that appended, the head
    sealed in the key file. A plain store (`data_key` None) has no secret and no seal."""

    def __init__(self, data_key: bytes | None) -> None:
        self._data_key = data_key
        self._cle: bytes | None = None  # the secret, once the seal is read or laid: rows after it are keyed
        self.depuis = 0  # the rows chained before the seal existed (plain SHA-256)
        self._a_sceller = False
        self._verrou = threading.Lock()

    @property
    def cle(self) -> bytes | None:
        """The journal's secret (None for a plain store): what `verifier` checks the chain with."""
        return cle_journal(self._data_key) if self._data_key is not None else None

    def ouvre(self, store: Store) -> None:
        """At opening: the journal's seal read, or laid for the first time (rows so far stay SHA-256)."""
        if self._data_key is None:
            return
        seal = lit(store.paths.data)
        if seal is None:
            with store.read() as session:
                self.scelle(store, depuis=tete(session)[0])
            return
        try:
            self.depuis = int(seal.get("depuis", 0))
        except (TypeError, ValueError):
            self.depuis = 0
        self._cle = cle_journal(self._data_key)

    def inscrit(
        self, session: Session, *, utilisateur: str, appareil: str, action: str, objet_type: str,
        objet_id: str | None, resume: str,
    ) -> None:  # fmt: skip
        audit.record(session, utilisateur=utilisateur, appareil=appareil, action=action,
                     objet_type=objet_type, objet_id=objet_id, resume=resume, cle=self._cle)  # fmt: skip
        self._a_sceller = self._data_key is not None

    def apres_ecriture(self, store: Store) -> None:
        if self._a_sceller:
            self.scelle(store)

    def scelle(self, store: Store, *, depuis: int | None = None) -> None:
        """Seal the journal's current head in the key file (a no-op for a plain store)."""
        if self._data_key is None:
            return
        with self._verrou:
            self._a_sceller = False
            if depuis is not None:
                self.depuis = depuis
            with store.read() as session:
                ligne, hash_ = tete(session)
            secret = cle_journal(self._data_key)
            scelle(store.paths.data, secret, self.depuis, ligne, hash_)
            self._cle = secret
