"""The demo's public side (江北区政协): reception days with their members, problems raised
online and at the 前洋e商小镇委员会客厅 (one of each outcome, one still waiting), and two
topics shown to the public. Through the real services, each on its own day; idempotent (a
reception day or submission already there by its venue or title is left alone)."""

import datetime as dt

from django.db import transaction

from public.models import ReceptionDay, Submission
from public.services import (
    reception_day_save,
    submission_accept,
    submission_create,
    submission_decline,
    submission_merge,
    submission_refer,
    topic_publication_save,
)
from topics.models import Topic

from .clock import Clock
from .reference import Reference

# (kind, venue, address, days ago (negative: to come), hour, members)
DAYS = [
    ("member_lounge", "前洋e商小镇委员会客厅", "宁波市江北区前洋直街188号", 40, 9,
     ["member3", "member"]),
    ("reception_day", "孔浦街道委员之家", "宁波市江北区孔浦街道怡江路", -5, 9, ["member"]),
    ("sector_day", "慈城镇农业界界别活动日", "宁波市江北区慈城镇民主路", -12, 14, ["member3"]),
    ("member_lounge", "前洋e商小镇委员会客厅", "宁波市江北区前洋直街188号", -19, 9,
     ["member3", "member2"]),
]  # fmt: skip

SUBMISSIONS = [
    # (days ago, venue of a past day or None for online, title, description, place, category,
    #  name, mobile, outcome)
    (40, "前洋e商小镇委员会客厅", "前洋一带蔬菜水果卖不出去",
     "疫情期间物流不畅，合作社的蔬菜水果大量积压，希望帮助打通销售渠道。",
     "前洋e商小镇", "agriculture", "方秀兰", "13957400001",
     ("merge", "助力畅通疫情下全区农产品销售渠道")),
    (20, None, "杜姚线二期晚上一片漆黑",
     "杜姚线二期沿线没有路灯，晚上骑电动车回家很危险，已经发生过摔伤。",
     "杜姚线二期", "roads", "鲍建国", "13957400002", ("merge", "杜姚线二期沿线无路灯")),
    (15, None, "孔浦街道老小区楼道灯坏了没人修",
     "小区楼道灯坏了两个月，物业说没钱修，老人上下楼不方便。",
     "孔浦街道怡江小区", "old_communities", "俞红梅", "13957400003", ("refer", "孔浦街道")),
    (9, None, "慈城镇到城区的公交班次太少",
     "慈城北部山区的村到城区每天只有三班公交，看病上学都不方便，建议增加班次。",
     "慈城镇毛岙村", "roads", "应志强", "13957400004", ("accept", None)),
    (6, None, "邻居装修噪音扰民",
     "楼上邻居晚上十点后还在装修。", "庄桥街道", "other", "邵丽", "13957400005",
     ("decline", "装修噪音属于邻里纠纷，请向所在社区或12345热线反映，由属地街道处理。")),
    (2, None, "小区门口垃圾分类投放点太远",
     "新设的垃圾分类投放点离小区门口有五百米，老人倒垃圾很不方便。",
     "洪塘街道", "environment", "褚文华", "13957400006", None),
]  # fmt: skip

PUBLICATIONS = {
    "费市家苑小区12年未通管道燃气": (
        "费市家苑小区建成12年一直没有接通管道燃气，居民长期使用瓶装液化气，既不方便也有安全隐患。",
        "区住建局、区综合行政执法局、江北工业区管委会、燃气公司和村委会共同商定管线走向、"
        "施工审批和费用分担，限期接通。",
        "管道燃气已接通入户，居民告别瓶装液化气；第三方评估为优秀。",
    ),
    "杜姚线二期沿线无路灯": (
        "杜姚线二期沿线没有路灯，夜间行人和电动车出行不安全。",
        "由区综合行政执法局牵头，属地街道配合，分段安装路灯。",
        "",
    ),
}


def load_public(reference: Reference, clock: Clock) -> None:
    users = reference.users
    office = users["office"]
    committee = reference.committee
    days = {}
    for kind, venue, address, ago, hour, members in DAYS:
        starts_at = clock.moment(ago, hour)
        day = ReceptionDay.objects.filter(
            committee=committee, venue_name=venue, starts_at__date=starts_at.date()
        ).first()
        if day is None:
            with transaction.atomic(), clock.at(clock.moment(max(ago, 0) + 7, 9), office):
                day = reception_day_save(
                    committee=committee,
                    actor=office,
                    members=[users[username] for username in members],
                    kind=kind,
                    venue_name=venue,
                    venue_address=address,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(hours=3),
                )
        if ago > 0:
            days[venue] = (day, users[members[0]])  # the first member receives the public
    for ago, venue, title, description, place, category, name, mobile, outcome in SUBMISSIONS:
        if Submission.objects.filter(committee=committee, title=title).exists():
            continue
        day, receiver = days.get(venue, (None, None))
        with transaction.atomic():
            with clock.at(clock.moment(ago, 10), receiver or office):
                submission, _code = submission_create(
                    committee=committee,
                    title=title,
                    description=description,
                    place=place,
                    category=category,
                    name=name,
                    mobile=mobile,
                    reception_day=day,
                    received_by=receiver,
                )
            if outcome is not None:
                with clock.at(clock.moment(max(ago - 1, 0), 15), office):
                    _triage(submission, outcome, office, reference)
    for title, (problem, agreed, outcome) in PUBLICATIONS.items():
        topic = Topic.objects.filter(committee=committee, title=title).first()
        if topic is not None and not hasattr(topic, "publication"):
            with clock.at(clock.moment(1, 16), office):
                topic_publication_save(
                    topic=topic,
                    actor=office,
                    published=True,
                    problem=problem,
                    agreed=agreed,
                    outcome=outcome,
                )


def _triage(submission, outcome, office, reference):
    step, argument = outcome
    if step == "merge":
        topic = Topic.objects.get(committee=reference.committee, title=argument)
        submission_merge(submission=submission, actor=office, topic=topic)
    elif step == "refer":
        submission_refer(
            submission=submission,
            actor=office,
            department=reference.departments[argument],
            note="请街道核实后安排维修，并答复群众。",
        )
    elif step == "accept":
        submission_accept(
            submission=submission,
            actor=office,
            title="慈城北部山区公交线路优化",
            description=submission.description,
            category=submission.category,
            message="将请区交通运输局一同调研。",
        )
    else:
        submission_decline(submission=submission, actor=office, reason=argument)
