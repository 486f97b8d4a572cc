"""Asking people how an activity went, and keeping their answers anonymous for real."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test import override_settings
from django.utils import timezone

from ustogether.core.models import AuditEvent
from ustogether.core.testing import make_cast
from ustogether.people.models import Person
from ustogether.quality import services
from ustogether.quality.anonymity import answered_code
from ustogether.quality.models import (
    AnsweredMark,
    Check,
    OwnStatement,
    Rung,
    RungTally,
    Tally,
)
from ustogether.quality.queries import check_results
from ustogether.quality.statements import CORE_STATEMENTS, Choice
from ustogether.quality.tests.helpers import (
    answer_all,
    answered_check,
    new_members,
    open_check,
    open_follow_up,
    statements_of,
    yesterday,
)

pytestmark = pytest.mark.django_db


def test_a_co_lead_opens_a_check_with_every_core_statement_but_the_follow_up() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    keys = {s.key for s in statements_of(check)}
    assert keys == {s.key for s in CORE_STATEMENTS if not s.follow_up}
    assert len(keys) >= 20
    assert check.rung_tallies.count() == len(Rung.values)
    assert check.min_answers == 5
    assert AuditEvent.objects.filter(verb="quality.check_opened", actor=cast.lead).exists()


def test_a_follow_up_asks_what_difference_we_made() -> None:
    cast = make_cast()
    follow_up = open_follow_up(open_check(cast.project, cast.lead), cast.lead)
    assert [s.key for s in statements_of(follow_up)] == ["made_a_difference"]
    assert not follow_up.rung_tallies.exists()


@pytest.mark.parametrize("who", ["member", "carer", "observer", "outsider", "finance"])
def test_only_co_leads_and_admins_open_checks(who: str) -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        open_check(cast.project, getattr(cast, who))


def test_a_check_cannot_be_about_an_activity_that_has_not_happened() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.check_open(
            project=cast.project,
            by=cast.lead,
            title="Next week",
            held_on=timezone.localdate() + dt.timedelta(days=3),
        )
    assert "held_on" in error.value.error_dict


def test_answers_only_change_the_totals() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    statements = statements_of(check)
    services.check_answer(
        check=check,
        by=cast.member,
        answers={statements[0].pk: Choice.DISAGREE, statements[1].pk: Choice.STRONGLY_AGREE},
        rung=Rung.CONSULTATION,
    )
    services.check_answer(
        check=check, by=cast.carer, answers={statements[0].pk: Choice.DISAGREE}, rung=None
    )
    first = Tally.objects.get(survey=check, statement=statements[0])
    second = Tally.objects.get(survey=check, statement=statements[1])
    assert (first.disagree, first.agree, second.strongly_agree) == (2, 0, 1)
    assert RungTally.objects.get(survey=check, rung=Rung.CONSULTATION).count == 1
    check.refresh_from_db()
    assert check.answer_count == 2 == AnsweredMark.objects.filter(survey=check).count()


def test_each_person_answers_only_once() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    answer_all(check, cast.member)
    with pytest.raises(ValidationError, match="already answered"):
        answer_all(check, cast.member, Choice.DISAGREE)
    assert Tally.objects.filter(survey=check, disagree__gt=0).count() == 0
    assert services.has_answered(check, cast.member)
    assert not services.has_answered(check, cast.carer)


@pytest.mark.parametrize("who", ["outsider", "org_admin", "finance"])
def test_people_outside_the_project_cannot_answer(who: str) -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    with pytest.raises(PermissionDenied):
        answer_all(check, getattr(cast, who))


def test_a_closed_check_takes_no_answers() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    services.check_close(check=check, by=cast.lead)
    with pytest.raises(ValidationError, match="closed"):
        answer_all(check, cast.member)


def test_an_empty_answer_is_refused_with_what_to_do() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    with pytest.raises(ValidationError, match="Answer at least one question"):
        services.check_answer(check=check, by=cast.member, answers={}, rung=None)
    assert not services.has_answered(check, cast.member)


def test_answers_to_another_checks_statements_are_refused() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    follow_up = services.check_open(
        project=cast.project,
        by=cast.lead,
        title="Later",
        held_on=yesterday(),
        kind=Check.Kind.FOLLOW_UP,
    )
    other = statements_of(follow_up)[0]
    with pytest.raises(ValidationError):
        services.check_answer(check=check, by=cast.member, answers={other.pk: Choice.AGREE})


# Anonymity


def test_nothing_stored_about_answers_names_a_person_or_a_time() -> None:
    for model in (AnsweredMark, Tally, RungTally):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is not Person, f"{model.__name__}.{field.name} points at a person"
            assert not isinstance(field, models.DateTimeField | models.DateField), (
                f"{model.__name__}.{field.name} holds a time"
            )


def test_the_answered_code_cannot_be_worked_out_from_the_database_alone() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    answer_all(check, cast.member)
    stored = AnsweredMark.objects.get(survey=check).code
    assert stored == answered_code(check.pk, cast.member.pk)
    # Someone with the database but not the server's key tries every member: no match.
    with override_settings(SECRET_KEY="someone-else-s-guess-at-the-key" * 2):
        guesses = {answered_code(check.pk, p.pk) for p in Person.objects.all()}
    assert stored not in guesses


def test_an_old_key_still_stops_a_second_answer_after_the_key_changes() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    answer_all(check, cast.member)
    from django.conf import settings

    with override_settings(
        SECRET_KEY="a-brand-new-key" * 4, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]
    ):
        assert services.has_answered(check, cast.member)
        with pytest.raises(ValidationError):
            answer_all(check, cast.member)


def test_the_audit_log_says_someone_answered_not_who() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    answer_all(check, cast.member)
    event = AuditEvent.objects.get(verb="quality.check_answered")
    assert event.actor_id is None
    assert str(cast.member.pk) not in str(event.data)


def test_answering_rewrites_every_total_of_the_check() -> None:
    """The database's own record of which rows changed (PostgreSQL's row versions)
    must not show which answers one person chose."""
    if connection.vendor != "postgresql":
        pytest.skip("Row versions are PostgreSQL's; SQLite has none to compare.")
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    first = statements_of(check)[0]
    services.check_answer(check=check, by=cast.member, answers={first.pk: Choice.AGREE})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM quality_tally WHERE survey_id = %s", [check.pk]
        )
        versions = cursor.fetchall()
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM quality_rungtally WHERE survey_id = %s", [check.pk]
        )
        rung_versions = cursor.fetchall()
    assert len(versions) == 1
    assert rung_versions == versions


def test_results_wait_until_the_check_closes_with_enough_answers() -> None:
    cast = make_cast()
    check = answered_check(cast.project, cast.lead, [Choice.AGREE] * 5, close=False)
    assert check_results(check) is None, "open: watching totals change would give people away"
    services.check_close(check=check, by=cast.lead)
    check.refresh_from_db()
    results = check_results(check)
    assert results is not None
    assert results.statements[0].counts.by_choice[Choice.AGREE] == 5


def test_too_few_answers_never_show() -> None:
    cast = make_cast()
    check = answered_check(cast.project, cast.lead, [Choice.AGREE] * 4)
    assert not check.is_open
    assert check_results(check) is None


def test_results_show_after_the_last_day_without_closing() -> None:
    cast = make_cast()
    check = answered_check(cast.project, cast.lead, [Choice.AGREE] * 5, close=False)
    Check.objects.filter(pk=check.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    check.refresh_from_db()
    assert check_results(check) is not None


def test_the_site_can_ask_for_more_answers_but_never_fewer_than_three() -> None:
    cast = make_cast()
    with override_settings(QUALITY_MIN_ANSWERS=1):
        assert open_check(cast.project, cast.lead).min_answers == 3
    with override_settings(QUALITY_MIN_ANSWERS=8):
        assert open_check(cast.project, cast.lead).min_answers == 8


def test_results_give_principle_scores_and_the_middle_rung() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    people = new_members(cast.project, 5)
    for person, rung in zip(people, [2, 3, 4, 4, 7], strict=True):
        answer_all(check, person, Choice.STRONGLY_AGREE, rung)
    services.check_close(check=check, by=cast.lead)
    check.refresh_from_db()
    results = check_results(check)
    assert results is not None
    assert results.chosen_rung == 4
    equality = next(c for value, _label, c in results.principles if value == "equality")
    assert equality.mean == 5.0


# Versions and the organisation's own statements


def test_a_changed_statement_makes_a_new_version_and_past_checks_keep_their_words() -> None:
    cast = make_cast()
    first = open_check(cast.project, cast.lead)
    again = open_check(cast.project, cast.lead)
    assert again.checklist_id == first.checklist_id
    own = services.own_statement_add(
        organisation=cast.organisation,
        by=cast.org_admin,
        principle="accessibility",
        text="There was a quiet room.",
    )
    newer = open_check(cast.project, cast.lead)
    assert newer.checklist_id != first.checklist_id
    assert newer.checklist.number == first.checklist.number + 1
    assert "There was a quiet room." in {s.text for s in statements_of(newer)}
    assert "There was a quiet room." not in {s.text for s in statements_of(first)}
    services.own_statement_retire(statement=own, by=cast.org_admin)
    latest = open_check(cast.project, cast.lead)
    assert "There was a quiet room." not in {s.text for s in statements_of(latest)}
    assert "There was a quiet room." in {s.text for s in statements_of(newer)}


def test_only_admins_add_statements_and_the_core_ones_always_stay() -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.own_statement_add(
            organisation=cast.organisation, by=cast.lead, principle="equality", text="x"
        )
    services.own_statement_add(
        organisation=cast.organisation, by=cast.org_admin, principle="equality", text="Extra."
    )
    check = open_check(cast.project, cast.lead)
    keys = {s.key for s in statements_of(check)}
    assert {s.key for s in CORE_STATEMENTS if not s.follow_up} <= keys
    assert OwnStatement.objects.count() == 1
