"""`manage.py data_protection_doc`: write docs/data-protection.md from the list of kinds
of data (core.personal_data.DATA_KINDS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ustogether.core.personal_data import evidence_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "data-protection.md"


class Command(BaseCommand):
    help = "Write docs/data-protection.md from the list of kinds of data the site keeps."

    def handle(self, *args: Any, **options: Any) -> None:
        DOC.write_text(evidence_markdown())
        self.stdout.write(f"Wrote {DOC}.")
