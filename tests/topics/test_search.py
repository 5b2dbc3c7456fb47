"""Search in Chinese over titles, descriptions, research findings, consensus points and minutes:
words cut by jieba, every word of the query must match, ranked, matched words marked, filters
combined; PostgreSQL full text with a GIN index, and a SQLite fallback that finds the same."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsensusPoint, Minutes, Session
from consultations.services import minutes_save
from research.models import ResearchActivity
from tests.workflow import advance
from topics.models import State, Topic, TopicSearchDocument
from topics.search import documents_rebuild, highlight, query_words, words_of
from topics.services import topic_create

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def titles(client, **query):
    response = client.get(reverse("topics:list"), query)
    assert response.status_code == 200
    return [topic.title for topic in response.context["page"]], response.content.decode()


@pytest.fixture
def texts(cast):
    """Topics whose texts hold the searched words in different places."""
    office = cast.office
    lift = cast.topic(title="老旧小区加装电梯", description="居民反映上下楼困难。", year=YEAR)
    gas = cast.topic(title="费市家苑管道燃气", description="十二年未通燃气。", year=YEAR)
    water = cast.topic(title="山区供水", description="六个村未通大管网。", year=YEAR - 1)
    ResearchActivity.objects.create(
        topic=gas,
        kind=ResearchActivity.Kind.VISIT,
        held_on=timezone.localdate(),
        place="费市家苑",
        findings="加装电梯也是居民的呼声，资金缺口较大。",
        recorded_by=office,
    )
    session = Session.objects.create(
        topic=water, starts_at=timezone.now(), venue="会客厅", agenda="议程"
    )
    ConsensusPoint.objects.create(session=session, position=1, text="分步实施大管网延伸工程")
    Minutes.objects.create(
        topic=lift, text="专题协商纪要：电梯加装资金由政府补助三分之一。", written_by=office
    )
    elsewhere = cast.other_committee
    stranger = Topic.objects.create(
        committee=elsewhere,
        year=YEAR,
        title="别的委员会的加装电梯",
        description="不应被看到",
        category=Topic.Category.OTHER,
        channel=Topic.Channel.MEMBER,
        state=State.PROPOSED,
        created_by=office,
    )
    documents_rebuild([lift.pk, gas.pk, water.pk, stranger.pk])
    return {"lift": lift, "gas": gas, "water": water}


def test_words_are_cut_so_that_a_part_of_a_long_word_is_found():
    assert {"加装", "电梯"} <= set(words_of("老旧小区加装电梯"))
    assert query_words("加装电梯，资金！") == ["加装", "电梯", "资金"]
    assert query_words("  ，。！ ") == []


def test_search_finds_titles_findings_consensus_and_minutes(cast, client, texts):
    client.force_login(cast.office)
    found, _html = titles(client, query="电梯")
    # The title and the minutes before a mention in the findings; another committee's
    # topic is not found.
    assert found == ["老旧小区加装电梯", "费市家苑管道燃气"]
    assert titles(client, query="管网延伸")[0] == ["山区供水"]  # a consensus point
    assert titles(client, query="政府补助")[0] == ["老旧小区加装电梯"]  # the minutes
    assert titles(client, query="资金缺口")[0] == ["费市家苑管道燃气"]  # research findings
    assert titles(client, query="上下楼")[0] == ["老旧小区加装电梯"]  # the description
    assert titles(client, query="电梯 燃气")[0] == ["费市家苑管道燃气"]  # every word must match
    assert titles(client, query="地铁")[0] == []


def test_matched_words_are_marked_in_the_title_and_a_snippet(cast, client, texts):
    client.force_login(cast.office)
    _found, html = titles(client, query="加装电梯")
    assert "老旧小区<mark>加装</mark><mark>电梯</mark>" in html
    assert "<mark>加装</mark><mark>电梯</mark>也是居民的呼声" in html
    marked = highlight("a<b>电梯", ["电梯"])
    assert marked == "a&lt;b&gt;<mark>电梯</mark>"


def test_filters_combine_with_the_search(cast, client, texts):
    client.force_login(cast.office)
    assert titles(client, query="电梯", year=YEAR - 1)[0] == []
    assert titles(client, query="管网", year=YEAR - 1)[0] == ["山区供水"]
    assert titles(client, query="电梯", stage=1)[0] == ["老旧小区加装电梯", "费市家苑管道燃气"]
    assert titles(client, query="电梯", stage=2)[0] == []
    assert set(titles(client, query="，")[0]) == {
        "老旧小区加装电梯",
        "费市家苑管道燃气",
        "山区供水",
    }


def test_a_service_that_changes_a_text_rewrites_the_document_after_commit(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_create(
            actor=cast.proposer,
            committee=cast.committee,
            year=YEAR,
            title="农村公路养护",
            description="四好农村路",
            category=Topic.Category.ROADS,
            channel=Topic.Channel.PARTY_GOVERNMENT,
        )
        topic = advance(topic, State.DELIBERATED, cast=cast)
    client.force_login(cast.office)
    assert titles(client, query="养护")[0] == ["农村公路养护"]
    assert titles(client, query="桥梁加固")[0] == []
    with django_capture_on_commit_callbacks(execute=True):
        minutes_save(topic=topic, actor=cast.office, text="纪要：桥梁加固列入明年计划。")
    assert titles(client, query="桥梁加固")[0] == ["农村公路养护"]
    assert TopicSearchDocument.objects.filter(topic=topic).count() == 1


def test_search_pages_beyond_the_last_and_bad_numbers_show_a_page(cast, client, texts):
    client.force_login(cast.office)
    for page in ("9", "x", "0"):
        response = client.get(reverse("topics:list"), {"query": "电梯", "page": page})
        assert response.status_code == 200
        assert [t.title for t in response.context["page"]] == [
            "老旧小区加装电梯",
            "费市家苑管道燃气",
        ]
