"""`save_audited`: one save of exactly the changed fields and one event with their before
and after; typed actors (a user or a named system process)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.accounts.roles import Role
from core.actors import Actor, as_actor
from core.audit.models import AuditEvent
from core.audit.services import save_audited
from tests.conftest import in_city


def _branding():
    from core.configuration.models import Branding

    branding, _created = Branding.objects.get_or_create(pk=1, defaults={"tagline": "Lama"})
    Branding.objects.filter(pk=1).update(
        tagline="Lama", display_name="Kota", updated_at=timezone.now() - timedelta(days=1)
    )
    branding.refresh_from_db()
    return branding


def test_saves_only_the_changed_fields_and_records_their_before_and_after(surabaya, make_user):
    from core.configuration.models import Branding

    admin = make_user(surabaya, Role.CITY_ADMIN, "admin-audited")
    with in_city(surabaya):
        branding = _branding()
        stamped = branding.updated_at
        branding.display_name = "not saved: not in the changes"
        with transaction.atomic():
            event = save_audited(
                branding,
                {"tagline": "Baru"},
                actor=admin,
                action="test.branding",
                after={"why": "context"},
                reason="uji",
            )
        stored = Branding.objects.get(pk=1)
        saved = AuditEvent.objects.get(pk=event.pk)
    assert (stored.tagline, stored.display_name) == ("Baru", "Kota")
    assert stored.updated_at > stamped  # auto_now fields are saved with the change
    assert (saved.before, saved.after) == (
        {"tagline": "Lama"},
        {"tagline": "Baru", "why": "context"},
    )
    assert (saved.actor_id, saved.actor_label, saved.reason) == (admin.pk, admin.username, "uji")
    assert (saved.object_type, saved.object_id) == ("configuration.branding", "1")


def test_a_system_actor_is_recorded_by_its_label_without_a_user(surabaya):
    with in_city(surabaya):
        branding = _branding()
        with transaction.atomic():
            event = save_audited(
                branding, {"tagline": "Dari CLI"}, actor=Actor.system("cli:test"), action="t"
            )
    assert (event.actor_id, event.actor_label) == (None, "cli:test")


@pytest.mark.parametrize(
    ("who", "user", "label"),
    [
        (None, None, "system"),
        (Actor.system("cli:import_asn"), None, "cli:import_asn"),
        (Actor(label="tests"), None, "tests"),
    ],
)
def test_as_actor_turns_nobody_and_system_processes_into_actors(who, user, label):
    actor = as_actor(who)
    assert (actor.user, actor.label, actor.user_id, str(actor)) == (user, label, None, label)


def test_a_user_becomes_an_actor_labelled_with_their_username(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, "budi-actor")
    actor = as_actor(user)
    assert (actor.user, actor.label, actor.user_id) == (user, "budi-actor", user.pk)
    assert as_actor(actor) is actor
