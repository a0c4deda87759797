"""Trim the ICU data Qt carries (libicudata, 31 MB) to what a French desktop application uses.

Qt links ICU for collation (the lists sorted "à la française" through QString.localeAwareCompare),
locale-aware case mapping and a few code pages. ICU's data library holds every locale of the world,
Chinese and Thai dictionaries for word breaking, transliterators and two hundred code pages. This keeps
the root, French and English locales of every kind (collation, names, units, spell-out), ICU's
non-locale tables, the break rules without the Asian dictionaries, and the single-byte code pages, with
ICU's own packaging tool (`icupkg`, Debian package icu-devtools) — the way ICU documents for shrinking
its data. The smaller package is then wrapped in a new libicudata with the same soname and symbol
(`genccode` and the C compiler), so libicuuc finds it exactly as before.

`python packaging/icu.py LIBICUDATA OUT_DIR` prints what was kept; the spec calls `trimmed_library`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

KEPT_LOCALES = re.compile(r"(root|fr(_\w+)?|en|en_US|en_001|en_GB)")
# A locale identifier as ICU names its resource files: language, optional script, region or variant.
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|\d{3}))?(_[A-Z0-9]+)?")
# Single-byte code pages are a few kilobytes each; the multibyte (CJK, EBCDIC DBCS) tables are the weight.
MAX_CODE_PAGE = 16 * 1024
DEPENDENCY = re.compile(r"Item (\S+) depends on missing item (\S+)")
TOOLS = ("icupkg", "genccode", "cc")


class IcuError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*command: str | Path) -> str:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    if done.returncode != 0:
        raise IcuError(f"{Path(str(command[0])).name} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def data_symbol(library: Path) -> tuple[str, bytes]:
    """The exported `icudtNN_dat` symbol of a libicudata and its bytes (ICU's common data package)."""
    symbols = _run("readelf", "-W", "--dyn-syms", library)
    found = re.search(
        r"\s([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)", symbols
    )
    if not found:
        raise IcuError(f"no icudtNN_dat symbol in {library}")
    address, size, section, name = int(found[1], 16), int(found[2], 0), int(found[3]), found[4]
    sections = _run("readelf", "-W", "-S", library)
    for line in sections.splitlines():
        row = re.match(r"\s*\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if row and int(row[1]) == section:
            offset = address - int(row[2], 16) + int(row[3], 16)
            with library.open("rb") as stream:
                stream.seek(offset)
                data = stream.read(size)
            if data[2:4] != b"\xda\x27":
                raise IcuError(f"{name} in {library} is not an ICU data package")
            return name, data
    raise IcuError(f"section {section} of {library} not found")


def kept(item: str, size: int) -> bool:
    """Whether an item of the package (`coll/fr.res`, `ibm-1252_P100-2000.cnv`, …) stays."""
    folder, _, file = item.rpartition("/")
    stem, _, kind = file.rpartition(".")
    if folder == "translit" or kind == "dict":
        return False
    if kind == "cnv":
        return size <= MAX_CODE_PAGE
    if kind == "res" and LOCALE.fullmatch(stem):
        return bool(KEPT_LOCALES.fullmatch(stem))
    return True


def trim(symbol: str, data: bytes, work: Path) -> tuple[bytes, list[str], list[str]]:
    """The package without the items `kept` refuses, its kept and removed item names."""
    package = symbol.removesuffix("_dat") + "l.dat"  # icupkg wants the name the items are prefixed with
    (work / "complet").mkdir(parents=True, exist_ok=True)
    whole, items_dir = work / "complet" / package, work / "items"
    whole.write_bytes(data)
    names = _run("icupkg", "-l", whole).split()
    shutil.rmtree(items_dir, ignore_errors=True)
    items_dir.mkdir()
    (work / "tous.txt").write_text("\n".join(names) + "\n", encoding="ascii")
    _run("icupkg", "-x", work / "tous.txt", "-d", items_dir, whole)
    removed = {name for name in names if not kept(name, (items_dir / name).stat().st_size)}
    reduced = work / package
    while True:  # items that need a removed one go too (extension code pages, tailorings of a removed locale)
        (work / "retires.txt").write_text("\n".join(sorted(removed)) + "\n", encoding="ascii")
        done = subprocess.run(["icupkg", "-tl", "-r", str(work / "retires.txt"), str(whole), str(reduced)],
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode == 0:
            break
        needing = set(DEPENDENCY.findall(done.stderr))
        if not needing:
            raise IcuError(f"icupkg failed: {done.stderr.strip()}")
        # break rules without their Asian dictionaries still work: ICU falls back to rule-based breaking
        more = {item for item, needed in needing if not needed.endswith(".dict")}
        if not more:
            _run("icupkg", "-tl", "--ignore-deps", "-r", work / "retires.txt", whole, reduced)
            break
        removed |= more
    kept_names = [name for name in names if name not in removed]
    return reduced.read_bytes(), kept_names, sorted(removed)


def build_library(symbol: str, data: bytes, soname: str, work: Path) -> Path:
    """A libicudata exporting `symbol` with `data`, as ICU's own build makes it (genccode, then cc)."""
    entry = symbol.removesuffix("_dat")
    package = work / f"{entry}l.dat"
    if not package.exists() or package.read_bytes() != data:
        package.write_bytes(data)
    for old in work.glob("*.S"):
        old.unlink()
    _run("genccode", "-a", "gcc", "-e", entry, "-d", work, package)
    (source,) = work.glob("*.S")
    library = work / soname
    _run("cc", "-shared", "-nostdlib", "-Wl,-soname," + soname, "-Wl,-z,noexecstack", "-o", library, source)
    return library


def trimmed_library(library: Path, work: Path) -> Path:
    """A trimmed copy of `library` (a libicudata.so.NN) built in `work`."""
    if missing := missing_tools():
        raise IcuError(
            "trimming Qt's ICU data needs " + ", ".join(missing) + " (Debian: apt install icu-devtools gcc); "
            "COORDINATEUR_ICU_COMPLET=1 ships the complete data instead"
        )
    symbol, data = data_symbol(library)
    reduced, _, _ = trim(symbol, data, work)
    return build_library(symbol, reduced, library.name, work)


def main(argv: list[str]) -> int:
    library, out = Path(argv[1]), Path(argv[2])
    symbol, data = data_symbol(library)
    reduced, kept_names, removed = trim(symbol, data, out)
    built = build_library(symbol, reduced, library.name, out)
    print(f"{symbol}: {len(data) / 1e6:.1f} MB, {len(kept_names) + len(removed)} items")
    print(f"kept {len(kept_names)} items, {len(reduced) / 1e6:.1f} MB -> {built}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
