"""个人信息保护: a resident's contact is masked (138****5678) for everyone but the committee's
office staff, on the topic page, in its edit history, in the edit form, in the admin and in
the exports; office staff read it in full, and each full read is audited."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEvent
from people.privacy import mask, personal_value, sees_personal_data
from tests.people.factories import UserFactory
from tests.workflow import advance
from topics.models import State, Topic

pytestmark = pytest.mark.django_db

OLD, NEW = "张女士 13812345678", "张女士 13987654321"
OLD_MASKED, NEW_MASKED = "张女士 138****5678", "张女士 139****4321"
READERS_MASKED = ["chair", "leader", "member", "proposer"]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("张女士 13812345678", "张女士 138****5678"),
        ("王先生 138-1234-5678", "王先生 138****5678"),
        ("办公电话 0574-87654321", "办公电话 0574-****4321"),
        ("身份证 330205199001011234", "身份证 330***********1234"),
        ("邮箱 wang.li@example.org", "邮箱 w***@example.org"),
        ("编号 12345678901", "编号 *******8901"),
        ("孔浦街道 3 号楼", "孔浦街道 3 号楼"),
        ("", ""),
    ],
)
def test_mask_hides_numbers_and_addresses_and_keeps_the_rest(text, masked):
    assert mask(text) == masked
    assert mask(masked) == masked


@pytest.fixture
def public_topic(cast, history_request):
    """A 群众出题 topic whose contact was corrected once while a draft, then submitted."""
    topic = cast.topic(
        channel=Topic.Channel.PUBLIC,
        public_contact=OLD,
        public_venue=Topic.PublicVenue.MEMBER_LOUNGE,
    )
    history_request(cast.office)
    topic.public_contact = NEW
    topic.save()
    return advance(topic, State.PROPOSED, cast=cast)


def full_reads():
    return list(AuditEvent.objects.filter(action=Action.PERSONAL_DATA))


def test_office_staff_read_the_contact_and_its_history_in_full_audited(client, cast, public_topic):
    client.force_login(cast.office)
    page = client.get(public_topic.get_absolute_url(), REMOTE_ADDR="10.0.0.8").content.decode()
    assert NEW in page and OLD in page  # the page and the history's old value
    (row,) = full_reads()
    assert (row.username, row.source_address) == (cast.office.username, "10.0.0.8")
    assert (row.object_type, row.object_id) == ("topics.topic", str(public_topic.pk))
    assert row.detail == "public_contact"


@pytest.mark.parametrize("key", READERS_MASKED)
def test_everyone_else_sees_the_contact_and_its_history_masked(client, cast, public_topic, key):
    client.force_login(cast.actor(key))
    page = client.get(public_topic.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert NEW_MASKED in html
    assert "13987654321" not in html and "13812345678" not in html
    if page.context["history"] is not None:  # chair and leaders read the edit history
        changes = [c for entry in page.context["history"] for c in entry["changes"]]
        assert [(old, new) for _name, old, new in changes if "张女士" in str(old)] == [
            (OLD_MASKED, NEW_MASKED)
        ]
        assert OLD_MASKED in html
    assert not full_reads()


def test_office_staff_of_another_committee_get_nothing(client, cast, public_topic):
    client.force_login(cast.other("office_staff"))
    assert client.get(public_topic.get_absolute_url()).status_code == 404
    assert not full_reads()
    assert not sees_personal_data(cast.other("office_staff"), public_topic)


def test_a_topic_without_a_contact_writes_no_full_read(client, cast):
    topic = advance(cast.topic(), State.PROPOSED, cast=cast)
    client.force_login(cast.office)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert not full_reads()


def test_a_superuser_is_no_exception(cast, public_topic):
    root = UserFactory(committee=None, is_superuser=True, is_staff=True)
    assert personal_value(root, public_topic, "public_contact") == NEW_MASKED
    assert personal_value(cast.office, public_topic, "public_contact") == NEW
    assert personal_value(root, public_topic, "title") == public_topic.title


def test_a_proposer_edits_the_draft_without_reading_or_losing_the_contact(client, cast):
    topic = cast.topic(
        channel=Topic.Channel.PUBLIC,
        public_contact=OLD,
        public_venue=Topic.PublicVenue.MEMBER_LOUNGE,
    )
    url = reverse("topics:edit", args=[topic.pk])
    client.force_login(cast.proposer)
    form = client.get(url).context["form"]
    assert "public_contact" not in form.fields
    assert "13812345678" not in client.get(url).content.decode()
    data = {
        "year": topic.year,
        "title": "改过的标题",
        "description": topic.description,
        "category": topic.category,
        "channel": topic.channel,
        "public_venue": topic.public_venue,
        "public_contact": "被改掉",
    }
    assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert (topic.title, topic.public_contact) == ("改过的标题", OLD)
    client.force_login(cast.office)
    assert "public_contact" in client.get(url).context["form"].fields


def test_the_admin_shows_the_contact_masked_its_history_too(client, cast, public_topic):
    root = UserFactory(committee=None, is_superuser=True, is_staff=True)
    client.force_login(root)
    change = client.get(reverse("admin:topics_topic_change", args=[public_topic.pk]))
    assert change.status_code == 200
    assert "public_contact" not in change.context["adminform"].form.fields
    html = change.content.decode()
    assert NEW_MASKED in html and "13987654321" not in html
    history = client.get(reverse("admin:topics_topic_history", args=[public_topic.pk]))
    html = history.content.decode()
    assert history.status_code == 200 and OLD_MASKED in html and NEW_MASKED in html
    assert "13812345678" not in html and "13987654321" not in html
    version = public_topic.history.order_by("history_date").first()
    old = client.get(
        reverse("admin:topics_topic_simple_history", args=[public_topic.pk, version.pk])
    )
    assert old.status_code == 200 and "13812345678" not in old.content.decode()
    assert OLD_MASKED in old.content.decode()


def test_no_export_holds_the_contact(client, cast, public_topic):
    client.force_login(cast.office)
    for name in ("dashboard:topics_export", "dashboard:export"):
        book = load_workbook(io.BytesIO(client.get(reverse(name)).content))
        values = [
            str(c.value) for sheet in book.worksheets for line in sheet.iter_rows() for c in line
        ]
        assert public_topic.title in values or name == "dashboard:export"
        assert not [value for value in values if "1398765" in value or "1381234" in value]
