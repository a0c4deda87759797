"""The interface's translation files: `python packaging/traductions.py`.

Every string of the window goes through `tr()`; Qt's lupdate collects them from ui/ into
resources/translations/coordinateur_fr.ts (the source, for Qt Linguist: French is both the source and the
shipped language, so each message is marked finished with its own text — a wording is then corrected in
the .ts without touching the code), and lrelease compiles it to coordinateur_fr.qm, loaded at start
beside Qt's own French (qtbase_fr) for the standard dialogs and buttons.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "coordinateur_fr.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def update(ts: Path = TS) -> int:
    """Collect the messages into `ts`; returns how many there are."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none", "-target-language", "fr_FR",
                    "-ts", str(ts)], check=True, capture_output=True)  # fmt: skip
    text = ts.read_text(encoding="utf-8")
    # the French source is the French translation: every message finished with its own text
    text = re.sub(r"<source>([^<]*)</source>\s*<translation type=\"unfinished\">[^<]*</translation>",
                  lambda m: f"<source>{m[1]}</source>\n        <translation>{m[1]}</translation>", text, flags=re.S)  # fmt: skip
    text = re.sub(r"<source>([^<]*)</source>\s*<translation type=\"unfinished\"/>",
                  lambda m: f"<source>{m[1]}</source>\n        <translation>{m[1]}</translation>", text, flags=re.S)  # fmt: skip
    ts.write_text(text, encoding="utf-8")
    return text.count("<message>")


def release(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def main() -> int:
    count = update()
    release()
    print(f"{count} messages — {TS.relative_to(ROOT)}, {QM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
