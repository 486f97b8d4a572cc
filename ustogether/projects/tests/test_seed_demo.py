"""The demo data: realistic, the same for the same seed, and showing the failures the platform exists to show."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from ustogether.core.audit import events_for
from ustogether.core.models import AuditEvent
from ustogether.people.models import (
    AccessNeed,
    CommunicationNeed,
    NeedsProfile,
    Organisation,
    OrganisationMembership,
    Person,
)
from ustogether.projects import demo_data as demo
from ustogether.projects.models import (
    AgreementSignature,
    Invitation,
    Membership,
    Perspective,
    Project,
    Stage,
)
from ustogether.projects.queries import power_sharing_flags

pytestmark = pytest.mark.django_db


def seed(**options: Any) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def fingerprint() -> list[list[tuple[Any, ...]]]:
    """Everything people would see, without ids or times, which differ from run to run."""
    people = sorted(
        Person.objects.values_list(
            "email",
            "full_name",
            "preferred_name",
            "pronouns",
            "contact_by",
            "phone",
            "postal_address",
            "supporter_name",
            "supporter_contact",
            "is_superuser",
        )
    )
    needs = sorted(
        (
            profile.person.email,
            tuple(sorted(profile.access_features)),
            tuple(sorted(profile.communication_formats)),
            profile.interpreter_language,
            profile.dietary_needs,
            profile.other_needs,
        )
        for profile in NeedsProfile.objects.select_related("person").prefetch_related(
            "access_needs", "communication_needs"
        )
    )
    staff = sorted(
        OrganisationMembership.objects.values_list("organisation__name", "person__email", "role")
    )
    projects = sorted(
        Project.objects.values_list(
            "title", "purpose", "organisation__name", "visibility", "joining", "current_stage__kind"
        )
    )
    memberships = sorted(
        (title, email, role, perspective, stage, left_at is None)
        for title, email, role, perspective, stage, left_at in Membership.objects.values_list(
            "project__title",
            "person__email",
            "role",
            "perspective",
            "stage_joined__kind",
            "left_at",
        )
    )
    needed = sorted(
        Project.objects.values_list(
            "title", "needed_perspectives__perspective", "needed_perspectives__count"
        )
    )
    invitations = sorted(
        Invitation.objects.values_list(
            "project__title", "email", "role", "perspective", "status", "message"
        )
    )
    signatures = sorted(
        AgreementSignature.objects.values_list(
            "version__project__title", "version__number", "person__email"
        )
    )
    return [people, needs, staff, projects, memberships, needed, invitations, signatures]


def flags_by_title() -> dict[str, set[str]]:
    return {
        project.title: {flag.code for flag in power_sharing_flags(project)}
        for project in Project.objects.all()
    }


@pytest.fixture(scope="class")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for a class of tests, and roll it all back after them.

    Each test still runs in its own savepoint inside this transaction (the `db`
    fixture), so a test that changes the demo does not change it for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


class TestTheDemo:
    """Tests that read the demo share one seeding, to keep them quick."""

    def test_seeding_makes_two_organisations_seven_projects_and_about_sixty_people(
        self, seeded: str
    ) -> None:
        assert Organisation.objects.count() == 2
        assert Project.objects.count() == 7
        assert Project.objects.filter(closed_at__isnull=False).count() == 1
        assert 55 <= Person.objects.count() <= 65
        assert "demo-password-2026" in seeded

    def test_every_organisation_has_staff_in_every_role(self, seeded: str) -> None:
        for organisation in Organisation.objects.all():
            roles = set(organisation.staff.values_list("role", flat=True))
            assert roles == set(OrganisationMembership.Role.values), organisation

    def test_each_project_shows_the_failure_it_was_made_to_show(self, seeded: str) -> None:
        flags = flags_by_title()
        assert flags["Help at home for older people"] == {
            "no_lived_experience_co_lead",
            "agreement_final_say",
        }
        assert flags["A calm place to go in a crisis"] == {"lived_experience_joined_late"}
        assert flags["Breaks for carers"] == {"missing_carer"}
        assert flags["Leaving care, staying well"] == {"missing_lived_experience"}
        assert flags["Places to go in the day"] == set()
        assert flags["Clear letters about your care"] == set()
        assert flags["Lunch at the day centre"] == set()
        # The tables say the same, so the demo and its description cannot drift apart.
        assert flags == {spec.title: set(spec.expected_flags) for spec in demo.PROJECTS}

    def test_people_with_lived_experience_joined_the_crisis_project_once_design_had_started(
        self,
        seeded: str,
    ) -> None:
        project = Project.objects.get(title="A calm place to go in a crisis")
        lived = project.memberships.filter(perspective=Perspective.LIVED_EXPERIENCE)
        assert lived.count() >= 3
        assert set(lived.values_list("stage_joined__kind", flat=True)) == {Stage.Kind.DESIGN}
        assert project.current_stage is not None
        assert project.current_stage.kind == Stage.Kind.DELIVER

    def test_projects_are_at_every_stage_and_one_is_for_members_only(self, seeded: str) -> None:
        stages = set(Project.objects.values_list("current_stage__kind", flat=True))
        assert {
            Stage.Kind.UNDERSTAND,
            Stage.Kind.DESIGN,
            Stage.Kind.DELIVER,
            Stage.Kind.REVIEW,
        } <= (stages)
        assert Project.objects.filter(visibility=Project.Visibility.MEMBERS).count() == 1
        assert Project.objects.filter(joining=Project.Joining.OPEN).count() >= 1
        assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)
        assert Membership.objects.filter(left_at__isnull=False).exists()

    def test_the_lead_co_leads_several_projects_and_the_member_co_leads_one(
        self, seeded: str
    ) -> None:
        lead = Person.objects.get(email=demo.demo_email("lead"))
        member = Person.objects.get(email=demo.demo_email("member"))
        co_lead = Membership.Role.CO_LEAD
        assert lead.memberships.filter(role=co_lead).count() >= 3
        assert member.memberships.filter(
            role=co_lead, perspective=Perspective.LIVED_EXPERIENCE
        ).exists()

    def test_every_demo_person_can_sign_in_with_the_demo_password(self, seeded: str) -> None:
        people = list(Person.objects.all())
        verified = set(
            EmailAddress.objects.filter(verified=True, primary=True).values_list("email", flat=True)
        )
        assert {person.email for person in people} == verified
        assert all(person.email.endswith("@" + demo.DEMO_DOMAIN) for person in people)
        assert all(person.check_password(demo.DEMO_PASSWORD) for person in people)
        sysadmin = Person.objects.get(email=demo.demo_email("sysadmin"))
        assert sysadmin.is_superuser and sysadmin.is_staff
        assert Person.objects.filter(is_superuser=True).count() == 1

    def test_the_member_can_sign_in_on_the_sign_in_page(self, seeded: str, client: Client) -> None:
        member = Person.objects.get(email=demo.demo_email("member"))
        response = client.post(
            reverse("account_login"),
            {"login": member.email, "password": demo.DEMO_PASSWORD},
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(member.pk)

    def test_profiles_use_every_way_of_being_contacted(self, seeded: str) -> None:
        assert set(Person.objects.values_list("contact_by", flat=True)) == set(
            Person.ContactBy.values
        )
        assert Person.objects.exclude(preferred_name="").exists()
        for person in Person.objects.filter(contact_by=Person.ContactBy.SUPPORTER):
            assert person.supporter_name and person.supporter_contact
        for person in Person.objects.filter(contact_by=Person.ContactBy.POST):
            assert person.postal_address

    def test_some_people_have_needs_and_every_kind_of_need_appears(self, seeded: str) -> None:
        people, with_needs = Person.objects.count(), NeedsProfile.objects.count()
        assert people * 0.3 <= with_needs <= people * 0.7
        features = set(AccessNeed.objects.values_list("feature", flat=True))
        assert {"step_free", "hearing_loop", "quiet_space", "breaks", "support_worker"} <= features
        formats = set(CommunicationNeed.objects.values_list("format", flat=True))
        assert {"easy_read", "large_print", "bsl", "interpreter"} <= formats
        interpreted = NeedsProfile.objects.filter(communication_needs__format="interpreter")
        assert all(profile.interpreter_language for profile in interpreted)
        assert NeedsProfile.objects.exclude(dietary_needs="").exists()
        assert NeedsProfile.objects.exclude(other_needs="").exists()

    def test_invitations_are_pending_accepted_and_declined(self, seeded: str) -> None:
        statuses = set(Invitation.objects.values_list("status", flat=True))
        assert {
            Invitation.Status.PENDING,
            Invitation.Status.ACCEPTED,
            Invitation.Status.DECLINED,
        } <= statuses

    def test_one_agreement_changed_so_members_must_sign_again(self, seeded: str) -> None:
        project = Project.objects.get(title="Breaks for carers")
        latest = project.agreement_versions.order_by("-number").first()
        assert latest is not None and latest.number == 2
        active = project.memberships.filter(left_at__isnull=True).count()
        assert 1 <= latest.signatures.count() < active
        # The lead agreed to the first version and has not signed the new one yet.
        lead = Person.objects.get(email=demo.demo_email("lead"))
        assert project.agreement_versions.get(number=1).signatures.filter(person=lead).exists()
        assert not latest.signatures.filter(person=lead).exists()

    def test_writes_leave_a_trail_in_the_audit_log(self, seeded: str) -> None:
        created = AuditEvent.objects.filter(verb="project.created")
        assert created.count() == 7
        assert not created.filter(actor__isnull=True).exists()
        for verb in (
            "organisation.created",
            "organisation.staff_role_set",
            "person.needs_consented",
            "project.stage_changed",
            "invitation.accepted",
            "invitation.declined",
            "membership.joined",
            "agreement.signed",
        ):
            assert AuditEvent.objects.filter(verb=verb).exists(), verb
        project = Project.objects.get(title="A calm place to go in a crisis")
        assert events_for(project).filter(verb="membership.role_changed").exists()

    def test_a_held_meeting_shows_what_was_said_there_and_a_decision_made_there(
        self, seeded: str
    ) -> None:
        from ustogether.contributions.models import Contribution
        from ustogether.decisions.models import Decision
        from ustogether.meetings.models import Meeting

        meeting = Meeting.objects.get(title="What makes a good break?")
        said = Contribution.objects.filter(meeting=meeting)
        assert said.count() == 2 and said.filter(agenda_item__isnull=False).count() == 1
        decision = Decision.objects.get(meeting=meeting)
        there = set(
            meeting.invitees.filter(attended__in=("in_person", "online", "phone")).values_list(
                "person_id", flat=True
            )
        )
        assert there and set(decision.participants.values_list("person_id", flat=True)) == there

    def test_seeding_again_changes_nothing(self, seeded: str) -> None:
        before = fingerprint()
        events = AuditEvent.objects.count()
        out = seed()
        assert "already here" in out
        assert fingerprint() == before
        assert AuditEvent.objects.count() == events

    def test_force_makes_the_same_demo_again_without_duplicates(self, seeded: str) -> None:
        before = fingerprint()
        out = seed(force=True)
        assert "Removed the old demo data" in out
        assert fingerprint() == before
        assert AuditEvent.objects.filter(verb="project.created").count() == 7


def test_the_same_seed_gives_the_same_data(db: None) -> None:
    # Roll the first run back, so the second starts from an empty database too.
    with transaction.atomic():
        seed(seed=7)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Person.objects.exists()
    seed(seed=7)
    assert fingerprint() == first


def test_another_seed_gives_other_people(db: None) -> None:
    with transaction.atomic():
        seed(seed=1)
        first = fingerprint()
        transaction.set_rollback(True)
    seed(seed=2)
    second = fingerprint()
    assert first != second
    # The story stays the same whatever the seed.
    assert flags_by_title() == {spec.title: set(spec.expected_flags) for spec in demo.PROJECTS}


class TestTheDemoAgreementsAndEasyRead:
    """What the demo shows of agreements changed together, Easy Read and the glossary."""

    def test_a_change_to_the_agreement_waits_for_the_member_and_the_lead(self, seeded: str) -> None:
        from ustogether.projects.queries import waiting_for

        project = Project.objects.get(title="Places to go in the day")
        proposal = project.agreement_proposals.get(status="open")
        assert proposal.comments.count() == 2
        assert proposal.answers.filter(answer="not_yet").exists()
        for key in ("member", "lead"):
            person = Person.objects.get(email=demo.demo_email(key))
            assert proposal in waiting_for(person).to_answer

    def test_demo_projects_have_a_finished_easy_read_version(self, seeded: str) -> None:
        from ustogether.plainlanguage import easyread

        for title in ("Places to go in the day", "Breaks for carers"):
            project = Project.objects.get(title=title)
            version = easyread.version_for(project)
            assert version is not None, title
            points = list(version.active_points())
            assert points and all(p.has_picture for p in points)
            report = easyread.easy_read_report(
                easyread.text_of(points),
                pictured=easyread.pictured_points(points),
                organisation_id=project.organisation_id,
            )
            assert report.findings == (), [f.message for f in report.findings]

    def test_a_demo_meeting_paper_has_a_finished_easy_read_version(self, seeded: str) -> None:
        from ustogether.meetings.models import Paper
        from ustogether.plainlanguage import easyread

        paper = Paper.objects.get(title="Activities people asked for")
        version = easyread.version_for(paper)
        assert version is not None
        points = list(version.active_points())
        assert len(points) == 5 and all(p.has_picture for p in points)
        report = easyread.easy_read_report(
            easyread.text_of(points),
            pictured=easyread.pictured_points(points),
            organisation_id=paper.meeting.project.organisation_id,
        )
        assert report.findings == (), [f.message for f in report.findings]

    def test_a_question_and_a_suggested_word_wait_for_a_co_lead(self, seeded: str) -> None:
        from ustogether.plainlanguage.models import LocalTerm

        waiting = LocalTerm.objects.filter(status=LocalTerm.Status.SUGGESTED)
        assert {(t.term, t.is_question) for t in waiting} == {
            ("respite", True),
            ("day opportunities", False),
        }
