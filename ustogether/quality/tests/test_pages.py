"""The quality pages as people use them: answering, results, scorecards, publishing, settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import make_cast
from ustogether.people.models import Person
from ustogether.quality import services
from ustogether.quality.models import PublishedScorecard, Rung, Tally
from ustogether.quality.queries import quarter_label
from ustogether.quality.statements import Choice
from ustogether.quality.tests.helpers import answered_check, open_check, statements_of, yesterday

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_a_member_answers_with_a_fieldset_and_legend_per_statement() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    url = reverse("quality:check", args=[cast.project.pk, check.pk])
    client = signed_in(cast.member)
    page = client.get(url).content.decode()
    statements = statements_of(check)
    assert page.count('<fieldset class="govuk-fieldset"') == len(statements) + 1  # and the ladder
    assert "I knew what we could still change." in page
    first = statements[0]
    response = client.post(url, {f"s{first.pk}": Choice.DISAGREE, "rung": str(Rung.INFORMING)})
    assert response.status_code == 302
    assert Tally.objects.get(survey=check, statement=first).disagree == 1
    page = client.get(url).content.decode()
    assert "You have answered" in page
    assert 'name="rung"' not in page


def test_the_easy_read_version_uses_easy_words() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    url = reverse("quality:check", args=[cast.project.pk, check.pk])
    page = signed_in(cast.member).get(url + "?easy=1").content.decode()
    assert "They told me early." in page
    assert "openmoji/1F91D.svg" in page  # the ladder's pictures


def test_sending_nothing_says_what_to_do_and_counts_nothing() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    url = reverse("quality:check", args=[cast.project.pk, check.pk])
    response = signed_in(cast.member).post(url, {})
    assert response.status_code == 422
    assert "Answer at least one question" in response.content.decode()
    assert not services.has_answered(check, cast.member)


def test_a_second_answer_is_turned_away_politely() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    url = reverse("quality:check", args=[cast.project.pk, check.pk])
    client = signed_in(cast.member)
    first = statements_of(check)[0]
    client.post(url, {f"s{first.pk}": Choice.AGREE})
    response = client.post(url, {f"s{first.pk}": Choice.DISAGREE}, follow=True)
    assert "already answered" in response.content.decode()
    assert Tally.objects.get(survey=check, statement=first).disagree == 0


def test_results_show_on_the_check_page_once_closed_with_enough_answers() -> None:
    cast = make_cast()
    check = answered_check(cast.project, cast.lead, [Choice.DISAGREE] * 5, rung=Rung.INFORMING)
    page = (
        signed_in(cast.observer)
        .get(reverse("quality:check", args=[cast.project.pk, check.pk]))
        .content.decode()
    )
    assert "Each question" in page
    assert "The middle answer." in page


def test_the_project_scorecard_shows_flags_ladder_and_scores_with_tables() -> None:
    cast = make_cast()
    answered_check(cast.project, cast.lead, [Choice.STRONGLY_DISAGREE] * 5, rung=Rung.COERCION)
    page = (
        signed_in(cast.lead)
        .get(reverse("quality:project_scorecard", args=[cast.project.pk]))
        .content.decode()
    )
    assert "People say power is not shared" in page
    assert "The data and the people do not agree" in page
    assert page.count('<svg role="img"') == 2
    assert page.count("<table") >= 2  # a table beside each chart


def test_the_scorecard_names_the_months_of_a_quarter_not_q2() -> None:
    # "2025 Q2" is jargon to many people; "Apr to Jun 2025" is not.
    assert quarter_label(2025, 2) == "Apr to Jun 2025"
    assert quarter_label(2024, 4) == "Oct to Dec 2024"
    cast = make_cast()
    answered_check(cast.project, cast.lead, [Choice.AGREE] * 5)
    held_on = yesterday()
    page = (
        signed_in(cast.lead)
        .get(reverse("quality:project_scorecard", args=[cast.project.pk]))
        .content.decode()
    )
    assert quarter_label(held_on.year, (held_on.month - 1) // 3 + 1) in page
    assert f"{held_on.year} Q" not in page


def test_a_published_scorecard_stays_as_it_was_and_hides_members_only_projects() -> None:
    cast = make_cast()
    from ustogether.core.testing import make_project

    secret = make_project(
        lead=cast.lead, organisation=cast.organisation, title="Secret plan", visibility="members"
    )
    client = signed_in(cast.org_admin)
    client.post(reverse("quality:org_publish", args=[cast.organisation.slug]))
    published = PublishedScorecard.objects.get()
    flags_then = published.figures["red_flags"] + published.figures["amber_flags"]
    assert flags_then > 0
    assert "Secret plan" not in str(published.figures)
    # Fixing things later does not change what was published.
    secret.delete()
    page = Client().get(reverse("quality:org_scorecard", args=[cast.organisation.slug]))
    assert page.status_code == 200
    published.refresh_from_db()
    assert published.figures["red_flags"] + published.figures["amber_flags"] == flags_then
    assert "A project only its members can see" in page.content.decode()


def test_the_csv_does_not_let_a_title_run_as_a_formula() -> None:
    cast = make_cast()
    cast.project.title = '=HYPERLINK("http://example.org")'
    cast.project.save()
    response = signed_in(cast.lead).get(
        reverse("quality:project_scorecard_csv", args=[cast.project.pk])
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body


def test_settings_refuse_a_looser_limit_and_keep_what_was_typed() -> None:
    cast = make_cast()
    url = reverse("quality:org_settings", args=[cast.organisation.slug])
    client = signed_in(cast.org_admin)
    form = client.get(url).context["policy_form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data.update({"save_limits": "1", "notice_amber_days": "3", "pledge": "We pay in 14 days."})
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "This would hide problems" in page
    assert "We pay in 14 days." in page
    data["notice_amber_days"] = "21"
    assert client.post(url, data).status_code == 302
    assert services.thresholds_for(cast.organisation).notice_amber_days == 21


def test_an_admin_adds_and_retires_a_question_of_their_own() -> None:
    cast = make_cast()
    url = reverse("quality:org_settings", args=[cast.organisation.slug])
    client = signed_in(cast.org_admin)
    response = client.post(
        url, {"add_statement": "1", "text": "There was a quiet room.", "principle": "accessibility"}
    )
    assert response.status_code == 302
    own = cast.organisation.own_statements.get()
    check = open_check(cast.project, cast.lead)
    assert "There was a quiet room." in {s.text for s in statements_of(check)}
    client.post(url, {"retire": str(own.pk)})
    own.refresh_from_db()
    assert own.retired_at is not None


def test_opening_a_check_from_the_page() -> None:
    cast = make_cast()
    url = reverse("quality:check_new", args=[cast.project.pk])
    client = signed_in(cast.lead)
    bad = client.post(url, {"title": "", "held_on": "not a date", "kind": "after"})
    assert bad.status_code == 422
    assert "Say what the activity was" in bad.content.decode()
    from ustogether.quality.tests.helpers import yesterday

    good = client.post(
        url,
        {
            "title": "Workshop",
            "held_on": yesterday().isoformat(),
            "kind": "after",
            "closes_on": (yesterday().replace(day=1)).isoformat(),
        },
    )
    assert good.status_code == 422  # a last day in the past
    good = client.post(
        url,
        {
            "title": "Workshop",
            "held_on": yesterday().isoformat(),
            "kind": "after",
            "closes_on": bad.context["form"].initial["closes_on"].isoformat(),
        },
    )
    assert good.status_code == 302
    assert cast.project.checks.get().title == "Workshop"
