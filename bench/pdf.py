"""Benchmark: render a 10-page 专题协商纪要 PDF (GB/T 9704 layout) five times.

Run: .venv/bin/python bench/pdf.py
The last line reads `pdf: pages=10 seconds=S bytes=B path=/path/to/sample.pdf`, where S is the
median of five renders (target: at most 1.5) and B the size of the PDF (target: at most
1,000,000); the sample is left at that path. No database is needed: the version is built
in memory, as submission freezes it.
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.utils import timezone  # noqa: E402

from consultations.models import Minutes, MinutesVersion  # noqa: E402
from documents.minutes import minutes_document  # noqa: E402
from documents.rendering import render_pdf  # noqa: E402

PAGES = 10
RUNS = 5
SENTENCES = [
    "会议听取了调研组关于费市家苑小区管道燃气接入问题的调研情况汇报，",
    "区住建局、区综合行政执法局、江北工业区管委会、燃气公司和村委会负责人作了回应发言，",
    "与会委员和居民代表围绕管线迁改费用分摊、施工审批和安全监管等问题充分协商，",
    "会议认为，小区建成十二年未通管道燃气，居民长期使用瓶装液化气，存在较大安全隐患，",
    "解决这一问题事关群众切身利益，必须坚持问题导向，明确责任分工，加快推进落实。",
]
HEADINGS = [
    "一、基本情况",
    "二、主要共识",
    "三、责任分工",
    "四、时间节点",
    "五、保障措施",
    "六、跟踪问效",
    "七、其他事项",
    "八、下一步工作",
    "九、工作要求",
    "十、附则",
]


def minutes_text(paragraphs: int) -> str:
    lines = []
    for index in range(paragraphs):
        if index % 6 == 0:
            lines.append(HEADINGS[(index // 6) % len(HEADINGS)])
        elif index % 6 == 1:
            lines.append("（一）关于管线接入。" + "".join(SENTENCES[:3]))
        else:
            lines.append("".join(SENTENCES[index % 3 :]) + "".join(SENTENCES[: index % 4]))
    return "\n".join(lines)


def sample_document(paragraphs: int):
    minutes = Minutes(issuing_number="江北政协纪〔2026〕12号")
    version = MinutesVersion(
        minutes=minutes,
        number=1,
        text=minutes_text(paragraphs),
        submitted_at=timezone.now(),
        particulars={
            "committee": "宁波市江北区政协",
            "issuing_number": minutes.issuing_number,
            "title": "关于费市家苑小区12年未通管道燃气问题的专题协商纪要",
            "present": ["王海明", "陈丽华", "周建平", "刘志远", "李晓燕"],
            "on_leave": ["吴海涛"],
            "attending": [
                "区住建局",
                "区综合行政执法局",
                "江北工业区管委会",
                "燃气公司",
                "居民代表12人",
            ],
            "dated": dt.date(2026, 3, 5).isoformat(),
        },
    )
    return minutes_document(version)


def page_count(content: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(content)).pages)


def paragraphs_for(pages: int) -> int:
    """The largest number of paragraphs that still fits in `pages` pages (found once, untimed)."""
    low, high = 1, 200
    while low < high:
        middle = (low + high + 1) // 2
        content = render_pdf("documents/pdf/minutes.html", {"document": sample_document(middle)})
        if page_count(content) <= pages:
            low = middle
        else:
            high = middle - 1
    return low


def main():
    document = sample_document(paragraphs_for(PAGES))
    timings = []
    for _run in range(RUNS):
        started = time.perf_counter()
        content = render_pdf("documents/pdf/minutes.html", {"document": document})
        timings.append(time.perf_counter() - started)
    path = Path(tempfile.gettempdir()) / "weiyuan-bench" / "minutes-sample.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    print("runs: " + " ".join(f"{seconds:.3f}" for seconds in timings))
    print(
        f"pdf: pages={page_count(content)} seconds={statistics.median(timings):.3f} "
        f"bytes={len(content)} path={path}"
    )


if __name__ == "__main__":
    main()
