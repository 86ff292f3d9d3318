from django.core.management.base import BaseCommand, CommandError

from catalog.services import TemplateError, dump, get_version, version_content


class Command(BaseCommand):
    help = "Print a model template version as JSON: export_template surabaya[@1] > file.json"

    def add_arguments(self, parser):
        parser.add_argument("ref", help="slug[@version]; without a version, the latest published")
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Allow exporting a draft or deprecated version",
        )

    def handle(self, *args, **options):
        try:
            version = get_version(options["ref"], published_only=not options["include_drafts"])
        except TemplateError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(dump(version_content(version)), ending="")
