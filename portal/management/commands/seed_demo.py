"""Load the demo: 江北区政协, a login for every role, and the real cases of the brief.

Every case is carried through the real services (so every guard holds, every permission is
checked and every step leaves its transition record), on realistic past dates: time-machine
moves the clock to the day each step happened. Dates are relative to the day the command
runs, so the demo always looks current.

Idempotent: reference data is fetched or created by name, and a case whose topic already
exists in the committee is left alone. Running it again changes nothing.
"""

import datetime
import logging
import struct
import zlib
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.models import HistoricalRecords

from consultations.models import SignOff
from consultations.services import (
    minutes_save,
    minutes_sign,
    minutes_submit,
    session_record,
    session_schedule,
)
from evaluations.models import EvaluationAssignment, EvaluationMethod, Indicator
from evaluations.services import evaluation_commission, evaluation_submit, topic_close
from followup.services import (
    extension_request,
    follow_up_item_add,
    follow_up_item_close,
    follow_up_item_verify,
    progress_report,
    satisfaction_rate,
)
from people.models import Committee, CommitteeBody, Department, EvaluatorOrganisation, User
from people.roles import Role
from research.services import research_activity_record, research_report_write, research_start
from topics.models import AnnualPlan, State, Topic
from topics.services import cosignature_confirm, topic_create, topic_reject, topic_transition

PASSWORD = "demo12345"

COMMITTEE_NAME = "江北区政协"
COMMITTEE_SHORT_NAME = "江北政协"

BODIES = [
    (CommitteeBody.Kind.SPECIAL, "经济委员会"),
    (CommitteeBody.Kind.SPECIAL, "社会法制委员会"),
    (CommitteeBody.Kind.SPECIAL, "城乡建设委员会"),
    (CommitteeBody.Kind.SPECIAL, "教科文卫体委员会"),
    (CommitteeBody.Kind.LIAISON, "孔浦街道联委会"),
    (CommitteeBody.Kind.LIAISON, "慈城镇联委会"),
    (CommitteeBody.Kind.LIAISON, "庄桥街道联委会"),
    (CommitteeBody.Kind.SECTOR, "经济界"),
    (CommitteeBody.Kind.SECTOR, "农业界"),
    (CommitteeBody.Kind.SECTOR, "医药卫生界"),
    (CommitteeBody.Kind.SECTOR, "教育界"),
    (CommitteeBody.Kind.SECTOR, "科技界"),
]

DEPARTMENTS = [
    (Department.Kind.DEPARTMENT, "区住建局"),
    (Department.Kind.DEPARTMENT, "区综合行政执法局"),
    (Department.Kind.DEPARTMENT, "江北工业区管委会"),
    (Department.Kind.DEPARTMENT, "区卫健局"),
    (Department.Kind.DEPARTMENT, "区农业农村局"),
    (Department.Kind.DEPARTMENT, "区司法局"),
    (Department.Kind.DEPARTMENT, "区水利局"),
    (Department.Kind.DEPARTMENT, "区交通运输局"),
    (Department.Kind.DEPARTMENT, "区民政局"),
    (Department.Kind.OTHER, "燃气公司"),
    (Department.Kind.OTHER, "费市村村委会"),
    (Department.Kind.STREET, "孔浦街道"),
    (Department.Kind.STREET, "慈城镇"),
    (Department.Kind.STREET, "庄桥街道"),
    (Department.Kind.STREET, "洪塘街道"),
]

EVALUATOR_NAME = "宁波市民意调查中心"

METHOD_NAME = "江北区政协“委员议事”质量评价办法（试行）"
INDICATORS = [
    (
        "议题选择",
        20,
        "议题是否切口小、关联广、与群众切身利益密切相关；来源于党政点题、委员荐题或群众出题，"
        "经主席会议审定列入计划。",
    ),
    (
        "调研深度",
        20,
        "是否坚持“不调研不协商”：调研计划、人员和时间安排是否科学，走访座谈是否深入一线、"
        "覆盖相关部门和群众，是否摸清底数并形成可行的初步方案。",
    ),
    (
        "协商质量",
        20,
        "委员、部门和群众参与是否充分，协商是否平等深入，是否达成明确共识；专题协商纪要是否"
        "规范、及时报送。",
    ),
    (
        "成果转化",
        25,
        "领导签批意见是否落实，跟踪事项是否按期办结并经核实，问题是否得到实际解决，纳入年度"
        "目标任务考核情况。",
    ),
    ("群众满意度", 15, "通过回访、问卷、座谈等方式了解群众对议事成效的满意程度。"),
]

# username, full name, role, bodies, department, evaluator?
USERS = [
    ("office", "李晓燕", Role.OFFICE_STAFF, [], None, False),
    ("member", "王海明", Role.MEMBER, ["经济界", "城乡建设委员会", "孔浦街道联委会"], None, False),
    ("member2", "陈丽华", Role.MEMBER, ["医药卫生界", "社会法制委员会"], None, False),
    ("member3", "周建平", Role.MEMBER, ["农业界", "经济委员会", "慈城镇联委会"], None, False),
    ("member4", "刘志远", Role.MEMBER, ["教育界", "社会法制委员会"], None, False),
    ("chair", "徐国强", Role.CHAIR_MEETING, [], None, False),
    ("leader", "赵振华", Role.LEADER, [], None, False),
    ("dept", "孙立军", Role.DEPARTMENT, [], "区住建局", False),
    ("dept2", "吴海涛", Role.DEPARTMENT, [], "区综合行政执法局", False),
    ("gas", "钱伟", Role.DEPARTMENT, [], "燃气公司", False),
    ("cicheng", "冯建明", Role.DEPARTMENT, [], "慈城镇", False),
    ("sifa", "何静", Role.DEPARTMENT, [], "区司法局", False),
    ("evaluator", "郑敏", Role.EVALUATOR, [], None, True),
]

VISIT = "visit"
SYMPOSIUM = "symposium"


def png_bytes(width=120, height=80):
    """A small valid PNG (a warm gradient), generated so the demo needs no files on disk."""
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


