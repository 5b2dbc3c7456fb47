"""Reading PDFs back as a reader would: poppler's tools and pdfplumber's glyph positions."""

import subprocess
from collections import defaultdict
from io import BytesIO

import pdfplumber

MM = 72 / 25.4  # points per millimetre
EM_ASCENT = 0.88  # the ideographic em box: 0.88 em above the baseline, 0.12 em below


def _poppler(tool, content: bytes, *args) -> str:
    return subprocess.run(
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()


def pdftotext(content: bytes) -> str:
    return _poppler("pdftotext", content)


def pdffonts(content: bytes) -> list[dict]:
    """One row per font: name, type, embedded, subset."""
    rows = []
    for line in _poppler("pdffonts", content).splitlines()[2:]:
        parts = line.split()
        # name, type (one to three words), encoding, emb, sub, uni, object, id
        rows.append(
            {"name": parts[0], "embedded": parts[-5] == "yes", "subset": parts[-4] == "yes"}
        )
    return rows


def pdfinfo(content: bytes) -> dict:
    info = {}
    for line in _poppler("pdfinfo", content).splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def text_only(text: str) -> str:
    return "".join(text.split())


class Glyph:
    """A character with its em box in millimetres from the top-left corner of the page."""

    def __init__(self, char, page_height):
        self.text = char["text"]
        self.size_mm = char["size"] / MM
        self.baseline = (page_height - char["matrix"][5]) / MM
        self.left = char["x0"] / MM
        self.right = char["x1"] / MM
        self.fontname = char["fontname"]
        self.colour = char.get("non_stroking_color")

    @property
    def em_top(self):
        return self.baseline - EM_ASCENT * self.size_mm

    @property
    def em_centre(self):
        return self.baseline - (EM_ASCENT - 0.5) * self.size_mm


def pages_of_glyphs(content: bytes) -> list[list[Glyph]]:
    with pdfplumber.open(BytesIO(content)) as pdf:
        return [
            [Glyph(char, page.height) for char in page.chars if char["text"].strip()]
            for page in pdf.pages
        ]


def lines_of(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline, top to bottom, each line left to right."""
    lines = defaultdict(list)
    for glyph in glyphs:
        lines[round(glyph.baseline, 1)].append(glyph)
    return [sorted(lines[baseline], key=lambda g: g.left) for baseline in sorted(lines)]
