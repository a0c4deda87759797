import itertools

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from coordinateur.confiance.audit import verify_chain
from coordinateur.confiance.verification import verifier
from coordinateur.store import Store
from tests.raw import raw_sql


def fill(store: Store, n: int = 5) -> None:
    for i in range(n):
        with store.write() as session:
            store.audit(session, "creation", "intervenant", f"id-{i}", f"Création n° {i} — é œ ’")


def test_rows_are_chained_and_verify(store: Store) -> None:
    fill(store)
    with store.read() as session:
        rows = session.execute(text("SELECT hash_precedent, hash FROM journal_audit ORDER BY id")).all()
        assert verify_chain(session) == []
    # the first row is the migration, then ours; each row points to the previous
    for previous, current in itertools.pairwise(rows):
        assert current.hash_precedent == previous.hash
    assert verifier(store).ok


@pytest.mark.parametrize("statement", ["UPDATE journal_audit SET resume = 'x'", "DELETE FROM journal_audit"])
def test_triggers_refuse_update_and_delete(store: Store, statement: str) -> None:
    fill(store, 2)
    with pytest.raises(IntegrityError, match="journal d'audit"), store.write() as session:
        session.execute(text(statement))
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM journal_audit")).scalar() == 3


def test_an_edited_row_breaks_the_chain(store: Store) -> None:
    fill(store, 4)
    raw_sql(
        store.paths.store,
        "DROP TRIGGER journal_audit_pas_de_modification",
        "UPDATE journal_audit SET resume = 'rien à voir' WHERE id = 3",
    )
    rapport = verifier(store)
    assert not rapport.ok
    assert any("ligne 3 a été modifiée" in p for p in rapport.problemes)


def test_a_removed_row_breaks_the_chain(store: Store) -> None:
    fill(store, 4)
    raw_sql(
        store.paths.store,
        "DROP TRIGGER journal_audit_pas_de_suppression",
        "DELETE FROM journal_audit WHERE id = 2",
    )
    problems = verifier(store).problemes
    assert any("ligne 3 ne suit pas" in p for p in problems)


def test_unknown_action_is_refused(store: Store) -> None:
    with pytest.raises(ValueError), store.write() as session:
        store.audit(session, "pirater", "x")
