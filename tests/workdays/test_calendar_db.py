"""A unit's calendar from the database (`queries.calendar_for`) and the actions that change it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thanthien.audit.models import AuditEntry
from thanthien.org.actions import create_user, grant_role
from thanthien.org.models import Role, Unit, UnitKind
from thanthien.workdays import actions
from thanthien.workdays.models import CalendarException, CalendarSetting, ExceptionKind, WorkingPeriod
from thanthien.workdays.queries import ancestor_ids, calendar_for
from thanthien.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MON = dt.date(2024, 10, 7)  # an ordinary week: Mon 07/10 – Sun 13/10/2024, no holidays
TUE = dt.date(2024, 10, 8)
WED = dt.date(2024, 10, 9)
SAT = dt.date(2024, 10, 12)
AM = (dt.time(7, 30), dt.time(11, 30))
PM = (dt.time(13, 0), dt.time(17, 0))


def make_unit(code: str, name: str, kind: str, parent: Unit | None = None) -> Unit:
    unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent)
    unit.path = (parent.path if parent else "/") + f"{unit.pk}/"
    unit.save()
    return unit


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), TZ)


@pytest.fixture
def province() -> Unit:
    return make_unit("T38", "Tỉnh Thanh Hóa", UnitKind.PROVINCE)


@pytest.fixture
def commune(province: Unit) -> Unit:
    return make_unit("X16012", "Xã Hoằng Hợp", UnitKind.COMMUNE, province)


@pytest.fixture
def other_commune(province: Unit) -> Unit:
    return make_unit("X16015", "Xã Hoằng Quý", UnitKind.COMMUNE, province)


@pytest.fixture
def other_province() -> Unit:
    return make_unit("T20", "Tỉnh Lạng Sơn", UnitKind.PROVINCE)


def exception(unit: Unit | None, day: dt.date, kind: str, reason: str, decision: str = "") -> CalendarException:
    return CalendarException.objects.create(unit=unit, date=day, kind=kind, reason=reason, decision=decision)


# --- building the calendar ----------------------------------------------------------------------


def test_ancestor_ids_nearest_first(province: Unit, commune: Unit) -> None:
    assert commune.path == f"/{province.pk}/{commune.pk}/"
    assert ancestor_ids(commune) == [commune.pk, province.pk]
    assert ancestor_ids(province) == [province.pk]


def test_no_rows_gives_the_default_calendar(commune: Unit) -> None:
    cal = calendar_for(commune)
    assert cal.is_working_day(MON)
    assert not cal.is_working_day(SAT)
    assert cal.periods_on(MON) == [(at(MON, 7, 30), at(MON, 11, 30)), (at(MON, 13), at(MON, 17))]
    assert cal.cutoff == dt.time(15, 0)
    # Statutory holidays are there without any row: Tết 2024.
    assert not cal.is_working_day(dt.date(2024, 2, 12))
    assert cal.add_working_days(at(MON, 10), 3).due == at(dt.date(2024, 10, 10), 10)


def test_nationwide_day_off_applies_to_every_unit(commune: Unit, other_province: Unit) -> None:
    exception(None, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm", "Thông báo số 6150/TB-LĐTBXH")
    for unit in (commune, other_province, None):
        cal = calendar_for(unit)
        assert not cal.is_working_day(TUE)
        assert cal.day(TUE).reason == "Nghỉ thêm – Thông báo số 6150/TB-LĐTBXH"
    # Mon 10:00 + 1 day: Mon 5.5; Tue off; Wed 2.5 → 10:00.
    result = calendar_for(commune).add_working_days(at(MON, 10), 1)
    assert result.due == at(WED, 10)
    assert "Không tính Thứ Ba 08/10/2024: Nghỉ thêm – Thông báo số 6150/TB-LĐTBXH." in result.explanation()


def test_province_working_day_applies_to_its_communes_only(province: Unit, commune: Unit, other_province: Unit) -> None:
    exception(province, SAT, ExceptionKind.WORKING_DAY, "Làm bù")
    assert calendar_for(province).is_working_day(SAT)
    cal = calendar_for(commune)
    assert cal.is_working_day(SAT)
    assert cal.day(SAT).reason == "Làm bù"
    # A làm bù Saturday has the standard day's hours.
    assert cal.periods_on(SAT) == [(at(SAT, 7, 30), at(SAT, 11, 30)), (at(SAT, 13), at(SAT, 17))]
    # Fri 11/10 16:00 same-day, after the cut-off: the worked Saturday.
    assert cal.same_day(at(dt.date(2024, 10, 11), 16)).due == at(SAT, 17)
    assert not calendar_for(other_province).is_working_day(SAT)
    assert not calendar_for(None).is_working_day(SAT)


def test_commune_exception_overrides_the_province_on_the_same_date(
    province: Unit, commune: Unit, other_commune: Unit
) -> None:
    exception(province, SAT, ExceptionKind.WORKING_DAY, "Làm bù toàn tỉnh")
    exception(commune, SAT, ExceptionKind.DAY_OFF, "Xã nghỉ lễ hội")
    assert not calendar_for(commune).is_working_day(SAT)
    assert calendar_for(commune).day(SAT).reason == "Xã nghỉ lễ hội"
    # The sibling commune keeps the province's rule.
    assert calendar_for(other_commune).is_working_day(SAT)


def test_unit_exception_overrides_the_nationwide_one(province: Unit, commune: Unit) -> None:
    exception(None, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm toàn quốc")
    exception(province, TUE, ExceptionKind.WORKING_DAY, "Tỉnh vẫn làm việc")
    assert calendar_for(commune).is_working_day(TUE)
    assert calendar_for(province).is_working_day(TUE)
    assert not calendar_for(None).is_working_day(TUE)


def test_exception_overrides_a_statutory_holiday(commune: Unit) -> None:
    day = dt.date(2024, 9, 2)  # Quốc khánh
    assert not calendar_for(commune).is_working_day(day)
    exception(commune, day, ExceptionKind.WORKING_DAY, "Trực lễ")
    assert calendar_for(commune).is_working_day(day)


def test_working_periods_are_inherited_from_the_province(province: Unit, commune: Unit) -> None:
    # The province works 08:00–12:00 and 13:30–17:30, Monday to Saturday.
    for weekday in range(6):
        WorkingPeriod.objects.create(unit=province, weekday=weekday, start=dt.time(8), end=dt.time(12))
        WorkingPeriod.objects.create(unit=province, weekday=weekday, start=dt.time(13, 30), end=dt.time(17, 30))
    cal = calendar_for(commune)
    assert cal.is_working_day(SAT)
    assert cal.periods_on(MON) == [(at(MON, 8), at(MON, 12)), (at(MON, 13, 30), at(MON, 17, 30))]
    assert cal.next_working_moment(at(MON, 7, 45)) == at(MON, 8)
    assert cal.same_day(at(MON, 14)).due == at(MON, 17, 30)


def test_commune_periods_replace_the_province_pattern(province: Unit, commune: Unit, other_commune: Unit) -> None:
    for weekday in range(6):
        WorkingPeriod.objects.create(unit=province, weekday=weekday, start=dt.time(8), end=dt.time(12))
    # The commune has its own pattern: Mon–Fri afternoons only — no Saturday, no mornings.
    for weekday in range(5):
        WorkingPeriod.objects.create(unit=commune, weekday=weekday, start=dt.time(13), end=dt.time(17))
    cal = calendar_for(commune)
    assert not cal.is_working_day(SAT)
    assert cal.periods_on(MON) == [(at(MON, 13), at(MON, 17))]
    assert cal.hours_per_day == 4
    # The sibling still inherits the province's mornings, Saturday included.
    sibling = calendar_for(other_commune)
    assert sibling.is_working_day(SAT)
    assert sibling.periods_on(MON) == [(at(MON, 8), at(MON, 12))]


def test_nationwide_periods_are_the_fallback(province: Unit, commune: Unit) -> None:
    for weekday in range(5):
        WorkingPeriod.objects.create(unit=None, weekday=weekday, start=dt.time(7), end=dt.time(16))
    assert calendar_for(commune).periods_on(MON) == [(at(MON, 7), at(MON, 16))]
    WorkingPeriod.objects.create(unit=province, weekday=0, start=dt.time(8), end=dt.time(12))
    cal = calendar_for(commune)
    assert cal.periods_on(MON) == [(at(MON, 8), at(MON, 12))]
    assert not cal.is_working_day(TUE)  # the province's pattern has only Monday


def test_cutoff_of_the_nearest_unit(province: Unit, commune: Unit, other_commune: Unit) -> None:
    CalendarSetting.objects.create(unit=province, same_day_cutoff=dt.time(16, 0))
    assert calendar_for(commune).cutoff == dt.time(16, 0)
    CalendarSetting.objects.create(unit=commune, same_day_cutoff=dt.time(14, 0))
    cal = calendar_for(commune)
    assert cal.cutoff == dt.time(14, 0)
    assert cal.same_day(at(MON, 14, 30)).due == at(TUE, 17)
    assert calendar_for(other_commune).cutoff == dt.time(16, 0)
    assert calendar_for(other_commune).same_day(at(MON, 15, 30)).due == at(MON, 17)
    assert calendar_for(None).cutoff == dt.time(15, 0)


def test_calendar_for_is_two_or_three_queries(commune: Unit, django_assert_max_num_queries) -> None:
    exception(None, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    with django_assert_max_num_queries(3):
        calendar_for(commune)


# --- actions ------------------------------------------------------------------------------------


def test_add_exception_writes_an_audit_entry(commune: Unit) -> None:
    exc = actions.add_exception(None, commune, SAT, ExceptionKind.WORKING_DAY, "  Làm bù  ", "QĐ 12/QĐ-UBND")
    assert exc.reason == "Làm bù"
    assert calendar_for(commune).is_working_day(SAT)
    entry = AuditEntry.objects.get()
    assert entry.action == "workdays.exception_added"
    assert entry.unit == commune
    assert entry.actor is None
    assert entry.actor_name == "hệ thống"
    assert entry.object_type == "workdays.calendarexception"
    assert entry.object_id == str(exc.pk)
    assert entry.changes[""][0] is None
    assert entry.changes[""][1] == {
        "date": "2024-10-12",
        "kind": "working_day",
        "reason": "Làm bù",
        "decision": "QĐ 12/QĐ-UBND",
    }


def test_add_nationwide_exception(commune: Unit) -> None:
    actions.add_exception(None, None, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    assert not calendar_for(commune).is_working_day(TUE)
    assert AuditEntry.objects.get().unit is None


@pytest.mark.parametrize("unit_fixture", ["commune", None])
def test_duplicate_exception_raises_and_writes_nothing(
    request: pytest.FixtureRequest, unit_fixture: str | None
) -> None:
    unit = request.getfixturevalue(unit_fixture) if unit_fixture else None
    actions.add_exception(None, unit, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    before = (CalendarException.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        actions.add_exception(None, unit, TUE, ExceptionKind.WORKING_DAY, "Làm việc")
    assert "08/10/2024" in str(info.value)
    assert (CalendarException.objects.count(), AuditEntry.objects.count()) == before
    assert CalendarException.objects.get().kind == ExceptionKind.DAY_OFF


def test_same_date_on_another_unit_is_not_a_duplicate(province: Unit, commune: Unit) -> None:
    actions.add_exception(None, None, SAT, ExceptionKind.WORKING_DAY, "Toàn quốc")
    actions.add_exception(None, province, SAT, ExceptionKind.DAY_OFF, "Tỉnh")
    actions.add_exception(None, commune, SAT, ExceptionKind.WORKING_DAY, "Xã")
    assert CalendarException.objects.count() == 3
    assert AuditEntry.objects.count() == 3


def test_blank_reason_is_rejected(commune: Unit) -> None:
    with pytest.raises(ValidationError):
        actions.add_exception(None, commune, TUE, ExceptionKind.DAY_OFF, "   ")
    assert not CalendarException.objects.exists()
    assert not AuditEntry.objects.exists()


def test_remove_exception(commune: Unit) -> None:
    exc = actions.add_exception(None, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    assert not calendar_for(commune).is_working_day(TUE)
    actions.remove_exception(None, exc)
    assert not CalendarException.objects.exists()
    assert calendar_for(commune).is_working_day(TUE)
    entry = AuditEntry.objects.filter(action="workdays.exception_removed").get()
    assert entry.unit == commune
    assert entry.changes[""][0]["date"] == "2024-10-08"
    assert entry.changes[""][1] is None


def test_set_week_replaces_and_clears(province: Unit, commune: Unit) -> None:
    actions.set_week(None, commune, {d: [(dt.time(13), dt.time(17)), (dt.time(8), dt.time(12))] for d in range(5)})
    assert WorkingPeriod.objects.filter(unit=commune).count() == 10
    assert calendar_for(commune).periods_on(MON) == [(at(MON, 8), at(MON, 12)), (at(MON, 13), at(MON, 17))]
    entry = AuditEntry.objects.get(action="workdays.week_changed")
    assert entry.unit == commune
    before, after = entry.changes["giờ làm việc"]
    assert before == []
    assert "Thứ Hai 08:00–12:00" in after
    # Empty: back to the inherited pattern.
    actions.set_week(None, commune, {})
    assert not WorkingPeriod.objects.filter(unit=commune).exists()
    assert calendar_for(commune).periods_on(MON) == [(at(MON, 7, 30), at(MON, 11, 30)), (at(MON, 13), at(MON, 17))]
    assert AuditEntry.objects.filter(action="workdays.week_changed").count() == 2


@pytest.mark.parametrize(
    "periods",
    [
        [(dt.time(8), dt.time(12)), (dt.time(11), dt.time(17))],  # overlapping
        [(dt.time(12), dt.time(8))],  # backwards
        [(dt.time(8), dt.time(8))],  # empty
    ],
)
def test_set_week_rejects_bad_periods(commune: Unit, periods: list[tuple[dt.time, dt.time]]) -> None:
    with pytest.raises(ValidationError):
        actions.set_week(None, commune, {0: periods})
    assert not WorkingPeriod.objects.exists()
    assert not AuditEntry.objects.exists()


def test_set_cutoff(commune: Unit) -> None:
    actions.set_cutoff(None, commune, dt.time(16, 30))
    assert calendar_for(commune).cutoff == dt.time(16, 30)
    actions.set_cutoff(None, commune, dt.time(14, 0))
    assert CalendarSetting.objects.get(unit=commune).same_day_cutoff == dt.time(14, 0)
    entries = list(AuditEntry.objects.filter(action="workdays.cutoff_changed").order_by("pk"))
    assert [e.changes["same_day_cutoff"] for e in entries] == [["15:00:00", "16:30:00"], ["16:30:00", "14:00:00"]]


# --- permissions --------------------------------------------------------------------------------


def user_with(username: str, role: str, unit: Unit | None):
    user = create_user(username, "Mat-khau-thu-2026", username)
    grant_role(None, user, unit, role)
    return user


def test_commune_admin_edits_own_commune_only(commune: Unit, other_commune: Unit) -> None:
    admin = user_with("admin_a", Role.COMMUNE_ADMIN, commune)
    exc = actions.add_exception(admin, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    entry = AuditEntry.objects.get(action="workdays.exception_added")
    assert entry.actor == admin
    assert entry.actor_name == "admin_a"
    with pytest.raises(PermissionDenied):
        actions.add_exception(admin, other_commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    with pytest.raises(PermissionDenied):
        actions.add_exception(admin, None, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    actions.remove_exception(admin, exc)
    assert CalendarException.objects.count() == 0


def test_officer_cannot_edit_the_calendar(commune: Unit) -> None:
    officer = user_with("officer_a", Role.ONESTOP_OFFICER, commune)
    with pytest.raises(PermissionDenied):
        actions.add_exception(officer, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    with pytest.raises(PermissionDenied):
        actions.set_cutoff(officer, commune, dt.time(16))
    with pytest.raises(PermissionDenied):
        actions.set_week(officer, commune, {})
    assert not AuditEntry.objects.filter(action__startswith="workdays.").exists()


def test_a_supervisor_reads_but_never_writes_a_calendar(province: Unit, commune: Unit) -> None:
    supervisor = user_with("supervisor", Role.SUPERVISOR, province)
    for unit in (commune, province):
        with pytest.raises(PermissionDenied):
            actions.add_exception(supervisor, unit, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
        with pytest.raises(PermissionDenied):
            actions.set_week(supervisor, unit, {})
        with pytest.raises(PermissionDenied):
            actions.set_cutoff(supervisor, unit, dt.time(16))
    assert not CalendarException.objects.exists()


def test_a_province_administrator_writes_the_province_wide_days_only(province: Unit, commune: Unit) -> None:
    admin = user_with("admin_province", Role.COMMUNE_ADMIN, province)
    actions.add_exception(admin, province, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm toàn tỉnh")
    assert not calendar_for(commune).is_working_day(TUE)
    with pytest.raises(PermissionDenied):
        actions.add_exception(admin, commune, WED, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    with pytest.raises(PermissionDenied):
        actions.add_exception(admin, None, WED, ExceptionKind.DAY_OFF, "Nghỉ thêm")


def test_system_admin_edits_the_nationwide_calendar(commune: Unit) -> None:
    sysadmin = user_with("sysadmin", Role.SYSTEM_ADMIN, None)
    actions.add_exception(sysadmin, None, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    assert not calendar_for(commune).is_working_day(TUE)


# --- the calendar_changed signal ----------------------------------------------------------------


@pytest.fixture
def received() -> Iterator[list[dict]]:
    calls: list[dict] = []

    def receiver(sender: object, **kwargs: object) -> None:
        calls.append({"sender": sender, **kwargs})

    calendar_changed.connect(receiver, weak=False)
    yield calls
    calendar_changed.disconnect(receiver)


def test_signal_is_sent_on_commit_only(commune: Unit, received: list[dict], django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.add_exception(None, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    # Not yet: the transaction has not committed.
    assert received == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(received) == 1
    assert received[0]["unit"] == commune
    assert received[0]["first_day"] == TUE


def test_signal_after_each_calendar_change(
    commune: Unit, received: list[dict], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        exc = actions.add_exception(None, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_exception(None, None, WED, ExceptionKind.DAY_OFF, "Nghỉ thêm toàn quốc")
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_exception(None, exc)
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_week(None, commune, {0: [(dt.time(8), dt.time(12))]})
    assert [(r["unit"], r["first_day"]) for r in received[:3]] == [(commune, TUE), (None, WED), (commune, TUE)]
    assert received[3]["unit"] == commune
    assert isinstance(received[3]["first_day"], dt.date)
    assert len(received) == 4


def test_no_signal_when_the_action_fails(
    commune: Unit, received: list[dict], django_capture_on_commit_callbacks
) -> None:
    actions.add_exception(None, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        actions.add_exception(None, commune, TUE, ExceptionKind.DAY_OFF, "Nghỉ thêm")
    assert callbacks == []
    assert received == []
