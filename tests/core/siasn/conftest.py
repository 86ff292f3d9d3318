"""SIASN fixtures: a fake SIASN on 127.0.0.1 (the real HTTP client talks to it), the small
registry of tests/core/people imported into Surabaya, a connection, a closed month.

Dinas Pendidikan: Kepala Dinas (Maulana) <- Kabid SD (Siti) <- Budi, Dewi (PPPK);
Subbagian Umum: Nurul (OPD admin); Dinas Kesehatan: Hendra.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from core.siasn import fake as fakes
from core.siasn.client import forget_tokens
from tests.conftest import in_city
from tests.core.people.conftest import (  # noqa: F401  (fixtures re-used)
    KABID,
    KADIS,
    OPD_ADMIN_NIP,
    OUTSIDER,
    STAF1,
    STAF2,
    registry,
)

SECRET = "consumer-secret-ABCD1234wxyz"
PASSWORD_SSO = "operator-password-QRST9876"


@pytest.fixture(scope="session")
def _fake_server():
    server_fake = fakes.FakeSiasn()
    server, thread, url = fakes.serve(server_fake)
    yield server_fake, url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def fake(_fake_server) -> fakes.FakeSiasn:
    server_fake, url = _fake_server
    server_fake.reset()
    server_fake.people.clear()
    server_fake.url = url
    forget_tokens()
    yield server_fake
    server_fake.reset()
    forget_tokens()


def connection_data(url: str, **changes) -> dict:
    data = {
        "gateway_url": url,
        "api_url": url,
        "sso_url": url + fakes.SSO_PATH,
        "sso_client_id": fakes.SSO_CLIENT_ID,
        "sso_username": fakes.SSO_USERNAME,
        "consumer_key": fakes.CONSUMER_KEY,
        "consumer_secret": fakes.CONSUMER_SECRET,
        "sso_password": fakes.SSO_PASSWORD,
        "cadence": "monthly",
        "calls_per_second": 1000,
        "auto_queue": True,
    }
    data.update(changes)
    return data


def siasn_people(ids: dict[str, int]) -> dict[str, dict]:
    """SIASN's view of the registry: Budi's golongan and Siti's title differ, Dewi moved
    to another position, Hendra is unknown there."""
    return {
        KADIS: fakes.person_record(
            nip=KADIS, name="Maulana", front_title="Dr. dr. H.", back_title="M.K.M",
            golongan="IV/c", position="Kepala Dinas Pendidikan", unit="Dinas Pendidikan",
        ),
        KABID: fakes.person_record(
            nip=KABID, name="Siti Rahmawati", back_title="S.Pd., M.Pd., Ph.D.", golongan="IV/a",
            position="Kepala Bidang SD", unit="Bidang SD", supervisor_nip=KADIS,
        ),
        STAF1: fakes.person_record(
            nip=STAF1, name="Budi Santoso", golongan="III/b", position="Analis Kurikulum",
            unit="Bidang SD", supervisor_nip=KABID,
        ),
        STAF2: fakes.person_record(
            nip=STAF2, name="Dewi Lestari", golongan="IX", position="Analis Kurikulum",
            unit="Bidang SD", supervisor_nip=KABID,
        ),
        OPD_ADMIN_NIP: fakes.person_record(
            nip=OPD_ADMIN_NIP, name="Nurul Hidayati", position="Kepala Subbagian Umum",
            unit="Subbagian Umum", supervisor_nip=KADIS,
        ),
    }  # fmt: skip


@dataclass
class World:
    city: object
    users: dict
    ids: dict
    fake: fakes.FakeSiasn

    def run(self, fn, *args, **kwargs):
        with in_city(self.city):
            return fn(*args, **kwargs)


@pytest.fixture
def world(registry, fake) -> World:  # noqa: F811
    fake.people.update(siasn_people(registry["ids"]))
    return World(registry["city"], registry["users"], registry["ids"], fake)


@pytest.fixture
def connected(world) -> World:
    from core.siasn import services

    world.run(
        services.save_connection, connection_data(world.fake.url), actor=world.users["city_admin"]
    )
    return world


@pytest.fixture
def closed_month(connected) -> World:
    """November 2026 closed with a result for the five Dinas Pendidikan people."""
    from core.people.hierarchy import position_on
    from core.people.models import Employee
    from core.performance.models import MonthlyResult, Period, PeriodStatus

    ratings = {
        KADIS: ("diatas", "diatas", "sangat_baik"),
        KABID: ("sesuai", "sesuai", "baik"),
        STAF1: ("sesuai", "diatas", "baik"),
        STAF2: ("dibawah", "sesuai", "butuh_perbaikan"),
        OPD_ADMIN_NIP: ("sesuai", "sesuai", "baik"),
    }
    with in_city(connected.city):
        period = Period.objects.create(
            year=2026, month=11, status=PeriodStatus.CLOSED, closed_at=timezone.now()
        )
        for nip, (results, behaviour, predicate) in ratings.items():
            person = Employee.objects.get(nip=nip)
            held = position_on(person)
            MonthlyResult.objects.create(
                employee=person, period=period, opd_id=held.position.org_unit.opd_id,
                position=held.position, working_days=20, target_minutes=6000,
                verified_minutes=6000, workload_pct=Decimal("100"), result_score=Decimal("100"),
                results_rating=results, behaviour_rating=behaviour, predicate=predicate,
                present_days=20, attendance_pct=Decimal("100"), cut_pct=Decimal("0"),
                tpp_base=5_000_000, performance_factor=Decimal("100"), tpp_gross=5_000_000,
                tpp_cut=0, tpp_paid=5_000_000, computed_at=timezone.now(),
            )  # fmt: skip
    connected.period = period
    return connected
