"""Organisations may make red flags stricter, never looser."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ustogether.core.testing import make_cast
from ustogether.quality import services
from ustogether.quality.thresholds import Thresholds, thresholds_from, validate_limits


def test_stricter_limits_are_accepted() -> None:
    validate_limits({"notice_amber_days": 21, "latest_end_hour": 15, "min_answers": 8})


@pytest.mark.parametrize(
    ("name", "value"),
    [("notice_amber_days", 7), ("latest_end_hour", 18), ("min_answers", 2), ("pay_red_days", 60)],
)
def test_looser_limits_are_refused_with_what_to_do(name: str, value: float) -> None:
    with pytest.raises(ValidationError) as error:
        validate_limits({name: value})
    assert "stricter" in str(error.value.error_dict[name])


def test_limits_nobody_could_meet_are_refused() -> None:
    with pytest.raises(ValidationError, match="Nobody could meet"):
        validate_limits({"notice_amber_days": 400})


def test_a_stored_looser_limit_is_ignored() -> None:
    assert thresholds_from({"notice_red_days": 1, "notice_amber_days": 21}) == Thresholds(
        notice_amber_days=21
    )


@pytest.mark.django_db
def test_only_admins_change_the_limits_and_it_is_audited() -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.policy_update(
            organisation=cast.organisation, by=cast.lead, limits={}, pledge="We promise."
        )
    policy = services.policy_update(
        organisation=cast.organisation,
        by=cast.org_admin,
        limits={"notice_amber_days": 21, "notice_red_days": 7},
        pledge="We pay within 14 days.",
    )
    assert policy.limits == {"notice_amber_days": 21}
    assert services.thresholds_for(cast.organisation).notice_amber_days == 21
