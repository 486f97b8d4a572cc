"""`manage.py backup` and `manage.py restore`: the demo site, round-tripped into a fresh
PostgreSQL database, comes back the same in every table and every uploaded file."""

from __future__ import annotations

import hashlib
import sqlite3
import tarfile
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection


def files_in(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def pg_connect(name: str) -> psycopg.Connection[Any]:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        autocommit=True,
    )


def every_row(db: psycopg.Connection[Any]) -> dict[str, list[str]]:
    tables = [
        r[0]
        for r in db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    ]
    return {
        table: sorted(repr(row) for row in db.execute(f'SELECT * FROM "{table}"'))
        for table in tables
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL round trip")
@pytest.mark.django_db(transaction=True)
def test_the_demo_site_round_trips_through_a_backup_into_a_fresh_postgresql_database(
    tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    default_storage.save("easyread/pictures/a.png", ContentFile(b"\x89PNG a picture"))
    default_storage.save("receipts/2026/taxi.pdf", ContentFile(b"%PDF a receipt"))
    archive = tmp_path / "backup.tar.gz"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    uploaded = len(files_in(Path(settings.MEDIA_ROOT)))
    assert uploaded >= 2  # the demo's own uploads, and the two above
    assert f"{uploaded} uploaded files" in out.getvalue()

    source_name = connection.settings_dict["NAME"]
    fresh = f"{source_name}_restored"
    with pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        s = connection.settings_dict
        url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{fresh}"
        restored_media = tmp_path / "restored-media"
        call_command(
            "restore", str(archive), database_url=url, media_root=str(restored_media), stdout=out
        )
        with pg_connect(source_name) as source, pg_connect(fresh) as copy:
            before, after = every_row(source), every_row(copy)
            assert len(before["people_person"]) > 10, "the demo should have people"
            assert before.keys() == after.keys()
            different = [t for t in before if before[t] != after[t]]
            assert not different, f"tables that came back different: {different}"
            # The audit log is append-only in the copy too: the trigger came back.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                copy.execute("DELETE FROM core_auditevent")
        assert files_in(restored_media) == files_in(settings.MEDIA_ROOT)
        assert len(files_in(restored_media)) == uploaded

        # Restoring again over a database that has tables is refused, not mixed in.
        with pytest.raises(CommandError, match="already has tables"):
            call_command("restore", str(archive), database_url=url, media_root=str(tmp_path / "x"))
    finally:
        with pg_connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_a_sqlite_site_round_trips_and_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site.sqlite3"
    with sqlite3.connect(site) as db:
        db.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO things (name) VALUES (?)", [("a",), ("b",)])
    media = tmp_path / "media"
    (media / "pictures").mkdir(parents=True)
    (media / "pictures" / "p.png").write_bytes(b"picture")
    archive = tmp_path / "b.tar.gz"
    call_command(
        "backup",
        str(archive),
        database_url=f"sqlite:///{site}",
        media_root=str(media),
        stdout=StringIO(),
    )
    copy = tmp_path / "copy.sqlite3"
    call_command(
        "restore",
        str(archive),
        database_url=f"sqlite:///{copy}",
        media_root=str(tmp_path / "restored"),
        stdout=StringIO(),
    )
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT name FROM things ORDER BY id").fetchall() == [("a",), ("b",)]
    assert files_in(tmp_path / "restored") == files_in(media)

    # A backup whose files do not match their checksums is refused before anything changes.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as out:
        for member in original.getmembers():
            data = original.extractfile(member)
            body = data.read() if data else b""
            if member.name.endswith("p.png"):
                body = b"changed!"
                member.size = len(body)
            out.addfile(member, BytesIO(body))
    with pytest.raises(CommandError, match="damaged"):
        call_command(
            "restore",
            str(damaged),
            database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}",
            media_root=str(tmp_path / "new"),
            stdout=StringIO(),
        )
    assert not (tmp_path / "new").exists()
