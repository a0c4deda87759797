"""Taking snapshots (issue 17; judged in `jugement`): when joining, or back after the grace period.

- A laptop whose next segment of a colleague is no longer in the folder (away longer than the grace
  period, or joining after pruning) fills that gap only from that colleague's OWN snapshot (it prunes only
  against its own, so that one holds what it removed), the newest that reaches the first segment still
  there without claiming segments the folder does not hold, falling back on older ones. Only the segments
  gone from the folder are marked read; every segment still there is read. From that snapshot only its
  author's own words are taken (fields stamped with its clock, and conflicts whose discarded value is its): a
  colleague's value in a record not held here is kept at the floor clock, so that the colleague's own
  segment or snapshot outweighs it whenever it comes, and never rewrites nor deletes what is held. A
  retired member's gap is filled from its carrier's snapshot (`porteurs`, `_comble_retire`).
- A laptop joining while every segment is still there may take the newest valid snapshot as a head start:
  it creates only records wholly its author's own words, never changes or deletes one held here, and every
  segment is read after it.
  Values are merged field by field by their clocks, exactly as operations are (a newer local value, such
  as an unsent edit, is kept), a record missing from a snapshot is never deleted, and the 20 % deletion
  guard holds. A snapshot that fails is ignored, with a reason in French; nothing of it is applied.

Stands on `instantane` (its clock and `INSTANTANE_MAX` read through the module: tests set them there),
`jugement` (`examine`, `valides`), `fusion` (the merge) and the folder (`dossier`, `fichiers`); `sync` calls
`rattrape`.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from coordinateur.partage import fichiers
from coordinateur.partage import instantane as _instantane  # tests set `_now`, `INSTANTANE_MAX` there
from coordinateur.partage.dossier import SEGMENT, releve_segments
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.equipe import Equipe
from coordinateur.partage.fichiers import FichierRefuse
from coordinateur.partage.fusion import Fusion, applique
from coordinateur.partage.instantane import AVENIR_MAX, InstantaneRefuse
from coordinateur.partage.jugement import examine, valides
from coordinateur.partage.models import InstantaneVu, SegmentLu
from coordinateur.store import Store


def _listes(root: Path, device: str) -> list[int]:
    return [int(m["seq"]) for p, _e in fichiers.entrees(root / "appareils" / device / "segments")
            if (m := SEGMENT.match(p.name)) and not p.name.endswith(".tmp")]  # fmt: skip


def _lus(store: Store) -> dict[str, int]:
    with store.read() as session:
        return dict(
            session.execute(
                select(SegmentLu.appareil, func.max(SegmentLu.seq)).group_by(SegmentLu.appareil)
            ).all()
        )


def _trous(store: Store, root: Path, equipe: Equipe, done: dict[str, int]) -> dict[str, list[int]]:
    """The colleagues whose next segment to read is no longer in the folder (pruned while this laptop was
    away, or before it joined): device → the seqs of its segments still listed."""
    gaps: dict[str, list[int]] = {}
    for device_dir, entry in fichiers.entrees(root / "appareils"):
        device = device_dir.name
        if device == store.device_id or device not in equipe.membres or not fichiers.dossier_ordinaire(entry):
            continue
        if equipe.conteste(device):
            continue  # its stream is no longer read: no gap of it to fill
        listed = _listes(root, device)
        if listed and min(listed) > done.get(device, 0) + 1:
            gaps[device] = listed
    return gaps


def rattrape(
    store: Store,
    root: Path,
    equipe: Equipe,
    models: dict[str, Any],
    kinds: tuple[str, ...],
    bilan: Any,
    accepter_suppressions: bool,
    *,
    publie_avant: bool = False,
) -> None:
    """Take snapshots' state when this laptop needs it. For a colleague whose next segment is no longer in
    the folder: its OWN newest valid snapshot covering what is gone (it prunes only against its own, so that
    one holds what it removed; another member's word is never taken for it), falling back on older ones; its
    segments are then marked read up to the first one still in the folder, never further (those are read).
    A laptop joining with every segment still there takes the newest valid snapshot as a head start only: it
    reads every segment after it all the same, and that snapshot deletes nothing it holds.
    A laptop joining has read nothing and had published nothing before this sync (`publie_avant`): one that
    had (it synced once, then was away past the grace period) is back, not joining. Its colleagues may have
    changed or deleted its records since: their words are merged by clock, under the deletion guard.
    Either way every gap is filled in one transaction, one import for the deletion guard (deletions split
    between colleagues' snapshots count together); a laptop back merges in batches (its records are
    written and let go batch by batch), one joining holds each record until the end."""
    done = _lus(store)
    gaps = _trous(store, root, equipe, done)
    if gaps:
        joining = not done and not publie_avant
        with store.write() as session:
            fusion = Fusion(store, session, models, bilan, par_lots=not joining)
            _comble_tous(
                store, root, equipe, models, kinds, bilan, accepter_suppressions, gaps, fusion, joining
            )
            fusion.termine()
    if gaps or done:
        return
    for row in valides(store, root, kinds):
        if row.applique:
            return
        if _couvre_trop(root, equipe, row, bilan):
            continue
        if _prend(store, root, equipe, models, kinds, bilan, row, accepter_suppressions, seul=True):
            return


def _comble_tous(
    store: Store, root: Path, equipe: Equipe, models: dict[str, Any], kinds: tuple[str, ...], bilan: Any,
    accepter_suppressions: bool, gaps: dict[str, list[int]], fusion: Fusion, joining: bool,
) -> None:  # fmt: skip
    """Fill each colleague's gap (device → its seqs still listed) within `fusion`, `joining` or back."""
    for device, listed in sorted(gaps.items()):
        if not _comble(
            store, root, equipe, models, kinds, bilan, accepter_suppressions, device, listed, fusion, joining
        ) and not _comble_retire(
            store, root, equipe, models, kinds, bilan, accepter_suppressions, device, listed, fusion, joining
        ):
            bilan.alertes.append(
                f"Les modifications les plus anciennes de l'ordinateur « {equipe.nom(device)} » ne sont plus dans le "
                "dossier de partage et aucun instantané valide de cet ordinateur ne les contient : elles ne "
                "peuvent pas être reçues ici (les suivantes le seront dès qu'elles se suivent)."
            )


def _couvre_trop(root: Path, equipe: Equipe, row: InstantaneVu, bilan: Any) -> bool:
    """Whether a snapshot claims segments of a colleague beyond the ones in the folder (its author's latest
    segment always stays there: a snapshot cannot cover further); said in a warning."""
    for device, (seq, _sha) in sorted(row.couvre.items()):
        if max(_listes(root, device), default=0) < int(seq):
            bilan.alertes.append(
                f"Instantané « {Path(row.nom).name} » refusé pour l'instant : il couvre des segments de "
                f"l'ordinateur « {equipe.nom(device)} » que le dossier ne contient pas (encore en cours de copie, "
                "ou fichier forgé). Les données de cet ordinateur ne sont pas touchées."
            )
            return True
    return False


def _comble(
    store: Store, root: Path, equipe: Equipe, models: dict[str, Any], kinds: tuple[str, ...], bilan: Any,
    accepter_suppressions: bool, device: str, listed: list[int], fusion: Fusion, joining: bool,
) -> bool:  # fmt: skip
    """Fill the gap in `device`'s stream from its own newest valid snapshot that covers it without claiming
    more than the folder holds, within `fusion`; True once done. A laptop `joining` (it had read nothing)
    keeps its records as they are."""
    first = min(listed)
    for row in valides(store, root, kinds, auteur=device):
        seq = int(row.couvre.get(device, [0])[0])
        if seq < first - 1 or seq > max(listed):
            continue  # does not reach the first segment still there, or covers segments that do not exist
        if not _prend(store, root, equipe, models, kinds, bilan, row, accepter_suppressions, fusion=fusion,
                      garde=joining):  # fmt: skip
            continue
        sha = str(row.couvre[device][1])
        if seq == first - 1 or (joining and _present(root, device, seq, sha, equipe)):
            # A laptop joining holds, from its own snapshot, every word of the member's segments up to the
            # one it covers: those are not replayed (an old operation replayed over a newer value its author
            # had read reported a conflict nobody had); the next one read must chain from it.
            last, previous = seq, sha
        else:
            last, previous = first - 1, _precedent(root, device, first, equipe)
        _marque_lu(store, device, last, previous, fusion)
        return True
    return False


def _marque_lu(store: Store, device: str, seq: int, sha256: str, fusion: Fusion | None) -> None:
    """`device`'s segments up to `seq` held from a snapshot: the next one read must chain from `sha256`
    (in the `fusion`'s transaction when there is one)."""
    with nullcontext(fusion.session) if fusion is not None else store.write() as session:
        if session.get(SegmentLu, (device, seq)) is None:
            session.add(
                SegmentLu(appareil=device, seq=seq, sha256=sha256, lu_le=_instantane._now().isoformat())
            )


def _comble_retire(
    store: Store, root: Path, equipe: Equipe, models: dict[str, Any], kinds: tuple[str, ...], bilan: Any,
    accepter_suppressions: bool, device: str, listed: list[int], fusion: Fusion, joining: bool,
) -> bool:  # fmt: skip
    """Fill the gap of a retired member (its own snapshot is refused from its retirement on) from the
    newest valid snapshot of its carrier (`porteurs`) that carries its words and has read its segments up
    to the first one still in the folder, without claiming segments the folder does not hold; True once
    done. Its segments still there are read after it."""
    if device not in equipe.retraits:
        return False
    first = min(listed)
    carriers = porteurs(equipe, device)
    for row in valides(store, root, kinds):
        seq = int(row.couvre.get(device, [0])[0])
        if row.auteur not in carriers or seq < first - 1 or _couvre_trop(root, equipe, row, bilan):
            continue
        if not _prend(store, root, equipe, models, kinds, bilan, row, accepter_suppressions, fusion=fusion,
                      garde=joining, pour=device):  # fmt: skip
            continue
        _marque_lu(store, device, first - 1, _precedent(root, device, first, equipe), fusion)
        return True
    return False


def porteurs(equipe: Equipe, device: str) -> set[str]:
    """Whose snapshots a retired member's words are taken from: the member that retired it (it set the last
    of its segments the team accepts, and reads them all; another member's word for the retired laptop's
    would be taken on trust alone), or the laptop that goes on for it under a new id. When that member is
    itself retired, every active member, as before. A successor of a disputed succession is not active
    (`Equipe.conteste`): it is never a carrier, and the chain is not followed through it."""
    active = set(equipe.actifs())
    par, seen = str(equipe.retraits.get(device, {}).get("par", "")), set()
    while par and par not in seen:
        if par in active:
            return {par}
        seen.add(par)
        par = str(equipe.membres.get(par, {}).get("remplace_par", ""))
    return active


def _precedent(root: Path, device: str, seq: int, equipe: Equipe) -> str:
    """The SHA-256 that `device`'s segment `seq` (signed by it) names as its predecessor's, or ""."""
    releve = releve_segments(root, device, seq, equipe=equipe, jusqua=seq)
    found = {s.previous for s in releve.valides.get(seq, [])}
    return found.pop() if len(found) == 1 else ""


def _present(root: Path, device: str, seq: int, sha256: str, equipe: Equipe) -> bool:
    """Whether `device`'s segment `seq` is in the folder, signed by it, with this SHA-256."""
    releve = releve_segments(root, device, seq, equipe=equipe, jusqua=seq)
    return any(s.sha256 == sha256 for s in releve.valides.get(seq, []))


def _prend(
    store: Store, root: Path, equipe: Equipe, models: dict[str, Any], kinds: tuple[str, ...], bilan: Any,
    row: InstantaneVu, accepter_suppressions: bool, *, fusion: Fusion | None = None, garde: bool = False,
    seul: bool = False, pour: str | None = None,
) -> bool:  # fmt: skip
    """Read one judged snapshot again, judge it again and merge it; True once applied. Its author's words
    are taken; with `pour` (filling that retired member's gap), only a snapshot that says it carries that
    member's words is taken, and those words as well, up to its retirement. Within a `fusion` (filling the
    gaps of a sync), it is merged in that transaction; with `garde` (a laptop joining), keeping the records
    held here as they are; `seul` is a head start (see `applique`)."""
    path = root / row.nom
    try:
        header, records, conflicts = examine(
            fichiers.lit_borne(path, _instantane.INSTANTANE_MAX), path, equipe, models, set(kinds)
        )
    except (EnveloppeRefusee, FichierRefuse, OSError, InstantaneRefuse) as exc:
        bilan.alertes.append(f"Instantané « {path.name} » illisible : {getattr(exc, 'motif', exc)}.")
        return False
    missing = set(kinds) - set(header["genres"])
    if missing:
        bilan.alertes.append(f"Instantané « {path.name} » sans les fiches « {', '.join(sorted(missing))} » que "
                             "cet ordinateur partage : il ne peut pas servir ici.")  # fmt: skip
        return False
    portes = _portes(header, equipe, pour) if pour is not None else {}
    if pour is not None and not portes:
        return False
    taken: dict[str, Any] = {"garde_locales": garde or seul, "auteur": row.auteur, "seul": seul,
             "nom_auteur": equipe.nom(row.auteur), "portes": portes}  # fmt: skip
    if fusion is not None:  # judged whole (`examine`): nothing is refused half-way
        fusion.ajoute(records, conflicts, accepter_suppressions, **taken)
    else:
        try:
            applique(store, records, conflicts, models, bilan, accepter_suppressions, **taken)
        except InstantaneRefuse as exc:
            bilan.alertes.append(f"Instantané « {path.name} » de l'ordinateur « {equipe.nom(row.auteur)} » "
                                 f"refusé, non appliqué : {exc.motif}. Les données de cet ordinateur ne sont pas "
                                 "touchées.")  # fmt: skip
            return False
    with nullcontext(fusion.session) if fusion is not None else store.write() as session:
        found = session.get(InstantaneVu, row.nom)
        if found is not None:
            found.applique = True
    return True


def _portes(header: dict[str, Any], equipe: Equipe, pour: str) -> dict[str, int]:
    """The retired member `pour`, when a snapshot says it carries its words and this laptop knows it
    retired, with the latest clock (ms since the epoch) one of its accepted words can bear: its retirement's
    date plus the day of advance a sync accepts of a colleague's clock (its laptop's clock may have run
    ahead, the retiring one's behind)."""
    retired = equipe.retraits.get(pour)
    if retired is None or pour not in header.get("parle_pour", []):
        return {}
    try:
        moment = datetime.fromisoformat(str(retired.get("le")))
    except ValueError:
        return {}
    if moment.tzinfo is None:
        return {}
    return {pour: int((moment + AVENIR_MAX).timestamp() * 1000)}
