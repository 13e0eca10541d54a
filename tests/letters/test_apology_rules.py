"""When an apology is owed (issue 7, item 4): overdue, announced by an official with the reason, or at risk by a
rule that scales with the dossier's own time — and a draft whose dossier is resolved in time is withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.letters import actions
from thanthien.letters.models import ApologyCause, Letter, LetterKind, LetterStatus
from thanthien.letters.stats import letter_stats
from thanthien.onestop import actions as desk
from thanthien.onestop.deadlines import apology_risk_hours, at_risk_of_delay, due_for
from thanthien.onestop.models import Procedure, Status
from thanthien.workdays.calendar import WorkCalendar

pytestmark = pytest.mark.django_db

CAL = WorkCalendar()
SAME_DAY = "1.001193"  # đăng ký khai sinh, trả trong ngày


def same_day_dossier(unit, received: dt.datetime):  # type: ignore[no-untyped-def]
    due = due_for(Procedure.objects.get(code=SAME_DAY), CAL, received).due
    return make_dossier(unit, SAME_DAY, received_at=received, due_at=due)


def apologies() -> list[Letter]:
    return list(Letter.objects.filter(kind=LetterKind.APOLOGY).order_by("pk"))


def test_the_window_scales_with_the_dossiers_own_time() -> None:
    # A quarter of the time, at least one hour, at most the desk's window and at most half of the time.
    assert apology_risk_hours(2.45, 8) == 1.0
    assert apology_risk_hours(24, 8) == 6.0
    assert apology_risk_hours(120, 8) == 8.0
    assert apology_risk_hours(1.5, 8) == 0.75
    received, due = vn(2026, 11, 18, 14, 33), vn(2026, 11, 18, 17, 0)
    assert not at_risk_of_delay(CAL, received, due, received, 8)  # never at intake
    assert not at_risk_of_delay(CAL, received, due, vn(2026, 11, 18, 15, 30), 8)
    assert at_risk_of_delay(CAL, received, due, vn(2026, 11, 18, 16, 0), 8)


def test_a_same_day_dossier_is_not_owed_an_apology_at_intake(personas: Personas) -> None:
    # The reported case: khai sinh received 14:33 got a draft the same minute (the old 8-hour window).
    d = same_day_dossier(personas.commune_a, vn(2026, 11, 18, 14, 33))
    assert d.due_at == vn(2026, 11, 18, 17, 0)
    assert actions.sweep(dt.date(2026, 11, 18), vn(2026, 11, 18, 14, 34)) == 0
    assert actions.sweep(dt.date(2026, 11, 18), vn(2026, 11, 18, 16, 5)) == 1
    (letter,) = apologies()
    assert letter.owed_because == ApologyCause.AT_RISK


def test_a_long_procedure_is_at_risk_only_near_its_end(personas: Personas) -> None:
    # 3 working days (24 h): at risk in the last 6 working hours, not a whole day before.
    make_dossier(personas.commune_a, received_at=vn(2026, 11, 16, 8, 0), due_at=vn(2026, 11, 18, 17, 0))
    assert actions.sweep(dt.date(2026, 11, 18), vn(2026, 11, 18, 8, 0)) == 0  # 8 h left
    assert actions.sweep(dt.date(2026, 11, 18), vn(2026, 11, 18, 10, 30)) == 1  # 5.5 h left


def test_overdue_dossiers_are_owed_and_say_so(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2026, 11, 10, 9, 0), due_at=vn(2026, 11, 17, 10, 0))
    actions.sweep(dt.date(2026, 11, 18), vn(2026, 11, 18, 9, 0))
    assert [x.owed_because for x in apologies()] == [ApologyCause.OVERDUE]


def test_a_draft_resolved_in_time_is_withdrawn_and_never_redrafted(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    received = timezone.now() - dt.timedelta(hours=1)
    d = make_dossier(personas.commune_a, received_at=received, due_at=timezone.now() + dt.timedelta(days=2))
    draft = actions.announce_late(personas.officer_a, d, "phải xác minh thêm")
    # Resolved in time after all: the desk's status change withdraws the draft at once (dossier_changed).
    with django_capture_on_commit_callbacks(execute=True):
        desk.change_status(personas.officer_a, d, Status.RESOLVED)
    draft.refresh_from_db()
    assert draft.status == LetterStatus.WITHDRAWN
    assert "đúng hạn" in draft.cancel_reason and "không còn cần thư xin lỗi" in draft.cancel_reason
    assert AuditEntry.objects.filter(action="letters.withdrawn", object_id=str(draft.pk)).count() == 1
    assert actions.sweep() == 0
    assert Letter.objects.filter(dossier=d).count() == 1
    figures = letter_stats(personas.commune_a, timezone.localdate(), timezone.localdate())
    assert figures["by_status"]["withdrawn"] == 1
    assert figures["by_status"]["approved"] + figures["by_status"]["delivered"] == 0
    assert figures["total"] == sum(figures["by_status"].values())


def test_a_draft_for_a_dossier_resolved_late_stays(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2026, 11, 10, 9, 0), due_at=vn(2026, 11, 17, 10, 0))
    actions.sweep(dt.date(2026, 11, 18), vn(2026, 11, 18, 9, 0))
    desk.change_status(None, d, Status.RESOLVED)
    actions.sweep()
    assert [x.status for x in apologies()] == [LetterStatus.DRAFT]


def test_an_official_records_that_a_dossier_will_be_late(personas: Personas) -> None:
    now = timezone.now()
    d = make_dossier(personas.commune_a, received_at=now - dt.timedelta(hours=2), due_at=now + dt.timedelta(days=5))
    client = personas.client(personas.officer_a)
    page = client.get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert 'data-testid="announce-late"' in page and f"/thu/ho-so/{d.code}/se-tre-hen/" in page
    response = client.post(f"/thu/ho-so/{d.code}/se-tre-hen/", {"reason": "  "}, follow=True)
    assert "Vui lòng ghi lý do hồ sơ sẽ trễ hẹn" in response.content.decode()
    assert not apologies()
    response = client.post(f"/thu/ho-so/{d.code}/se-tre-hen/", {"reason": "phải lấy ý kiến của Sở"}, follow=True)
    (letter,) = apologies()
    assert response.redirect_chain[-1][0] == f"/thu/{letter.pk}/"
    assert (letter.reason, letter.owed_because) == ("phải lấy ý kiến của Sở", ApologyCause.ANNOUNCED)
    entry = AuditEntry.objects.get(action="letters.late_announced")
    assert entry.object_id == str(d.pk) and entry.note == "phải lấy ý kiến của Sở"
    # Another commune's officer cannot find the dossier; a finished dossier cannot be announced late.
    assert (
        personas.client(personas.officer_b).post(f"/thu/ho-so/{d.code}/se-tre-hen/", {"reason": "x"}).status_code == 404
    )
    desk.change_status(None, d, Status.RESOLVED)
    page = client.get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert 'data-testid="announce-late"' not in page
    response = client.post(f"/thu/ho-so/{d.code}/se-tre-hen/", {"reason": "y"}, follow=True)
    assert "Chỉ báo trễ hẹn cho hồ sơ đang giải quyết" in response.content.decode()


def test_the_registry_warnings_count_overdue_and_owed_early_apart(personas: Personas) -> None:
    now = timezone.now()
    for _ in range(2):
        make_dossier(personas.commune_a, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1))
    early = make_dossier(personas.commune_a, received_at=now - dt.timedelta(days=1), due_at=now + dt.timedelta(days=3))
    make_dossier(personas.commune_a, received_at=now - dt.timedelta(days=1), due_at=now + dt.timedelta(days=4))
    actions.sweep()
    actions.announce_late(personas.officer_a, early, "chờ kết quả xác minh")
    html = personas.client(personas.officer_a).get("/thu/").content.decode()
    block = html.split('data-testid="warnings"')[1].split("</section>")[0]
    overdue = block.split('data-warning="overdue_dossiers"')[1].split("</div>")[0]
    assert 'Hồ sơ đang quá hạn chưa có thư xin lỗi đã ký: <span data-testid="warning-count">2</span>' in overdue
    owed_early = block.split('data-warning="at_risk_dossiers"')[1]
    assert '<span data-testid="warning-count">1</span>' in owed_early and early.code in owed_early
    assert "Hồ sơ quá hạn chưa có thư xin lỗi: " not in block  # the old label that mixed both


def test_the_sweep_from_the_page_works_on_the_own_commune_and_is_bounded(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    for unit in (personas.commune_a, personas.commune_a, personas.commune_a, personas.commune_b):
        make_dossier(unit, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1))
    monkeypatch.setattr(actions, "PAGE_SWEEP_LIMIT", 2)
    page = personas.client(personas.leader_a).post("/thu/quet/", follow=True).content.decode()
    assert "Đã lập 2 dự thảo thư mới cho Xã Hoằng Hợp" in page and "Còn trường hợp cần lập thư" in page
    assert Letter.objects.filter(unit=personas.commune_b).count() == 0
    page = personas.client(personas.leader_a).post("/thu/quet/", follow=True).content.decode()
    assert "Đã lập 1 dự thảo thư mới" in page
    assert Letter.objects.filter(unit=personas.commune_b).count() == 0
    # A system administrator acts for no commune: told so, nothing drafted.
    page = personas.client(personas.sysadmin).post("/thu/quet/", follow=True).content.decode()
    assert "thanthien tick" in page and Letter.objects.count() == 3


def test_a_withdrawn_draft_reads_as_withdrawn_on_its_page_and_print(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from tests.letters.test_documents import pdf_text
    from thanthien.letters import documents

    d = make_dossier(
        personas.commune_a,
        received_at=timezone.now() - dt.timedelta(hours=1),
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    letter = actions.announce_late(personas.officer_a, d, "phải xác minh thêm")
    with django_capture_on_commit_callbacks(execute=True):
        desk.change_status(personas.officer_a, d, Status.RESOLVED)
    letter.refresh_from_db()
    page = personas.client(personas.officer_a).get(f"/thu/{letter.pk}/").content.decode()
    assert "Đã rút, không gửi: Hồ sơ" in page and "Lý do rút" in page
    assert "Duyệt và ký" not in page and "Hủy thư" not in page
    text = pdf_text(documents.letter_pdf(letter))
    assert "ĐÃ RÚT" in text and "Số: 1/" not in text


def test_the_registry_filters_apologies_by_why_they_are_owed(personas: Personas) -> None:
    now = timezone.now()
    late = make_dossier(personas.commune_a, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1))
    early = make_dossier(personas.commune_a, received_at=now - dt.timedelta(days=1), due_at=now + dt.timedelta(days=3))
    actions.sweep()
    actions.announce_late(personas.officer_a, early, "chờ ý kiến của Sở")
    client = personas.client(personas.officer_a)
    page = client.get("/thu/", {"cause": "announced"}).content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert early.code in table and late.code not in table and "lý do cần thư: cán bộ báo trước" in page
    table = client.get("/thu/", {"cause": "overdue"}).content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert f"Hồ sơ {late.code} (hồ sơ quá hạn)" in table and early.code not in table
