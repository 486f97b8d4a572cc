"""`manage.py backup FILE`: the database and the uploaded files, in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ustogether.core.backup import BackupError, backup


def database_settings(url: str | None) -> dict[str, Any]:
    if url:
        import dj_database_url

        return dict(dj_database_url.parse(url))
    return dict(settings.DATABASES["default"])


def media_root(option: str | None) -> Path | None:
    if option:
        return Path(option)
    storage = str(settings.STORAGES["default"]["BACKEND"])
    # Files in S3-compatible storage are backed up by the bucket, not here.
    return Path(settings.MEDIA_ROOT) if storage.endswith("FileSystemStorage") else None


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the file to write, such as backup-2026-11-30.tar.gz")
        parser.add_argument("--database-url", help="another database than the site's own")
        parser.add_argument("--media-root", help="another folder of uploaded files")

    def handle(self, *args: Any, archive: str, **options: Any) -> None:
        uploads = media_root(options.get("media_root"))
        try:
            summary = backup(
                Path(archive),
                database=database_settings(options.get("database_url")),
                media_root=uploads,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {summary.vendor} database and {summary.files} uploaded files "
            f"to {summary.archive}."
        )
        if uploads is None:
            self.stdout.write(
                "Uploaded files are in S3-compatible storage: back up the bucket itself."
            )
