"""The demo's year of members' duties (履职): the scoring rule and its second version, the
reception days of the past year with check-ins, leave and absences (and check-ins at the public
side's reception days held so far), leave from the session to come, and disputes — each
through the real services, on its own day by the demo clock.

The sessions, research visits, proposals and ratings of the cases already make their lines
of the duty records (the session's lists become attendance records when it is recorded), so
the records show the report's cases with these added. Idempotent: nothing is done when the
committee already has a scoring rule.
"""

import datetime as dt

from django.utils import timezone

from consultations.models import Session
from duties.events import event_of
from duties.models import Attendance, ScoringRule
from duties.selectors import duty_record
from duties.services import (
    attendance_mark,
    check_in,
    check_in_code,
    dispute_decide,
    dispute_raise,
    leave_decide,
    leave_request_create,
    scoring_rule_first,
    scoring_rule_version_create,
)
from people.models import Membership
from people.roles import Role
from public.models import ReceptionDay
from public.services import reception_day_save

from .clock import Clock
from .reference import Reference

# Points per line of the first version (in force from last year) and the changes of the
# second (from this year): reception days count for more, a missed one costs more.
FIRST_RULE = {
    "proposed": 10,
    "cosigned": 5,
    "research": 3,
    "session_attended": 4,
    "session_missed": -2,
    "leave": 0,
    "reception_day": 3,
    "reception_missed": -1,
    "problem_recorded": 2,
    "rating": 1,
}
SECOND_RULE = FIRST_RULE | {"reception_day": 5, "reception_missed": -2}

# The reception days of the past year before the public side's (portal/demo/public.py): (days
# ago, kind, venue, address, what each member planned did: "check_in", "leave", "absent" or
# "observer").
LOUNGE = ReceptionDay.Kind.MEMBER_LOUNGE
RECEPTION = ReceptionDay.Kind.RECEPTION_DAY
SECTOR = ReceptionDay.Kind.SECTOR_DAY
RECEPTION_DAYS = [
    (330, LOUNGE, "前洋e商小镇委员会客厅", "宁波市江北区前洋直街188号",
     {"member3": "check_in", "member": "check_in", "member2": "absent"}),
    (270, RECEPTION, "慈城镇委员工作室", "宁波市江北区慈城镇解放路1号",
     {"member3": "check_in", "member4": "leave"}),
    (210, RECEPTION, "孔浦街道委员之家", "宁波市江北区孔浦街道怡江路100号",
     {"member": "check_in", "member2": "check_in", "member4": "observer"}),
    (150, SECTOR, "医药卫生界界别活动日（区人民医院）", "宁波市江北区人民医院",
     {"member2": "check_in", "member4": "absent"}),
    (90, LOUNGE, "前洋e商小镇委员会客厅", "宁波市江北区前洋直街188号",
     {"member3": "check_in", "member": "leave", "member2": "absent"}),
]  # fmt: skip


def load_duties(reference: Reference, clock: Clock) -> None:
    committee, users = reference.committee, reference.users
    if ScoringRule.objects.filter(committee=committee).exists():
        return
    office = users["office"]
    this_year = clock.today.year
    with clock.at(clock.moment(365, 9), office):
        scoring_rule_first(
            committee=committee, actor=office, from_year=this_year - 1, weights=FIRST_RULE
        )
    first_day = dt.date(this_year, 1, 2)
    ago = max((clock.today - first_day).days, 1)
    with clock.at(clock.moment(ago, 9), office):
        scoring_rule_version_create(
            committee=committee,
            actor=office,
            from_year=this_year,
            weights=SECOND_RULE,
            note="接待日积分提高，缺席扣分加重",
        )
    for ago, kind, venue, address, doings in RECEPTION_DAYS:
        _reception_day(committee, users, clock, ago, kind, venue, address, doings)
    _check_ins_at_the_public_sides_days(committee, clock)
    _leave_from_the_session_to_come(committee, users, clock)
    _disputes(committee, users, clock)


def _reception_day(committee, users, clock, ago, kind, venue, address, doings):
    office = users["office"]
    starts_at = clock.moment(ago, 9)
    with clock.at(clock.moment(ago + 14, 16), office):
        day = reception_day_save(
            committee=committee,
            actor=office,
            members=[users[username] for username in doings],
            kind=kind,
            venue_name=venue,
            venue_address=address,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=3),
        )
    event = event_of(day)
    for username, doing in doings.items():
        member = users[username]
        if doing == "leave":
            with clock.at(clock.moment(ago + 3, 11), member):
                request = leave_request_create(event=event, member=member, reason="外出考察")
            with clock.at(clock.moment(ago + 2, 15), office):
                leave_decide(request=request, actor=office, approve=True)
        elif doing == "check_in":
            with clock.at(starts_at + dt.timedelta(minutes=10), member):
                check_in(event=event, member=member, code=check_in_code(event))
    marked = {
        users[username]: Attendance.Status.ABSENT
        if doing == "absent"
        else Attendance.Status.OBSERVER
        for username, doing in doings.items()
        if doing in ("absent", "observer")
    }
    if marked:
        with clock.at(starts_at + dt.timedelta(hours=4), office):
            attendance_mark(event=event, actor=office, statuses=marked)


def _check_ins_at_the_public_sides_days(committee, clock):
    """The members of the public side's reception days held so far check in there."""
    for day in ReceptionDay.objects.filter(committee=committee, starts_at__lt=clock.now):
        if day.attendances.exists():
            continue
        event = event_of(day)
        for member in day.members.all():
            with clock.at(day.starts_at + dt.timedelta(minutes=5), member):
                check_in(event=event, member=member, code=check_in_code(event))


def _leave_from_the_session_to_come(committee, users, clock):
    """The session scheduled for next week: member4's leave approved, member3's waiting."""
    session = (
        Session.objects.filter(topic__committee=committee, starts_at__gt=clock.now)
        .order_by("starts_at")
        .first()
    )
    if session is None:
        return
    event = event_of(session)
    office = users["office"]
    with clock.at(clock.moment(2, 9), users["member4"]):
        approved = leave_request_create(
            event=event, member=users["member4"], reason="参加省政协培训班，无法到会"
        )
    with clock.at(clock.moment(1, 10), office):
        leave_decide(request=approved, actor=office, approve=True)
    with clock.at(clock.moment(1, 9), users["member3"]):
        leave_request_create(event=event, member=users["member3"], reason="村级供水工程现场协调")


def _disputes(committee, users, clock):
    """member2 disputes the reception days marked missed: the earlier one is accepted (she had
    asked for leave by telephone), the later one awaits the office."""
    member2, office = users["member2"], users["office"]
    owner = Membership.objects.get(user=member2, committee=committee, role=Role.MEMBER)
    for ago, decided in ((325, True), (85, False)):
        moment = clock.moment(ago, 10)
        year = timezone.localdate(moment).year
        record = duty_record(member2, year, committee=committee)
        missed = [
            line
            for line in record.lines
            if line.kind == "reception_missed" and line.on < moment.date()
        ]
        if not missed:
            continue
        with clock.at(moment, member2):
            dispute = dispute_raise(
                owner=owner,
                year=year,
                line_key=missed[-1].key,
                reason="当天已事先向办公室电话请假，请核实。",
                actor=member2,
            )
        if decided:
            with clock.at(clock.moment(ago - 2, 15), office):
                dispute_decide(
                    dispute=dispute,
                    actor=office,
                    accept=True,
                    note="经核实电话请假属实，不计缺席。",
                )
