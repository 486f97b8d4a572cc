"""Every contribution and decision page, tried as every kind of person, for public and
members-only projects. The same shape as projects/tests/test_permissions.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ustogether.contributions import services
from ustogether.contributions.models import Contribution
from ustogether.contributions.testing import checked_photo, say
from ustogether.core.testing import Cast, make_cast
from ustogether.decisions import services as decision_services
from ustogether.decisions.models import Decision
from ustogether.projects.models import Project

PEOPLE = ["anonymous", "outsider", "finance", "observer", "member", "lead", "org_admin"]

EVERYONE = dict.fromkeys(PEOPLE, 200)
READERS = {
    "anonymous": 302,
    "outsider": 403,
    "finance": 403,
    "observer": 200,
    "member": 200,
    "lead": 200,
    "org_admin": 200,
}
WRITERS = {**READERS, "observer": 403}
MANAGERS = {**WRITERS, "member": 403}
# Something shared with the team only: people outside it cannot tell it exists.
TEAM_ONLY = {**READERS, "anonymous": 404, "outsider": 404, "finance": 404}

# page name -> (which object it is about, status on a PUBLIC project)
TABLE: dict[str, tuple[str, dict[str, int]]] = {
    "contributions:list": ("project", READERS),
    "contributions:new": ("project", WRITERS),
    "contributions:new_on_behalf": ("project", WRITERS),
    "contributions:settings": ("project", MANAGERS),
    "contributions:export": ("project", MANAGERS),
    "contributions:you_said_we_did": ("project", EVERYONE),
    "contributions:easy_read": ("project", EVERYONE),
    "contributions:detail": ("team", TEAM_ONLY),
    "contributions:detail ": ("public", EVERYONE),
    "contributions:file": ("public_photo", EVERYONE),
    "contributions:file ": ("team_photo", TEAM_ONLY),
    "contributions:hide": ("team", {**MANAGERS, "anonymous": 302}),
    "contributions:show": ("hidden", {**MANAGERS, "anonymous": 302}),
    # The answer form lives on the contribution's page; its address sends you there.
    "contributions:respond": ("team", {**MANAGERS, "lead": 302, "org_admin": 302}),
    "decisions:list": ("project", EVERYONE),
    "decisions:new": ("project", MANAGERS),
    "decisions:export": ("project", READERS),
    "decisions:detail": ("published", EVERYONE),
    "decisions:detail ": ("draft", TEAM_ONLY),
    "decisions:link": ("published", MANAGERS),
}


def _private(expected: int, who: str) -> int:
    """On a members-only project, anyone outside it gets 404: the project stays hidden."""
    if who in ("outsider", "finance"):
        return 404
    if who == "anonymous":
        return 302 if expected == 302 else 404
    return expected


# One test per page and kind of project, trying every person in turn: the world
# each test builds is costly, and a table row reads better whole.
CASES = [(visibility, page) for visibility in ("public", "members") for page in TABLE]


@dataclass
class World:
    cast: Cast
    subjects: dict[str, int]


def _world(visibility: str) -> World:
    cast = make_cast(visibility=visibility)
    project = cast.project
    team = say(project, cast.member)
    public = say(project, cast.member, sharing=Contribution.Sharing.PUBLIC)
    photo_args: dict = {
        "project": project,
        "by": cast.member,
        "kind": Contribution.Kind.PHOTO,
        "description": "A bench.",
    }
    public_photo = services.contribution_create(
        **photo_args, file=checked_photo(), sharing=Contribution.Sharing.PUBLIC
    )
    team_photo = services.contribution_create(**photo_args, file=checked_photo())
    hidden = say(project, cast.member)
    services.contribution_hide(contribution=hidden, by=cast.lead, reason="Names someone.")
    fields = {
        "project": project,
        "by": cast.lead,
        "details": "We will.",
        "decided_on": team.created_at.date(),
        "method": Decision.Method.CONSENSUS,
    }
    draft = decision_services.decision_create(title="A draft", **fields)  # type: ignore[arg-type]
    services.rules_update(project=project, by=cast.lead, response_days=28, joint_sign_off=False)
    published = decision_services.decision_create(title="Shown", **fields)  # type: ignore[arg-type]
    return World(
        cast,
        {
            "team": team.pk,
            "public": public.pk,
            "public_photo": public_photo.pk,
            "team_photo": team_photo.pk,
            "hidden": hidden.pk,
            "draft": draft.pk,
            "published": published.pk,
        },
    )


@pytest.fixture
def media(db: None, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def worlds(media: None) -> dict[str, World]:
    return {
        "public": _world(Project.Visibility.PUBLIC),
        "members": _world(Project.Visibility.MEMBERS),
    }


def _url(world: World, page: str) -> str:
    subject, _row = TABLE[page]
    args = [world.cast.project.pk]
    if subject != "project":
        args.append(world.subjects[subject])
    return reverse(page.strip(), args=args)


@pytest.mark.parametrize(("visibility", "page"), CASES)
def test_who_gets_which_page(media: None, visibility: str, page: str) -> None:
    world = _world(visibility)
    _subject, row = TABLE[page]
    expected = {
        who: status if visibility == "public" else _private(status, who)
        for who, status in row.items()
    }
    got = {}
    for who in PEOPLE:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(world.cast, who))
        got[who] = client.get(_url(world, page)).status_code
    assert got == expected, f"{page} on a {visibility} project"


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
def test_my_contributions_page_is_for_anyone_signed_in(worlds: dict[str, World], who: str) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(worlds["public"].cast, who))
    response = client.get(reverse("contributions:mine"))
    assert response.status_code == (302 if who == "anonymous" else 200)


@pytest.mark.parametrize("who", ["outsider", "observer", "member", "carer"])
def test_only_co_leads_can_answer_hide_or_export(worlds: dict[str, World], who: str) -> None:
    world = worlds["public"]
    client = Client()
    client.force_login(getattr(world.cast, who))
    pk = world.subjects["team"]
    project_id = world.cast.project.pk
    answer = client.post(
        reverse("contributions:respond", args=[project_id, pk]),
        {"outcome": "taken_forward", "text": "Done."},
    )
    hide = client.post(reverse("contributions:hide", args=[project_id, pk]), {"reason": "No."})
    assert answer.status_code == 403 and hide.status_code == 403
    contribution = Contribution.objects.get(pk=pk)
    assert contribution.state == Contribution.State.NEW and not contribution.is_hidden


def test_a_member_of_one_project_sees_nothing_private_of_another(
    worlds: dict[str, World],
) -> None:
    mine, theirs = worlds["public"], worlds["members"]
    client = Client()
    client.force_login(mine.cast.member)
    for subject, page in (
        ("team", "contributions:detail"),
        ("team_photo", "contributions:file"),
        ("draft", "decisions:detail"),
    ):
        url = reverse(page, args=[theirs.cast.project.pk, theirs.subjects[subject]])
        assert client.get(url).status_code == 404
        # Nor through its own project's address with the other project's object.
        url = reverse(page, args=[mine.cast.project.pk, theirs.subjects[subject]])
        assert client.get(url).status_code == 404


def test_a_member_cannot_post_a_file_to_a_project_they_only_observe(
    worlds: dict[str, World],
) -> None:
    world = worlds["public"]
    client = Client()
    client.force_login(world.cast.observer)
    response = client.post(
        reverse("contributions:new", args=[world.cast.project.pk]),
        {"kind": "document", "file": SimpleUploadedFile("a.txt", b"Hello"), "sharing": "team"},
    )
    assert response.status_code == 403
    assert not Contribution.objects.filter(recorded_by=world.cast.observer).exists()
