"""`coordinateur demo`: turn an EMPTY store into a fictitious but realistic Nord-Aveyron territory.

Each feature adds its own demo data by registering a contributor; contributors run in order, all in
one go, and the whole fill is refused on a store that already holds anything.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from coordinateur.errors import StoreError
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.base import Base, SyncRecord
from coordinateur.store.models import Parametre
from coordinateur.territoire import PremierDemarrage, enregistre_premier_demarrage

TAILLES = ("petite", "grande")
SEED = 12_2026

# Fictitious coordinator of a fictitious DAC antenna on real territory (CC Aubrac, Carladez et Viadène,
# CC Comtal Lot et Truyère, CC des Causses à l'Aubrac).
DEMO_EPCIS = ("200067171", "200067478", "200068484")
DEMO_COORDINATEUR = PremierDemarrage(
    coordinateur_nom="Camille Vernhes",
    coordinateur_fonction="Coordinatrice de parcours",
    structure_nom="DAC Nord-Aveyron – antenne d'Espalion (fictive)",
    departements=[],
    epcis=list(DEMO_EPCIS),
    territoire_nom="Nord-Aveyron",
)


@dataclass
class DemoContext:
    taille: str
    rng: random.Random
    on_progress: Callable[[int, int], None] = field(default=lambda _d, _t: None)


Contributor = Callable[[Store, DemoContext], None]
_CONTRIBUTORS: list[tuple[int, str, Contributor]] = []
# Feature modules that register contributors when imported.
CONTRIBUTOR_MODULES: tuple[str, ...] = (
    "coordinateur.annuaire.demo",
    "coordinateur.personnes.demo",
    "coordinateur.reunions.demo",
    "coordinateur.indicateurs.demo",
)


def contributor(order: int, name: str) -> Callable[[Contributor], Contributor]:
    def register(fn: Contributor) -> Contributor:
        if all(existing != name for _o, existing, _f in _CONTRIBUTORS):
            _CONTRIBUTORS.append((order, name, fn))
        return fn

    return register


@contributor(0, "territoire")
def _territoire(store: Store, _ctx: DemoContext) -> None:
    enregistre_premier_demarrage(store, DEMO_COORDINATEUR)


def store_is_empty(store: Store) -> bool:
    """No settings and no shareable record: nothing a user typed or imported."""
    from coordinateur.store.registry import import_all_models

    import_all_models()
    with store.read() as session:
        if session.scalar(select(func.count()).select_from(Parametre)):
            return False
        for mapper in Base.registry.mappers:
            cls = mapper.class_
            if issubclass(cls, SyncRecord) and session.scalar(select(func.count()).select_from(cls)):
                return False
    return True


def remplir_demo(
    store: Store, taille: str = "petite", on_progress: Callable[[int, int], None] | None = None
) -> None:
    if taille not in TAILLES:
        raise StoreError(f"Taille de démonstration inconnue : {taille} (petite ou grande).")
    if not store_is_empty(store):
        raise StoreError(
            "Ce dossier de données contient déjà des informations : la démonstration ne remplit qu'un dossier "
            "vide. Choisissez un autre dossier avec --data-dir."
        )
    for module in CONTRIBUTOR_MODULES:
        importlib.import_module(module)
    steps = sorted(_CONTRIBUTORS, key=lambda item: item[0])
    report = on_progress or (lambda _d, _t: None)
    for done, (_order, _name, fn) in enumerate(steps):
        report(done, len(steps))
        fn(store, DemoContext(taille=taille, rng=random.Random(SEED), on_progress=report))
    report(len(steps), len(steps))
    from coordinateur.annuaire.index import INDEX_VERSION
    from coordinateur.settings import enregistre_reglages

    # the directory was indexed as it was filled, by this version: the window has nothing to rebuild
    enregistre_reglages(store, annuaire_index_version=INDEX_VERSION)
    settings = load_settings(store)
    store.user = settings.coordinateur_nom
    with store.write() as session:
        store.audit(session, "demo", "base", None, f"Territoire de démonstration ({taille})")
