"""`manage.py restore FILE`: a backup into a fresh instance (an empty database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ustogether.core.backup import BackupError, restore
from ustogether.core.management.commands.backup import database_settings, media_root


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the backup file")
        parser.add_argument("--database-url", help="another database than the site's own")
        parser.add_argument("--media-root", help="another folder for uploaded files")
        parser.add_argument(
            "--force", action="store_true", help="replace what is already in the database"
        )

    def handle(self, *args: Any, archive: str, force: bool, **options: Any) -> None:
        try:
            summary = restore(
                Path(archive),
                database=database_settings(options.get("database_url")),
                media_root=media_root(options.get("media_root")),
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {summary.vendor} database and {summary.files} uploaded files "
            f"from {summary.archive}. Run `manage.py migrate` if this version is newer."
        )
