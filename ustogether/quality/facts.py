"""What the red flags and the ladder read about a set of projects, loaded once.

A scorecard may cover hundreds of projects, so every rule reads all of them at
once: the common facts here in a fixed number of queries, and anything else a
rule needs through `ProjectFacts.load`, one query per rule, however many projects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Q
from django.utils import timezone

from ustogether.projects.models import Membership, NeededPerspective, Project, Stage
from ustogether.quality.lookups import AnyOf
from ustogether.quality.models import QualityPolicy
from ustogether.quality.thresholds import Thresholds, thresholds_from

T = TypeVar("T")


# Light records rather than model instances: a scorecard reads thousands of them.
@dataclass(frozen=True, slots=True)
class StageFact:
    pk: int
    kind: str
    order: int
    name: str


@dataclass(frozen=True, slots=True)
class MemberFact:
    person_id: int
    role: str
    perspective: str
    stage_joined: StageFact | None
    left_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class NeedFact:
    perspective: str
    count: int


@dataclass
class ProjectFacts:
    projects: list[Project]
    stages: dict[int, list[StageFact]]
    memberships: dict[int, list[MemberFact]]  # everyone who was ever a member
    needed: dict[int, list[NeedFact]]
    thresholds: dict[int, Thresholds]  # by organisation
    now: dt.datetime
    _loaded: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        return self.load("ids", lambda f: [p.pk for p in f.projects])

    def limits(self, project: Project) -> Thresholds:
        return self.thresholds[project.organisation_id]

    def active(self, project: Project) -> list[MemberFact]:
        return [m for m in self.memberships[project.pk] if m.left_at is None]

    def stage_of_kind(self, project: Project, kind: str) -> StageFact | None:
        return next((s for s in self.stages[project.pk] if s.kind == kind), None)

    def current_order(self, project: Project) -> int | None:
        stage_id = project.current_stage_id
        return next((s.order for s in self.stages[project.pk] if s.pk == stage_id), None)

    def load(self, name: str, loader: Callable[[ProjectFacts], T]) -> T:
        """Load something for every project once, however many rules ask for it."""
        if name not in self._loaded:
            self._loaded[name] = loader(self)
        value: T = self._loaded[name]
        return value


def load_facts(projects: Sequence[Project]) -> ProjectFacts:
    """Four queries, however many projects and members."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    stages: dict[int, list[StageFact]] = defaultdict(list)
    by_id: dict[int, StageFact] = {}
    for pk, project_id, kind, order, name in (
        Stage.objects.filter(AnyOf("project_id", ids))
        .order_by("project_id", "order")
        .values_list("pk", "project_id", "kind", "order", "name")
    ):
        stage = by_id[pk] = StageFact(pk, kind, order, name)
        stages[project_id].append(stage)
    memberships: dict[int, list[MemberFact]] = defaultdict(list)
    for project_id, person_id, role, perspective, stage_id, left_at in (
        Membership.objects.filter(AnyOf("project_id", ids))
        .order_by("joined_at", "id")
        .values_list("project_id", "person_id", "role", "perspective", "stage_joined_id", "left_at")
    ):
        memberships[project_id].append(
            MemberFact(person_id, role, perspective, by_id.get(stage_id or 0), left_at)
        )
    needed: dict[int, list[NeedFact]] = defaultdict(list)
    for project_id, perspective, count in NeededPerspective.objects.filter(
        AnyOf("project_id", ids)
    ).values_list("project_id", "perspective", "count"):
        needed[project_id].append(NeedFact(perspective, count))
    organisation_ids = {p.organisation_id for p in projects}
    policies = {
        policy.organisation_id: policy.limits
        for policy in QualityPolicy.objects.filter(Q(organisation_id__in=organisation_ids)).only(
            "organisation_id", "limits"
        )
    }
    thresholds = {oid: thresholds_from(policies.get(oid)) for oid in organisation_ids}
    return ProjectFacts(
        projects=projects,
        stages=dict(stages) | {pid: [] for pid in ids if pid not in stages},
        memberships=dict(memberships) | {pid: [] for pid in ids if pid not in memberships},
        needed=dict(needed) | {pid: [] for pid in ids if pid not in needed},
        thresholds=thresholds,
        now=timezone.now(),
    )
