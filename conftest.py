from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# --every-url-reached: the gate that every URL pattern worked in some test.
# No secret from the test data may reach a log record, in any test (core/log_canaries.py).
pytest_plugins = ["ustogether.core.gates.reach", "ustogether.core.log_canaries"]

# Property tests check what is true, not how fast: on a shared, busy machine the
# time Hypothesis takes to make examples says nothing about the code under test.
settings.register_profile("ustogether", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ustogether")


@pytest.fixture(autouse=True)
def _email_through_tasks(settings: Any) -> None:
    """pytest-django swaps in the locmem email backend; put ours back, so every
    test sends email the way the site does: through a task, then to locmem."""
    settings.EMAIL_BACKEND = "ustogether.core.email.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
