"""The shared folder on disk: layout, "connected", write-once files, and segments that verify themselves.

A segment is JSON lines: a header (format, device, seq, SHA-256 of the previous segment, clock range,
count), one operation per line, and a trailer holding the SHA-256 of everything before it. No valid
trailer means truncated: the segment is ignored until complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinateur.errors import CoordinateurError, decrit_erreur_systeme
from coordinateur.store.backup import fsync_dir

FORMAT = {"format": "coordinateur-partage", "major": 1}
RACINE = "coordinateur"
# <device>_<seq:08d>.jsonl, healed copies <device>_<seq>.r<k>.jsonl; sync tools' renamed copies are read too
SEGMENT = re.compile(r"^(?P<device>[0-9a-f-]{36})_(?P<seq>\d{8})")


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
    if not fmt.is_file():
        raise DossierIndisponible(
            f"Le dossier {dossier} n'est pas encore un dossier de partage Coordinateur."
        )
    try:
        data = json.loads(fmt.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DossierIndisponible(f"Le fichier FORMAT.json du partage est illisible ({exc}).") from exc
    if data.get("format") != FORMAT["format"] or data.get("major") != FORMAT["major"]:
        raise DossierIndisponible("Ce dossier de partage a été créé par une autre version de Coordinateur.")
    if not os.access(root, os.W_OK):
        raise DossierIndisponible(f"Le dossier de partage {dossier} est en lecture seule.")
    return root


def initialise(dossier: Path) -> Path:
    """Make an existing, empty or foreign folder a shared folder (FORMAT.json is written once)."""
    if not Path(dossier).is_dir():
        raise DossierIndisponible(f"Le dossier {dossier} est introuvable.")
    root = racine(Path(dossier))
    cree_sous(Path(dossier), root)
    if not (root / "FORMAT.json").exists():
        ecrit_une_fois(
            root / "FORMAT.json", json.dumps(FORMAT).encode("utf-8"), root / ".tmp-format", root=root
        )
    return verifie_connexion(dossier)


def cree_sous(root: Path, folder: Path) -> None:
    """Create `folder` one level at a time below `root`, which must still exist.

    Never `mkdir(parents=True)`: when a USB key is pulled its mount point may stay behind as an empty
    local folder, and recreating the tree there would write shared files on the laptop's own disk."""
    if folder.is_dir():
        return
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        try:
            current.mkdir()
        except FileExistsError:
            if not current.is_dir():
                raise
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
    created only below it, and only while it exists. Never overwrites nor renames over an existing file.
    Returns the SHA-256 of what is on disk. With `sync_dir=False` the caller fsyncs the folder once for a
    batch, and with `durable=False` calls `barriere()` once for it, before recording anything as done."""
    digest = hashlib.sha256(data).hexdigest()
    if final.exists():
        raise FileExistsError(final)
    try:
        cree_sous(root, staging)
        cree_sous(root, final.parent)
        temp = staging / (final.name + ".tmp")
        with temp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if final.exists():
            temp.unlink()
            raise FileExistsError(final)
        os.replace(temp, final)
        if sync_dir:
            fsync_dir(final.parent)
        if hashlib.sha256(final.read_bytes()).hexdigest() != digest:
            raise OSError(f"relecture de {final.name} : contenu différent de ce qui a été écrit")
    except FileExistsError:
        raise
    except OSError as exc:
        if not root.is_dir():
            raise _disparu(root) from exc
        raise DossierIndisponible(
            f"Écriture dans le dossier de partage impossible : {decrit_erreur_systeme(exc)}."
        ) from exc
    return digest


def nettoie_temporaires(staging: Path) -> int:
    """Leftovers of an interrupted write, removed at start; they are never imported."""
    removed = 0
    if staging.is_dir():
        for leftover in staging.iterdir():
            try:
                leftover.unlink()
                removed += 1
            except OSError:
                pass
    return removed


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
    sha256: str  # of the whole file
    operations: list[dict[str, Any]]


def lit_segment(path: Path) -> Segment | None:
    """The segment if it verifies (header, count, trailer hash); None when cut, damaged or foreign."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.endswith(b"\n"):
        return None
    cut = data.rstrip(b"\n").rfind(b"\n")
    if cut < 0:
        return None
    body, trailer_line = data[: cut + 1], data[cut + 1 :]
    try:
        trailer = json.loads(trailer_line)
        if trailer.get("type") != "fin" or trailer.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    except (ValueError, UnicodeDecodeError):
        return None
    if not lines:
        return None
    header, ops = lines[0], lines[1:]
    if (
        header.get("type") != "entete"
        or header.get("format") != FORMAT["format"]
        or header.get("major") != FORMAT["major"]
    ):
        return None
    if header.get("nombre") != len(ops) or any(op.get("type") != "op" for op in ops):
        return None
    for op in ops:
        op.pop("type", None)
    return Segment(path, str(header["appareil"]), int(header["seq"]), str(header.get("precedent", "")),
                   hashlib.sha256(data).hexdigest(), ops)  # fmt: skip


def segments_de(root: Path, device: str) -> dict[int, list[Segment]]:
    """Every copy of every segment of a device that verifies, by seq (renamed sync copies included)."""
    folder = root / "appareils" / device / "segments"
    found: dict[int, list[Segment]] = {}
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        if not path.is_file() or not SEGMENT.match(path.name) or path.name.endswith(".tmp"):
            continue
        segment = lit_segment(path)
        if segment is not None and segment.device == device:
            found.setdefault(segment.seq, []).append(segment)
    return found
