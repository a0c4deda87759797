"""The delivery files say what the build needs: icon sizes, the Linux launcher, the Windows installer."""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path

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
