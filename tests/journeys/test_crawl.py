"""The crawl: every demo role signs in and follows every link and menu entry it is shown.

Each role walks its own pages on a 360x740 phone in Indonesian (city roles on the demo
city's host, platform staff on the public host), breadth first from its start page:
same-host GET links only, each URL once, at most `MAX_PAGES` pages and `PER_PATTERN`
URLs of one shape (`/people/<n>/`) per role. Every page fails the test on

- an error status (4xx/5xx) for a link the page showed, menu entries included;
- horizontal overflow at 360 px (`scrollWidth > innerWidth`), and a table that scrolls
  sideways inside its region (cards on a phone instead, or `data-scrolls` for a grid);
- a word cut across two lines (a squeezed column: "Menyusu / n");
- the phone's bottom bar off the screen, or covering the page's last element;
- visible snake_case codes, role codes, scientific notation ("1E+2"), English UI words
  on an Indonesian page, numbers not in Indonesian form (Rp5.000.000, 100,00 %,
  1.065 menit), dates in machine form (08-12-2026, 2026-12-08), times with a colon
  ("10:01" on an Indonesian page: "10.01");
- axe-core violations of impact "serious" or "critical" (axe-core is a pinned npm dev
  dependency: `make axe`; skipped with a reason when node_modules/axe-core is missing,
  except in CI where `REQUIRE_AXE` is set).

`ALLOWED` lists the (page, check) pairs still open in another engineer's area, each
naming the owner (for "status", the page a link on a page leads to; a menu entry is
never allowed an error); everything else must be clean.

`make shots` runs this file with SHOTS=1: a full-page screenshot of every page each role
reaches, on a phone and on a desktop, into var/shots/ (nothing is asserted then).
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from core.demo import DEMO_PASSWORD
from tests.browser_support import TESTS_DIR

ROOT = TESTS_DIR.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = bool(os.environ.get("SHOTS"))
SHOTS_DIR = ROOT / "var" / "shots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
MAX_PAGES = 30
PER_PATTERN = 1
FINDINGS_DIR = ROOT / "var" / "crawl"
# axe runs once per page shape for the whole crawl: the same template, the same markup.
_AXE_DONE: set[str] = set()
TIMINGS = bool(os.environ.get("CRAWL_TIMINGS"))

# (role label, username, host): README "Demo logins".
CITY_ROLES = [
    ("city-admin", "198004112005012001"),
    ("opd-admin", "198505052010012004"),
    ("supervisor", "198003152005012002"),
    ("asn-analis", "199005202015031003"),
    ("asn-pengadministrasi", "199207082018012004"),
    ("plt-supervisor", "198207072008011002"),
    ("executive", "197203151998031003"),
    ("inspector", "197306061999031004"),
]
PUBLIC_ROLES = [("operator", "crawl-operator"), ("trainer", "crawl-trainer")]

# Never followed: they sign out, download files, or are not pages of this product.
SKIPPED_PATHS = re.compile(
    r"^/(accounts/logout|static/|media/|api/|admin/|i18n/|healthz|readyz)"
    r"|/(export|download|letters/pdf|backup)\b|\.(pdf|xlsx|csv|zip|json|svg|png)$"
)

# Pages and checks still open in another engineer's area: {(path pattern, check): owner}.
ALLOWED: dict[tuple[str, str], str] = {}

ENGLISH_WORDS = (
    "Save",
    "Cancel",
    "Submit",
    "Delete",
    "Edit",
    "Search",
    "Previous",
    "Sign in",
    "Sign out",
    "Download",
    "Upload",
    "Approve",
    "Reject",
    "Settings",
    "Employees",
    "Activities",
    "Waiting",
    "Approved",
    "Rejected",
    "Needs improvement",
    "Very good",
    "minutes",
    "January",
    "February",
    "Monday",
    "Yes",
    "None",
    "Dashboard",
    "Import",
    "Month",
)
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w-])")
# Either case: "butuh_perbaikan", and the upper-case codes some enums store ("JPT_PRATAMA").
SNAKE = re.compile(r"(?<![\w./@:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@.-])", re.IGNORECASE)
ROLE_CODES = re.compile(r"\b(city_admin|opd_admin|executive|inspector|trainer)\b")
SCIENTIFIC = re.compile(r"\b\d+(?:[.,]\d+)?[eE][+-]?\d+\b")
# Indonesian writes a time with a dot: "pukul 10.01", not "10:01".
COLON_TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])")
BAD_NUMBERS = [
    ("rupiah grouped with commas", re.compile(r"Rp\s?\d{1,3}(?:,\d{3})+\b")),
    ("rupiah without grouping", re.compile(r"Rp\s?\d{4,}\b")),
    ("decimal point in a percentage", re.compile(r"\b\d+\.\d+\s?%")),
    # "45 %" (core.formats.percent) on every page, never "45%" beside it
    ("percentage without its space", re.compile(r"\b\d+(?:,\d+)?%")),
    ("minutes without grouping", re.compile(r"\b\d{4,}\s?(?:menit|mnt)\b")),
    ("abbreviated minutes", re.compile(r"\b\d+\s?mnt\b")),
    # "08-12-2026", "08/12/2026", "2026-12-08", "12/2026", "2026-12": a date is "8 Des 2026" or
    # "8 Desember 2026", a month "Desember 2026".
    (
        "machine date",
        # (a law's number "UU 1/2022" is not a month: a word before it)
        re.compile(
            r"\b(?:\d{2}[-/]\d{2}[-/]\d{4}|\d{4}-\d{2}(?:-\d{2})?)\b"
            r"|(?<![A-Za-z] )\b\d{1,2}/\d{4}\b"
        ),
    ),
]


@dataclass
class Finding:
    url: str
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.url} [{self.check}] {self.detail}"


@dataclass
class Crawl:
    base: str
    findings: list[Finding] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def pattern_of(url: str) -> str:
    """The shape of a URL: digits collapsed, query values dropped (`/people/<n>/?opd`)."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "<n>", parts.path)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(keys) if keys else "")


