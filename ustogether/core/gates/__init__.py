"""Checks that hold every app to the same bar as soon as it lands (issue 11).

Test support only, like ``core/testing.py``: nothing the site runs imports it.
``docs/gates.md`` says what each gate checks, how to satisfy it, and how each
was seen to fail.
"""
