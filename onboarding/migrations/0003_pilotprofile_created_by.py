from django.conf import settings
from django.db import migrations, models


def owners_from_labels(apps, schema_editor):
    """Existing pilots: the user whose name the profile recorded (`created_by_label`)."""
    PilotProfile = apps.get_model("onboarding", "PilotProfile")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for profile in PilotProfile.objects.filter(created_by__isnull=True):
        user = User.objects.filter(username=profile.created_by_label).first()
        if user is not None:
            profile.created_by = user
            profile.save(update_fields=["created_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0002_pilotprofile_standby_ready_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pilotprofile",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(owners_from_labels, migrations.RunPython.noop),
    ]
