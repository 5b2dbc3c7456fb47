import pytest
from django.urls import reverse

from tests.people.factories import UserFactory

PASSWORD = "demo-pass-123"


@pytest.fixture
def sign_in(client):
    """`sign_in(username, password, address=...)`: the login form, as a browser posts it."""

    def post(username, password=PASSWORD, address="10.0.0.1", follow=False, using=None):
        return (using or client).post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            HTTP_USER_AGENT="Mozilla/5.0 test",
            follow=follow,
        )

    return post


@pytest.fixture
def person(db):
    return UserFactory()
