"""Red flags: signs of tokenism the platform finds in its own data.

Each rule is a small named function, registered with `@rule`, that reads the
facts about a set of projects and returns a flag for each project where it
finds a problem, with the evidence and a link to put it right. Rules about one
app's data live in quality/rules/<app>.py: quality sits above meetings,
contributions, decisions and payments, so those apps cannot import this
registry themselves, and their rules are added here as their data lands.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy

from ustogether.projects.models import Project
from ustogether.quality.facts import ProjectFacts, load_facts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AMBER = "amber"
RED = "red"
LEVEL_LABELS = {AMBER: gettext_lazy("Warning"), RED: gettext_lazy("Red flag")}


@dataclass(frozen=True)
class RedFlag:
    rule: str
    level: str  # AMBER or RED
    project_id: int
    title: str
    evidence: str  # what the data shows, in plain words
    fix_view: str = ""  # the page that puts it right: a URL name taking the project's id
    fix_label: str = ""

    @property
    def fix_url(self) -> str:
        return reverse(self.fix_view, args=[self.project_id]) if self.fix_view else ""

    @property
    def level_label(self) -> str:
        return _level_label(get_language(), self.level)

    @property
    def is_red(self) -> bool:
        return self.level == RED


@functools.lru_cache(maxsize=16)
def _level_label(language: str | None, level: str) -> str:
    """Translated once for each language: a scorecard shows hundreds of flags."""
    return str(LEVEL_LABELS[level])


RuleFunction = Callable[[ProjectFacts], Iterable[RedFlag]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: StrOrPromise  # what the rule looks for, for the list of rules
    function: RuleFunction


RULES: dict[str, Rule] = {}


def rule(code: str, *, title: StrOrPromise) -> Callable[[RuleFunction], RuleFunction]:
    """Register a red-flag rule under a name that never changes."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES and RULES[code].function is not function:
            raise ValueError(f"Two red-flag rules are called {code!r}.")
        RULES[code] = Rule(code, title, function)
        return function

    return register


def run_rules(facts: ProjectFacts, codes: Sequence[str] | None = None) -> list[RedFlag]:
    """Every flag for the projects in `facts`: red first, then in the rules' order."""
    flags: list[RedFlag] = []
    for code, registered in RULES.items():
        if codes is None or code in codes:
            flags.extend(registered.function(facts))
    return sorted(flags, key=lambda flag: flag.level != RED)


def flags_for_projects(projects: Sequence[Project]) -> list[RedFlag]:
    return run_rules(load_facts(projects))