def text_findings(text: str, indonesian: bool) -> list[tuple[str, str]]:
    """(check, detail) for every machine format in a page's visible text."""
    found = []
    for check, regex in [
        ("snake_case", SNAKE),
        ("role code", ROLE_CODES),
        ("scientific notation", SCIENTIFIC),
    ]:
        hits = sorted(set(regex.findall(text)))
        if hits:
            found.append((check, ", ".join(hits[:5])))
    if "---------" in text:  # Django's empty choice: say what to pick ("Pilih indikator")
        found.append(("empty choice", "---------"))
    for check, regex in BAD_NUMBERS:
        hits = sorted({m.group(0) for m in regex.finditer(text)})
        if hits:
            found.append((f"number format: {check}", ", ".join(hits[:5])))
    if indonesian:
        hits = sorted(set(ENGLISH.findall(text)))
        if hits:
            found.append(("English word", ", ".join(hits[:5])))
        hits = sorted(set(COLON_TIME.findall(text)))
        if hits:
            found.append(("time with a colon", ", ".join(hits[:5])))
    return found


@pytest.mark.parametrize(
    ("_case", "text", "indonesian", "checks"),
    [
        ("_clean", "Rp5.000.000 · 100,00 % · 1.065 menit · Butuh Perbaikan", True, []),
        ("_snake", "Predikat butuh_perbaikan", True, ["snake_case"]),
        ("_upper_snake", "Kelompok JPT_PRATAMA", True, ["snake_case"]),
        ("_role", "Peran city_admin / executive", True, ["snake_case", "role code"]),
        ("_scientific", "Faktor kinerja 1E+2 %", True, ["scientific notation"]),
        ("_minutes", "Total 1065 mnt", True, ["minutes without", "abbreviated"]),
        ("_rupiah", "Rp5,000,000 dan Rp5000", True, ["with commas", "without grouping"]),
        ("_percent", "Capaian 93.5 %", True, ["decimal point"]),
        ("_percent_tight", "Terlambat: 0,50% dari TPP dasar", True, ["without its space"]),
        ("_dates", "Disetujui 08-12-2026 · sejak 2026-01-02", True, ["machine date"]),
        ("_month", "Target bulanan · 12/2026", True, ["machine date"]),
        ("_iso_month", "2026-12 bulan terbuka pertama", True, ["machine date"]),
        ("_years", "Periode 2025-2026", True, []),
        ("_time", "Diperbarui 8 Des 2026 10:01", True, ["time with a colon"]),
        ("_time_dot", "Data per pukul 09.48 WIB", True, []),
        ("_law", "Sumber dari templat (UU 1/2022 HKPD)", True, []),
        ("_empty_choice", "Indikator\n---------\nJumlah surat", True, ["empty choice"]),
        ("_english", "Simpan · Cancel", True, ["English word"]),
        ("_english_page", "Save · Cancel", False, []),
        ("_email_and_path", "budi_s@kota.go.id /media/a_b.png", True, []),
    ],
)
def test_text_checks_catch_machine_formats(_case, text, indonesian, checks):
    found = " | ".join(check for check, _detail in text_findings(text, indonesian))
    for check in checks:
        assert check in found, (text, found)
    if not checks:
        assert found == ""


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def platform_staff(live_server_port, django_db_blocker) -> dict[str, str]:
    """An operator and a trainer on the public site (the demo's own are not in tests)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from core.accounts.roles import Role

    roles = {"operator": Role.OPERATOR, "trainer": Role.TRAINER}
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        users = get_user_model().objects
        for label, username in PUBLIC_ROLES:
            # Kept afterwards: deleting a public user cascades into city-only tables.
            user = users.filter(username=username).first() or users.create_user(
                username, DEMO_PASSWORD, full_name=label.title(), role=roles[label]
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return dict(PUBLIC_ROLES)


def _context(browser, viewport: dict):
    # bypass_csp: axe-core is injected as a script tag, which the strict Content Security
    # Policy (nonces only) rightly blocks. The crawl checks our pages, not the CSP (that is
    # tested in tests/config/test_edges.py and tests/journeys/test_creds.py).
    context = browser.new_context(viewport=viewport, locale="id-ID", bypass_csp=True)
    context.set_default_timeout(45_000)  # two shared cores: a busy server, not a broken one
    return context


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


# ---------------------------------------------------------------- the crawl
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download') && !(a.target && a.target !== '_self'))
  .map(a => ({href: a.href, menu: !!a.closest('nav.mainnav')}))"""
