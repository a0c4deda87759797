"""`coordinateur verifier`: SQLite integrity, foreign keys, and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from coordinateur.confiance import sceau
from coordinateur.confiance.audit import cle_journal, verify_chain
from coordinateur.confiance.sceau import NON_PROTEGE
from coordinateur.store import Store


@dataclass
class Rapport:
    controles: list[str] = field(default_factory=list)
    problemes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problemes


def journal_problemes(store: Store, session: object) -> list[str]:
    """The chain, the seal and the triggers of the audit journal, in French; empty when all hold."""
    cle = cle_journal(store.key) if store.key is not None else None
    depuis = store.journal.depuis if isinstance(store.journal, sceau.JournalScelle) else 0
    return verify_chain(session, cle, depuis) + sceau.verifie(session, store.paths.data, cle)  # type: ignore[arg-type]


def verifier(store: Store) -> Rapport:
    rapport = Rapport()
    with store.read() as session:
        results = [r[0] for r in session.execute(text("PRAGMA integrity_check")).all()]
        if results == ["ok"]:
            rapport.controles.append("Intégrité de la base : correcte.")
        else:
            rapport.problemes += [f"Intégrité de la base : {r}" for r in results]
        fk = session.execute(text("PRAGMA foreign_key_check")).all()
        if not fk:
            rapport.controles.append("Liens entre fiches : corrects.")
        else:
            rapport.problemes += [f"Lien cassé : table {r[0]}, ligne {r[1]} → {r[2]}" for r in fk]
        count = session.execute(text("SELECT count(*) FROM journal_audit")).scalar_one()
        problems = journal_problemes(store, session)
        if problems:
            rapport.problemes += problems
        else:
            rapport.controles.append(
                f"Journal d'audit : {count} entrées, chaîne intacte"
                + (", sceau vérifié." if store.key is not None else ".")
            )
        if store.key is None:
            rapport.controles.append(NON_PROTEGE)
    return rapport