class Demo:
    def __init__(self, time_machine):
        self.time_machine = time_machine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.created = []
        self.present = []

    # Time: `ago` counts days before today; a negative `ago` is a day in the future.

    def day(self, ago):
        return self.today - datetime.timedelta(days=ago)

    def moment(self, ago, hour=10, minute=0):
        naive = datetime.datetime.combine(self.day(ago), datetime.time(hour, minute))
        return timezone.make_aware(naive)

    @contextmanager
    def at(self, ago, actor, hour=10, minute=0):
        """Travel to the moment a step happened and record `actor` in the edit history."""
        moment = self.moment(ago, hour, minute)
        if moment >= self.now:
            raise CommandError(f"A demo step is dated in the future ({moment}); fix its offset.")
        with self.time_machine.travel(moment, tick=True):
            HistoricalRecords.context.request = SimpleNamespace(user=actor)
            try:
                yield
            finally:
                del HistoricalRecords.context.request

    # Reference data

    def load_reference(self):
        self.committee, _created = Committee.objects.get_or_create(
            name=COMMITTEE_NAME, defaults={"short_name": COMMITTEE_SHORT_NAME}
        )
        self.bodies = {}
        for kind, name in BODIES:
            self.bodies[name], _created = CommitteeBody.objects.get_or_create(
                committee=self.committee, name=name, defaults={"kind": kind}
            )
        self.departments = {}
        for kind, name in DEPARTMENTS:
            self.departments[name], _created = Department.objects.get_or_create(
                committee=self.committee, name=name, defaults={"kind": kind}
            )
        self.evaluator_org, _created = EvaluatorOrganisation.objects.get_or_create(
            committee=self.committee, name=EVALUATOR_NAME
        )
        self.method, _created = EvaluationMethod.objects.get_or_create(
            committee=self.committee, version=1, defaults={"name": METHOD_NAME, "in_force": True}
        )
        for position, (name, weight, guidance) in enumerate(INDICATORS, start=1):
            Indicator.objects.get_or_create(
                method=self.method,
                name=name,
                defaults={"position": position, "weight": weight, "guidance": guidance},
            )
        self.indicators = {indicator.name: indicator for indicator in self.method.indicators.all()}
        for year in (self.today.year - 1, self.today.year):
            AnnualPlan.objects.get_or_create(
                committee=self.committee, year=year, defaults={"target_sessions": 35}
            )

    def load_users(self):
        groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        for username, full_name, role, bodies, department, is_evaluator in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=PASSWORD,
                    full_name=full_name,
                    email=f"{username}@example.org",
                    department=self.departments[department] if department else None,
                    evaluator=self.evaluator_org if is_evaluator else None,
                )
            user.groups.add(groups[role])
            user.committees.add(self.committee)
            user.bodies.add(*(self.bodies[name] for name in bodies))
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser(
                username="admin",
                password=PASSWORD,
                email="admin@example.org",
                full_name="系统管理员",
            )
        User.objects.get(username="admin").committees.add(self.committee)
        # self.office, self.member, …: fresh instances, so cached roles and committees are current.
        for username, *_rest in USERS:
            setattr(self, username, User.objects.get(username=username))

    # One helper per service, each run on its day

    def create(self, ago, author, *, cosigners=(), **fields):
        with self.at(ago, author, 9, 30):
            return topic_create(
                actor=author,
                committee=self.committee,
                cosigners=cosigners,
                year=self.day(ago).year,
                **fields,
            )

    def confirm(self, ago, topic, member):
        with self.at(ago, member, 11):
            cosignature_confirm(topic=topic, member=member)

    def step(self, ago, actor, topic, name, comment="", hour=15):
        with self.at(ago, actor, hour):
            return topic_transition(topic=topic, name=name, actor=actor, comment=comment)

    def propose(self, ago, author, topic, comment="提交主席会议审定。"):
        return self.step(ago, author, topic, "submit", comment, hour=10)

    def approve(self, ago, topic, comment="同意列入年度协商计划。"):
        return self.step(ago, self.chair, topic, "approve", comment, hour=16)

    def start_research(self, ago, topic, *, team, ends_ago, objectives):
        with self.at(ago, self.office, 9):
            return research_start(
                topic=topic,
                actor=self.office,
                team=team,
                starts_on=self.day(ago),
                ends_on=self.day(ends_ago),
                objectives=objectives,
            )

    def activity(
        self,
        ago,
        actor,
        topic,
        kind,
        place,
        *,
        members,
        departments=(),
        residents="",
        findings,
        files=(),
    ):
        with self.at(ago, actor, 17):
            return research_activity_record(
                topic=topic,
                actor=actor,
                members=members,
                departments=[self.departments[name] for name in departments],
                files=files,
                kind=kind,
                held_on=self.day(ago),
                place=place,
                residents_met=residents,
                findings=findings,
            )

    def report(self, ago, actor, topic, *, content, solution):
        with self.at(ago, actor, 11):
            research_report_write(
                topic=topic, actor=actor, content=content, preliminary_solution=solution
            )

    def schedule(self, ago, topic, *, session_ago, venue, agenda, hour=14, minute=30):
        with self.at(ago, self.office, 10):
            return session_schedule(
                topic=topic,
                actor=self.office,
                starts_at=self.moment(session_ago, hour, minute),
                venue=venue,
                agenda=agenda,
            )

    def record_session(self, ago, topic, *, members, departments, residents, consensus):
        with self.at(ago, self.office, 18):
            return session_record(
                topic=topic,
                actor=self.office,
                members=members,
                departments=[self.departments[name] for name in departments],
                residents_count=residents,
                consensus=consensus,
            )

    def submit_minutes(self, ago, topic, text):
        with self.at(ago, self.office, 10):
            return minutes_submit(topic=topic, actor=self.office, text=text, leaders=[self.leader])

    def sign(self, ago, topic, opinion, decision=SignOff.Decision.APPROVE):
        with self.at(ago, self.leader, 16):
            return minutes_sign(topic=topic, actor=self.leader, decision=decision, opinion=opinion)

    def item(self, ago, topic, department, task, *, due_ago, point=None):
        """`point` is the position of the consensus point the task carries out."""
        with self.at(ago, self.office, 11):
            return follow_up_item_add(
                topic=topic,
                actor=self.office,
                task=task,
                department=self.departments[department],
                due_on=self.day(due_ago),
                consensus_point=topic.session.consensus_points.get(position=point)
                if point
                else None,
            )

    def rate(self, ago, member, item, level, comment):
        with self.at(ago, member, 20):
            satisfaction_rate(item=item, actor=member, level=level, comment=comment)

    def progress(self, ago, actor, item, percent, text, *, completed=False, files=()):
        with self.at(ago, actor, 15):
            progress_report(
                item=item,
                actor=actor,
                percent_done=percent,
                text=text,
                files=files,
                completed=completed,
            )

    def verify(self, ago, item):
        with self.at(ago, self.office, 10):
            return follow_up_item_verify(item=item, actor=self.office)

    def commission(self, ago, topic):
        with self.at(ago, self.office, 10):
            return evaluation_commission(
                topic=topic, actor=self.office, evaluators=[self.evaluator_org]
            )

    def score(self, ago, topic, scores, summary):
        assignment = EvaluationAssignment.objects.get(topic=topic, evaluator=self.evaluator_org)
        with self.at(ago, self.evaluator, 15):
            evaluation_submit(
                assignment=assignment,
                actor=self.evaluator,
                no_conflict=True,
                summary=summary,
                scores={
                    self.indicators[name]: (Decimal(value), justification)
                    for name, (value, justification) in scores.items()
                },
            )

    def close(self, ago, topic, comment):
        with self.at(ago, self.office, 10):
            return topic_close(topic=topic, actor=self.office, comment=comment)

    # The cases

    def load_cases(self):
        cases = [
            ("费市家苑小区12年未通管道燃气", self.case_gas),
            ("调解员队伍建设", self.case_mediators),
            ("慈城北部山区6个村未实现大管网供水", self.case_water),
            ("杜姚线二期沿线无路灯", self.case_street_lights),
            ("老旧小区加装电梯", self.case_elevators),
            ("老旧小区改造", self.case_old_communities),
            ("老旧小区树木修剪加固", self.case_trees),
            ("助力畅通疫情下全区农产品销售渠道", self.case_farm_produce),
            ("“四好”农村路建设", self.case_rural_roads),
            ("农村医疗改善", self.case_rural_health),
            ("便民设施提升", self.case_convenience),
            ("城乡生活垃圾分类", self.case_waste_sorting),
            ("居家养老服务", self.case_home_care),
        ]
        for title, load in cases:
            if Topic.objects.filter(committee=self.committee, title=title).exists():
                self.present.append(title)
                continue
            with transaction.atomic():
                load(title)
            self.created.append(title)

    def case_gas(self, title):
        """Closed: every stage's records, a returned first version of the minutes."""
        topic = self.create(
            270,
            self.member,
            cosigners=[self.member2],
            title=title,
            category=Topic.Category.INFRASTRUCTURE,
            channel=Topic.Channel.MEMBER,
            description=(
                "费市家苑小区交付使用已12年，至今未通管道燃气，居民只能使用瓶装液化气，生活不便，"
                "还存在安全隐患，群众多次反映。问题涉及燃气配套手续、接入管线穿越工业区道路、"
                "安装费用分担等历史遗留问题，牵涉区住建局、区综合行政执法局、江北工业区管委会、"
                "燃气公司和村委会等多个单位，长期悬而未决。建议列为“委员议事”议题，"
                "通过调研协商推动小区管道燃气开通。"
            ),
        )
        self.confirm(269, topic, self.member2)
        topic = self.propose(
            268, self.member, topic, "王海明、陈丽华委员联名提出，提交主席会议审定。"
        )
        topic = self.approve(262, topic, "同意列入年度协商计划，请办公室组织调研组深入调研。")
        topic = self.start_research(
            258,
            topic,
            team=[self.member, self.member2, self.member3],
            ends_ago=160,
            objectives=(
                "摸清费市家苑小区未通管道燃气的历史成因和症结；查阅12年来的相关资料；"
                "听取居民、社区和村委会意见；与相关部门和燃气公司逐一座谈，形成推动通气的初步方案。"
            ),
        )
        team = [self.member, self.member2, self.member3]
        activities = [
            (
                255,
                VISIT,
                "费市家苑小区",
                ["费市村村委会"],
                "业主代表12人、小区物业负责人",
                "小区交付已12年，居民长期使用瓶装液化气，换气不便，楼道存放气瓶存在安全隐患，"
                "群众呼声强烈；小区内原预留的燃气管位部分已被绿化和停车位占用。",
            ),
            (
                249,
                SYMPOSIUM,
                "费市村村委会会议室",
                ["费市村村委会"],
                "村两委干部、老党员代表",
                "小区为拆迁安置小区，建设时燃气配套未同步实施，配套责任主体几经变更，"
                "村委会多次与有关方面联系未果。",
            ),
            (
                243,
                SYMPOSIUM,
                "区住建局",
                ["区住建局"],
                "",
                "查阅了12年来的立项、规划和竣工验收资料：燃气配套未纳入当时的竣工验收，"
                "需补办燃气配套工程的规划和施工手续。",
            ),
            (
                236,
                SYMPOSIUM,
                "区综合行政执法局",
                ["区综合行政执法局"],
                "",
                "燃气行业主管部门介绍了管道燃气安全间距和工程审查要求；周边市政中压管网"
                "已具备接入条件，关键是明确建设主体和费用。",
            ),
            (
                228,
                SYMPOSIUM,
                "江北工业区管委会",
                ["江北工业区管委会"],
                "",
                "小区接入管线需穿越工业区道路，道路开挖和管线路由须由管委会统一协调，"
                "管委会表示愿意配合并优化审批流程。",
            ),
            (
                220,
                SYMPOSIUM,
                "燃气公司",
                ["燃气公司"],
                "",
                "燃气公司测算了中压管道接入和户内安装的工程量与费用，提出分段施工方案，"
                "建议费用按“政府补一点、企业让一点、居民出一点”分担。",
            ),
            (
                212,
                VISIT,
                "费市家苑小区及周边道路",
                ["燃气公司", "区综合行政执法局"],
                "楼道长5人",
                "现场踏勘管线走向和调压箱选址，确认可利用小区北侧绿化带敷设管道，"
                "避开已被占用的原预留管位。",
            ),
            (
                203,
                SYMPOSIUM,
                "费市家苑社区议事厅",
                ["费市村村委会"],
                "居民代表30余人",
                "征询居民意愿：绝大多数住户愿意开通管道燃气，对户内安装费用和施工期间出行有顾虑，"
                "希望费用公开透明、施工分楼栋进行。",
            ),
            (
                195,
                SYMPOSIUM,
                "区政协会议室",
                ["区住建局", "区综合行政执法局", "江北工业区管委会", "燃气公司", "费市村村委会"],
                "",
                "多部门联席座谈，初步明确：区住建局牵头补办手续，管委会负责管线路由协调，"
                "执法局负责安全审查和施工监管，燃气公司负责施工和通气，村委会负责群众工作。",
            ),
            (
                186,
                SYMPOSIUM,
                "区住建局",
                ["区住建局", "燃气公司"],
                "",
                "就费用分担比例和补助资金来源进行专题座谈，形成费用分担初步测算。",
            ),
            (
                174,
                VISIT,
                "已通气的同类安置小区",
                ["燃气公司"],
                "物业负责人、居民代表",
                "学习同类安置小区补通管道燃气的做法：分楼栋施工、入户安全检查和通气点火"
                "一次到位，居民满意度较高。",
            ),
            (
                165,
                SYMPOSIUM,
                "费市村村委会会议室",
                ["费市村村委会", "区住建局"],
                "业主代表15人",
                "就初步方案征求居民意见，居民对费用分担方式和施工安排表示认可。",
            ),
        ]
        for index, (ago, kind, place, departments, residents, findings) in enumerate(activities):
            files = ()
            if index == 8:
                files = [
                    SimpleUploadedFile(
                        "联席座谈会签到表.pdf",
                        pdf_bytes(
                            [
                                "Jiangbei District CPPCC - joint symposium sign-in sheet",
                                "Topic: piped gas for Feishi Jiayuan",
                                f"Date: {self.day(ago).isoformat()}",
                                "(demo document)",
                            ]
                        ),
                        content_type="application/pdf",
                    )
                ]
            self.activity(
                ago,
                self.member if index % 2 else self.office,
                topic,
                kind,
                place,
                members=team,
                departments=departments,
                residents=residents,
                findings=findings,
                files=files,
            )
        self.report(
            158,
            self.member,
            topic,
            content=(
                "经过3个多月的前期调研，调研组与群众探讨、与社区沟通，查阅12年来的相关资料，"
                "赴区住建局、区综合行政执法局、江北工业区管委会、燃气公司、村委会等开展座谈协商"
                "10余次。调研发现：一是小区建设时燃气配套未同步实施，配套责任主体几经变更；"
                "二是接入管线需穿越工业区道路，审批和施工协调难度大；三是户内安装费用分担方式"
                "不明确，部分居民存在顾虑。"
            ),
            solution=(
                "1. 区住建局牵头补办燃气配套工程手续，明确建设主体；\n"
                "2. 江北工业区管委会协调接入管线路由和道路开挖；\n"
                "3. 区综合行政执法局做好燃气工程安全审查和施工监管；\n"
                "4. 燃气公司制定施工计划，分段实施中压管道接入和户内安装；\n"
                "5. 户内安装费用按“政府补一点、企业让一点、居民出一点”分担，"
                "村委会做好意见征集和动员。"
            ),
        )
        topic = self.schedule(
            150,
            topic,
            session_ago=140,
            venue="费市家苑社区议事厅",
            agenda="1. 调研组通报调研情况和初步方案；\n2. 居民代表发言；\n"
            "3. 相关部门和燃气公司回应；\n4. 协商形成共识。",
        )
        topic = self.record_session(
            140,
            topic,
            members=[self.member, self.member2, self.member3, self.member4],
            departments=[
                "区住建局",
                "区综合行政执法局",
                "江北工业区管委会",
                "燃气公司",
                "费市村村委会",
            ],
            residents=18,
            consensus=[
                "由区住建局牵头、区综合行政执法局配合，一个月内完成燃气配套工程手续补办。",
                "江北工业区管委会负责协调接入管线穿越工业区道路的路由和开挖许可。",
                "燃气公司负责中压管道接入和户内管道安装，分楼栋施工，年内实现通气。",
                "户内安装费用按“政府补一点、企业让一点、居民出一点”分担，村委会做好居民动员。",
                "区政协委员全程跟踪，适时组织“回头看”。",
            ],
        )
        minutes_v1 = (
            "江北区政协“委员议事”专题协商纪要\n\n"
            "议题：费市家苑小区12年未通管道燃气\n\n"
            "会议在费市家苑社区议事厅举行。区政协委员、相关部门负责人和居民代表参加。"
            "经协商，各方达成如下共识：区住建局牵头补办手续；江北工业区管委会协调管线路由；"
            "区综合行政执法局做好安全审查和施工监管；燃气公司负责施工通气；"
            "费用由政府、企业、居民合理分担；区政协全程跟踪。"
        )
        topic = self.submit_minutes(136, topic, minutes_v1)
        topic = self.sign(
            134,
            topic,
            "请补充各项任务的完成时限和费用分担比例后再报。",
            decision=SignOff.Decision.RETURN,
        )
        topic = self.submit_minutes(
            133,
            topic,
            minutes_v1 + "\n\n时间节点：一个月内完成手续补办；三个月内完成管线接入；"
            "年内完成户内安装并通气。\n费用分担：户内安装费用由区财政补助、燃气公司让利和居民"
            "自付三部分组成，具体比例由区住建局会同燃气公司公示。",
        )
        topic = self.sign(
            131,
            topic,
            "同意纪要意见。请区住建局牵头，各相关单位按时间节点抓好落实，确保年内通气。"
            "区政协持续跟踪问效，纳入年度目标任务考核。",
        )
        permits = self.item(
            129,
            topic,
            "区住建局",
            "牵头补办费市家苑燃气配套工程规划和施工手续，公示费用分担方案。",
            due_ago=100,
            point=1,
        )
        safety = self.item(
            129,
            topic,
            "区综合行政执法局",
            "完成燃气工程安全审查，督促施工单位落实安全措施，做好施工期间监管。",
            due_ago=90,
            point=1,
        )
        connect = self.item(
            129,
            topic,
            "燃气公司",
            "完成中压管道接入和户内管道安装，实现全部住户通气点火。",
            due_ago=45,
            point=3,
        )
        self.progress(115, self.dept, permits, 50, "规划手续已补办完成，施工许可正在办理。")
        self.progress(
            102,
            self.dept,
            permits,
            100,
            "施工许可已办结，费用分担方案已在小区公示7天，无异议。",
            completed=True,
        )
        permits = self.verify(100, permits)
        self.progress(
            92,
            self.dept2,
            safety,
            100,
            "安全审查已完成，施工期间开展巡查6次，未发现安全问题。",
            completed=True,
        )
        self.verify(90, safety)
        self.progress(110, self.gas, connect, 30, "中压管道开挖敷设已开工。")
        self.progress(75, self.gas, connect, 70, "中压管道接入完成，户内安装已完成过半楼栋。")
        self.progress(
            48,
            self.gas,
            connect,
            100,
            "户内安装全部完成，已完成入户安全检查并通气点火。",
            completed=True,
            files=[SimpleUploadedFile("通气点火现场.png", png_bytes(), content_type="image/png")],
        )
        connect = self.verify(46, connect)
        self.rate(
            45,
            self.member,
            connect,
            "satisfied",
            "小区156户全部通气点火，居民用上了安全方便的管道燃气。",
        )
        self.rate(
            45,
            self.member2,
            permits,
            "basically_satisfied",
            "手续补办及时、费用方案公开；公示期可再延长，便于老年居民了解。",
        )
        topic = self.commission(44, topic)
        self.score(
            25,
            topic,
            {
                "议题选择": (
                    "92",
                    "议题源于群众反映强烈的“关键小事”，委员联名提出，切口小、关联广。",
                ),
                "调研深度": (
                    "95",
                    "前期调研3个多月，查阅12年资料，座谈协商10余次，覆盖全部相关单位。",
                ),
                "协商质量": (
                    "90",
                    "委员、五个相关单位和18位居民代表参加，达成5项明确共识；"
                    "纪要经退回补充后报送，时限和费用更加明确。",
                ),
                "成果转化": ("96", "3项跟踪事项全部按期办结并经核实，小区实现管道燃气通气。"),
                "群众满意度": ("94", "电话回访居民50户，满意率94%。"),
            },
            "议题推动解决了困扰居民12年的用气难题，调研扎实、协商充分、成果转化明显，评为优秀。",
        )
        self.close(20, topic, "第三方评价已提交，议题办结。")

    def case_mediators(self, title):
        """Last year's topic, now evaluating: assigned to the evaluator, not yet scored."""
        topic = self.create(
            425,
            self.member4,
            cosigners=[self.member2],
            title=title,
            category=Topic.Category.SOCIAL_GOVERNANCE,
            channel=Topic.Channel.MEMBER,
            proposer_body=self.bodies["社会法制委员会"],
            description=(
                "基层矛盾纠纷日益多元，全区调解员队伍存在年龄结构偏大、专业化程度不高、"
                "街道和村（社区）调解能力参差不齐等问题。来自法律、教育、企业等行业的委员"
                "建议就提升调解员素质、加强调解员队伍建设开展协商。"
            ),
        )
        self.confirm(424, topic, self.member2)
        topic = self.propose(423, self.member4, topic)
        topic = self.approve(415, topic)
        team = [self.member4, self.member2, self.member3]
        topic = self.start_research(
            410,
            topic,
            team=team,
            ends_ago=350,
            objectives="分析全区调解员队伍建设的问题和不足，结合国内外文献资料和先进地区做法，"
            "提出专业化培训和提升基层调解能力的建议。",
        )
        for ago, kind, place, departments, residents, findings in [
            (
                405,
                SYMPOSIUM,
                "区司法局",
                ["区司法局"],
                "",
                "全区专兼职调解员中具有法律专业背景的比例偏低，系统培训渠道少，以会代训为主。",
            ),
            (
                395,
                VISIT,
                "孔浦街道人民调解委员会",
                ["孔浦街道"],
                "街道调解员4人",
                "街道调解员案件量大，对物业、婚姻家庭、劳动争议等专业调解知识需求迫切。",
            ),
            (
                385,
                VISIT,
                "慈城镇村（社区）调解室",
                ["慈城镇"],
                "村调解主任3人",
                "村级调解员多为兼职，缺少案例学习和技能训练，调解协议规范性有待提高。",
            ),
            (
                372,
                SYMPOSIUM,
                "区政协会议室",
                [],
                "高校法学教师2人、资深调解员3人",
                "研究国内外调解培训文献和先进地区做法，建议建立常设培训机构，分级分类设置课程。",
            ),
        ]:
            self.activity(
                ago,
                self.member4,
                topic,
                kind,
                place,
                members=team,
                departments=departments,
                residents=residents,
                findings=findings,
            )
        self.report(
            345,
            self.member4,
            topic,
            content="调研组梳理了全区调解员队伍现状，调阅国内外文献资料，学习先进地区做法，"
            "深入分析了调解员专业化不足、培训体系缺失、基层调解能力不均衡等问题。",
            solution="1. 建立江北区调解学院，专业化培训调解员；\n"
            "2. 按街道、村（社区）分级开展轮训，提升基层调解能力；\n"
            "3. 课程设置涵盖法律基础、调解技巧、心理疏导和典型案例；\n"
            "4. 设立人民调解基金，激励优秀调解员。",
        )
        topic = self.schedule(
            340,
            topic,
            session_ago=332,
            venue="区政协委员之家",
            agenda="围绕调解员队伍建设开展协商，听取司法行政部门和基层调解员意见。",
        )
        topic = self.record_session(
            332,
            topic,
            members=[self.member4, self.member2, self.member3, self.member],
            departments=["区司法局", "孔浦街道", "慈城镇"],
            residents=6,
            consensus=[
                "建立江北区调解学院，承担全区调解员的专业化培训。",
                "分级分类开展街道、村（社区）调解员轮训，提升基层调解能力。",
                "由委员和专家参与课程设置，突出实务和案例教学。",
                "设立“江北区人民调解基金”，委员带头捐款。",
            ],
        )
        topic = self.submit_minutes(
            326,
            topic,
            "江北区政协“委员议事”专题协商纪要\n\n议题：调解员队伍建设\n\n"
            "与会委员提出建立调解学院、专业化培训调解员、提升街道和村（社区）基层调解能力等建议，"
            "并对课程设置提出专业见解；委员倡议设立人民调解基金。",
        )
        topic = self.sign(322, topic, "同意。请区司法局抓紧筹建调解学院，力争在全省率先建成。")
        academy = self.item(
            320, topic, "区司法局", "筹建江北区调解学院，制定课程体系，建立师资库。", due_ago=200
        )
        training = self.item(
            320, topic, "区司法局", "开展街道、村（社区）调解员专业化轮训。", due_ago=100
        )
        fund = self.item(
            320,
            topic,
            "区司法局",
            "设立“江北区人民调解基金”，做好捐款接收和使用管理。",
            due_ago=250,
        )
        pilot = self.item(320, topic, "区司法局", "争取省级调解员等级评定试点。", due_ago=150)
        self.progress(
            255,
            self.sifa,
            fund,
            100,
            "人民调解基金已设立，区政协委员捐款21万元已全部到账。",
            completed=True,
        )
        self.verify(253, fund)
        self.progress(260, self.sifa, academy, 60, "调解学院选址和课程体系方案已确定。")
        self.progress(
            205,
            self.sifa,
            academy,
            100,
            "江北区调解学院已挂牌成立，在全省率先建成，首批师资库入库32人。",
            completed=True,
        )
        self.verify(203, academy)
        self.progress(
            104,
            self.sifa,
            training,
            100,
            "已完成全区街道、村（社区）调解员轮训两期。",
            completed=True,
        )
        self.verify(101, training)
        with self.at(148, self.office, 10):
            follow_up_item_close(
                item=pilot,
                actor=self.office,
                reason="省级试点今年未开放申报，转入司法局常态工作跟踪。",
            )
        self.commission(6, topic)

    def case_water(self, title):
        """Following up: some items open, one reported done and awaiting verification."""
        topic = self.create(
            205,
            self.member3,
            title=title,
            category=Topic.Category.INFRASTRUCTURE,
            channel=Topic.Channel.MEMBER,
            proposer_body=self.bodies["慈城镇联委会"],
            description=(
                "慈城镇北部山区6个村长期未能接入城市大管网供水，村民依靠山塘水库和简易水厂供水，"
                "旱季水量不足，水质不稳定。慈城镇联委会委员在走访中了解到群众对“喝上放心水”的"
                "期盼十分迫切，建议开展“委员议事”。"
            ),
        )
        topic = self.propose(204, self.member3, topic)
        topic = self.approve(196, topic)
        team = [self.member3, self.member, self.member4]
        topic = self.start_research(
            192,
            topic,
            team=team,
            ends_ago=130,
            objectives="摸清6个村的供水现状、人口分布和管网延伸的技术条件与投资规模，形成大管网供水延伸的初步方案。",
        )
        for ago, kind, place, departments, residents, findings in [
            (
                188,
                VISIT,
                "慈城镇北部山区6个村",
                ["慈城镇"],
                "村干部和村民代表20余人",
                "6个村依靠山塘水库和简易水厂供水，旱季需临时送水，村民对接入大管网意愿强烈。",
            ),
            (
                180,
                SYMPOSIUM,
                "区水利局",
                ["区水利局"],
                "",
                "大管网延伸需新建加压泵站和输水主管，山区地形复杂，需分期实施。",
            ),
            (
                170,
                SYMPOSIUM,
                "慈城镇人民政府",
                ["慈城镇", "区住建局", "区农业农村局"],
                "",
                "各方同意将管网延伸纳入城乡供水一体化，资金可统筹农村饮用水提标项目。",
            ),
            (
                158,
                VISIT,
                "慈城镇简易水厂",
                ["区水利局"],
                "水厂管理员",
                "简易水厂设备老化，消毒工艺简单，难以稳定达标。",
            ),
        ]:
            self.activity(
                ago,
                self.member3,
                topic,
                kind,
                place,
                members=team,
                departments=departments,
                residents=residents,
                findings=findings,
            )
        self.report(
            145,
            self.member3,
            topic,
            content="调研组走访6个村，与区水利局、区住建局、区农业农村局和慈城镇多次座谈，"
            "摸清了供水现状和管网延伸的技术条件。",
            solution="1. 将北部山区供水管网延伸工程纳入城乡供水一体化和年度城建计划；\n"
            "2. 分两期实施，先通主管、再入户；\n"
            "3. 统筹农村饮用水提标资金；\n4. 慈城镇做好入户摸底和政策处理。",
        )
        topic = self.schedule(
            140,
            topic,
            session_ago=130,
            venue="慈城镇人民政府会议室",
            agenda="通报调研情况，协商北部山区6个村大管网供水延伸方案。",
        )
        topic = self.record_session(
            130,
            topic,
            members=[self.member3, self.member, self.member4, self.member2],
            departments=["区水利局", "区住建局", "区农业农村局", "区综合行政执法局", "慈城镇"],
            residents=12,
            consensus=[
                "将北部山区6个村大管网供水延伸工程纳入年度城建计划，分两期实施。",
                "区农业农村局统筹农村饮用水提标资金。",
                "慈城镇负责入户摸底、村民意见征集和政策处理。",
            ],
        )
        topic = self.submit_minutes(
            125,
            topic,
            "江北区政协“委员议事”专题协商纪要\n\n议题：慈城北部山区6个村未实现大管网供水\n\n"
            "各方同意将大管网供水延伸工程纳入年度城建计划，分期实施，统筹资金，做好入户工作。",
        )
        topic = self.sign(
            120, topic, "同意。请区住建局、区水利局牵头，确保山区群众早日喝上放心水。"
        )
        survey = self.item(
            118,
            topic,
            "慈城镇",
            "完成6个村入户管网摸底、村民意见征集和施工政策处理。",
            due_ago=20,
            point=3,
        )
        design = self.item(
            118,
            topic,
            "区住建局",
            "将供水管网延伸工程纳入城建计划，完成设计并启动招标。",
            due_ago=-45,
            point=1,
        )
        self.item(118, topic, "区农业农村局", "统筹落实农村饮用水提标资金。", due_ago=3, point=2)
        self.item(
            118,
            topic,
            "区综合行政执法局",
            "协调管网施工涉及的道路挖掘审批，做好施工期间巡查。",
            due_ago=-60,
        )
        self.progress(60, self.cicheng, survey, 50, "已完成3个村的入户摸底。")
        self.progress(
            12,
            self.cicheng,
            survey,
            100,
            "6个村入户摸底和意见征集全部完成，政策处理已签约。",
            completed=True,
        )
        self.progress(30, self.dept, design, 40, "工程已纳入城建计划，初步设计正在编制。")
        with self.at(5, self.dept, 9):
            extension_request(
                item=design,
                actor=self.dept,
                due_on=self.day(-75),
                reason="山区管线路由需避让生态保护红线，设计方案调整，招标顺延30天。",
            )

    def case_street_lights(self, title):
        """Minutes awaiting sign-off by `leader`."""
        topic = self.create(
            120,
            self.office,
            title=title,
            category=Topic.Category.ROADS,
            channel=Topic.Channel.MEMBER,
            proposer_body=self.bodies["城乡建设委员会"],
            description=(
                "杜姚线二期沿线至今没有路灯，夜间照明缺失，行人和电动车出行安全隐患大，"
                "影响群众夜晚出行安全，沿线群众反映强烈。"
            ),
        )
        topic = self.propose(119, self.office, topic)
        topic = self.approve(112, topic)
        team = [self.member, self.member2]
        topic = self.start_research(
            108,
            topic,
            team=team,
            ends_ago=60,
            objectives="实地察看沿线照明和交通状况，听取沿线群众和相关部门意见。",
        )
        for ago, kind, place, departments, residents, findings in [
            (
                104,
                VISIT,
                "杜姚线二期沿线（夜间）",
                [],
                "沿线村民10余人",
                "二期沿线全线无路灯，夜间路面漆黑，多处交叉口视线差，群众夜间出行不便且不安全。",
            ),
            (
                95,
                SYMPOSIUM,
                "区综合行政执法局",
                ["区综合行政执法局"],
                "",
                "路灯建设和移交管养主体需明确，可结合道路亮化工程统一实施。",
            ),
            (
                88,
                SYMPOSIUM,
                "区卫健局",
                ["区卫健局"],
                "",
                "沿线群众夜间前往医疗机构就诊需求较多，照明缺失影响就医出行。",
            ),
            (
                80,
                SYMPOSIUM,
                "庄桥街道",
                ["庄桥街道"],
                "村干部代表",
                "属地街道愿意配合做好路灯杆位的政策处理和群众工作。",
            ),
        ]:
            self.activity(
                ago,
                self.member,
                topic,
                kind,
                place,
                members=team,
                departments=departments,
                residents=residents,
                findings=findings,
            )
        self.report(
            70,
            self.member,
            topic,
            content="调研组实地调研并与区综合行政执法局、区卫健局、属地街道座谈，摸清沿线照明缺失情况。",
            solution="1. 区综合行政执法局牵头将杜姚线二期纳入道路亮化工程；\n"
            "2. 属地街道做好杆位政策处理；\n3. 路灯建成后明确管养主体。",
        )
        topic = self.schedule(
            50,
            topic,
            session_ago=40,
            venue="庄桥街道会议室",
            agenda="围绕杜姚线二期沿线路灯建设协商议事，为改善群众出行条件建言献策。",
        )
        topic = self.record_session(
            40,
            topic,
            members=[self.member, self.member2, self.member3],
            departments=["区综合行政执法局", "区卫健局", "庄桥街道"],
            residents=9,
            consensus=[
                "将杜姚线二期沿线路灯建设纳入道路亮化工程，年内开工。",
                "属地街道负责杆位政策处理，路灯建成后由区综合行政执法局统一管养。",
            ],
        )
        self.submit_minutes(
            6,
            topic,
            "江北区政协“委员议事”专题协商纪要\n\n议题：杜姚线二期沿线无路灯\n\n"
            "经实地调研和与区综合行政执法局、区卫健局、属地街道协商，各方一致同意将杜姚线二期"
            "沿线路灯建设纳入道路亮化工程，年内开工，建成后统一管养。",
        )

    def case_elevators(self, title):
        """Deliberated: the session is recorded and the minutes are drafted, not yet submitted."""
        topic = self.create(
            160,
            self.member2,
            title=title,
            category=Topic.Category.OLD_COMMUNITIES,
            channel=Topic.Channel.MEMBER,
            description=(
                "老旧小区居民老龄化程度高，上下楼难，加装电梯意愿强烈，但面临低层住户意见不一、"
                "费用分摊、审批流程复杂等难题。委员已先后参与协调50多部电梯的加装，"
                "建议通过“委员议事”形成可复制的协商办法。"
            ),
        )
        topic = self.propose(159, self.member2, topic)
        topic = self.approve(150, topic)
        team = [self.member2, self.member]
        topic = self.start_research(
            146,
            topic,
            team=team,
            ends_ago=40,
            objectives="梳理已加装电梯的经验和难点，听取高低层住户意见，优化审批流程。",
        )
        for ago, kind, place, departments, residents, findings in [
            (
                140,
                VISIT,
                "孔浦街道老旧小区",
                ["孔浦街道"],
                "高低层住户代表16人",
                "高层住户加装意愿强，低层住户担心采光、噪音和房屋价值，需要委员居中协调。",
            ),
            (
                120,
                SYMPOSIUM,
                "区住建局",
                ["区住建局", "孔浦街道"],
                "",
                "审批涉及规划、消防、特种设备等多个环节，可推行联合审查、一窗受理。",
            ),
            (
                90,
                VISIT,
                "已加装电梯的小区",
                [],
                "业主代表8人",
                "已加装的50多部电梯运行良好，费用按楼层系数分摊的做法群众接受度高。",
            ),
        ]:
            self.activity(
                ago,
                self.member2,
                topic,
                kind,
                place,
                members=team,
                departments=departments,
                residents=residents,
                findings=findings,
            )
        self.report(
            35,
            self.member2,
            topic,
            content="调研组总结了委员参与协调50多部电梯加装的经验，分析了意见协调、费用分摊和审批的难点。",
            solution="1. 推行加装电梯联合审查、一窗受理；\n2. 推广按楼层系数分摊费用；\n"
            "3. 委员、社区共同做好低层住户的协商工作。",
        )
        topic = self.schedule(
            20,
            topic,
            session_ago=8,
            venue="孔浦街道委员会客厅",
            agenda="协商老旧小区加装电梯的审批优化和邻里协调办法。",
        )
        topic = self.record_session(
            8,
            topic,
            members=[self.member2, self.member, self.member4],
            departments=["区住建局", "孔浦街道"],
            residents=14,
            consensus=[
                "区住建局牵头推行加装电梯联合审查、一窗受理。",
                "推广按楼层系数分摊费用的做法，对低层住户给予合理补偿。",
            ],
        )
        with self.at(4, self.office, 16):
            minutes_save(
                topic=topic,
                actor=self.office,
                text="江北区政协“委员议事”专题协商纪要（草稿）\n\n议题：老旧小区加装电梯\n\n"
                "各方一致同意推行联合审查、一窗受理，推广按楼层系数分摊费用……",
            )

    def case_old_communities(self, title):
        """Session scheduled for next week."""
        topic = self.create(
            130,
            self.office,
            title=title,
            category=Topic.Category.OLD_COMMUNITIES,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            proposer_body=self.bodies["城乡建设委员会"],
            description="区委、区政府点题：老旧小区改造中群众诉求多样，需在改造内容、"
            "资金分担和长效管理上广泛听取意见。",
        )
        topic = self.propose(129, self.office, topic)
        topic = self.approve(122, topic)
        team = [self.member, self.member2]
        topic = self.start_research(
            118,
            topic,
            team=team,
            ends_ago=30,
            objectives="听取居民对改造内容的意见，研究改造后的长效管理机制。",
        )
        self.activity(
            100,
            self.member,
            topic,
            VISIT,
            "洪塘街道老旧小区",
            members=team,
            departments=["洪塘街道"],
            residents="居民代表20人",
            findings="居民最关心雨污分流、停车和屋面渗漏，改造后缺乏物业管理。",
        )
        self.activity(
            70,
            self.member,
            topic,
            SYMPOSIUM,
            "区住建局",
            members=team,
            departments=["区住建局"],
            findings="改造项目按“居民点单”确定内容，但改造后长效管理尚无成熟机制。",
        )
        self.report(
            25,
            self.member,
            topic,
            content="调研组走访改造小区，与区住建局和街道座谈，梳理了居民诉求。",
            solution="1. 改造内容由居民点单；\n2. 改造后引入准物业管理；\n3. 委员参与改造监督。",
        )
        self.schedule(
            3,
            topic,
            session_ago=-6,
            venue="洪塘街道社区议事厅",
            agenda="协商老旧小区改造内容和改造后的长效管理机制。",
        )

    def case_trees(self, title):
        """Researching: found by 孔浦街道联委会 during “三服务”."""
        topic = self.create(
            50,
            self.member,
            title=title,
            category=Topic.Category.OLD_COMMUNITIES,
            channel=Topic.Channel.MEMBER,
            proposer_body=self.bodies["孔浦街道联委会"],
            description=(
                "区政协孔浦街道联委会在“三服务”活动中发现，一些无物业管理的老旧小区大树无人修剪，"
                "遇极端恶劣天气易倾倒，电线缠绕存在安全隐患，建议作为议事主题开展协商。"
            ),
        )
        topic = self.propose(49, self.member, topic, "孔浦街道联委会提出，提交主席会议审定。")
        topic = self.approve(42, topic)
        team = [self.member, self.member2]
        topic = self.start_research(
            38,
            topic,
            team=team,
            ends_ago=-20,
            objectives="排查无物业老旧小区树木隐患，明确修剪加固的责任主体和资金来源。",
        )
        self.activity(
            30,
            self.member,
            topic,
            VISIT,
            "孔浦街道无物业老旧小区",
            members=team,
            departments=["孔浦街道"],
            residents="居民代表9人",
            findings="排查发现多棵大树树冠过大、根系松动，部分树枝缠绕电线，台风季隐患突出。",
        )
        self.activity(
            16,
            self.member,
            topic,
            SYMPOSIUM,
            "孔浦街道办事处",
            members=team,
            departments=["孔浦街道", "区综合行政执法局"],
            findings="无物业小区树木管养责任不清，街道和执法局同意先行排查、分类处置。",
        )

    def case_farm_produce(self, title):
        """Raised by the public at the members' lounge; approved into the plan."""
        topic = self.create(
            15,
            self.member3,
            cosigners=[self.member],
            title=title,
            category=Topic.Category.AGRICULTURE,
            channel=Topic.Channel.PUBLIC,
            public_venue=Topic.PublicVenue.MEMBER_LOUNGE,
            public_contact="农户代表 张先生 13800000000",
            description=(
                "疫情防控期间，不少群众专门到前洋e商小镇委员会客厅反映区域农产品销售形势严峻。"
                "会客厅的10位政协委员迅速反应，带头购买，并建议就助力畅通全区农产品销售渠道开展协商。"
            ),
        )
        self.confirm(14, topic, self.member)
        topic = self.propose(
            13, self.member3, topic, "群众在前洋e商小镇委员会客厅反映，委员联名提交。"
        )
        self.approve(9, topic)

    def case_rural_roads(self, title):
        topic = self.create(
            60,
            self.office,
            title=title,
            category=Topic.Category.ROADS,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            proposer_body=self.bodies["农业界"],
            description="党政点题：围绕“建好、管好、护好、运营好”农村公路，协商解决农村路网"
            "断头路、管养不到位等问题。",
        )
        topic = self.propose(59, self.office, topic)
        self.approve(52, topic)

    def case_rural_health(self, title):
        topic = self.create(
            35,
            self.office,
            title=title,
            category=Topic.Category.HEALTH,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            proposer_body=self.bodies["医药卫生界"],
            description="党政点题：农村地区基层医疗服务能力不足，村卫生室人员和设备短缺，"
            "群众看病仍需往返城区。",
        )
        topic = self.propose(34, self.office, topic)
        self.approve(28, topic)

    def case_convenience(self, title):
        """Rejected by the chair meeting, with the reason."""
        topic = self.create(
            30,
            self.office,
            title=title,
            category=Topic.Category.PUBLIC_SERVICES,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            proposer_body=self.bodies["经济委员会"],
            description="党政点题：提升社区便民服务设施，包括便民服务点、公共厕所和休息座椅等。",
        )
        topic = self.propose(29, self.office, topic)
        with self.at(25, self.chair, 16):
            topic_reject(
                topic=topic,
                actor=self.chair,
                reason="与区政府今年民生实事项目“便民服务设施提升工程”内容重叠，"
                "建议由相关专委会在民主监督中跟踪，不单独列入协商计划。",
            )

    def case_waste_sorting(self, title):
        """Proposed, awaiting the chair meeting's approval."""
        topic = self.create(
            4,
            self.office,
            title=title,
            category=Topic.Category.ENVIRONMENT,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            proposer_body=self.bodies["城乡建设委员会"],
            description="党政点题：城乡生活垃圾分类在农村地区分类准确率不高，"
            "投放点设置和收运体系需进一步完善。",
        )
        self.propose(3, self.office, topic)

    def case_home_care(self, title):
        """Draft: a joint proposal; member2 has not confirmed the co-signature yet."""
        self.create(
            2,
            self.member,
            cosigners=[self.member2],
            title=title,
            category=Topic.Category.ELDERLY_CARE,
            channel=Topic.Channel.PARTY_GOVERNMENT,
            description="党政点题：居家养老服务供给不足，助餐、助浴、上门医疗等服务覆盖面有待扩大，"
            "建议就完善居家养老服务体系开展协商。",
        )


