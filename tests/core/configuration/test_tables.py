"""The configuration tables filter, paginate and show whether evidence is required."""

from __future__ import annotations

from core.configuration.filters import PAGE_SIZE
from core.configuration.models import ActivityType, Indicator
from tests.conftest import in_city, login


def _counts(city, **where):
    with in_city(city):
        return ActivityType.objects.filter(**where).count()


def test_activity_table_shows_the_evidence_column_and_position_type_names(jambi, jambi_admin):
    page = login(jambi, jambi_admin).get("/configuration/activities/", HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert "<th>Bukti</th>" in html or ">Bukti<" in html
    assert "JPT_PRATAMA" not in html.split("<tbody", 1)[1].split("</tbody>", 1)[0]


def test_activities_are_paginated(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    total = _counts(jambi)
    assert total > PAGE_SIZE  # the adopted model has 185
    first = client.get("/configuration/activities/")
    assert len(first.context["rows"]) == PAGE_SIZE
    assert first.context["page"].paginator.count == total
    last = client.get(
        "/configuration/activities/", {"page": first.context["page"].paginator.num_pages}
    )
    assert len(last.context["rows"]) == total - PAGE_SIZE * (last.context["page"].number - 1)
    assert client.get("/configuration/activities/", {"page": "999"}).status_code == 200


def test_activities_filter_by_evidence_position_type_and_status(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    no_evidence = client.get("/configuration/activities/", {"evidence": "no"}).context
    assert no_evidence["page"].paginator.count == _counts(jambi, evidence_required=False)
    assert all(not a.evidence_required for a in no_evidence["rows"])
    pengawas = client.get("/configuration/activities/", {"position_type": "PENGAWAS"}).context
    expected = _counts(jambi, position_types__contains=["PENGAWAS"])
    assert 0 < pengawas["page"].paginator.count == expected
    with in_city(jambi):
        ActivityType.objects.filter(code="ADM-001").update(is_active=False)
    inactive = client.get("/configuration/activities/", {"status": "inactive"}).context
    assert [a.code for a in inactive["rows"]] == ["ADM-001"]


def test_filter_and_page_are_kept_together(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    response = client.get("/configuration/activities/", {"evidence": "yes", "page": "2"})
    assert "evidence=yes&amp;page=" in response.content.decode()


def test_a_bad_filter_value_shows_nothing_rather_than_failing(jambi, jambi_admin):
    response = login(jambi, jambi_admin).get(
        "/configuration/activities/", {"position_type": "RAJA", "evidence": "maybe"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_htmx_filtering_answers_the_table_fragment(jambi, jambi_admin):
    response = login(jambi, jambi_admin).get(
        "/configuration/activities/", {"q": "ADM-001"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="activity-table">')
    assert "ADM-001" in html and "<h1>" not in html


def test_indicators_filter_and_paginate(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    with in_city(jambi):
        total = Indicator.objects.count()
        higher = Indicator.objects.filter(direction="higher").count()
    page = client.get("/configuration/indicators/").context
    assert page["page"].paginator.count == total
    assert len(page["rows"]) == min(total, 50)
    filtered = client.get("/configuration/indicators/", {"direction": "higher"}).context
    assert filtered["page"].paginator.count == higher


def test_asn_cannot_read_the_configuration_tables(jambi, jambi_asn):
    assert login(jambi, jambi_asn).get("/configuration/activities/").status_code == 403
