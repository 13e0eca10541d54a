"""Shared test base: persona users in two communes and a supervisor above both, so every test can
ask "can the other commune see this?"."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from thanthien.org.actions import create_user, grant_role, save_unit
from thanthien.org.models import Role, Unit, UnitKind

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from there are safe
# in tests (one thread drives the browser, the live server answers in another).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Mat-khau-thu-2026"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing nine persona passwords per test with PBKDF2 would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def _catalogue(request: pytest.FixtureRequest) -> None:
    """Transactional tests (browser, concurrency) flush the database afterwards, taking the procedure
    catalogue that a migration loaded with it; put it back for whichever test comes next."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from thanthien.onestop.catalogue import ensure_catalogue

    ensure_catalogue()
    _ensure_limit_rules()


def _ensure_limit_rules() -> None:
    """The statutory time limits of petitions, loaded by a migration, are flushed the same way."""
    from thanthien.engagement.limits import ensure_default_limits

    ensure_default_limits()


@dataclass
class Personas:
    province: Unit
    district: Unit
    commune_a: Unit
    commune_b: Unit
    other_province: Unit
    commune_c: Unit  # under the other province: the supervisor must not see it
    officer_a: User
    registrar_a: User
    leader_a: User
    front_a: User
    reception_a: User
    admin_a: User
    officer_b: User
    supervisor: User
    other_supervisor: User
    sysadmin: User

    def client(self, user: User | None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c


def make_unit(code: str, name: str, kind: str, parent: Unit | None = None, **extra: object) -> Unit:
    return save_unit(None, Unit(code=code, name=name, kind=kind, parent=parent, **extra))


def make_user(username: str, role: str, unit: Unit | None, full_name: str = "") -> User:
    user = create_user(username, PASSWORD, full_name or username)
    grant_role(None, user, unit, role)
    return user  # type: ignore[return-value]


@pytest.fixture
def personas(db: None) -> Personas:
    province = make_unit("T38", "Tỉnh Thanh Hóa", UnitKind.PROVINCE)
    district = make_unit("H399", "Huyện Hoằng Hóa", UnitKind.DISTRICT, province)
    commune_a = make_unit("X16012", "Xã Hoằng Hợp", UnitKind.COMMUNE, district)
    commune_b = make_unit("X16015", "Xã Hoằng Quý", UnitKind.COMMUNE, district)
    other_province = make_unit("T20", "Tỉnh Lạng Sơn", UnitKind.PROVINCE)
    commune_c = make_unit("P05956", "Phường Vĩnh Trại", UnitKind.WARD, other_province)
    sysadmin = make_user("sysadmin", Role.SYSTEM_ADMIN, None, "Quản Trị Viên")
    return Personas(
        province=province,
        district=district,
        commune_a=commune_a,
        commune_b=commune_b,
        other_province=other_province,
        commune_c=commune_c,
        officer_a=make_user("officer_a", Role.ONESTOP_OFFICER, commune_a, "Lê Thị Hoa"),
        registrar_a=make_user("registrar_a", Role.CIVIL_REGISTRAR, commune_a, "Nguyễn Văn Bình"),
        leader_a=make_user("leader_a", Role.LEADER, commune_a, "Trần Văn Dũng"),
        front_a=make_user("front_a", Role.FRONT, commune_a, "Phạm Thị Lan"),
        reception_a=make_user("reception_a", Role.RECEPTION_OFFICER, commune_a, "Vũ Thị Thu"),
        admin_a=make_user("admin_a", Role.COMMUNE_ADMIN, commune_a, "Đỗ Minh Đức"),
        officer_b=make_user("officer_b", Role.ONESTOP_OFFICER, commune_b, "Vũ Thị Mai"),
        supervisor=make_user("supervisor", Role.SUPERVISOR, province, "Hoàng Thị Yến"),
        other_supervisor=make_user("other_supervisor", Role.SUPERVISOR, other_province, "Vi Văn Thắng"),
        sysadmin=sysadmin,
    )


# --- browser ------------------------------------------------------------------------------------

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


AXE_JS = Path(__file__).resolve().parent.parent / "thanthien/core/static/vendor/axe-core/axe.min.js"
# Impacts that fail a test; "minor" and "moderate" findings are left to review.
AXE_FAILING_IMPACTS = ("serious", "critical")
# Runs in every document the page opens (init scripts bypass the Content-Security-Policy, a <script> tag would
# not): once the page has loaded, axe checks it and hands the findings to Python through a binding.
AXE_AUTORUN = """
(() => {
  if (window !== window.top) return;
  window.__axeDone = new Promise(resolve => {
    window.addEventListener('load', () => setTimeout(() => {
      axe.run(document, {resultTypes: ['violations']})
        .then(r => window.__axeReport(location.href, r.violations, null))
        .catch(e => window.__axeReport(location.href, [], String(e)))
        .finally(resolve);
    }, 0));
  });
})();
"""


def _axe_findings(url: str, violations: list[dict[str, Any]]) -> list[str]:
    findings = []
    for v in violations:
        if v.get("impact") not in AXE_FAILING_IMPACTS:
            continue
        targets = "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
        findings.append(f"{url}: [{v['impact']}] {v['id']} – {v['help']} ({len(v['nodes'])} phần tử: {targets})")
    return findings


class AxeRecorder:
    """Every document a browser test opens is checked by axe-core; serious or critical findings fail the test."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.navigated: list[str] = []
        self.checked: set[str] = set()
        self.findings: list[str] = []
        page.expose_binding("__axeReport", self._report)
        page.add_init_script(path=str(AXE_JS))
        page.add_init_script(script=AXE_AUTORUN)
        page.on("framenavigated", self._navigated)
        # The Content-Security-Policy blocks what it refuses silently for the user; the test says so.
        page.on("console", self._console)

    @staticmethod
    def _key(url: str) -> str:
        return url.split("#", 1)[0]

    def _navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame and frame.url.startswith("http"):
            self.navigated.append(self._key(frame.url))

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.findings.append(f"{self.page.url}: CSP: {message.text}")

    def _report(self, source: Any, url: str, violations: list[dict[str, Any]], error: str | None) -> None:
        if error:
            self.findings.append(f"{url}: axe-core không chạy được: {error}")
        self.checked.add(self._key(url))
        self.findings.extend(_axe_findings(url, violations))

    def wait_current(self) -> None:
        from playwright.sync_api import Error

        # A page navigating away ends its check early; revisit() redoes it.
        with contextlib.suppress(Error):
            self.page.evaluate("() => window.__axeDone")

    def revisit(self) -> None:
        """Pages the test left before their check finished are opened again (GET) and checked."""
        from playwright.sync_api import Error

        for url in dict.fromkeys(self.navigated):
            if url in self.checked:
                continue
            # Asked first without navigating: only a page that answers 200 with HTML is opened and checked (a
            # download, or a POST-only address answering 405 with an empty body, is not a page).
            probe = self.page.request.get(url, max_redirects=0)
            if not probe.ok or "text/html" not in (probe.headers.get("content-type") or ""):
                continue
            with contextlib.suppress(Error):
                self.page.goto(url)
                self.wait_current()

    def check_now(self) -> list[str]:
        self.wait_current()
        violations = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        return _axe_findings(self.page.url, violations)


def assert_accessible(page: Any) -> None:
    """Explicit axe-core check of the page as it is now (after a dynamic step: htmx swap, opened dialog)."""
    findings = page._thanthien_axe.check_now()
    assert not findings, "axe-core: vi phạm tiếp cận nghiêm trọng:\n" + "\n".join(findings)


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[object]:
    """A Playwright page in Debian's Chromium; a screenshot is saved when the test fails. Every page the test
    opens is checked with axe-core (see AxeRecorder); a passing test fails at teardown on any serious or critical
    accessibility violation."""
    executable = chromium_path()
    if executable is None:
        if CI:
            pytest.fail("CI=true: Chromium không có trên máy (make testdeps cài gói chromium).")
        pytest.skip("Chưa cài Chromium (make testdeps).")
    if not AXE_JS.exists():
        pytest.fail(f"Thiếu {AXE_JS.name} (chạy make assets).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15000)
        axe = AxeRecorder(page)
        page._thanthien_axe = axe  # type: ignore[attr-defined]
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
        elif report is not None:
            axe.wait_current()
            axe.revisit()
        context.close()
        browser.close()
    if report is not None and report.passed and axe.findings:
        pytest.fail("axe-core: vi phạm tiếp cận nghiêm trọng:\n" + "\n".join(dict.fromkeys(axe.findings)))


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


def login(page: object, live_server_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server_url}/dang-nhap/")  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Mật khẩu").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đăng nhập").click()  # type: ignore[attr-defined]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` run only in the PostgreSQL pass: deselected (not skipped) on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep = [item for item in items if item.get_closest_marker("postgres") is None]
    dropped = [item for item in items if item.get_closest_marker("postgres") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
