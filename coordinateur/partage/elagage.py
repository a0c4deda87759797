"""Read receipts and pruning of the shared folder (issue 17; snapshots themselves: `instantane`).

Each laptop publishes what it has read (`appareils/<device>/<device>_<date>.lu`, sealed and signed with its
date inside, at most once a day). A receipt dated ahead of now, whose sealed date is not its name's, or that
does not open is set aside with a message naming it. A laptop removes its own segments once its OWN snapshot
covers them (read again and judged again right before, and holding every record they changed where a word
of its still stands: the others are a member's words now, which that member holds), they are older than
the grace period, and every active colleague (one that published a receipt within the grace period) has
read them; it then trims its own operation log of them. It always keeps its latest segment (the chain's
anchor), and removes its own older snapshots once a newer one of its own covers as much. Its own snapshot
found replaced in the folder (junk, a special file, a link, missing) is written anew, and nothing is pruned
in that sync.

The clock (`instantane._now`), the grace period and the snapshot thresholds, and `instantane.ecrit` are read
through the `instantane` module: tests and the benchmark's simulated calendar set them there.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from coordinateur.errors import CoordinateurError
from coordinateur.partage import fichiers, instantane
from coordinateur.partage.dossier import SEGMENT, ecrit_une_fois
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.equipe import Equipe
from coordinateur.partage.fichiers import FichierRefuse
from coordinateur.partage.instantane import (
    AVENIR_MAX,
    LU_DELAI,
    LU_MAX,
    NOM,
    InstantaneRefuse,
    _borne,
    _instant,
    _sans_mot,
    _signature,
    _stamp,
    couverture,
    inactifs,
)
from coordinateur.partage.jugement import Ecritures, dernier_valide, examine
from coordinateur.partage.models import FluxAppareil, InstantaneVu, OperationTenue, SegmentEcrit, SegmentLu
from coordinateur.settings import load_settings
from coordinateur.store import Store
from coordinateur.store.models import Operation


def publie_lu(store: Store, root: Path, equipe: Equipe) -> None:
    """Publish what this laptop has read (per device, the highest seq), at most once a day, when it changed;
    its date is sealed inside it, not only in its name. Every active member this laptop admitted is named,
    at 0 when it has read nothing of it yet: a laptop away past a newcomer's invitation admits the newcomer
    on that word (`actualisation._admis_avant`), and the newcomer knows it was admitted, even when it has
    written nothing so far. A member admitted since the last receipt is named at once, not a day later."""
    own = root / "appareils" / store.device_id
    with store.read() as session:
        read = {d: int(s) for d, s in session.execute(
            select(SegmentLu.appareil, func.max(SegmentLu.seq)).group_by(SegmentLu.appareil))}  # fmt: skip
        mine = session.get(FluxAppareil, store.device_id)
    for member in equipe.actifs():
        if member != store.device_id:
            read.setdefault(member, 0)
    if not read or (mine is not None and mine.lu == read):
        return
    admitted = mine is not None and set(read) - set(mine.lu or {})
    recent = mine is not None and mine.lu_le and instantane._now() - _instant(mine.lu_le) < LU_DELAI
    if recent and not admitted:
        return
    moment = _stamp(instantane._now())
    name = f"{store.device_id}_{moment}.lu"
    content = {"appareil": store.device_id, "le": moment, "lu": read}
    data = equipe.scelle(json.dumps(content).encode("utf-8"), "lu")
    try:
        ecrit_une_fois(own / name, data, own / ".tmp", root=root)
    except FileExistsError:
        return
    for path, entry in fichiers.entrees(own):
        named = NOM.match(path.name)
        receipt = named and named["ext"] == "lu" and named["device"] == store.device_id
        if receipt and path.name != name and fichiers.fichier_ordinaire(entry):
            path.unlink(missing_ok=True)
    with store.write() as session:
        row = session.get(FluxAppareil, store.device_id)
        if row is None:
            session.add(
                FluxAppareil(appareil=store.device_id, empreinte="", lu=read, lu_nom=name, lu_le=moment)
            )
        else:
            row.lu, row.lu_nom, row.lu_le = read, name, moment


class AccuseRefuse(Exception):
    def __init__(self, motif: str) -> None:
        super().__init__(motif)
        self.motif = motif


def lit_lu(
    store: Store, root: Path, device: str, equipe: Equipe, alertes: list[str], ecritures: Ecritures
) -> None:
    """Read a colleague's newest valid read receipt, when it is newer than the one read: a receipt dated
    ahead of now (beyond the bound), one whose sealed date is not its name's, or one that does not open is
    set aside with a message naming it, and the next older one is tried. A retired laptop's are not read.
    Recorded with the sync's other bookkeeping (`ecritures`)."""
    if device in equipe.retraits:
        return
    with store.read() as session:
        row = session.get(FluxAppareil, device)
        known = row.lu_nom if row is not None else ""
    bound = _stamp(instantane._now() + AVENIR_MAX)
    for path in _accuses(root, device):
        if path.name <= known:
            return
        try:
            read = _accuse(path, device, equipe, bound)
        except AccuseRefuse as exc:
            alertes.append(f"Dossier de partage : accusé de lecture « {path.name} » de l'ordinateur "
                           f"« {equipe.nom(device)} » refusé, ignoré : {exc.motif}.")  # fmt: skip
            continue

        def note(session: Any, read: dict[str, int] = read, name: str = path.name) -> None:
            found = session.get(FluxAppareil, device)
            if found is None:
                found = FluxAppareil(appareil=device, empreinte="", lu={}, lu_nom="", lu_le="")
                session.add(found)
            found.lu, found.lu_nom, found.lu_le = read, name, name[37:53]

        ecritures.append(note)
        return


