"""Errors are JSON with a stable code and a Chinese message; lists are paginated in a stable
order; each token has its own rate limit."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import AccessToken
from followup.models import ProgressReport

from .files import fake_png

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}, body
    assert CHINESE.search(body["error"]["message"]), body
    return body["error"]


def test_not_found_and_bad_parameters_are_explained_in_chinese(cast, api_as):
    client = api_as(cast.office)
    assert error_of(client.get(reverse("api:topic-detail", args=[999999])))["code"] == "not_found"
    bad_state = client.get(reverse("api:topic-list"), {"state": "nonsense"})
    assert bad_state.status_code == 400
    error = error_of(bad_state)
    assert error["code"] == "invalid" and "state" in error["fields"]
    bad_dates = client.get(reverse("api:calendar"), {"start": "2026-13-01"})
    assert bad_dates.status_code == 400 and "start" in error_of(bad_dates)["fields"]
    too_long = client.get(reverse("api:calendar"), {"start": "2026-01-01", "end": "2028-01-01"})
    assert too_long.status_code == 400 and "end" in error_of(too_long)["fields"]
    wrong_method = client.delete(reverse("api:topic-list"))
    assert wrong_method.status_code == 405
    assert error_of(wrong_method)["code"] == "method_not_allowed"


def test_an_unknown_api_address_answers_json(db):
    response = APIClient().get("/api/nothing/here/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert APIClient().post("/api/nothing/").status_code == 404


def test_a_report_with_bad_input_is_refused_field_by_field(cast, api_as, following):
    _topic, item = following
    client = api_as(cast.department_user)
    url = reverse("api:item-report", args=[item.pk])
    response = client.post(url, {"percent_done": 150, "text": "", "files": [fake_png()]})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert {"percent_done", "text", "files"} <= set(error["fields"])
    # The upload check of the pages: the content is not a picture, whatever its name says.
    assert "照片.png" in error["fields"]["files"][0]
    assert not ProgressReport.objects.exists()
    json_body = client.post(url, {"percent_done": 10, "text": "进展"}, format="json")
    assert json_body.status_code == 201  # evidence is optional, as on the page


@override_settings(
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min"}}
)
def test_each_token_has_its_own_rate_limit(cast, api_as):
    first, second = api_as(cast.office), api_as(cast.office)
    # Counts an earlier test may have left under the same token ids (SQLite reuses them).
    cache.delete_many([f"throttle_token_{token.pk}" for token in AccessToken.objects.all()])
    for _ in range(3):
        assert first.get(reverse("api:topic-list")).status_code == 200
    refused = first.get(reverse("api:topic-list"))
    assert refused.status_code == 429
    assert error_of(refused)["code"] == "throttled" and int(refused["Retry-After"]) > 0
    assert second.get(reverse("api:topic-list")).status_code == 200


def test_lists_are_paginated_in_a_stable_order(cast, api_as):
    topics = [cast.topic(title=f"议题{index}", state="proposed") for index in range(7)]
    client = api_as(cast.office)
    seen = []
    url = reverse("api:topic-list") + "?page_size=3"
    while url:
        body = client.get(url).json()
        assert body["count"] == 7
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(topic.pk for topic in topics)


@pytest.mark.parametrize("page_size", ["0", "abc"])
def test_odd_page_sizes_fall_back_to_the_default(cast, api_as, page_size):
    response = api_as(cast.office).get(reverse("api:topic-list"), {"page_size": page_size})
    assert response.status_code == 200
