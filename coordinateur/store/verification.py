"""`coordinateur verifier`: SQLite integrity, foreign keys, and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from coordinateur.store.audit import verify_chain
from coordinateur.store.store import Store


@dataclass
class Rapport:
    controles: list[str] = field(default_factory=list)
    problemes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problemes


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
        chain = verify_chain(session)
        if chain:
            rapport.problemes += chain
        else:
            rapport.controles.append(f"Journal d'audit : {count} entrées, chaîne intacte.")
    return rapport
