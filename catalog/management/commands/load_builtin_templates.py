from django.core.management.base import BaseCommand

from catalog.services import load_builtin_templates


class Command(BaseCommand):
    help = "Load the model templates shipped in catalog/content (idempotent)."

    def handle(self, *args, **options):
        created = load_builtin_templates()
        if created:
            for version in created:
                self.stdout.write(self.style.SUCCESS(f"Loaded {version.ref}"))
        else:
            self.stdout.write("Built-in templates already loaded.")
