"""Our faster date writing shows exactly what Django's `date` filter shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

from ustogether.core.dates import day_month_year, day_month_year_time

UTC = dt.UTC


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 1, 5, 9, 3, tzinfo=UTC),  # winter: London is UTC
        dt.datetime(2026, 7, 31, 23, 30, tzinfo=UTC),  # summer: the next day in London
        dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the hour before the clocks go forward
        dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # and the hour after
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 1:30 the first time round
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # and the second
        dt.datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    ]
    + [dt.datetime(2025, month, 10, 12, 0, tzinfo=UTC) for month in range(1, 13)],
)
def test_it_writes_a_time_as_the_date_filter_does(value: dt.datetime) -> None:
    # In a template, as pages use it: the filter turns the time into London time there.
    shown = Template('{{ value|date:"j M Y, H:i" }}').render(Context({"value": value}))
    assert day_month_year_time(value) == shown
    long_day = Template('{{ value|date:"j F Y" }}').render(Context({"value": value}))
    assert day_month_year(value) == long_day


def test_it_writes_london_time() -> None:
    summer = dt.datetime(2026, 7, 31, 23, 30, tzinfo=UTC)
    assert day_month_year_time(summer) == "1 Aug 2026, 00:30"
    assert day_month_year(summer) == "1 August 2026"
