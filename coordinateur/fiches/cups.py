"""Printing a PDF through the system's print service (CUPS, on Linux and macOS): the PDF itself goes to
the printer queue, so the page keeps its text and vector drawing (sharper than a picture of it, and the
printer's own PDF filter does the rest). Used by the window when the chosen printer is a CUPS queue."""

from __future__ import annotations

import re
import shutil
import subprocess

from coordinateur.errors import CoordinateurError


def disponible() -> bool:
    return shutil.which("lp") is not None


def imprime(data: bytes, imprimante: str, *, copies: int = 1, titre: str = "Coordinateur") -> str:
    """Send the PDF to the CUPS queue `imprimante`; returns the job id. French message when refused."""
    command = ["lp", "-d", imprimante, "-n", str(max(1, copies)), "-t", titre, "-o", "fit-to-page", "-"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CoordinateurError(f"Le service d'impression ne répond pas ({exc}).") from exc
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip() or f"code {done.returncode}"
        raise CoordinateurError(f"L'imprimante « {imprimante} » a refusé le document : {why}")
    match = re.search(rb"request id is (\S+)", done.stdout)
    return match.group(1).decode() if match else ""
