"""Remove files held for a form that nobody came back to. Run it once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ustogether.core.uploads import clear_old_held


class Command(BaseCommand):
    help = "Remove files held while a form was put right, once their day has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        count = clear_old_held()
        self.stdout.write(f"Removed {count} held file(s) older than a day.")
