"""Shared test base: persona users in two communes and a supervisor above both, so every test can
ask "can the other commune see this?"."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[object]:
    """A Playwright page in Debian's Chromium; a screenshot is saved when the test fails."""
    executable = chromium_path()
    if executable is None:
        if CI:
            pytest.fail("CI=true: Chromium không có trên máy (make testdeps cài gói chromium).")
        pytest.skip("Chưa cài Chromium (make testdeps).")
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
        yield page
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
        context.close()
        browser.close()


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
