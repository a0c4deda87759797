"""A conflict with nothing left to decide leaves the list by itself: the record holds the discarded value
again (a colleague restored it, or both laptops reached the same value). It would otherwise stay on every
laptop, and in every snapshot a newcomer joins from, showing the same value on both sides."""

from __future__ import annotations

from coordinateur.annuaire.service import enregistre, lit
from coordinateur.partage.sync import synchronise
from coordinateur.partage.tableau import conflits, etat, restaure
from coordinateur.store import Store

from .test_partage import person


def _horaires(store: Store, record_id: str, value: str) -> None:
    fiche = lit(store, record_id)
    fiche.horaires = value
    enregistre(store, fiche)


def test_a_conflict_whose_discarded_value_a_colleague_restored_leaves_the_list_everywhere(
    laptops: tuple,
) -> None:
    a, b, shared = laptops
    rid = person(a, "Marie-Thérèse d'Arsonval")
    synchronise(a, shared)
    synchronise(b, shared)
    _horaires(a, rid, "Lundi au vendredi, 8 h – 12 h")
    _horaires(b, rid, "Du lundi au samedi (sauf le jeudi d'Olt), 7 h 30")
    for store in (a, b, a, b):
        synchronise(store, shared)
    assert lit(a, rid).horaires == lit(b, rid).horaires
    open_a, open_b = conflits(a), conflits(b)
    assert len(open_a) == len(open_b) == 1
    lost = open_a[0].ecartee
    restaure(a, open_a[0].id)  # Camille puts the discarded value back: an edit that travels
    synchronise(a, shared)
    received = synchronise(b, shared)
    assert lit(b, rid).horaires == lost
    # B's coordinator had it on the list: the sync's report (and the history) says it was settled
    assert received.conflits_regles == 1 and "1 conflit(s) réglé(s) par un collègue" in received.resume()
    assert conflits(b) == [] and etat(b).conflits == 0  # nothing left to decide at B either
    assert conflits(a) == [] and etat(a).conflits == 0
