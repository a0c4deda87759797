"""The audit journal cannot be cut unseen in an encrypted store: its chain is keyed by a secret derived
from the data key and its head is sealed in the key file at each write. Each way of cutting it, tried
with the store's own key as a thief with the passphrase would, is reported by `verifier`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.service import enregistre
from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance.verification import verifier
from coordinateur.paths import Paths
from coordinateur.store.schema import connect_raw

PHRASE = "Causse-Comtal 2026 !"
TRIGGERS = ("journal_audit_pas_de_modification", "journal_audit_pas_de_suppression")


def encrypted_store_with_history(paths: Paths) -> bytes:
    with open_store(paths, phrase=PHRASE) as store:
        for n in range(6):
            enregistre(store, FicheIntervenant(nom=f"Cayla{n}", profession_code="60"))
            with store.write() as session:
                store.audit(session, "lecture", "fiche_liaison", f"id-{n}", "Fiche consultée")
        assert verifier(store).ok
        return store.key or b""


def tamper(paths: Paths, key: bytes, statements: Callable[[object], None]) -> None:
    conn = connect_raw(paths.store, key, read_only=False)
    try:
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        statements(conn)
        conn.commit()
    finally:
        conn.close()


def _cut_the_end(conn: object) -> None:
    conn.execute("DELETE FROM journal_audit WHERE id > (SELECT max(id) - 3 FROM journal_audit)")  # type: ignore[attr-defined]


def _empty(conn: object) -> None:
    conn.execute("DELETE FROM journal_audit")  # type: ignore[attr-defined]


def _recompute_without_the_reads(conn: object) -> None:
    """Remove every consultation and rebuild the chain with SHA-256, as the code of the previous
    version did (no secret is needed for that)."""
    from coordinateur.confiance.audit import AuditEntry, _digest

    c = conn  # type: ignore[assignment]
    c.execute("DELETE FROM journal_audit WHERE action = 'lecture'")  # type: ignore[attr-defined]
    rows = c.execute("SELECT id, horodatage, utilisateur, appareil, action, objet_type, objet_id, resume "  # type: ignore[attr-defined]
                     "FROM journal_audit ORDER BY id").fetchall()  # fmt: skip
    previous = "0" * 64
    for row in rows:
        digest = _digest(previous, AuditEntry(*row[1:]))
        c.execute(
            "UPDATE journal_audit SET hash_precedent = ?, hash = ? WHERE id = ?", (previous, digest, row[0])
        )  # type: ignore[attr-defined]
        previous = digest


def _only_the_triggers(conn: object) -> None:
    pass


@pytest.mark.parametrize(
    ("attack", "expected"),
    [
        (_cut_the_end, "des lignes ont été retirées"),
        (_empty, "des lignes ont été retirées"),
        (_recompute_without_the_reads, "modifiée après son écriture"),
        (_only_the_triggers, "protections qui interdisent"),
    ],
    ids=["fin coupée", "vidé", "recalculé sans les consultations", "déclencheurs retirés"],
)
def test_every_way_of_cutting_the_journal_is_reported(paths: Paths, attack: Callable, expected: str) -> None:
    key = encrypted_store_with_history(paths)
    tamper(paths, key, attack)
    with open_store(paths, phrase=PHRASE) as store:
        rapport = verifier(store)
    assert not rapport.ok
    assert any(expected in p for p in rapport.problemes), rapport.problemes


def test_a_forged_seal_is_reported(paths: Paths) -> None:
    encrypted_store_with_history(paths)
    keys = paths.data / "coordinateur.cles"
    content = json.loads(keys.read_text(encoding="utf-8"))
    content["journal"]["ligne"] = 3
    content["journal"]["hash"] = hashlib.sha256(b"x").hexdigest()
    keys.write_text(json.dumps(content), encoding="utf-8")
    with open_store(paths, phrase=PHRASE) as store:
        assert "Journal d'audit : son sceau a été modifié." in verifier(store).problemes


def test_restoring_a_backup_and_changing_the_passphrase_keep_the_journal_verifiable(paths: Paths) -> None:
    from coordinateur.confiance import chiffrement
    from coordinateur.confiance.sauvegarde import restaure, sauvegarde_manuelle

    encrypted_store_with_history(paths)
    with open_store(paths, phrase=PHRASE) as store:
        saved, _ = sauvegarde_manuelle(store)
        enregistre(store, FicheIntervenant(nom="Après la sauvegarde", profession_code="60"))
        key = store.key or b""
    restaure(paths, saved.id, key)
    chiffrement.change_phrase(paths.data, key, "Nouvelle phrase du Carladez 2026 !")
    with open_store(paths, phrase="Nouvelle phrase du Carladez 2026 !") as store:
        rapport = verifier(store)
        assert rapport.ok, rapport.problemes
        assert any("sceau vérifié" in c for c in rapport.controles)


def test_a_plain_store_says_its_journal_is_not_protected(store: object) -> None:
    rapport = verifier(store)  # type: ignore[arg-type]
    assert rapport.ok and any("pas protégé contre une réécriture complète" in c for c in rapport.controles)
