"""The 专题协商纪要 as an official document: what its PDF, .docx and web view all show.

Everything comes from what a version froze at submission (its text and `particulars`) and,
for the signed copy, from the leaders' sign-offs, so that every rendition of one version
says the same and never changes afterwards.

The fixed wording (纪要, 出席/请假/列席, 〔〕号, 年月日) is the national format's own
(GB/T 9704-2012), not text of the site's interface, so it is not translated.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from consultations.models import Minutes, MinutesVersion, SignOff

TEXT_BLOCK_WIDTH_PT = 442  # 156 mm
MARK_MAX_PT = 36  # 小初

# Levels of headings in the text (GB/T 9704 7.3.3): "一、" is set 黑体, "（一）" 楷体.
HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十百]+）")),
)


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: str = ""
    level: int = 0


@dataclass(frozen=True)
class SignOffEntry:
    leader: str
    opinion: str
    date: str


@dataclass(frozen=True)
class MinutesDocument:
    edition: str
    mark: str
    issuing_number: str
    title: str
    paragraphs: list[Paragraph]
    attendance: list[tuple[str, list[str]]]
    date: str
    created: dt.datetime
    sign_offs: list[SignOffEntry] = field(default_factory=list)

    @property
    def mark_size(self) -> int:
        """The mark's size in points: 小初, or smaller so that a long name stays on one line."""
        return min(MARK_MAX_PT, TEXT_BLOCK_WIDTH_PT // max(len(self.mark), 1))


def chinese_date(day: dt.date) -> str:
    """成文日期 as the standard writes it: 2026年3月5日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def issuing_number(short_name: str, year: int, serial: int) -> str:
    return f"{short_name}纪〔{year}〕{serial}号"


def document_title(topic_title: str) -> str:
    subject = topic_title.removeprefix("关于")
    return f"关于{subject}的专题协商纪要"


def paragraphs_of(text: str) -> list[Paragraph]:
    """One paragraph per non-empty line; a numbered heading runs up to its first 。."""
    result = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        level = next((level for level, pattern in HEADING_PATTERNS if pattern.match(line)), 0)
        if level:
            heading, stop, rest = line.partition("。")
            result.append(Paragraph(text=rest, heading=heading + stop, level=level))
        else:
            result.append(Paragraph(text=line))
    return result


# Who was present (出席), on leave (请假) and attending without a vote (列席) at a session:
# a function of the session giving the three lists of names, registered by the app that
# keeps the attendance records (duties).
_attendance = []


def register_attendance(lists_of_session) -> None:
    _attendance[:] = [lists_of_session]


def particulars_of(minutes: Minutes, *, dated: dt.date) -> dict:
    """What the document shows besides its text, frozen into a version at submission."""
    topic = minutes.topic
    session = getattr(topic, "session", None)
    present, on_leave, attending = [], [], []
    if session is not None:
        (lists_of_session,) = _attendance
        present, on_leave, attending = lists_of_session(session)
        attending += [department.name for department in session.departments.order_by("name")]
        if session.residents_count:
            attending.append(f"居民代表{session.residents_count}人")
    return {
        "committee": topic.committee.name,
        "issuing_number": minutes.issuing_number,
        "title": document_title(topic.title),
        "present": present,
        "on_leave": on_leave,
        "attending": attending,
        "dated": dated.isoformat(),
    }


def minutes_document(version: MinutesVersion, *, signed: bool = False) -> MinutesDocument:
    """The document of `version`: as submitted, or signed, with the sign-off block."""
    frozen = version.particulars
    sign_offs = []
    created = version.submitted_at
    if signed:
        approvals = [s for s in version.sign_offs.all() if s.decision == SignOff.Decision.APPROVE]
        sign_offs = [
            SignOffEntry(str(s.leader), s.opinion, chinese_date(timezone.localdate(s.signed_at)))
            for s in approvals
        ]
        created = max(s.signed_at for s in approvals)
    attendance = [
        (label, frozen[key])
        for label, key in (("出席", "present"), ("请假", "on_leave"), ("列席", "attending"))
        if frozen.get(key)
    ]
    edition = f"签批件（第{version.number}版）" if signed else f"送签稿（第{version.number}版）"
    return MinutesDocument(
        edition=edition,
        mark=f"{frozen['committee']}纪要",
        issuing_number=frozen["issuing_number"],
        title=frozen["title"],
        paragraphs=paragraphs_of(version.text),
        attendance=attendance,
        date=chinese_date(dt.date.fromisoformat(frozen["dated"])),
        created=created,
        sign_offs=sign_offs,
    )
