"""The pages as people use them: say something with a photo, answer it, see the answer,
and never see who made an anonymous contribution."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.contributions import services
from ustogether.contributions.models import Contribution, Response
from ustogether.contributions.testing import photo_upload, say
from ustogether.core.audit import events_for
from ustogether.core.testing import form_on, make_cast, press, pressing_as
from ustogether.core.tests.files import PDF_BYTES
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_a_member_adds_a_photo_and_sees_it_on_its_page() -> None:
    cast = make_cast()
    client = signed_in(cast.member)
    response = client.post(
        reverse("contributions:new", args=[cast.project.pk]),
        {
            "kind": "photo",
            "file": photo_upload(),
            "description": "The steps at the front door, with no ramp.",
            "text": "This is why I cannot get in.",
            "sharing": "public",
            "topic": "Getting in",
        },
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contributions:detail", args=[cast.project.pk, contribution.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "The steps at the front door, with no ramp." in page
    assert reverse("contributions:file", args=[cast.project.pk, contribution.pk]) in page
    served = Client().get(reverse("contributions:file", args=[cast.project.pk, contribution.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_what_it_says_keeps_the_words_typed() -> None:
    cast = make_cast()
    client = signed_in(cast.member)
    response = client.post(
        reverse("contributions:new", args=[cast.project.pk]),
        {
            "kind": "photo",
            "file": SimpleUploadedFile("photo.jpg", PDF_BYTES),
            "text": "My words that must not be lost.",
            "sharing": "team",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "We cannot use this file. Choose a PNG, JPEG, GIF or WebP picture." in page
    assert "My words that must not be lost." in page
    assert not Contribution.objects.exists()


def test_a_good_file_is_kept_while_the_person_puts_something_else_right() -> None:
    cast = make_cast()
    client = signed_in(cast.member)
    url = reverse("contributions:new", args=[cast.project.pk])
    first = client.post(url, {"kind": "photo", "file": photo_upload(), "sharing": "public"})
    assert first.status_code == 422
    assert "Say what the picture shows" in first.content.decode()
    assert "We have kept your file “garden.jpg”" in first.content.decode()
    held = first.context["form"].data["held"]
    # The second try sends no file, only the token for the one kept.
    second = client.post(
        url,
        {"kind": "photo", "sharing": "public", "held": held, "description": "A garden."},
    )
    assert second.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.file_name == "garden.jpg"
    assert contribution.description == "A garden."
    # Someone else cannot use the token.
    other = signed_in(cast.carer).post(url, {"kind": "photo", "sharing": "team", "held": held})
    assert other.status_code == 422


def test_a_supporter_adds_what_someone_said_on_the_phone() -> None:
    cast = make_cast()
    client = signed_in(cast.carer)
    url = reverse("contributions:new_on_behalf", args=[cast.project.pk])
    refused = client.post(
        url,
        {"on_behalf_of": cast.member.pk, "route": "phone", "kind": "text", "text": "Hi."},
    )
    assert refused.status_code == 422
    assert "Tick the box to say they agreed" in refused.content.decode()
    said_on = timezone.localdate() - dt.timedelta(days=3)
    response = client.post(
        url,
        {
            "on_behalf_of": cast.member.pk,
            "route": "phone",
            "said_on": said_on.isoformat(),
            "consent": "on",
            "kind": "text",
            "text": "Meetings after 10, please.",
            "sharing": "team",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.author == cast.member and contribution.recorded_by == cast.carer
    assert contribution.route == Contribution.Route.PHONE
    assert timezone.localtime(contribution.created_at).date() == said_on
    page = signed_in(cast.lead).get(response["Location"]).content.decode()
    assert "Mo Member" in page and "Written down for them by Cath Carer" in page


def test_a_co_lead_answers_the_member_sees_it_and_so_does_the_public_page() -> None:
    cast = make_cast()
    contribution = say(
        cast.project, cast.member, text="Buses stop at six.", sharing=Contribution.Sharing.PUBLIC
    )
    lead = signed_in(cast.lead)
    url = reverse("contributions:respond", args=[cast.project.pk, contribution.pk])
    missing = lead.post(url, {"outcome": "not_taken_forward", "text": ""})
    assert missing.status_code == 422
    assert "Say why this was not taken forward." in missing.content.decode()
    answered = lead.post(url, {"outcome": "taken_forward", "text": "Buses now run to eight."})
    assert answered.status_code == 302
    member_page = signed_in(cast.member).get(
        reverse("contributions:detail", args=[cast.project.pk, contribution.pk])
    )
    assert "Buses now run to eight." in member_page.content.decode()
    public = Client().get(reverse("contributions:you_said_we_did", args=[cast.project.pk]))
    text = public.content.decode()
    assert "Buses stop at six." in text and "Buses now run to eight." in text
    assert "<strong>Taken forward.</strong>" in text  # what happened, in words
    # Names are not shown to the public.
    assert "Mo Member" not in text
    easy = Client().get(reverse("contributions:easy_read", args=[cast.project.pk]))
    assert "Buses now run to eight." in easy.content.decode()


def test_the_public_page_shows_only_what_was_shared_publicly_and_the_late_count() -> None:
    cast = make_cast()
    say(cast.project, cast.member, text="Only for the team.")
    say(
        cast.project,
        cast.member,
        text="For everyone.",
        sharing=Contribution.Sharing.PUBLIC,
        created_at=timezone.now() - dt.timedelta(days=40),
    )
    page = Client().get(reverse("contributions:you_said_we_did", args=[cast.project.pk]))
    text = page.content.decode()
    assert "For everyone." in text and "Only for the team." not in text
    assert page.context["figures"].overdue == 1
    assert "we have not." in text


def test_an_anonymous_contribution_names_nobody_on_any_page_or_export() -> None:
    cast = make_cast()
    contribution = say(
        cast.project,
        cast.carer,
        on_behalf_of=cast.member,
        consent=True,
        anonymous=True,
        sharing=Contribution.Sharing.PUBLIC,
        text="I am scared to say this.",
    )
    services.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.PARTLY,
        text="We changed some of it.",
    )
    project_id = cast.project.pk
    pages = [
        reverse("contributions:list", args=[project_id]),
        reverse("contributions:detail", args=[project_id, contribution.pk]),
        reverse("contributions:you_said_we_did", args=[project_id]),
        reverse("contributions:easy_read", args=[project_id]),
        reverse("contributions:export", args=[project_id]),
    ]
    for who in (cast.lead, cast.org_admin, cast.observer):
        client = signed_in(who)
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:
                continue
            body = response.content.decode()
            assert "I am scared to say this." in body, url
            assert "Mo Member" not in body, (who, url)
            assert "Cath Carer" not in body, (who, url)
    own = signed_in(cast.member).get(pages[1]).content.decode()
    assert "Mo Member (others see &#x27;Anonymous&#x27;)" in own


def test_a_hidden_contribution_leaves_the_lists_but_not_the_co_leads_view() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member, text="Something unkind.")
    lead = signed_in(cast.lead)
    response = lead.post(
        reverse("contributions:hide", args=[cast.project.pk, contribution.pk]),
        {"reason": "It names a member of staff."},
    )
    assert response.status_code == 302
    member_list = signed_in(cast.carer).get(reverse("contributions:list", args=[cast.project.pk]))
    assert "Something unkind." not in member_list.content.decode()
    hidden_list = lead.get(reverse("contributions:list", args=[cast.project.pk]) + "?show=hidden")
    assert "Something unkind." in hidden_list.content.decode()
    detail = lead.get(reverse("contributions:detail", args=[cast.project.pk, contribution.pk]))
    assert "It names a member of staff." in detail.content.decode()


def test_the_contributor_replies_from_the_page() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member)
    services.contribution_respond(
        contribution=contribution, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    client = signed_in(cast.member)
    url = reverse("contributions:reply", args=[cast.project.pk, contribution.pk])
    assert client.post(url, {"text": ""}).status_code == 422
    assert client.post(url, {"text": "That is not what I meant."}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.REOPENED


def test_my_contributions_lists_what_i_said_everywhere_with_answers() -> None:
    cast = make_cast()
    other = make_cast()
    from ustogether.core.testing import add_member

    add_member(other.project, cast.member)
    first = say(cast.project, cast.member, text="About project one.")
    say(other.project, cast.member, text="About project two.")
    services.contribution_respond(
        contribution=first, by=cast.lead, outcome=Response.Outcome.PARTLY, text="We did a bit."
    )
    page = signed_in(cast.member).get(reverse("contributions:mine")).content.decode()
    assert "About project one." in page and "About project two." in page
    assert "We did a bit." in page


def test_the_export_is_a_spreadsheet_that_cannot_run_formulas() -> None:
    cast = make_cast()
    say(cast.project, cast.member, text='=HYPERLINK("http://example.org")')
    response = signed_in(cast.lead).get(reverse("contributions:export", args=[cast.project.pk]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "'=HYPERLINK" in body
    assert "Mo Member" in body


def test_a_co_lead_changes_the_days_to_answer() -> None:
    cast = make_cast()
    client = signed_in(cast.lead)
    url = reverse("contributions:settings", args=[cast.project.pk])
    assert client.post(url, {"response_days": "0"}).status_code == 422
    assert client.post(url, {"response_days": "14", "joint_sign_off": "on"}).status_code == 302
    assert services.rules_for(cast.project).response_days == 14


def test_a_co_lead_says_an_answer_was_passed_on_by_post() -> None:
    cast = make_cast()
    Person.objects.filter(pk=cast.carer.pk).update(
        contact_by=Person.ContactBy.POST, postal_address="4 Mill Lane\nRiverside"
    )
    contribution = say(cast.project, cast.carer, text="The minibus never comes on time.")
    response = services.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="We spoke to the bus company.",
    )
    assert response.tell_by == Response.TellBy.POST and response.told_at is None
    listing = reverse("contributions:list", args=[cast.project.pk])
    action = reverse("contributions:told", args=[cast.project.pk, response.pk])
    # A member sees no list of answers to pass on, and cannot say one was.
    assert action not in signed_in(cast.member).get(listing).content.decode()
    assert signed_in(cast.member).post(action).status_code == 403
    response.refresh_from_db()
    assert response.told_at is None
    admin = pressing_as(cast.org_admin)
    old_page = admin.get(listing).content.decode()  # open before the co-lead presses
    client = pressing_as(cast.lead)
    pressed = press(client, listing, action)
    assert pressed.status_code == 302
    assert pressed["Location"] == listing
    response.refresh_from_db()
    assert response.told_at is not None and response.told_by == cast.lead
    event = events_for(cast.project).get(verb="contribution.told")
    assert event.actor == cast.lead and event.subject_id == contribution.pk
    assert event.data == {"tell_by": "post"}
    page = client.get(listing).content.decode()
    assert "Marked as told." in page
    assert action not in page and "Things to pass on" not in page
    detail = reverse("contributions:detail", args=[cast.project.pk, contribution.pk])
    told_on = timezone.localtime(response.told_at).strftime("%-d %B %Y")
    assert f"Told: Post, {told_on}" in client.get(detail).content.decode()
    # The admin presses it on the page they opened before: it stays told once, by the co-lead.
    assert admin.post(action, form_on(old_page, action)).status_code == 302
    response.refresh_from_db()
    assert response.told_by == cast.lead
    assert events_for(cast.project).filter(verb="contribution.told").count() == 1


def test_an_answer_in_another_project_cannot_be_marked_told() -> None:
    cast = make_cast()
    other = make_cast()
    Person.objects.filter(pk=other.carer.pk).update(contact_by=Person.ContactBy.PHONE)
    response = services.contribution_respond(
        contribution=say(other.project, other.carer),
        by=other.lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="We moved the stop.",
    )
    refused = signed_in(cast.lead).post(
        reverse("contributions:told", args=[cast.project.pk, response.pk])
    )
    assert refused.status_code == 404
    response.refresh_from_db()
    assert response.told_at is None
