"""The minutes PDF follows GB/T 9704-2012: A4, the text block at the margins, 22 lines of 28
characters, embedded subset CJK fonts, page numbers on the outer side, text that reads back."""

import datetime as dt
import re
import subprocess
from collections import Counter

import pytest

from documents.minutes import chinese_date, document_title, issuing_number, paragraphs_of

from .pdfs import MM, lines_of, pages_of_glyphs, pdffonts, pdfinfo, pdftotext, text_only
from .samples import PARAGRAPH, PARTICULARS, TEXT, sample_pdf

LEFT, RIGHT, TOP, BOTTOM = 28, 184, 37, 262  # the 156 mm × 225 mm text block
LINE_PITCH = 225 / 22
ONE_CHARACTER_4HAO = 14 / MM  # 4号 page numbers sit one character in from the outer side


@pytest.fixture(scope="module")
def pdf():
    return sample_pdf()


@pytest.fixture(scope="module")
def pages(pdf):
    return pages_of_glyphs(pdf)


def body_lines(page):
    return lines_of([glyph for glyph in page if glyph.baseline < BOTTOM])


def test_pdftotext_returns_the_chinese_text(pdf):
    text = re.sub(r"—\d+—", "", text_only(pdftotext(pdf)))  # page numbers between the pages' text
    assert PARTICULARS["issuing_number"] in text
    assert PARTICULARS["title"] in text
    assert text.count(PARAGRAPH) == TEXT.count(PARAGRAPH)
    assert "出席：王海明、陈丽华、周建平" in text
    assert "请假：刘志远" in text
    assert "列席：区住建局、燃气公司、居民代表12人" in text
    assert "2026年3月5日" in text


def test_fonts_are_cjk_embedded_and_subset(pdf):
    fonts = pdffonts(pdf)
    assert fonts and all(font["embedded"] and font["subset"] for font in fonts), fonts
    # On a machine without licensed faces, the open stand-ins of the one stylesheet are used.
    families = {font["name"].split("+", 1)[1] for font in fonts}
    assert families == {
        "Noto-Serif-CJK-SC",  # 仿宋 (body) and 宋体 (page numbers)
        "Noto-Serif-CJK-SC-Bold",  # 小标宋 (mark and title)
        "Noto-Sans-CJK-SC",  # 黑体 (一、 headings, 出席)
        "LXGW-WenKai",  # 楷体 (（一） headings)
    }


def test_every_page_is_a4(pdf):
    info = pdfinfo(pdf)
    assert int(info["Pages"]) >= 3
    sizes = pdfinfo_pages(pdf, int(info["Pages"]))
    assert set(sizes) == {"595.276 x 841.89 pts (A4)"}


def pdfinfo_pages(pdf, count):
    output = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(count), "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [
        line.split(":", 1)[1].strip()
        for line in output.splitlines()
        if line.startswith("Page") and " size:" in line
    ]


def test_body_text_fills_the_text_block_at_the_margins(pages):
    lines = body_lines(pages[1])  # a continuation page, all body text
    assert len(lines) == 22
    # The first line's em box is centred in the first line of the grid, which starts at the
    # top margin; the 22nd ends at the foot of the text block.
    assert lines[0][0].em_centre - LINE_PITCH / 2 == pytest.approx(TOP, abs=1)
    assert lines[-1][0].em_centre + LINE_PITCH / 2 == pytest.approx(BOTTOM, abs=1)
    assert min(line[0].left for line in lines) == pytest.approx(LEFT, abs=1)
    assert max(line[-1].right for line in lines) == pytest.approx(RIGHT, abs=1)


def test_lines_hold_28_characters_of_3hao(pages):
    lines = body_lines(pages[1])
    assert {round(glyph.size_mm * MM) for line in lines for glyph in line} == {16}
    lengths = Counter(len(line) for line in lines)
    assert max(lengths) == 28
    assert lengths.most_common(1)[0][0] == 28


def test_page_numbers_are_4hao_between_dashes_on_the_outer_side(pages):
    for number, page in enumerate(pages, start=1):
        foot = [glyph for glyph in page if glyph.baseline > BOTTOM]
        assert "".join(glyph.text for glyph in foot) == f"—{number}—"
        assert {round(glyph.size_mm * MM) for glyph in foot} == {14}
        assert foot[0].em_top == pytest.approx(BOTTOM + 7, abs=1)
        if number % 2:
            assert foot[-1].right == pytest.approx(RIGHT - ONE_CHARACTER_4HAO, abs=1)
        else:
            assert foot[0].left == pytest.approx(LEFT + ONE_CHARACTER_4HAO, abs=1)


def test_red_mark_35_mm_into_the_text_block_then_the_number(pages):
    mark = [glyph for glyph in pages[0] if glyph.size_mm * MM > 30]
    assert "".join(glyph.text for glyph in mark) == "宁波市江北区政协纪要"
    assert mark[0].em_top == pytest.approx(TOP + 35, abs=1)
    red, green, blue = mark[0].colour
    assert red > 0.85 and green < 0.1 and blue < 0.15
    centre = (mark[0].left + mark[-1].right) / 2
    assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=1)


def test_rendering_the_same_version_gives_the_same_bytes(pdf):
    # What makes a stored SHA-256 meaningful whoever renders the version first.
    assert sample_pdf() == pdf


def test_text_helpers_follow_the_standard():
    assert issuing_number("江北政协", 2026, 12) == "江北政协纪〔2026〕12号"
    assert chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert (
        document_title("关于慈城供水") == document_title("慈城供水") == "关于慈城供水的专题协商纪要"
    )
    heading, mixed, plain = paragraphs_of("一、基本情况\n\n（二）关于经费。由区财政保障。\n正文")
    assert (heading.level, heading.heading, heading.text) == (1, "一、基本情况", "")
    assert (mixed.level, mixed.heading, mixed.text) == (2, "（二）关于经费。", "由区财政保障。")
    assert (plain.level, plain.text) == (0, "正文")
