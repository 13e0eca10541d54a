"""A calendar change that moves promised due dates is shown before it is saved and listed after, with the
receipts to reprint (issue 7 item 13); the recomputation is an action that reports what moved (issue 8 item 10)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.onestop.models import Dossier, Status
from thanthien.workdays import actions
from thanthien.workdays.models import CalendarChange, CalendarException, ExceptionKind

pytestmark = pytest.mark.django_db

STORM = dt.date(2030, 10, 8)  # Tuesday
FORM = {"unit": "X16012", "date": "08/10/2030", "kind": "day_off", "reason": "Bão số 3", "decision": ""}


@pytest.fixture
def dossiers(personas: Personas) -> tuple[Dossier, Dossier, Dossier]:
    """An open dossier of commune A due Thursday 09:00 (3 working days), a resolved one, and one of commune B."""
    received, due = vn(2030, 10, 7, 9, 0), vn(2030, 10, 10, 9, 0)
    open_a = make_dossier(personas.commune_a, "1.004873", received_at=received, due_at=due)
    closed = make_dossier(
        personas.commune_a, "1.004873", received_at=received, due_at=due, status=Status.RESOLVED, resolved_at=received
    )
    open_b = make_dossier(personas.commune_b, "1.004873", received_at=received, due_at=due)
    return open_a, closed, open_b


def test_the_recomputation_reports_each_moved_dossier(personas: Personas, dossiers: tuple) -> None:
    open_a, closed, open_b = dossiers

    def storm() -> object:
        return actions.add_exception(personas.admin_a, personas.commune_a, STORM, ExceptionKind.DAY_OFF, "Bão số 3")

    change = actions.save(storm)
    assert change is not None
    assert change.made_by == personas.admin_a and "08/10/2030" in change.summary
    [move] = change.moves
    assert move["label"] == open_a.code
    assert dt.datetime.fromisoformat(move["old_due"]) == vn(2030, 10, 10, 9, 0)
    assert dt.datetime.fromisoformat(move["new_due"]) == vn(2030, 10, 11, 9, 0)
    assert move["shift"] == "+1 ngày làm việc"
    assert move["url"] == f"/mot-cua/ho-so/{open_a.code}/"
    assert move["print_url"] == f"/mot-cua/ho-so/{open_a.code}/giay-hen.pdf"
    open_a.refresh_from_db()
    assert open_a.due_at == vn(2030, 10, 11, 9, 0)
    recomputed = AuditEntry.objects.get(action="onestop.due_recomputed")
    assert recomputed.actor == personas.admin_a  # the person whose change moved it, not "hệ thống"
    assert Dossier.objects.get(pk=closed.pk).due_at == vn(2030, 10, 10, 9, 0)
    assert Dossier.objects.get(pk=open_b.pk).due_at == vn(2030, 10, 10, 9, 0)


def test_the_preview_computes_the_same_moves_and_saves_nothing(personas: Personas, dossiers: tuple) -> None:
    open_a = dossiers[0]

    def storm() -> object:
        return actions.add_exception(personas.admin_a, personas.commune_a, STORM, ExceptionKind.DAY_OFF, "Bão số 3")

    audit_before = AuditEntry.objects.count()
    planned = actions.preview(storm)
    assert planned is not None and [m["label"] for m in planned.moves] == [open_a.code]
    assert not CalendarException.objects.exists()
    assert not CalendarChange.objects.exists()
    assert AuditEntry.objects.count() == audit_before
    open_a.refresh_from_db()
    assert open_a.due_at == vn(2030, 10, 10, 9, 0)
    saved = actions.save(storm)
    assert saved is not None
    assert saved.moves == planned.moves


def test_a_working_hours_shift_is_said_in_hours(personas: Personas, dossiers: tuple) -> None:
    open_a = dossiers[0]
    am, pm = (dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0))
    week = {0: [am], **{d: [am, pm] for d in range(1, 5)}}  # Monday afternoons off: 4 hours later on Thursday
    change = actions.save(lambda: actions.set_week(personas.admin_a, personas.commune_a, week))
    assert change is not None
    [move] = [m for m in change.moves if m["label"] == open_a.code]
    assert dt.datetime.fromisoformat(move["new_due"]) == vn(2030, 10, 10, 14, 30)
    assert move["shift"] == "+4 giờ làm việc"


def test_the_page_asks_before_moving_due_dates(personas: Personas, dossiers: tuple) -> None:
    open_a = dossiers[0]
    client = personas.client(personas.admin_a)
    page = client.post("/lich-lam-viec/ngoai-le/them/", FORM).content.decode()
    assert "Xác nhận thay đổi lịch làm việc" in page and "chưa được lưu" in page
    assert open_a.code in page and "10:00 10/10/2030" not in page
    assert "09:00 10/10/2030" in page and "09:00 11/10/2030" in page and "+1 ngày làm việc" in page
    assert not CalendarException.objects.exists()
    open_a.refresh_from_db()
    assert open_a.due_at == vn(2030, 10, 10, 9, 0)

    response = client.post("/lich-lam-viec/ngoai-le/them/", FORM | {"confirm": "1"})
    change = CalendarChange.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lich-lam-viec/thay-doi/{change.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert open_a.code in page and "In lại giấy hẹn" in page and f"/mot-cua/ho-so/{open_a.code}/giay-hen.pdf" in page
    assert f"/lich-lam-viec/thay-doi/{change.pk}/in-lai-giay-hen.pdf" in page
    open_a.refresh_from_db()
    assert open_a.due_at == vn(2030, 10, 11, 9, 0)
    calendar = client.get("/lich-lam-viec/", {"unit": "X16012"}).content.decode()
    assert f"/lich-lam-viec/thay-doi/{change.pk}/" in calendar


def test_a_change_that_moves_nothing_is_saved_at_once(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    page = client.post("/lich-lam-viec/ngoai-le/them/", FORM, follow=True).content.decode()
    assert "Không hồ sơ đang xử lý nào phải đổi hạn trả" in page
    assert CalendarException.objects.count() == 1


def test_removing_a_day_asks_too(personas: Personas, dossiers: tuple) -> None:
    exc = actions.add_exception(None, personas.commune_a, STORM, ExceptionKind.DAY_OFF, "Bão số 3")
    client = personas.client(personas.admin_a)
    page = client.post(f"/lich-lam-viec/ngoai-le/{exc.pk}/xoa/").content.decode()
    assert "Xác nhận thay đổi lịch làm việc" in page and "−1 ngày làm việc" in page
    assert CalendarException.objects.filter(pk=exc.pk).exists()
    client.post(f"/lich-lam-viec/ngoai-le/{exc.pk}/xoa/", {"confirm": "1"})
    assert not CalendarException.objects.filter(pk=exc.pk).exists()


def test_batch_reprint_is_for_the_commune_staff(personas: Personas, dossiers: tuple) -> None:
    open_a = dossiers[0]
    change = actions.save(
        lambda: actions.add_exception(personas.admin_a, personas.commune_a, STORM, ExceptionKind.DAY_OFF, "Bão")
    )
    assert change is not None
    url = f"/lich-lam-viec/thay-doi/{change.pk}/in-lai-giay-hen.pdf"
    response = personas.client(personas.officer_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert open_a.code in text and "11/10/2030" in text
    # The supervisor sees which dossiers moved, never the receipts (they carry the applicant's data).
    page = personas.client(personas.supervisor).get(f"/lich-lam-viec/thay-doi/{change.pk}/").content.decode()
    assert open_a.code in page and "giay-hen.pdf" not in page and "Nguyễn Văn Án" not in page
    assert personas.client(personas.supervisor).get(url).status_code == 403
    assert personas.client(personas.officer_b).get(f"/lich-lam-viec/thay-doi/{change.pk}/").status_code == 403


def test_a_province_wide_change_lists_each_commune_its_own(personas: Personas, dossiers: tuple) -> None:
    open_a, _, open_b = dossiers
    change = actions.save(
        lambda: actions.add_exception(None, personas.province, STORM, ExceptionKind.DAY_OFF, "Nghỉ toàn tỉnh")
    )
    assert change is not None and {m["label"] for m in change.moves} == {open_a.code, open_b.code}
    page = personas.client(personas.officer_b).get(f"/lich-lam-viec/thay-doi/{change.pk}/").content.decode()
    assert open_b.code in page and open_a.code not in page and "1 hồ sơ của đơn vị khác" in page


# The receipt's own rule (onestop.receipt.may_print): the desk of the dossier's unit and system administrators.
REPRINT_ALLOWED = {"officer_a": True, "registrar_a": True, "admin_a": True, "sysadmin": True}


@pytest.mark.parametrize(
    "persona", ["officer_a", "registrar_a", "leader_a", "front_a", "admin_a", "supervisor", "officer_b", "sysadmin"]
)
def test_reprint_through_the_calendar_follows_the_receipts_rule(
    personas: Personas, dossiers: tuple, persona: str
) -> None:
    from thanthien.onestop.receipt import may_print

    open_a = dossiers[0]
    client = personas.client(personas.admin_a)
    client.post("/lich-lam-viec/ngoai-le/them/", FORM | {"confirm": "1"})
    change = CalendarChange.objects.get()
    user = getattr(personas, persona)
    allowed = REPRINT_ALLOWED.get(persona, False)
    assert may_print(user, open_a) is allowed  # the same rule as the receipt itself
    viewer = personas.client(user)
    pdf = viewer.get(f"/lich-lam-viec/thay-doi/{change.pk}/in-lai-giay-hen.pdf")
    page = viewer.get(f"/lich-lam-viec/thay-doi/{change.pk}/")
    html = page.content.decode()
    if allowed:
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert "In lại tất cả giấy hẹn" in html and f"/mot-cua/ho-so/{open_a.code}/giay-hen.pdf" in html
        return
    assert pdf.status_code == 403
    assert "in-lai-giay-hen.pdf" not in html and "giay-hen.pdf" not in html and "In lại tất cả" not in html
    if page.status_code == 200:  # commune A's leader and front see which dossiers moved, not the receipts
        assert open_a.code in html and "Cán bộ của xã, phường in" in html
    if persona in ("leader_a", "front_a"):
        assert page.status_code == 200
        assert "chỉ cán bộ Bộ phận Một cửa" in pdf.content.decode()


def _move_of(change: CalendarChange | None, dossier: Dossier) -> dict:
    assert change is not None
    [move] = [m for m in change.moves if m["label"] == dossier.code]
    return move


def test_a_mid_day_dossier_due_on_the_new_day_off_moves_one_working_day(personas: Personas) -> None:
    """Received Monday 09:55, due Thursday 09:55; Thursday becomes a day off: due Friday 09:55 — one working
    day later, not "+2,42 giờ" (the hours left on Friday before 09:55)."""
    dossier = make_dossier(
        personas.commune_a, "1.004873", received_at=vn(2030, 10, 7, 9, 55), due_at=vn(2030, 10, 10, 9, 55)
    )
    thursday = dt.date(2030, 10, 10)
    change = actions.save(
        lambda: actions.add_exception(personas.admin_a, personas.commune_a, thursday, ExceptionKind.DAY_OFF, "Bão")
    )
    move = _move_of(change, dossier)
    assert dt.datetime.fromisoformat(move["new_due"]) == vn(2030, 10, 11, 9, 55)
    assert move["shift"] == "+1 ngày làm việc"
    page = personas.client(personas.admin_a).get(f"/lich-lam-viec/thay-doi/{change.pk}/").content.decode()
    assert "+1 ngày làm việc" in page and "2,42" not in page

    # Taking the day off back moves it one working day earlier.
    exc = CalendarException.objects.get(date=thursday)
    back = actions.save(lambda: actions.remove_exception(personas.admin_a, CalendarException.objects.get(pk=exc.pk)))
    assert _move_of(back, dossier)["shift"] == "−1 ngày làm việc"


def test_an_hours_procedure_due_on_the_new_day_off_moves_a_working_days_hours(personas: Personas) -> None:
    from thanthien.onestop.models import Procedure

    procedure = Procedure.objects.get(code="1.004873")
    Procedure.objects.filter(pk=procedure.pk).update(processing_kind="hours", processing_amount=8)
    dossier = make_dossier(
        personas.commune_a, "1.004873", received_at=vn(2030, 10, 9, 9, 55), due_at=vn(2030, 10, 10, 9, 55)
    )
    change = actions.save(
        lambda: actions.add_exception(
            personas.admin_a, personas.commune_a, dt.date(2030, 10, 10), ExceptionKind.DAY_OFF, "Bão"
        )
    )
    move = _move_of(change, dossier)
    assert dt.datetime.fromisoformat(move["new_due"]) == vn(2030, 10, 11, 9, 55)
    assert move["shift"] == "+1 ngày làm việc"  # 8 working hours, one standard working day


def test_losing_the_afternoon_of_receipt_is_said_in_hours(personas: Personas) -> None:
    """Received Monday 14:35; Monday becomes a day off: the clock starts Tuesday 07:30, due Thursday 17:00
    instead of 14:35 — the same day, 2,42 working hours later."""
    dossier = make_dossier(
        personas.commune_a, "1.004873", received_at=vn(2030, 10, 7, 14, 35), due_at=vn(2030, 10, 10, 14, 35)
    )
    change = actions.save(
        lambda: actions.add_exception(
            personas.admin_a, personas.commune_a, dt.date(2030, 10, 7), ExceptionKind.DAY_OFF, "Bão"
        )
    )
    move = _move_of(change, dossier)
    assert dt.datetime.fromisoformat(move["new_due"]) == vn(2030, 10, 10, 17, 0)
    assert move["shift"] == "+2,42 giờ làm việc"
