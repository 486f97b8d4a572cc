"""Plain-language demo data for `manage.py seed_demo`: finished Easy Read versions of
two projects, a question about a word and a suggested word waiting for a co-lead.

Everything goes through the same services the site uses, so the audit log fills
as it would in real use. Pictures are OpenMoji (CC BY-SA 4.0), by their codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from ustogether.people.models import Person
from ustogether.plainlanguage import easyread, services
from ustogether.plainlanguage.models import EasyReadVersion
from ustogether.projects.models import Project


@dataclass(frozen=True)
class DemoEasyRead:
    title: str
    # Each point with the OpenMoji picture beside it.
    points: tuple[tuple[str, str], ...]


EASY_READ: dict[str, DemoEasyRead] = {
    "Places to go in the day": DemoEasyRead(
        "Places to go in the day",
        (
            ("Some adults spend the day at a place run by the council.", "1F3E2"),
            ("Many people tell us they are bored there.", "1F5E3"),
            ("We want to find out what you would like to do in the day.", "1F3A8"),
            ("You can tell us at a meeting, on the phone or in a letter.", "1F4AC"),
            ("We will pay for your bus or taxi.", "1F68C"),
            ("We will pay you 20 pounds for each hour of a meeting.", "1F4B7"),
            ("Then we will plan new places to go together.", "1F91D"),
        ),
    ),
    "Breaks for carers": DemoEasyRead(
        "Breaks for carers",
        (
            ("Carers look after someone they love.", "1F46B"),
            ("Carers need time to rest too.", "2615"),
            ("Carers tell us it is hard to book a break.", "1F4C5"),
            ("We want to make breaks easy to get.", "1F60A"),
            ("Come and help us plan this.", "1F64B"),
        ),
    ),
}


@dataclass(frozen=True)
class DemoWord:
    project: str
    by: str  # a named demo account
    term: str
    plain: str = ""
    definition: str = ""

    @property
    def is_question(self) -> bool:
        return not self.definition


WORDS: tuple[DemoWord, ...] = (
    DemoWord("Breaks for carers", "carer", "respite"),
    DemoWord(
        "Places to go in the day",
        "member",
        "day opportunities",
        "things to do in the day",
        "Activities in the day, like clubs, classes, work or volunteering, that a person "
        "chooses instead of going to a day centre.",
    ),
)


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    by_title = {project.title: project for project in projects}
    for title, spec in EASY_READ.items():
        project = by_title[title]
        lead = project.created_by
        version = easyread.easy_read_write(
            subject=project,
            by=lead,
            title=spec.title,
            text="\n\n".join(text for text, _picture in spec.points),
        )
        for point, (_text, hexcode) in zip(version.active_points(), spec.points, strict=True):
            easyread.easy_read_choose_picture(point=point, by=lead, choice=f"openmoji:{hexcode}")
    for word in WORDS:
        project = by_title[word.project]
        services.glossary_suggest(
            by=accounts[word.by],
            organisation=project.organisation,
            project=project,
            term=word.term,
            plain=word.plain,
            definition=word.definition,
            question=word.is_question,
        )


def delete(projects: QuerySet[Project]) -> None:
    """Remove the demo's Easy Read versions, which point at projects without a foreign key."""
    EasyReadVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(Project),
        object_id__in=projects.values("pk"),
    ).delete()
