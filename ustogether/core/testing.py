"""Named people and small `make_*` helpers for tests.

The personas are the people Us Together is for, so a test reads as a story:
`cast.lead` starts a project, `cast.carer` joins it, `cast.outsider` cannot see it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects import services as project_services
from ustogether.projects.models import AgreementVersion, Membership, Perspective, Project

if TYPE_CHECKING:  # the site's own code (the demo) uses this module too: no test client there
    from django.http import HttpResponse
    from django.test import Client

_counter = itertools.count(1)
PASSWORD = "a-long-test-password-42"
# The authenticator-app key of every test person with two-step sign-in, so a
# browser test can work out the 6 numbers the app would show.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_two_step(person: Person, secret: str = TOTP_SECRET) -> None:
    """Turn on two-step sign-in (an authenticator app), as the person would."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, secret)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The 6 numbers an authenticator app shows now for `secret`."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def make_person(name: str = "", email: str = "", **extra: object) -> Person:
    n = next(_counter)
    person = Person.objects.create_user(
        email=email or f"person{n}@example.org",
        password=PASSWORD,
        full_name=name or f"Person {n}",
        **extra,
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def make_organisation(name: str = "", admin: Person | None = None) -> Organisation:
    n = next(_counter)
    organisation = Organisation.objects.create(
        name=name or f"Organisation {n}", slug=f"organisation-{n}", kind=Organisation.Kind.COUNCIL
    )
    if admin is not None:
        OrganisationMembership.objects.create(
            organisation=organisation, person=admin, role=OrganisationMembership.Role.ADMIN
        )
        give_two_step(admin)  # an admin's role needs it
    return organisation


def make_project(
    *,
    lead: Person,
    organisation: Organisation | None = None,
    visibility: str = Project.Visibility.PUBLIC,
    joining: str = Project.Joining.INVITATION,
    perspective: str = Perspective.PROFESSIONAL,
    title: str = "Better short breaks for carers",
    needed: dict[str, int] | None = None,
) -> Project:
    if organisation is None:
        organisation = make_organisation()
    OrganisationMembership.objects.get_or_create(
        organisation=organisation, person=lead, defaults={"role": OrganisationMembership.Role.LEAD}
    )
    return project_services.project_create(
        organisation=organisation,
        by=lead,
        title=title,
        purpose="Find out what would make short breaks work for carers, and change them together.",
        perspective=perspective,
        visibility=visibility,
        joining=joining,
        needed_perspectives=needed or {},
    )


def add_member(
    project: Project,
    person: Person,
    *,
    role: str = Membership.Role.MEMBER,
    perspective: str = Perspective.LIVED_EXPERIENCE,
) -> Membership:
    return Membership.objects.create(
        project=project,
        person=person,
        role=role,
        perspective=perspective,
        stage_joined=project.current_stage,
    )


@dataclass
class Cast:
    """One of each kind of person around one project."""

    organisation: Organisation
    project: Project
    org_admin: Person
    lead: Person
    member: Person
    carer: Person
    observer: Person
    finance: Person
    outsider: Person

    @cached_property
    def neighbour(self) -> Person:
        """The co-lead of another project of the same organisation: a member of a
        project, just not this one (made only when a test asks for them)."""
        neighbour = make_person("Nia Neighbour")
        make_project(lead=neighbour, organisation=self.organisation, title="Our day centre")
        return neighbour

    @cached_property
    def sysadmin(self) -> Person:
        """The system administrator who runs the site: may use the admin site, and is
        no member of any project (made only when a test asks for them)."""
        return make_person("Sam Sysadmin", is_staff=True, is_superuser=True)


def make_cast(
    *, visibility: str = Project.Visibility.PUBLIC, joining: str = Project.Joining.INVITATION
) -> Cast:
    org_admin = make_person("Olu Admin")
    organisation = make_organisation(f"Riverside Council {next(_counter)}", admin=org_admin)
    lead = make_person("Priya Lead")
    project = make_project(
        lead=lead, organisation=organisation, visibility=visibility, joining=joining
    )
    member = make_person("Mo Member")
    add_member(project, member, perspective=Perspective.LIVED_EXPERIENCE)
    carer = make_person("Cath Carer")
    add_member(project, carer, perspective=Perspective.CARER)
    observer = make_person("Obi Observer")
    add_member(project, observer, role=Membership.Role.OBSERVER, perspective=Perspective.RESEARCHER)
    finance = make_person("Fay Finance")
    OrganisationMembership.objects.create(
        organisation=organisation, person=finance, role=OrganisationMembership.Role.FINANCE
    )
    give_two_step(finance)  # a finance officer's role needs it
    outsider = make_person("Otto Outsider")
    return Cast(organisation, project, org_admin, lead, member, carer, observer, finance, outsider)


# The smallest agreement the services accept, for tests about agreeing, not wording.
SHORT_AGREEMENT = {
    "purpose": "a",
    "decisions": "b",
    "payment_and_support": "c",
    "disagreements": "d",
    "ground_rules": "",
}


def agree_agreement(project: Project, by: Person, **sections: str) -> AgreementVersion:
    """Propose an agreement (or a change), then have members agree until it is adopted."""
    from ustogether.projects import agreements

    proposal = agreements.agreement_propose(
        project=project, by=by, reason="So we all know how we work.", **sections
    )
    for membership in agreements.voters(project):
        proposal.refresh_from_db()
        if membership.person_id == by.pk:
            continue
        if proposal.adopted_as is not None:
            break
        agreements.agreement_answer(proposal=proposal, by=membership.person, answer="agree")
    proposal.refresh_from_db()
    assert proposal.adopted_as is not None, "the members' answers did not adopt the proposal"
    return proposal.adopted_as


class _Forms(HTMLParser):
    """The forms on a page: each one's action and the values it would send as it is."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append((a.get("action", ""), self._form))
        elif self._form is None or "name" not in a:
            if tag == "option" and self._form is not None and self._select and "selected" in a:
                self._form[self._select] = a.get("value", "")
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_on(html: str, action: str, *, page: str = "") -> dict[str, str]:
    """What the form on the page that posts to `action` sends as it is (hidden fields
    like the CSRF token, ticked boxes, typed text; one value a name). A form with no
    action posts to the `page` it is on. Fails if the page has no such form: a button
    a test presses must be on the page."""
    parser = _Forms()
    parser.feed(html)
    for form_action, values in parser.forms:
        if (form_action or page) == action:
            return dict(values)
    actions = [a for a, _values in parser.forms]
    raise AssertionError(f"No form posting to {action} on the page; its forms post to {actions}")


def press(client: Client, page: str, action: str, **data: str) -> HttpResponse:
    """Open `page`, then send its form that posts to `action`, as a browser would:
    with the fields the page gave it (the CSRF token among them), and `data` typed in.
    Use a client made with `pressing_as`, so a form without its CSRF token fails."""
    shown = client.get(page)
    assert shown.status_code == 200, f"{page} answered {shown.status_code}"
    return client.post(action, {**form_on(shown.content.decode(), action, page=page), **data})  # type: ignore[return-value]


def pressing_as(person: Person) -> Client:
    """A signed-in browser that, like a real one, is refused a POST without the CSRF token."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    return client
