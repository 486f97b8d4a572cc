"""Who gets the site's own pages: the home page, about, the health check, the live check."""

from __future__ import annotations

import pytest

from ustogether.core.gates.permission_table import ANYONE, Case, Row, cases, expect

ROWS = [
    # Signed in, the front page sends people on to their own projects.
    Row("home", get=expect(302, anonymous=200)),
    Row("about", get=ANYONE),
    # Evidence for organisations' data protection checks: public.
    Row("data_protection", get=ANYONE),
    # For the load balancer: answers everyone, shows nothing about anyone.
    Row("healthz", get=ANYONE),
    # The live plain-language check (htmx posts the text as the author types).
    Row(
        "plaincheck_fragment",
        get=expect(405, anonymous=302),
        post=expect(200, anonymous=302),
        data={"field": "purpose", "text": "We will work together on short breaks."},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_which_site_page(case: Case) -> None:
    case.run()
