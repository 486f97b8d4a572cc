"""Reminders before a meeting, sent through the task queue.

django-tasks runs tasks but does not schedule them, so `manage.py
send_meeting_reminders` (run every hour by cron or a systemd timer) finds the
meetings due a reminder and queues one task for each.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.utils import timezone

from .models import Meeting, Notification
from .notify import tell_invitees_task

# Remind people this long before a meeting starts.
REMIND_BEFORE = dt.timedelta(days=3)


def meetings_due_a_reminder(now: dt.datetime) -> list[Meeting]:
    """Fixed meetings starting soon with no reminder since their date was last fixed
    (a meeting moved to a new date gets a new reminder)."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.FIXED, starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE
    ).annotate(
        last_reminder=Max(
            "notifications__created_at",
            filter=Q(notifications__what=Notification.What.REMINDER),
        )
    )
    return [
        m
        for m in meetings
        if m.last_reminder is None
        or (m.date_fixed_at is not None and m.last_reminder < m.date_fixed_at)
    ]


def queue_reminders(now: dt.datetime | None = None) -> int:
    due = meetings_due_a_reminder(now or timezone.now())
    for meeting in due:
        tell_invitees_task.enqueue(meeting.pk, Notification.What.REMINDER)
    return len(due)
