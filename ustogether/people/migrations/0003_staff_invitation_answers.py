import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import ustogether.people.models


def fill(apps, schema_editor):
    StaffInvitation = apps.get_model("people", "StaffInvitation")
    for invitation in StaffInvitation.objects.all():
        invitation.token = secrets.token_urlsafe(32)
        if invitation.answered_at is not None:
            invitation.status = "accepted"
        invitation.save(update_fields=["token", "status"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_staffinvitation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("staffinvitation", "taken_up_at", "answered_at"),
        migrations.AddField(
            model_name="staffinvitation",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for an answer"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                    ("cancelled", "Cancelled"),
                ],
                default="pending",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="staffinvitation",
            name="token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="staffinvitation",
            name="expires_at",
            field=models.DateTimeField(default=ustogether.people.models.in_thirty_days),
        ),
        migrations.AddField(
            model_name="staffinvitation",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="staffinvitation",
            name="token",
            field=models.CharField(
                default=ustogether.people.models.new_token, max_length=64, unique=True
            ),
        ),
    ]
