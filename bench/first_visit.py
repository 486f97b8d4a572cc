"""What a first visit downloads: each page with its stylesheet and scripts, compressed.

Run from the repository root (after `make assets`):

    .venv/bin/python bench/first_visit.py

It collects the static files as production does (hashed names, compressed) into
a throwaway folder, serves them through WhiteNoise as production does, and
prints one JSON line per page: ``first_visit.<page>_kb``, the kilobytes sent
for the page and everything it loads before it is usable, gzipped (what every
browser takes; Brotli is smaller still), with the limit of 60 KB. The test
``ustogether/core/tests/test_static_build.py`` holds the same figure under it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="ustogether-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from ustogether.core.pageweight import first_visit  # noqa: E402
from ustogether.projects.models import Project  # noqa: E402

LIMIT_KB = 60


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    project = Project.objects.filter(visibility="public").order_by("pk").first()
    assert project is not None
    pages = {
        "home": reverse("home"),
        "public_projects": reverse("projects:public_list"),
        "public_project": reverse("projects:detail", args=[project.pk]),
        "sign_in": reverse("account_login"),
    }
    production = override_settings(
        STATIC_ROOT=Path(workdir) / "static",
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "ustogether.core.staticfiles.HashedStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_KEEP_ONLY_HASHED_FILES=True,
    )
    with production:
        # The Easy Read pictures are left out: no first visit loads them.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["openmoji"])
        for label, url in pages.items():
            visit = first_visit(Client(), url)
            line = {
                "name": f"first_visit.{label}_kb",
                "value": round(visit.total / 1024, 1),
                "unit": "KB",
                "runs": 1,
                "stat": "gzipped bytes of the page, its CSS and its JS",
                "limit": LIMIT_KB,
                "files": len(visit.downloads),
            }
            print(json.dumps(line))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
