import ast
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from ui.app import make_application

UI = Path(__file__).parents[2] / "ui"


def test_qt_standard_buttons_speak_french(qtbot: QtBot, qapp: QApplication) -> None:
    make_application()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Cancel,
                                                              QDialogButtonBox.StandardButton.Close)}  # fmt: skip
    assert texts == {"Annuler", "Fermer"}


def test_ui_never_talks_sql() -> None:
    """The ui calls core services; it imports neither SQLAlchemy nor sqlite3 and opens no session."""
    offenders = []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n.split(".")[0] in ("sqlalchemy", "sqlite3") for n in names):
                offenders.append(f"{path}:{node.lineno}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("read", "write", "execute", "query")
                and (
                    (isinstance(node.value, ast.Attribute) and node.value.attr == "store")
                    or (isinstance(node.value, ast.Name) and node.value.id == "store")
                )
            ):
                offenders.append(f"{path}:{node.lineno} store.{node.attr}")
    assert not offenders, offenders
