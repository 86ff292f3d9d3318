"""After activating, the person is signed in (an administrator lands on the sign-in form
with the NIP filled in); NIP fields bring up the number pad; password rules show first."""

from __future__ import annotations

from core.accounts import services
from core.accounts.models import User
from core.accounts.roles import Role
from core.actors import Actor
from tests.conftest import client_for, in_city
from tests.core.people.conftest import KADIS, STAF1

NEW_PASSWORD = "Kinerja-Baru-2026!"


def _code_for(city, nip: str, role: str | None = None) -> str:
    with in_city(city):
        user = User.objects.get(username=nip)
        if role:
            user.role = role
            user.save(update_fields=["role"])
        return services.issue_activation_codes([user], actor=Actor.system("tests"))[user.pk]


def _activate(client, nip, code, password=NEW_PASSWORD):
    return client.post(
        "/accounts/activate/",
        {"nip": nip, "code": code, "password1": password, "password2": password},
        HTTP_ACCEPT_LANGUAGE="id",
    )


def test_activation_signs_the_person_in(imported_people):
    client = client_for(imported_people)
    response = _activate(client, STAF1, _code_for(imported_people, STAF1))
    assert response.status_code == 302 and response["Location"] == "/"
    with in_city(imported_people):
        user = User.objects.get(username=STAF1)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/accounts/me/").status_code == 200


def test_administrator_lands_on_sign_in_with_the_nip_filled_in(imported_people, settings):
    settings.TWO_FACTOR_ENFORCED = True
    client = client_for(imported_people)
    response = _activate(client, KADIS, _code_for(imported_people, KADIS, Role.CITY_ADMIN))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?nip={KADIS}"
    assert "_auth_user_id" not in client.session  # the second factor is still to come
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f'value="{KADIS}"' in page
    assert "aplikasi autentikator" in page


def test_refused_code_neither_signs_in_nor_activates(imported_people):
    _code_for(imported_people, STAF1)
    client = client_for(imported_people)
    response = _activate(client, STAF1, "AAAA-BBBB-CC")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "tidak valid" in response.content.decode()
    with in_city(imported_people):
        assert not User.objects.get(username=STAF1).is_active


def test_weak_password_is_refused_in_place_and_the_code_stays_usable(imported_people):
    code = _code_for(imported_people, STAF1)
    client = client_for(imported_people)
    response = _activate(client, STAF1, code, password="123")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert _activate(client, STAF1, code).status_code == 302


def test_the_letter_link_fills_in_nip_and_code(imported_people):
    page = client_for(imported_people).get(
        "/accounts/activate/", {"nip": STAF1, "code": "K7MQ-2XHP-9D"}
    )
    html = page.content.decode()
    assert f'value="{STAF1}"' in html and 'value="K7MQ-2XHP-9D"' in html


def test_nip_fields_use_the_number_pad_and_password_rules_show_before_typing(imported_people):
    client = client_for(imported_people)
    activate = client.get("/accounts/activate/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'name="nip"' in activate and 'inputmode="numeric"' in activate
    rules_at = activate.index('data-testid="help-password1"')
    assert rules_at < activate.index('name="password1"')
    assert "karakter" in activate[rules_at : rules_at + 600].lower()
    login = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in login and 'inputmode="numeric"' in login


def test_platform_sign_in_keeps_a_text_keyboard_for_user_names(db):
    page = client_for(None).get("/accounts/login/").content.decode()
    assert 'inputmode="text"' in page and 'inputmode="numeric"' not in page
