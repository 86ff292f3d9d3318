"""The edges: Content-Security-Policy, the proxy header, the secret key, reset links,
digits from other scripts, and DRF's reserved `?format=`."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from config.env import strong_secret_key
from core.accounts.roles import Role
from tests.conftest import PASSWORD, client_for, in_city, login

NIP = "198609262015051001"
ARABIC_NIP = NIP.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


# ---------------------------------------------------------------- CSP
def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_strict_policy_with_a_fresh_nonce(surabaya):
    first = client_for(surabaya).get("/accounts/login/")
    policy = _policy(first)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    nonce = next(p for p in policy["style-src-elem"] if p.startswith("'nonce-"))[7:-1]
    second = _policy(client_for(surabaya).get("/accounts/login/"))
    assert f"'nonce-{nonce}'" not in second["style-src-elem"]


def test_every_inline_style_element_carries_the_nonce(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, NIP)
    page = login(surabaya, user).get("/accounts/me/")
    html = page.content.decode()
    nonce = next(p for p in _policy(page)["style-src-elem"] if p.startswith("'nonce-"))[7:-1]
    styles = re.findall(r"<style([^>]*)>", html)
    assert styles, "the city's colours come in a <style> element"
    assert all(f'nonce="{nonce}"' in attrs for attrs in styles)
    assert "<script>" not in html and "onclick=" not in html


def test_htmx_is_configured_to_need_no_inline_style_or_eval(surabaya):
    html = client_for(surabaya).get("/accounts/login/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


def test_no_template_has_an_inline_handler_or_bare_inline_script():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    offenders = []
    for folder, _dirs, files in os.walk(root):
        if ".venv" in folder or "/var" in folder or "/tests" in folder:
            continue
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if re.search(r"\son[a-z]+=", text) or re.search(r"<script(?![^>]*\ssrc=)", text):
                offenders.append(path)
            if re.search(r"<style(?![^>]*nonce=)", text):
                offenders.append(path)
    assert offenders == []


def test_api_docs_load_their_script_from_a_file(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, NIP)
    client = login(surabaya, user)
    html = client.get("/api/docs/").content.decode()
    assert re.search(r'<script src="[^"]*\?script', html)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


# ---------------------------------------------------------------- settings
def _settings_in_subprocess(module: str, env: dict[str, str], expression: str):
    code = (
        f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = {module!r}; "
        f"from django.conf import settings; print(repr({expression}))"
    )
    # Loading settings connects to nothing: any URL will do where the suite runs embedded.
    database_url = os.environ.get("DATABASE_URL") or "postgres://unused@127.0.0.1:1/unused"
    full_env = {**os.environ, "DATABASE_URL": database_url, **env}
    for name in ("SECRET_KEY", "BEHIND_PROXY"):
        if name not in env:
            full_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, timeout=60
    )


STRONG_KEY = "k3y-" + "".join(chr(65 + i % 26) for i in range(60))


def test_production_refuses_a_short_secret_key():
    short = _settings_in_subprocess(
        "config.settings.production", {"SECRET_KEY": "pendek"}, "settings.SECRET_KEY"
    )
    assert short.returncode != 0 and "SECRET_KEY must be at least 50" in short.stderr
    good = _settings_in_subprocess(
        "config.settings.production", {"SECRET_KEY": STRONG_KEY}, "settings.SECRET_KEY"
    )
    assert good.returncode == 0, good.stderr


def test_production_refuses_to_start_without_database_url():
    refused = _settings_in_subprocess(
        "config.settings.production",
        {"SECRET_KEY": STRONG_KEY, "DATABASE_URL": ""},
        "settings.DATABASES",
    )
    assert refused.returncode != 0 and "DATABASE_URL must be set" in refused.stderr


def test_production_warns_without_redis_when_several_workers_run():
    several = _settings_in_subprocess(
        "config.settings.production",
        {"SECRET_KEY": STRONG_KEY, "REDIS_URL": "", "WEB_CONCURRENCY": "4"},
        "settings.REDIS_URL",
    )
    assert several.returncode == 0 and "REDIS_URL is not set" in several.stderr
    one = _settings_in_subprocess(
        "config.settings.production",
        {"SECRET_KEY": STRONG_KEY, "REDIS_URL": "", "WEB_CONCURRENCY": "1"},
        "settings.REDIS_URL",
    )
    assert one.returncode == 0 and "REDIS_URL is not set" not in one.stderr


@pytest.mark.parametrize(
    ("_case", "key", "ok"),
    [
        ("_too_short", "x" * 49, False),
        ("_long_but_one_letter", "a" * 80, False),
        ("_long_and_varied", STRONG_KEY, True),
    ],
)
def test_secret_key_rule(_case, key, ok):
    if ok:
        assert strong_secret_key(key) == key
    else:
        with pytest.raises(ImproperlyConfigured):
            strong_secret_key(key)


def test_forwarded_proto_is_trusted_only_behind_the_proxy():
    direct = _settings_in_subprocess(
        "config.settings.production",
        {"SECRET_KEY": STRONG_KEY},
        "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)",
    )
    assert direct.stdout.strip() == "None", direct.stderr
    behind = _settings_in_subprocess(
        "config.settings.production",
        {"SECRET_KEY": STRONG_KEY, "BEHIND_PROXY": "true"},
        "settings.SECURE_PROXY_SSL_HEADER",
    )
    assert behind.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", behind.stderr


def test_a_forged_forwarded_proto_does_not_make_a_request_secure(surabaya, settings):
    settings.SECURE_SSL_REDIRECT = True
    forged = client_for(surabaya, HTTP_X_FORWARDED_PROTO="https").get("/accounts/login/")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")


# ---------------------------------------------------------------- reset links
def test_reset_links_use_the_configured_scheme_and_host_not_the_clients(
    make_user, surabaya, settings
):
    make_user(surabaya, Role.ASN, NIP, email="budi@example.id")
    settings.PUBLIC_URL_SCHEME = "https"
    settings.PUBLIC_URL_PORT = ""
    client_for(surabaya, HTTP_HOST="surabaya.localhost:8081").post(
        "/accounts/password/reset/", {"email": "budi@example.id"}
    )
    link = re.search(r"(\S+)/accounts/password/reset/\S+", mail.outbox[0].body).group(1)
    assert link == "https://surabaya.localhost"


def test_reset_links_carry_the_configured_port(make_user, surabaya, settings):
    make_user(surabaya, Role.ASN, NIP, email="budi@example.id")
    settings.PUBLIC_URL_SCHEME = "http"
    settings.PUBLIC_URL_PORT = "8000"
    client_for(surabaya, HTTP_HOST="surabaya.localhost:9999").post(
        "/accounts/password/reset/", {"email": "budi@example.id"}
    )
    assert "http://surabaya.localhost:8000/accounts/password/reset/" in mail.outbox[0].body


# ---------------------------------------------------------------- digits
def test_a_nip_typed_in_arabic_indic_digits_signs_in_as_the_ascii_nip(make_user, surabaya):
    make_user(surabaya, Role.ASN, NIP)
    response = client_for(surabaya).post(
        "/accounts/login/", {"username": ARABIC_NIP, "password": PASSWORD}
    )
    assert response.status_code == 302
    token = client_for(surabaya).post(
        "/api/v1/auth/token/",
        {"nip": ARABIC_NIP, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 200


def test_foreign_digits_reach_views_as_ascii_but_passwords_stay_as_typed(make_user, surabaya):
    from django.http import QueryDict

    from config.digits import normalise_query_dict

    data = normalise_query_dict(
        QueryDict("year=٢٠٢٦&volume=１２&password=١٢٣&name=Budi&nip=" + ARABIC_NIP)
    )
    assert data["year"] == "2026" and data["volume"] == "12" and data["nip"] == NIP
    assert data["password"] == "١٢٣" and data["name"] == "Budi"


def test_a_wrong_password_in_arabic_digits_is_not_the_ascii_password(make_user, surabaya):
    with in_city(surabaya):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user(NIP, "Sandi-١٢٣٤-Kuat", full_name="Budi")
    assert (
        client_for(surabaya)
        .post("/accounts/login/", {"username": user.username, "password": "Sandi-1234-Kuat"})
        .status_code
        == 200
    )
    assert (
        client_for(surabaya)
        .post("/accounts/login/", {"username": user.username, "password": "Sandi-١٢٣٤-Kuat"})
        .status_code
        == 302
    )
