"""Every Excel export writes its cells through `cell()` (formula injection, CWE-1236).

A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula, and a tab or
carriage return at the start lets one through in some programs; a topic titled
`=HYPERLINK("http://evil","x")` would become a live link. `cell()` writes such a text as text
(type `s`, with Excel's quote prefix so that editing keeps it text); what the user sees is the
text unchanged. Numbers, dates and empty cells are written as they are.
"""

from io import BytesIO
from numbers import Number

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def cell(sheet, value, *, bold=False) -> WriteOnlyCell:
    """A cell of a write-only `sheet` holding `value`, never as a formula."""
    if value is not None and not isinstance(value, Number) and not _is_date(value):
        value = str(value)
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        written.data_type = "s"
        written.quotePrefix = True
    if bold:
        written.font = BOLD
    return written


def row(sheet, values, *, bold=False) -> list[WriteOnlyCell]:
    return [cell(sheet, value, bold=bold) for value in values]


def _is_date(value) -> bool:
    return hasattr(value, "isoformat")


def workbook_response(workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
