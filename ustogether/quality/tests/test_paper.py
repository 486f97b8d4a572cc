"""Answers on paper: a co-lead says who sent a paper back, and separately types in
what the papers say. Nobody is counted twice, no more papers count than came back,
and no row written joins a person to a paper."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast, make_person
from ustogether.people.models import Person
from ustogether.quality import notify, services
from ustogether.quality.anonymity import answered_code
from ustogether.quality.models import AnsweredMark, Check, CheckSummary, RungTally, Tally
from ustogether.quality.statements import Choice
from ustogether.quality.tests.helpers import answer_all, open_check, statements_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _paper(check: Check, choice: str = Choice.DISAGREE) -> dict[int, str]:
    return {s.pk: choice for s in statements_of(check)}


def _totals(check: Check) -> dict[str, int]:
    totals = dict.fromkeys(Choice.values, 0)
    for tally in Tally.objects.filter(survey=check):
        for choice in Choice.values:
            totals[choice] += getattr(tally, choice)
    return totals


def test_a_paper_that_came_back_counts_once_and_its_sender_cannot_answer_online(
    cast: Cast,
) -> None:
    check = open_check(cast.project, cast.lead)
    assert services.paper_returned(check=check, by=cast.lead, people=[cast.member]) == (1, 0)
    check.refresh_from_db()
    assert (check.paper_returned, check.paper_typed, check.answer_count) == (1, 0, 0)
    # The member is marked as answered, by the same code as online, so cannot answer again.
    assert services.has_answered(check, cast.member)
    with pytest.raises(ValidationError):
        answer_all(check, cast.member)
    assert _totals(check)[Choice.AGREE] == 0

    services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check), rung=2)
    check.refresh_from_db()
    statements = len(statements_of(check))
    assert (check.paper_returned, check.paper_typed, check.answer_count) == (1, 1, 1)
    assert _totals(check)[Choice.DISAGREE] == statements
    assert RungTally.objects.get(survey=check, rung=2).count == 1
    assert CheckSummary.objects.values_list("equality_no", flat=True).get(survey=check) > 0


def test_no_more_papers_are_typed_in_than_people_sent_back(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    with pytest.raises(ValidationError) as refused:
        services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check))
    assert "First say who sent this one back" in refused.value.messages[0]
    services.paper_returned(check=check, by=cast.lead, people=[cast.member, cast.carer])
    services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check))
    services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check, Choice.AGREE))
    with pytest.raises(ValidationError):
        services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check))
    check.refresh_from_db()
    assert (check.paper_returned, check.paper_typed, check.answer_count) == (2, 2, 2)
    statements = len(statements_of(check))
    assert _totals(check)[Choice.DISAGREE] == statements
    assert _totals(check)[Choice.AGREE] == statements


def test_the_database_itself_refuses_more_papers_typed_than_came_back(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Check.objects.filter(pk=check.pk).update(paper_typed=1)


def test_a_paper_from_someone_who_answered_online_is_not_counted(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    answer_all(check, cast.member)
    marked, already = services.paper_returned(
        check=check, by=cast.lead, people=[cast.member, cast.carer]
    )
    assert (marked, already) == (1, 1)
    check.refresh_from_db()
    assert check.paper_returned == 1
    assert AnsweredMark.objects.filter(survey=check).count() == 2
    # Marking them again changes nothing: each person is one paper at most.
    assert services.paper_returned(check=check, by=cast.lead, people=[cast.carer]) == (0, 1)
    check.refresh_from_db()
    assert check.paper_returned == 1
    events = AuditEvent.objects.filter(verb="quality.paper_returned").order_by("pk")
    assert [e.data for e in events] == [
        {"people": 1, "already_answered": 1},
        {"people": 0, "already_answered": 1},
    ]


def test_no_row_written_joins_a_person_to_their_paper(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    services.paper_returned(check=check, by=cast.lead, people=[cast.member])
    services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check), rung=3)

    # Who sent it back is only the keyed code, the same as an online answer's.
    mark = AnsweredMark.objects.get(survey=check)
    assert model_to_dict(mark) == {
        "id": mark.pk,
        "survey": check.pk,
        "code": answered_code(check.pk, cast.member.pk),
        "on_paper": True,
    }
    # What the paper said is only in the totals, which have no person and no time.
    for row in [*Tally.objects.filter(survey=check), *RungTally.objects.filter(survey=check)]:
        fields = {f.name for f in row._meta.concrete_fields}
        assert not fields & {"person", "by", "created_at", "answered_at", "updated_at"}
    # The log says a co-lead did each step, and how many, never who sent it or what it said.
    events = AuditEvent.objects.exclude(pk__in=before).order_by("pk")
    assert [(e.verb, e.actor_id, e.data) for e in events] == [
        ("quality.paper_returned", cast.lead.pk, {"people": 1, "already_answered": 0}),
        ("quality.paper_typed", cast.lead.pk, {}),
    ]
    for event in events:
        assert event.subject_id == check.pk
        assert cast.member.display_name not in event.subject_label
    # No row of any of the check's tables points at the person who sent the paper.
    for model in apps.get_app_config("quality").get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person:
                rows = model._default_manager.filter(**{field.name: cast.member})
                assert not rows.exists(), model


@pytest.mark.parametrize("who", ["member", "observer", "finance", "outsider"])
def test_only_co_leads_write_down_papers(cast: Cast, who: str) -> None:
    check = open_check(cast.project, cast.lead)
    person = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.paper_returned(check=check, by=person, people=[cast.member])
    services.paper_returned(check=check, by=cast.lead, people=[cast.carer])
    with pytest.raises(PermissionDenied):
        services.paper_answer_add(check=check, by=person, answers=_paper(check))
    check.refresh_from_db()
    assert (check.paper_returned, check.paper_typed) == (1, 0)
    assert not services.has_answered(check, cast.member)


def test_only_people_the_check_asks_can_send_a_paper_back(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    stranger = make_person("Sid Stranger")
    with pytest.raises(ValidationError) as refused:
        services.paper_returned(check=check, by=cast.lead, people=[cast.member, stranger])
    assert list(refused.value.message_dict) == ["people"]
    assert not AnsweredMark.objects.filter(survey=check).exists()
    check.refresh_from_db()
    assert check.paper_returned == 0


def test_papers_are_taken_only_while_the_check_is_open(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    services.paper_returned(check=check, by=cast.lead, people=[cast.member])
    services.check_close(check=check, by=cast.lead)
    with pytest.raises(ValidationError):
        services.paper_answer_add(check=check, by=cast.lead, answers=_paper(check))
    with pytest.raises(ValidationError):
        services.paper_returned(check=check, by=cast.lead, people=[cast.carer])
    check.refresh_from_db()
    assert (check.paper_returned, check.paper_typed, check.answer_count) == (1, 0, 0)
    assert not services.has_answered(check, cast.carer)


def test_being_told_keeps_the_day_not_the_time(cast: Cast) -> None:
    Person.objects.filter(pk=cast.member.pk).update(contact_by=Person.ContactBy.POST)
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    notice = check.notices.get()
    services.notice_mark_told(notice=notice, by=cast.lead)
    notice.refresh_from_db()
    assert notice.told_at is not None
    told = timezone.localtime(notice.told_at)
    assert told.date() == timezone.localdate()
    assert told.time() == dt.time(0, 0)


# The pages


def test_a_co_lead_marks_papers_and_types_one_in(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    client = _client(cast.lead)
    url = reverse("quality:paper", args=[cast.project.pk, check.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert cast.member.display_name in page.content.decode()
    response = client.post(url, {"people": [cast.member.pk]})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.paper_returned == 1

    type_url = reverse("quality:paper_type", args=[cast.project.pk, check.pk])
    statement = statements_of(check)[0]
    response = client.post(type_url, {f"s{statement.pk}": Choice.NEITHER, "rung": "5"})
    assert response.status_code == 302
    assert response["Location"] == url
    check.refresh_from_db()
    assert (check.paper_typed, check.answer_count) == (1, 1)
    assert Tally.objects.get(survey=check, statement=statement).neither == 1

    # The member's own page says their answers came on paper, so they would notice a mistake.
    own = _client(cast.member).get(reverse("quality:check", args=[cast.project.pk, check.pk]))
    assert "We have your answers on paper" in own.content.decode()
    assert b'name="rung"' not in own.content


def test_a_paper_refused_keeps_what_was_typed(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    statement = statements_of(check)[0]
    response = _client(cast.lead).post(
        reverse("quality:paper_type", args=[cast.project.pk, check.pk]),
        {f"s{statement.pk}": Choice.STRONGLY_AGREE},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "First say who sent this one back" in html
    assert (
        f'id="id_s{statement.pk}_4" name="s{statement.pk}" type="radio" value="strongly_agree" checked'
        in html
    )
    check.refresh_from_db()
    assert (check.paper_typed, check.answer_count) == (0, 0)


def test_marking_nobody_says_what_to_do(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    response = _client(cast.lead).post(
        reverse("quality:paper", args=[cast.project.pk, check.pk]), {}
    )
    assert response.status_code == 422
    assert "Choose who sent a paper back." in response.content.decode()


def test_the_printed_questions_have_no_name_and_come_in_easy_read(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    url = reverse("quality:paper_print", args=[cast.project.pk, check.pk])
    client = _client(cast.lead)
    usual = client.get(url).content.decode()
    first = statements_of(check)[0]
    assert first.text in usual
    assert "Do not write your name on this paper." in usual
    assert check.closes_on.strftime("%-d %B %Y") in usual
    paper = usual[usual.index("<article") : usual.index("</article>")]
    for person in (cast.member, cast.carer, cast.observer, cast.lead):
        assert person.display_name not in paper
    easy = client.get(url + "?easy=1&large=1").content.decode()
    assert first.easy_read and first.easy_read in easy
    assert "ut-letter--large" in easy


def test_the_letter_by_post_leads_to_the_paper_questions(cast: Cast) -> None:
    Person.objects.filter(pk=cast.member.pk).update(contact_by=Person.ContactBy.POST)
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    notice = check.notices.get()
    letter = _client(cast.lead).get(
        reverse("quality:notice_words", args=[cast.project.pk, check.pk, notice.pk])
    )
    html = letter.content.decode()
    assert reverse("quality:paper_print", args=[cast.project.pk, check.pk]) in html
    assert "Or answer on paper." in html


def _people_list(html: str) -> str:
    return html[html.index('<form method="post"') : html.index("</form>")].split("</div>", 1)[1]


def test_the_list_of_who_sent_a_paper_back_does_not_show_who_answered(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    url = reverse("quality:paper", args=[cast.project.pk, check.pk])
    client = _client(cast.lead)
    before = _people_list(client.get(url).content.decode())
    answer_all(check, cast.member)
    after = _people_list(client.get(url).content.decode())
    assert cast.member.display_name in after and 'type="checkbox"' in after
    assert before == after


def test_after_closing_the_paper_pages_take_nothing_and_say_why(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    services.paper_returned(check=check, by=cast.lead, people=[cast.member])
    services.check_close(check=check, by=cast.lead)
    client = _client(cast.lead)
    url = reverse("quality:paper", args=[cast.project.pk, check.pk])
    page = client.get(url).content.decode()
    assert "1 paper was not typed in before the check closed" in page
    assert 'name="people"' not in page
    assert client.post(url, {"people": [cast.carer.pk]}).status_code == 302
    type_url = reverse("quality:paper_type", args=[cast.project.pk, check.pk])
    statement = statements_of(check)[0]
    assert client.post(type_url, {f"s{statement.pk}": Choice.AGREE}).status_code == 302
    check.refresh_from_db()
    assert (check.paper_returned, check.paper_typed, check.answer_count) == (1, 0, 0)
    assert not services.has_answered(check, cast.carer)
