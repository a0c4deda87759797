"""Every window string goes through tr() into the shipped translation files, which are up to date."""

from __future__ import annotations

import re
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from resources import resource_path


def _sources(ts: Path) -> set[tuple[str, str]]:
    text = ts.read_text(encoding="utf-8")
    found = set()
    for context in re.findall(r"<context>(.*?)</context>", text, flags=re.S):
        name = re.search(r"<name>(.*?)</name>", context)
        for source in re.findall(r"<source>(.*?)</source>", context, flags=re.S):
            found.add((name[1] if name else "", source))
    return found


def test_the_translation_source_matches_the_code(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "traductions", Path(__file__).parents[2] / "packaging" / "traductions.py"
    )
    assert spec is not None and spec.loader is not None
    traductions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(traductions)
    fresh = tmp_path / "coordinateur_fr.ts"
    start = time.perf_counter()
    count = traductions.update(fresh)
    assert count > 500 and time.perf_counter() - start < 120
    shipped = resource_path("translations", "coordinateur_fr.ts")
    assert _sources(fresh) == _sources(shipped), "run `python packaging/traductions.py` and commit the result"
    assert 'type="unfinished"' not in shipped.read_text(encoding="utf-8")


def test_the_compiled_messages_load(qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load("coordinateur_fr", str(resource_path("translations")))
    assert translator.translate("AideDialog", "Aide de Coordinateur") == "Aide de Coordinateur"
    assert QCoreApplication.translate("QDialogButtonBox", "Cancel") in ("Annuler", "Cancel")


def test_no_plain_text_literal_reaches_a_widget_without_tr() -> None:
    """Texts given to labels, buttons, titles, tooltips and the like are written `self.tr("…")` (or
    QCoreApplication.translate), so lupdate collects them; a bare literal is a string the .ts never sees."""
    import ast

    setters = {"setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName", "addTab",
               "setTitle", "showMessage", "setStatusTip", "setWhatsThis"}  # fmt: skip
    constructors = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction"}
    offenders = []
    for path in sorted((Path(__file__).parents[2] / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            # words, not codes like "AAAA-MM-JJ"
            if (
                (name in setters or name in constructors)
                and literal
                and re.search(r"[a-zà-ÿ]{3}", first.value)
            ):
                offenders.append(f"{path.name}:{node.lineno} {first.value[:50]!r}")
    assert offenders == []
