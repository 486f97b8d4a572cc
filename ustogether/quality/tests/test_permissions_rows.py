"""Who gets the check's pages that its first table (test_permissions.py) tries in its
own way: the two pages about the check, closing a check, publishing a scorecard and
reading a published one. In the shared form (core/gates/permission_table.py), so each
also gets the checks on headers, no changes on GET and other projects' objects."""

from __future__ import annotations

import pytest

from ustogether.core.gates.permission_table import (
    ANYONE,
    MANAGERS,
    POST_ONLY,
    Case,
    Row,
    cases,
    posted,
)
from ustogether.core.testing import Cast
from ustogether.people.models import Person
from ustogether.quality import notify, services
from ustogether.quality.models import Check
from ustogether.quality.scorecard import organisation_figures
from ustogether.quality.statements import Choice
from ustogether.quality.tests.helpers import open_check, statements_of


def _check(cast: Cast) -> list[int]:
    return [cast.project.pk, open_check(cast.project, cast.lead).pk]


def _notice(cast: Cast) -> list[int]:
    """A check that asks the member, who hears by phone: a notice for the co-leads' list."""
    Person.objects.filter(pk=cast.member.pk).update(contact_by=Person.ContactBy.PHONE)
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    return [cast.project.pk, check.pk, check.notices.get().pk]


def _paper_back(cast: Cast) -> list[int]:
    """A check the member sent a paper back for, still to type in."""
    check = open_check(cast.project, cast.lead)
    services.paper_returned(check=check, by=cast.lead, people=[cast.member])
    return [cast.project.pk, check.pk]


def _one_paper(cast: Cast) -> dict[str, str]:
    check = Check.objects.filter(project=cast.project).latest("pk")
    return {f"s{statements_of(check)[0].pk}": Choice.AGREE}


def _published(cast: Cast) -> list[object]:
    published = services.scorecard_publish(
        organisation=cast.organisation,
        by=cast.org_admin,
        figures=organisation_figures(cast.organisation, public=True),
    )
    return [cast.organisation.slug, published.pk]


ROWS = [
    # What the check is and how answers stay secret: for anyone, before they answer.
    Row("quality:how_secret", get=ANYONE),
    Row("quality:ladder", get=ANYONE),
    Row("quality:check_close", args=_check, get=POST_ONLY),
    Row("quality:notice_told", args=_notice, get=POST_ONLY, post=posted(MANAGERS)),
    Row("quality:notice_words", args=_notice, get=MANAGERS),
    # Answers on paper: only the co-leads print them, say who sent one back, type them in.
    Row(
        "quality:paper",
        args=_check,
        get=MANAGERS,
        post=posted(MANAGERS),
        data=lambda cast: {"people": [cast.member.pk]},
    ),
    Row(
        "quality:paper_type", args=_paper_back, get=MANAGERS, post=posted(MANAGERS), data=_one_paper
    ),
    Row("quality:paper_print", args=_check, get=MANAGERS),
    Row("quality:org_publish", args=lambda cast: [cast.organisation.slug], get=POST_ONLY),
    # A published scorecard is public by design, for ever.
    Row("quality:published_scorecard", args=_published, get=ANYONE),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_the_other_check_pages(case: Case) -> None:
    case.run()
