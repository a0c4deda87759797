"""Screenshots of the real window for the README: `python packaging/captures.py DATA_DIR OUT_DIR`.

Run it under a virtual screen the size of a laptop (`xvfb-run -s "-screen 0 1366x768x24" python packaging/captures.py …`);
it opens the app on DATA_DIR, visits each screen, types a search, and saves one PNG per view.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(data_dir: str, out_dir: str) -> int:
    from fenetre_demo import ouvre
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coordinateur.confiance.ouverture import open_store
    from coordinateur.paths import resolve_paths

    app, store, window, out = ouvre(data_dir, out_dir)

    def grab(name: str) -> None:
        QApplication.processEvents()
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    def step_annuaire() -> None:
        grab("annuaire")
        window.annuaire.search.setText("infirm st come")
        QTimer.singleShot(400, step_annuaire_search)

    def step_annuaire_search() -> None:
        grab("annuaire-recherche")
        window.annuaire.table.selectRow(0)
        from ui.annuaire.form import FicheDialog

        record_id = window.annuaire.selected_id()
        dialog = FicheDialog(
            store, window.settings, record_id=record_id, categorie="intervenant", parent=window
        )
        dialog.phones.rows[0][1].setText("06 12")
        dialog.show()
        QTimer.singleShot(600, lambda: step_form(dialog))

    def step_form(dialog: object) -> None:
        QApplication.processEvents()
        dialog.grab().save(str(out / "annuaire-fiche.png"))  # type: ignore[attr-defined]
        print(out / "annuaire-fiche.png")
        dialog.reject()  # type: ignore[attr-defined]
        import tempfile

        from ui.annuaire.import_dialog import ImportDialog

        sample = Path(tempfile.mkdtemp()) / "partenaires-ccas.csv"
        sample.write_text(
            "NOM;Prénom;Métier;Tél;Portable;Ville;CP\n"
            "Rouquette;Élise;IDE;05 65 44 12 12;06 11 22 33 44;Laguiole;12210\n"
            "Bessière;Loïc;Kiné;05 65 44 13 13;;Espalion;12500\n"
            "Grimal;Noé;Aide à domicile;0565;;Laguiole;12210\n",
            encoding="cp1252",
        )
        importer = ImportDialog(store, window.settings, parent=window)
        importer.load(sample)
        importer.show()
        importer.simulate_button.click()
        QTimer.singleShot(1200, lambda: step_import(importer))

    def step_import(importer: object) -> None:
        QApplication.processEvents()
        importer.grab().save(str(out / "annuaire-import.png"))  # type: ignore[attr-defined]
        print(out / "annuaire-import.png")
        importer.reject()  # type: ignore[attr-defined]
        window.show_screen(1)
        QTimer.singleShot(300, step_personnes)

    def step_personnes() -> None:
        grab("personnes")
        from ui.personnes.dialog import PersonneDialog

        rows = window.personnes.model
        target = next(
            rows.row_at(r).id for r in range(rows.rowCount()) if rows.row_at(r).etat.code == "a_jour"
        )
        dialog = PersonneDialog(store, window.settings, target, parent=window)  # sized to the screen
        dialog.show()
        dialog.tabs.setCurrentIndex(3)
        QTimer.singleShot(400, lambda: step_personne(dialog))

    def step_personne(dialog: object) -> None:
        QApplication.processEvents()
        dialog.grab().save(str(out / "personne-sante.png"))  # type: ignore[attr-defined]
        dialog.tabs.setCurrentWidget(dialog.fiches)  # type: ignore[attr-defined]
        dialog.fiches.preview()  # type: ignore[attr-defined]
        QTimer.singleShot(600, lambda: step_fiche(dialog))

    def step_fiche(dialog: object) -> None:
        QApplication.processEvents()
        dialog.grab().save(str(out / "personne-fiche.png"))  # type: ignore[attr-defined]
        print(out / "personne-fiche.png")
        dialog.reject()  # type: ignore[attr-defined]
        window.show_screen(2)
        QTimer.singleShot(300, step_reunions)

    def step_reunions() -> None:
        grab("reunions")
        window.reunions.tabs.setCurrentIndex(1)
        QTimer.singleShot(200, step_board)

    def step_board() -> None:
        grab("reunions-actions")
        from ui.reunions.dialog import ReunionDialog

        dialog = ReunionDialog(store, window.reunions.model.row_at(0).id, parent=window)
        dialog.show()
        dialog.tabs.setCurrentIndex(2)
        QTimer.singleShot(300, lambda: step_meeting(dialog))

    def step_meeting(dialog: object) -> None:
        QApplication.processEvents()
        dialog.grab().save(str(out / "reunion-situations.png"))  # type: ignore[attr-defined]
        dialog.reject()  # type: ignore[attr-defined]
        from coordinateur.reunions.exports import apercu_compte_rendu
        from ui.reunions.apercu import ApercuSortie

        model = window.reunions.model
        rcp = next(r for r in map(model.row_at, range(model.rowCount())) if r.titre.startswith("RCP"))
        preview = ApercuSortie(store, rcp.id, lambda: apercu_compte_rendu(store, rcp.id),
                               "Relevé de décisions pour les partenaires — aperçu", window)  # fmt: skip
        for (_, dimension), box in preview.boxes.items():
            box.setChecked(box.isEnabled() and dimension == "social")
        preview.show()
        preview.suspects.setCurrentRow(0)  # scrolls the preview to the passage to check
        QTimer.singleShot(300, lambda: step_preview(preview))

    def step_preview(preview: object) -> None:
        QApplication.processEvents()
        preview.grab().save(str(out / "reunion-apercu-partenaires.png"))  # type: ignore[attr-defined]
        preview.reject()  # type: ignore[attr-defined]
        window.show_screen(3)
        QTimer.singleShot(300, step_partage)

    def step_partage() -> None:
        grab("partage")
        window.show_screen(4)
        QTimer.singleShot(300, step_territoire)

    def step_territoire() -> None:
        grab("territoire")
        window.territoire.search.setText("st come")
        QTimer.singleShot(300, step_search)

    def step_search() -> None:
        grab("territoire-recherche")
        screen = window.show_screen_named("indicateurs")
        screen.tableau.choose("2026")
        QTimer.singleShot(400, step_indicateurs)

    def step_indicateurs() -> None:
        if window.screen_widget("indicateurs").tableau.calcul_en_cours:  # computed off the GUI thread
            QTimer.singleShot(200, step_indicateurs)
            return
        grab("indicateurs")
        screen = window.screen_widget("indicateurs")
        screen.tabs.setCurrentWidget(screen.conventions)
        QTimer.singleShot(300, step_conventions)

    def step_conventions() -> None:
        grab("indicateurs-conventions")
        screen = window.screen_widget("indicateurs")
        screen.tabs.setCurrentWidget(screen.tableau)
        window.show_screen_named("protection")
        QTimer.singleShot(300, step_journal)

    def step_journal() -> None:
        grab("protection-journal")
        protection = window.screen_widget("protection")
        protection.tabs.setCurrentWidget(protection.sauvegardes)
        protection.sauvegardes.backup_now()
        QTimer.singleShot(1500, step_sauvegardes)

    def step_sauvegardes() -> None:
        for widget in QApplication.topLevelWidgets():  # the "backup done" message box
            if widget.inherits("QMessageBox") and widget.isVisible():
                widget.close()
        grab("protection-sauvegardes")
        protection = window.screen_widget("protection")
        protection.tabs.setCurrentWidget(protection.conservation)
        protection.conservation.dossiers.setValue(1)
        protection.conservation.search()
        QTimer.singleShot(300, step_conservation)

    def step_conservation() -> None:
        grab("protection-conservation")
        protection = window.screen_widget("protection")
        protection.conservation.dossiers.setValue(24)  # not saved: only editing by hand saves it
        QTimer.singleShot(100, step_frigo)

    def step_frigo() -> None:
        """The fridge sheet of the demo's hardest record (S-0002: the two-line rural address, the care
        limitation, the neighbour with the keys), its first page as printed, at 60 dpi."""
        import subprocess
        import tempfile

        from coordinateur.fiches.impression import pdf_fiche
        from coordinateur.personnes.service import liste_personnes, lit_personne, valide_fiche

        target = next(p.id for p in liste_personnes(store, statut=None)
                      if lit_personne(store, p.id).adresse.startswith("Lieu-dit La Borie Haute"))  # fmt: skip
        try:
            data, _version = pdf_fiche(store, target, "frigo")
        except Exception:  # no version validated yet in this store
            valide_fiche(store, target)
            data, _version = pdf_fiche(store, target, "frigo")
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "frigo.pdf"
            pdf.write_bytes(data)
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(out / "fiche-frigo-1")], check=True)  # fmt: skip
        print(out / "fiche-frigo-1.png")
        from ui.aide import AideDialog

        aide = AideDialog("annuaire", window)
        aide.show()
        QTimer.singleShot(400, lambda: step_aide(aide))

    def step_aide(aide: object) -> None:
        QApplication.processEvents()
        aide.grab().save(str(out / "aide.png"))  # type: ignore[attr-defined]
        print(out / "aide.png")
        aide.reject()  # type: ignore[attr-defined]
        # The lock page as an encrypted store shows it: the plain demo store is given a key for the
        # picture only (nothing is written with it), then the window is closed without unlocking.
        store.key = b"\0" * 32  # type: ignore[assignment]
        window.lock()
        QTimer.singleShot(300, step_verrou)

    def step_verrou() -> None:
        grab("verrouille")
        store.key = None  # type: ignore[assignment]
        window.close()
        QTimer.singleShot(100, step_protection)

    def step_protection() -> None:
        import tempfile

        from ui.verrou import CreationDialog

        with tempfile.TemporaryDirectory() as folder:
            dialog = CreationDialog(resolve_paths(folder))
            dialog.phrase.setText("Aubrac2026")  # 10 characters: refused, the rule explained
            dialog.accept()
            dialog.show()
            QApplication.processEvents()
            dialog.grab().save(str(out / "protection.png"))
            print(out / "protection.png")
            dialog.done(0)
            dialog.deleteLater()
        QTimer.singleShot(100, step_first_run)

    def step_first_run() -> None:
        import tempfile

        from PySide6.QtCore import Qt

        from ui.first_run import FirstRunDialog

        with tempfile.TemporaryDirectory() as folder:
            fresh = open_store(resolve_paths(folder))
            dialog = FirstRunDialog(fresh)
            dialog.nom.setText("Hélène Bousquet")
            dialog.fonction.setText("Infirmière coordinatrice")
            dialog.structure.setText("CPTS Aubrac–Viadène")
            dialog.dept_filter.setText("avey")
            for i in range(dialog.departements.count()):
                if dialog.departements.item(i).text().startswith("12 "):
                    dialog.departements.item(i).setCheckState(Qt.CheckState.Checked)
            dialog.scope_epci.setChecked(True)
            for i in range(dialog.epcis.count()):
                if dialog.epcis.item(i).text().startswith(("CC Aubrac", "CC Comtal")):
                    dialog.epcis.item(i).setCheckState(Qt.CheckState.Checked)
            dialog.show()
            QApplication.processEvents()
            dialog.grab().save(str(out / "premier-demarrage.png"))
            print(out / "premier-demarrage.png")
            dialog.close()
            dialog.deleteLater()
            QApplication.processEvents()
            fresh.close()
        window.deleteLater()
        app.quit()

    QTimer.singleShot(800, step_annuaire)
    app.exec()
    store.close()
    _smaller(out)
    return 0


def _smaller(out: Path) -> None:
    """256 colours are enough for a screen: the PNGs lose about 60 % of their weight and nothing readable."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with reportlab (the PDFs); without it the PNGs stay as Qt saved them
        return
    for png in out.glob("*.png"):
        with Image.open(png) as image:
            small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                  dither=Image.Dither.NONE)  # fmt: skip
        small.save(png, optimize=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
