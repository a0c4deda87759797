"""The shared folder on disk: layout, "connected", write-once files, and segments that verify themselves.

A segment is a file sealed by `enveloppe` (encrypted with the team key, signed by its author: see
`equipe`), holding JSON lines: a header (format, device, seq, SHA-256 of the previous segment's clear content,
clock range, count), one operation per line, and a trailer holding the SHA-256 of everything before it.
A file cut short is ignored until complete; a file that is not sealed by the member whose folder holds
it is refused (never applied, never a link of the chain).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from coordinateur.confiance.backup import fsync_dir
from coordinateur.errors import CoordinateurError, decrit_erreur_systeme
from coordinateur.partage import fichiers
from coordinateur.partage.enveloppe import EnveloppeRefusee
from coordinateur.partage.fichiers import KO, MO, FichierRefuse


class Equipe(Protocol):
    """What reading the folder needs of the team (`partage.equipe.Equipe`): opening a file sealed by the
    device whose folder holds it. A protocol, so that the folder's module does not import the team's."""

    def ouvre(self, data: bytes, genre: str, flux: str) -> bytes: ...


FORMAT = {"format": "coordinateur-partage", "major": 2}  # 2: team, encrypted and signed files
RACINE = "coordinateur"
# <device>_<seq:08d>.seg, healed copies <device>_<seq>.r<k>.seg; sync tools' renamed copies are read too
SEGMENT = re.compile(r"^(?P<device>[0-9a-f-]{36})_(?P<seq>\d{8})")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Size limits of what is read from the folder: a file larger than its kind may be is refused unread.
FORMAT_MAX = 4 * KO
CARTE_MAX = 64 * KO
SEGMENT_MAX = 32 * MO  # a segment holds at most OPS_PAR_SEGMENT operations (~1 KB each, 256 KB at most)
OPS_PAR_SEGMENT = 2000


class DossierIndisponible(CoordinateurError):
    exit_code = 4


def racine(dossier: Path) -> Path:
    return Path(dossier) / RACINE


def verifie_connexion(dossier: Path | None) -> Path:
    """The folder's coordinateur/ root when it exists, is writable and holds FORMAT.json."""
    if not dossier:
        raise DossierIndisponible("Aucun dossier de partage n'est choisi.")
    root = racine(Path(dossier))
    if not Path(dossier).is_dir():
        raise DossierIndisponible(
            f"Le dossier de partage {dossier} est introuvable (clé USB retirée, partage réseau absent ?)."
        )
    fmt = root / "FORMAT.json"
    info = fichiers.lstat(root)
    if info is not None and not fichiers.dossier_ordinaire(info):
        raise DossierIndisponible(str(fichiers.refuse(root, info, "dossier")))
    if fichiers.lstat(fmt) is None:
        raise DossierIndisponible(
            f"Le dossier {dossier} n'est pas encore un dossier de partage Coordinateur."
        )
    try:
        data = json.loads(fichiers.lit_borne(fmt, FORMAT_MAX))
    except FichierRefuse as exc:
        raise DossierIndisponible(exc.message) from exc
    except OSError as exc:
        raise DossierIndisponible(
            f"Le fichier {fmt} du partage est illisible ({decrit_erreur_systeme(exc)})."
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise DossierIndisponible(
            f"Le fichier {fmt} du partage est mal formé (ce n'est pas du JSON) : synchronisation impossible."
        ) from exc
    if not isinstance(data, dict):
        raise DossierIndisponible(
            f"Le fichier {fmt} du partage est mal formé (il devrait décrire le format du dossier) : "
            "synchronisation impossible. Remplacez-le par celui d'une sauvegarde du dossier, ou demandez à "
            "l'administrateur du partage."
        )
    if data.get("format") == FORMAT["format"] and data.get("major") == 1:
        raise DossierIndisponible(
            f"Ce dossier de partage est à l'ancien format, en clair (fichier {fmt}) : choisissez un dossier vide "
            "pour y créer l'équipe de partage (tout ce que cet ordinateur a envoyé y sera réécrit, chiffré), "
            "puis supprimez l'ancien dossier quand tous les ordinateurs ont rejoint le nouveau."
        )
    if data.get("format") != FORMAT["format"] or data.get("major") != FORMAT["major"]:
        raise DossierIndisponible(
            f"Ce dossier de partage a été créé par une autre version de Coordinateur (fichier {fmt})."
        )
    if not os.access(root, os.W_OK):
        raise DossierIndisponible(f"Le dossier de partage {dossier} est en lecture seule.")
    return root


def initialise(dossier: Path) -> Path:
    """Make an existing, empty or foreign folder a shared folder (FORMAT.json is written once)."""
    if not Path(dossier).is_dir():
        raise DossierIndisponible(f"Le dossier {dossier} est introuvable.")
    root = racine(Path(dossier))
    cree_sous(Path(dossier), root)
    if not fichiers.existe(root / "FORMAT.json"):
        ecrit_une_fois(
            root / "FORMAT.json", json.dumps(FORMAT).encode("utf-8"), root / ".tmp-format", root=root
        )
    return verifie_connexion(dossier)


def cree_sous(root: Path, folder: Path) -> None:
    """Create `folder` one level at a time below `root`, which must still exist.

    Never `mkdir(parents=True)`: when a USB key is pulled its mount point may stay behind as an empty
    local folder, and recreating the tree there would write shared files on the laptop's own disk.
    Every level must be a real folder: a link or a junction planted there raises FichierRefuse."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        try:
            current.mkdir()
        except FileExistsError:
            fichiers.verifie_dossier(current)
        except FileNotFoundError as exc:
            raise _disparu(root) from exc


def _disparu(root: Path) -> DossierIndisponible:
    return DossierIndisponible(
        f"Le dossier de partage {root.parent} est introuvable : il a disparu pendant l'écriture (clé USB "
        "retirée, réseau coupé ?). Rien n'est perdu : l'envoi reprendra à son retour."
    )


BARRIERE_PAR_LOT = hasattr(os, "sync")  # one system-wide flush per batch instead of one fsync per file


def barriere() -> None:
    """The durability barrier of a batch written with `durable=False`: every file written so far is on disk
    (the shared folder's mount included) before anything is recorded as done."""
    os.sync()


def ecrit_une_fois(
    final: Path, data: bytes, staging: Path, *, root: Path, sync_dir: bool = True, durable: bool = True
) -> str:
    """Write `final` only if absent: staging file, fsync, rename, fsync the folder, read back and check.

    `final` and `staging` lie under `root`, the shared folder's coordinateur/ root; missing folders are
    created only below it, and only while it exists, and every level must be a real folder (a link there
    raises FichierRefuse). Never overwrites nor renames over an existing file (nor a link). Returns the
    SHA-256 of what is on disk. With `sync_dir=False` the caller fsyncs the folder once for a batch, and
    with `durable=False` calls `barriere()` once for it, before recording anything as done."""
    digest = hashlib.sha256(data).hexdigest()
    if fichiers.existe(final):
        raise FileExistsError(final)
    try:
        cree_sous(root, staging)
        cree_sous(root, final.parent)
        temp = staging / (final.name + ".tmp")
        try:
            fd = fichiers.cree_exclusif(temp)
        except FileExistsError:
            info = fichiers.lstat(temp)
            if info is not None and not fichiers.fichier_ordinaire(info):
                raise fichiers.refuse(temp, info) from None
            temp.unlink()  # this laptop's own leftover (a regular file under its own staging name)
            fd = fichiers.cree_exclusif(temp)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if fichiers.existe(final):
            temp.unlink()
            raise FileExistsError(final)
        os.replace(temp, final)
        if sync_dir:
            fsync_dir(final.parent)
        if fichiers.empreinte(final, len(data)) != digest:
            raise OSError(f"relecture de {final.name} : contenu différent de ce qui a été écrit")
    except (FileExistsError, FichierRefuse):
        raise
    except OSError as exc:
        if not root.is_dir():
            raise _disparu(root) from exc
        raise DossierIndisponible(
            f"Écriture dans le dossier de partage impossible : {decrit_erreur_systeme(exc)}."
        ) from exc
    return digest


def motif_temporaires(device: str) -> re.Pattern[str]:
    """The names this laptop gives its staging files (`<final name>.tmp`): its device card, its segments,
    its team files (declaration, inscriptions, invitations, revocations: hex names), its exports and
    checksum lists (which end in `_<first 4 characters of its id>`)."""
    dev, dev4 = re.escape(device), re.escape(device[:4])
    return re.compile(
        rf"(appareil\.cmb|{dev}_\d{{8}}(\.r\d+)?\.seg|{dev}_\d{{8}}T\d{{6}}Z\.(snap|lu)|({dev}(\.r\d+)?|[0-9a-f]{{16,32}})\.(cmb|cinv)"
        rf"|[^/\\]+_\d{{8}}T\d{{6}}Z_{dev4}(-\d+)?\.[A-Za-z0-9]+)\.tmp"
    )


def nettoie_temporaires(staging: Path, device: str) -> tuple[int, list[str]]:
    """Leftovers of this laptop's interrupted writes, removed at start (they are never imported): only
    regular files named the way it names them, never through a link (see `fichiers.nettoie`)."""
    return fichiers.nettoie(staging, motif_temporaires(device))


def encode_segment(device: str, seq: int, previous: str, operations: list[dict[str, Any]]) -> bytes:
    clocks = [op["clock"] for op in operations]
    header = {**FORMAT, "type": "entete", "appareil": device, "seq": seq, "precedent": previous,
              "horloge_min": min(clocks, default=""), "horloge_max": max(clocks, default=""), "nombre": len(operations)}  # fmt: skip
    lines = [json.dumps(header, ensure_ascii=False, sort_keys=True)]
    lines += [json.dumps({"type": "op", **op}, ensure_ascii=False, sort_keys=True) for op in operations]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    trailer = json.dumps({"type": "fin", "sha256": hashlib.sha256(body).hexdigest()}) + "\n"
    return body + trailer.encode("utf-8")


@dataclass(frozen=True)
class Segment:
    path: Path
    device: str
    seq: int
    previous: str
    sha256: str  # of the clear content (the same for every sealed copy)
    operations: list[dict[str, Any]]


class SegmentAbime(Exception):
    """Cut or damaged: no trailer, or its checksum does not match (ignored until whole; healed by its author)."""


class SegmentInvalide(Exception):
    """The checksum verifies but the content is not a segment Coordinateur writes: quarantined."""

    def __init__(self, motif: str, sha256: str, seq: int | None = None) -> None:
        super().__init__(motif)
        self.motif, self.sha256, self.seq = motif, sha256, seq


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class SegmentRefuse(Exception):
    """Not sealed by the member whose folder holds it (outsider, another member, retired, altered)."""

    def __init__(self, motif: str) -> None:
        super().__init__(motif)
        self.motif = motif


def examine_segment(path: Path, equipe: Equipe) -> Segment:
    """Read and check one segment file: its seal (team key, signature of the folder's own device), then
    header, count, trailer hash.

    Raises FichierRefuse (a link, a special file, too large), OSError, SegmentAbime (cut or damaged),
    SegmentRefuse (not sealed by its device) or SegmentInvalide (sealed, but the content is not a segment
    Coordinateur writes: a reason in French)."""
    sealed = fichiers.lit_borne(path, SEGMENT_MAX)
    try:
        opened = equipe.ouvre(sealed, "segment", path.parent.parent.name)
    except EnveloppeRefusee as exc:
        if exc.coupe:
            raise SegmentAbime(path) from None
        raise SegmentRefuse(exc.motif) from None
    data = opened
    if not data.endswith(b"\n"):
        raise SegmentAbime(path)
    cut = data.rstrip(b"\n").rfind(b"\n")
    if cut < 0:
        raise SegmentAbime(path)
    body, trailer_line = data[: cut + 1], data[cut + 1 :]
    try:
        trailer = json.loads(trailer_line)
    except (ValueError, RecursionError) as exc:
        raise SegmentAbime(path) from exc
    if (
        not isinstance(trailer, dict)
        or trailer.get("type") != "fin"
        or trailer.get("sha256") != hashlib.sha256(body).hexdigest()
    ):
        raise SegmentAbime(path)
    # A segment's identity is its clear content: every sealed copy of it (healed copies are sealed again,
    # with a new nonce) is the same segment, and the next segment's `precedent` names it.
    digest = hashlib.sha256(data).hexdigest()

    def invalid(motif: str, seq: int | None = None) -> SegmentInvalide:
        return SegmentInvalide(motif, digest, seq)

    try:
        lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    except RecursionError:
        raise invalid("JSON imbriqué trop profondément") from None
    except (ValueError, UnicodeDecodeError):
        raise invalid("une ligne n'est pas du JSON valide") from None
    if not lines:
        raise invalid("segment vide")
    header, ops = lines[0], lines[1:]
    if not isinstance(header, dict):
        raise invalid("l'en-tête n'est pas un objet JSON")
    if header.get("type") != "entete":
        raise invalid("la première ligne n'est pas un en-tête")
    if header.get("format") != FORMAT["format"] or header.get("major") != FORMAT["major"]:
        raise invalid("format de segment inconnu (autre version de Coordinateur ?)")
    seq = header.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq < 10**8:
        raise invalid("numéro de segment (seq) absent ou invalide")
    device = header.get("appareil")
    if not isinstance(device, str) or not UUID.match(device):
        raise invalid("identifiant d'appareil absent ou invalide dans l'en-tête", seq)
    previous = header.get("precedent", "")
    if not isinstance(previous, str) or (previous and not re.fullmatch(r"[0-9a-f]{64}", previous)):
        raise invalid("empreinte du segment précédent invalide", seq)
    if not _int(header.get("nombre")) or header["nombre"] != len(ops):
        raise invalid("le nombre d'opérations annoncé ne correspond pas", seq)
    if any(not isinstance(op, dict) or op.get("type") != "op" for op in ops):
        raise invalid("une ligne n'est pas une opération", seq)
    named = SEGMENT.match(path.name)
    if named is None or named["device"] != device or int(named["seq"]) != seq:
        raise invalid("le nom du fichier ne correspond pas à son en-tête (appareil ou numéro)", seq)
    for op in ops:
        op.pop("type", None)
    return Segment(path, device, seq, previous, digest, ops)


def lit_segment(path: Path, equipe: Equipe) -> Segment | None:
    """The segment if it verifies (seal, header, count, trailer hash); None when cut, damaged, foreign, or
    not a regular file of a sensible size."""
    try:
        return examine_segment(path, equipe)
    except (FichierRefuse, OSError, SegmentAbime, SegmentInvalide, SegmentRefuse):
        return None


@dataclass(frozen=True)
class Invalide:
    """A file that verifies but is not a valid segment: quarantined, with a reason in French."""

    path: Path
    seq: int | None  # from the header when it could be read, else from the file name
    sha256: str
    motif: str


@dataclass
class Releve:
    """What a device's segments folder holds: valid copies by seq, invalid ones, and warnings."""

    valides: dict[int, list[Segment]] = field(default_factory=dict)
    invalides: list[Invalide] = field(default_factory=list)
    alertes: list[str] = field(default_factory=list)


def releve_segments(
    root: Path, device: str, depuis: int = 0, *, equipe: Equipe, jusqua: int | None = None
) -> Releve:
    """Every copy of every segment of a device from seq `depuis` on (to `jusqua` when given; renamed sync
    copies included), judged: a link or a special file is never opened (a warning names it), a cut or
    damaged copy is left for its author to heal, a copy not sealed by the device is refused with a warning
    naming it (never part of the chain). Files whose name gives a seq out of that range are not read."""
    folder = root / "appareils" / device / "segments"
    found = Releve()
    info = fichiers.lstat(folder)
    if info is not None and not fichiers.dossier_ordinaire(info):
        found.alertes.append(str(fichiers.refuse(folder, info, "dossier")))
        return found
    for path, entry in fichiers.entrees(folder):
        named = SEGMENT.match(path.name)
        if (
            not named
            or path.name.endswith(".tmp")
            or int(named["seq"]) < depuis
            or (jusqua is not None and int(named["seq"]) > jusqua)
        ):
            continue
        if not fichiers.fichier_ordinaire(entry):
            found.alertes.append(str(fichiers.refuse(path, entry)))
            continue
        try:
            segment = examine_segment(path, equipe)
        except FichierRefuse as exc:
            found.alertes.append(exc.message)
        except SegmentRefuse as exc:
            found.alertes.append(
                f"Dossier de partage : segment « {path} » refusé, non appliqué : {exc.motif}."
            )
        except (OSError, SegmentAbime):
            continue
        except SegmentInvalide as exc:
            found.invalides.append(Invalide(path, exc.seq or int(named["seq"]), exc.sha256, exc.motif))
        else:
            if segment.device != device:
                found.invalides.append(Invalide(path, segment.seq, segment.sha256,
                                                "segment d'un autre appareil déposé dans ce dossier"))  # fmt: skip
            else:
                found.valides.setdefault(segment.seq, []).append(segment)
    return found


def segments_de(root: Path, device: str, equipe: Equipe) -> dict[int, list[Segment]]:
    """Every copy of every segment of a device that verifies, by seq (renamed sync copies included)."""
    return releve_segments(root, device, equipe=equipe).valides
