"""Every character of a letter drawn in the PDF: the serif font first, fallback fonts for the rest.

Liberation Serif covers Latin, Greek, Cyrillic and Hebrew. Names and words in
other scripts, and symbols such as "✓", would otherwise be drawn as nothing
(and extract as nothing), while the DOCX and TXT of the same export keep
them. So each run of text is split by the first font that has its
characters, in this order, all shipped in ``resources/fonts`` and embedded
(subset) in the PDF, never taken from the system:

- DejaVu Sans: symbols and arrows, Arabic, Armenian, Georgian, rarer Latin;
- Noto Sans Devanagari and Noto Sans Thai;
- Droid Sans Fallback: Chinese and Japanese;
- Workbench Hangul (NanumGothic's Hangul): Korean.

The fallbacks have no bold face: a bold label in those scripts prints regular.

reportlab draws characters in the order it is given, one glyph each, without
a shaping engine. Right-to-left text (Hebrew, Arabic) is therefore put in
display order here (python-bidi, the Unicode bidirectional algorithm, with the
letter's English as the base direction), and Arabic letters are first given
their joined forms (arabic-reshaper: the presentation forms DejaVu Sans
carries). Text extracted from the PDF gives the Arabic presentation forms,
which NFKC maps back to the letters, in logical order: PDFium orders a line's
right-to-left runs back when it extracts them. Devanagari and Thai print
every character, though without conjuncts or reordered vowel signs.

A character no font has makes the export refuse, with one line naming the
characters, rather than write a letter with holes in it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbench.characters import drop_format
from workbench.errors import WorkbenchError
from workbench.resources import resource_path

MAX_NAMED = 6  # characters a refusal names before "and N more"


class UnprintableCharacters(WorkbenchError):
    """The letter holds characters none of the PDF's fonts can draw."""


@dataclass(frozen=True)
class FontFile:
    name: str  # the name reportlab knows it by
    file: str  # under resources/fonts


FALLBACKS: tuple[FontFile, ...] = (
    FontFile("LetterFallbackSans", "DejaVuSans.ttf"),
    FontFile("LetterFallbackDevanagari", "NotoSansDevanagari-Regular.ttf"),
    FontFile("LetterFallbackThai", "NotoSansThai-Regular.ttf"),
    FontFile("LetterFallbackCJK", "DroidSansFallbackFull.ttf"),
    FontFile("LetterFallbackHangul", "WorkbenchHangul-Regular.ttf"),
)


@cache
def _registered(font: FontFile) -> frozenset[int]:
    """Register ``font`` (on first need only: the CJK font alone is 4 MB) and return its coverage."""
    face = TTFont(font.name, resource_path("fonts", font.file))
    pdfmetrics.registerFont(face)
    # <b> inside a paragraph asks for the family's bold: the fallback is its own bold.
    pdfmetrics.registerFontFamily(font.name, normal=font.name, bold=font.name,
                                  italic=font.name, boldItalic=font.name)
    return frozenset(face.face.charToGlyph)


@cache
def _coverage(primary: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(primary).face.charToGlyph)


@cache
def _font_for(char: str, primary: str) -> str | None:
    """The first font that draws ``char``: the primary one, then the fallbacks in order."""
    code = ord(char)
    if code in _coverage(primary):
        return primary
    for font in FALLBACKS:
        if code in _registered(font):
            return font.name
    return None


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


@cache
def _arabic_reshaper():
    """Joined letter forms and the obligatory lam-alef ligatures only: the word ligatures
    ("Allah", "Muhammad") would print a name differently from how it was typed."""
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES

    return ArabicReshaper(configuration={
        name: name.startswith("ARABIC LIGATURE LAM WITH ALEF") and "MAKSURA" not in name
        for name, _forms in LIGATURES})


def display_text(text: str) -> str:
    """``text`` as it is drawn: composed, right-to-left runs in display order, Arabic joined,
    and the invisible format characters (used by the ordering, then not drawn) removed."""
    text = unicodedata.normalize("NFC", text)
    if any(_is_rtl(char) for char in text):
        from bidi import get_display

        if any(unicodedata.bidirectional(char) == "AL" for char in text):
            text = _arabic_reshaper().reshape(text)
        text = get_display(text, base_dir="L")
    return drop_format(text)


def _drawn_characters(text: str, primary: str) -> Iterator[str]:
    for char in text:
        if "\ufb50" <= char <= "\ufeff" and _font_for(char, primary) is None:
            # An Arabic joined form no font has: print its plain letters instead.
            yield from unicodedata.normalize("NFKC", char)
        else:
            yield char


def segments(text: str, primary: str) -> list[tuple[str | None, str]]:
    """``text`` (as ``display_text`` gives it) cut into (font, characters) runs; font None for
    characters no font has. Spaces stay in the primary font (an unusual one becomes a space)."""
    runs: list[tuple[str | None, str]] = []
    for char in _drawn_characters(text, primary):
        if char.isspace():
            font: str | None = primary
            if ord(char) not in _coverage(primary):
                char = " "
        else:
            font = _font_for(char, primary)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def markup(text: str, primary: str) -> str:
    """``text`` as paragraph markup (escaped), with characters the primary font lacks in a
    ``<font>`` of the fallback that has them."""
    parts = []
    for font, chars in segments(display_text(text), primary):
        if font == primary or font is None:
            parts.append(escape(chars))
        else:
            parts.append(f'<font name="{font}">{escape(chars)}</font>')
    return "".join(parts)


def draw_string(canvas, x: float, y: float, text: str, primary: str, size: float) -> None:
    """Draw one line from ``x`` on ``canvas``, each run in the font that has it."""
    for font, chars in segments(display_text(text), primary):
        name = font or primary
        canvas.setFont(name, size)
        canvas.drawString(x, y, chars)
        x += pdfmetrics.stringWidth(chars, name, size)
    canvas.setFont(primary, size)


def check_printable(texts: Iterable[str], primary: str) -> None:
    """Raise ``UnprintableCharacters`` naming the characters of ``texts`` no font has."""
    missing: dict[str, None] = {}
    for text in texts:
        for font, chars in segments(display_text(text), primary):
            if font is None:
                missing.update(dict.fromkeys(chars))
    if not missing:
        return
    named = [f"{char} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"
             for char in list(missing)[:MAX_NAMED]]
    more = f" and {len(missing) - MAX_NAMED} more" if len(missing) > MAX_NAMED else ""
    raise UnprintableCharacters(
        f"The PDF cannot print {len(missing)} character(s) that no font it carries has: "
        f"{', '.join(named)}{more}. Export DOCX or TXT, or change those words")
