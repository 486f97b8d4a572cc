"""Our own words on every page: reading age and jargon, page by page, on the demo data.

Run from the repository root:

    .venv/bin/python bench/plainlanguage_pages.py

It makes a throwaway SQLite database (or uses DATABASE_URL if set to a
PostgreSQL database made for this), loads the demo data, and visits every
kind of page a visitor and each demo account can reach by following links
(see ustogether/plainlanguage/ui_words.py). What people typed is taken out,
so what is checked is the words in our templates and code.

Prints one JSON line per page (plainlanguage.ui_page_reading_age, with the
page, its findings and its hardest sentences), then:

* plainlanguage.ui_worst_reading_age - the highest reading age of any page;
* plainlanguage.ui_pages_checked - how many kinds of page were checked;
* plainlanguage.ui_pages_over_9 - pages whose own words read above age 9;
* plainlanguage.ui_pages_with_unexplained_words - pages with jargon, words to
  avoid or short forms they do not explain.
"""

from __future__ import annotations

import json
import logging
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
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from ustogether.plainlanguage.ui_words import crawl, demo_visitors  # noqa: E402

TARGET_AGE = 9.0


def main() -> None:
    # Pages a visitor may not open answer 403 or 404; that is expected here.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    pages = list(crawl(demo_visitors()))
    for page in sorted(pages, key=lambda p: -p.reading_age):
        summary = page.as_dict()
        print(
            json.dumps(
                {
                    "name": "plainlanguage.ui_page_reading_age",
                    "value": page.reading_age,
                    "unit": "years",
                    "page": summary["name"],
                    "findings": summary["findings"],
                    "hardest_sentences": summary["hardest_sentences"],
                },
                ensure_ascii=False,
            )
        )
    worst = max(pages, key=lambda p: p.reading_age)
    print(
        json.dumps(
            {
                "name": "plainlanguage.ui_worst_reading_age",
                "value": worst.reading_age,
                "unit": "years",
                "page": worst.name,
                "runs": len(pages),
                "stat": "max",
            }
        )
    )
    for name, value in (
        ("plainlanguage.ui_pages_checked", len(pages)),
        ("plainlanguage.ui_pages_over_9", sum(p.reading_age > TARGET_AGE for p in pages)),
        ("plainlanguage.ui_pages_with_unexplained_words", sum(bool(p.findings) for p in pages)),
    ):
        print(
            json.dumps({"name": name, "value": value, "unit": "pages", "runs": 1, "stat": "count"})
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
