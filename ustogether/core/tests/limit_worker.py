"""Run in a separate process by test_settings_hardening: use up limits in the shared cache.

Prints how many of its tries were allowed, for allauth's sign-in limit ("sign-in") or
for ours ("ours").
"""

from __future__ import annotations

import sys

import django

django.setup()

from allauth.core import ratelimit  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from ustogether.core.limits import Limit, LimitReached, consume  # noqa: E402


def main(which: str, email: str, tries: int, address: str) -> None:
    allowed = 0
    for _ in range(tries):
        if which == "sign-in":
            # Each run comes from its own address: allauth also counts failures per
            # address, and other runs on this machine may share the same Redis.
            request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)
            if ratelimit.consume(request, action="login_failed", key=email):
                allowed += 1
        else:
            try:
                consume(Limit("test.two_processes", "5/h"), email)
            except LimitReached:
                pass
            else:
                allowed += 1
    print(allowed)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
