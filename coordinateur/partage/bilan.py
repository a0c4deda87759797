"""What one sync reports (`Bilan`), the kinds of records it shares (`kinds_partages`), and the clock its
bookkeeping is stamped with (`_now`: the push, the application and the sync read it through this module,
so that a test setting it here moves them all). Stands on the settings and the rules (`regles`); below
`envoi`, `application` and `sync`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from coordinateur.partage.regles import KINDS_ANNUAIRE
from coordinateur.settings import load_settings
from coordinateur.store import Store

KINDS_REUNIONS = ("reunion", "action")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Bilan:
    ecrits: int = 0  # operations pushed
    segments_soignes: list[str] = field(default_factory=list)
    exports_publies: int = 0
    exports_refuses: list[str] = field(default_factory=list)
    appliques: int = 0  # operations applied
    par_auteur: Counter[str] = field(default_factory=Counter)  # of those, by the colleague they came from
    # how the history's line names each of them (« Portable de Zoé », or this laptop before a restore)
    noms: dict[str, str] = field(default_factory=dict)
    segments_lus: int = 0
    conflits: int = 0
    conflits_regles: int = 0  # open here, settled by what came (a colleague put the discarded value back)
    tenues: int = 0
    quarantaine: int = 0  # segments newly quarantined
    alertes: list[str] = field(default_factory=list)
    # what happened once and must stay in the history when its alert is gone (a restore, a clock recovered)
    evenements: list[str] = field(default_factory=list)
    arret: Callable[[], bool] = lambda: False  # asked to stop (the window closes): looked at between lots

    def resume(self) -> str:
        parts = [
            f"{self.ecrits} modification(s) envoyée(s)",
            f"{self.appliques} reçue(s){self._auteurs()}",
            f"{self.exports_publies} export(s) déposé(s)",
        ]
        if self.conflits:
            parts.append(f"{self.conflits} conflit(s) à revoir")
        if self.conflits_regles:
            parts.append(f"{self.conflits_regles} conflit(s) réglé(s) par un collègue (la valeur écartée a été "
                         "rétablie)")  # fmt: skip
        if self.tenues:
            parts.append(f"{self.tenues} modification(s) datée(s) du futur mises de côté")
        if self.quarantaine:
            parts.append(f"{self.quarantaine} segment(s) mis en quarantaine")
        return ", ".join(parts) + "."

    def _auteurs(self) -> str:
        """ " (12 de « Portable de Marie », 3 de « Paul »)": whose changes came, most first, four at most; a
        laptop's former id (a restore) counts with it."""
        if not self.par_auteur:
            return ""
        by_name: Counter[str] = Counter()
        for device, n in self.par_auteur.items():
            by_name[self.noms.get(device) or f"« {device[:8]} »"] += n
        shown = [f"{n} de {name}" for name, n in by_name.most_common(4)]
        return f" ({', '.join(shown)}{', …' if len(by_name) > 4 else ''})"


def kinds_partages(store: Store) -> tuple[str, ...]:
    return KINDS_ANNUAIRE + (KINDS_REUNIONS if load_settings(store).partage_reunions else ())
