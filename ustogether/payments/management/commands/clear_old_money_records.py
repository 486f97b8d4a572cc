"""Delete money records whose six years are over. Run it once a day (or a month)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ustogether.payments.services import money_records_clear_old, money_records_kept_until


class Command(BaseCommand):
    help = "Delete claims kept six tax years after the year they were paid (or taken back)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = money_records_clear_old()
        up_to = money_records_kept_until(timezone.localdate())
        self.stdout.write(f"Deleted {count} claim(s) last touched on or before {up_to}.")
