"""Back up the database and uploaded files into one archive, and restore it into a
fresh instance: `manage.py backup` and `manage.py restore` (docs/backup.md).

PostgreSQL is dumped with its own pg_dump and restored with pg_restore, which
keep everything (sequences, the audit trigger) exactly; SQLite with its own
backup API. Uploaded files are copied from MEDIA_ROOT. A manifest lists every
file in the archive with its SHA-256, and restore checks each one before it
changes anything.

Uploads kept in S3-compatible storage (FILE_STORAGE) are not copied: back the
bucket up with its own versioning or replication.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs PostgreSQL's own pg_dump and pg_restore, no shell
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """Something a person running the command can fix; the message says what."""


@dataclass(frozen=True)
class Summary:
    archive: Path
    vendor: str
    files: int


def vendor_of(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite" in engine:
        return "sqlite"
    raise BackupError(f"Backups work with PostgreSQL and SQLite, not {engine}.")


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        # Through the environment, so the password is never on a command line.
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed. Install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


def _run(args: list[str], database: dict[str, Any]) -> None:
    done = subprocess.run(  # noqa: S603 # nosec B603 - a fixed tool, arguments as a list
        args, env=_pg_env(database), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[:2000]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def backup(archive: Path, *, database: dict[str, Any], media_root: Path | None) -> Summary:
    """Write the database and the uploaded files to `archive` (a .tar.gz)."""
    vendor = vendor_of(database)
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        dump = staging / DATABASE_FILES[vendor]
        if vendor == "postgresql":
            _run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                    str(database["NAME"]),
                ],
                database,
            )
        else:
            source = sqlite3.connect(str(database["NAME"]))
            target = sqlite3.connect(str(dump))
            with target:
                source.backup(target)
            source.close()
            target.close()
        media = staging / "media"
        if media_root is not None:
            for path in _files(media_root):
                copy = media / path.relative_to(media_root)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
        listed = {str(path.relative_to(staging)): _sha256(path) for path in [dump, *_files(media)]}
        manifest = {
            "format": FORMAT,
            "made_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": vendor,
            "files": listed,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(staging / "manifest.json", arcname="manifest.json")
            for name in listed:
                tar.add(staging / name, arcname=name)
        partial.replace(archive)  # a half-written archive never looks like a backup
    return Summary(archive, vendor, len(listed) - 1)


def _is_empty(database: dict[str, Any], vendor: str) -> bool:
    if vendor == "sqlite":
        path = Path(str(database["NAME"]))
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(str(path)) as db:
            return not db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    import psycopg

    with psycopg.connect(
        dbname=str(database["NAME"]),
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    ) as db:
        row = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        return row is not None and row[0] == 0


def restore(
    archive: Path, *, database: dict[str, Any], media_root: Path | None, force: bool = False
) -> Summary:
    """Put a backup into a fresh instance: an empty database and an empty MEDIA_ROOT
    (or, with `force`, over what is there)."""
    vendor = vendor_of(database)
    if not archive.is_file():
        raise BackupError(f"There is no backup at {archive}.")
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            # The data filter refuses absolute paths, links out of the folder and devices.
            tar.extractall(staging, filter="data")  # nosec B202 - filtered
        try:
            manifest = json.loads((staging / "manifest.json").read_text())
        except (OSError, ValueError) as error:
            raise BackupError(f"{archive} is not an Us Together backup: {error}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"This backup has format {manifest.get('format')}, not {FORMAT}.")
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']} database; "
                f"the one to restore into is {vendor}."
            )
        for name, digest in manifest["files"].items():
            path = staging / name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"The backup is damaged: {name} is missing or changed.")
        if not force and not _is_empty(database, vendor):
            raise BackupError(
                "The database to restore into already has tables. Restore into a new, "
                "empty database, or add --force to replace what is there."
            )
        media_files = [n for n in manifest["files"] if n.startswith("media/")]
        if media_root is not None and not force and any(_files(media_root)):
            raise BackupError(
                f"{media_root} already has files. Restore into an empty folder, "
                "or add --force to add the backup's files to it."
            )
        dump = staging / DATABASE_FILES[vendor]
        if vendor == "postgresql":
            args = [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database['NAME']}",
            ]
            if force:
                args += ["--clean", "--if-exists"]
            _run([*args, str(dump)], database)
        else:
            source = sqlite3.connect(str(dump))
            target = sqlite3.connect(str(database["NAME"]))
            with target:
                source.backup(target)
            source.close()
            target.close()
        if media_root is not None:
            for name in media_files:
                target_path = media_root / Path(name).relative_to("media")
                target_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(staging / name, target_path)
    return Summary(archive, vendor, len(media_files))
