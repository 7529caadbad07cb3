"""Draws the top of page 1 of a published letter beside the workbench's export of it.

The picture in the README: the published PDF (left) and the PDF the workbench writes
after importing it (right), each cut below the summary's lead-in so that no clinical
text of the letter is shown, the published letter's logo covered. Needs
../shared/real-letters (a developer's tool).

    .venv/bin/python scripts/letter_beside_published.py [CM16-0246487] [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from workbench.letters.export import export_letter  # noqa: E402
from workbench.letters.reader import read_letter  # noqa: E402

SCALE = 80 / 72  # 80 dots per inch
CUT_AFTER = "including all medical records:"  # the end of the summary's lead-in
GAP = 24


def page_top(path: Path, hide_logo: bool = False) -> Image.Image:
    """Page 1 down to the summary's lead-in; with ``hide_logo``, the organization's logo
    above the case header is covered (the README carries no organization's branding)."""
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    text = page.get_textpage()
    words = text.get_text_range()
    at = words.index(CUT_AFTER) + len(CUT_AFTER) - 1
    bottom = text.get_charbox(at)[1]
    table_top = text.get_charbox(words.index("Case Number"))[3]
    image = page.render(scale=SCALE).to_pil()
    height = page.get_height()
    document.close()
    if hide_logo:
        draw = ImageDraw.Draw(image)
        box = (int(image.width * 0.6), 0, image.width, int((height - table_top - 8) * SCALE))
        draw.rectangle(box, fill=(255, 255, 255))
        draw.text((box[0] + 40, box[3] // 2), "(organization logo)", fill=(150, 150, 150))
    return image.crop((0, 0, image.width, int((height - bottom + 10) * SCALE)))


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "CM16-0246487"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "screenshots" / \
        "letter-beside-published.png"
    published = ROOT.parent / "shared" / "real-letters" / f"{name}.pdf"
    with tempfile.TemporaryDirectory() as folder:
        [ours] = export_letter(read_letter(published).case, {"pdf": Path(folder) / "ours.pdf"})
        left, right = page_top(published, hide_logo=True), page_top(ours)
    sheet = Image.new("RGB", (left.width + right.width + GAP, max(left.height, right.height)),
                      (214, 216, 220))
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width + GAP, 0))
    draw = ImageDraw.Draw(sheet)
    for x, image in ((0, left), (left.width + GAP, right)):
        draw.rectangle((x, 0, x + image.width - 1, image.height - 1), outline=(120, 120, 120))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    print(out)


if __name__ == "__main__":
    main()
