"""A forgotten passphrase while the window is locked: the printed recovery key opens the way again."""

from __future__ import annotations

from coordinateur.confiance import chiffrement
from coordinateur.store import Store


def remplace_phrase_par_secours(store: Store, secours: str, nouvelle: str) -> None:
    """Check that the recovery key typed is the one of this open store's data, then wrap the data key under
    a new passphrase and record it in the audit log. PhraseIncorrecte (in French) when the key is wrong."""
    chiffrement.exige_robuste(nouvelle)
    key = chiffrement.ouvre_cle_secours(store.paths.data, secours)
    if store.key is None or key != store.key:
        raise chiffrement.PhraseIncorrecte("Cette clé de secours n'est pas celle de ces données.")
    chiffrement.change_phrase(store.paths.data, key, nouvelle)
    with store.write() as session:
        store.audit(session, "parametrage", "base", None, "Phrase de passe remplacée avec la clé de secours")
