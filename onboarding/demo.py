"""Demo data for `make run`: a training session per city, a pending application and a
billing plan, so the operator's pages have something to show. Idempotent.

The implementation metrics are measured by `manage.py refresh_city_metrics` (daily in
production); run it after seeding to fill the monitoring page.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from onboarding.models import CityApplication, TrainingSession
from onboarding.rules import normalise_name


def seed_city(city, logins: list) -> None:
    today = timezone.localdate()
    TrainingSession.objects.get_or_create(
        city=city,
        topic="Sosialisasi Sinergi untuk admin BKPSDM",
        defaults={
            "held_on": today - timedelta(days=7),
            "participants": 30,
            "recorded_by_label": "demo",
        },
    )
    CityApplication.objects.get_or_create(
        slug="bontang",
        defaults={
            "official_name": "Kota Bontang",
            "name_key": normalise_name("Kota Bontang"),
            "province": "Kalimantan Timur",
            "agency": "BKPSDM Kota Bontang",
            "contact_name": "Ratna Sari",
            "contact_position": "Kepala Bidang Pengembangan",
            "contact_email": "ratna@bontangkota.go.id",
            "estimated_asn": 3200,
            "template_code": "surabaya",
        },
    )
    from billing.models import Plan

    Plan.objects.get_or_create(
        code="standar",
        defaults={
            "name": "Standar",
            "price_per_seat": 15_000,
            "stripe_price_id": "price_demo_standar",
        },
    )