def _accuses(root: Path, device: str) -> list[Path]:
    """`device`'s read receipts in its folder, newest first."""
    return sorted((p for p, _e in fichiers.entrees(root / "appareils" / device)
                   if (m := NOM.match(p.name)) and m["ext"] == "lu" and m["device"] == device),
                  key=lambda p: p.name, reverse=True)  # fmt: skip


def dernier_lu(root: Path, device: str, equipe: Equipe) -> dict[str, int]:
    """What `device`'s newest valid read receipt says it has read (device → highest seq; {} when none)."""
    bound = _stamp(instantane._now() + AVENIR_MAX)
    for path in _accuses(root, device):
        try:
            return _accuse(path, device, equipe, bound)
        except AccuseRefuse:
            continue
    return {}


def _accuse(path: Path, device: str, equipe: Equipe, bound: str) -> dict[str, int]:
    """What one read receipt says was read (device → highest seq); AccuseRefuse with a reason in French."""
    date = path.name[37:53]
    if date > bound:
        raise AccuseRefuse("daté du futur")
    try:
        content = json.loads(equipe.ouvre(fichiers.lit_borne(path, LU_MAX), "lu", device))
    except EnveloppeRefusee as exc:
        raise AccuseRefuse(exc.motif) from None
    except FichierRefuse as exc:
        raise AccuseRefuse(exc.message) from None
    except OSError as exc:
        raise AccuseRefuse(f"illisible ({exc.strerror or exc})") from None
    except (ValueError, RecursionError):
        raise AccuseRefuse("contenu illisible") from None
    if not isinstance(content, dict) or content.get("appareil") != device or content.get("le") != date:
        raise AccuseRefuse("la date scellée dans l'accusé n'est pas celle de son nom")
    read = content.get("lu")
    if not isinstance(read, dict) or not all(
        isinstance(k, str) and type(v) is int and 0 <= v < 10**8 for k, v in read.items()
    ):
        raise AccuseRefuse("liste des segments lus mal formée")
    return read


def _propre(
    store: Store, root: Path, equipe: Equipe, kinds: tuple[str, ...], models: dict[str, Any], *, relire: bool
) -> tuple[InstantaneVu | None, bool]:
    """(this laptop's own newest snapshot, whether it was found replaced). The file in the folder must still
    be the one it wrote: a regular file of the same size, time and inode, or (with `relire`, and whenever
    that changed) read again and judged again: sealed by this laptop, whole, naming what it recorded. One
    found replaced (junk, a special file, a link, missing) is recorded as refused."""
    with store.read() as session:
        rows = list(session.scalars(select(InstantaneVu).where(InstantaneVu.valide, InstantaneVu.auteur ==
                                    store.device_id).order_by(InstantaneVu.cree_le.desc())))  # fmt: skip
        session.expunge_all()
    rows = [r for r in rows if set(kinds) <= set(r.genres or ())]
    if not rows:
        return None, False
    row = rows[0]
    path = root / row.nom
    info = fichiers.lstat(path)
    motif = ""
    if info is None:
        motif = "absent du dossier"
    elif not fichiers.fichier_ordinaire(info):
        motif = str(fichiers.refuse(path, info))
    elif relire or _signature(info) != row.empreinte:
        motif = _rejuge(path, row, equipe, models)
    if not motif:
        if info is not None and _signature(info) != row.empreinte:  # touched but the same: not read again
            with store.write() as session:
                found = session.get(InstantaneVu, row.nom)
                if found is not None:
                    found.empreinte = _signature(info)
        return row, False
    with store.write() as session:
        found = session.get(InstantaneVu, row.nom)
        if found is not None:
            found.valide, found.motif = (
                False,
                f"instantané de cet ordinateur remplacé dans le dossier : {motif}",
            )
    return None, True


