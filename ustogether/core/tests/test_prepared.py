"""A prepared query gives what the ORM gives, for each call's own values."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Exists, Model, OuterRef
from django.test.utils import CaptureQueriesContext

from ustogether.core.prepared import Prepared
from ustogether.core.testing import add_member, make_person, make_project
from ustogether.projects.models import AgreementSignature, AgreementVersion, Membership, Project

pytestmark = pytest.mark.django_db


def fields(obj: Model) -> dict[str, Any]:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_it_gives_the_objects_and_what_select_related_joins_for_each_calls_values() -> None:
    lead = make_person()
    first = make_project(lead=lead, title="First")
    second = make_project(lead=lead, title="Second")
    memberships = Prepared(
        lambda project_id, person_id: Membership.objects.select_related(
            "project__organisation"
        ).filter(project_id=project_id, person_id=person_id)
    )
    for project in (first, second, first):
        expected = Membership.objects.select_related("project__organisation").get(
            project=project, person=lead
        )
        with CaptureQueriesContext(connection) as queries:
            [found] = memberships.objects(project_id=project.pk, person_id=lead.pk)
            # The joined objects came with it: no more queries for them.
            assert found.project.organisation.name == project.organisation.name
        assert len(queries) == 1
        assert fields(found) == fields(expected)
        assert fields(found.project) == fields(expected.project)
        assert fields(found.project.organisation) == fields(expected.project.organisation)
    assert memberships.objects(project_id=first.pk, person_id=make_person().pk) == []


def test_it_gives_annotations_and_values_list_rows() -> None:
    lead, member = make_person(), make_person()
    project = make_project(lead=lead)
    add_member(project, member)
    version = AgreementVersion.objects.create(project=project, number=1, written_by=lead)
    AgreementSignature.objects.create(version=version, person=lead)
    signed = Prepared(
        lambda project_id, person_id: (
            AgreementVersion.objects.filter(project_id=project_id)
            .annotate(
                signed=Exists(
                    AgreementSignature.objects.filter(version=OuterRef("pk"), person_id=person_id)
                )
            )
            .order_by("-number")[:1]
        )
    )
    assert signed.objects(project_id=project.pk, person_id=lead.pk)[0].signed is True
    assert signed.objects(project_id=project.pk, person_id=member.pk)[0].signed is False

    titles = Prepared(
        lambda title: Project.objects.filter(title=title).values_list("pk", "organisation__name")
    )
    assert titles.rows(title=project.title) == [(project.pk, project.organisation.name)]
    assert titles.rows(title="No project is called this") == []


def test_it_refuses_values_that_would_change_the_sql() -> None:
    by_title = Prepared(lambda title: Project.objects.filter(title=title))
    with pytest.raises(TypeError):
        by_title.objects(title=None)  # type: ignore[arg-type]  # would be "IS NULL"
    # The value does not reach the SQL as it was given (here: inside a LIKE pattern).
    containing = Prepared(lambda title: Project.objects.filter(title__contains=title))
    with pytest.raises(ValueError, match="does not use"):
        containing.objects(title="breaks")
