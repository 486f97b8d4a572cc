"""The "has answered" code: lets each person answer a check once, without the
database knowing who they are.

The code is an HMAC (a keyed one-way sum) of the check and the person, made with
a key derived from SECRET_KEY, which lives in the server's settings and never in
the database. Someone with only a copy of the database cannot work out whose
code is whose, so even a check with one answer does not give that person away.
The running site, which holds the key, can tell whether *you* have answered, and
that is all it uses the code for.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "ustogether.quality.answered"


def _codes(check_id: int, person_id: int) -> Iterator[str]:
    message = f"{check_id}:{person_id}"
    # After SECRET_KEY changes, the old keys (SECRET_KEY_FALLBACKS) still find old
    # codes, so nobody can answer a second time.
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        yield salted_hmac(SALT, message, secret=secret, algorithm="sha256").hexdigest()


def answered_code(check_id: int, person_id: int) -> str:
    """The code stored when this person answers this check."""
    return next(_codes(check_id, person_id))


def possible_codes(check_id: int, person_id: int) -> list[str]:
    """Every code this person's answer could be stored under, newest key first."""
    return list(_codes(check_id, person_id))