# The page's visible text without <code>/<kbd>/<samp>: column names a file must use
# ("jam_masuk") are meant to be typed exactly and are shown as code.
VISIBLE_TEXT_JS = """() => {
  let text = document.body.innerText;
  for (const el of document.body.querySelectorAll('code, kbd, samp')) {
    const part = el.innerText;
    if (part) text = text.split(part).join(' ');
  }
  return text;
}"""
OVERFLOW_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# The phone's bottom bar: on the screen at the top of the page, and at the end of the page
# above the last element (the footer), however tall its labels make it ("Koreksi menunggu
# persetujuan" wraps to three lines). A fixed bar with a guessed padding-bottom hid it.
BAR_JS = """() => {
  const nav = document.querySelector('nav.mainnav');
  if (!nav || getComputedStyle(nav).position === 'static') return null;
  const last = document.querySelector('body > footer') || document.querySelector('main');
  const bar = nav.getBoundingClientRect();
  const away = Math.round(window.innerHeight - bar.bottom);
  // Scrolled to the end, the bar's top is at scrollHeight - its height (no scrolling here).
  const end = last.getBoundingClientRect().bottom + window.scrollY;
  const under = Math.round(end - (document.documentElement.scrollHeight - bar.height));
  if (Math.abs(away) > 1) return 'bar ' + away + 'px above the bottom of the screen';
  const high = Math.round(bar.height);
  if (under > 1) return 'last element ' + under + 'px under the ' + high + 'px bar';
  return null;
}"""
# Words cut across two lines ("Menyusu / n", "Me / mbe / rika / n"): a column squeezed by
# its neighbour, or `overflow-wrap: anywhere` where `break-word` belongs.
BROKEN_WORDS_JS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node, seen = 0;
  while ((node = walker.nextNode()) && found.length < 3 && seen < 5000) {
    const el = node.parentElement;
    if (!el || el.closest('code, kbd, samp, script, style')) continue;
    const word = /[A-Za-z\u00c0-\u024f]{4,}/g;
    let m;
    while ((m = word.exec(node.data))) {
      seen++;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
      if (rects.length > 1 && rects[rects.length - 1].top - rects[0].top > 2) {
        const cls = typeof el.className === 'string' ? el.className.trim() : '';
        found.push('"' + m[0] + '" in ' + el.tagName.toLowerCase()
          + (cls ? '.' + cls.split(/\\s+/).join('.') : ''));
        break;
      }
    }
  }
  return found;
}"""
# What sticks out: the innermost elements past the right edge, outside scroll regions.
CULPRITS_JS = """() => {
  const edge = window.innerWidth + 1;
  const scrolls = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const out = Array.from(document.body.querySelectorAll('*'))
    .filter(el => el.getBoundingClientRect().right > edge && !scrolls(el));
  return out.filter(el => !out.some(o => o !== el && el.contains(o))).slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className
         ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
      + ' "' + (el.innerText || '').trim().slice(0, 30) + '"');
}"""
# Tables wider than the phone inside their scroll region: a column the reader never sees
# unless they think of swiping. A table whose rows are read as cards on a phone
# (`table.cards-on-phone`) never is; a grid meant to scroll (months across, a chart's
# numbers) says so with `data-scrolls`.
SIDEWAYS_JS = """() => Array.from(document.querySelectorAll('.table-wrap'))
  .filter(w => w.scrollWidth > w.clientWidth + 2 && !w.querySelector('table[data-scrolls]'))
  .slice(0, 3)
  .map(w => {
    const head = w.closest('section, details, main').querySelector('h1, h2, h3, summary');
    return '"' + (head ? head.innerText.trim().slice(0, 40) : '?') + '" '
      + w.scrollWidth + 'px';
  })"""
AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
      .map(n => n.target.join(' ')).join(' | '));
}"""


