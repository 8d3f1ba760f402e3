"""Fonts for letters and forms, line wrapping, and right-to-left text.

DejaVu Sans (Debian package fonts-dejavu-core) covers Latin, Greek, Cyrillic, Hebrew and much
of Arabic, so survey texts in every offered language print. The built-in PDF fonts only know
Latin-1; they are never used. A missing font file gives a PaperError that names the file.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from surveys.paper.errors import PaperError

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FILES = {
    "regular": ("PaperSans", "DejaVuSans.ttf"),
    "bold": ("PaperSans-Bold", "DejaVuSans-Bold.ttf"),
    "italic": ("PaperSans-Oblique", "DejaVuSans-Oblique.ttf"),
}
FONT_FAMILY = "DejaVu Sans"
_RTL = {"R", "AL"}
_LTR = {"L"}


@dataclass(frozen=True)
class Fonts:
    """The registered font names for regular, bold and italic text."""

    regular: str
    bold: str
    italic: str


def load_fonts(font_dir: str | None = None) -> Fonts:
    """Register the paper fonts once per process; PaperError names a missing font file."""
    folder = Path(font_dir or DEFAULT_FONT_DIR)
    registered = set(pdfmetrics.getRegisteredFontNames())
    names = {}
    for style, (name, filename) in FONT_FILES.items():
        names[style] = name
        path = folder / filename
        if not path.is_file():
            raise PaperError(
                _l(
                    "The font %(font)s is missing: %(path)s. Install the package "
                    "fonts-dejavu-core or set PAPER_FONT_DIR to a folder with this font.",
                    font=f"{FONT_FAMILY} ({filename})",
                    path=str(path),
                )
            )
        if name in registered:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # a damaged or unreadable font file
            raise PaperError(
                _l(
                    "The font file %(path)s cannot be read (%(problem)s).",
                    path=str(path),
                    problem=type(exc).__name__,
                )
            ) from exc
    return Fonts(**names)


def missing_characters(text: str, font_name: str) -> set[str]:
    """Characters of a text that the font cannot draw (printed as an empty box)."""
    font = pdfmetrics.getFont(font_name)
    glyphs = font.face.charToGlyph
    return {
        ch
        for ch in set(text)
        if ord(ch) not in glyphs and not ch.isspace() and unicodedata.category(ch)[0] != "C"
    }


def describe_characters(characters) -> str:
    """Characters named so that anyone can find them, even where no font shows them:
    "🏠 (U+1F3E0 HOUSE BUILDING)"."""
    return ", ".join(
        f"{ch} (U+{ord(ch):04X} {unicodedata.name(ch, 'UNKNOWN')})"
        for ch in sorted(set(characters))
    )


def width(text: str, font_name: str, size: float) -> float:
    """Width of a text in points."""
    return pdfmetrics.stringWidth(text, font_name, size)


def wrap(text: str, font_name: str, size: float, max_width: float) -> list[str]:
    """Lines of at most max_width points; paragraphs kept, over-long words broken."""
    lines: list[str] = []
    for paragraph in str(text or "").replace("\r\n", "\n").split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if width(candidate, font_name, size) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            for piece in _break_word(word, font_name, size, max_width):
                if current:
                    lines.append(current)
                current = piece
        lines.append(current)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _break_word(word: str, font_name: str, size: float, max_width: float) -> list[str]:
    """A word cut into pieces that fit, each but the last ending in a hyphen."""
    if width(word, font_name, size) <= max_width:
        return [word]
    pieces, current = [], ""
    for ch in word:
        if current and width(current + ch + "-", font_name, size) > max_width:
            pieces.append(current + "-")
            current = ""
        current += ch
    pieces.append(current)
    return pieces


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in _RTL:
            return True
        if direction in _LTR:
            return False
    return False


def visual_order(line: str) -> str:
    """A logical-order line in the order it is drawn left to right (simple bidi).

    Runs of right-to-left characters are reversed; in a right-to-left line the runs are also
    drawn from right to left. Letter joining for Arabic is not applied.
    """
    if not any(unicodedata.bidirectional(ch) in _RTL for ch in line):
        return line
    runs: list[list] = []  # [is_rtl, text]
    for ch in line:
        direction = unicodedata.bidirectional(ch)
        rtl = True if direction in _RTL else False if direction in _LTR else None
        if runs and (rtl is None or rtl == runs[-1][0]):
            runs[-1][1] += ch
        elif rtl is None:
            runs.append([False, ch])
        else:
            runs.append([rtl, ch])
    parts = [text[::-1] if rtl else text for rtl, text in runs]
    return "".join(reversed(parts)) if is_rtl(line) else "".join(parts)
