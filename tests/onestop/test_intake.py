from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import vn
from thanthien.audit.models import AuditEntry
from thanthien.lib.vn import clean_cccd, clean_phone
from thanthien.onestop import actions
from thanthien.onestop.actions import Applicant
from thanthien.onestop.codes import PatternError, new_code, validate_pattern
from thanthien.onestop.deadlines import due_for
from thanthien.onestop.models import Dossier, Procedure, Status
from thanthien.workdays.queries import calendar_for

pytestmark = pytest.mark.django_db


def receive(personas: Personas, code: str = "1.001193", at: dt.datetime | None = None, **extra: object) -> Dossier:
    return actions.receive_dossier(
        personas.officer_a,
        personas.commune_a,
        Procedure.objects.get(code=code),
        Applicant(name="Nguyễn Văn Án", id_number="038090001234", phone="0912345678"),
        received_at=at,
        **extra,  # type: ignore[arg-type]
    )


def test_a_new_database_has_the_catalogue() -> None:
    codes = set(Procedure.objects.values_list("code", flat=True))
    assert {"1.001193", "1.000894", "1.000656", "2.000815", "2.000884"} <= codes
    fields = set(Procedure.objects.values_list("field", flat=True))
    assert {"Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Người có công", "Đất đai", "Nông nghiệp"} <= fields
    assert Procedure.objects.get(code="1.001193").processing_kind == "same_day"


def test_same_day_before_and_after_the_cutoff(personas: Personas) -> None:
    before = receive(personas, at=vn(2024, 10, 8, 14, 59))
    after = receive(personas, at=vn(2024, 10, 8, 15, 1))
    assert before.due_at == vn(2024, 10, 8, 17, 0)
    assert after.due_at == vn(2024, 10, 9, 17, 0)
    assert any("sau 15:00" in line for line in after.due_explanation)


def test_working_days_over_tet(personas: Personas) -> None:
    d = receive(personas, code="1.004873", at=vn(2024, 2, 7, 10, 0))  # 3 working days
    assert d.due_at == vn(2024, 2, 19, 10, 0)
    assert any("Tết Nguyên Đán" in line for line in d.due_explanation)


def test_code_pattern_and_daily_sequence(personas: Personas) -> None:
    first = receive(personas, at=vn(2026, 10, 8, 9, 0))
    second = receive(personas, at=vn(2026, 10, 8, 9, 5))
    next_day = receive(personas, at=vn(2026, 10, 9, 9, 0))
    assert first.code == "X16012-261008-0001"
    assert second.code == "X16012-261008-0002"
    assert next_day.code == "X16012-261009-0001"
    assert len(first.pin) == 4 and first.pin.isalnum()


def test_configurable_pattern(personas: Personas) -> None:
    actions.save_desk_setting(personas.admin_a, personas.commune_a, code_pattern="HS.{unit}.{yyyy}.{seq:5}")
    assert receive(personas, at=vn(2026, 3, 2, 9, 0)).code == "HS.X16012.2026.00001"
    with pytest.raises(PatternError):
        validate_pattern("{unit}-{yymmdd}")
    with pytest.raises(PatternError):  # without the unit two communes would collide
        validate_pattern("HS-{yyyy}-{seq:5}")
    with pytest.raises(PatternError):
        validate_pattern("{unit}-{foo}-{seq:4}")


def test_codes_never_repeat_in_a_burst(personas: Personas) -> None:
    codes = {new_code(personas.commune_a, "{unit}-{yymmdd}-{seq:4}", dt.date(2026, 1, 5)) for _ in range(50)}
    assert len(codes) == 50


def test_intake_writes_an_event_and_an_audit_row(personas: Personas) -> None:
    d = receive(personas)
    assert d.status == Status.ACCEPTED and d.events.count() == 1
    entry = AuditEntry.objects.get(action="onestop.dossier_received", object_id=str(d.pk))
    assert entry.unit == personas.commune_a and entry.actor == personas.officer_a


def test_another_commune_cannot_receive_for_us(personas: Personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.receive_dossier(
            personas.officer_b, personas.commune_a, Procedure.objects.get(code="1.001193"), Applicant(name="A")
        )


def test_future_moment_is_refused(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        receive(personas, at=timezone.now() + dt.timedelta(days=1))
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("038090001234", True),
        ("038 090 001 234", True),
        ("38090001234", False),
        ("999090001234", False),
        ("abc", False),
    ],
)
def test_cccd_validation(raw: str, ok: bool) -> None:
    from django.core.exceptions import ValidationError

    if ok:
        assert clean_cccd(raw) == "038090001234"
    else:
        with pytest.raises(ValidationError):
            clean_cccd(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0237.3852.222", "02373852222"),
        ("12345", None),
    ],
)
def test_phone_validation(raw: str, expected: str | None) -> None:
    from django.core.exceptions import ValidationError

    if expected:
        assert clean_phone(raw) == expected
    else:
        with pytest.raises(ValidationError):
            clean_phone(raw)


