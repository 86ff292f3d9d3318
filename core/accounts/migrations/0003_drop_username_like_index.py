from django.db import migrations

from config.migration_operations import DropLikeIndex


class Migration(migrations.Migration):
    """Logins look a user name up exactly; no page searches user names by prefix."""

    dependencies = [("accounts", "0002_loginthrottle_user_activated_at_activationcode")]

    operations = [DropLikeIndex("user", "username")]
