from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ustogether.core.testing import Cast, make_cast
from ustogether.payments.testing import set_policy


@pytest.fixture(autouse=True)
def _receipts_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cast(db: None) -> Cast:
    """The cast of people, in an organisation whose payment policy is set."""
    cast = make_cast()
    set_policy(cast)
    return cast
