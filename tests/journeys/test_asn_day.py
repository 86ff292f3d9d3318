"""An ASN's day on a cheap phone (360x740), in Indonesian and once in English: sign in,
see today's date and the minutes left, log with two taps, log a favourite that needs a
photo, find an activity by typing, and meet every refusal as a sentence."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

CLERK = "199005202015031003"  # Analis Kurikulum, Dinas Pendidikan


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG")
    path = tmp_path / "bukti.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _minutes_left(page) -> int:
    text = page.locator("[data-testid=minutes-left]").inner_text()
    match = re.search(r"(\d[\d.]*)", text)
    assert match, text
    return int(match.group(1).replace(".", ""))


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"


def test_clerk_logs_work_in_two_taps_and_meets_refusals_as_sentences(demo_city, phone, shot, photo):
    today = timezone.localdate()
    demo_city.sign_in(phone, CLERK)
    phone.goto(demo_city.url("/work/"))
    # The date is today's, in the form a date input accepts, whatever the language.
    assert phone.locator("input[name=day]").input_value() == today.isoformat()
    # Nothing is kept offline: the phone's queue card stays out of sight.
    expect(phone.locator("#offline-queue")).to_be_hidden()
    left = _minutes_left(phone)
    expect(phone.locator("[data-testid=minutes-left]")).to_contain_text("menit hari ini")
    assert 0 < left <= 480, "the demo leaves the clerk room to log today"
    _fits_the_phone(phone)
    shot(phone, "log-start")

    # Two taps: open the page, tap a favourite that needs no evidence.
    quick = phone.locator(".quick button").filter(has_not_text="foto").first
    quick.click()
    expect(phone.locator("#log-panel .msg-success")).to_contain_text("Tersimpan")
    assert _minutes_left(phone) < left
    left = _minutes_left(phone)

    # A favourite that needs a photo opens the form prefilled with the camera field.
    phone.locator(".quick button").filter(has_text="foto").first.click()
    expect(phone.locator("#log-panel .msg-success")).to_contain_text("memerlukan bukti")
    box = phone.locator(".evidence-box")
    expect(box).to_be_visible()
    expect(box.locator(".evidence-hint")).to_be_visible()
    camera = box.locator("input[type=file]")
    assert camera.get_attribute("accept") == "image/*"
    assert camera.get_attribute("capture") is not None
    assert phone.locator("select[name=activity_type]").input_value() != ""
    camera.set_input_files(str(photo))
    expect(box.locator(".evidence-preview")).to_be_visible()
    shot(phone, "log-favourite-with-photo")
    phone.locator(".log-form button[type=submit]").click()
    expect(phone.locator("#log-panel .msg-success")).to_contain_text("Tersimpan")
    assert _minutes_left(phone) < left
    assert phone.locator("input[name=day]").input_value() == today.isoformat()

    # Type to find an activity; the whole name, its unit and minutes are shown.
    phone.fill(".activity-search", "laporan harian")
    result = phone.locator(".activity-results button").first
    expect(result).to_contain_text("menit")
    result.click()
    expect(phone.locator(".activity-chosen")).to_contain_text("Menyusun laporan harian")
    _fits_the_phone(phone)

    # Too much for one day: a sentence in place, nothing saved.
    before = _minutes_left(phone)
    phone.fill("input[name=volume]", "40")
    phone.locator(".log-form button[type=submit]").click()
    alert = phone.locator("#log-panel .msg-error")
    expect(alert).to_contain_text("batas maksimalnya 480 menit")
    assert _minutes_left(phone) == before
    shot(phone, "log-refused-cap")

    # Nothing to repeat from the last day (it needed evidence, or is today): a sentence too.
    with phone.expect_response(lambda r: r.url.endswith("/work/log/repeat/")) as answer:
        phone.get_by_role("button", name="Ulangi hari terakhir saya").click()
    assert answer.value.status == 200  # htmx: the refusal or the result, in place
    message = phone.locator("#log-panel .msg-success, #log-panel .msg-error").first
    expect(message).not_to_contain_text("885")
    said = message.inner_text()
    assert re.search(r"(kegiatan diulang|Tidak ada|batas maksimalnya 480 menit)", said), said
    _fits_the_phone(phone)
    shot(phone, "log-after-repeat")


def test_clerk_in_english_sees_the_date_and_minutes_left(demo_city, phone_en, shot):
    phone_en.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": demo_city.url("/")}]
    )
    demo_city.sign_in(phone_en, CLERK)
    phone_en.goto(demo_city.url("/work/"))
    assert phone_en.locator("input[name=day]").input_value() == timezone.localdate().isoformat()
    expect(phone_en.locator("[data-testid=minutes-left]")).to_contain_text("minutes left today")
    expect(phone_en.locator("h1")).to_contain_text("Log work")
    _fits_the_phone(phone_en)
    shot(phone_en, "log-en")


# ---------------------------------------------------------------- without signal (issue 17)
# Offline-first logging on a phone without signal: the page opens from the phone's copy,
# the entry waits in the queue (kept across a reload), and reaches the server exactly
# once when the connection returns. Last in this module: it logs for the clerk.
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
