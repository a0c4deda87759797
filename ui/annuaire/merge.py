"""Merge two directory records, choosing for each differing field which value to keep."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coordinateur.annuaire.fiches import LIBELLES_CHAMPS
from coordinateur.annuaire.service import differences, fusionne, lit
from coordinateur.errors import ValidationError
from coordinateur.store import Store

UNITED = {"telephones", "zone_communes", "zone_epcis", "structure_ids", "publics"}


def _show(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(p["numero"] if isinstance(p, dict) else str(p) for p in value) or "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value) or "—"


class MergeDialog(QDialog):
    def __init__(self, store: Store, garde_id: str, autre_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.garde_id, self.autre_id = garde_id, autre_id
        self.kept_id: str | None = None
        garde, autre = lit(store, garde_id), lit(store, autre_id)
        self.setWindowTitle(self.tr("Fusionner deux fiches"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "La fiche de droite sera fusionnée dans celle de gauche puis supprimée ; les rattachements sont conservés.\n"
            "Pour chaque différence, choisissez la valeur à garder. Téléphones, zones et rattachements sont réunis."
        )))  # fmt: skip
        grid = QGridLayout()
        grid.addWidget(QLabel(f"<b>{garde.libelle()}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{autre.libelle()}</b>"), 0, 2)
        self.choices: dict[str, QRadioButton] = {}
        row = 1
        for name in differences(garde, autre):
            if name in UNITED or name in ("notes", "source", "source_ref"):
                continue
            grid.addWidget(QLabel(LIBELLES_CHAMPS.get(name, name)), row, 0)
            left, right = QRadioButton(_show(getattr(garde, name))), QRadioButton(_show(getattr(autre, name)))
            left.setChecked(True)
            group = QButtonGroup(self)
            group.addButton(left)
            group.addButton(right)
            grid.addWidget(left, row, 1)
            grid.addWidget(right, row, 2)
            self.choices[name] = right
            row += 1
        layout.addLayout(grid)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Fusionner"))
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def merge(self) -> None:
        taken = {name for name, right in self.choices.items() if right.isChecked()}
        try:
            self.kept_id = fusionne(self.store, self.garde_id, self.autre_id, taken)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("Fusion impossible"), exc.message)
            return
        self.accept()
