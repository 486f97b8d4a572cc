from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from ustogether.core.email import data_to_message, message_to_data

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "kQ3v-9zT_p1LmX7rB2nYc8WfJ0hA5sDeGuR4oVtNiK6qZyHwMx"


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_says_error_when_the_shared_cache_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.cache import cache

    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_healthz_says_error_when_the_database_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise connection.OperationalError("down")  # type: ignore[attr-defined]

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_email_goes_through_a_task_and_arrives_whole() -> None:
    send_mail("Hello", "Plain body", "from@example.org", ["to@example.org"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello"
    assert mail.outbox[0].to == ["to@example.org"]


def test_an_email_survives_the_trip_through_task_data() -> None:
    message = EmailMultiAlternatives(
        "S",
        "Body",
        "a@example.org",
        ["b@example.org"],
        cc=["c@example.org"],
        reply_to=["r@example.org"],
        headers={"X-Us": "1"},
    )
    message.attach_alternative("<p>Body</p>", "text/html")
    again = data_to_message(message_to_data(message))
    assert (again.subject, again.body, again.to, again.cc, again.reply_to) == (
        "S",
        "Body",
        ["b@example.org"],
        ["c@example.org"],
        ["r@example.org"],
    )
    assert again.alternatives[0][0] == "<p>Body</p>"
    assert again.extra_headers == {"X-Us": "1"}


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_email_is_queued_not_sent_when_a_worker_does_the_sending() -> None:
    from django_tasks import default_task_backend

    default_task_backend.clear()  # type: ignore[attr-defined]
    send_mail("Queued", "Body", "from@example.org", ["to@example.org"])
    assert mail.outbox == []
    assert len(default_task_backend.results) == 1  # type: ignore[attr-defined]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ustogether.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_demo_secret_key() -> None:
    result = _start({"PRODUCTION": "1", "DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is the demo key" in result.stderr


def test_production_refuses_debug() -> None:
    result = _start({"PRODUCTION": "1", "DEBUG": "1", "SECRET_KEY": STRONG_KEY})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_a_real_key() -> None:
    result = _start(
        {"PRODUCTION": "1", "DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "example.org"}
    )
    assert result.returncode == 0, result.stderr


def test_a_typo_in_a_yes_no_setting_stops_the_start() -> None:
    result = _start({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be 1 or 0" in result.stderr


@pytest.mark.django_db
def test_public_pages_read_without_signing_in() -> None:
    client = Client()
    for url in (
        reverse("home"),
        reverse("about"),
        reverse("projects:public_list"),
        reverse("account_login"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'href="#main-content"' in html
        assert '<html lang="en-gb"' in html


@pytest.mark.django_db
def test_pages_send_a_content_security_policy() -> None:
    response = Client().get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_a_worker_email_waits_in_the_database_until_the_worker_sends_it() -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    send_mail("Your invitation", "Body", "from@example.org", ["to@example.org"])
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert [m.subject for m in mail.outbox] == ["Your invitation"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
