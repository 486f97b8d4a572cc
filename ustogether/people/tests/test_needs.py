"""Access and communication needs: stored only with consent, seen only by the person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.core.models import AuditEvent
from ustogether.core.testing import add_member, make_cast, make_person
from ustogether.people import services
from ustogether.people.models import AccessNeed, CommunicationNeed, NeedsProfile

pytestmark = pytest.mark.django_db


def test_needs_are_not_stored_without_consent() -> None:
    person = make_person()
    with pytest.raises(ValidationError):
        services.person_save_needs(
            person=person,
            by=person,
            consent=False,
            access_features=["step_free"],
            communication_formats=[],
        )
    assert not NeedsProfile.objects.filter(person=person).exists()


def test_a_person_saves_and_changes_their_needs() -> None:
    person = make_person()
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["step_free", "breaks"],
        communication_formats=["easy_read"],
        dietary_needs="Vegetarian",
    )
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["breaks", "hearing_loop"],
        communication_formats=[],
    )
    profile = NeedsProfile.objects.get(person=person)
    assert sorted(profile.access_features) == ["breaks", "hearing_loop"]
    assert profile.communication_formats == []
    assert profile.dietary_needs == ""


def test_an_interpreter_needs_a_language() -> None:
    person = make_person()
    with pytest.raises(ValidationError) as error:
        services.person_save_needs(
            person=person,
            by=person,
            consent=True,
            access_features=[],
            communication_formats=["interpreter"],
        )
    assert "interpreter_language" in error.value.error_dict


def test_nobody_else_can_change_a_persons_needs() -> None:
    person, other = make_person(), make_person()
    with pytest.raises(PermissionDenied):
        services.person_save_needs(
            person=person,
            by=other,
            consent=True,
            access_features=[],
            communication_formats=[],
        )


def test_removing_needs_deletes_them_and_the_consent() -> None:
    person = make_person()
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["quiet_space"],
        communication_formats=["large_print"],
    )
    services.person_remove_needs(person=person, by=person)
    assert not NeedsProfile.objects.filter(person=person).exists()
    assert not AccessNeed.objects.exists()
    assert not CommunicationNeed.objects.exists()
    assert AuditEvent.objects.filter(verb="person.needs_removed").exists()


def test_the_audit_log_never_holds_the_needs_themselves() -> None:
    person = make_person()
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["step_free"],
        communication_formats=["bsl"],
        other_needs="I use a wheelchair",
    )
    for event in AuditEvent.objects.all():
        text = f"{event.verb} {event.subject_label} {event.data}"
        assert "wheelchair" not in text
        assert "step_free" not in text
        assert "bsl" not in text


def test_the_needs_form_keeps_what_was_typed_when_consent_is_missing() -> None:
    person = make_person()
    client = Client()
    client.force_login(person)
    response = client.post(
        reverse("people:needs"),
        {
            "access_features": ["step_free"],
            "other_needs": "Please send papers early",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please send papers early" in html
    assert 'value="step_free" checked' in html
    assert "Tick the box to say we may keep this" in html
    assert not NeedsProfile.objects.filter(person=person).exists()


def test_the_needs_page_says_who_will_see_them() -> None:
    person = make_person()
    client = Client()
    client.force_login(person)
    html = client.get(reverse("people:needs")).content.decode()
    assert "Who will see this" in html
    assert "They will not see why" in html


def test_other_members_never_see_a_persons_needs() -> None:
    cast = make_cast()
    services.person_save_needs(
        person=cast.member,
        by=cast.member,
        consent=True,
        access_features=["hearing_loop"],
        communication_formats=[],
        other_needs="Anxiety in crowds",
    )
    client = Client()
    client.force_login(cast.lead)
    for name in ("detail", "members", "agreement", "events"):
        html = client.get(reverse(f"projects:{name}", args=[cast.project.pk])).content.decode()
        assert "Anxiety in crowds" not in html
        assert "hearing loop" not in html.lower()


def test_a_person_sees_their_own_needs_on_their_profile() -> None:
    person = make_person()
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["hearing_loop"],
        communication_formats=["interpreter"],
        interpreter_language="Polish",
    )
    client = Client()
    client.force_login(person)
    html = client.get(reverse("people:profile")).content.decode()
    assert "A hearing loop" in html
    assert "Polish" in html


def test_members_of_a_project_do_not_get_each_others_needs_through_add_member() -> None:
    # Membership carries no needs: the model has no field that could leak them.
    cast = make_cast()
    membership = add_member(cast.project, make_person())
    assert not hasattr(membership, "needs")


def test_a_person_can_tick_several_needs_on_the_form() -> None:
    client = Client()
    client.force_login(make_person())
    html = client.get(reverse("people:needs")).content.decode()
    assert 'type="checkbox" value="step_free"' in html
    assert 'type="radio"' not in html


def test_the_profile_lists_needs_in_the_same_order_as_the_form() -> None:
    person = make_person()
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["support_worker", "step_free", "breaks"],
        communication_formats=[],
    )
    client = Client()
    client.force_login(person)
    html = client.get(reverse("people:profile")).content.decode()
    assert (
        html.index("Step-free access")
        < html.index("Regular breaks")
        < html.index("A support worker")
    )


def test_needs_are_not_in_the_admin_site() -> None:
    from django.contrib import admin

    for model in (NeedsProfile, AccessNeed, CommunicationNeed):
        assert model not in admin.site._registry
