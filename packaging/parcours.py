"""The three tasks of issue 19, done on the real window as a coordinator would, with each step counted:
`python packaging/parcours.py DATA_DIR OUT_DIR` under a 1366×768 virtual screen
(`xvfb-run -a -s "-screen 0 1366x768x24" …`). Saves a PNG at each stage, the three PDFs, and prints the
steps. A step is one click, one shortcut, one choice in a list, or typing one field's value.

The system file dialog is answered as a person accepting the name offered (one step: Enter); the print
dialog is not driven (the PDF stands for the paper)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Until = Callable[[], object]


def main(data_dir: str, out_dir: str, only: str = "abc") -> int:
    from fenetre_demo import ouvre
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QAbstractButton,
        QApplication,
        QComboBox,
        QFileDialog,
        QMessageBox,
        QWidget,
    )

    app, store, window, out = ouvre(data_dir, out_dir)

    steps: dict[str, list[str]] = {}
    current = [""]

    def step(text: str) -> None:
        steps.setdefault(current[0], []).append(text)
        print(f"  {current[0]}{len(steps[current[0]]):>3}. {text}", flush=True)

    def shot(widget: QWidget, name: str) -> None:
        QApplication.processEvents()
        widget.grab().save(str(out / f"{name}.png"))

    def typed(widget: QWidget, text: str, what: str) -> None:
        """One field's value, typed character by character (non-ASCII safe)."""
        widget.setFocus()
        for ch in text:
            if ch == "\n":
                QTest.keyClick(widget, Qt.Key.Key_Return)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                                   Qt.KeyboardModifier.NoModifier)  # fmt: skip
        step(f"taper {what} : « {text.replace(chr(10), ' / ')} »")

    def click(button: QAbstractButton, what: str = "") -> None:
        step(f"clic « {what or button.text().replace('&', '')} »")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def choose(combo: QComboBox, starts: str, what: str) -> None:
        index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(starts))
        combo.setFocus()
        combo.setCurrentIndex(index)
        step(f"choisir {what} : « {combo.itemText(index)} »")

    def modal() -> QWidget | None:
        widget = QApplication.activeModalWidget()
        return widget if widget is not None and widget.isVisible() else None

    def button_of(widget: QWidget, starts: str) -> QAbstractButton:
        return next(b for b in widget.findChildren(QAbstractButton)
                    if b.isVisible() and b.text().replace("&", "").startswith(starts))  # fmt: skip

    # The file dialog: the name offered is accepted (Enter), the path kept for looking at the file.
    saved: list[Path] = []

    def save_name(_parent: object, _title: str = "", default: str = "", _filter: str = "", *a: object,
                  **k: object) -> tuple[str, str]:  # fmt: skip
        target = out / Path(default).name
        saved.append(target)
        step(f"dialogue d'enregistrement : Entrée (nom proposé « {Path(default).name} »)")
        return str(target), ""

    QFileDialog.getSaveFileName = staticmethod(save_name)  # type: ignore[method-assign]

    def task_a() -> Iterator[Until]:
        current[0] = "a"
        screen = window.show_screen_named("annuaire")
        step("Ctrl+1 : écran Annuaire")
        yield lambda: True
        shot(window, "a1-annuaire")
        filtre = screen.profession
        # clicked from a timer, as in tasks b and c: the menu's own loop must not hold this step
        QTimer.singleShot(0, lambda: click(filtre, "Toutes les professions et types ▾"))
        yield lambda: filtre.menu().isVisible()
        typed(filtre.search, "infirm", "dans la liste")
        QTest.keyClick(filtre.search, Qt.Key.Key_Return)
        step("Entrée (coche « Infirmier »)")
        typed(filtre.search, "ssiad", "dans la liste")
        QTest.keyClick(filtre.search, Qt.Key.Key_Return)
        step("Entrée (coche le SSIAD)")
        yield lambda: True
        shot(filtre.menu(), "a2-filtre")
        filtre.menu().hide()
        step("Échap (ferme la liste)")
        choose(screen.commune, "Laguiole", "la commune où l'on travaille")
        yield lambda: True
        QTest.qWait(300)
        shot(window, "a3-resultats")
        print("   résultats :", screen.count.text(), flush=True)
        # Ctrl+P: the booklet of what is shown goes to the print dialog; the PDF printed is kept to look at
        import ui.annuaire.screen as annuaire_screen

        printed: list[Path] = []

        def print_dialog(_parent: object, path: Path) -> None:
            kept = out / path.name
            kept.write_bytes(path.read_bytes())
            printed.append(kept)
            saved.append(kept)
            step("dialogue d'impression : clic « Imprimer »")

        annuaire_screen.imprime_fichier_pdf = print_dialog  # type: ignore[attr-defined]
        screen.table.setFocus()
        step("Ctrl+P (« Imprimer le livret… »)")
        screen.print_booklet()
        yield lambda: bool(printed)

    def task_b() -> Iterator[Until]:
        current[0] = "b"
        screen = window.show_screen_named("personnes")
        step("Ctrl+2 : écran Personnes")
        yield lambda: True
        QTimer.singleShot(0, lambda: click(screen.new_button))
        yield lambda: modal() is not None
        dialog = modal()
        assert dialog is not None
        dialog.activateWindow()  # as a window manager would: leaving a field then finishes it (the date)
        f = dialog.fields  # type: ignore[attr-defined]
        choose(f["civilite"], "Mme", "la civilité")
        typed(f["nom_naissance"], "d'Alzon", "le nom de naissance")
        typed(f["prenoms_naissance"], "Marie-Thérèse", "les prénoms")
        typed(dialog.naissance.saisie, "12031938", "la date de naissance")  # type: ignore[attr-defined]
        typed(f["adresse"], "Lieu-dit La Borie Haute", "l'adresse")
        typed(f["complement"], "chemin de Soulages, 2e maison après le lavoir", "le complément")
        choose(f["commune_code"], "Laguiole", "la commune")
        if not f["code_postal"].text():
            typed(f["code_postal"], "12210", "le code postal")
        typed(f["telephone"], "05 65 44 21 37", "le téléphone")
        yield lambda: True
        QTest.qWait(400)  # the form is checked 250 ms after the last key
        shot(dialog, "b1-identite")
        dialog.tabs.setCurrentWidget(dialog.contacts)  # type: ignore[attr-defined]
        step("clic onglet « Contacts »")
        click(dialog.contacts.add_button)  # type: ignore[attr-defined]
        table = dialog.contacts.table  # type: ignore[attr-defined]
        for column, value, what in ((1, "Jean d'Alzon", "le nom du contact"), (2, "fils", "le lien"),
                                    (3, "06 12 34 56 78", "son téléphone"), (7, "a les clés", "le commentaire")):  # fmt: skip
            table.setCurrentCell(0, column)
            from PySide6.QtWidgets import QTableWidgetItem

            table.setItem(0, column, QTableWidgetItem(value))
            step(
                f"taper {what} : « {value} »"
                + (" (la cellule est ouverte par « + Ajouter »)" if column == 1 else "")
            )
        yield lambda: True
        shot(dialog, "b2-contacts")
        dialog.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]
        step("clic onglet « Santé »")
        sante = dialog.sections["sante"].widgets  # type: ignore[attr-defined]
        typed(sante["allergies"], "pénicilline — œdème", "les allergies")
        dialog.tabs.setCurrentIndex(5)  # type: ignore[attr-defined]
        step("clic onglet « Souhaits »")
        souhaits = dialog.sections["souhaits"].widgets  # type: ignore[attr-defined]
        typed(souhaits["limitation"], "pas de réanimation lourde", "la limitation des soins")
        yield lambda: True
        shot(dialog, "b3-souhaits")
        dialog.tabs.setCurrentWidget(dialog.fiches)  # type: ignore[attr-defined]
        step("clic onglet « Fiches »")
        yield lambda: True
        shot(dialog, "b4-fiches-avant")
        panel = dialog.fiches  # type: ignore[attr-defined]
        QTimer.singleShot(0, lambda: click(panel.validate_button))
        yield lambda: isinstance(modal(), QMessageBox)
        box = modal()
        shot(box, "b5-confirmer")  # type: ignore[arg-type]
        click(
            button_of(box, "Yes")
            if any(b.text() == "&Yes" for b in box.findChildren(QAbstractButton))  # type: ignore[union-attr]
            else box.button(QMessageBox.StandardButton.Yes),
            "Oui",
        )  # type: ignore[union-attr]
        yield lambda: modal() is dialog
        QTest.qWait(300)
        shot(dialog, "b6-fiche-validee")
        import ui.fiches.panel as fiches_panel

        class PrintDialog:  # the system's print dialog, answered « Imprimer »
            def __init__(self, *_a: object) -> None:
                pass

            def setWindowTitle(self, _t: str) -> None:
                pass

            def exec(self) -> bool:
                step("dialogue d'impression : clic « Imprimer »")
                return True

        def printed(_printer: object, data: bytes) -> int:
            target = out / "fiche-frigo-nouvelle-personne.pdf"
            target.write_bytes(data)
            saved.append(target)
            return 1

        fiches_panel.QPrintDialog = PrintDialog  # type: ignore[attr-defined,misc]
        fiches_panel.print_pdf = printed  # type: ignore[attr-defined]
        click(panel.print_button)
        yield lambda: True
        dialog.reject()  # type: ignore[attr-defined]
        yield lambda: modal() is None

    def task_c() -> Iterator[Until]:
        current[0] = "c"
        screen = window.show_screen_named("reunions")
        step("Ctrl+3 : écran Réunions")
        yield lambda: True
        QTimer.singleShot(0, lambda: click(screen.new_button))
        yield lambda: modal() is not None
        dialog = modal()
        assert dialog is not None
        d = dialog
        choose(d.type, "RCP", "le type")  # type: ignore[attr-defined]
        typed(d.titre, "RCP Aubrac de novembre", "le titre")  # type: ignore[attr-defined]
        typed(d.lieu, "MSP de Laguiole", "le lieu")  # type: ignore[attr-defined]
        yield lambda: True
        shot(d, "c1-reunion")
        d.tabs.setCurrentWidget(d.participants)  # type: ignore[attr-defined]
        step("clic onglet « Participants »")
        picker = d.participants.picker  # type: ignore[attr-defined]
        for who in ("chevallier", "rodrigues"):
            picker.search.clear()
            typed(picker.search, who, "une recherche dans l'annuaire")
            yield lambda: True
            if picker.found.count() > 1 and picker.found.itemData(0) is None:
                choose(picker.found, picker.found.itemText(1)[:10], "le participant")
            click(picker.add)
        yield lambda: True
        shot(d, "c2-participants")
        d.tabs.setCurrentWidget(d.situations)  # type: ignore[attr-defined]
        step("clic onglet « Situations »")
        sit = d.situations  # type: ignore[attr-defined]
        people = [sit.person.itemText(i) for i in range(1, 4)]
        for n, who in enumerate(people):
            click(sit.add_button)
            yield lambda: True
            choose(sit.person, who, "la personne")
            typed(sit.question, f"Question {n + 1} : maintien à domicile ?", "la question")
            typed(sit.synthese["social"], "aide à domicile à renforcer", "la synthèse sociale")
            typed(sit.decision, "passage SSIAD matin et soir", "la décision")
        yield lambda: True
        shot(d, "c3-situations")
        d.tabs.setCurrentIndex(4)  # type: ignore[attr-defined]
        step("clic onglet « Documents »")
        yield lambda: True
        QTimer.singleShot(0, lambda: click(d.validate_button))  # type: ignore[attr-defined]
        yield lambda: isinstance(modal(), QMessageBox)
        box = modal()
        click(box.button(QMessageBox.StandardButton.Yes), "Oui")  # type: ignore[union-attr]
        yield lambda: modal() is d
        QTimer.singleShot(0, lambda: click(d.export_buttons[("partenaires", "pdf")]))  # type: ignore[attr-defined]
        yield lambda: modal() is not d and modal() is not None
        preview = modal()
        QTest.qWait(300)
        shot(preview, "c4-apercu")  # type: ignore[arg-type]
        print("   aperçu :", type(preview).__name__, flush=True)
        if hasattr(preview, "export_button"):
            for _ in range(5):
                if preview.export_button.isEnabled():  # type: ignore[union-attr]
                    break
                print("   export bloqué : ", [s for s in preview.findChildren(QWidget) if s.objectName()][:0])
                break
            click(preview.export_button)  # type: ignore[union-attr]
        yield lambda: modal() is not preview and modal() is not None
        ask = modal()
        shot(ask, "c5-diffusion")  # type: ignore[arg-type]
        if type(ask).__name__ == "DiffusionDialog":
            click(button_of(ask, "OK"), "OK")  # type: ignore[arg-type]
        yield lambda: isinstance(modal(), QMessageBox) and modal() is not ask
        box = modal()
        shot(box, "c6-export-fait")  # type: ignore[arg-type]
        print("   message :", box.text(), flush=True)  # type: ignore[union-attr]
        click(button_of(box, "Fermer"), "Ouvrir (compté ; ici Fermer)")  # type: ignore[arg-type]
        yield lambda: modal() is d
        d.reject()  # type: ignore[attr-defined]
        yield lambda: modal() is None

    tasks = [t for k, t in (("a", task_a), ("b", task_b), ("c", task_c)) if k in only]

    def chain() -> Iterator[Until]:
        for task in tasks:
            yield from task()
            QTest.qWait(200)

    flow = chain()
    waiting: list[Until] = [lambda: True]
    ticks = [0]

    def tick() -> None:
        ticks[0] += 1
        if ticks[0] > 1200:
            print("bloqué ; fenêtre modale :", modal(), flush=True)
            if modal() is not None:
                shot(modal(), "bloque")  # type: ignore[arg-type]
            app.exit(1)
            return
        try:
            if waiting[0]():
                ticks[0] = 0
                waiting[0] = next(flow)
        except StopIteration:
            timer.stop()
            app.quit()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(tick)
    QTimer.singleShot(1500, timer.start)
    _ = QPoint
    code = app.exec()
    for key, items in steps.items():
        print(f"tâche {key} : {len(items)} étapes")
    print("fichiers :", *saved)
    store.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
