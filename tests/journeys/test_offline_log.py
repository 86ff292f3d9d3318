"""Offline-first logging on a phone without signal: the page opens from the phone's
copy, the entry waits in the queue (kept across a reload), and reaches the server
exactly once when the connection returns."""

from __future__ import annotations

from playwright.sync_api import expect

CLERK = "199005202015031003"  # Analis Kurikulum, Dinas Pendidikan


def _entries(demo_city, note: str) -> list:
    from core.performance.models import ActivityEntry

    with demo_city.committed():
        return list(ActivityEntry.objects.filter(note=note).values("id", "device_time", "status"))


def test_logged_offline_arrives_once_after_reconnecting(demo_city, phone, shot):
    demo_city.sign_in(phone, CLERK)
    phone.goto(demo_city.url("/work/"))
    # The service worker installs; the next visit goes through it and keeps the page.
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    phone.wait_for_function(
        "caches.open('sinergi-pages').then(c => c.match('/work/')).then(r => !!r)"
    )
    manifest = phone.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["start_url"] == "/work/" and demo_city.city.name in manifest["name"]

    phone.context.set_offline(True)
    phone.reload()  # no signal: the page opens from the phone's copy
    form = phone.locator(".log-form")
    expect(form).to_be_visible()
    choice = phone.locator(".log-form select[name=activity_type] option[data-evidence='0']").first
    form.locator("select[name=activity_type]").select_option(choice.get_attribute("value"))
    form.locator("[name=volume]").fill("2")
    form.locator("summary").click()
    form.locator("[name=note]").fill("dicatat tanpa sinyal")
    form.locator("button[type=submit]").click()
    queue = phone.locator("#offline-queue")
    expect(queue.locator("li")).to_have_count(1)
    expect(queue.locator("li .badge")).to_have_text("Menunggu sinyal")
    expect(queue).to_contain_text("disimpan di ponsel ini")
    shot(phone, "queued-offline")
    assert _entries(demo_city, "dicatat tanpa sinyal") == []

    phone.reload()  # still without signal: the queue is kept on the phone
    expect(phone.locator("#offline-queue li .badge")).to_have_text("Menunggu sinyal")

    phone.context.set_offline(False)  # the connection returns: the queue sends itself
    expect(phone.locator("#offline-queue li .badge")).to_have_text("Terkirim")
    name = choice.inner_text().split(" (")[0]
    listed = phone.locator("#log-panel .entries li").filter(has_text=name)
    expect(listed.first).to_contain_text("Menunggu")
    shot(phone, "sent")
    phone.reload()  # opening the page again sends nothing twice
    expect(phone.locator("#offline-queue li .badge")).to_have_text("Terkirim")
    entries = _entries(demo_city, "dicatat tanpa sinyal")
    assert len(entries) == 1, entries
    assert entries[0]["status"] == "submitted" and entries[0]["device_time"] is not None
