"""Scorecards for a project and for an organisation: principle scores over time,
the red flags, the ladder, and (as their data lands) response rates and time to pay.

`organisation_figures` returns plain data (numbers and strings only) so that a
published scorecard can be kept exactly as it was, and a CSV made from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.people.models import Organisation
from ustogether.projects.models import Project
from ustogether.quality import charts
from ustogether.quality.facts import ProjectFacts, load_facts
from ustogether.quality.flags import RULES, RedFlag, run_rules
from ustogether.quality.ladder import participants_rungs, placements
from ustogether.quality.models import Check, Rung
from ustogether.quality.queries import Score, Scores, checks_with_results, quarter_label, scores
from ustogether.quality.statements import Principle


def _rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _rung_label(rung: int | None) -> str:
    return "" if rung is None else str(Rung(rung).label)


def principle_rows(overall: dict[str, Score]) -> list[dict[str, Any]]:
    rows = []
    for value, label in Principle.choices:
        counts = overall.get(value)
        rows.append(
            {
                "principle": value,
                "label": str(label),
                "mean": _rounded(counts.mean) if counts else None,
                "disagree_percent": (
                    round(counts.disagree_share * 100)
                    if counts and counts.disagree_share is not None
                    else None
                ),
                "answers": counts.answered if counts else 0,
            }
        )
    return rows


def over_time_rows(found: Scores) -> dict[str, Any]:
    """Quarters as columns, principles as rows: {periods: [...], rows: [{label, values}]}."""
    periods = sorted({(s.year, s.quarter) for s in found.over_time})
    by_key = {(s.year, s.quarter, s.principle): s.score.mean for s in found.over_time}
    return {
        "periods": [quarter_label(year, quarter) for year, quarter in periods],
        "rows": [
            {
                "label": str(label),
                "values": [_rounded(by_key.get((y, q, value))) for y, q in periods],
            }
            for value, label in Principle.choices
        ],
    }


def flag_row(flag: RedFlag, title: str, *, evidence: bool = True) -> dict[str, str]:
    """A flag as a row. Without `evidence` (a public scorecard, a members-only project),
    it says what kind of sign was found but not what the records show: the evidence
    names meetings and numbers that only the project's members may see."""
    return {
        "project": title,
        "rule": flag.rule,
        "level": flag.level,
        "level_label": flag.level_label,
        "title": flag.title,
        "evidence": flag.evidence
        if evidence
        else str(_("Only the project's members see what the records show.")),
    }


def flag_summary(flags: Sequence[RedFlag], title: Callable[[int], str]) -> list[dict[str, Any]]:
    """For each rule that found something: how many red flags and warnings, and where.
    An organisation's page lists these; each project's own page gives the evidence."""
    summary: dict[str, dict[str, Any]] = {}
    for flag in flags:
        row = summary.get(flag.rule)
        if row is None:  # the rule's title translated once, not for every flag
            row = summary[flag.rule] = {
                "rule": flag.rule,
                "title": str(RULES[flag.rule].title),
                "red": 0,
                "amber": 0,
                "projects": [],
            }
        row["red" if flag.is_red else "amber"] += 1
        name = title(flag.project_id)
        if name not in row["projects"]:
            row["projects"].append(name)
    return sorted(summary.values(), key=lambda row: (-row["red"], -row["amber"]))


def charts_for(figures: dict[str, Any]) -> dict[str, Any]:
    """The SVG charts for a scorecard's figures (live or published)."""
    principles = figures.get("principles", [])
    over_time = figures.get("over_time", {"periods": [], "rows": []})
    return {
        "bars": charts.bar_chart([(row["label"], row["mean"]) for row in principles]),
        "lines": (
            charts.line_chart(
                over_time["periods"], [(row["label"], row["values"]) for row in over_time["rows"]]
            )
            if over_time["periods"]
            else None
        ),
    }


