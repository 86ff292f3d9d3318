from django.core.management.base import BaseCommand

from onboarding.services.pilots import expire_pilots
from onboarding.services.support import close_expired_grants


class Command(BaseCommand):
    help = "Suspend pilot cities past their expiry date and archive long-suspended ones."

    def handle(self, *args, **options):
        result = expire_pilots()
        closed = close_expired_grants()
        self.stdout.write(
            self.style.SUCCESS(
                f"suspended: {', '.join(result.suspended) or 'none'}; "
                f"archived: {', '.join(result.archived) or 'none'}; support grants closed: {closed}"
            )
        )
