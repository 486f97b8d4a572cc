"""The tables behind `manage.py seed_demo`: fictional organisations, people and projects.

Everything here is made up. Places, phone numbers (Ofcom's range for drama,
07700 900xxx) and web addresses (the reserved `.example` and `.test` names) are
chosen so that nothing can reach a real person or organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ustogether.people.models import Organisation, OrganisationMembership
from ustogether.projects.models import Membership, Perspective, Project, Stage

DEMO_DOMAIN = "demo.ustogether.test"
DEMO_PASSWORD = "demo-password-2026"
DEFAULT_SEED = 2026


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


# Groups of people. Lived experience is kept here, in the demo tables, only to
# pick realistic projects, needs and contact details: the platform itself
# never stores why someone has lived experience.
LEARNING_DISABILITY = "learning_disability"
MENTAL_DISTRESS = "mental_distress"
OLDER = "older"
CARE_LEAVER = "care_leaver"
CARER = "carer"
PROFESSIONAL = "professional"
RESEARCHER = "researcher"
STAFF = "staff"
SYSADMIN = "sysadmin"

LIVED_EXPERIENCE_GROUPS = (LEARNING_DISABILITY, MENTAL_DISTRESS, OLDER, CARE_LEAVER)

GROUP_PERSPECTIVE: dict[str, str] = {
    LEARNING_DISABILITY: Perspective.LIVED_EXPERIENCE,
    MENTAL_DISTRESS: Perspective.LIVED_EXPERIENCE,
    OLDER: Perspective.LIVED_EXPERIENCE,
    CARE_LEAVER: Perspective.LIVED_EXPERIENCE,
    CARER: Perspective.CARER,
    PROFESSIONAL: Perspective.PROFESSIONAL,
    RESEARCHER: Perspective.RESEARCHER,
    STAFF: Perspective.PROFESSIONAL,
    SYSADMIN: Perspective.OTHER,
}

GROUP_LABEL: dict[str, str] = {
    LEARNING_DISABILITY: "Has a learning disability",
    MENTAL_DISTRESS: "Has lived experience of mental distress",
    OLDER: "Older person who gets care at home",
    CARE_LEAVER: "Young person who has left care",
    CARER: "Unpaid carer",
    PROFESSIONAL: "Works in health or social care",
    RESEARCHER: "Researcher",
    STAFF: "Staff",
    SYSADMIN: "Runs the site",
}


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    website: str


COUNCIL = "council"
TRUST = "trust"

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        COUNCIL,
        "Brackenmoor Borough Council",
        Organisation.Kind.COUNCIL,
        "https://www.brackenmoor.example",
    ),
    DemoOrganisation(
        TRUST,
        "Fernvale Mental Health NHS Foundation Trust",
        Organisation.Kind.NHS_TRUST,
        "https://www.fernvale-mentalhealth.example",
    ),
)


@dataclass(frozen=True)
class DemoNeeds:
    access_features: tuple[str, ...] = ()
    communication_formats: tuple[str, ...] = ()
    interpreter_language: str = ""
    dietary_needs: str = ""
    other_needs: str = ""


@dataclass(frozen=True)
class DemoAccount:
    """A person with a memorable email, listed by `manage.py demo_accounts`."""

    key: str
    email: str
    full_name: str
    group: str
    who: str
    organisation: str = ""
    org_role: str = ""
    # The perspective they bring to projects, when not the group's usual one.
    perspective: str = ""
    preferred_name: str = ""
    pronouns: str = ""
    contact_by: str = "email"
    phone: str = ""
    postal_address: str = ""
    supporter_name: str = ""
    supporter_contact: str = ""
    needs: DemoNeeds | None = None
    superuser: bool = False


Role = OrganisationMembership.Role

ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "lead",
        demo_email("lead"),
        "Amara Okafor",
        STAFF,
        "Co-production lead at Brackenmoor Borough Council. Co-lead of three projects.",
        organisation=COUNCIL,
        org_role=Role.LEAD,
        pronouns="she/her",
    ),
    DemoAccount(
        "member",
        demo_email("member"),
        "Daniel Price",
        LEARNING_DISABILITY,
        "Has a learning disability. Co-lead of “Places to go in the day”.",
        preferred_name="Danny",
        pronouns="he/him",
        contact_by="supporter",
        supporter_name="Sharon Bell",
        supporter_contact="Support worker at Hillside House, 07700 900411",
        needs=DemoNeeds(
            access_features=("support_worker", "breaks"),
            communication_formats=("easy_read",),
            other_needs="Please send papers a week before, so I can read them with Sharon.",
        ),
    ),
    DemoAccount(
        "carer",
        demo_email("carer"),
        "Janina Kowalska",
        CARER,
        "Looks after her grown-up son, who has a learning disability. Co-lead of “Breaks for carers”.",
        preferred_name="Jan",
        pronouns="she/her",
        contact_by="phone",
        phone="07700 900236",
        needs=DemoNeeds(
            dietary_needs="Vegetarian, please.",
            other_needs="I need to know when a meeting ends, so I can get home for my son.",
        ),
    ),
    DemoAccount(
        "finance",
        demo_email("finance"),
        "Gareth Evans",
        STAFF,
        "Finance officer at Brackenmoor Borough Council. Pays fees and expenses.",
        organisation=COUNCIL,
        org_role=Role.FINANCE,
        pronouns="he/him",
    ),
    DemoAccount(
        "admin",
        demo_email("admin"),
        "Helen Marsh",
        STAFF,
        "Admin for Brackenmoor Borough Council. Adds staff and sees every council project.",
        organisation=COUNCIL,
        org_role=Role.ADMIN,
    ),
    DemoAccount(
        "nhs_lead",
        demo_email("nhs.lead"),
        "Nadia Hussain",
        STAFF,
        "Co-production lead at Fernvale Mental Health NHS Foundation Trust.",
        organisation=TRUST,
        org_role=Role.LEAD,
        pronouns="she/her",
    ),
    DemoAccount(
        "nhs_admin",
        demo_email("nhs.admin"),
        "Robert Fairley",
        STAFF,
        "Admin for Fernvale Mental Health NHS Foundation Trust.",
        organisation=TRUST,
        org_role=Role.ADMIN,
        preferred_name="Rob",
    ),
    DemoAccount(
        "nhs_finance",
        demo_email("nhs.finance"),
        "Kwame Mensah",
        STAFF,
        "Finance officer at Fernvale Mental Health NHS Foundation Trust.",
        organisation=TRUST,
        org_role=Role.FINANCE,
        needs=DemoNeeds(access_features=("hearing_loop",)),
    ),
    DemoAccount(
        "sysadmin",
        demo_email("sysadmin"),
        "Sam Taylor",
        SYSADMIN,
        "Runs the site. Can use the admin pages at /admin/.",
        superuser=True,
        pronouns="they/them",
    ),
)


@dataclass(frozen=True)
class StaffSlot:
    """A staff member with a generated name: every organisation has ordinary staff too."""

    organisation: str
    perspective: str
    job: str
    role: str = Role.STAFF


STAFF_SLOTS: tuple[StaffSlot, ...] = (
    StaffSlot(COUNCIL, Perspective.COMMISSIONER, "Commissioner for adult social care"),
    StaffSlot(COUNCIL, Perspective.PROFESSIONAL, "Social worker"),
    StaffSlot(COUNCIL, Perspective.PROFESSIONAL, "Day services manager"),
    StaffSlot(TRUST, Perspective.COMMISSIONER, "Commissioner for mental health"),
    StaffSlot(TRUST, Perspective.PROFESSIONAL, "Community mental health nurse"),
    StaffSlot(TRUST, Perspective.PROFESSIONAL, "Psychologist"),
    StaffSlot(
        COUNCIL,
        Perspective.PROFESSIONAL,
        "Easy Read and plain English officer",
        Role.GLOSSARY_WRITER,
    ),
    StaffSlot(TRUST, Perspective.PROFESSIONAL, "Patient information officer", Role.GLOSSARY_WRITER),
)

# How many generated people of each kind. With the named accounts and staff
# this makes 62 people in all.
GROUP_SIZES: tuple[tuple[str, int], ...] = (
    (LEARNING_DISABILITY, 9),
    (MENTAL_DISTRESS, 9),
    (OLDER, 8),
    (CARE_LEAVER, 6),
    (CARER, 9),
    (PROFESSIONAL, 3),
    (RESEARCHER, 2),
)

# First names by age group, with pronouns and a family background that picks a
# fitting surname: a care leaver is rarely called Doreen, and "Paul Kaur" would
# not ring true to people who live in a mixed town.
BRITISH, SOUTH_ASIAN, SIKH, WEST_AFRICAN, CARIBBEAN, POLISH, IRISH = (
    "british",
    "south_asian",
    "sikh",
    "west_african",
    "caribbean",
    "polish",
    "irish",
)
YOUNG_NAMES: tuple[tuple[str, str, str], ...] = (
    ("Tyler", "he/him", BRITISH),
    ("Chloe", "she/her", BRITISH),
    ("Jordan", "they/them", CARIBBEAN),
    ("Aaliyah", "she/her", SOUTH_ASIAN),
    ("Kai", "he/him", BRITISH),
    ("Leah", "she/her", BRITISH),
    ("Mason", "he/him", BRITISH),
    ("Ellie", "she/her", IRISH),
    ("Riley", "they/them", BRITISH),
    ("Zainab", "she/her", SOUTH_ASIAN),
    ("Callum", "he/him", BRITISH),
    ("Demi", "she/her", CARIBBEAN),
    ("Reece", "he/him", BRITISH),
    ("Skye", "she/her", BRITISH),
    ("Tunde", "he/him", WEST_AFRICAN),
    ("Oliwia", "she/her", POLISH),
)
ADULT_NAMES: tuple[tuple[str, str, str], ...] = (
    ("Christopher", "he/him", BRITISH),
    ("Rebecca", "she/her", BRITISH),
    ("Mohammed", "he/him", SOUTH_ASIAN),
    ("Sarah", "she/her", BRITISH),
    ("Jonathan", "he/him", BRITISH),
    ("Katherine", "she/her", BRITISH),
    ("Alex", "they/them", BRITISH),
    ("Priya", "she/her", SOUTH_ASIAN),
    ("Michael", "he/him", IRISH),
    ("Joanne", "she/her", BRITISH),
    ("Tomasz", "he/him", POLISH),
    ("Fiona", "she/her", BRITISH),
    ("Darren", "he/him", BRITISH),
    ("Hannah", "she/her", BRITISH),
    ("Samuel", "he/him", WEST_AFRICAN),
    ("Grace", "she/her", WEST_AFRICAN),
    ("Oluwaseun", "he/him", WEST_AFRICAN),
    ("Nicola", "she/her", BRITISH),
    ("Robin", "they/them", BRITISH),
    ("Lisa", "she/her", BRITISH),
    ("Imran", "he/him", SOUTH_ASIAN),
    ("Claire", "she/her", IRISH),
    ("Stuart", "he/him", BRITISH),
    ("Ayesha", "she/her", SOUTH_ASIAN),
    ("Jaswinder", "she/her", SIKH),
    ("Lee", "he/him", BRITISH),
    ("Bethany", "she/her", BRITISH),
    ("Paul", "he/him", BRITISH),
    ("Siobhan", "she/her", IRISH),
    ("Marcia", "she/her", CARIBBEAN),
    ("Agnieszka", "she/her", POLISH),
)
OLDER_NAMES: tuple[tuple[str, str, str], ...] = (
    ("Margaret", "she/her", BRITISH),
    ("Derek", "he/him", BRITISH),
    ("Sheila", "she/her", BRITISH),
    ("William", "he/him", BRITISH),
    ("Doreen", "she/her", BRITISH),
    ("Kenneth", "he/him", BRITISH),
    ("Patricia", "she/her", IRISH),
    ("Raymond", "he/him", BRITISH),
    ("Elizabeth", "she/her", BRITISH),
    ("Harbans", "he/him", SIKH),
    ("Winston", "he/him", CARIBBEAN),
    ("Brenda", "she/her", BRITISH),
    ("Gwen", "she/her", BRITISH),
    ("Abdul", "he/him", SOUTH_ASIAN),
    ("Hyacinth", "she/her", CARIBBEAN),
)
SURNAMES: dict[str, tuple[str, ...]] = {
    BRITISH: (
        "Atkinson",
        "Bennett",
        "Brown",
        "Clarke",
        "Davies",
        "Edwards",
        "Fletcher",
        "Green",
        "Griffiths",
        "Hall",
        "Hughes",
        "Jackson",
        "Jones",
        "Lewis",
        "Lloyd",
        "McDonald",
        "Morgan",
        "Roberts",
        "Robinson",
        "Scott",
        "Smith",
        "Thomas",
        "Walker",
        "Ward",
        "Williams",
        "Wilson",
        "Wright",
        "Young",
    ),
    SOUTH_ASIAN: ("Ahmed", "Chowdhury", "Hussain", "Khan", "Patel", "Rahman"),
    SIKH: ("Dhillon", "Gill", "Sandhu"),
    WEST_AFRICAN: ("Adeyemi", "Mensah", "Okoro", "Owusu"),
    CARIBBEAN: ("Campbell", "Francis", "Thompson", "Williams"),
    POLISH: ("Kowalczyk", "Nowak", "Zielinski"),
    IRISH: ("Byrne", "Murphy", "O'Brien", "Walsh"),
}
SHORT_NAMES: dict[str, str] = {
    "Christopher": "Chris",
    "Rebecca": "Becky",
    "Jonathan": "Jon",
    "Katherine": "Kate",
    "Michael": "Mike",
    "Samuel": "Sam",
    "Oluwaseun": "Seun",
    "Margaret": "Maggie",
    "William": "Bill",
    "Patricia": "Pat",
    "Elizabeth": "Liz",
    "Kenneth": "Ken",
    "Raymond": "Ray",
    "Bethany": "Beth",
    "Joanne": "Jo",
    "Nicola": "Nicky",
}

STREETS: tuple[str, ...] = (
    "Mill Lane",
    "Church Street",
    "Victoria Road",
    "Oak Avenue",
    "Station Road",
    "Park View",
    "Heather Close",
    "Canal Side",
    "Elm Grove",
    "Bracken Way",
)
TOWNS: tuple[str, ...] = ("Brackenmoor", "Fernvale", "Lower Ashby", "Thornwick")
# Letters that never appear at the end of a UK postcode.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SUPPORTER_PLACES: tuple[str, ...] = (
    "Support worker at Hillside House",
    "My sister",
    "My advocate at Brackenmoor Advocacy",
    "My key worker at Oakfield",
)

# Needs people in each group often have, with how likely each one is. People
# with no needs at all are common too: see NEEDS_SHARE.
NEEDS_SHARE: dict[str, float] = {
    LEARNING_DISABILITY: 0.9,
    MENTAL_DISTRESS: 0.65,
    OLDER: 0.75,
    CARE_LEAVER: 0.4,
    CARER: 0.45,
    PROFESSIONAL: 0.15,
    RESEARCHER: 0.15,
    STAFF: 0.15,
}
LIKELY_FEATURES: dict[str, tuple[tuple[str, float], ...]] = {
    LEARNING_DISABILITY: (("support_worker", 0.6), ("breaks", 0.5), ("quiet_space", 0.3)),
    MENTAL_DISTRESS: (("quiet_space", 0.7), ("breaks", 0.6), ("low_light", 0.15)),
    OLDER: (
        ("step_free", 0.55),
        ("hearing_loop", 0.45),
        ("seating", 0.4),
        ("accessible_toilet", 0.3),
        ("parking", 0.3),
    ),
    CARE_LEAVER: (("quiet_space", 0.4), ("breaks", 0.4)),
    CARER: (("breaks", 0.4), ("step_free", 0.1)),
    PROFESSIONAL: (("hearing_loop", 0.3),),
    RESEARCHER: (("step_free", 0.3),),
    STAFF: (("hearing_loop", 0.3),),
}
LIKELY_FORMATS: dict[str, tuple[tuple[str, float], ...]] = {
    LEARNING_DISABILITY: (("easy_read", 0.95), ("audio", 0.2)),
    MENTAL_DISTRESS: (("plain_text_email", 0.25), ("easy_read", 0.1)),
    OLDER: (("large_print", 0.6), ("audio", 0.1)),
    CARE_LEAVER: (("plain_text_email", 0.3),),
    CARER: (("plain_text_email", 0.1),),
}
OTHER_NEEDS: dict[str, tuple[str, ...]] = {
    LEARNING_DISABILITY: (
        "Please use short words and pictures.",
        "Please send papers a week before, so I can go through them with my support worker.",
        "I like to know who will be there before I come.",
    ),
    MENTAL_DISTRESS: (
        "I may need to step out for a while. Please do not worry if I do.",
        "Busy rooms are hard for me. Please let me sit near the door.",
        "Please tell me the plan for the day before I come.",
    ),
    OLDER: (
        "I use a wheelchair. I need a table I can get under.",
        "Please speak one at a time. I find it hard to hear in a group.",
        "Mornings are best for me.",
    ),
    CARE_LEAVER: (
        "Meetings after 4pm, please. I am at college in the day.",
        "Please text me rather than ring.",
    ),
    CARER: (
        "Meetings in school hours, please.",
        "I may need to bring the person I care for.",
    ),
}
DIETARY: tuple[str, ...] = (
    "Vegetarian, please.",
    "Halal food, please.",
    "No nuts: I have an allergy.",
    "Gluten-free, please.",
    "Vegan, please.",
    "I have diabetes, so I need to eat at regular times.",
    "Soft food, please. Some food is hard for me to swallow.",
)
# Needs only a few people have. Each goes to the generated person at this place
# in the group, so every kind of need appears in the demo whatever the seed.
SET_NEEDS: dict[tuple[str, int], DemoNeeds] = {
    (MENTAL_DISTRESS, 0): DemoNeeds(
        access_features=("quiet_space",),
        communication_formats=("bsl",),
        other_needs="I am Deaf. Please book a BSL interpreter I can see clearly.",
    ),
    (OLDER, 0): DemoNeeds(
        access_features=("step_free", "hearing_loop", "seating"),
        communication_formats=("large_print",),
    ),
    (OLDER, 1): DemoNeeds(
        access_features=("step_free",),
        communication_formats=("interpreter", "large_print"),
        interpreter_language="Punjabi",
    ),
    (CARER, 0): DemoNeeds(
        communication_formats=("interpreter",),
        interpreter_language="Polish",
    ),
    (CARER, 1): DemoNeeds(
        communication_formats=("interpreter",),
        interpreter_language="Bengali",
        dietary_needs="Halal food, please.",
    ),
    (OLDER, 2): DemoNeeds(
        access_features=("hearing_loop",),
        communication_formats=("bsl",),
    ),
}


@dataclass(frozen=True)
class Join:
    """People joining a project at one stage.

    `how` is "invite" (invited, then they say yes), "join" (they join an open
    project themselves), "decline" (invited, they say no) or "pending" (invited,
    no answer yet).
    """

    group: str
    count: int
    how: str = "invite"
    role: str = Membership.Role.MEMBER
    # Named demo accounts or staff jobs, used instead of picking from the group.
    who: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoProject:
    key: str
    organisation: str
    lead: str
    title: str
    purpose: str
    visibility: str
    joining: str
    needed: dict[str, int]
    # The stage the project has reached, and who joined at each stage on the way.
    joins: dict[str, tuple[Join, ...]]
    stage: str
    agreement: bool = True
    # People who were made co-leads after joining: (group, place among the
    # people of that group who joined).
    promote: tuple[tuple[str, int], ...] = ()
    # After all the joining, the agreement changes, so people must sign again.
    agreement_changes: bool = False
    leaves: tuple[tuple[str, int], ...] = ()
    # How the agreement says decisions are made, when not the usual words.
    agreement_decisions: str = ""
    # A change to the agreement that members are still answering.
    open_proposal: DemoProposal | None = None
    # What the project should show; the tests check these.
    expected_flags: tuple[str, ...] = ()
    # A finished project: closed, with this summary, once the rest of the demo is made.
    closed_summary: str = ""


@dataclass(frozen=True)
class DemoProposal:
    """A proposed change to the agreement, with who answers what and who comments."""

    by: str  # a named demo account
    section: str
    text: str
    reason: str
    # (group, place among the people of that group who joined), answer.
    answers: tuple[tuple[str, int, str], ...]
    comments: tuple[tuple[str, int, str], ...]


LE = Perspective.LIVED_EXPERIENCE
U, D, DL, R = Stage.Kind.UNDERSTAND, Stage.Kind.DESIGN, Stage.Kind.DELIVER, Stage.Kind.REVIEW
CO_LEAD, OBSERVER = Membership.Role.CO_LEAD, Membership.Role.OBSERVER
PUBLIC, MEMBERS = Project.Visibility.PUBLIC, Project.Visibility.MEMBERS
OPEN, INVITATION = Project.Joining.OPEN, Project.Joining.INVITATION

PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        key="day_services",
        organisation=COUNCIL,
        lead="lead",
        title="Places to go in the day",
        purpose=(
            "Some adults spend their days at a centre run by the council. Many tell us they "
            "are bored there. We want to find out what people would like to do in the day. "
            "Then we will plan new places to go, together."
        ),
        visibility=PUBLIC,
        joining=INVITATION,
        needed={LE: 4, Perspective.CARER: 2, Perspective.PROFESSIONAL: 2},
        stage=D,
        joins={
            U: (
                Join(LEARNING_DISABILITY, 1, role=CO_LEAD, who=("member",)),
                Join(LEARNING_DISABILITY, 3),
                Join(CARER, 1, who=("carer",)),
                Join(CARER, 1),
                Join(STAFF, 1, who=("Day services manager",)),
                Join(STAFF, 1, role=OBSERVER, who=("Commissioner for adult social care",)),
                Join(CARER, 1, how="decline"),
            ),
            D: (
                Join(LEARNING_DISABILITY, 1),
                Join(LEARNING_DISABILITY, 1, how="pending"),
            ),
        },
        open_proposal=DemoProposal(
            by="carer",
            section="payment_and_support",
            text=(
                "Members who are not staff get £20 for each hour of a meeting. We pay for "
                "travel, and for a carer or support worker. We pay within 7 days."
            ),
            reason=(
                "Waiting 14 days is too long for some of us. Bus fares come out of money "
                "we need for food."
            ),
            answers=((CARER, 1, "agree"), (STAFF, 0, "not_yet")),
            comments=(
                (CARER, 1, "I agree. I paid for two taxis last month and waited weeks."),
                (
                    STAFF,
                    0,
                    "I want this too. I need to check with our finance team that we can pay "
                    "in 7 days. I will tell you at the next meeting.",
                ),
            ),
        ),
        expected_flags=(),
    ),
    DemoProject(
        key="short_breaks",
        organisation=COUNCIL,
        lead="lead",
        title="Breaks for carers",
        purpose=(
            "Carers look after someone they love. Carers need time to rest too. Carers tell "
            "us it is hard to book a break. We want to make breaks easy to get, and good for "
            "the person they look after too."
        ),
        visibility=PUBLIC,
        joining=OPEN,
        needed={Perspective.CARER: 5, LE: 2, Perspective.PROFESSIONAL: 1},
        stage=DL,
        joins={
            U: (
                Join(CARER, 1, how="join", who=("carer",)),
                Join(LEARNING_DISABILITY, 1, role=CO_LEAD),
                Join(CARER, 1, how="join"),
                Join(OLDER, 1, how="join"),
                Join(STAFF, 1, who=("Social worker",)),
            ),
            D: (Join(CARER, 1, how="join"),),
            DL: (Join(CARER, 1, how="pending"),),
        },
        promote=((CARER, 0),),
        agreement_changes=True,
        expected_flags=("missing_carer",),
    ),
    DemoProject(
        key="home_care",
        organisation=COUNCIL,
        lead="lead",
        title="Help at home for older people",
        purpose=(
            "Many older people get help at home, like help to wash, dress or cook. We want to "
            "hear what works well and what does not. Then we will choose who gives this help "
            "from next year."
        ),
        visibility=PUBLIC,
        joining=INVITATION,
        needed={LE: 4, Perspective.CARER: 2, Perspective.COMMISSIONER: 1},
        stage=R,
        joins={
            U: (
                Join(STAFF, 1, role=CO_LEAD, who=("Commissioner for adult social care",)),
                Join(OLDER, 5),
                Join(OLDER, 1, how="decline"),
                Join(CARER, 2),
            ),
            R: (Join(RESEARCHER, 1, role=OBSERVER),),
        },
        leaves=((OLDER, 4),),
        # The failure this agreement shows: the council kept the final say.
        agreement_decisions=(
            "We talk about each choice at our meetings. Everyone gets a say. The council "
            "has the final say on which company gives the help."
        ),
        expected_flags=("no_lived_experience_co_lead", "agreement_final_say"),
    ),
    DemoProject(
        key="crisis_cafe",
        organisation=TRUST,
        lead="nhs_lead",
        title="A calm place to go in a crisis",
        purpose=(
            "When someone is in crisis, going to hospital can feel loud and scary. We want to "
            "open a calm "
            "place where people can go in the evening and talk to someone. We want to plan it "
            "with people who have been in crisis."
        ),
        visibility=PUBLIC,
        joining=INVITATION,
        needed={LE: 3, Perspective.PROFESSIONAL: 2},
        stage=DL,
        joins={
            U: (
                Join(STAFF, 1, who=("Community mental health nurse",)),
                Join(STAFF, 1, role=OBSERVER, who=("Commissioner for mental health",)),
                Join(PROFESSIONAL, 1),
            ),
            # The failure this project shows: people who have been in crisis
            # were only asked once the design had started.
            D: (
                Join(MENTAL_DISTRESS, 4),
                Join(MENTAL_DISTRESS, 1, how="pending"),
            ),
        },
        # Made a co-lead once the café was being set up: too late to shape it.
        promote=((MENTAL_DISTRESS, 0),),
        expected_flags=("lived_experience_joined_late",),
    ),
    DemoProject(
        key="care_leavers",
        organisation=TRUST,
        lead="nhs_lead",
        title="Leaving care, staying well",
        purpose=(
            "Young people who leave care can find it hard to get help with their mental "
            "health. We want to find out what gets in the way. Young people who have left "
            "care will lead this work with us."
        ),
        visibility=MEMBERS,
        joining=INVITATION,
        needed={LE: 5, Perspective.PROFESSIONAL: 1, Perspective.RESEARCHER: 1},
        stage=U,
        joins={
            U: (
                Join(CARE_LEAVER, 1, role=CO_LEAD),
                Join(CARE_LEAVER, 2),
                Join(CARE_LEAVER, 1, how="decline"),
                Join(CARE_LEAVER, 2, how="pending"),
                Join(STAFF, 1, who=("Psychologist",)),
                Join(RESEARCHER, 1, role=OBSERVER),
            ),
        },
        agreement=False,
        expected_flags=("missing_lived_experience",),
    ),
    DemoProject(
        key="clear_letters",
        organisation=TRUST,
        lead="nhs_lead",
        title="Clear letters about your care",
        purpose=(
            "We send people letters about their care. Many people say the letters are hard "
            "to read and full of long words. We want to write them again with the people who "
            "get them, so that everyone can understand them."
        ),
        visibility=PUBLIC,
        joining=OPEN,
        needed={LE: 3, Perspective.CARER: 1},
        stage=D,
        joins={
            U: (
                Join(MENTAL_DISTRESS, 1, role=CO_LEAD),
                Join(MENTAL_DISTRESS, 2, how="join"),
                Join(OLDER, 1, how="join"),
                Join(CARER, 2, how="join"),
                Join(STAFF, 1, who=("Psychologist",)),
            ),
            D: (
                Join(LEARNING_DISABILITY, 1, how="join"),
                Join(PROFESSIONAL, 1, how="join"),
            ),
        },
        expected_flags=(),
    ),
    DemoProject(
        key="day_centre_lunch",
        organisation=COUNCIL,
        lead="lead",
        title="Lunch at the day centre",
        purpose=(
            "People who go to the day centre eat lunch there. We want to ask them what they "
            "like to eat, and change the menu."
        ),
        visibility=PUBLIC,
        joining=INVITATION,
        needed={LE: 3},
        stage=R,
        joins={U: (Join(OLDER, 1, role=CO_LEAD), Join(OLDER, 2), Join(CARER, 1))},
        expected_flags=(),
        # The failure it shows: it closed, and no decision says what people said shaped it.
        closed_summary="The day centre has a new menu from March.",
    ),
)

# The agreement each project writes, in the project's own words. The purpose
# section is the project's purpose.
AGREEMENT_DECISIONS = (
    "We make decisions together at our meetings. Everyone gets a say. If we cannot all "
    "agree, we vote, and the co-leads write down why we chose what we chose."
)
AGREEMENT_PAYMENT = (
    "Members who are not staff get £20 for each hour of a meeting. We pay for travel, and "
    "for a carer or support worker. We pay within 14 days."
)
AGREEMENT_PAYMENT_CHANGED = (
    "Members who are not staff get £25 for each hour of a meeting. You choose: money in "
    "the bank or a voucher. We pay for travel, and for a carer or support worker. We pay "
    "within 10 days."
)
AGREEMENT_DISAGREEMENTS = (
    "If you are not happy, tell a co-lead, or anyone you trust in the group. We will talk "
    "it through together and try to put it right."
)
AGREEMENT_GROUND_RULES = (
    "One person talks at a time. We use plain words. We respect each other. What people "
    "share about their lives stays in the room."
)

# The chance that a member has signed the agreement.
SIGN_SHARE = 0.75
