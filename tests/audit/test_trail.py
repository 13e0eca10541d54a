"""The audit trail as its readers need it (issue 7 item 15): Vietnamese field names, human values, Vietnam
time only, the "before" of a settings change, people's full names, a date filter, an audited export and units
that can be told apart. Personal data never enters it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.conftest import Personas, make_unit
from thanthien.audit.log import HIDDEN, record
from thanthien.audit.models import AuditEntry
from thanthien.onestop.actions import save_desk_setting
from thanthien.org.models import UnitKind
from thanthien.workdays import actions as calendar_actions

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def trail(personas: Personas, user: object = None, **query: str) -> str:
    response = personas.client(user or personas.admin_a).get("/nhat-ky/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_one_day_move_reads_as_one_day_in_vietnam_time(personas: Personas) -> None:
    # Recorded once in UTC and once with +07:00, as old and new code did: both read in Vietnam time.
    record(
        personas.admin_a,
        "onestop.due_recomputed",
        personas.commune_a,
        unit=personas.commune_a,
        changes={"due_at": ["2030-10-10T02:00:00+00:00", "2030-10-11T09:00:00+07:00"]},
    )
    page = trail(personas)
    assert "Hạn trả kết quả</strong>: 10/10/2030 09:00 → 11/10/2030 09:00" in page
    assert "due_at" not in page and "+00:00" not in page and "T02:00" not in page


def test_booleans_choices_and_labels_are_vietnamese(personas: Personas) -> None:
    save_desk_setting(personas.admin_a, personas.commune_a, code_pattern="{unit}-{yymmdd}-{seq:3}")
    record(
        personas.registrar_a,
        "civil.event_updated",
        personas.commune_a,
        unit=personas.commune_a,
        changes={"ceremony_held": [False, True]},
    )
    membership = personas.officer_a.memberships.get()
    record(
        personas.sysadmin,
        "org.membership_granted",
        membership,
        unit=personas.commune_a,
        changes={"role": [None, "leader"]},
    )
    page = trail(personas)
    assert "Mẫu mã hồ sơ</strong>: {unit}-{yymmdd}-{seq:4} → {unit}-{yymmdd}-{seq:3}" in page  # the before, not "–"
    assert "Trao giấy chứng nhận kết hôn tại buổi lễ</strong>: Không → Có" in page
    assert "Vai trò</strong>: – → Lãnh đạo UBND / Đảng ủy" in page
    for raw in ("code_pattern", "ceremony_held", "True", "False", ">leader<"):
        assert raw not in page


def test_a_calendar_setting_keeps_its_before_value_even_when_inherited(personas: Personas) -> None:
    calendar_actions.set_cutoff(None, personas.province, dt.time(16, 0))
    calendar_actions.set_cutoff(personas.admin_a, personas.commune_a, dt.time(14, 30))
    entry = AuditEntry.objects.filter(action="workdays.cutoff_changed", unit=personas.commune_a).get()
    assert entry.changes == {"same_day_cutoff": ["16:00:00", "14:30:00"]}
    assert "Giờ chốt nhận hồ sơ trả trong ngày</strong>: 16:00 → 14:30" in trail(personas)


def test_people_are_named_in_full(personas: Personas) -> None:
    calendar_actions.set_cutoff(personas.admin_a, personas.commune_a, dt.time(16, 0))
    entry = AuditEntry.objects.get(action="workdays.cutoff_changed")
    assert entry.actor_name == "Đỗ Minh Đức"
    AuditEntry.objects.filter(pk=entry.pk).update(actor_name="admin_a")  # a row written by the old code
    page = trail(personas)
    assert "<td>Đỗ Minh Đức</td>" in page and "<td>admin_a</td>" not in page
    assert "Đỗ Minh Đức" in trail(personas, who="Minh Đức")
    assert "Đỗ Minh Đức" in trail(personas, who="admin_a")


def _entry_at(personas: Personas, moment: dt.datetime, note: str) -> None:
    entry = record(personas.admin_a, "workdays.exception_added", personas.commune_a, unit=personas.commune_a, note=note)
    AuditEntry.objects.filter(pk=entry.pk).update(at=moment)


def test_the_date_filter_uses_vietnam_days(personas: Personas) -> None:
    _entry_at(personas, dt.datetime(2026, 10, 7, 23, 30, tzinfo=VN), "ngay-7")
    _entry_at(personas, dt.datetime(2026, 10, 8, 0, 30, tzinfo=VN), "ngay-8-sang-som")  # 17:30 UTC on the 7th
    _entry_at(personas, dt.datetime(2026, 10, 8, 23, 59, tzinfo=VN), "ngay-8-khuya")
    _entry_at(personas, dt.datetime(2026, 10, 9, 0, 0, tzinfo=VN), "ngay-9")
    page = trail(personas, **{"from": "08/10/2026", "to": "08/10/2026"})
    assert "ngay-8-sang-som" in page and "ngay-8-khuya" in page
    assert "ngay-7" not in page and "ngay-9" not in page
    assert "08/10/2026 00:30" in page  # Vietnam time, dd/mm/yyyy HH:MM


def test_a_bad_date_is_said_and_not_silently_ignored(personas: Personas) -> None:
    _entry_at(personas, dt.datetime(2026, 10, 7, 9, 0, tzinfo=VN), "mot-dong")
    page = trail(personas, **{"from": "31/02/2026"})
    assert "Từ ngày “31/02/2026” không hợp lệ" in page and "Bộ lọc ngày chưa được áp dụng" in page
    page = trail(personas, **{"from": "09/10/2026", "to": "01/10/2026"})
    assert "“Từ ngày” phải trước hoặc trùng “Đến ngày”" in page


def test_two_units_of_the_same_name_are_told_apart(personas: Personas) -> None:
    make_unit("X99001", "Xã Hoằng Hợp", UnitKind.COMMUNE, personas.other_province)
    page = trail(personas, personas.sysadmin)
    assert "Xã Hoằng Hợp, Huyện Hoằng Hóa – X16012" in page
    assert "Xã Hoằng Hợp, Tỉnh Lạng Sơn – X99001" in page


def test_the_export_is_readable_scoped_and_audited(personas: Personas) -> None:
    record(
        personas.admin_a,
        "onestop.due_recomputed",
        personas.commune_a,
        unit=personas.commune_a,
        changes={"due_at": ["2030-10-10T02:00:00+00:00", "2030-10-11T09:00:00+07:00"]},
    )
    record(personas.officer_b, "onestop.dossier_received", personas.commune_b, unit=personas.commune_b, note="cua-xa-b")
    response = personas.client(personas.admin_a).get("/nhat-ky/xuat/", {"dinh_dang": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["Thời điểm", "Người thực hiện", "Đơn vị", "Thao tác", "Đối tượng", "Thay đổi"]
    moved = next(r for r in rows if r[3] == "Tính lại hạn trả do lịch làm việc thay đổi")
    assert moved[1] == "Đỗ Minh Đức" and moved[5] == "Hạn trả kết quả: 10/10/2030 09:00 → 11/10/2030 09:00"
    assert not any("cua-xa-b" in str(r) for r in rows)
    exported = AuditEntry.objects.get(action="audit.exported")
    assert exported.actor == personas.admin_a and exported.unit == personas.commune_a and "XLSX" in exported.note

    response = personas.client(personas.supervisor).get("/nhat-ky/xuat/", {"dinh_dang": "csv", "unit": "X16015"})
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "Thời điểm" and any("cua-xa-b" in cell for row in lines[1:] for cell in row)
    assert all("Hoằng Hợp" not in cell for line in lines[1:] for cell in line[2:3])
    assert AuditEntry.objects.filter(action="audit.exported").count() == 2


def test_personal_data_never_enters_the_trail(personas: Personas) -> None:
    entry = record(
        personas.officer_a,
        "onestop.dossier_received",
        personas.commune_a,
        unit=personas.commune_a,
        before={"applicant_name": "Nguyễn Văn An"},
        after={"applicant_name": "Nguyễn Văn Án", "applicant_phone": "0912345678"},
    )
    assert entry.changes == {"applicant_name": HIDDEN, "applicant_phone": HIDDEN}
    page = trail(personas)
    assert "Nguyễn Văn" not in page and "0912345678" not in page and HIDDEN in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer_a", 403), ("front_a", 403), ("admin_a", 200), ("leader_a", 200), ("supervisor", 200)],
)
def test_who_reads_and_exports_the_trail(personas: Personas, who: str, status: int) -> None:
    client = personas.client(getattr(personas, who))
    assert client.get("/nhat-ky/").status_code == status
    assert client.get("/nhat-ky/xuat/").status_code == status


def test_a_created_record_reads_field_by_field(personas: Personas) -> None:
    calendar_actions.add_exception(
        personas.admin_a, personas.commune_a, dt.date(2030, 10, 8), "day_off", "Bão số 3", "CĐ 12/UBND"
    )
    page = trail(personas)
    assert (
        "Bản ghi</strong>: – → Ngày: 08/10/2030; Loại: Nghỉ thêm; Lý do: Bão số 3; Văn bản quyết định: CĐ 12/UBND"
        in page
    )


def test_a_stored_file_is_audited_by_its_name(personas: Personas, settings, tmp_path) -> None:
    from django.core.files.base import ContentFile

    from thanthien.org.records import create_record
    from thanthien.programme.models import IssuedDocument

    settings.MEDIA_ROOT = tmp_path
    data = {
        "kind": "decision",
        "number": "59-QĐ/ĐU",
        "issued_on": dt.date(2023, 3, 3),
        "issuer": "party_committee",
        "summary": "Thành lập Ban chỉ đạo",
        "file": ContentFile(b"%PDF-1.4\n", name="qd.pdf"),
    }
    doc = create_record(None, IssuedDocument, personas.commune_a, data)
    entry = AuditEntry.objects.filter(action="programme.document.create").get()
    assert entry.changes["file"] == [None, doc.file.name] and doc.file.name.endswith(".pdf")
