"""More attacks on the compaction of the shared folder, beyond test_attaque_compaction.py: what a member's
snapshot may still try once it names what it has read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coordinateur.partage.models import InstantaneVu
from coordinateur.partage.sync import synchronise
from coordinateur.store import Store

from .outils import membre_fictif
from .test_attaque_compaction import INFECTE, depose_instantane, dernier_ecrit, stamp
from .test_instantane import _fiche, _intervenants, ajoute


def test_a_member_naming_a_colleagues_segment_still_cannot_put_words_in_its_mouth(
    equipe4: tuple[Store, Store, Store, Store, Any],
) -> None:
    """The infected member says it has read A's latest segment (seq and SHA-256 any member can compute),
    then puts in its snapshot a record wholly stamped as A's, an hour ahead. A laptop joining while every
    segment is still in the folder takes nothing of it: A's own segments say what A wrote."""
    a, _b, _c, d, shared = equipe4
    ajoute(a, "Vraie")
    team = membre_fictif(shared, a, INFECTE)
    synchronise(a, shared)
    forged = _fiche(a.device_id, "Attribuée à A")
    ahead = f"{int((datetime.now(UTC) + timedelta(hours=1)).timestamp() * 1000):015d}-000000-{a.device_id}"
    forged["created_at"] = forged["updated_at"] = ahead
    date = stamp(datetime.now(UTC) + timedelta(minutes=1))
    depose_instantane(shared, team, INFECTE, date, [forged], {a.device_id: dernier_ecrit(a)})
    synchronise(d, shared)
    names = {row.nom for row in _intervenants(d)}
    assert "Vraie" in names and "Attribuée à A" not in names, names
    with d.read() as session:
        row = session.get(InstantaneVu, f"appareils/{INFECTE}/{INFECTE}_{date}.snap")
        assert row is not None and row.valide  # well formed: it is only not believed
