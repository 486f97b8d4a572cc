"""Who gets the admin site: system administrators only, on every model any app registers.

The rows are made from the admin site itself, so a model an app registers
tomorrow is covered without a line here. The object pages are asked about an
object that does not exist ("0"): what matters here is who gets past the guard;
a system administrator is sent back to the list (302), everyone else to the
admin's sign-in page.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from ustogether.core.gates.permission_table import Case, Row, cases, expect
from ustogether.core.testing import Cast
from ustogether.people.models import Person

SIGN_IN = "/admin/login/"
# Everyone but the system administrator is sent to the admin's sign-in page.
STAFF_ONLY = expect(302, sysadmin=200)


def _superuser_request() -> object:
    request = RequestFactory().get("/admin/")
    request.user = Person(is_active=True, is_staff=True, is_superuser=True)
    return request


def _project_on_site(cast: Cast) -> list[object]:
    return [ContentType.objects.get_for_model(cast.project).pk, cast.project.pk]


def admin_rows() -> list[Row]:
    request = _superuser_request()
    rows = [
        Row("admin:index", get=STAFF_ONLY, sign_in=SIGN_IN),
        # The sign-in page: a system administrator already in is sent to the index.
        Row("admin:login", get=expect(200, sysadmin=302), sign_in=SIGN_IN),
        # Signing out takes a POST (Django 5); anyone else is sent to the admin site's door.
        Row("admin:logout", get=expect(302, sysadmin=405), sign_in="/admin/"),
        Row("admin:password_change", get=STAFF_ONLY, sign_in=SIGN_IN),
        Row("admin:password_change_done", get=STAFF_ONLY, sign_in=SIGN_IN),
        # Asked without a field to search, the search box's helper refuses.
        Row("admin:autocomplete", get=expect(STAFF_ONLY, sysadmin=403), sign_in=SIGN_IN),
        Row("admin:jsi18n", get=STAFF_ONLY, sign_in=SIGN_IN),
        Row(
            "admin:view_on_site",
            args=_project_on_site,
            # A project has no address of its own in the admin's sense: nothing to show.
            get=expect(STAFF_ONLY, sysadmin=404),
            sign_in=SIGN_IN,
            cross=False,
            why="a kind of object and its number, not an object inside another",
        ),
        # The password page of the person model's admin (Django's UserAdmin).
        Row(
            "admin:auth_user_password_change",
            args=lambda c: [c.member.pk],
            get=STAFF_ONLY,
            sign_in=SIGN_IN,
        ),
        Row("admin:app_list", args=lambda c: ["people"], get=STAFF_ONLY, sign_in=SIGN_IN),
    ]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        may_add = model_admin.has_add_permission(request)  # type: ignore[arg-type]
        may_delete = model_admin.has_delete_permission(request)  # type: ignore[arg-type]
        missing = expect(302)  # an object that is not there: back to the list
        rows += [
            Row(f"{prefix}_changelist", get=STAFF_ONLY, sign_in=SIGN_IN),
            Row(
                f"{prefix}_add",
                get=expect(STAFF_ONLY, sysadmin=200 if may_add else 403),
                sign_in=SIGN_IN,
            ),
            Row(f"{prefix}_change", args=lambda c: ["0"], get=missing, sign_in=SIGN_IN),
            Row(f"{prefix}_history", args=lambda c: ["0"], get=missing, sign_in=SIGN_IN),
            Row(
                f"{prefix}_delete",
                args=lambda c: ["0"],
                get=expect(302, sysadmin=302 if may_delete else 403),
                sign_in=SIGN_IN,
            ),
        ]
    return rows


ROWS = admin_rows()


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_only_system_administrators_get_the_admin_site(case: Case) -> None:
    case.run()
