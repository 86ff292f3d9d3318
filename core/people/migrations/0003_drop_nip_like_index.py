from django.db import migrations

from config.migration_operations import DropLikeIndex


class Migration(migrations.Migration):
    """NIP searches combine `nip LIKE 'x%'` with a name search by OR, which no index
    serves; the unique index on NIP answers every exact lookup."""

    dependencies = [("people", "0002_drop_redundant_indexes")]

    operations = [DropLikeIndex("employee", "nip")]
