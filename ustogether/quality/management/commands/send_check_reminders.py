"""Queue reminders for checks whose last day to answer is a few days away. Run it every hour."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ustogether.quality.notify import REMIND_DAYS_BEFORE, queue_reminders


class Command(BaseCommand):
    help = (
        f"Queue reminders for co-production checks that close in the next {REMIND_DAYS_BEFORE} "
        "days. Everyone asked is reminded, whether they have answered or not."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_reminders()
        self.stdout.write(f"Queued reminders for {count} check(s).")
