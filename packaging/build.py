"""Build Coordinateur for the system this runs on: `python packaging/build.py [--onefile]`.

- Linux: the PyInstaller folder, then `dist/coordinateur-<version>-linux-x86_64.tar.gz` holding it with a
  `.desktop` launcher, the icon and `installer.sh` (per-user install, `--retirer` to remove).
- Windows: the folder (a windowed `coordinateur.exe` and `coordinateur-cli.exe` for the command line) with
  version resources, then the per-user installer from `windows/coordinateur.iss` when Inno Setup's
  ISCC.exe is on the PATH.
- macOS: `dist/Coordinateur.app` (the spec's BUNDLE).

Everything lands in packaging/dist; packaging/build is PyInstaller's work folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = HERE / "dist"
WORK = HERE / "build"


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def windows_version_file(target: Path) -> None:
    """PyInstaller's version resource (file properties in the Explorer)."""
    numbers = [int(part) for part in version().split(".")[:3]] + [0]
    target.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(numbers)}, prodvers={tuple(numbers)}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[StringFileInfo([StringTable('040C04B0', [
      StringStruct('CompanyName', 'Coordinateur'),
      StringStruct('FileDescription', 'Coordinateur — coordination du maintien à domicile'),
      StringStruct('FileVersion', '{version()}'), StringStruct('ProductName', 'Coordinateur'),
      StringStruct('ProductVersion', '{version()}'), StringStruct('OriginalFilename', 'coordinateur.exe')])]),
        VarFileInfo([VarStruct('Translation', [1036, 1200])])]
)
""",
        encoding="utf-8",
    )


def pyinstaller(onefile: bool) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        windows_version_file(WORK / "version_windows.txt")
    env = {**os.environ, "COORDINATEUR_ONEFILE": "1" if onefile else ""}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
                    "--workpath", str(WORK), str(HERE / "coordinateur.spec")], check=True, env=env)  # fmt: skip
    return DIST / "coordinateur"


def linux_tarball(folder: Path) -> Path:
    name = f"coordinateur-{version()}-linux-{platform.machine()}"
    archive = DIST / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname=f"{name}/coordinateur")
        tar.add(HERE / "linux" / "coordinateur.desktop", arcname=f"{name}/coordinateur.desktop")
        tar.add(HERE / "linux" / "installer.sh", arcname=f"{name}/installer.sh")
        tar.add(HERE / "icones" / "coordinateur.png", arcname=f"{name}/coordinateur.png")
    return archive


def windows_installer() -> Path | None:
    iscc = shutil.which("ISCC.exe") or shutil.which("iscc")
    if iscc is None:
        print("Inno Setup (ISCC.exe) introuvable : seul le dossier est construit.", file=sys.stderr)
        return None
    subprocess.run(
        [iscc, f"/DAppVersion={version()}", str(HERE / "windows" / "coordinateur.iss")], check=True
    )
    return DIST / f"Coordinateur-{version()}-installation.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit Coordinateur pour ce système")
    parser.add_argument("--onefile", action="store_true", help="un seul fichier au lieu d'un dossier")
    args = parser.parse_args(argv)
    if not (HERE / "icones" / "coordinateur.png").exists():
        subprocess.run([sys.executable, str(HERE / "icones.py")], check=True)
    built = pyinstaller(args.onefile)
    if sys.platform.startswith("linux") and not args.onefile:
        print(linux_tarball(built))
    elif sys.platform == "win32" and not args.onefile:
        print(windows_installer() or built)
    else:
        print(built if not args.onefile else DIST)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
