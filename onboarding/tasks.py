"""Scheduled onboarding work (Celery beat): daily metrics, pilot expiry, support grants."""

from celery import shared_task
from django.contrib.auth import get_user_model

from core.actors import Actor
from onboarding.services.metrics import refresh_city_metrics
from onboarding.services.pilots import build_standby, create_pilot, expire_pilots
from onboarding.services.support import close_expired_grants
from onboarding.services.templates import template_adopter
from tenants.models import City


@shared_task(name="onboarding.refresh_city_metrics")
def refresh_city_metrics_task() -> int:
    return refresh_city_metrics()


@shared_task(name="onboarding.expire_pilots")
def expire_pilots_task() -> dict:
    result = expire_pilots()
    return {
        "suspended": result.suspended,
        "archived": result.archived,
        "support_grants_closed": close_expired_grants(),
    }


@shared_task(name="onboarding.build_pilot_standby")
def build_pilot_standby_task(city_id: int) -> bool:
    city = City.objects.filter(pk=city_id).first()
    return city is not None and build_standby(city)


@shared_task(name="onboarding.create_pilot")
def create_pilot_task(
    *,
    slug: str,
    name: str,
    population: int,
    history_days: int,
    lifetime_days: int,
    template_code: str,
    actor_label: str,
    actor_id: int | None = None,
) -> dict:
    user = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    actor = Actor.of(user) if user else Actor.system(actor_label)
    result = create_pilot(
        slug,
        name=name,
        population=population,
        history_days=history_days,
        lifetime_days=lifetime_days,
        template_code=template_code,
        actor=actor,
        after_build=template_adopter(template_code, actor=actor),
    )
    return {"slug": slug, "seconds": round(result.seconds, 2), **result.counts}
