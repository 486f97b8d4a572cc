"""A meeting paper's Easy Read version, made with the project's Easy Read tools:
writing it through the page, reading it, who may and may not, and the audit log."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast
from ustogether.core.tests.files import PDF_BYTES
from ustogether.meetings import services, services_papers
from ustogether.meetings.models import Meeting, Paper
from ustogether.meetings.testing import cast_meeting
from ustogether.people.models import Person
from ustogether.plainlanguage import easyread
from ustogether.plainlanguage import pictures as picture_set
from ustogether.plainlanguage.models import EasyReadVersion, UploadedPicture
from ustogether.plainlanguage.pagetext import check_page, main_text
from ustogether.plainlanguage.ui_words import database_strings
from ustogether.projects.models import Project

pytestmark = pytest.mark.django_db

POINTS = (
    "What this paper is about\n\n"
    "We want to make short breaks better.\n\n"
    "We will talk about this at the meeting."
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def add_paper(
    cast: Cast, meeting: Meeting | None = None, title: str = "Short breaks plan"
) -> Paper:
    return services_papers.paper_add(
        meeting=meeting or cast_meeting(cast),
        by=cast.lead,
        title=title,
        upload=SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf"),
    )


def url(name: str, paper: Paper, *more: int) -> str:
    meeting = paper.meeting
    return reverse(f"meetings:{name}", args=[meeting.project_id, meeting.pk, paper.pk, *more])


def write(cast: Cast, paper: Paper, text: str = POINTS) -> EasyReadVersion:
    return easyread.easy_read_write(subject=paper, by=cast.lead, title="Short breaks", text=text)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (29, 112, 184)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def test_a_co_lead_writes_it_through_the_page_and_a_member_reads_it(cast: Cast) -> None:
    paper = add_paper(cast)
    lead = signed_in(cast.lead)
    form = lead.get(url("paper_easy_read_write", paper))
    assert form.status_code == 200
    html = form.content.decode()
    # The paper's title is offered as the Easy Read title, under the meeting's name.
    assert 'value="Short breaks plan"' in html and paper.meeting.title in html
    response = lead.post(
        url("paper_easy_read_write", paper), {"title": "Our short breaks plan", "points": POINTS}
    )
    assert response.status_code == 302
    assert response["Location"] == url("paper_easy_read_pictures", paper)
    version = EasyReadVersion.objects.get()
    assert version.subject == paper and version.title == "Our short breaks plan"
    assert [p.text for p in version.active_points()] == [
        "What this paper is about",
        "We want to make short breaks better.",
        "We will talk about this at the meeting.",
    ]
    page = signed_in(cast.member).get(url("paper_easy_read", paper))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Our short breaks plan" in text
    assert text.index("We want to make") < text.index("We will talk about")
    assert reverse("meetings:detail", args=[cast.project.pk, paper.meeting.pk]) in text
    assert (
        reverse("meetings:paper_file", args=[cast.project.pk, paper.meeting.pk, paper.pk]) in text
    )
    # A member is not offered the button to change it.
    assert url("paper_easy_read_write", paper) not in text
    # The project's own Easy Read page is not this one.
    assert easyread.version_for(cast.project) is None


def test_the_write_page_shows_the_easy_read_checks(cast: Cast) -> None:
    paper = add_paper(cast)
    write(
        cast, paper, text="We will leverage the paradigm of stakeholder engagement going forward."
    )
    html = signed_in(cast.lead).get(url("paper_easy_read_write", paper)).content.decode()
    assert "This point has no picture." in html
    assert "leverage" in html


def test_choosing_a_picture_through_the_page_puts_it_beside_the_point(cast: Cast) -> None:
    paper = add_paper(cast)
    version = write(cast, paper)
    point = list(version.active_points())[1]
    pictures = signed_in(cast.lead).get(url("paper_easy_read_pictures", paper))
    assert pictures.status_code == 200
    assert url("paper_easy_read_choose", paper, point.pk) in pictures.content.decode()
    choose_url = url("paper_easy_read_choose", paper, point.pk)
    page = signed_in(cast.lead).get(choose_url + "?q=doctor")
    hexcode = picture_set.search_pictures("doctor")[0].hexcode
    assert f'value="openmoji:{hexcode}"' in page.content.decode()
    response = signed_in(cast.lead).post(
        choose_url, {"choose": "1", "picture": f"openmoji:{hexcode}", "picture_alt": ""}
    )
    assert response.status_code == 302
    # On to the next point without a picture.
    after = list(version.active_points())[2]
    assert response["Location"] == url("paper_easy_read_choose", paper, after.pk)
    point.refresh_from_db()
    assert point.picture_key == hexcode
    html = signed_in(cast.carer).get(url("paper_easy_read", paper)).content.decode()
    assert f'src="/static/openmoji/{hexcode}.svg"' in html


def test_an_uploaded_picture_is_for_the_projects_members_only(cast: Cast) -> None:
    paper = add_paper(cast)
    point = list(write(cast, paper).active_points())[1]
    response = signed_in(cast.lead).post(
        url("paper_easy_read_choose", paper, point.pk),
        {"upload": "1", "image": SimpleUploadedFile("us.png", png()), "alt_text": "Us"},
    )
    assert response.status_code == 302
    picture = UploadedPicture.objects.get()
    assert picture.organisation == cast.organisation
    served = reverse("plainlanguage:uploaded_picture", args=[picture.pk])
    assert signed_in(cast.member).get(served).status_code == 200
    # Papers are for members, even on a public project.
    assert Client().get(served).status_code == 404
    assert signed_in(cast.outsider).get(served).status_code == 404


@pytest.mark.parametrize(
    ("who", "read", "write_status"),
    [
        ("member", 200, 403),
        ("carer", 200, 403),
        ("observer", 200, 403),
        ("lead", 200, 200),
        ("org_admin", 200, 200),
        ("outsider", 403, 403),
    ],
)
def test_who_reads_and_who_writes(cast: Cast, who: str, read: int, write_status: int) -> None:
    paper = add_paper(cast)
    write(cast, paper)
    client = signed_in(getattr(cast, who))
    assert client.get(url("paper_easy_read", paper)).status_code == read
    assert client.get(url("paper_easy_read_write", paper)).status_code == write_status
    response = client.post(
        url("paper_easy_read_write", paper), {"title": "Taken over", "points": "Taken over."}
    )
    assert response.status_code == (302 if write_status == 200 else write_status)
    if write_status != 200:
        assert EasyReadVersion.objects.get().title == "Short breaks"


def test_an_outsider_finds_nothing_on_a_members_only_project() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    paper = add_paper(cast)
    write(cast, paper)
    client = signed_in(cast.outsider)
    assert client.get(url("paper_easy_read", paper)).status_code == 404
    assert client.get(url("paper_easy_read_write", paper)).status_code == 404
    assert Client().get(url("paper_easy_read", paper)).status_code == 302  # sign in first


def test_another_projects_paper_is_not_found_through_this_meeting(cast: Cast) -> None:
    mine = cast_meeting(cast)
    other_cast = make_cast()
    theirs = add_paper(other_cast)
    write(other_cast, theirs)
    for name in ("paper_easy_read", "paper_easy_read_write", "paper_easy_read_pictures"):
        # This project and meeting, their paper; then their meeting through this project.
        wrong_paper = reverse(f"meetings:{name}", args=[cast.project.pk, mine.pk, theirs.pk])
        wrong_meeting = reverse(
            f"meetings:{name}", args=[cast.project.pk, theirs.meeting.pk, theirs.pk]
        )
        for address in (wrong_paper, wrong_meeting):
            assert signed_in(cast.lead).get(address).status_code == 404, address
    response = signed_in(cast.lead).post(
        reverse("meetings:paper_easy_read_write", args=[cast.project.pk, mine.pk, theirs.pk]),
        {"title": "Taken over", "points": "Taken over."},
    )
    assert response.status_code == 404
    assert EasyReadVersion.objects.get().title == "Short breaks"


def test_the_service_says_no_to_a_member_and_to_anyone_of_another_project(cast: Cast) -> None:
    paper = add_paper(cast)
    with pytest.raises(PermissionDenied):
        easyread.easy_read_write(subject=paper, by=cast.member, title="Mine", text="Mine.")
    with pytest.raises(PermissionDenied):
        easyread.easy_read_write(subject=paper, by=make_cast().lead, title="Mine", text="Mine.")
    assert not EasyReadVersion.objects.exists()


def test_a_withdrawn_papers_easy_read_version_is_not_shown(cast: Cast) -> None:
    paper = add_paper(cast)
    write(cast, paper)
    detail = reverse("meetings:detail", args=[cast.project.pk, paper.meeting.pk])
    assert url("paper_easy_read", paper) in signed_in(cast.member).get(detail).content.decode()
    services_papers.paper_withdraw(paper=paper, by=cast.lead)
    assert signed_in(cast.member).get(url("paper_easy_read", paper)).status_code == 404
    assert signed_in(cast.lead).get(url("paper_easy_read_write", paper)).status_code == 404
    assert url("paper_easy_read", paper) not in signed_in(cast.member).get(detail).content.decode()
    paper.refresh_from_db()
    with pytest.raises(PermissionDenied):
        write(cast, paper, text="Changed after it was taken off.")


def test_a_cancelled_meetings_paper_cannot_get_a_new_easy_read_version(cast: Cast) -> None:
    paper = add_paper(cast)
    services.meeting_cancel(meeting=paper.meeting, by=cast.lead, reason="The room flooded.")
    paper.refresh_from_db()
    with pytest.raises(ValidationError):
        write(cast, paper)
    response = signed_in(cast.lead).post(
        url("paper_easy_read_write", paper), {"title": "Short breaks", "points": POINTS}
    )
    assert response.status_code == 422
    assert "This meeting is cancelled" in response.content.decode()
    assert not EasyReadVersion.objects.exists()


def test_the_meeting_page_links_each_paper_to_its_easy_read_version(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    with_one = add_paper(cast, meeting, title="Short breaks plan")
    without = add_paper(cast, meeting, title="Budget")
    write(cast, with_one)
    detail = reverse("meetings:detail", args=[cast.project.pk, meeting.pk])
    member = signed_in(cast.member).get(detail).content.decode()
    assert url("paper_easy_read", with_one) in member
    assert "Easy Read version" in member
    assert url("paper_easy_read", without) not in member
    assert "Make an Easy Read version" not in member
    lead = signed_in(cast.lead).get(detail).content.decode()
    assert url("paper_easy_read", with_one) in lead
    assert url("paper_easy_read_write", without) in lead
    assert "Make an Easy Read version" in lead
    assert url("paper_easy_read_write", with_one) not in lead
    papers = signed_in(cast.lead).get(
        reverse("meetings:papers", args=[cast.project.pk, meeting.pk])
    )
    assert url("paper_easy_read_write", without) in papers.content.decode()
    assert url("paper_easy_read", with_one) in papers.content.decode()


def test_every_write_is_audited_on_the_project(cast: Cast) -> None:
    paper = add_paper(cast)
    version = write(cast, paper)
    write(cast, paper, text=POINTS + "\n\nCome and meet us.")
    points = list(version.active_points())
    easyread.easy_read_choose_picture(
        point=points[1],
        by=cast.lead,
        choice=f"openmoji:{picture_set.search_pictures('happy')[0].hexcode}",
    )
    easyread.easy_read_upload_picture(
        subject=paper, by=cast.lead, image=SimpleUploadedFile("a.png", png()), point=points[2]
    )
    events = AuditEvent.objects.filter(
        scope_type=ContentType.objects.get_for_model(Project),
        scope_id=cast.project.pk,
        verb__startswith="easy_read.",
    )
    assert sorted(e.verb for e in events) == [
        "easy_read.created",
        "easy_read.picture_chosen",
        "easy_read.picture_chosen",
        "easy_read.picture_uploaded",
        "easy_read.written",
    ]
    assert all(e.actor_id == cast.lead.pk for e in events)


def test_the_projects_own_easy_read_still_works_beside_a_papers(cast: Cast) -> None:
    paper = add_paper(cast)
    write(cast, paper)
    response = signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_write", args=[cast.project.pk]),
        {"title": "About the project", "points": "We make short breaks better."},
    )
    assert response["Location"] == reverse(
        "plainlanguage:easy_read_pictures", args=[cast.project.pk]
    )
    assert easyread.version_for(cast.project).title == "About the project"  # type: ignore[union-attr]
    assert easyread.version_for(paper).title == "Short breaks"  # type: ignore[union-attr]
    html = Client().get(reverse("plainlanguage:easy_read", args=[cast.project.pk])).content.decode()
    assert "We make short breaks better." in html and "Back to the project page" in html
    assert "We want to make short breaks better." not in html


def test_the_paper_easy_read_pages_speak_plainly(cast: Cast) -> None:
    """The crawl of the demo (plainlanguage/tests/test_ui_words.py) sees one meeting
    of each kind, so these pages are checked here: no jargon, reading age 9 or below."""
    meeting = cast_meeting(cast)
    paper = add_paper(cast, meeting)
    add_paper(cast, meeting, title="Budget")  # offers "Make an Easy Read version"
    version = write(cast, paper, text="Come and meet us.\n\nWe will have a cup of tea.")
    point = list(version.active_points())[1]
    pages = [
        url("paper_easy_read", paper),
        url("paper_easy_read_write", paper),
        url("paper_easy_read_pictures", paper),
        url("paper_easy_read_choose", paper, point.pk),
        reverse("meetings:detail", args=[cast.project.pk, meeting.pk]),
        reverse("meetings:papers", args=[cast.project.pk, meeting.pk]),
    ]
    typed = database_strings()
    client = signed_in(cast.lead)
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        page = check_page(address, address, main_text(response.content.decode()), typed)
        assert page.findings == (), (address, page.findings)
        assert page.reading_age <= 9.0, (address, page.reading_age, page.worst_sentences())


def test_the_papers_easy_read_page_costs_the_same_however_many_points(cast: Cast) -> None:
    paper = add_paper(cast)
    client = signed_in(cast.member)

    def count(points: int) -> int:
        version = write(cast, paper, text="\n\n".join(f"Point number {n}." for n in range(points)))
        for point in version.active_points():
            easyread.easy_read_upload_picture(
                subject=paper, by=cast.lead, image=SimpleUploadedFile("a.png", png()), point=point
            )
        client.get(url("paper_easy_read", paper))  # warm the content type cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("paper_easy_read", paper))
        assert response.content.decode().count("ut-easy-read__point") == points
        return len(queries)

    few = count(3)
    assert count(12) == few
    assert few <= 12, few


@pytest.mark.django_db(transaction=True)  # the telling waits for the commit
def test_an_easy_read_paper_written_after_the_papers_went_tells_the_people_coming() -> None:
    from django.core import mail

    from ustogether.meetings.models import Invitee, Notification
    from ustogether.meetings.testing import in_days

    cast = make_cast()
    meeting = cast_meeting(cast)
    services.meeting_fix_date(
        meeting=meeting, by=cast.lead, starts_at=in_days(20, 10), ends_at=in_days(20, 12)
    )
    Invitee.objects.filter(meeting=meeting, person=cast.observer).update(way=Invitee.Way.NOT_COMING)
    Person.objects.filter(pk=cast.carer.pk).update(
        contact_by=Person.ContactBy.POST, postal_address="4 Mill Lane\nRiverside"
    )
    paper = add_paper(cast, meeting)
    services_papers.papers_send(meeting=meeting, by=cast.lead)
    paper = Paper.objects.select_related("meeting").get(pk=paper.pk)
    mail.outbox.clear()
    write(cast, paper)
    subject = f"An Easy Read paper to read before: {meeting.title}"
    told = {m.to[0] for m in mail.outbox if m.subject == subject}
    assert cast.member.email in told and cast.lead.email in told
    assert cast.observer.email not in told, "they said they are not coming"
    assert cast.carer.email not in told, "she asked for post"
    assert (
        f"There is now an Easy Read version of the paper “Short breaks plan” for “{meeting.title}”"
        in mail.outbox[0].body
    )
    letter = Notification.objects.get(person=cast.carer, what="easy_read")
    assert letter.channel == Notification.Channel.POST and letter.done_at is None
    assert AuditEvent.objects.filter(verb="meeting.easy_read_sent", subject_id=paper.pk).exists()
    # Changing a word later tells nobody again.
    mail.outbox.clear()
    write(cast, paper, POINTS + "\n\nBring a friend if you like.")
    assert not [m for m in mail.outbox if m.subject == subject]


@pytest.mark.django_db(transaction=True)
def test_a_paper_not_sent_yet_or_a_meeting_held_tells_nobody() -> None:
    from django.core import mail

    cast = make_cast()
    not_sent = add_paper(cast)
    mail.outbox.clear()
    write(cast, not_sent)
    held = cast_meeting(cast)
    paper = add_paper(cast, held, title="Old plan")
    services_papers.papers_send(meeting=held, by=cast.lead)
    Meeting.objects.filter(pk=held.pk).update(
        status=Meeting.Status.FIXED, starts_at=timezone.now() - dt.timedelta(days=1)
    )
    paper.refresh_from_db()
    mail.outbox.clear()
    write(cast, paper)
    assert not [m for m in mail.outbox if "Easy Read paper" in m.subject]
    assert not AuditEvent.objects.filter(verb="meeting.easy_read_sent").exists()
