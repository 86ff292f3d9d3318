"""`allow_free_text_activities` is removed from the model-template schema: nothing read it
(see README, Design notes). Stored versions and proposals drop the key so they still
validate against the schema, whose policy section admits no unknown keys."""

from django.db import migrations

KEY = "allow_free_text_activities"


def drop_key(apps, schema_editor):
    for name in ("TemplateVersion", "TemplateProposal"):
        model = apps.get_model("catalog", name)
        for row in model.objects.filter(content__policy__has_key=KEY):
            row.content["policy"].pop(KEY, None)
            row.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(drop_key, migrations.RunPython.noop)]
