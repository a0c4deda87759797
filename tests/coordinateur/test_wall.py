"""The wall: the core never imports Qt nor the ui package (checked in a fresh interpreter)."""

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import coordinateur
names = [m.name for m in pkgutil.walk_packages(coordinateur.__path__, "coordinateur.")
         if ".migrations" not in m.name and not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names), "modules")
assert not bad, bad
"""


def test_core_imports_no_qt_and_no_ui() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) > 10
