"""The demo's reference data: 江北区政协, its bodies and departments, the evaluator, the
evaluation method, the annual plans and a login for every role.

`load_reference` fetches each record by its name (or creates it), so loading it again
changes nothing.
"""

from dataclasses import dataclass

from evaluations.models import EvaluationMethod, Indicator
from people.models import (
    Committee,
    CommitteeBody,
    Department,
    EvaluatorOrganisation,
    Membership,
    User,
)
from people.roles import Role
from topics.models import AnnualPlan

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

# Annual plans: last year's and this year's.
PLAN_YEARS_AGO = (1, 0)
PLAN_TARGET_SESSIONS = 35

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

ADMIN = ("admin", "系统管理员")


@dataclass
class Reference:
    committee: Committee
    bodies: dict  # name: CommitteeBody
    departments: dict  # name: Department
    evaluator_org: EvaluatorOrganisation
    method: EvaluationMethod
    indicators: dict  # name: Indicator
    users: dict  # username: User (fresh instances, so cached roles and committees are current)


def load_reference(today) -> Reference:
    """Fetch or create the reference data and the logins; `today` dates the annual plans."""
    committee, _created = Committee.objects.get_or_create(
        name=COMMITTEE_NAME, defaults={"short_name": COMMITTEE_SHORT_NAME}
    )
    bodies = {
        name: CommitteeBody.objects.get_or_create(
            committee=committee, name=name, defaults={"kind": kind}
        )[0]
        for kind, name in BODIES
    }
    departments = {
        name: Department.objects.get_or_create(
            committee=committee, name=name, defaults={"kind": kind}
        )[0]
        for kind, name in DEPARTMENTS
    }
    evaluator_org, _created = EvaluatorOrganisation.objects.get_or_create(
        committee=committee, name=EVALUATOR_NAME
    )
    method, _created = EvaluationMethod.objects.get_or_create(
        committee=committee, version=1, defaults={"name": METHOD_NAME, "in_force": True}
    )
    for position, (name, weight, guidance) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(
            method=method,
            name=name,
            defaults={"position": position, "weight": weight, "guidance": guidance},
        )
    for years_ago in PLAN_YEARS_AGO:
        AnnualPlan.objects.get_or_create(
            committee=committee,
            year=today.year - years_ago,
            defaults={"target_sessions": PLAN_TARGET_SESSIONS},
        )
    _load_users(committee, bodies, departments, evaluator_org)
    return Reference(
        committee=committee,
        bodies=bodies,
        departments=departments,
        evaluator_org=evaluator_org,
        method=method,
        indicators={indicator.name: indicator for indicator in method.indicators.all()},
        users={username: User.objects.get(username=username) for username, *_rest in USERS},
    )


def _load_users(committee, bodies, departments, evaluator_org):
    for username, full_name, role, body_names, department, is_evaluator in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=PASSWORD,
                full_name=full_name,
                email=f"{username}@example.org",
            )
        Membership.objects.get_or_create(
            user=user,
            committee=committee,
            role=role,
            defaults={
                "department": departments[department] if department else None,
                "evaluator": evaluator_org if is_evaluator else None,
            },
        )
        user.bodies.add(*(bodies[name] for name in body_names))
    username, full_name = ADMIN
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(
            username=username,
            password=PASSWORD,
            email=f"{username}@example.org",
            full_name=full_name,
        )
