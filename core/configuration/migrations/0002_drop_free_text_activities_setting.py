"""`allow_free_text_activities` is removed: nothing read it (see README, Design notes).
The city's policy versions and the remembered template values drop it."""

from django.db import migrations

KEY = "allow_free_text_activities"


def drop_key(apps, schema_editor):
    PolicyVersion = apps.get_model("configuration", "PolicyVersion")
    for row in PolicyVersion.objects.filter(data__has_key=KEY):
        row.data.pop(KEY, None)
        row.save(update_fields=["data"])
    ItemOrigin = apps.get_model("configuration", "ItemOrigin")
    ItemOrigin.objects.filter(section="policy", key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("configuration", "0001_initial")]
    operations = [migrations.RunPython(drop_key, migrations.RunPython.noop)]
