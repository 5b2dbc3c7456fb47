"""The minutes as a Word document (python-docx), for offices that edit in Word or WPS.

Same content and page as the PDF (documents/minutes.py, GB/T 9704): A4, the same margins,
3号 body with a 28.9 pt line grid, odd and even page numbers. Word and WPS resolve the
faces by name on the editor's machine, so the document names the standard's own faces.
"""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .minutes import MinutesDocument

FANGSONG, XIAOBIAOSONG, HEI, KAI, SONG = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16
LINE = Pt(28.9)


def minutes_docx(document: MinutesDocument) -> bytes:
    word = Document()
    _set_page(word)
    _letterhead(word, document)
    _paragraph(
        word,
        document.title,
        face=XIAOBIAOSONG,
        size=22,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=LINE * 2,
        after=LINE,
    )
    for paragraph in document.paragraphs:
        para = _paragraph(word, "", first_line_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if paragraph.heading:
            _run(para, paragraph.heading, face=HEI if paragraph.level == 1 else KAI)
        _run(para, paragraph.text, face=FANGSONG)
    for index, (label, names) in enumerate(document.attendance):
        para = _paragraph(word, "", before=LINE if index == 0 else 0)
        para.paragraph_format.left_indent = Pt(BODY_PT * 5)
        para.paragraph_format.first_line_indent = Pt(-BODY_PT * 3)
        _run(para, f"{label}：", face=HEI)
        _run(para, "、".join(names), face=FANGSONG)
    date = _paragraph(word, document.date, align=WD_ALIGN_PARAGRAPH.RIGHT, before=LINE)
    date.paragraph_format.right_indent = Pt(BODY_PT * 4)
    if document.sign_offs:
        _paragraph(word, "领导签批意见", face=HEI, before=LINE)
        for sign_off in document.sign_offs:
            for caption, value in (
                ("签批人", sign_off.leader),
                ("签批意见", sign_off.opinion),
                ("签批日期", sign_off.date),
            ):
                para = _paragraph(word, "")
                _run(para, f"{caption}：", face=HEI)
                _run(para, value, face=FANGSONG)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _set_page(word):
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    word.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = FANGSONG
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FANGSONG)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = 0


def _page_number(footer, align):
    """“— 1 —” in 4号 宋体, one character in from the outer side."""
    para = footer.paragraphs[0]
    para.alignment = align
    side = "right_indent" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
    setattr(para.paragraph_format, side, Pt(14))
    _run(para, "— ", face=SONG, size=14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = _run(para, "1", face=SONG, size=14)
    run._r.addprevious(field)
    field.append(run._r)
    _run(para, " —", face=SONG, size=14)


def _letterhead(word, document: MinutesDocument):
    _paragraph(word, document.edition, face=HEI)
    _paragraph(
        word,
        document.mark,
        face=XIAOBIAOSONG,
        size=document.mark_size,
        bold=True,
        color=RED,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=Mm(35) - LINE,
        line=Pt(document.mark_size),
    )
    number = _paragraph(
        word, document.issuing_number, align=WD_ALIGN_PARAGRAPH.CENTER, before=LINE * 2
    )
    # The red rule across the text block, 4 mm under the number.
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "16"), ("space", "11"), ("color", "E60012")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # In its place in the paragraph properties, as Word requires (before spacing and alignment).
    number._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"
    )


def _paragraph(
    word,
    text,
    *,
    face=None,
    size=None,
    bold=False,
    color=None,
    align=None,
    before=None,
    after=None,
    line=None,
    first_line_chars=0,
):
    para = word.add_paragraph()
    fmt = para.paragraph_format
    if align is not None:
        para.alignment = align
    if before is not None:
        fmt.space_before = before
    if after is not None:
        fmt.space_after = after
    if line is not None:
        fmt.line_spacing = line
    if first_line_chars:
        # Indent in characters (首行缩进2字符), as Word and WPS set it.
        para._p.get_or_add_pPr().get_or_add_ind().set(
            qn("w:firstLineChars"), str(first_line_chars * 100)
        )
    if text:
        _run(para, text, face=face or FANGSONG, size=size, bold=bold, color=color)
    return para


def _run(para, text, *, face, size=None, bold=False, color=None):
    run = para.add_run(text)
    run.font.name = face
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    return run
