"""The audit administrator searches the log by user, action, object and date, page by page,
and exports what was found to Excel (the export is audited too); nobody else opens it."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Action, AuditEvent, Outcome
from audit.services import audit_record
from people.administrators import AdministratorRole
from tests.people.factories import UserFactory, administrator

pytestmark = pytest.mark.django_db

LOG, EXPORT = reverse("audit:log"), reverse("audit:export")
EVIL = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def auditor():
    return administrator(AdministratorRole.AUDIT)


@pytest.fixture
def events(cast):
    """Sign-ins of two people over three days, a download of a topic, a refused access."""
    topic = cast.topic(title="老旧小区加装电梯")
    zhang, li = UserFactory(username="zhangsan"), UserFactory(username="lisi")
    start = timezone.make_aware(dt.datetime(2025, 3, 1, 9))
    for day in range(3):
        with time_machine.travel(start + dt.timedelta(days=day), tick=False):
            audit_record(Action.SIGN_IN, user=zhang)
            audit_record(Action.SIGN_IN, user=li)
    with time_machine.travel(start + dt.timedelta(days=2, hours=1), tick=False):
        audit_record(Action.DOWNLOAD, user=zhang, obj=topic, detail="纪要.pdf")
        audit_record(
            Action.ACCESS_REFUSED, user=li, obj=topic, outcome=Outcome.REFUSED, detail=EVIL
        )
    return topic


def search(client, **filters):
    """The rows listed for `filters`, within 2025 (the rows the fixtures' own setup wrote
    are of today)."""
    response = client.get(LOG, {"until": "2025-12-31", **filters})
    assert response.status_code == 200
    return [(event.username, event.action) for event in response.context["page"]]


def test_the_audit_administrator_searches_by_user_action_object_and_date(client, auditor, events):
    client.force_login(auditor)
    assert len(search(client)) == 8
    assert set(search(client, user="zhang")) == {
        ("zhangsan", Action.SIGN_IN),
        ("zhangsan", Action.DOWNLOAD),
    }
    assert search(client, action=Action.DOWNLOAD) == [("zhangsan", Action.DOWNLOAD)]
    by_name = search(client, object="加装电梯")
    by_number = search(client, object=f"topics.topic {events.pk}")
    assert by_name == by_number == [("lisi", Action.ACCESS_REFUSED), ("zhangsan", Action.DOWNLOAD)]
    assert search(client, outcome=Outcome.REFUSED) == [("lisi", Action.ACCESS_REFUSED)]
    one_day = search(client, since="2025-03-02", until="2025-03-02")
    assert sorted(one_day) == [("lisi", Action.SIGN_IN), ("zhangsan", Action.SIGN_IN)]
    assert len(search(client, since="2025-03-03")) == 4
    page = client.get(LOG, {"user": "lisi", "since": "2025-03-03"}).content.decode()
    assert EVIL.replace('"', "&quot;") in page and "<h1>" in page


def test_bad_search_input_says_what_is_wrong(client, auditor, events):
    client.force_login(auditor)
    response = client.get(LOG, {"since": "2025-03-05", "until": "2025-03-01"})
    assert response.status_code == 400
    assert "开始日期晚于结束日期" in response.content.decode()
    assert client.get(LOG, {"since": "not a date", "action": "nonsense"}).status_code == 400


def test_the_log_is_paginated_with_a_bounded_number_of_queries(
    client, auditor, django_assert_max_num_queries
):
    for number in range(120):
        audit_record(Action.EXPORT, detail=str(number))
    client.force_login(auditor)
    with django_assert_max_num_queries(8):
        first = client.get(LOG, {"action": Action.EXPORT})
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.num_pages == 3
    with django_assert_max_num_queries(8):
        last = client.get(LOG, {"action": Action.EXPORT, "page": 3})
    assert [event.detail for event in last.context["page"]][-1] == "0"


def test_the_export_holds_what_was_found_and_is_audited(client, auditor, events):
    client.force_login(auditor)
    response = client.get(EXPORT, {"user": "lisi", "until": "2025-12-31"}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *lines = list(sheet.iter_rows())
    assert [cell.value for cell in header][:3] == ["时间", "用户", "来源地址"]
    assert len(lines) == 4 and {line[1].value for line in lines} == {"lisi"}
    detail = [line for line in lines if line[9].value == EVIL]
    assert len(detail) == 1 and detail[0][9].data_type == "s"
    export = AuditEvent.objects.filter(action=Action.EXPORT).get()
    assert (export.username, export.source_address) == (auditor.username, "10.9.8.7")
    assert export.detail == "user=lisi&until=2025-12-31" and export.object_repr.startswith(
        "audit-log-"
    )


@pytest.mark.parametrize("role", [AdministratorRole.SYSTEM, AdministratorRole.SECURITY])
def test_the_other_administrators_cannot_read_or_export_the_log(client, events, role):
    person = administrator(role)
    client.force_login(person)
    last = AuditEvent.objects.order_by("-pk").first().pk
    assert client.get(LOG).status_code == 403
    assert client.get(EXPORT).status_code == 403
    refused = AuditEvent.objects.filter(pk__gt=last)
    assert [event.action for event in refused] == [Action.ACCESS_REFUSED] * 2
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("key", ["office", "chair", "leader", "member", "department_user"])
def test_no_committee_role_reads_the_log(client, cast, events, key):
    client.force_login(cast.actor(key))
    assert client.get(LOG).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert "审计日志" not in client.get(reverse("portal:home")).content.decode()


def test_a_visitor_is_sent_to_sign_in(client, events):
    response = client.get(LOG)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(EXPORT).status_code == 302


def test_the_audit_administrator_finds_the_page_in_the_menu(client, auditor):
    client.force_login(auditor)
    assert f'href="{LOG}"' in client.get(reverse("portal:home")).content.decode()
