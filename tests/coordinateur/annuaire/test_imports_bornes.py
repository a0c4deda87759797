"""Imports are bounded: a hostile or broken file is refused with a French message naming it and the limit,
in bounded memory, and the store is unchanged."""

from __future__ import annotations

import base64
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from coordinateur.annuaire.imports import base
from coordinateur.annuaire.imports.base import ImportError_
from coordinateur.annuaire.imports.pilote import importe
from coordinateur.store import Store

MO = 1024 * 1024


def peak_of(action) -> tuple[object, int]:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_vcard_with_a_huge_photo_costs_nothing(store: Store, tmp_path: Path) -> None:
    photo = base64.b64encode(b"\xff\xd8\xff" + b"\x00" * (12 * MO)).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Cayla;Élodie;;;\r\nFN:Élodie Cayla\r\nTITLE:Infirmière\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nTEL;TYPE=CELL:06 12 34 56 78\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "contacts.vcf"
    path.write_text(card, encoding="utf-8")
    rapport, peak = peak_of(lambda: importe(store, path))
    assert len(rapport.crees) == 1  # type: ignore[attr-defined]
    assert peak < 4 * path.stat().st_size  # the photo is never decoded nor parsed (was ×150)


def test_an_oversized_card_is_refused_and_the_others_imported(store: Store, tmp_path: Path) -> None:
    notes = "NOTE:" + "x" * 74 + "".join("\r\n " + "y" * 74 for _ in range(5000))
    path = tmp_path / "contacts.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Trop Long\r\n{notes}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Cayla;Élodie;;;\r\nFN:Élodie Cayla\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    rapport = importe(store, path)
    assert len(rapport.crees) == 1 and "carte trop grande" in rapport.refusees[0][1]


def test_a_file_over_the_size_limit_is_refused_naming_it_and_the_limit(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(base.TAILLE_MAX, "csv", 1 * MO)
    path = tmp_path / "partenaires.csv"
    path.write_bytes(b"nom;prenom\n" + b"Cayla;Elodie\n" * 100_000)
    with pytest.raises(
        ImportError_, match=r"partenaires\.csv est trop volumineux \(1 Mo\) : un import accepte au plus 1 Mo"
    ):
        importe(store, path)


def zip_bomb(path: Path, megabytes: int) -> None:
    """A workbook whose one sheet is `megabytes` of the same row, compressed to almost nothing."""
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.active.append(["nom", "prenom"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, source.read(info))
                continue
            with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                row = b'<row><c t="inlineStr"><is><t>Cayla</t></is></c></row>' * 16384
                for _ in range(megabytes * MO // len(row)):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")


def test_an_xlsx_zip_bomb_is_refused_before_it_is_read(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "annuaire.xlsx"
    zip_bomb(path, 320)
    assert path.stat().st_size < 2 * MO
    with pytest.raises(
        ImportError_,
        match=r"annuaire\.xlsx contiendrait \d+ Mo une fois décompressé : un import accepte au plus 300 Mo",
    ):
        importe(store, path)


def test_a_cell_in_the_last_column_does_not_blow_memory_up(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["nom", "prenom", "profession", "commune"])
    for n in range(3000):
        row: list[object] = [f"Cayla{n}", "Élodie", "Infirmier", "Laguiole"]
        sheet.append(row)
    sheet.append([None] * 16383 + ["piège en colonne XFD"])
    path = tmp_path / "large.xlsx"
    book.save(path)
    from coordinateur.annuaire.imports.tableur import lit_xlsx

    tableau, peak = peak_of(lambda: lit_xlsx(path))
    assert len(tableau.lignes) == 3000  # type: ignore[attr-defined]
    assert peak < 60 * MO  # was every row padded to 16,384 columns (about 400 Mo here)


def test_entities_in_a_workbook_are_refused_in_french(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.active.append(["nom"])
    buffer = io.BytesIO()
    book.save(buffer)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n else b"&lol;") * 10) for n in range(1, 10))
              + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>'
              b'<c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')  # fmt: skip
    path = tmp_path / "rires.xlsx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = laughs if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info, data)
    with pytest.raises(ImportError_, match=r"rires\.xlsx n'est pas un classeur Excel lisible"):
        importe(store, path)


def test_a_cut_rpps_archive_is_refused_in_french(store: Store, tmp_path: Path) -> None:
    header = (
        "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code commune (coord. structure)|"
    )
    lines = header + "\n" + "".join(f"8|1000{n:07d}|81000{n:07d}|12119|\n" for n in range(200_000))
    whole = tmp_path / "PS_LibreAcces.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("PS_LibreAcces_Personne_activite_202611270000.txt", lines)
    cut = tmp_path / "PS_LibreAcces_coupe.zip"
    data = whole.read_bytes()
    # a download interrupted in the middle, then the end of the archive (its directory) as a proxy may keep it
    cut.write_bytes(data[: len(data) // 2] + data[-200:])
    with pytest.raises(ImportError_, match=r"PS_LibreAcces_coupe\.zip est abîmée ou incomplète"):
        importe(store, cut, format_="rpps", departements=["12"])


def test_a_fifo_or_a_folder_is_refused_without_reading(store: Store, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "annuaire.csv"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    with pytest.raises(ImportError_, match=r"annuaire\.csv n'est pas un fichier ordinaire"):
        importe(store, fifo)
    folder = tmp_path / "contacts.vcf"
    folder.mkdir()
    with pytest.raises(ImportError_, match=r"contacts\.vcf n'est pas un fichier ordinaire"):
        importe(store, folder)
