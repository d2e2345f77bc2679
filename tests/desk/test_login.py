"""Password guessing on the admin login is stopped: an account, and separately an address,
that failed too often is locked out for a while, even with the right password; behind a
reverse proxy the client's own address counts, and a forged header does not."""

import pytest
from django.test import override_settings
from django.urls import reverse

from ..conftest import make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def attempt(client, username, password, address="203.0.113.7", **headers):
    client.cookies.clear()
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture
def desk_user():
    return make_user("zhangsan", "编辑")  # password "pass"


def test_an_account_is_locked_after_five_failures_from_anywhere(client, desk_user):
    for n in range(4):
        response = attempt(client, "zhangsan", "guess", address=f"198.51.100.{n}")
        assert response.status_code == 200  # the form again, "wrong password"
    assert attempt(client, "zhangsan", "guess", address="198.51.100.4").status_code == 429
    locked = attempt(client, "zhangsan", "pass", address="192.0.2.99")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.text
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_five_failures_on_any_accounts(client, desk_user):
    for n in range(5):
        attempt(client, f"nobody{n}", "guess", address="203.0.113.50")
    assert attempt(client, "zhangsan", "pass", address="203.0.113.50").status_code == 429
    # The same account from elsewhere still gets in.
    response = attempt(client, "zhangsan", "pass", address="203.0.113.51")
    assert response.status_code == 302 and response.url == "/admin/"


def test_a_success_before_the_limit_starts_the_count_again(client, desk_user):
    for _ in range(4):
        attempt(client, "zhangsan", "guess")
    assert attempt(client, "zhangsan", "pass").status_code == 302
    for _ in range(4):
        attempt(client, "zhangsan", "guess")
    assert attempt(client, "zhangsan", "pass").status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(client, desk_user):
    for n in range(5):
        attempt(client, f"nobody{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    # Every attempt came from REMOTE_ADDR 203.0.113.7, whatever the header claimed.
    assert attempt(client, "zhangsan", "pass", HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 429


@override_settings(NEWSROOM_TRUSTED_PROXIES=1)
def test_behind_one_trusted_proxy_each_client_counts_by_its_own_address(client, desk_user):
    """The proxy at 10.0.0.2 appends the client's address to X-Forwarded-For; that client is
    locked, the others are not, and what a client wrote into the header itself is not
    believed."""
    for n in range(5):
        forged = f"10.66.0.{n}, 198.51.100.1"  # the client's own claim, then the proxy's entry
        attempt(client, f"nobody{n}", "guess", address="10.0.0.2", HTTP_X_FORWARDED_FOR=forged)
    blocked = attempt(
        client, "zhangsan", "pass", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert blocked.status_code == 429
    other = attempt(
        client, "zhangsan", "pass", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert other.status_code == 302


@override_settings(NEWSROOM_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_client_is_the_entry_the_outer_one_added(client, desk_user):
    """A CDN (which appends the client) in front of a cache at 10.0.0.3 (which appends the
    CDN's address): the client is the second entry from the right."""
    chain = "10.66.0.1, 198.51.100.9, 172.16.0.5"  # forged, the client, the CDN
    for n in range(5):
        attempt(client, f"nobody{n}", "guess", address="10.0.0.3", HTTP_X_FORWARDED_FOR=chain)
    assert (
        attempt(
            client, "zhangsan", "pass", address="10.0.0.3", HTTP_X_FORWARDED_FOR=chain
        ).status_code
        == 429
    )
    fine = "10.66.0.1, 198.51.100.10, 172.16.0.5"  # same forged claim, another client
    assert (
        attempt(
            client, "zhangsan", "pass", address="10.0.0.3", HTTP_X_FORWARDED_FOR=fine
        ).status_code
        == 302
    )