def _rejuge(path: Path, row: InstantaneVu, equipe: Equipe, models: dict[str, Any]) -> str:
    """Why this laptop's own snapshot file no longer is the one it wrote, or ""."""
    try:
        header, _records, _conflicts = examine(
            fichiers.lit_borne(path, instantane.INSTANTANE_MAX), path, equipe, models
        )
    except EnveloppeRefusee as exc:
        return exc.motif
    except FichierRefuse as exc:
        return exc.message
    except OSError as exc:
        return f"illisible ({exc.strerror or exc})"
    except InstantaneRefuse as exc:
        return exc.motif
    if header["couvre"] != row.couvre:
        return "il ne couvre pas ce que cet ordinateur y avait mis"
    return ""


def _contient(
    path: Path, equipe: Equipe, models: dict[str, Any], genres: list[str], needed: dict[tuple[str, str], str]
) -> bool:
    """Whether the snapshot at `path` holds every record of `needed` ((kind, id) → clock of this laptop's
    latest change to it being pruned) at that change or later."""
    if any(kind not in genres for kind, _id in needed):
        return False
    try:
        _header, records, _conflicts = examine(
            fichiers.lit_borne(path, instantane.INSTANTANE_MAX), path, equipe, models
        )
        left = dict(needed)
        for line in records:
            clock = left.get((line["kind"], line["id"]))
            if clock is not None and line["updated_at"] >= clock:
                del left[(line["kind"], line["id"])]
    except (EnveloppeRefusee, FichierRefuse, OSError, InstantaneRefuse):
        return False
    return not left


def _a_elaguer(store: Store, equipe: Equipe, covered: int, now: datetime) -> list[int]:
    """This laptop's own segments it may remove: covered by its own snapshot, older than the grace period,
    read by every active colleague (its latest one always stays)."""
    with store.read() as session:
        written = list(session.scalars(select(SegmentEcrit).order_by(SegmentEcrit.seq)))
        receipts = {
            r.appareil: r for r in session.scalars(select(FluxAppareil)) if r.appareil != store.device_id
        }
    if not written:
        return []
    limit = min(covered, written[-1].seq - 1)
    for device in equipe.actifs():
        if device == store.device_id:
            continue
        receipt = receipts.get(device)
        if receipt is None or not receipt.lu_le or now - _instant(receipt.lu_le) > instantane.GRACE:
            continue  # away longer than the grace period: it will join again from the snapshot
        limit = min(limit, int(receipt.lu.get(store.device_id, 0)))
    return [
        r.seq
        for r in written
        if r.seq <= limit and now - datetime.fromisoformat(r.ecrit_le) > instantane.GRACE
    ]


def elague(
    store: Store,
    root: Path,
    equipe: Equipe,
    kinds: tuple[str, ...],
    models: dict[str, Any] | None = None,
    *,
    maintenant: datetime | None = None,
) -> int:
    """Remove this laptop's own segments that its OWN snapshot covers (read again and judged again right
    before, and holding every record the removed segments changed where one of its words still stands),
    older than the grace period and read by
    every active colleague (its latest one always stays), trim its operation log of them, and remove its
    own older snapshots. No other member's snapshot is ever relied on. Its own snapshot found replaced in
    the folder is written anew, and nothing is removed in that sync. Returns how many segments were
    removed."""
    from coordinateur.partage.models import modeles

    models = models if models is not None else modeles()
    now = maintenant or instantane._now()
    best, replaced = _propre(store, root, equipe, kinds, models, relire=False)
    if best is None:
        if replaced:
            instantane.ecrit(store, root, equipe, kinds, models)
        return 0
    old = _a_elaguer(store, equipe, int(best.couvre.get(store.device_id, [0, ""])[0]), now)
    removed = 0
    if old:
        best, replaced = _propre(store, root, equipe, kinds, models, relire=True)
        if best is None:
            if replaced:
                instantane.ecrit(store, root, equipe, kinds, models)
            return 0
        removed = _retire(store, root, equipe, models, best, old)
    _retire_anciens(store, root, best)
    return removed


