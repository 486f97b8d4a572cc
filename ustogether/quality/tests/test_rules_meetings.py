"""Each red-flag rule about meetings on its own: notice, papers, times, food, fees, notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ustogether.core.testing import Cast, make_cast
from ustogether.meetings.models import Meeting, Paper
from ustogether.quality import services
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RED, RedFlag, run_rules
from ustogether.quality.rules.meetings import add_working_days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("either_way")]


def at(days: int, hour: int = 11, minute: int = 0) -> dt.datetime:
    """`days` from now at `hour`:`minute` London time."""
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def meeting(
    cast: Cast,
    *,
    starts: dt.datetime,
    hours: float = 2,
    fixed: dt.datetime | None = None,
    title: str = "Planning day",
    **fields: object,
) -> Meeting:
    fields.setdefault("fee_basis", Meeting.FeeBasis.PER_SESSION)
    fields.setdefault("fee_amount", Decimal("25.00"))
    fields.setdefault("expenses_covered", [Meeting.Expense.TRAVEL])
    fields.setdefault("food", Meeting.Food.MEAL)
    return Meeting.objects.create(
        project=cast.project,
        title=title,
        purpose="Plan together.",
        status=Meeting.Status.FIXED,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        date_fixed_at=fixed or starts - dt.timedelta(days=30),
        created_by=cast.lead,
        **fields,
    )


def flags(cast: Cast, code: str) -> list[RedFlag]:
    return run_rules(load_facts([cast.project]), codes=[code])


def test_a_good_meeting_raises_no_meeting_flag() -> None:
    cast = make_cast()
    meeting(cast, starts=at(-20), notes_written_at=timezone.now() - dt.timedelta(days=18))
    for code in (
        "short_notice",
        "late_papers",
        "hard_times",
        "no_food",
        "no_fee_terms",
        "notes_late",
    ):
        assert flags(cast, code) == [], code


@pytest.mark.parametrize(("days", "level"), [(20, None), (10, AMBER), (3, RED)])
def test_short_notice_is_amber_under_14_days_and_red_under_7(days: int, level: str | None) -> None:
    cast = make_cast()
    starts = at(5)
    meeting(cast, starts=starts, fixed=starts - dt.timedelta(days=days), title="Budget briefing")
    found = flags(cast, "short_notice")
    assert [f.level for f in found] == ([level] if level else [])
    if level:
        assert "Budget briefing" in found[0].evidence


def test_an_organisation_can_ask_for_more_notice() -> None:
    cast = make_cast()
    starts = at(30)
    meeting(cast, starts=starts, fixed=starts - dt.timedelta(days=16))
    assert flags(cast, "short_notice") == []
    services.policy_update(
        organisation=cast.organisation,
        by=cast.org_admin,
        limits={"notice_amber_days": 21},
        pledge="",
    )
    assert [f.level for f in flags(cast, "short_notice")] == [AMBER]


@pytest.mark.parametrize(("before", "level"), [(10, None), (5, AMBER), (1, RED)])
def test_papers_late_are_amber_under_7_days_and_red_under_2(before: int, level: str | None) -> None:
    cast = make_cast()
    starts = at(-1)
    m = meeting(cast, starts=starts, notes_written_at=timezone.now())
    Paper.objects.create(
        meeting=m,
        title="Budget",
        file="x.pdf",
        uploaded_by=cast.lead,
        sent_at=starts - dt.timedelta(days=before),
    )
    assert [f.level for f in flags(cast, "late_papers")] == ([level] if level else [])


def test_the_latest_of_several_late_papers_sets_the_level() -> None:
    """One paper 5 days before, then another the day before: red, for the later one."""
    cast = make_cast()
    starts = at(10)
    m = meeting(cast, starts=starts)
    for title, before in (("First", 5), ("Second", 1)):
        Paper.objects.create(
            meeting=m,
            title=title,
            file="x.pdf",
            uploaded_by=cast.lead,
            sent_at=starts - dt.timedelta(days=before),
        )
    [flag] = flags(cast, "late_papers")
    assert flag.level == RED and "The latest came 1 day before." in flag.evidence


def test_a_paper_not_sent_counts_as_late_only_once_it_is_due() -> None:
    cast = make_cast()
    m = meeting(cast, starts=at(30))
    Paper.objects.create(meeting=m, title="Plan", file="x.pdf", uploaded_by=cast.lead)
    assert flags(cast, "late_papers") == []
    Meeting.objects.filter(pk=m.pk).update(starts_at=at(1), ends_at=at(1, 13))
    assert [f.level for f in flags(cast, "late_papers")] == [RED]


@pytest.mark.parametrize(
    ("hour", "hours", "flagged"), [(10, 2, False), (9, 2, True), (15, 2, True)]
)
def test_hard_times_flag_early_starts_and_late_ends(hour: int, hours: float, flagged: bool) -> None:
    cast = make_cast()
    meeting(cast, starts=at(20, hour), hours=hours)
    assert bool(flags(cast, "hard_times")) is flagged


def test_over_lunch_without_a_meal_or_long_without_food_is_flagged() -> None:
    cast = make_cast()
    meeting(cast, starts=at(20, 11), hours=2, food=Meeting.Food.DRINKS, title="Over lunch")
    [flag] = flags(cast, "no_food")
    assert "Over lunch" in flag.evidence
    other = make_cast()
    meeting(other, starts=at(20, 13), hours=3.5, food=Meeting.Food.NONE, title="Long")
    assert len(flags(other, "no_food")) == 1
    fine = make_cast()
    meeting(fine, starts=at(20, 13), hours=2, food=Meeting.Food.NONE)
    assert flags(fine, "no_food") == []


def test_no_fee_and_no_costs_is_red_and_a_fee_without_costs_amber() -> None:
    cast = make_cast()
    meeting(cast, starts=at(20), fee_basis="", fee_amount=Decimal("0"), expenses_covered=[])
    assert [f.level for f in flags(cast, "no_fee_terms")] == [RED]
    other = make_cast()
    meeting(other, starts=at(20), expenses_covered=[])
    assert [f.level for f in flags(other, "no_fee_terms")] == [AMBER]


def test_no_notes_ten_working_days_after_a_meeting_is_flagged() -> None:
    cast = make_cast()
    meeting(cast, starts=at(-20))
    [flag] = flags(cast, "notes_late")
    assert "10 working days" in flag.evidence
    recent = make_cast()
    meeting(recent, starts=at(-3))
    assert flags(recent, "notes_late") == []


def test_working_days_skip_weekends() -> None:
    friday = dt.date(2026, 11, 27)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 30)
    assert add_working_days(friday, 10) == dt.date(2026, 12, 11)


def test_cancelled_meetings_are_not_judged() -> None:
    cast = make_cast()
    starts = at(3)
    m = meeting(cast, starts=starts, fixed=starts - dt.timedelta(days=1))
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.CANCELLED)
    assert flags(cast, "short_notice") == []
