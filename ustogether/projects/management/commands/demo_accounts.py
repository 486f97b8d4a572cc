"""Print the demo accounts, so people trying the demo know how to sign in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ustogether.people.models import Person
from ustogether.projects import demo_data as demo


class Command(BaseCommand):
    help = "List the demo accounts you can sign in with, and their password."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            here = set(
                Person.objects.filter(email__in=[a.email for a in demo.ACCOUNTS]).values_list(
                    "email", flat=True
                )
            )
        except DatabaseError:
            self.stdout.write("The database is not set up yet. Run: python manage.py migrate")
            return
        if not here:
            self.stdout.write("There is no demo data yet. Run: python manage.py seed_demo")
            return
        rows = [("Email", "Password", "Who they are")] + [
            (account.email, demo.DEMO_PASSWORD, account.who)
            for account in demo.ACCOUNTS
            if account.email in here
        ]
        email_width = max(len(row[0]) for row in rows)
        password_width = max(len(row[1]) for row in rows)
        self.stdout.write("Sign in with any of these demo accounts:")
        self.stdout.write("")
        for i, (email, password, who) in enumerate(rows):
            self.stdout.write(f"  {email:<{email_width}}  {password:<{password_width}}  {who}")
            if i == 0:
                self.stdout.write(f"  {'-' * email_width}  {'-' * password_width}  {'-' * 12}")
        self.stdout.write("")
        self.stdout.write(
            f"Every other demo person (firstname.lastname@{demo.DEMO_DOMAIN}) "
            "has the same password."
        )
