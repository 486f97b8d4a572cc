"""Contributions recorded in any form and answered: the services, on a real database."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ustogether.contributions import services
from ustogether.contributions.models import Contribution, Moderation, Response
from ustogether.contributions.testing import checked_photo, photo_upload, say
from ustogether.core import uploads
from ustogether.core.audit import events_for
from ustogether.core.testing import make_cast, make_person
from ustogether.core.tests.files import WAV_BYTES
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_member_says_something_and_it_is_due_an_answer_in_28_days() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    assert contribution.author == cast.member
    assert contribution.recorded_by == cast.member
    assert not contribution.on_behalf
    assert contribution.state == Contribution.State.NEW
    assert contribution.due_at - contribution.created_at == dt.timedelta(days=28)
    event = events_for(cast.project).get(verb="contribution.created")
    assert event.data == {"kind": "text", "route": "online", "on_behalf": False}
    assert "bus" not in str(event.data) and "bus" not in event.subject_label


def test_words_are_needed_for_a_written_contribution() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        say(cast.project, cast.member, text="   ")
    assert error.value.message_dict == {"text": ["Write what was said."]}


@pytest.mark.parametrize("who", ["observer", "outsider", "finance"])
def test_people_who_only_read_cannot_contribute(who: str) -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        say(cast.project, getattr(cast, who))
    assert not Contribution.objects.exists()


def test_a_photo_loses_its_location_before_it_is_stored() -> None:
    cast = make_cast()
    original = photo_upload().read()
    assert b"PhoneMaker" in original
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get(0x8825), "the test photo must carry GPS data"
    contribution = services.contribution_create(
        project=cast.project,
        by=cast.member,
        kind=Contribution.Kind.PHOTO,
        file=checked_photo(),
        description="A bench in the garden, in the sun.",
    )
    name = contribution.file.name or ""
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.format == "JPEG"
    assert contribution.file_type == "image/jpeg"
    assert contribution.file_name == "garden.jpg"
    assert name.startswith("contributions/")
    assert "garden" not in name


def test_a_picture_needs_a_description_before_it_goes_on_the_public_page() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.contribution_create(
            project=cast.project,
            by=cast.member,
            kind=Contribution.Kind.PICTURE,
            file=checked_photo(),
            sharing=Contribution.Sharing.PUBLIC,
        )
    assert "description" in error.value.message_dict
    # Shared with the team only, it may wait for one.
    contribution = services.contribution_create(
        project=cast.project, by=cast.member, kind=Contribution.Kind.PICTURE, file=checked_photo()
    )
    assert contribution.sharing == Contribution.Sharing.TEAM


def test_a_file_of_the_wrong_kind_is_refused() -> None:
    cast = make_cast()
    audio = uploads.check_file(SimpleUploadedFile("a.wav", WAV_BYTES), uploads.AUDIO)
    with pytest.raises(ValidationError) as error:
        services.contribution_create(
            project=cast.project, by=cast.member, kind=Contribution.Kind.DOCUMENT, file=audio
        )
    assert "PDF" in error.value.message_dict["file"][0]


def test_audio_keeps_its_typed_transcript() -> None:
    cast = make_cast()
    audio = uploads.check_file(SimpleUploadedFile("voice.wav", WAV_BYTES), uploads.AUDIO)
    contribution = services.contribution_create(
        project=cast.project,
        by=cast.member,
        kind=Contribution.Kind.AUDIO,
        file=audio,
        transcript="I want the meetings later in the day.",
    )
    assert contribution.file_type == "audio/wav"
    assert contribution.transcript == "I want the meetings later in the day."


def test_a_supporter_records_a_contribution_on_behalf_of_a_member_with_consent() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        say(cast.project, cast.carer, on_behalf_of=cast.member, route=Contribution.Route.PHONE)
    assert "consent" in error.value.message_dict
    contribution = say(
        cast.project,
        cast.carer,
        on_behalf_of=cast.member,
        route=Contribution.Route.PHONE,
        consent=True,
    )
    assert contribution.author == cast.member
    assert contribution.recorded_by == cast.carer
    assert contribution.on_behalf
    assert events_for(cast.project).get(verb="contribution.created").data["on_behalf"] is True


def test_someone_without_an_account_is_recorded_by_name() -> None:
    cast = make_cast()
    contribution = say(
        cast.project,
        cast.lead,
        author_name="  Mrs  Ada   Jones ",
        route=Contribution.Route.POST,
        consent=True,
    )
    assert contribution.author is None
    assert contribution.author_name == "Mrs Ada Jones"
    assert contribution.author_shown_to(cast.member) == "Mrs Ada Jones"


def test_on_behalf_of_someone_outside_the_project_is_refused() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        say(cast.project, cast.lead, on_behalf_of=cast.outsider, consent=True)
    assert "on_behalf_of" in error.value.message_dict


def test_an_anonymous_contribution_names_its_author_only_to_them_and_who_recorded_it() -> None:
    cast = make_cast()
    contribution = say(
        cast.project, cast.carer, on_behalf_of=cast.member, consent=True, anonymous=True
    )
    for other in (cast.lead, cast.observer, cast.org_admin, None):
        assert contribution.author_shown_to(other) == "Anonymous"
    assert "Mo Member" in contribution.author_shown_to(cast.member)
    assert "Mo Member" in contribution.author_shown_to(cast.carer)


def test_a_co_lead_answers_and_the_contributor_is_told_by_email() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member, anonymous=True)
    mail.outbox.clear()
    response = services.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="We asked the bus company to add a stop.",
    )
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.ANSWERED
    assert contribution.answered_at is not None
    assert response.tell_by == Response.TellBy.EMAIL
    assert response.told_at is not None
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert "We asked the bus company to add a stop." in mail.outbox[0].body


def test_not_taken_forward_needs_a_reason() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    with pytest.raises(ValidationError) as error:
        services.contribution_respond(
            contribution=contribution,
            by=cast.lead,
            outcome=Response.Outcome.NOT_TAKEN_FORWARD,
            text=" ",
        )
    assert error.value.message_dict == {"text": ["Say why this was not taken forward."]}


def test_still_thinking_needs_a_date_and_makes_that_date_the_deadline() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    with pytest.raises(ValidationError):
        services.contribution_respond(
            contribution=contribution,
            by=cast.lead,
            outcome=Response.Outcome.CONSIDERING,
            text="We are asking the bus company.",
        )
    day = timezone.localdate() + dt.timedelta(days=10)
    services.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.CONSIDERING,
        text="We are asking the bus company.",
        come_back_by=day,
    )
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.CONSIDERING
    assert timezone.localtime(contribution.due_at).date() == day
    assert contribution.is_waiting


@pytest.mark.parametrize("who", ["member", "carer", "observer", "outsider"])
def test_only_co_leads_answer(who: str) -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    with pytest.raises(PermissionDenied):
        services.contribution_respond(
            contribution=contribution,
            by=getattr(cast, who),
            outcome=Response.Outcome.TAKEN_FORWARD,
            text="Done.",
        )
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("contact_by", "tell_by"),
    [
        (Person.ContactBy.POST, Response.TellBy.POST),
        (Person.ContactBy.PHONE, Response.TellBy.PHONE),
        (Person.ContactBy.SUPPORTER, Response.TellBy.SUPPORTER),
    ],
)
def test_someone_who_wants_post_phone_or_a_supporter_is_on_the_list_to_tell(
    contact_by: str, tell_by: str
) -> None:
    cast = make_cast()
    cast.member.contact_by = contact_by
    cast.member.save()
    contribution = say(cast.project, cast.member)
    mail.outbox.clear()
    response = services.contribution_respond(
        contribution=contribution, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    assert response.tell_by == tell_by
    assert response.told_at is None
    assert mail.outbox == []
    services.response_mark_told(response=response, by=cast.lead)
    response.refresh_from_db()
    assert response.told_at is not None and response.told_by == cast.lead


def test_the_answer_to_someone_without_an_account_goes_to_whoever_recorded_it() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.carer, author_name="Ada Jones", consent=True)
    mail.outbox.clear()
    response = services.contribution_respond(
        contribution=contribution, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    assert response.tell_by == Response.TellBy.SUPPORTER
    # The email asks whoever recorded it to pass the answer on: that is the telling.
    assert response.told_at is not None
    assert [m.to for m in mail.outbox] == [[cast.carer.email]]
    assert "Ada Jones" in mail.outbox[0].body


def test_the_contributor_replies_and_it_is_waiting_again() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    services.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.NOT_TAKEN_FORWARD,
        text="It costs too much.",
    )
    with pytest.raises(PermissionDenied):
        services.contribution_reply(contribution=contribution, by=cast.carer, text="Hm.")
    services.contribution_reply(
        contribution=contribution, by=cast.member, text="That is not what I meant."
    )
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.REOPENED
    assert contribution.is_waiting
    assert Contribution.objects.awaiting().filter(pk=contribution.pk).exists()


def test_a_reply_needs_an_answer_first() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    with pytest.raises(ValidationError):
        services.contribution_reply(contribution=contribution, by=cast.member, text="Hello?")


def test_unanswered_for_longer_than_the_project_allows_is_overdue() -> None:
    cast = make_cast()
    old = say(cast.project, cast.member, created_at=timezone.now() - dt.timedelta(days=30))
    new = say(cast.project, cast.member)
    answered = say(cast.project, cast.member, created_at=timezone.now() - dt.timedelta(days=40))
    services.contribution_respond(
        contribution=answered, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    assert list(Contribution.objects.overdue()) == [old]
    assert old.is_overdue() and not new.is_overdue()
    # A project that allows 31 days: nothing is overdue yet.
    services.rules_update(project=cast.project, by=cast.lead, response_days=31, joint_sign_off=True)
    assert not Contribution.objects.overdue().exists()
    with pytest.raises(PermissionDenied):
        services.rules_update(
            project=cast.project, by=cast.member, response_days=5, joint_sign_off=True
        )


def test_a_moderator_hides_with_a_reason_nothing_is_deleted_and_the_author_is_told() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member, text="Names a staff member unkindly.")
    with pytest.raises(ValidationError):
        services.contribution_hide(contribution=contribution, by=cast.lead, reason="")
    with pytest.raises(PermissionDenied):
        services.contribution_hide(contribution=contribution, by=cast.carer, reason="No.")
    mail.outbox.clear()
    services.contribution_hide(
        contribution=contribution, by=cast.lead, reason="It names a member of staff."
    )
    contribution.refresh_from_db()
    assert contribution.is_hidden
    assert contribution.text == "Names a staff member unkindly."
    assert not Contribution.objects.shown().exists()
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert "It names a member of staff." in mail.outbox[0].body
    services.contribution_show(contribution=contribution, by=cast.lead, reason="Changed by them.")
    contribution.refresh_from_db()
    assert not contribution.is_hidden
    assert list(contribution.moderations.values_list("action", flat=True)) == [
        Moderation.Action.HIDDEN,
        Moderation.Action.SHOWN,
    ]
    verbs = set(events_for(cast.project).values_list("verb", flat=True))
    assert {"contribution.hidden", "contribution.shown"} <= verbs


def test_a_closed_project_takes_no_new_contributions() -> None:
    cast = make_cast()
    cast.project.closed_at = timezone.now()
    cast.project.save()
    with pytest.raises(PermissionDenied):
        say(cast.project, cast.member)


def test_other_people_never_see_who_made_an_anonymous_contribution_in_email() -> None:
    cast = make_cast()
    other = make_person("Someone Else")
    contribution = say(cast.project, cast.member, anonymous=True)
    mail.outbox.clear()
    services.contribution_respond(
        contribution=contribution, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    assert all(m.to == [cast.member.email] for m in mail.outbox)
    assert other.email not in str([m.to for m in mail.outbox])


def test_the_figures_count_each_state_once_and_leave_hidden_ones_out() -> None:
    from ustogether.contributions.queries import figures

    cast = make_cast()
    late = timezone.now() - dt.timedelta(days=1)
    soon = timezone.now() + dt.timedelta(days=1)
    states = [
        # (state, hidden, due): what each contribution is made into
        (Contribution.State.NEW, False, late),
        (Contribution.State.NEW, False, soon),
        (Contribution.State.CONSIDERING, False, late),
        (Contribution.State.REOPENED, False, soon),
        (Contribution.State.ANSWERED, False, late),  # answered: never late
        (Contribution.State.ANSWERED, False, soon),
        (Contribution.State.NEW, True, late),  # hidden: only in `hidden`
        (Contribution.State.ANSWERED, True, soon),
    ]
    for state, hidden, due in states:
        contribution = say(cast.project, cast.member)
        Contribution.objects.filter(pk=contribution.pk).update(
            state=state, due_at=due, hidden_at=timezone.now() if hidden else None
        )
    other = make_cast()
    say(other.project, other.member)  # another project's: not counted

    counted = figures(cast.project)
    assert (counted.total, counted.answered, counted.waiting, counted.overdue, counted.hidden) == (
        6,
        2,
        4,
        2,
        2,
    )
    assert counted.answered_share == 33
