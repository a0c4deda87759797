"""A laptop renamed after it joined (or whose coordinator changed) writes its device card again: its
colleagues list it under its new names (devices list, team list, the history's line), with what a hostile
card could slip into a list (a line break, a right-to-left override) taken out. What stands where the card
should be (a folder) is named in a warning, and the sync goes on."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.confiance.ouverture import open_store
from coordinateur.partage import equipe, retrait
from coordinateur.partage.equipe import une_ligne
from coordinateur.partage.sync import _texte, synchronise
from coordinateur.partage.tableau import appareils
from coordinateur.paths import resolve_paths
from coordinateur.settings import enregistre_reglages, load_settings

from .outils import en_equipe
from .test_instantane import ajoute, root_of


def test_a_renamed_laptop_is_listed_under_its_new_names_by_its_colleagues(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "b"))
    try:
        b.rename_device("Portable de Lucie")
        enregistre_reglages(b, coordinateur_nom="Lucie Vayssettes")
        en_equipe(shared, a, b)
        for store in (a, b, a):
            synchronise(store, shared)
        assert {r.appareil: r.nom for r in appareils(a)}[b.device_id] == "Portable de Lucie"

        b.rename_device("Portable d'Hervé\u202e Cayla-d'Olt\n(CPTS)")
        enregistre_reglages(b, coordinateur_nom="Hervé Cayla-d'Olt")
        ajoute(b, "Marie-Thérèse d'Arsonval")
        synchronise(b, shared)
        synchronise(a, shared)

        listed = {r.appareil: r for r in appareils(a)}[b.device_id]
        assert (listed.nom, listed.coordinateur) == (
            "Portable d'Hervé Cayla-d'Olt (CPTS)",
            "Hervé Cayla-d'Olt",
        )
        team = {line.appareil: line for line in retrait.membres(a)}[b.device_id]
        assert (team.nom, team.coordinateur) == ("Portable d'Hervé Cayla-d'Olt (CPTS)", "Hervé Cayla-d'Olt")
        assert "1 de « Portable d'Hervé Cayla-d'Olt (CPTS) »" in load_settings(a).partage_historique[0]
        own = {line.appareil: line for line in retrait.membres(b)}[b.device_id]
        assert own.moi and own.coordinateur == "Hervé Cayla-d'Olt"

        # nothing renamed: the card is not written again
        card = root_of(shared) / "appareils" / b.device_id / "appareil.cmb"
        before = card.stat().st_ino
        synchronise(b, shared)
        assert card.stat().st_ino == before
        # a folder where the card stands: named, and the sync goes on
        card.unlink()
        card.mkdir()
        b.rename_device("Portable de Noémie")
        ajoute(b, "Jean-Noël L'Hermet")
        bilan = synchronise(b, shared)
        assert any(str(card) in x for x in bilan.alertes), bilan.alertes
        assert bilan.ecrits == 1
    finally:
        a.close()
        b.close()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400) | st.integers() | st.none() | st.lists(st.text(max_size=5), max_size=3))
def test_a_name_from_another_laptop_always_fits_one_line(value: object) -> None:
    """Whatever a card or a declaration holds as a name: one line, no control or format character (a line
    break, a right-to-left override, a zero-width joiner), no space at its ends or doubled, and the same
    once read again; its letters, digits and punctuation are kept, in their order."""
    shown = une_ligne(value)
    assert not any(unicodedata.category(c)[0] in "C" or (unicodedata.category(c)[0] == "Z" and c != " ")
                   for c in shown)  # fmt: skip
    assert shown == shown.strip() and "  " not in shown and une_ligne(shown) == shown
    kept = [c for c in value if unicodedata.category(c)[0] not in "CZ"] if isinstance(value, str) else []
    assert [c for c in shown if c != " "] == kept
    assert _texte(value) == shown[:200]


def test_who_typed_a_conflicting_value_is_said_whatever_its_clock(tmp_path: Path) -> None:
    """A conflict's clock names its author and when; an unreadable one says nothing, and one beyond what a
    date can hold names the author alone (the list never fails on a clock)."""
    from coordinateur.partage.tableau import _saisie

    store = open_store(resolve_paths(tmp_path / "a"))
    try:
        other = "b" * 8 + "-0000-4000-8000-" + "0" * 12
        names = {other: "Portable d'Hervé Cayla-d'Olt"}
        assert _saisie(f"{1764500000000:015d}-000000-{other}", store, names, None).startswith(
            "« Portable d'Hervé Cayla-d'Olt », le "
        )
        assert _saisie(f"{1764500000000:015d}-000000-{store.device_id}", store, names, None).startswith(
            "cet ordinateur, le "
        )
        assert _saisie("pas une horloge", store, names, None) == ""
        assert _saisie(f"{'9' * 15}-000000-{other}", store, names, None) == "« Portable d'Hervé Cayla-d'Olt »"
    finally:
        store.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="tubes nommés POSIX")
def test_a_card_planted_in_a_colleagues_folder_never_renames_it(tmp_path: Path) -> None:
    """C, a member, writes a card naming B « Portable de la DSI » into B's folder (sealed and signed by C),
    then a FIFO in its place: A, reading B's folder again, refuses them with a message naming the card, keeps
    B's names, does not hang, and still receives B's records."""
    shared = tmp_path / "partage"
    shared.mkdir()
    a, b, c = (open_store(resolve_paths(tmp_path / n)) for n in "abc")
    try:
        b.rename_device("Portable de Lucie")
        en_equipe(shared, a, b, c)
        for store in (a, b, c, a):
            synchronise(store, shared)
        card = root_of(shared) / "appareils" / b.device_id / "appareil.cmb"
        team_c = equipe.charge(c)
        assert team_c is not None
        forged = {
            "appareil": b.device_id,
            "nom": "Portable de la DSI",
            "coordinateur": "Service informatique",
        }
        for n, plant in enumerate(("signed by C", "fifo"), start=1):
            card.unlink()
            if plant == "fifo":
                os.mkfifo(card)
            else:
                card.write_bytes(team_c.scelle(json.dumps(forged).encode(), "carte"))
            ajoute(b, f"Mme Cabrolier-Vayssettes n° {n}")
            synchronise(b, shared)
            bilan = synchronise(a, shared)
            assert any(str(card) in x or "appareil.cmb" in x for x in bilan.alertes), (plant, bilan.alertes)
            listed = {r.appareil: r for r in appareils(a)}[b.device_id]
            assert listed.nom == "Portable de Lucie", plant
            assert f"Mme Cabrolier-Vayssettes n° {n}" in {
                x.nom for x in cherche(a, Filtre(texte="Cabrolier"))
            }
    finally:
        for store in (a, b, c):
            store.close()
