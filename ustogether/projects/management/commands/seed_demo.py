"""Fill a database with realistic demo data: `manage.py seed_demo [--seed N] [--force]`.

Every write goes through the same service functions the site uses, so the audit
log fills as it would in real use. Only two things have no service, because
allauth owns them: making an account (with its password) and marking its email
address as checked. The same seed always gives the same data.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.test.utils import override_settings

from ustogether.core import limits
from ustogether.core.audit import audit_redaction
from ustogether.core.models import AuditEvent
from ustogether.core.testing import give_two_step
from ustogether.decisions import demo_data as you_said_demo
from ustogether.meetings import demo_data as meetings_demo
from ustogether.payments import demo_data as payments_demo
from ustogether.people import services as people_services
from ustogether.people.models import Organisation, Person, StaffInvitation
from ustogether.plainlanguage import demo_data as plain_language_demo
from ustogether.projects import agreements, services
from ustogether.projects import demo_data as demo
from ustogether.projects.models import AgreementProposal, Membership, Project
from ustogether.projects.queries import power_sharing_flags
from ustogether.quality import demo_data as quality_demo

# Email goes to memory while seeding: dozens of invitations would otherwise
# scroll past in the terminal, and nobody can answer them.
QUIET_EMAIL = "django.core.mail.backends.locmem.EmailBackend"

INVITATION_MESSAGES: tuple[str, ...] = (
    "",
    "We would love you to be part of this. We pay for your time and travel.",
    "You told us about this at the drop-in. Would you like to help change it?",
    "Come and help us plan this. Bring a friend or supporter if you like.",
)


class DemoSeeder:
    """Builds the demo, one service call at a time, using only `self.rng` for chance."""

    def __init__(self, seed: int) -> None:
        # Not for secrets: the demo must come out the same for the same seed.
        self.rng = random.Random(seed)  # noqa: S311
        # Hashing a password is slow on purpose, so one hash serves every demo
        # account. Sharing a salt is fine here: the password is printed anyway.
        self.password_hash = make_password(demo.DEMO_PASSWORD)
        self.used_names: set[str] = set()
        self.accounts: dict[str, Person] = {}
        self.staff_by_job: dict[str, Person] = {}
        self.staff_perspective: dict[int, str] = {}
        self.groups: dict[str, list[Person]] = {}
        self.organisations: dict[str, Organisation] = {}

    # People

    def _make_account(self, email: str, full_name: str, *, superuser: bool = False) -> Person:
        # No service makes accounts: allauth's sign-up does, so the demo does it directly.
        make = Person.objects.create_superuser if superuser else Person.objects.create_user
        person = make(email, None, full_name=full_name)
        person.password = self.password_hash
        person.save(update_fields=["password"])
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        self.used_names.add(full_name)
        return person

    def _new_name(self, group: str) -> tuple[str, str, str]:
        """A full name not used yet, with a likely short name and pronouns."""
        if group == demo.CARE_LEAVER:
            pool = demo.YOUNG_NAMES
        elif group == demo.OLDER:
            pool = demo.OLDER_NAMES
        elif group in (demo.LEARNING_DISABILITY, demo.MENTAL_DISTRESS):
            pool = demo.ADULT_NAMES + demo.YOUNG_NAMES
        else:
            pool = demo.ADULT_NAMES
        while True:
            first, pronouns, background = self.rng.choice(pool)
            full_name = f"{first} {self.rng.choice(demo.SURNAMES[background])}"
            if full_name not in self.used_names:
                return full_name, demo.SHORT_NAMES.get(first, ""), pronouns

    def _phone(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"

    def _address(self) -> str:
        letters = demo.POSTCODE_LETTERS
        postcode = (
            f"BK{self.rng.randint(1, 9)} {self.rng.randint(1, 9)}"
            f"{self.rng.choice(letters)}{self.rng.choice(letters)}"
        )
        return "\n".join(
            [
                f"{self.rng.randint(1, 120)} {self.rng.choice(demo.STREETS)}",
                self.rng.choice(demo.TOWNS),
                postcode,
            ]
        )

    def _contact_by(self, group: str) -> str:
        weights: dict[str, tuple[int, int, int, int]] = {
            # email, phone, post, supporter
            demo.LEARNING_DISABILITY: (3, 2, 1, 4),
            demo.OLDER: (3, 4, 3, 0),
            demo.CARE_LEAVER: (5, 5, 0, 0),
            demo.MENTAL_DISTRESS: (6, 3, 1, 0),
            demo.CARER: (6, 3, 1, 0),
        }
        choices = ("email", "phone", "post", "supporter")
        return self.rng.choices(choices, weights=weights.get(group, (1, 0, 0, 0)))[0]

    def _profile(self, group: str, short_name: str, pronouns: str) -> dict[str, str]:
        fields: dict[str, str] = {}
        if short_name and self.rng.random() < 0.6:
            fields["preferred_name"] = short_name
        if self.rng.random() < 0.35:
            fields["pronouns"] = pronouns
        contact_by = self._contact_by(group)
        if contact_by != "email":
            fields["contact_by"] = contact_by
        if contact_by == "phone" or (group != demo.STAFF and self.rng.random() < 0.3):
            fields["phone"] = self._phone()
        if contact_by == "post" or (group == demo.OLDER and self.rng.random() < 0.5):
            fields["postal_address"] = self._address()
        if contact_by == "supporter":
            supporter, _short, _pronouns = self._new_name(demo.PROFESSIONAL)
            fields["supporter_name"] = supporter
            fields["supporter_contact"] = (
                f"{self.rng.choice(demo.SUPPORTER_PLACES)}, {self._phone()}"
            )
        return fields

    def _needs(self, group: str, place: int) -> demo.DemoNeeds | None:
        fixed = demo.SET_NEEDS.get((group, place))
        if fixed is not None:
            return fixed
        if self.rng.random() >= demo.NEEDS_SHARE.get(group, 0.0):
            return None
        features = tuple(
            f for f, chance in demo.LIKELY_FEATURES.get(group, ()) if self.rng.random() < chance
        )
        formats = tuple(
            f for f, chance in demo.LIKELY_FORMATS.get(group, ()) if self.rng.random() < chance
        )
        dietary = self.rng.choice(demo.DIETARY) if self.rng.random() < 0.25 else ""
        others = demo.OTHER_NEEDS.get(group, ())
        other = self.rng.choice(others) if others and self.rng.random() < 0.5 else ""
        if not (features or formats or dietary or other):
            return None
        return demo.DemoNeeds(features, formats, "", dietary, other)

    def _save_details(
        self, person: Person, profile: dict[str, str], needs: demo.DemoNeeds | None
    ) -> None:
        # People fill in their own profile and needs, so each is `by` themselves.
        if profile:
            people_services.person_update_profile(person=person, by=person, **profile)
        if needs is not None:
            people_services.person_save_needs(
                person=person,
                by=person,
                consent=True,
                access_features=needs.access_features,
                communication_formats=needs.communication_formats,
                interpreter_language=needs.interpreter_language,
                dietary_needs=needs.dietary_needs,
                other_needs=needs.other_needs,
            )

    def make_people(self) -> None:
        for account in demo.ACCOUNTS:
            person = self._make_account(
                account.email, account.full_name, superuser=account.superuser
            )
            self.accounts[account.key] = person
            profile = {
                name: value
                for name in people_services.PROFILE_FIELDS
                if name != "full_name" and (value := getattr(account, name))
            }
            self._save_details(person, profile, account.needs)
            if account.org_role in (demo.Role.ADMIN, demo.Role.FINANCE):
                # Their roles need two-step sign-in; `make demo` lets MFA_DEMO_CODE stand in.
                give_two_step(person, generate_totp_secret())

        for organisation in demo.ORGANISATIONS:
            # The admin adds the organisation, becoming its first admin, then adds the staff.
            self.organisations[organisation.key] = people_services.organisation_create(
                name=organisation.name,
                kind=organisation.kind,
                website=organisation.website,
                by=self._admin(organisation.key),
            )
        for account in demo.ACCOUNTS:
            if account.organisation and account.org_role != demo.Role.ADMIN:
                self._add_staff(account.organisation, self.accounts[account.key], account.org_role)

        for slot in demo.STAFF_SLOTS:
            full_name, short_name, pronouns = self._new_name(demo.STAFF)
            person = self._make_account(self._email_for(full_name), full_name)
            self._save_details(person, self._profile(demo.STAFF, short_name, pronouns), None)
            self._add_staff(slot.organisation, person, slot.role)
            self.staff_by_job[slot.job] = person
            self.staff_perspective[person.pk] = slot.perspective

        for group, size in demo.GROUP_SIZES:
            people = self.groups.setdefault(group, [])
            for place in range(size):
                full_name, short_name, pronouns = self._new_name(group)
                person = self._make_account(self._email_for(full_name), full_name)
                self._save_details(
                    person, self._profile(group, short_name, pronouns), self._needs(group, place)
                )
                people.append(person)

    def _email_for(self, full_name: str) -> str:
        local = full_name.lower().replace("'", "").replace(" ", ".")
        email, n = demo.demo_email(local), 2
        while Person.objects.filter(email=email).exists():
            email, n = demo.demo_email(f"{local}{n}"), n + 1
        return email

    def _add_staff(self, organisation_key: str, person: Person, role: str) -> None:
        invitation = people_services.organisation_add_staff(
            organisation=self.organisations[organisation_key],
            email=person.email,
            role=role,
            by=self._admin(organisation_key),
        )
        if isinstance(invitation, StaffInvitation):  # they say yes, as a real colleague would
            people_services.staff_invitation_accept(invitation=invitation, person=person)

    def _admin(self, organisation_key: str) -> Person:
        return next(
            self.accounts[a.key]
            for a in demo.ACCOUNTS
            if a.organisation == organisation_key and a.org_role == demo.Role.ADMIN
        )

    # Projects

    def _perspective(self, person: Person, group: str) -> str:
        return self.staff_perspective.get(person.pk, demo.GROUP_PERSPECTIVE[group])

    def _pick(self, project: Project, join: demo.Join, taken: set[int]) -> list[Person]:
        if join.who:
            return [self.accounts.get(key) or self.staff_by_job[key] for key in join.who]
        free = [p for p in self.groups[join.group] if p.pk not in taken]
        if len(free) < join.count:
            raise CommandError(f"Not enough {join.group} people for “{project.title}”.")
        return self.rng.sample(free, join.count)

    def _join(
        self,
        project: Project,
        lead: Person,
        join: demo.Join,
        taken: set[int],
        joined: dict[str, list[Membership]],
    ) -> list[Membership]:
        new: list[Membership] = []
        for person in self._pick(project, join, taken):
            taken.add(person.pk)
            perspective = self._perspective(person, join.group)
            if join.how == "join":
                membership = services.membership_join(
                    project=project, person=person, perspective=perspective
                )
            else:
                invitation = services.invitation_create(
                    project=project,
                    by=lead,
                    email=person.email,
                    role=join.role,
                    perspective=perspective,
                    message=self.rng.choice(INVITATION_MESSAGES),
                )
                if join.how == "decline":
                    services.invitation_decline(invitation=invitation, person=person)
                    continue
                if join.how == "pending":
                    continue
                membership = services.invitation_accept(
                    invitation=invitation, person=person, perspective=perspective
                )
            joined.setdefault(join.group, []).append(membership)
            new.append(membership)
        return new

    def _agreement(
        self,
        spec: demo.DemoProject,
        project: Project,
        by: Person,
        payment: str,
        *,
        reason: str,
        keep_out: Sequence[Person] = (),
    ) -> None:
        """Propose the agreement, then members agree, in a chance order, until it is adopted."""
        proposal = agreements.agreement_propose(
            project=project,
            by=by,
            reason=reason,
            purpose=project.purpose,
            decisions=spec.agreement_decisions or demo.AGREEMENT_DECISIONS,
            payment_and_support=payment,
            disagreements=demo.AGREEMENT_DISAGREEMENTS,
            ground_rules=demo.AGREEMENT_GROUND_RULES,
        )
        voters = [m for m in agreements.voters(project) if m.person not in (by, *keep_out)]
        for membership in self.rng.sample(voters, len(voters)):
            proposal.refresh_from_db()
            if not proposal.is_open:
                break
            agreements.agreement_answer(proposal=proposal, by=membership.person, answer="agree")

    def _open_proposal(
        self, project: Project, spec: demo.DemoProposal, joined: dict[str, list[Membership]]
    ) -> None:
        current = project.agreement_versions.order_by("-number")[0]
        proposal = agreements.agreement_propose(
            project=project,
            by=self.accounts[spec.by],
            reason=spec.reason,
            **{**current.sections(), spec.section: spec.text},
        )
        for group, place, answer in spec.answers:
            person = joined[group][place].person
            agreements.agreement_answer(proposal=proposal, by=person, answer=answer)
        for group, place, text in spec.comments:
            person = joined[group][place].person
            agreements.agreement_comment(proposal=proposal, by=person, text=text)

    def _sign(self, project: Project, memberships: Sequence[Membership], share: float) -> None:
        version = project.agreement_versions.order_by("-number").first()
        if version is None:
            return
        for membership in memberships:
            if self.rng.random() < share:
                agreements.agreement_sign(version=version, person=membership.person)

    def make_project(self, spec: demo.DemoProject) -> Project:
        lead = self.accounts[spec.lead]
        project = services.project_create(
            organisation=self.organisations[spec.organisation],
            by=lead,
            title=spec.title,
            purpose=spec.purpose,
            perspective=demo.GROUP_PERSPECTIVE[demo.STAFF],
            visibility=spec.visibility,
            joining=spec.joining,
            needed_perspectives=spec.needed,
        )
        taken = {lead.pk}
        joined: dict[str, list[Membership]] = {}
        stages = list(project.stages.all())
        last = next(i for i, stage in enumerate(stages) if stage.kind == spec.stage)
        for i, stage in enumerate(stages[: last + 1]):
            if i > 0:
                # Moving the project on first means people added now are
                # recorded as joining at this stage, as they would in real use.
                project = services.project_update(
                    project=project,
                    by=lead,
                    title=project.title,
                    purpose=project.purpose,
                    visibility=project.visibility,
                    joining=project.joining,
                    current_stage=stage,
                    needed_perspectives=spec.needed,
                )
            new: list[Membership] = []
            for join in spec.joins.get(stage.kind, ()):
                new += self._join(project, lead, join, taken, joined)
            if i == 0 and spec.agreement:
                self._agreement(
                    spec,
                    project,
                    lead,
                    demo.AGREEMENT_PAYMENT,
                    reason="So that we all know how we work together.",
                )
            self._sign(project, new, demo.SIGN_SHARE)

        for group, place in spec.promote:
            services.membership_change_role(
                membership=joined[group][place], by=lead, role=Membership.Role.CO_LEAD
            )
        if spec.agreement_changes:
            # A co-lead who is not staff changes the agreement, so everyone must sign
            # again. Only a few have; the staff lead has not, so signing in as
            # lead@ shows what "sign again" looks like.
            author = (
                project.memberships.filter(role=Membership.Role.CO_LEAD)
                .exclude(person=lead)
                .select_related("person")
                .order_by("id")
                .first()
            )
            author_person = author.person if author is not None else lead
            self._agreement(
                spec,
                project,
                author_person,
                demo.AGREEMENT_PAYMENT_CHANGED,
                reason="£20 is less than other councils pay. Some of us want a voucher.",
                keep_out=[lead],
            )
            others = list(
                project.memberships.filter(left_at__isnull=True)
                .exclude(person__in=[author_person, lead])
                .select_related("person")
                .order_by("id")
            )
            version = project.agreement_versions.order_by("-number")[0]
            for membership in self.rng.sample(others, max(1, len(others) // 3)):
                agreements.agreement_sign(version=version, person=membership.person)
        if spec.open_proposal is not None:
            self._open_proposal(project, spec.open_proposal, joined)
        for group, place in spec.leaves:
            membership = joined[group][place]
            services.membership_leave(membership=membership, by=membership.person)
        return project

    def run(self) -> list[Project]:
        self.make_people()
        projects = [self.make_project(spec) for spec in demo.PROJECTS]
        plain_language_demo.seed(projects, self.accounts)
        you_said_demo.seed(projects, self.accounts)
        # What organisations pay comes first: recording who came to a meeting starts claims.
        payments_demo.seed_policies(projects, self.accounts)
        meetings_demo.seed(projects, self.accounts)
        you_said_demo.seed_at_meetings(projects, self.accounts)
        payments_demo.seed(projects, self.accounts)
        quality_demo.seed(projects, self.accounts)
        # Finished projects close last, after everything that happened in them.
        for spec, project in zip(demo.PROJECTS, projects, strict=True):
            if spec.closed_summary:
                services.project_close(
                    project=project, by=self.accounts[spec.lead], summary=spec.closed_summary
                )
        return projects


def demo_people() -> Any:
    return Person.objects.filter(email__iendswith="@" + demo.DEMO_DOMAIN)


def delete_demo_data() -> None:
    """Remove the demo: its organisations, their projects, demo people and their history."""
    organisations = Organisation.objects.filter(name__in=[o.name for o in demo.ORGANISATIONS])
    projects = Project.objects.filter(organisation__in=organisations)
    people = demo_people()
    scopes = Q()
    for model, ids in (
        (Project, list(projects.values_list("pk", flat=True))),
        (Organisation, list(organisations.values_list("pk", flat=True))),
        (Person, list(people.values_list("pk", flat=True))),
    ):
        scopes |= Q(scope_type=ContentType.objects.get_for_model(model), scope_id__in=ids)
    # The demo's own history goes with it, through the one way the audit log allows.
    with audit_redaction("The demo was reset.") as redaction:
        redaction.deleted, _counts = AuditEvent.objects.filter(scopes).delete()
        # People's rows go below; events they did elsewhere lose who did them.
        redaction.changed = AuditEvent.objects.filter(actor__in=people).update(actor=None)
    # Proposals hold on to the versions they changed, so they go first.
    AgreementProposal.objects.filter(project__in=projects).delete()
    plain_language_demo.delete(projects)
    you_said_demo.delete(projects)
    # Claims hold on to the meetings they are for, so they go first.
    payments_demo.delete(projects)
    meetings_demo.delete(projects)
    projects.delete()
    quality_demo.delete(organisations)
    organisations.delete()
    people.delete()


class Command(BaseCommand):
    help = "Fill the database with demo organisations, people and projects."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="The same seed gives the same data."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remove the demo data that is already here, then make it again.",
        )

    def handle(self, *args: Any, seed: int, force: bool, **options: Any) -> None:
        started = time.monotonic()
        # Each email is a background task, and each task logs two lines: too many to read.
        task_log = logging.getLogger("django_tasks")
        task_log_level = task_log.level
        task_log.setLevel(logging.WARNING)
        try:
            # Demo data is the site's own setup, not someone sending email: no limits.
            with limits.paused():
                projects = self._seed(seed=seed, force=force)
        finally:
            task_log.setLevel(task_log_level)
        if projects is None:
            return
        organisations = Organisation.objects.filter(name__in=[o.name for o in demo.ORGANISATIONS])
        self.stdout.write(
            self.style.SUCCESS(
                f"Made the demo in {time.monotonic() - started:.1f}s: "
                f"{organisations.count()} organisations, {demo_people().count()} people, "
                f"{len(projects)} projects."
            )
        )
        if options["verbosity"] >= 1:
            for project in projects:
                stage = project.current_stage.name if project.current_stage else ""
                flags = ", ".join(f.title for f in power_sharing_flags(project)) or "no flags"
                self.stdout.write(f"  {project.title} ({stage}): {flags}")
        self.stdout.write(f"Every demo account has the password: {demo.DEMO_PASSWORD}")

    def _seed(self, *, seed: int, force: bool) -> list[Project] | None:
        lead_email = demo.demo_email("lead")
        # Email goes to memory while seeding (see QUIET_EMAIL), and it all
        # happens in one transaction, so a failure leaves no half-made demo.
        with override_settings(EMAIL_DELIVERY_BACKEND=QUIET_EMAIL), transaction.atomic():
            if Person.objects.filter(email=lead_email).exists():
                if not force:
                    self.stdout.write(
                        f"The demo data is already here ({lead_email} has an account), "
                        "so nothing changed. Use --force to make it again."
                    )
                    return None
                try:
                    delete_demo_data()
                except ProtectedError as error:
                    raise CommandError(
                        "Other data uses the demo people or projects, so the demo cannot be "
                        "removed safely. Start with a fresh database instead."
                    ) from error
                self.stdout.write("Removed the old demo data.")
            return DemoSeeder(seed).run()