def _allowed(url: str, check: str) -> bool:
    return (pattern_of(url).split("?")[0], check.split(":")[0]) in ALLOWED


def _check_page(page, crawl: Crawl, url: str, role: str) -> None:
    def report(check: str, detail: str) -> None:
        if not _allowed(url, check):
            crawl.findings.append(Finding(url.removeprefix(crawl.base), check, detail))

    width, inner = page.evaluate(OVERFLOW_JS)
    if width > inner:
        culprits = "; ".join(page.evaluate(CULPRITS_JS))
        report("overflow", f"{width}px wide at {inner}px: {culprits}")
    sideways = page.evaluate(SIDEWAYS_JS)
    if sideways:
        report("sideways table", "; ".join(sideways))
    bar = page.evaluate(BAR_JS)
    if bar:
        report("bottom bar", bar)
    broken = page.evaluate(BROKEN_WORDS_JS)
    if broken:
        report("broken word", "; ".join(broken))
    indonesian = (page.get_attribute("html", "lang") or "").startswith("id")
    for check, detail in text_findings(page.evaluate(VISIBLE_TEXT_JS), indonesian):
        report(check, detail)
    pattern = pattern_of(url)
    if AXE.exists() and pattern not in _AXE_DONE:
        _AXE_DONE.add(pattern)
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(AXE_JS):
            report("axe", violation)
    if SHOTS:
        name = re.sub(r"[^a-z0-9]+", "-", pattern.lower()).strip("-") or "home"
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS_DIR / f"{role}-phone-{name}.png"), full_page=True)


