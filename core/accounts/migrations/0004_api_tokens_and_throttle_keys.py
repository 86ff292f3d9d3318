import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from config.migration_operations import DropLikeIndex


def forget_name_counters(apps, schema_editor):
    """Old rows counted per name only; the new keys say what they count."""
    apps.get_model("accounts", "LoginThrottle").objects.all().delete()


class Migration(migrations.Migration):
    """Per-device API tokens that expire, and login throttling per address and name.

    DRF's `authtoken_token` table stays (its app is still installed) but no longer
    authenticates anyone: its keys never expired, so every client signs in once more.
    """

    dependencies = [("accounts", "0003_drop_username_like_index")]

    operations = [
        migrations.RunPython(forget_name_counters, migrations.RunPython.noop),
        migrations.RenameField("loginthrottle", "username", "key"),
        migrations.AlterField(
            model_name="loginthrottle",
            name="key",
            field=models.CharField(max_length=255, unique=True),
        ),
        DropLikeIndex("loginthrottle", "key"),
        migrations.CreateModel(
            name="AccountPolicy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token_idle_days", models.PositiveSmallIntegerField(default=30, verbose_name="API tokens expire after this many days unused")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_digest", models.CharField(max_length=64, unique=True)),
                ("device", models.CharField(max_length=100, verbose_name="device")),
                ("auth_hash", models.CharField(max_length=128)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="signed in at")),
                ("last_used_at", models.DateTimeField(verbose_name="last used")),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("user", "device"), name="one_token_per_device")],
            },
        ),
        DropLikeIndex("apitoken", "key_digest"),
    ]
