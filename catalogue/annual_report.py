"""The annual work report's steps, all taken by its Celery task on behalf of whoever asked."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, register
from documents.models import AnnualReport, AnnualReportLog

machine = register(
    Machine(
        AnnualReport,
        log=AnnualReportLog,
        log_field="report",
        noun=_("annual work report"),
        topic_of=lambda report: None,
        committee_of=lambda report: report.committee_id,
        committee_lookup="committee_id",
    )
)
for name in ("start", "finish", "fail"):
    machine.step(name, actor=None, page=None, form_guards=(), notice=None, deadline=None, todo=None)
