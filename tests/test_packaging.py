"""The delivery files say what the build needs: icon sizes, the Linux launcher, the Windows installer, the
trimmed ICU data."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def test_icons_exist_in_every_size_from_the_svg_source() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(PACKAGING / "icones" / f"coordinateur-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    assert (PACKAGING / "icones" / "coordinateur.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (PACKAGING / "icones" / "coordinateur.icns").read_bytes()[:4] == b"icns"
    assert (ROOT / "resources" / "icons" / "coordinateur.svg").read_text(encoding="utf-8").startswith("<svg")


def test_linux_launcher_is_a_valid_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "coordinateur.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert (
        desktop["Type"] == "Application"
        and desktop["Name"] == "Coordinateur"
        and desktop["Icon"] == "coordinateur"
    )
    assert desktop["Exec"].startswith("@EXEC@") and "Office" in desktop["Categories"]


def test_windows_installer_is_per_user_with_start_menu_and_uninstaller() -> None:
    iss = (PACKAGING / "windows" / "coordinateur.iss").read_text(encoding="utf-8")
    for needed in ("PrivilegesRequired=lowest", "{localappdata}\\Programs\\Coordinateur", "[Icons]",
                   "{uninstallexe}", "French.isl", "VersionInfoVersion={#AppVersion}"):  # fmt: skip
        assert needed in iss


def test_the_spec_reads_name_and_version_from_pyproject() -> None:
    spec = (PACKAGING / "coordinateur.spec").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert 'PROJECT["name"]' in spec and 'PROJECT["version"]' in spec and project["name"] == "coordinateur"
    assert '"resources"' in spec and "coordinateur/store/migrations" in spec


COLLATION_PROBE = """
import sys
from PySide6.QtCore import QCollator, QCoreApplication, QLocale
app = QCoreApplication([])
QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
words = sys.argv[1].split(",")
print(",".join(sorted(words, key=QCollator(QLocale("fr_FR")).sortKey)))
print(QLocale("fr_FR").toUpper("élise œuvre straße"), QLocale("tr_TR").toUpper("istanbul"))
print(next(line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line))
"""


def test_the_trimmed_icu_data_sorts_and_upper_cases_french_as_the_complete_data(tmp_path: Path) -> None:
    """The bundle's libicudata is cut to French and English (packaging/icu.py): Qt loading it instead of
    the complete one must sort the directory's names and change case exactly as before."""
    import PySide6

    sys.path.insert(0, str(PACKAGING))
    import icu

    missing = icu.missing_tools()
    if missing and not os.environ.get("CI"):
        pytest.skip(f"icu-devtools and a C compiler are needed here ({', '.join(missing)} missing)")
    complete = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = icu.trimmed_library(complete, tmp_path / "icu")
    assert trimmed.stat().st_size < complete.stat().st_size / 4
    assert icu.data_symbol(trimmed)[0] == icu.data_symbol(complete)[0]  # the name libicuuc looks for
    words = "Zoé,école,Eglise,élise,cote,côté,côte,coté,Œuvre,oeuf,Ödön,Saint-Étienne,saint-affrique,10,9"
    runs = {}
    for name, folder in (("complete", None), ("trimmed", trimmed.parent)):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if folder:
            env["LD_LIBRARY_PATH"] = str(folder)
        done = subprocess.run([sys.executable, "-c", COLLATION_PROBE, words], capture_output=True, text=True,
                              env=env, check=True)  # fmt: skip
        runs[name] = done.stdout.splitlines()
    assert runs["trimmed"][2] == str(trimmed) and runs["complete"][2] == str(complete)  # each loaded its own
    assert runs["trimmed"][:2] == runs["complete"][:2]
    assert runs["trimmed"][0].split(",")[:6] == ["10", "9", "cote", "coté", "côte", "côté"]
    assert runs["trimmed"][1] == "ÉLISE ŒUVRE STRASSE İSTANBUL"
