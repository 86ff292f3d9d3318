from core.accounts.models import User
from core.accounts.roles import Role
from core.demo import DEMO_PASSWORD
from core.people.demo import KABID_SD, PLT_KABID_P2P, STAF_P2P, seed_city
from core.people.hierarchy import supervisor_of
from core.people.models import Employee
from tests.conftest import in_city


def test_seed_is_idempotent_and_gives_a_login_per_role(jambi):
    with in_city(jambi):
        logins = []
        seed_city(jambi, logins)
        count = Employee.objects.count()
        seed_city(jambi, [])
        assert Employee.objects.count() == count == 16
        roles = {login.role for login in logins}
        assert roles == {
            r.value
            for r in (Role.ASN, Role.OPD_ADMIN, Role.CITY_ADMIN, Role.EXECUTIVE, Role.INSPECTOR)
        }
        assert User.objects.get(username=KABID_SD).is_supervisor
        assert User.objects.get(username=KABID_SD).check_password(DEMO_PASSWORD)
        acting_head = Employee.objects.get(nip=PLT_KABID_P2P)
        assert supervisor_of(Employee.objects.get(nip=STAF_P2P)) == acting_head
        assert all(
            "TOTP key" in login.description
            for login in logins
            if login.role in ("city_admin", "opd_admin")
        )
