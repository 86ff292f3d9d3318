from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.services import TemplateError, import_template
from core.actors import Actor


class Command(BaseCommand):
    help = (
        "Import a model template file as a draft version. An invalid file is refused with "
        "the JSON path and reason of every problem, and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            version = import_template(text, actor=Actor.system("cli"))
        except TemplateError as exc:
            if exc.problems:
                lines = "\n".join(f"  {where}: {reason}" for where, reason in exc.problems)
                raise CommandError(
                    f"{path} was refused ({len(exc.problems)} problems); nothing was written:\n"
                    f"{lines}"
                ) from exc
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Imported {version.ref} as a draft")
            + " (publish it on /catalog/ to offer it to cities)."
        )
