"""Fixtures for the quality tests."""

from __future__ import annotations

import pytest

from ustogether.quality.rules import meetings
from ustogether.quality.tests.helpers import DATABASE, PYTHON


@pytest.fixture(params=["python", "database"])
def either_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each meeting rule judged both ways: the meetings read once and judged in Python
    (as for a few meetings), and asked of the database rule by rule (as for many)."""
    way: str = request.param
    monkeypatch.setattr(meetings, "FEW_MEETINGS", PYTHON if way == "python" else DATABASE)
    return way
