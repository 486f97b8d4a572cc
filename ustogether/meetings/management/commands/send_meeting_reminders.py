"""Queue reminders for meetings starting in the next few days. Run it every hour."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ustogether.meetings.reminders import queue_reminders


class Command(BaseCommand):
    help = "Queue reminders for meetings starting in the next 3 days."

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_reminders()
        self.stdout.write(f"Queued reminders for {count} meeting(s).")