class Command(BaseCommand):
    help = "Load the demo committee, a login for every role and the real cases at different stages."

    def handle(self, *args, **options):
        try:
            import time_machine
        except ImportError as error:
            raise CommandError(
                "seed_demo needs time-machine: .venv/bin/pip install -r requirements.lock"
            ) from error
        demo = Demo(time_machine)
        with notifications_muted():
            with transaction.atomic():
                demo.load_reference()
                demo.load_users()
            demo.load_cases()
        self.summarise(demo)

    def summarise(self, demo):
        write = self.stdout.write
        topics = Topic.objects.filter(committee=demo.committee)
        write(
            self.style.SUCCESS(
                f"{demo.committee}: {topics.count()} topics "
                f"({len(demo.created)} created now, {len(demo.present)} already present)."
            )
        )
        order = {state: index for index, state in enumerate(State.values)}
        for topic in sorted(topics, key=lambda t: (order[t.state], t.title)):
            write(f"  {topic.state:<18} {topic.year}  {topic.title}")
        for plan in AnnualPlan.objects.filter(committee=demo.committee).order_by("year"):
            held = plan.topics.filter(session__members__isnull=False).distinct().count()
            write(
                f"  plan {plan.year}: {plan.topics.count()} topics, {held} sessions held, "
                f"target {plan.target_sessions}"
            )
        names = ", ".join(username for username, *_rest in USERS)
        write(f"Logins (password {PASSWORD}): {names}; Django admin: admin")
