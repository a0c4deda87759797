"""The preview of a document before it leaves for partners: what the redaction replaced (green, with the
case codes), what may still identify someone (orange, one box each to confirm), and for the minutes the
dimensions of each situation's synthesis this partner is told. Nothing is written until every passage
still suspected is confirmed or the meeting is changed."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coordinateur.documents.lexique import REMPLACEMENT
from coordinateur.documents.rendus import Document
from coordinateur.documents.suspicions import resume_remplacements
from coordinateur.reunions.contenu import Sortie
from coordinateur.reunions.service import DIMENSIONS, choisit_pour_partenaires
from coordinateur.store import Store
from coordinateur.text import compte
from ui.common.ecran import a_la_taille_de_l_ecran

REMPLACE = "background-color:#cdeccd; color:#102610;"
SUSPECT = "background-color:#ffd59a; color:#3b2200; font-weight:bold;"


def surligne(texte: str, suspects: list[str]) -> str:
    """HTML of one text, replacements and suspected passages highlighted."""
    spans: list[tuple[int, int, str]] = [(m.start(), m.end(), REMPLACE) for m in REMPLACEMENT.finditer(texte)]
    for suspect in suspects:
        for m in re.finditer(re.escape(suspect), texte):
            if all(m.end() <= a or m.start() >= b for a, b, _ in spans):
                spans.append((m.start(), m.end(), SUSPECT))
    out, cursor = [], 0
    for start, end, style in sorted(spans):
        out += [
            html.escape(texte[cursor:start]),
            f'<span style="{style}">{html.escape(texte[start:end])}</span>',
        ]
        cursor = end
    out.append(html.escape(texte[cursor:]))
    return "".join(out)


def en_html(doc: Document, suspects: list[str]) -> str:
    def h(texte: str) -> str:
        return surligne(texte, suspects)

    parts = [f"<h2>{h(doc.titre)}</h2>", f"<p><i>{h(doc.sous_titre)}</i></p>"]
    for bloc in doc.blocs:
        if bloc.genre == "h1":
            parts.append(f"<h3>{h(bloc.texte)}</h3>")
        elif bloc.genre == "h2":
            parts.append(f"<h4>{h(bloc.texte)}</h4>")
        elif bloc.genre == "texte":
            parts.append(f"<p>{h(bloc.texte)}</p>")
        elif bloc.genre == "liste":
            parts.append("<ul>" + "".join(f"<li>{h(i)}</li>" for i in bloc.items) + "</ul>")
        elif bloc.genre == "tableau" and bloc.lignes:
            rows = []
            for n, row in enumerate(bloc.lignes):
                cell = "th" if n == 0 else "td"
                rows.append("<tr>" + "".join(f"<{cell}>{h(c)}</{cell}>" for c in row) + "</tr>")
            parts.append('<table border="1" cellspacing="0" cellpadding="3">' + "".join(rows) + "</table>")
    return "".join(parts)


class ApercuSortie(QDialog):
    """`exec()` returns Accepted (export, `confirmes()` holds the confirmed passages), Rejected, or
    MODIFIER when the coordinator chose to change the meeting instead."""

    MODIFIER = 2

    def __init__(
        self,
        store: Store,
        reunion_id: str | None,
        preparer: Callable[[], Sortie],
        titre: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.reunion_id = reunion_id
        self.preparer = preparer
        self.setWindowTitle(titre)
        a_la_taille_de_l_ecran(self, 1000, 720)
        layout = QVBoxLayout(self)
        legend = QLabel(
            self.tr(
                "Voici exactement ce qui partira. <span style='{r}'>&nbsp;En vert&nbsp;</span> : remplacé "
                "(nom, proche, adresse, téléphone, date de naissance…). <span style='{s}'>&nbsp;En orange&nbsp;"
                "</span> : peut encore identifier quelqu'un ; modifiez la réunion, ou cochez chaque passage "
                "pour confirmer qu'il peut partir."
            ).format(r=REMPLACE, s=SUSPECT)
        )
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.choix_box = QGroupBox(
            self.tr("Synthèses communiquées à ce partenaire (cochez ce qu'il doit savoir)")
        )
        self.choix_grid = QGridLayout(self.choix_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.choix_box)
        scroll.setMaximumHeight(190)
        self.choix_scroll = scroll
        top_layout.addWidget(scroll)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Aperçu du document"))
        top_layout.addWidget(self.browser, 1)
        splitter.addWidget(top)
        bottom = QGroupBox(self.tr("Passages à vérifier"))
        self.suspects_box = bottom
        bottom_layout = QVBoxLayout(bottom)
        self.suspects = QListWidget()
        self.suspects.setAccessibleName(self.tr("Passages qui peuvent encore identifier quelqu'un"))
        self.suspects.itemChanged.connect(self._update_buttons)
        self.suspects.currentRowChanged.connect(self._show_passage)
        bottom_layout.addWidget(self.suspects)
        splitter.addWidget(bottom)
        splitter.setSizes([560, 110])
        buttons = QDialogButtonBox()
        self.export_button = QPushButton(self.tr("&Confirmer et exporter…"))
        self.edit_button = QPushButton(self.tr("&Modifier la réunion"))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.edit_button.clicked.connect(lambda: self.done(self.MODIFIER))
        layout.addWidget(buttons)
        self.boxes: dict[tuple[str, str], QCheckBox] = {}
        self.sortie = preparer()
        self._build_choices()
        self._show()

    def _build_choices(self) -> None:
        if not self.sortie.choix:
            self.choix_scroll.hide()
            return
        self.choix_scroll.setMinimumHeight(min(60 + 30 * len(self.sortie.choix), 190))
        for column, label in enumerate(DIMENSIONS.values(), start=1):
            self.choix_grid.addWidget(QLabel(f"<b>{label}</b>"), 0, column)
        for row, choix in enumerate(self.sortie.choix, start=1):
            self.choix_grid.addWidget(QLabel(choix.libelle), row, 0)
            for column, (key, label) in enumerate(DIMENSIONS.items(), start=1):
                box = QCheckBox()
                box.setAccessibleName(
                    self.tr("{dimension} — {situation}").format(dimension=label, situation=choix.libelle)
                )
                filled = key in choix.remplies
                box.setEnabled(filled)
                box.setToolTip(
                    self.tr("Communiquer la synthèse « {d} » à ce partenaire").format(d=label)
                    if filled
                    else self.tr("Pas de synthèse « {d} » pour cette situation").format(d=label)
                )
                box.setChecked(filled and key in choix.choisies)
                box.toggled.connect(self._choice_changed)
                self.choix_grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignCenter)
                self.boxes[(choix.situation_id, key)] = box

    def _choice_changed(self) -> None:
        if self.reunion_id is None:
            return
        choix = {
            c.situation_id: [k for k in DIMENSIONS if self.boxes[(c.situation_id, k)].isChecked()]
            for c in self.sortie.choix
        }
        choisit_pour_partenaires(self.store, self.reunion_id, choix)
        confirmed = self.confirmes()
        self.sortie = self.preparer()
        self._show(confirmed)

    def _resume(self) -> str:
        """« 27 remplacements (nom ×17, …) ; 1 passage à vérifier. », « Aucun remplacement ; aucun passage
        à vérifier. »: counted in French, not « 0 remplacement(s) (aucun) »."""
        remplacements = self.sortie.remplacements
        replaced, suspects = sum(remplacements.values()), len(self.sortie.suspicions)
        first = (
            self.tr("{n} ({detail})").format(n=compte(replaced, self.tr("remplacement"), self.tr("remplacements")),
                                             detail=resume_remplacements(remplacements))
            if replaced else self.tr("Aucun remplacement")
        )  # fmt: skip
        second = (
            compte(suspects, self.tr("passage à vérifier"), self.tr("passages à vérifier"))
            if suspects
            else self.tr("aucun passage à vérifier")
        )
        return f"{first} ; {second}."

    def _show(self, confirmed: set[str] | None = None) -> None:
        suspects = [s.texte for s in self.sortie.suspicions]
        self.browser.setHtml(en_html(self.sortie.document, suspects))
        self.summary.setText(self._resume())
        self.suspects.blockSignals(True)
        self.suspects.clear()
        for s in self.sortie.suspicions:
            item = QListWidgetItem(
                self.tr("{libelle} — « …{extrait}… »").format(
                    libelle=s.libelle(), extrait=s.extrait.strip(" .…")
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, s.cle)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if confirmed and s.cle in confirmed else Qt.CheckState.Unchecked
            )
            self.suspects.addItem(item)
        self.suspects.blockSignals(False)
        self.suspects_box.setTitle(
            self.tr("Passages à vérifier ({n}) : cochez chacun pour confirmer qu'il peut partir").format(
                n=len(self.sortie.suspicions)
            )
            if self.sortie.suspicions
            else self.tr("Aucun passage à vérifier")
        )
        self._update_buttons()

    def _show_passage(self, row: int) -> None:
        """Scroll the preview to the passage chosen in the list, and select it."""
        if 0 <= row < len(self.sortie.suspicions):
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.find(self.sortie.suspicions[row].texte)

    def confirmes(self) -> set[str]:
        return {
            str(self.suspects.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.suspects.count())
            if self.suspects.item(n).checkState() == Qt.CheckState.Checked
        }

    def _update_buttons(self) -> None:
        missing = len(self.sortie.suspicions) - len(self.confirmes())
        self.export_button.setEnabled(missing == 0)
        self.export_button.setText(
            self.tr("&Confirmer et exporter…") if self.sortie.suspicions else self.tr("&Exporter…")
        )
        self.export_button.setToolTip(
            self.tr("{n} passage(s) encore à confirmer ou à corriger dans la réunion").format(n=missing)
            if missing
            else ""
        )
