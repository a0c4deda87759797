"""The application's style: the platform's own, with tabs tall enough for French capitals.

Fusion draws an unselected tab 2 pixels lower than the selected one and clips its label: the accent of a
capital ("Événements", "État") was cut off and read "Evénements".
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

ACCENTS = 4  # pixels: the height of an accent above a capital, at the usual sizes


class StyleCoordinateur(QProxyStyle):
    def sizeFromContents(
        self,
        kind: QStyle.ContentsType,
        option: QStyleOption | None,
        size: QSize,
        widget: QWidget | None = None,
    ) -> QSize:
        # Qt passes null pointers for both (a tab measured without a widget); the PySide6 stubs of
        # QProxyStyle.sizeFromContents declare them non-optional.
        result = super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]
        if kind == QStyle.ContentsType.CT_TabBarTab:
            result.setHeight(result.height() + ACCENTS)
        return result


def installe_style(app: QApplication) -> None:
    if isinstance(app.style(), StyleCoordinateur):
        return
    base = QStyleFactory.create(app.style().name())
    app.setStyle(StyleCoordinateur(base))
