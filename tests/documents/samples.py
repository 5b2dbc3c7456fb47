"""A minutes version built in memory, as submission freezes it: layout tests need no database."""

import datetime as dt

from django.utils import timezone

from consultations.models import Minutes, MinutesVersion
from documents.minutes import minutes_document
from documents.rendering import render_pdf

SUBMITTED_AT = timezone.make_aware(dt.datetime(2026, 3, 5, 10, 30))

PARAGRAPH = (
    "会议听取了调研组关于费市家苑小区管道燃气接入问题的调研情况汇报，区住建局、区综合行政执法局、"
    "江北工业区管委会和燃气公司负责人作了回应发言，与会委员和居民代表围绕管线迁改费用分摊、"
    "施工审批和安全监管等问题充分协商，一致认为必须坚持问题导向，明确责任分工，加快推进落实。"
)
TEXT = "\n".join(
    [
        "一、基本情况",
        PARAGRAPH,
        "（一）关于管线接入。" + PARAGRAPH,
        *[PARAGRAPH] * 12,
        "二、主要共识",
        *[PARAGRAPH] * 4,
    ]
)
PARTICULARS = {
    "committee": "宁波市江北区政协",
    "issuing_number": "江北政协纪〔2026〕12号",
    "title": "关于费市家苑小区12年未通管道燃气的专题协商纪要",
    "present": ["王海明", "陈丽华", "周建平"],
    "on_leave": ["刘志远"],
    "attending": ["区住建局", "燃气公司", "居民代表12人"],
    "dated": dt.date(2026, 3, 5).isoformat(),
}


def sample_version(text=TEXT) -> MinutesVersion:
    minutes = Minutes(issuing_number=PARTICULARS["issuing_number"])
    return MinutesVersion(
        minutes=minutes, number=1, text=text, particulars=PARTICULARS, submitted_at=SUBMITTED_AT
    )


def sample_pdf(text=TEXT) -> bytes:
    return render_pdf(
        "documents/pdf/minutes.html", {"document": minutes_document(sample_version(text))}
    )
