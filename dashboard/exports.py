"""Excel workbooks (openpyxl) of the topic list and of the dashboard's tables.

Headers and labels are the page's own translated strings, so a workbook comes in the
language of the request that asked for it.
"""

import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.models import Action
from audit.services import audit_record
from core.spreadsheets import row, workbook_response


def xlsx_response(request, workbook: Workbook, filename: str) -> HttpResponse:
    """The workbook as a download, recorded in the audit log with the filters it used."""
    response = workbook_response(workbook, filename)
    audit_record(Action.EXPORT, request=request, target=filename, detail=request.GET.urlencode())
    return response


def _sheet_title(title: str, taken: set) -> str:
    # Excel refuses []:*?/\ in sheet names and more than 31 characters.
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip() or "Sheet"
    name, number = base, 2
    while name in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def _append_table(sheet, header, rows):
    sheet.append(row(sheet, header, bold=True))
    for values in rows:
        sheet.append(row(sheet, values))


def topic_list_workbook(topics) -> Workbook:
    """One row per topic of the filtered list, in the list's order."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(_("Topics"), set()))
    header = [
        _("Title"),
        _("Committee"),
        _("Year"),
        _("Stage"),
        _("State"),
        _("Source channel"),
        _("Category"),
        _("Proposing body"),
        _("Evaluation score"),
        _("Evaluation grade"),
    ]
    _append_table(sheet, header, (_topic_row(topic) for topic in topics.iterator(chunk_size=2000)))
    return workbook


def _topic_row(topic) -> list:
    result = getattr(topic, "evaluation_result", None)
    return [
        topic.title,
        str(topic.committee),
        topic.year,
        str(topic.stage.label),
        topic.get_state_display(),
        topic.get_channel_display(),
        topic.get_category_display(),
        str(topic.proposer_body) if topic.proposer_body else "",
        float(result.score) if result else None,
        result.get_grade_display() if result else "",
    ]


def figures_workbook(figures) -> Workbook:
    """One sheet per table of the dashboard."""
    workbook = Workbook(write_only=True)
    taken = set()
    for figure in figures:
        sheet = workbook.create_sheet(_sheet_title(figure.title, taken))
        _append_table(
            sheet,
            figure.columns,
            [[line.label, *(_cell(value) for value in line.values)] for line in figure.rows],
        )
    return workbook


def _cell(value):
    return float(value) if hasattr(value, "as_tuple") else value
