from django.core.management.base import BaseCommand

from billing.services import create_plan


class Command(BaseCommand):
    help = "Create or update a plan: price per active ASN seat per month, and its Stripe Price id."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--price", type=int, required=True, help="Rupiah per active ASN per month"
        )
        parser.add_argument("--stripe-price", required=True, help="Stripe Price id (price_...)")

    def handle(self, *args, **options):
        plan = create_plan(
            code=options["code"],
            name=options["name"],
            price_per_seat=options["price"],
            stripe_price_id=options["stripe_price"],
        )
        self.stdout.write(self.style.SUCCESS(f"Plan {plan.code}: Rp{plan.price_per_seat} per seat"))