def _ladder_counts(facts: ProjectFacts) -> list[dict[str, Any]]:
    placed = placements(facts)
    counts = {rung: 0 for rung in Rung.values}
    for placement in placed.values():
        counts[placement.rung] += 1
    return [
        {"rung": rung, "label": str(Rung(rung).label), "projects": counts[rung]}
        for rung in Rung.values
    ]


def organisation_figures(organisation: Organisation, *, public: bool) -> dict[str, Any]:
    """Everything on the organisation's scorecard. With `public`, projects only their
    members can see are counted but not named."""
    projects = list(
        Project.objects.filter(organisation=organisation)
        .order_by("title")
        .only("id", "title", "visibility", "organisation_id", "current_stage_id", "closed_at")
    )
    facts = load_facts(projects)
    flags = run_rules(facts)
    placed = placements(facts)
    chosen = participants_rungs(facts)
    checks = Check.objects.filter(project__organisation=organisation)
    shown = checks_with_results().filter(project__organisation=organisation)
    totals = shown.aggregate(answers=Sum("answer_count"), checks=Count("id"))
    found = scores(checks)
    flags_by_project = Counter(f.project_id for f in flags)

    def title(project: Project) -> str:
        if public and not project.is_public:
            return "A project only its members can see"
        return project.title

    by_id = {p.pk: p for p in projects}
    return {
        "organisation": organisation.name,
        "made_at": timezone.now().isoformat(),
        "projects": len(projects),
        "checks_shown": totals["checks"],
        "answers": totals["answers"] or 0,
        "principles": principle_rows(found.overall),
        "over_time": over_time_rows(found),
        "red_flags": sum(1 for f in flags if f.is_red),
        "amber_flags": sum(1 for f in flags if not f.is_red),
        "flags": [
            flag_row(
                f,
                title(by_id[f.project_id]),
                evidence=not public or by_id[f.project_id].is_public,
            )
            for f in flags
        ],
        "flag_summary": flag_summary(flags, lambda pid: title(by_id[pid])),
        "ladder": _ladder_counts(facts),
        "project_rows": [
            {
                "project": title(p),
                "project_id": None if public and not p.is_public else p.pk,
                "rung": placed[p.pk].rung,
                "rung_label": placed[p.pk].label,
                "chosen_rung": chosen.get(p.pk),
                "chosen_label": _rung_label(chosen.get(p.pk)),
                "flags": flags_by_project[p.pk],
            }
            for p in projects
        ],
    }


def project_figures(project: Project) -> dict[str, Any]:
    facts = load_facts([project])
    flags = run_rules(facts)
    placement = placements(facts)[project.pk]
    chosen: int | None = participants_rungs(facts)[project.pk]
    found = scores(Check.objects.filter(project=project))
    return {
        "flags": flags,
        "placement": placement,
        "chosen_rung": chosen,
        "chosen_label": str(Rung(chosen).label) if chosen else "",
        "principles": principle_rows(found.overall),
        "over_time": over_time_rows(found),
    }


def csv_rows(figures: dict[str, Any]) -> Sequence[Sequence[Any]]:
    """The scorecard as rows for a spreadsheet: one section after another."""
    rows: list[list[Any]] = [["Scorecard", figures.get("organisation", "")]]
    rows.append([])
    rows.append(["Group", "Average out of 5", "Share who said no (%)", "Answers"])
    for row in figures["principles"]:
        rows.append([row["label"], row["mean"], row["disagree_percent"], row["answers"]])
    rows.append([])
    rows.append(["Group", *figures["over_time"]["periods"]])
    for row in figures["over_time"]["rows"]:
        rows.append([row["label"], *row["values"]])
    rows.append([])
    rows.append(["Project", "Level", "Flag", "What the data shows"])
    for flag in figures["flags"]:
        rows.append([flag["project"], flag["level_label"], flag["title"], flag["evidence"]])
    if "project_rows" in figures:
        rows.append([])
        rows.append(["Project", "Ladder from the data", "Ladder people chose", "Flags"])
        for row in figures["project_rows"]:
            rows.append([row["project"], row["rung_label"], row["chosen_label"], row["flags"]])
    return rows
