"""Make the app icon's sizes from its SVG source: `python packaging/icones.py`.

resources/icons/coordinateur.svg is the source (drawn for the project: a house joined to the network of
those who come to it). Writes packaging/icones/coordinateur-<N>.png for the usual sizes, coordinateur.png
(256), coordinateur.ico (Windows) and coordinateur.icns (macOS). Rendered with Qt's own SVG renderer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out = ROOT / "packaging" / "icones"
    out.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "coordinateur.svg"))
    paths = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"coordinateur-{size}.png"
        image.save(str(path))
        paths.append(path)
    (out / "coordinateur.png").write_bytes((out / "coordinateur-256.png").read_bytes())
    biggest = Image.open(out / "coordinateur-512.png")
    biggest.save(out / "coordinateur.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    biggest.save(out / "coordinateur.icns")
    for path in [*paths, out / "coordinateur.ico", out / "coordinateur.icns"]:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
