"""The city screen, its fragments (ETag / 304), drill-down, settings, PDF and API."""

from __future__ import annotations

from datetime import timedelta

from core.accounts.roles import Role
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY, log


def test_executive_sees_the_screen_and_fragments_answer_304_when_nothing_changed(work, make_user):
    log(work, work.budi, volume="3")
    mayor = make_user(work.city, Role.EXECUTIVE, "walikota")
    client = login(work.city, mayor)
    page = client.get("/command/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dinas Pendidikan" in html and 'role="img"' in html and "<details>" in html
    assert 'hx-trigger="every 45s"' in html and 'http-equiv="refresh"' not in html
    first = client.get("/command/live/today/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/command/live/today/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    log(work, work.sari)  # an audited write changes the ETag
    changed = client.get("/command/live/today/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert client.get("/command/live/nonsense/").status_code == 404
    assert client.get("/work/city/").status_code == 302


def test_drill_down_keeps_the_period_and_agrees_with_the_opd_page(work, make_user):
    log(work, work.budi, volume="3")
    inspector = make_user(work.city, Role.INSPECTOR, "inspektur")
    client = login(work.city, inspector)
    opd = client.get(f"/command/opd/{work.opd.pk}/?year=2026&month=3")
    assert opd.status_code == 200
    html = opd.content.decode()
    assert "year=2026&amp;month=3" in html
    with in_city(work.city):
        unit_id = work.budi.employee.assignments.first().position.org_unit_id
    unit = client.get(f"/command/unit/{unit_id}/?year=2026&month=3")
    assert unit.status_code == 200 and "Budi Santoso" in unit.content.decode()
    assert client.get("/command/opd/999999/").status_code == 404
    api = client.get("/api/v1/command/month/").json()
    ranking = client.get(f"/api/v1/work/dashboard/opd/{work.opd.pk}/").json()["ranking"]
    row = next(o for o in api["opds"] if o["opd_id"] == work.opd.pk)
    assert row["people"] == len(ranking)
    assert row["tpp_paid"] == sum(r["tpp_paid"] for r in ranking)


def test_wrong_roles_are_refused(work):
    asn = login(work.city, work.budi)
    assert asn.get("/command/").status_code == 403
    assert asn.get("/command/live/today/").status_code == 403
    assert asn.get("/command/pack.pdf").status_code == 403
    assert asn.get("/api/v1/command/alerts/").status_code == 403
    assert asn.get("/command/settings/").status_code == 403


def test_settings_budget_alerts_and_pack(work, make_user, frozen_clock):
    admin = login(work.city, work.cityadmin)
    bad = admin.post(
        "/command/settings/",
        {
            "s-check_hour": "3",
            "s-rate_gap_pct": "10",
            "s-waiting_days": "3",
            "s-silent_days": "3",
            "s-tpp_margin_pct": "0",
        },
    )
    assert bad.status_code == 200 and "6" in bad.content.decode()
    ok = admin.post(
        "/command/settings/",
        {
            "s-check_hour": "9",
            "s-rate_gap_pct": "10",
            "s-waiting_days": "1",
            "s-silent_days": "3",
            "s-tpp_margin_pct": "0",
        },
    )
    assert ok.status_code == 302
    assert admin.post("/command/settings/", {"year": "2026", "amount": "12"}).status_code == 302
    # Tuesday: Kabid logs and nobody verifies; Wednesday 11:00: Budi and Sari log, the
    # health office does not: it is below the city's rate, Kabid's entry waits too long
    log(work, work.kabid)
    frozen_clock.shift(timedelta(days=1, hours=1))
    log(work, work.budi, day=TODAY + timedelta(days=1))
    log(work, work.sari, day=TODAY + timedelta(days=1))
    mayor = make_user(work.city, Role.EXECUTIVE, "walikota")
    client = login(work.city, mayor)
    alerts = client.get("/api/v1/command/alerts/").json()["alerts"]
    kinds = {a["kind"] for a in alerts}
    assert {"rate", "waiting"} <= kinds, alerts
    waiting = next(a for a in alerts if a["kind"] == "waiting")
    assert waiting["who"][0]["name"] == "Kadis Pendidikan" and waiting["entries"] == 1
    rate = next(a for a in alerts if a["kind"] == "rate")
    assert rate["opd"] == "Dinas Kesehatan" and rate["who"][0]["name"]
    pdf = client.get("/command/pack.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"


def test_the_rows_behind_the_waiting_alert_and_the_backlog(work, make_user, frozen_clock, jambi):
    """Every waiting figure links to its entries: one supervisor's, one OPD's, the
    backlog's; read-only, for the city-wide readers of this city only."""
    log(work, work.kabid)  # Tuesday; nobody verifies it
    frozen_clock.shift(timedelta(days=4, hours=1))
    inspector = make_user(work.city, Role.INSPECTOR, "inspektur")
    client = login(work.city, inspector)
    alerts = client.get("/api/v1/command/alerts/").json()["alerts"]
    waiting = next(a for a in alerts if a["kind"] == "waiting")
    screen = client.get("/command/live/alerts/").content.decode()
    link = f"/command/waiting/?verifier={waiting['verifier_id']}"
    assert link in screen
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("data-entry=") == waiting["entries"] == 1
    assert "Kabid" in html and "Menunggu sejak" in html and "Mar 2026" in html
    assert 'name="viewport"' in html and "table-wrap" in html  # scrolls inside at 360 px
    assert "<form" not in html.split("<main", 1)[-1]  # read-only
    by_opd = client.get(f"/command/waiting/?opd={work.opd.pk}").content.decode()
    assert by_opd.count("data-entry=") == 1
    today = client.get("/command/live/today/").content.decode()
    assert "/command/waiting/?backlog=1" in today
    assert client.get("/command/waiting/?backlog=1").content.decode().count("data-entry=") == 1
    assert client.get("/command/waiting/?opd=999999").status_code == 404
    assert (
        client.get(f"/command/opd/{work.opd.pk}/")
        .content.decode()
        .count(f"/command/waiting/?opd={work.opd.pk}")
    )
    # wrong role: 403; another city's session is not a session here
    assert login(work.city, work.budi).get(link).status_code == 403
    jambi_mayor = make_user(jambi, Role.EXECUTIVE, "walikotajambi")
    other = login(jambi, jambi_mayor)
    refused = other.get(link, HTTP_HOST=f"{work.city.slug}.localhost")
    assert refused.status_code in (302, 403)
    assert "data-entry=" not in refused.content.decode()


def test_a_panel_is_rendered_once_per_data_version_or_served_within_the_window(
    work, make_user, settings
):
    log(work, work.budi, volume="3")
    mayor = make_user(work.city, Role.EXECUTIVE, "walikota")
    client = login(work.city, mayor)
    first = client.get("/command/live/today/").content
    assert client.get("/command/live/today/").content == first  # the cached rendering
    settings.DASHBOARD_STALE_SECONDS = 600
    log(work, work.sari)
    served = client.get("/command/live/today/")
    assert served.content == first  # young enough: served, with its own version's ETag
    assert served["ETag"].startswith('"stale-')
    again = client.get("/command/live/today/", HTTP_IF_NONE_MATCH=served["ETag"])
    assert again.status_code == 200  # no 304 that would keep the older panel
    settings.DASHBOARD_STALE_SECONDS = 0
    assert client.get("/command/live/today/").content != first  # the data moved


def test_the_year_at_the_current_pace_counts_months_without_results_at_this_months_pace(
    work, make_user, frozen_clock
):
    """A city that closed only March on the platform: in April the year's projection is
    March as paid plus April's estimate for the eleven other months (not March plus
    April's estimate for April to December, which left out January and February), and
    the screen says how it was counted."""
    from core.command.models import TppBudget
    from core.command.panels import tpp_panel
    from core.performance.models import MonthlyResult, Period
    from core.performance.services.closing import close_period
    from tests.core.performance.conftest import APRIL, complete_march

    complete_march(work)
    frozen_clock.move_to(APRIL)
    with in_city(work.city):
        close_period(Period.objects.get(year=2026, month=3).pk, actor=work.cityadmin)
        march = sum(MonthlyResult.objects.values_list("tpp_paid", flat=True))
        monthly = [100_000_000] * 12
        TppBudget.objects.create(year=2026, amount=sum(monthly), monthly=monthly, updated_at=APRIL)
        panel = tpp_panel(2026, 4, {"tpp_paid": 5_000_000})
    assert march > 0
    assert panel["closed_months"] == 1 and panel["paced_months"] == 11
    assert panel["projection"] == march + 5_000_000 * 11
    assert panel["budget_to_date"] == 200_000_000  # March's and April's, beside what they paid
    mayor = make_user(work.city, Role.EXECUTIVE, "walikota")
    html = login(work.city, mayor).get("/command/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "1 bulan yang sudah ditutup sesuai pembayarannya, 11 bulan dengan laju bulan ini" in html
    pack = login(work.city, mayor).get("/command/pack.pdf", HTTP_ACCEPT_LANGUAGE="id")
    text = _pdf_text(pack.content)
    assert "Cara menghitung setahun" in text, text[:3000]


def _pdf_text(pdf: bytes) -> str:
    """The text drawn by a ReportLab PDF: its content streams (ASCII85, then Flate)."""
    import base64
    import re
    import zlib

    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            raw = base64.a85decode(b"<~" + stream.strip().removeprefix(b"<~"), adobe=True)
            texts.append(zlib.decompress(raw).decode("latin-1"))
        except (ValueError, zlib.error):  # a font or an image, not text
            continue
    return "\n".join(texts)
