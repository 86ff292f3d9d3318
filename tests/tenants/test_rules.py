"""Slug syntax and the lifecycle table (tenants/rules.py), one row per case."""

import pytest

from tenants.rules import (
    RESERVED_SLUGS,
    CityStatus,
    allowed_transitions,
    host_problem,
    schema_name_for,
    slug_problem,
    transition_problem,
)

S = CityStatus

GOOD_SLUGS = ["jambi", "surabaya", "kota-batu", "abc", "a1b", "x" * 40, "banda-aceh-2"]
BAD_SLUGS = [
    ("_too_short", "ab"),
    ("_too_long", "x" * 41),
    ("_empty", ""),
    ("_uppercase", "Jambi"),
    ("_underscore", "kota_batu"),
    ("_dot", "kota.batu"),
    ("_space", "kota batu"),
    ("_leading_hyphen", "-jambi"),
    ("_trailing_hyphen", "jambi-"),
    ("_double_hyphen", "kota--batu"),
    ("_non_ascii", "médan"),
    ("_slash", "a/b/c"),
]


@pytest.mark.parametrize("slug", GOOD_SLUGS)
def test_good_slug_is_accepted(slug):
    assert slug_problem(slug) is None


@pytest.mark.parametrize(("_case", "slug"), BAD_SLUGS)
def test_malformed_slug_is_refused(_case, slug):
    assert slug_problem(slug)


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slug_is_refused(slug):
    assert "reserved" in slug_problem(slug)


def test_reserved_words_are_the_ones_the_issue_names():
    assert {
        "www",
        "api",
        "admin",
        "static",
        "media",
        "public",
        "mail",
        "app",
        "status",
        "docs",
    } == RESERVED_SLUGS


def test_schema_name_is_one_to_one_with_slug():
    assert schema_name_for("kota-batu") == "city_kota_batu"
    assert schema_name_for("jambi") == "city_jambi"


# (case, from, to, is_pilot, allowed)
TRANSITIONS = [
    ("_applied_to_active", S.APPLIED, S.ACTIVE, False, True),
    ("_applied_to_pilot", S.APPLIED, S.PILOT, True, True),
    ("_applied_to_archived", S.APPLIED, S.ARCHIVED, False, True),
    ("_applied_to_suspended", S.APPLIED, S.SUSPENDED, False, False),
    ("_real_city_never_becomes_pilot", S.APPLIED, S.PILOT, False, False),
    ("_pilot_never_becomes_active", S.APPLIED, S.ACTIVE, True, False),
    ("_active_to_suspended", S.ACTIVE, S.SUSPENDED, False, True),
    ("_active_not_straight_to_archived", S.ACTIVE, S.ARCHIVED, False, False),
    ("_active_not_back_to_applied", S.ACTIVE, S.APPLIED, False, False),
    ("_active_to_active", S.ACTIVE, S.ACTIVE, False, False),
    ("_pilot_to_suspended", S.PILOT, S.SUSPENDED, True, True),
    ("_pilot_to_archived", S.PILOT, S.ARCHIVED, True, True),
    ("_pilot_to_active", S.PILOT, S.ACTIVE, True, False),
    ("_suspended_to_active", S.SUSPENDED, S.ACTIVE, False, True),
    ("_suspended_pilot_to_pilot", S.SUSPENDED, S.PILOT, True, True),
    ("_suspended_real_city_not_to_pilot", S.SUSPENDED, S.PILOT, False, False),
    ("_suspended_pilot_not_to_active", S.SUSPENDED, S.ACTIVE, True, False),
    ("_suspended_to_archived", S.SUSPENDED, S.ARCHIVED, False, True),
    ("_archived_is_final_active", S.ARCHIVED, S.ACTIVE, False, False),
    ("_archived_is_final_suspended", S.ARCHIVED, S.SUSPENDED, False, False),
    ("_archived_is_final_pilot", S.ARCHIVED, S.PILOT, True, False),
]


@pytest.mark.parametrize(("_case", "current", "target", "is_pilot", "allowed"), TRANSITIONS)
def test_transition(_case, current, target, is_pilot, allowed):
    assert (target in allowed_transitions(current, is_pilot=is_pilot)) is allowed
    problem = transition_problem(current, target, is_pilot=is_pilot)
    assert (problem is None) is allowed


HOSTS = [
    ("_custom_domain", "kinerja.jambikota.go.id", True),
    ("_own_subdomain", "jambi.localhost", True),
    ("_another_citys_subdomain", "batu.localhost", False),
    ("_the_root_itself", "localhost", False),
    ("_www_of_root", "www.localhost", False),
    ("_single_label", "intranet", False),
    ("_underscore", "kinerja_kota.go.id", False),
    ("_leading_hyphen", "-kinerja.go.id", False),
    ("_empty_label", "kinerja..go.id", False),
    ("_space", "kinerja kota.go.id", False),
    ("_too_long_label", "a" * 64 + ".go.id", False),
]


@pytest.mark.parametrize(("_case", "host", "allowed"), HOSTS)
def test_extra_address(_case, host, allowed):
    problem = host_problem(host, root_domain="localhost", slug="jambi")
    assert (problem is None) is allowed
