"""The project menu and the layout's links: the right links for each person, and
addresses that follow the settings they are made from."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ustogether.core.testing import make_cast
from ustogether.projects.access import get_project_for_viewer
from ustogether.projects.menu import project_menu

pytestmark = pytest.mark.django_db


def _menu(cast, who: str) -> list[str]:
    person = getattr(cast, who)
    return [link.href for link in project_menu(get_project_for_viewer(person, cast.project.pk))]


def test_each_person_sees_the_links_their_role_allows() -> None:
    cast = make_cast()
    pk = cast.project.pk
    claims = reverse("payments:project_claims", args=[pk])
    claim_new = f"{reverse('payments:claim_new')}?project={pk}"
    invite = reverse("projects:invite", args=[pk])
    leave = reverse("projects:leave", args=[pk])
    members = reverse("projects:members", args=[pk])

    lead = _menu(cast, "lead")
    assert lead[0] == reverse("projects:detail", args=[pk])
    assert {members, invite, claims, claim_new, leave} <= set(lead)

    member = _menu(cast, "member")
    assert {members, claim_new, leave} <= set(member)
    assert invite not in member and claims not in member

    observer = _menu(cast, "observer")
    assert leave in observer and claim_new not in observer and invite not in observer

    # An organisation admin manages the project but is no member: nothing to claim or leave.
    admin = _menu(cast, "org_admin")
    assert invite in admin and claims not in admin and leave not in admin

    assert _menu(cast, "outsider") == [reverse("projects:detail", args=[pk])]


def test_the_menu_follows_a_new_script_prefix() -> None:
    cast = make_cast()
    before = _menu(cast, "lead")
    with override_settings(FORCE_SCRIPT_NAME="/us/"):
        from django.urls import set_script_prefix

        set_script_prefix("/us/")
        try:
            moved = _menu(cast, "lead")
        finally:
            set_script_prefix("/")
    assert moved == ["/us" + href for href in before]


def test_the_layout_links_the_header_menu_for_signed_in_and_signed_out_people() -> None:
    cast = make_cast()
    client = Client()
    page = client.get(reverse("projects:public_list")).content.decode()
    assert f'href="{reverse("account_login")}"' in page
    assert f'href="{reverse("people:home")}"' not in page
    client.force_login(cast.member)
    page = client.get(reverse("projects:public_list")).content.decode()
    assert f'href="{reverse("people:home")}"' in page
    assert f'href="{reverse("account_logout")}"' in page
    assert f'href="{reverse("account_login")}"' not in page
    # The page you are on is marked in the menu.
    assert f'href="{reverse("projects:public_list")}" aria-current="page"' in page