def _retire(
    store: Store, root: Path, equipe: Equipe, models: dict[str, Any], best: InstantaneVu, old: list[int]
) -> int:
    """Remove the own segments `old` and trim the log of them, once `best` holds what they changed."""
    last = max(old)
    with store.read() as session:
        rows = session.execute(select(Operation.kind, Operation.record_id, func.max(Operation.clock))
                               .where(Operation.seq.is_not(None), Operation.seq <= last)
                               .group_by(Operation.kind, Operation.record_id)).all()  # fmt: skip
        needed = {(kind, rid): clock for kind, rid, clock in rows}
        others = set(equipe.actifs()) - {store.device_id}
        for key in _sans_mot(session, models, list(needed), store.device_id, others):
            del needed[key]  # every word it had there is outweighed by a member's, who holds it
    if not _contient(root / best.nom, equipe, models, list(best.genres or ()), needed):
        return 0
    gone = set(old)
    removed = 0
    for path, entry in fichiers.entrees(root / "appareils" / store.device_id / "segments"):
        named = SEGMENT.match(path.name)
        ours = named and named["device"] == store.device_id and int(named["seq"]) in gone
        if ours and fichiers.fichier_ordinaire(entry):
            path.unlink(missing_ok=True)
            removed += 1
    with store.write() as session:
        session.execute(delete(SegmentEcrit).where(SegmentEcrit.seq <= last))
        session.execute(delete(Operation).where(Operation.seq.is_not(None), Operation.seq <= last))
    return removed


def _retire_anciens(store: Store, root: Path, best: InstantaneVu) -> None:
    """Remove this laptop's own older snapshots that its own newest one covers as far."""
    with store.read() as session:
        mine = list(session.scalars(select(InstantaneVu).where(InstantaneVu.auteur == store.device_id)))
        session.expunge_all()
    for row in mine:
        if row.nom == best.nom or row.cree_le > best.cree_le:
            continue
        if all(int(best.couvre.get(d, [0])[0]) >= int(mark[0]) for d, mark in row.couvre.items()):
            path = root / row.nom
            info = fichiers.lstat(path)
            if info is not None and fichiers.fichier_ordinaire(info):
                path.unlink(missing_ok=True)
            with store.write() as session:
                session.execute(delete(InstantaneVu).where(InstantaneVu.nom == row.nom))


def a_ecrire(
    store: Store,
    root: Path,
    kinds: tuple[str, ...],
    *,
    maintenant: datetime | None = None,
    equipe: Equipe | None = None,
) -> bool:
    """Time for a snapshot: INSTANTANE_SEGMENTS segments or more beyond this laptop's own newest one (it
    prunes only against its own), or anything beyond it once it is a week old, or a member of the `equipe`
    retired since this laptop's last one (its words now travel in the others' snapshots: its own is refused
    from then on); never while an operation is held aside or waits to be sent, nor before this laptop has
    written a segment of its own unless a member is no longer active (a laptop that joined and only reads
    has nothing of its own to compact, but it may be the one left to carry a former member's words)."""
    now = maintenant or instantane._now()
    best = dernier_valide(store, root, kinds, auteur=store.device_id)
    couvre = _borne(couverture(store), equipe) if equipe is not None else couverture(store)
    base = best.couvre if best is not None else {}
    beyond = sum(max(0, seq - int(base.get(d, [0])[0])) for d, (seq, _sha) in couvre.items())
    gone = (
        best is not None
        and equipe is not None
        and bool(set(equipe.retraits) - set(load_settings(store).partage_inactifs_instantane))
    )
    if beyond == 0 and not gone:
        return False
    with store.read() as session:
        if best is not None:
            since = _instant(best.cree_le)
        else:  # no snapshot yet: a week after this laptop first wrote or read a segment, once it wrote one
            first = [session.scalar(select(func.min(SegmentEcrit.ecrit_le))),
                     session.scalar(select(func.min(SegmentLu.lu_le)))]  # fmt: skip
            if first[0] is None and not (equipe is not None and inactifs(equipe)):
                return False  # no words of its own, nor a former member's to carry: the others' files hold it
            since = min((datetime.fromisoformat(f) for f in first if f), default=now)
        if beyond < instantane.INSTANTANE_SEGMENTS and now - since < instantane.INSTANTANE_DELAI and not gone:
            return False
        if session.scalar(select(func.count()).select_from(OperationTenue)):
            return False
        if session.scalar(
            select(func.count())
            .select_from(Operation)
            .where(Operation.seq.is_(None), Operation.kind.in_(kinds))
        ):
            return False
    return True


def entretien(
    store: Store,
    root: Path,
    equipe: Equipe,
    kinds: tuple[str, ...],
    models: dict[str, Any],
    alertes: list[str],
) -> None:
    """After a sync: write a snapshot when it is time, publish what was read, prune. A failure here never
    fails the sync (it is said, and tried again next time)."""
    try:
        if a_ecrire(store, root, kinds, equipe=equipe):
            instantane.ecrit(store, root, equipe, kinds, models)
        publie_lu(store, root, equipe)
        elague(store, root, equipe, kinds, models)
    except (CoordinateurError, FichierRefuse, OSError) as exc:
        alertes.append(f"Compactage du dossier de partage non fait : {getattr(exc, 'message', exc)}")