def test_the_desk_form_end_to_end(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    page = client.get("/mot-cua/tiep-nhan/").content.decode()
    assert "Tiếp nhận hồ sơ – Xã Hoằng Hợp" in page
    bad = client.post(
        "/mot-cua/tiep-nhan/",
        {
            "procedure": Procedure.objects.get(code="1.001193").pk,
            "channel": "direct",
            "applicant_name": "",
            "applicant_id_number": "123",
            "applicant_phone": "abc",
        },
    ).content.decode()
    assert "Vui lòng nhập họ và tên người nộp hồ sơ." in bad
    assert "Số CCCD phải gồm đúng 12 chữ số." in bad
    assert Dossier.objects.count() == 0
    yesterday = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(days=1)
    response = client.post(
        "/mot-cua/tiep-nhan/",
        {
            "procedure": Procedure.objects.get(code="1.001193").pk,
            "channel": "online_full",
            "applicant_name": "Trần Thị Bình",
            "applicant_id_number": "038190005678",
            "applicant_phone": "+84 987 654 321",
            "received_at": f"{yesterday:%d/%m/%Y %H:%M}",
        },
        follow=True,
    )
    d = Dossier.objects.get()
    assert d.channel == "online_full" and d.applicant_phone == "0987654321"
    assert d.due_at == due_for(d.procedure, calendar_for(d.unit), yesterday).due
    assert f"Đã tiếp nhận hồ sơ {d.code}" in response.content.decode()


def test_due_preview(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    pk = Procedure.objects.get(code="1.004873").pk
    procedure = Procedure.objects.get(pk=pk)
    moment = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(days=2)
    page = client.get("/mot-cua/tiep-nhan/han-tra/", {"procedure": pk, "received_at": f"{moment:%d/%m/%Y %H:%M}"})
    due = timezone.localtime(due_for(procedure, calendar_for(personas.commune_a), moment).due)
    assert f"{due:%H:%M} ngày {due:%d/%m/%Y}" in page.content.decode()
    old = client.get("/mot-cua/tiep-nhan/han-tra/", {"procedure": pk, "received_at": "07/02/2024 10:00"})
    assert "sớm hơn 30 ngày trước hôm nay" in old.content.decode()
    assert "19/02/2024" not in old.content.decode()


def test_desk_settings_page_restricts_procedures_and_pattern(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    birth = Procedure.objects.get(code="1.001193")
    page = client.post(
        "/mot-cua/thiet-lap/",
        {"code_pattern": "{unit}-{foo}", "at_risk_hours": 8},
    ).content.decode()
    assert "thành phần không hợp lệ" in page
    client.post(
        "/mot-cua/thiet-lap/",
        {
            "code_pattern": "{unit}.{yyyy}.{seq:5}",
            "at_risk_hours": 16,
            "restrict_procedures": "on",
            "procedures": [birth.pk],
        },
    )
    assert list(actions.procedures_for(personas.commune_a)) == [birth]
    entry = AuditEntry.objects.filter(action="onestop.desk_settings_changed").latest("pk")
    assert entry.changes["procedures"] == ["", birth.code]
    assert entry.changes["code_pattern"] == ["{unit}-{yymmdd}-{seq:4}", "{unit}.{yyyy}.{seq:5}"]
    assert list(actions.procedures_for(personas.commune_b)) != [birth]  # the other commune keeps the catalogue
    assert receive(personas, at=vn(2026, 3, 2, 9, 0)).code == "X16012.2026.00001"
    assert personas.client(personas.officer_a).get("/mot-cua/thiet-lap/").status_code == 403


def test_intake_skips_a_code_an_import_already_took(personas: Personas) -> None:
    from tests.onestop.factories import make_dossier

    make_dossier(personas.commune_a, code="X16012-261008-0001")
    assert receive(personas, at=vn(2026, 10, 8, 9, 0)).code == "X16012-261008-0002"


def test_naive_or_future_moments_are_refused(personas: Personas) -> None:
    import datetime as dt

    from django.core.exceptions import ValidationError

    d = receive(personas, at=vn(2024, 10, 8, 9, 0))
    with pytest.raises(ValidationError):
        actions.change_status(personas.officer_a, d, Status.RESOLVED, at=dt.datetime(2024, 10, 8, 10, 0))
    with pytest.raises(ValidationError):
        actions.change_status(personas.officer_a, d, Status.RESOLVED, at=timezone.now() + dt.timedelta(days=1))
    d.refresh_from_db()
    assert d.status == Status.ACCEPTED


# --- bad input at intake: a clear Vietnamese message and nothing saved (issue 7, item 3) -----------------


def form_post(personas: Personas, **values: object) -> str:
    data: dict[str, object] = {
        "procedure": Procedure.objects.get(code="1.001193").pk,
        "channel": "direct",
        "applicant_name": "Trần Thị Bình",
    }
    data.update(values)
    response = personas.client(personas.officer_a).post("/mot-cua/tiep-nhan/", data)
    assert response.status_code == 200  # the form again, not a redirect and never a 500
    return response.content.decode()


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        ("01/01/0135 09:00", "sớm hơn 30 ngày trước hôm nay"),
        ("01/01/1999 09:00", "sớm hơn 30 ngày trước hôm nay"),
        ("01/01/2035 09:00", "không được ở tương lai"),
    ],
)
def test_the_desk_form_refuses_a_moment_far_in_the_past_or_in_the_future(
    personas: Personas, received_at: str, message: str
) -> None:
    assert message in form_post(personas, received_at=received_at)
    assert not Dossier.objects.exists()


def test_the_action_refuses_years_before_2000_whoever_calls_it(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    for year in (135, 1999):
        with pytest.raises(ValidationError) as exc:
            receive(personas, at=vn(year, 1, 1, 9, 0))
        assert "không được trước năm 2000" in exc.value.message_dict["received_at"][0]
    assert not Dossier.objects.exists()


def test_an_unknown_channel_is_refused_with_a_message(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    assert "Kênh tiếp nhận không hợp lệ" in form_post(personas, channel="pigeon")
    with pytest.raises(ValidationError) as exc:
        receive(personas, channel="pigeon")
    assert "Trực tiếp" in exc.value.message_dict["channel"][0]
    assert not Dossier.objects.exists()


def test_notes_and_papers_have_a_maximum_length(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    page = form_post(personas, note="x" * (actions.MAX_NOTE + 1), papers="y" * (actions.MAX_PAPERS + 1))
    assert "Ghi chú dài quá 2.000 ký tự." in page
    assert "Danh sách giấy tờ dài quá 4.000 ký tự." in page
    with pytest.raises(ValidationError):
        receive(personas, note="x" * 3_000_000)
    with pytest.raises(ValidationError):
        actions.receive_dossier(
            personas.officer_a,
            personas.commune_a,
            Procedure.objects.get(code="1.001193"),
            Applicant(name="N" * 151),
        )
    assert not Dossier.objects.exists()
    d = receive(personas)
    with pytest.raises(ValidationError):
        actions.change_status(personas.officer_a, d, Status.SUPPLEMENT, "z" * (actions.MAX_NOTE + 1))
    client = personas.client(personas.officer_a)
    response = client.post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": Status.SUPPLEMENT, "note": "z" * 5000})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.ACCEPTED


def merge_a_into_b(personas: Personas) -> None:
    from thanthien.org.models import Unit

    Unit.objects.filter(pk=personas.commune_a.pk).update(
        valid_to=timezone.localdate() - dt.timedelta(days=10), successor=personas.commune_b
    )
    personas.commune_a.refresh_from_db()


def test_a_merged_unit_receives_nothing_and_names_its_successor(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    merge_a_into_b(personas)
    ended = (timezone.localdate() - dt.timedelta(days=9)).strftime("%d/%m/%Y")
    with pytest.raises(ValidationError) as exc:
        receive(personas)
    assert exc.value.messages == [f"Xã Hoằng Hợp đã hết hiệu lực từ {ended}; hồ sơ do Xã Hoằng Quý tiếp nhận."]
    page = form_post(personas)
    assert "hồ sơ do Xã Hoằng Quý tiếp nhận" in page
    assert not Dossier.objects.exists()
    # Said on opening the form too, before anything is typed.
    opened = personas.client(personas.officer_a).get("/mot-cua/tiep-nhan/").content.decode()
    assert "hồ sơ do Xã Hoằng Quý tiếp nhận" in opened.split('data-testid="unit-closed"')[1]


def test_a_unit_not_yet_in_force_receives_nothing_dated_before_it(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    from thanthien.org.models import Unit

    start = timezone.localdate() - dt.timedelta(days=2)
    Unit.objects.filter(pk=personas.commune_a.pk).update(valid_from=start)
    personas.commune_a.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        receive(personas, at=timezone.now() - dt.timedelta(days=5))
    assert "chưa tiếp nhận hồ sơ trước ngày đó" in exc.value.messages[0]
    assert receive(personas).unit == personas.commune_a


def test_a_new_appointment_is_bounded(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    d = receive(personas, at=vn(2026, 10, 8, 9, 0))
    for bad in (vn(2002, 1, 1, 9, 0), vn(2026, 10, 8, 8, 0), timezone.now() + dt.timedelta(days=400)):
        with pytest.raises(ValidationError):
            actions.set_new_appointment(personas.officer_a, d.pk, bad)
    d.refresh_from_db()
    assert d.new_appointment_at is None
    actions.set_new_appointment(personas.officer_a, d.pk, vn(2026, 10, 15, 16, 0))
    d.refresh_from_db()
    assert d.new_appointment_at == vn(2026, 10, 15, 16, 0)


def test_only_the_units_desk_and_leaders_set_a_new_appointment(personas: Personas) -> None:
    from django.core.exceptions import PermissionDenied

    d = receive(personas, at=vn(2026, 10, 8, 9, 0))
    audit_before = AuditEntry.objects.filter(action="onestop.new_appointment").count()
    for outsider in (personas.supervisor, personas.officer_b, personas.front_a):
        with pytest.raises(PermissionDenied):
            actions.set_new_appointment(outsider, d.pk, vn(2026, 10, 15, 16, 0))
    d.refresh_from_db()
    assert d.new_appointment_at is None
    assert AuditEntry.objects.filter(action="onestop.new_appointment").count() == audit_before
    for n, allowed in enumerate((personas.leader_a, personas.officer_a, personas.admin_a, personas.sysadmin)):
        actions.set_new_appointment(allowed, d.pk, vn(2026, 10, 15 + n, 16, 0))
        d.refresh_from_db()
        assert d.new_appointment_at == vn(2026, 10, 15 + n, 16, 0)
    assert AuditEntry.objects.filter(action="onestop.new_appointment").count() == audit_before + 4


# --- desk settings and the procedure list (issue 7, item 17) ---------------------------------------------


def test_desk_settings_refuse_a_restriction_to_no_procedure(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    client = personas.client(personas.admin_a)
    page = client.post(
        "/mot-cua/thiet-lap/",
        {"code_pattern": "{unit}-{yymmdd}-{seq:4}", "at_risk_hours": 8, "restrict_procedures": "on"},
    ).content.decode()
    assert actions.NO_PROCEDURES in page
    assert not actions.DeskSetting.objects.exists()
    with pytest.raises(ValidationError):
        actions.save_desk_setting(personas.admin_a, personas.commune_a, restrict_procedures=True, procedures=[])
    assert not actions.DeskSetting.objects.filter(restrict_procedures=True).exists()
    assert actions.procedures_for(personas.commune_a).count() == Procedure.objects.filter(active=True).count()


def test_the_code_pattern_example_is_the_code_the_next_dossier_gets(personas: Personas) -> None:
    page = personas.client(personas.admin_a).get("/mot-cua/thiet-lap/").content.decode()
    expected = f"X16012-{timezone.localdate():%y%m%d}-0001"
    assert f"hồ sơ đầu tiên nhận hôm nay có mã {expected}" in page
    assert "H15.50.05.13" not in page
    assert receive(personas).code == expected


def test_desk_contact_is_saved_with_its_audit_trail(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    bad = client.post(
        "/mot-cua/thiet-lap/",
        {"code_pattern": "{unit}-{yymmdd}-{seq:4}", "at_risk_hours": 8, "phone": "gọi tôi"},
    ).content.decode()
    assert "Số điện thoại không hợp lệ" in bad
    client.post(
        "/mot-cua/thiet-lap/",
        {
            "code_pattern": "{unit}-{yymmdd}-{seq:4}",
            "at_risk_hours": 8,
            "phone": " 0237  3868 123 ",
            "address": "Trụ sở UBND xã Hoằng Hợp",
            "opening_hours": "Sáng 7 giờ 30 – 11 giờ 30",
        },
    )
    setting = actions.desk_setting(personas.commune_a)
    assert (setting.phone, setting.address, setting.opening_hours) == (
        "0237 3868 123",
        "Trụ sở UBND xã Hoằng Hợp",
        "Sáng 7 giờ 30 – 11 giờ 30",
    )
    entry = AuditEntry.objects.filter(action="onestop.desk_settings_changed").latest("pk")
    assert entry.changes["phone"] == ["", "0237 3868 123"]
    assert "code_pattern" not in entry.changes  # unchanged values are not recorded as changes
    assert "procedures" not in entry.changes
    page = client.get("/mot-cua/thiet-lap/").content.decode()
    assert 'value="0237 3868 123"' in page


def test_the_procedure_list_is_in_vietnamese_order_with_a_filter_box(personas: Personas) -> None:
    import re

    from thanthien.lib.vn import sort_key

    page = personas.client(personas.officer_a).get("/mot-cua/tiep-nhan/").content.decode()
    select = page.split('id="id_procedure"')[1].split("</select>")[0]
    names = [
        re.sub(r" \([^)]*\) – .*$", "", n) for n in re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)
    ]
    assert len(names) > 10
    assert names == sorted(names, key=sort_key)
    assert 'data-filter-for="id_procedure"' in page
    assert "/static/onestop/desk.js" in page
    assert "<script>" not in page.split("<main")[1].split("</main>")[0]