def crawl(page, base: str, role: str) -> Crawl:
    result = Crawl(base=base)
    queue: deque[tuple[str, str, bool]] = deque([(base + "/", "(start)", True)])
    seen = {base + "/"}
    per_pattern: dict[str, int] = {}
    while queue and len(result.pages) < MAX_PAGES:
        url, source, from_menu = queue.popleft()
        started = time.monotonic()
        try:
            response = page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as exc:  # a file download, not a page
            if "Download is starting" in str(exc):
                continue
            raise
        status = response.status if response else 0
        loaded = time.monotonic()
        result.pages.append(url)
        if status >= 400:
            where = "menu" if from_menu else f"link on {source.removeprefix(base)}"
            if from_menu or not _allowed(url, "status"):  # a menu entry must always open
                result.findings.append(
                    Finding(url.removeprefix(base), "status", f"{status} from the {where}")
                )
            continue
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            continue
        if not page.url.startswith(base):
            continue
        _check_page(page, result, page.url, role)
        if TIMINGS:
            checked = time.monotonic()
            took = f"load {loaded - started:.2f}s check {checked - loaded:.2f}s"
            print(f"  {url.removeprefix(base)}: {took}")
        for link in page.evaluate(LINKS_JS):
            target = link["href"].split("#", 1)[0]
            if not target.startswith(base + "/") or target in seen:
                continue
            parts = urlsplit(target)
            if SKIPPED_PATHS.search(parts.path) or "download=" in parts.query:
                continue
            pattern = pattern_of(target)
            if per_pattern.get(pattern, 0) >= PER_PATTERN:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            seen.add(target)
            queue.append((target, url, link["menu"]))
    return result


def _shoot_desktop(browser, base: str, username: str, role: str, urls: list[str]) -> None:
    context = _context(browser, DESKTOP)
    try:
        page = context.new_page()
        _sign_in(page, base, username)
        for url in urls:
            response = page.goto(url)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            name = re.sub(r"[^a-z0-9]+", "-", pattern_of(url).lower()).strip("-") or "home"
            page.screenshot(path=str(SHOTS_DIR / f"{role}-desktop-{name}.png"), full_page=True)
    finally:
        context.close()


def _shoot_menu(page, role: str) -> None:
    """The start page and the open "Lainnya" sheet on the phone, always: cheap to take,
    and what a reviewer looks at first (var/shots/<role>-phone-start.png, -more.png)."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"{role}-phone-start.png"))
    more = page.locator("nav.mainnav details.nav-more summary")
    if more.count() and more.first.is_visible():
        more.first.click()
        page.screenshot(path=str(SHOTS_DIR / f"{role}-phone-more.png"))
        more.first.click()


def _run(browser, base: str, username: str, role: str) -> Crawl:
    if not AXE.exists() and os.environ.get("REQUIRE_AXE"):
        pytest.fail(f"REQUIRE_AXE is set (CI) but {AXE} is missing: run `make axe`")
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        _sign_in(page, base, username)
        _shoot_menu(page, role)
        started = time.monotonic()
        result = crawl(page, base, role)
        elapsed = time.monotonic() - started
    finally:
        context.close()
    print(f"\n{role}: {len(result.pages)} pages in {elapsed:.1f}s")
    FINDINGS_DIR.mkdir(parents=True, exist_ok=True)
    (FINDINGS_DIR / f"{role}.txt").write_text("\n".join(map(str, result.findings)) + "\n")
    if SHOTS:
        _shoot_desktop(browser, base, username, role, result.pages)
    return result


def _assert_clean(result: Crawl, role: str) -> None:
    if SHOTS:
        return
    assert len(result.pages) > 3, f"{role} reached only {result.pages}"
    problems = "\n".join(f"  {finding}" for finding in result.findings)
    assert not result.findings, f"{role}: {len(result.findings)} problems\n{problems}"
    if not AXE.exists():
        pytest.skip(f"axe-core checks skipped: {AXE} is missing (run `make axe`)")


@pytest.mark.parametrize(("role", "username"), CITY_ROLES, ids=[r for r, _u in CITY_ROLES])
def test_city_role_crawl(role, username, demo_city, _chromium, django_db_blocker):
    with django_db_blocker.unblock():  # the server thread queries while the browser walks
        result = _run(_chromium, demo_city.base_url, username, role)
    _assert_clean(result, role)


@pytest.mark.parametrize(("role", "username"), PUBLIC_ROLES, ids=[r for r, _u in PUBLIC_ROLES])
def test_platform_role_crawl(
    role, username, platform_staff, live_server_port, _chromium, django_db_blocker
):
    with django_db_blocker.unblock():
        result = _run(_chromium, f"http://localhost:{live_server_port}", username, role)
    _assert_clean(result, role)


def test_shots_folder_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "var/" in ignored and "node_modules/" in ignored
