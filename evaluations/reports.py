"""The evaluation report of a topic as a PDF, rendered by WeasyPrint from a template."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from followup.models import FollowUpItem

from .models import EvaluationAssignment


def report_context(topic) -> dict:
    assignments = list(
        EvaluationAssignment.objects.filter(topic=topic, state=EvaluationAssignment.State.SUBMITTED)
        .select_related("evaluator", "method")
        .prefetch_related("scores__indicator")
    )
    result = topic.evaluation_result
    indicators = list(result.method.indicators.all())
    by_evaluator = [
        {score.indicator_id: score for score in assignment.scores.all()}
        for assignment in assignments
    ]
    rows = []
    for indicator in indicators:
        scores = [
            scores_of[indicator.pk].score for scores_of in by_evaluator if indicator.pk in scores_of
        ]
        rows.append(
            {
                "indicator": indicator,
                "scores": scores,
                "mean": sum(scores) / len(scores) if scores else None,
            }
        )
    items = (
        FollowUpItem.objects.filter(topic=topic)
        .select_related("department")
        .prefetch_related(Prefetch("ratings"))
    )
    return {
        "topic": topic,
        "result": result,
        "assignments": assignments,
        "rows": rows,
        "items": items,
        "generated_at": timezone.localtime(),
    }


def evaluation_report_pdf(topic) -> HttpResponse:
    # Imported here: loading WeasyPrint parses its stylesheets, which no other page needs.
    from weasyprint import HTML

    html = render_to_string("evaluations/report_pdf.html", report_context(topic))
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evaluation-report-{topic.pk}.pdf"'
    return response
