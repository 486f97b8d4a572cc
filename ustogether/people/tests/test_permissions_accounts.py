"""Who gets the sign-in pages (django-allauth's views, in our templates)."""

from __future__ import annotations

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator

from ustogether.core.gates.permission_table import (
    ANYONE,
    SIGNED_IN,
    Case,
    Row,
    cases,
    expect,
)
from ustogether.core.testing import Cast

# Pages for people not signed in: anyone signed in is sent on to their home page.
SIGNED_OUT = expect(302, anonymous=200)
# Changing how someone signs in asks for their password again first (allauth's
# reauthentication); a signed-in visit from the table has not given it, so: 302.
ASKS_AGAIN = expect(302)
# Pages about two-step sign-in a person has not turned on: nothing to show (404).
ONLY_WITH_TWO_STEP = expect(404, anonymous=302, finance=302, org_admin=302)


def _confirm_key(cast: Cast) -> list[str]:
    address = EmailAddress.objects.create(
        user=cast.outsider, email="second@example.org", verified=False
    )
    return [EmailConfirmationHMAC(address).key]


def _reset_key(cast: Cast) -> list[str]:
    return [user_pk_to_url_str(cast.outsider), default_token_generator.make_token(cast.outsider)]


def _lead_has_recovery_codes(cast: Cast) -> list[object]:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(cast.lead)
    return []


def _security_key(cast: Cast) -> list[int]:
    key = Authenticator.objects.create(
        user=cast.lead, type=Authenticator.Type.WEBAUTHN, data={"name": "My key"}
    )
    return [key.pk]


ROWS = [
    Row("account_login", get=SIGNED_OUT),
    Row("account_logout", get=expect(200, anonymous=302), sign_in="/"),
    Row("account_inactive", get=ANYONE),
    Row("account_signup", get=SIGNED_OUT),
    Row("account_reauthenticate", get=SIGNED_IN),
    Row("account_request_reauthentication_code", get=SIGNED_IN),
    Row("account_confirm_reauthentication_code", get=ASKS_AGAIN),
    Row("account_email", get=SIGNED_IN),
    Row("account_email_verification_sent", get=ANYONE),
    Row("account_change_password", get=SIGNED_IN),
    Row("account_set_password", get=expect(302)),
    Row("account_reset_password", get=ANYONE),
    Row("account_reset_password_done", get=ANYONE),
    Row("account_confirm_login_code", get=expect(302)),
    Row("account_confirm_email", args=_confirm_key, get=ANYONE),
    Row("account_reset_password_from_key_done", get=ANYONE),
    # The link in a reset email: its owner (the outsider here) may set a password at once;
    # for everyone else the key is checked on the next page.
    Row(
        "account_reset_password_from_key",
        args=_reset_key,
        get=expect(302, outsider=200),
        sign_in="/accounts/password/reset/key/",
        cross=False,
        why="the two parts are one key for one person, not an object inside another",
    ),
    Row("account_request_login_code", get=SIGNED_OUT),
    Row("mfa_index", get=SIGNED_IN),
    Row("mfa_authenticate", get=expect(302)),
    Row("mfa_reauthenticate", get=expect(ASKS_AGAIN, finance=200, org_admin=200)),
    Row("mfa_activate_totp", get=ASKS_AGAIN),
    Row("mfa_deactivate_totp", get=ONLY_WITH_TWO_STEP),
    # Recovery codes: only their owner sees them (the lead has some here).
    Row(
        "mfa_view_recovery_codes",
        args=_lead_has_recovery_codes,
        get=expect(404, anonymous=302, lead=302),
    ),
    Row("mfa_generate_recovery_codes", get=ASKS_AGAIN),
    Row(
        "mfa_download_recovery_codes",
        args=_lead_has_recovery_codes,
        get=expect(404, anonymous=302, lead=302),
    ),
    Row("mfa_list_webauthn", get=SIGNED_IN),
    Row("mfa_add_webauthn", get=ASKS_AGAIN),
    Row("mfa_reauthenticate_webauthn", get=ASKS_AGAIN),
    Row("mfa_remove_webauthn", args=_security_key, get=ASKS_AGAIN),
    Row("mfa_edit_webauthn", args=_security_key, get=ASKS_AGAIN),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_which_sign_in_page(case: Case) -> None:
    case.run()
