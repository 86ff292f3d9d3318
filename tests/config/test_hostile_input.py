"""Hostile input at the edge: NUL bytes, lone surrogates, deep or huge JSON, odd ids, odd
Stripe events. Each answers 4xx (or a deliberate 2xx for Stripe) with a sentence."""

from __future__ import annotations

import json

import pytest

from config.edge import has_forbidden_characters, json_depth_exceeds
from core.accounts.roles import Role
from core.accounts.services import issue_token
from tests.conftest import client_for, in_city


@pytest.fixture
def api(surabaya, make_user):
    admin = make_user(surabaya, Role.CITY_ADMIN, "admin-sby", "Ani Admin")
    with in_city(surabaya):
        key = issue_token(admin)
    return client_for(surabaya, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("plain", "Budi Santoso", False),
        ("nul", "a\x00b", True),
        ("high surrogate", "a\ud800", True),
        ("low surrogate", "\udfff", True),
        ("emoji is a pair, fine", "rapat 👍", False),
    ],
)
def test_forbidden_characters(_case, text, expected):
    assert has_forbidden_characters(text) is expected


@pytest.mark.parametrize(
    ("_case", "body", "limit", "expected"),
    [
        ("flat", b"[1, 2, 3]", 3, False),
        ("at the limit", b"[[[1]]]", 3, False),
        ("over", b"[[[[1]]]]", 3, True),
        ("brackets inside strings do not count", b'["[[[[[[", {"a": "{{{{"}]', 3, False),
        ("escaped quote", b'["\\"[[[[["]', 2, False),
        ("100,000 brackets", b"[" * 100_000, 32, True),
    ],
)
def test_json_depth(_case, body, limit, expected):
    assert json_depth_exceeds(body, limit) is expected


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/work/activities/%00/",
        "/work/%00/",
        "/api/v1/work/activities/?year=%00",
        "/api/v1/work/activities/?day=2026-01-01%00",
        "/people/?q=%00",
    ],
)
def test_nul_in_path_or_query_is_400_with_a_sentence(api, path):
    response = api.get(path)
    assert response.status_code == 400
    body = response.content.decode()
    assert "NUL" in body


@pytest.mark.parametrize(
    ("_case", "body"),
    [
        (
            "nul inside a value",
            '{"activity_type": 1, "volume": "1", "note": "a\\u0000b", "day": "2026-01-05"}',
        ),
        (
            "lone surrogate",
            '{"activity_type": 1, "volume": "1", "note": "\\ud800", "day": "2026-01-05"}',
        ),
        ("nul in a key", '{"a\\u0000": 1}'),
    ],
)
def test_nul_and_surrogates_in_json_bodies_are_400(api, _case, body):
    response = api.post("/api/v1/work/activities/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


def test_deeply_nested_json_is_400_not_a_recursion_error(api):
    response = api.post("/api/v1/work/corrections/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


def test_json_over_the_size_limit_is_400(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(
        "/api/v1/work/corrections/",
        json.dumps({"reason": "x" * 5000}),
        content_type="application/json",
    )
    assert response.status_code == 400


def test_nul_in_a_form_post_is_400(surabaya):
    response = client_for(surabaya).post(
        "/accounts/login/",
        "username=a%00b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/talent/skps/abc/",
        "/api/v1/talent/rounds/abc/",
        "/api/v1/talent/assessments/1.5/",
        "/api/v1/talent/placements/-1/",
        "/api/v1/talent/skps/99999999999999999999999/",
        "/api/v1/people/employees/abc/",
        "/api/v1/organisation/units/abc/",
    ],
)
def test_non_numeric_or_huge_ids_are_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["message"]


def test_router_still_serves_numeric_ids(api):
    # a missing but well-formed id reaches the view, which answers 404 itself
    response = api.get("/api/v1/talent/skps/123456/")
    assert response.status_code == 404
