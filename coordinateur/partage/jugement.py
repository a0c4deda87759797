"""Judging a snapshot file (issue 17; what a snapshot is, and writing one: `instantane`).

A snapshot is judged line by line (memory follows the file), like a segment: sealed by the member whose
folder holds it (never a retired one), every record against its kind's schema, no identifier named twice,
every clock a team device's, never more than a day ahead, and only of devices its author says it has read
(or its own): a record stamped as another member's that the author has read nothing of is refused. A file
whose size, modification time or inode changed since it was judged is judged again. A snapshot that fails
is ignored, with a reason in French.

`examine` judges a file's bytes (`_ouvre`, `_entete`, `_ligne`) and gives its records and conflicts to read
again (`Lignes`); `juge` records the verdict on each snapshot of a colleague's folder (`InstantaneVu`), in
the sync's bookkeeping (`Ecritures`); `valides` and `dernier_valide` are the valid ones still in the folder.
Stands on `instantane` (its clock and `INSTANTANE_MAX` read through the module: tests set them there), the
folder (`dossier`, `fichiers`), the team and the schema; below `rattrapage`, `elagage` and `sync`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from coordinateur.partage import fichiers
from coordinateur.partage import instantane as _instantane  # tests set `_now`, `INSTANTANE_MAX` there
from coordinateur.partage.dossier import FORMAT, UUID
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.equipe import Equipe
from coordinateur.partage.fichiers import FichierRefuse
from coordinateur.partage.instantane import AVENIR_MAX, NOM, InstantaneRefuse, _au_dela, _instant, _signature
from coordinateur.partage.models import InstantaneVu
from coordinateur.partage.schema import HORLOGE, IDENTIFIANT, valide_valeurs
from coordinateur.store import Store
from coordinateur.store.clock import Timestamp

CLES_FICHE = {"type", "kind", "id", "created_at", "updated_at", "updated_by", "field_clocks", "valeurs"}
CLES_CONFLIT = {
    "type",
    "kind",
    "record_id",
    "champ",
    "gardee",
    "ecartee",
    "horloge_gardee",
    "horloge_ecartee",
}


def _horloge(value: Any, devices: set[str], limit: str) -> str | None:
    named = HORLOGE.match(value) if isinstance(value, str) else None
    if named is None:
        return "horloge absente ou mal formée"
    if named["device"] not in devices:
        return f"horloge d'un ordinateur qui n'a jamais fait partie de l'équipe ({named['device'][:8]})"
    if value > limit:
        return "horloge en avance de plus d'un jour"
    return None


class _Horloges:
    """Why a clock of a snapshot is refused (see `_horloge`), remembered per clock for one file: the lines
    of a snapshot share few clocks (a record's fields were mostly set by one edit)."""

    def __init__(self, devices: set[str], limit: str) -> None:
        self.devices, self.limit = devices, limit
        self._dites: dict[str, str | None] = {}

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return _horloge(value, self.devices, self.limit)
        try:
            return self._dites[value]
        except KeyError:
            why = self._dites[value] = _horloge(value, self.devices, self.limit)
            return why


Ecritures = list[Callable[[Any], Any]]
"""A sync's bookkeeping of what it found in the colleagues' folders, written in one transaction."""


def _ouvre(data: bytes, path: Path, equipe: Equipe) -> tuple[bytes, int, str]:
    """The clear content of a snapshot file sealed by the member whose folder holds it, and where its body
    ends (before the trailer line), and that body's SHA-256, once the trailer's verifies. Nothing is copied
    beyond the clear content itself (a snapshot may be large)."""
    device = path.parent.name
    if device in equipe.retraits:
        raise InstantaneRefuse("écrit par un ordinateur retiré de l'équipe")
    if equipe.conteste(device):
        raise InstantaneRefuse("écrit par un ordinateur dont la succession est contestée")
    try:
        clear = equipe.ouvre(data, "instantane", device)
    except EnveloppeRefusee as exc:
        if exc.coupe:
            raise
        raise InstantaneRefuse(exc.motif) from None
    cut = clear.rfind(b"\n", 0, len(clear) - 1)
    if not clear.endswith(b"\n") or cut < 0:
        raise InstantaneRefuse("fichier incomplet (fin absente)")
    try:
        trailer = json.loads(clear[cut + 1 :])
    except (ValueError, RecursionError):
        raise InstantaneRefuse("fin de fichier illisible") from None
    digest = hashlib.sha256(memoryview(clear)[: cut + 1]).hexdigest()
    if not isinstance(trailer, dict) or trailer.get("sha256") != digest:
        raise InstantaneRefuse("empreinte de fin incorrecte")
    return clear, cut + 1, digest


# Snapshots found whole and valid by this process, by (author, body's SHA-256, the team's members and
# retirements): the same signed content judged again within a sync (judged when found, then taken) is not
# validated line by line twice. Bounded; a change of the team judges again.
_JUGES: dict[tuple[str, str, frozenset[str], frozenset[str]], None] = {}


def _lignes(clear: bytes, end: int) -> Iterator[tuple[int, Any]]:
    """The body's lines one by one, parsed (line number from 1): a snapshot is never held parsed whole."""
    pos, number = 0, 0
    while pos < end:
        stop = clear.find(b"\n", pos, end)
        stop = end if stop < 0 else stop
        number += 1
        try:
            yield number, json.loads(clear[pos:stop])
        except RecursionError:
            raise InstantaneRefuse("JSON imbriqué trop profondément") from None
        except (ValueError, UnicodeDecodeError):
            raise InstantaneRefuse(f"ligne {number} : ce n'est pas du JSON valide") from None
        pos = stop + 1


class _Corps:
    """A judged snapshot's body, parsed again on each pass from its clear content: memory follows the file,
    not its parsed form. The conflict lines met in a pass over the records are kept (they are few), so that
    reading the records, then the conflicts, parses it once."""

    def __init__(self, clear: bytes, end: int, kinds: set[str] | None) -> None:
        self._clear, self._end, self._kinds = clear, end, kinds
        self._conflits: list[dict[str, Any]] | None = None

    def lignes(self, genre: str) -> Iterator[dict[str, Any]]:
        if genre == "conflit" and self._conflits is not None:
            yield from self._conflits
            return
        met: list[dict[str, Any]] | None = [] if genre == "fiche" else None
        for number, line in _lignes(self._clear, self._end):
            if number == 1 or (self._kinds is not None and line["kind"] not in self._kinds):
                continue
            if line["type"] == genre:
                yield line
            elif met is not None and line["type"] == "conflit":
                met.append(line)
        if met is not None:
            self._conflits = met


class Lignes:
    """The records (or conflicts) of a judged snapshot."""

    def __init__(self, corps: _Corps, genre: str) -> None:
        self._corps, self._genre = corps, genre

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._corps.lignes(self._genre)


def _corps(clear: bytes, end: int, kinds: set[str] | None) -> tuple[Lignes, Lignes]:
    corps = _Corps(clear, end, kinds)
    return Lignes(corps, "fiche"), Lignes(corps, "conflit")


def _entete(line: Any, path: Path, equipe: Equipe) -> dict[str, Any]:
    """The snapshot's header line, checked against the file's name and the team."""
    device = path.parent.name
    if not isinstance(line, dict) or line.get("type") != "instantane":
        raise InstantaneRefuse("en-tête absent")
    if line.get("format") != FORMAT["format"] or line.get("major") != FORMAT["major"]:
        raise InstantaneRefuse("format inconnu (autre version de Coordinateur ?)")
    if line.get("appareil") != device:
        raise InstantaneRefuse("l'en-tête nomme un autre ordinateur que celui dont le dossier le contient")
    named = NOM.match(path.name)
    if named is None or named["device"] != device or line.get("cree_le") != named["date"]:
        raise InstantaneRefuse("le nom du fichier ne correspond pas à son en-tête")
    if _instant(named["date"]) > _instantane._now() + AVENIR_MAX:
        raise InstantaneRefuse("daté du futur")
    _verifie_couverture(line.get("couvre"), equipe)
    genres = line.get("genres")
    if not isinstance(genres, list) or not all(isinstance(g, str) for g in genres):
        raise InstantaneRefuse("genres de fiches absents")
    carried = line.setdefault("parle_pour", [])  # absent from the snapshots of earlier versions
    if not isinstance(carried, list) or len(carried) > 10_000 or not all(isinstance(d, str) for d in carried):
        raise InstantaneRefuse("liste des ordinateurs retirés mal formée")
    return line


def _verifie_couverture(couvre: Any, equipe: Equipe) -> None:
    devices = set(equipe.membres) | set(equipe.retraits)
    if not isinstance(couvre, dict) or len(couvre) > 100_000:
        raise InstantaneRefuse("couverture absente ou mal formée")
    for who, mark in couvre.items():
        if (
            who not in devices
            or not isinstance(mark, list)
            or len(mark) != 2
            or not isinstance(mark[0], int)
            or isinstance(mark[0], bool)
            or not 1 <= mark[0] < 10**8
            or not isinstance(mark[1], str)
            or not re.fullmatch(r"[0-9a-f]{64}", mark[1])
        ):
            raise InstantaneRefuse(f"couverture invalide pour l'ordinateur {str(who)[:8]}")
        ended = equipe.dernier(who)
        if ended is not None and _au_dela(mark, ended):
            raise InstantaneRefuse(f"couvre des segments refusés de l'ordinateur retiré {who[:8]}")


def examine(
    data: bytes, path: Path, equipe: Equipe, models: dict[str, Any], kinds: set[str] | None = None
) -> tuple[dict[str, Any], Lignes, Lignes]:
    """(header, records, conflicts) of a snapshot file's bytes: sealed by the member whose folder holds it
    (not a retired one), whole (trailer), every record fitting its kind's schema, no record named twice,
    every clock a team device's, not ahead, and one the author can vouch for (its own, or a device whose
    segments it says it has read). Judged line by line; the records and conflicts are read again from the
    clear content when iterated. Raises InstantaneRefuse (a reason in French), or EnveloppeRefusee with
    `coupe` for a file cut short."""
    clear, end, digest = _ouvre(data, path, equipe)
    lines = _lignes(clear, end)
    first = next(lines, None)
    header = _entete(first[1] if first else None, path, equipe)
    known = (path.parent.name, digest, frozenset(equipe.membres), frozenset(equipe.retraits))
    if known in _JUGES:
        return header, *_corps(clear, end, kinds)
    limit = Timestamp(int((_instantane._now() + AVENIR_MAX).timestamp() * 1000), 0, "").encode()
    clocks = _Horloges(set(equipe.membres) | set(equipe.retraits), limit)
    vouched = {path.parent.name, *header["couvre"]}
    seen: set[str] = set()
    count = 0
    for number, line in lines:
        why = _ligne(line, models, header["genres"], clocks, vouched, seen)
        if why:
            raise InstantaneRefuse(f"ligne {number} : {why}")
        count += line["type"] == "fiche"
    if header.get("fiches") != count:
        raise InstantaneRefuse("le nombre de fiches annoncé ne correspond pas")
    if len(_JUGES) >= 64:
        _JUGES.pop(next(iter(_JUGES)))
    _JUGES[known] = None
    return header, *_corps(clear, end, kinds)


def _ligne(
    line: Any, models: dict[str, Any], genres: list[str], clocks: _Horloges, vouched: set[str], seen: set[str]
) -> str | None:
    """Why one body line of a snapshot is refused, or None."""
    if not isinstance(line, dict):
        return "ce n'est pas un objet JSON"
    kind = line.get("kind")
    model = models.get(kind) if isinstance(kind, str) else None
    if model is None or kind not in genres:
        return "genre de fiche inconnu"
    if line.get("type") == "conflit":
        return _conflit(line, model, clocks) or _garant(
            (line["horloge_gardee"], line["horloge_ecartee"]), vouched
        )
    if line.get("type") != "fiche":
        return "ni une fiche ni un conflit"
    why = _fiche(line, model, clocks)
    if why:
        return why
    if line["id"] in seen:
        return f"la fiche {line['id']} figure deux fois (un identifiant ne nomme qu'une fiche)"
    seen.add(line["id"])
    if line["updated_by"] not in vouched:
        return f"modification attribuée à l'ordinateur {line['updated_by'][:8]}, dont l'auteur n'a rien lu"
    return _garant((line["created_at"], line["updated_at"], *line["field_clocks"].values()), vouched)


def _garant(clocks: Any, vouched: set[str]) -> str | None:
    """A clock of a device whose segments the author does not say it has read: words put in its mouth."""
    for clock in clocks:
        device = str(clock)[-36:]
        if device not in vouched:
            return f"horloge de l'ordinateur {device[:8]}, dont l'auteur de l'instantané n'a rien lu"
    return None


def _fiche(line: dict[str, Any], model: Any, horloges: _Horloges) -> str | None:
    if set(line) != CLES_FICHE:
        return "fiche mal formée (champs inattendus ou absents)"
    if not isinstance(line["id"], str) or not IDENTIFIANT.match(line["id"]):
        return "identifiant de fiche invalide"
    if not isinstance(line["updated_by"], str) or not UUID.match(line["updated_by"]):
        return "auteur de la dernière modification invalide"
    clocks, values = line["field_clocks"], line["valeurs"]
    if not isinstance(clocks, dict) or not isinstance(values, dict):
        return "valeurs ou horloges mal formées"
    names = _noms(model)
    if not names.issuperset(values) or not names.issuperset(clocks):
        return f"champ inconnu pour une fiche « {model.KIND} »"
    for clock in (line["created_at"], line["updated_at"], *clocks.values()):
        why = horloges(clock)
        if why:
            return why
    if any(c < line["created_at"] or c > line["updated_at"] for c in clocks.values()):
        return "horloges de champs incohérentes"
    return valide_valeurs({"action": "upsert", "fields": {"valeurs": values}}, model)


@cache
def _noms(model: Any) -> frozenset[str]:
    return frozenset(model.data_fields())


def _conflit(line: dict[str, Any], model: Any, horloges: _Horloges) -> str | None:
    if set(line) != CLES_CONFLIT:
        return "conflit mal formé"
    if not isinstance(line["record_id"], str) or not IDENTIFIANT.match(line["record_id"]):
        return "identifiant de fiche invalide"
    champ = line["champ"]
    if not isinstance(champ, str) or champ not in model.data_fields():
        return "champ de conflit inconnu"
    for clock in (line["horloge_gardee"], line["horloge_ecartee"]):
        why = horloges(clock)
        if why:
            return why
    for value in (line["gardee"], line["ecartee"]):
        op = {
            "action": "upsert",
            "fields": {"valeurs": {champ: value}, "bases": {champ: line["horloge_gardee"]}},
        }
        why = valide_valeurs(op, model)
        if why:
            return why
    return None


def juge(
    store: Store, root: Path, device: str, equipe: Equipe, models: dict[str, Any], alertes: list[str],
    ecritures: Ecritures,
) -> None:  # fmt: skip
    """Judge the snapshot files of `device`'s folder not judged yet as they are now (a file whose size,
    modification time or inode changed since is judged again), and record each valid or not, with the
    sync's other bookkeeping (`ecritures`). The verdicts of its snapshots no longer in the folder (pruned by
    their author) are forgotten: what is judged follows the folder, not the history."""
    folder = root / "appareils" / device
    with store.read() as session:
        seen = dict(session.execute(select(InstantaneVu.nom, InstantaneVu.empreinte)
                                    .where(InstantaneVu.auteur == device)).all())  # fmt: skip
    entries = fichiers.entrees(folder)
    listed = {f"appareils/{device}/{path.name}" for path, _entry in entries}
    gone = [name for name in seen if name not in listed]
    if entries and gone:  # (an empty listing may be a folder unreadable for now: nothing is forgotten)
        ecritures.append(partial(_oublie_verdicts, gone))
    for path, entry in entries:
        named = NOM.match(path.name)
        relative = f"appareils/{device}/{path.name}"
        if named is None or named["ext"] != "snap" or seen.get(relative) == _signature(entry):
            continue
        verdict = _verdict(path, entry, equipe, models)
        if verdict is None:
            continue  # cut short (a copy in progress) or unreadable now: judged once whole
        couvre, genres, motif = verdict
        if motif:
            alertes.append(f"Instantané « {path.name} » de l'ordinateur « {equipe.nom(device)} » refusé, ignoré : "
                           f"{motif}. Les données de cet ordinateur ne sont pas touchées.")  # fmt: skip
        row = InstantaneVu(nom=relative, auteur=device, cree_le=named["date"], couvre=couvre, genres=genres,
                           valide=not motif, motif=motif[:2000], applique=False, empreinte=_signature(entry))  # fmt: skip
        ecritures.append(partial(_verdict_note, row))


def _verdict_note(row: InstantaneVu, session: Any) -> None:
    session.merge(row)


def _oublie_verdicts(names: list[str], session: Any) -> None:
    for start in range(0, len(names), 500):
        session.execute(delete(InstantaneVu).where(InstantaneVu.nom.in_(names[start : start + 500])))


def _verdict(
    path: Path, entry: Any, equipe: Equipe, models: dict[str, Any]
) -> tuple[dict[str, Any], list[str], str] | None:
    """(what it covers, its kinds, why it is refused or "") of one snapshot file; None to judge it later."""
    if not fichiers.fichier_ordinaire(entry):
        return {}, [], str(fichiers.refuse(path, entry))
    try:
        header, _records, _conflicts = examine(
            fichiers.lit_borne(path, _instantane.INSTANTANE_MAX), path, equipe, models
        )
    except EnveloppeRefusee:
        return None
    except FichierRefuse as exc:
        return {}, [], exc.message
    except OSError:
        return None
    except InstantaneRefuse as exc:
        return {}, [], exc.motif
    return header["couvre"], header["genres"], ""


def valides(
    store: Store, root: Path, kinds: tuple[str, ...] = (), *, auteur: str | None = None
) -> list[InstantaneVu]:
    """The valid snapshots still in the folder holding (at least) the kinds `kinds`, newest first; only
    `auteur`'s own when given."""
    query = select(InstantaneVu).where(InstantaneVu.valide)
    if auteur is not None:
        query = query.where(InstantaneVu.auteur == auteur)
    with store.read() as session:
        rows = list(session.scalars(query.order_by(InstantaneVu.cree_le.desc(), InstantaneVu.nom.desc())))
        session.expunge_all()
    return [r for r in rows if set(kinds) <= set(r.genres or ()) and fichiers.existe(root / r.nom)]


def dernier_valide(
    store: Store, root: Path, kinds: tuple[str, ...] = (), *, auteur: str | None = None
) -> InstantaneVu | None:
    """The newest valid snapshot still in the folder holding (at least) the kinds `kinds`."""
    found = valides(store, root, kinds, auteur=auteur)
    return found[0] if found else None
