"""The production build of static files, served as in production.

collectstatic runs with the production storage into a folder of its own; then
WhiteNoise serves that folder (no finders, as in production) and the tests ask
for pages and files as a browser on its first visit would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from ustogether.core.pageweight import first_visit
from ustogether.core.testing import make_person, make_project

FIRST_VISIT_LIMIT = 60 * 1024
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[a-z]+$")
TEN_YEARS = 10 * 365 * 24 * 3600


@pytest.fixture(scope="module")
def production_static(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("staticfiles")
    production = override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "ustogether.core.staticfiles.HashedStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_KEEP_ONLY_HASHED_FILES=True,
    )
    with production:
        # The Easy Read pictures (over a thousand) are left out to keep this quick:
        # no page loads them on a first visit, and `make static` builds them all.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["openmoji"])
        yield root


PAGES = [
    pytest.param(lambda: reverse("home"), id="home"),
    pytest.param(lambda: reverse("projects:public_list"), id="public_projects"),
    pytest.param(lambda: reverse("account_login"), id="sign_in"),
    pytest.param(
        lambda: reverse("projects:detail", args=[make_project(lead=make_person()).pk]),
        id="public_project",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_first_visit_is_small_and_every_file_is_hashed_and_cached_long(
    production_static: Path, url
) -> None:
    visit = first_visit(Client(), url())

    page = visit.downloads[0]
    assert page.status == 200
    assert page.content_encoding == "gzip", "pages are sent compressed"
    names = [d.url for d in visit.assets]
    assert any(n.endswith(".css") for n in names) and any(n.endswith(".js") for n in names)
    # The module script's import is followed too: GOV.UK Frontend's script.
    assert any("/govuk/govuk-frontend.min." in n for n in names), names
    for asset in visit.assets:
        assert asset.status == 200, asset.url
        assert HASHED_NAME.search(asset.url), f"{asset.url} has no hash in its name"
        max_age = int(re.search(r"max-age=(\d+)", asset.cache_control).group(1))  # type: ignore[union-attr]
        assert max_age >= TEN_YEARS and "immutable" in asset.cache_control, asset
        assert asset.content_encoding == "gzip", asset.url
    assert visit.total < FIRST_VISIT_LIMIT, [(d.url, d.size) for d in visit.downloads]


def test_the_stylesheet_names_no_image_the_build_does_not_serve(production_static: Path) -> None:
    css = next((production_static / "ustogether").glob("app.*.css")).read_text()
    assert "govuk-crest" not in css
    assert "url(" not in css.replace("url(data:", "")
