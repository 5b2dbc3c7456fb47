"""Load the demo: the reference data, then each case of `cases.CASES` through the step driver
(`portal.driver.Driver`, the one the tests use), every action on its own day by `Clock`.

Every action goes through the real services, so every guard holds, every permission is
checked and every step leaves its transition record. Idempotent: the reference data is
fetched or created by name, and a case whose topic already exists in the committee is left
alone, so running it again changes nothing. Each case is loaded in one transaction.
"""

import logging
import struct
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings

from core import workflow
from evaluations.models import EvaluationAssignment
from followup.models import FollowUpItem
from portal.driver import Driver
from topics.models import Topic

from .administrators import load_administrators
from .cases import CASES, TIME_OF, Case, Day, Moment, Pdf, Png
from .clock import Clock
from .duties import load_duties
from .public import load_public
from .reference import Reference, load_reference


@dataclass
class Loaded:
    committee: object
    created: list[str] = field(default_factory=list)  # titles of the cases loaded now
    present: list[str] = field(default_factory=list)  # titles of those already there


def load(clock: Clock | None = None) -> Loaded:
    """Load whatever of the demo is not there yet."""
    clock = clock or Clock()
    with notifications_muted():
        with transaction.atomic():
            reference = load_reference(clock.today)
            load_administrators()
        loaded = Loaded(reference.committee)
        for case in CASES:
            if Topic.objects.filter(committee=reference.committee, title=case.title).exists():
                loaded.present.append(case.title)
                continue
            with transaction.atomic():
                CaseLoader(case, reference, clock).run()
            loaded.created.append(case.title)
        load_public(reference, clock)
        with transaction.atomic():
            load_duties(reference, clock)
    return loaded


@contextmanager
def notifications_muted():
    """Run notification tasks in-process into a dummy mailbox: the demo's past sends no e-mail."""
    from config.celery_app import app

    previous = app.conf.task_always_eager
    trace_log = logging.getLogger("celery.app.trace")
    previous_level = trace_log.level
    app.conf.task_always_eager = True
    trace_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        app.conf.task_always_eager = previous
        trace_log.setLevel(previous_level)


def driver_people(reference: Reference):
    """The demo's people under the names the driver gives them (for its defaults; the cases
    name their actors and data themselves)."""
    users = reference.users
    return SimpleNamespace(
        office=users["office"],
        proposer=users["member"],
        member=users["member2"],
        chair=users["chair"],
        leader_a=users["leader"],
        leader_b=users["leader"],
        department=reference.departments["区住建局"],
        department_user=users["dept"],
        evaluator_org=reference.evaluator_org,
        evaluator_user=users["evaluator"],
        method=reference.method,
    )


class CaseLoader:
    """Creates one case's topic and takes its actions, each at its moment."""

    # Actions the driver takes as office staff; a case must name office staff for them.
    AS_OFFICE = {"draft_minutes", "item", "verify", "close_item"}

    def __init__(self, case: Case, reference: Reference, clock: Clock):
        self.case = case
        self.reference = reference
        self.clock = clock
        self.driver = Driver(driver_people(reference))
        self.steps = workflow.machine_of(Topic).steps
        self.topic_pk = None
        self.items = {}  # key: pk

    def run(self) -> None:
        case, users = self.case, self.reference.users
        author = users[case.author]
        with self._at(case.created, "create", author):
            fields = self._resolve(case.fields, case.created)
            topic = self.driver.create(
                author,
                committee=self.reference.committee,
                cosigners=[users[username] for username in case.cosigners],
                title=case.title,
                year=self.clock.day(case.created).year,
                **fields,
            )
        self.topic_pk = topic.pk
        for ago, action, username, data in case.actions:
            actor = users[username]
            if action in self.AS_OFFICE and actor != self.driver.people.office:
                raise ValueError(f"{case.title}: {action} is taken by office staff")
            with self._at(ago, action, actor):
                self._take(action, actor, self._resolve(data, ago))

    def _at(self, ago, action, actor):
        hour, minute = TIME_OF[action]
        return self.clock.at(self.clock.moment(ago, hour, minute), actor)

    @property
    def topic(self) -> Topic:
        return Topic.objects.get(pk=self.topic_pk)

    def item(self, key) -> FollowUpItem:
        return FollowUpItem.objects.get(pk=self.items[key])

    # Data: usernames, names and days as the services want them

    def _resolve(self, data: dict, ago: int) -> dict:
        reference = self.reference
        resolved = {}
        for key, value in data.items():
            if key in ("team", "members", "leaders"):
                value = [reference.users[username] for username in value]
            elif key == "departments":
                value = [reference.departments[name] for name in value]
            elif key == "department":
                value = reference.departments[value]
            elif key == "proposer_body":
                value = reference.bodies[value]
            elif key == "files":
                value = [self._file(spec, ago) for spec in value]
            elif isinstance(value, Day):
                value = self.clock.day(value.ago)
            elif isinstance(value, Moment):
                value = self.clock.moment(value.ago, value.hour, value.minute)
            resolved[key] = value
        return resolved

    def _file(self, spec, ago):
        if isinstance(spec, Pdf):
            day = self.clock.day(ago).isoformat()
            lines = [line.format(day=day) for line in spec.lines]
            return SimpleUploadedFile(spec.name, pdf_bytes(lines), content_type="application/pdf")
        if isinstance(spec, Png):
            return SimpleUploadedFile(spec.name, png_bytes(), content_type="image/png")
        raise TypeError(f"not a demo file: {spec!r}")

    # Actions

    def _take(self, action, actor, data):
        if action in self.steps:
            self.driver.take(self.topic, action, actor, **data)
        else:
            getattr(self, f"_{action}")(actor, **data)

    def _confirm(self, actor):
        self.driver.confirm(self.topic, actor)

    def _activity(self, actor, **data):
        self.driver.activity(self.topic, actor, **data)

    def _report(self, actor, **data):
        self.driver.report(self.topic, actor, **data)

    def _draft_minutes(self, actor, *, text):
        self.driver.draft_minutes(self.topic, text)

    def _item(self, actor, *, key, point=None, **data):
        topic = self.topic
        if point is not None:
            data["consensus_point"] = topic.session.consensus_points.get(position=point)
        self.items[key] = self.driver.item(topic, **data).pk

    def _progress(self, actor, *, item, **data):
        self.driver.progress(self.item(item), actor, **data)

    def _verify(self, actor, *, item):
        self.driver.verify(self.item(item))

    def _close_item(self, actor, *, item, reason):
        self.driver.close_item(self.item(item), reason)

    def _ask_extension(self, actor, *, item, due_on, reason):
        self.driver.ask_extension(self.item(item), actor, due_on=due_on, reason=reason)

    def _rate(self, actor, *, item, level, comment):
        self.driver.rate(self.item(item), actor, level=level, comment=comment)

    def _score(self, actor, *, scores, summary):
        assignment = EvaluationAssignment.objects.get(
            topic=self.topic, evaluator_id__in=actor.evaluator_ids
        )
        indicators = self.reference.indicators
        scores = {
            indicators[name]: (Decimal(score), justification)
            for name, (score, justification) in scores.items()
        }
        self.driver.score(assignment, actor, scores=scores, summary=summary)


# Generated files, so the demo needs none on disk


def png_bytes(width=120, height=80):
    """A small valid PNG (a warm gradient)."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            row += bytes((200 + x * 55 // width, 90 + y * 100 // height, 40))
        rows.append(bytes(row))

    def chunk(tag, data):
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(lines):
    """A one-page valid PDF with the given ASCII lines, generated without any library."""
    text = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({escaped}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
