from django.core.management.base import BaseCommand

from billing.services import report_seats


class Command(BaseCommand):
    help = "Report this month's active ASN seats to Stripe (once per month per city)."

    def handle(self, *args, **options):
        reports = report_seats()
        for report in reports:
            self.stdout.write(
                f"{report.account.city.slug}: {report.seats} seats for {report.month:%Y-%m}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(reports)} report(s)"))
