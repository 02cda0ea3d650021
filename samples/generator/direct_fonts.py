"""The IPAex TrueType fonts of the reportlab renderings (IPAexMincho body, IPAexGothic headings)."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MINCHO = "IPAexMincho"
GOTHIC = "IPAexGothic"

FONT_FILES = {
    MINCHO: Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"),
    GOTHIC: Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
}


def fonts_available() -> bool:
    """True when both IPAex font files are installed."""
    return all(path.is_file() for path in FONT_FILES.values())


def register_fonts() -> None:
    """Register both IPAex fonts with reportlab (idempotent); raise when a file is missing."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, path in FONT_FILES.items():
        if name in registered:
            continue
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: install fonts-ipaexfont")
        pdfmetrics.registerFont(TTFont(name, str(path)))


def text_width(text: str, font: str, size: float) -> float:
    """Printed width of ``text`` in points."""
    return float(pdfmetrics.stringWidth(text, font, size))
