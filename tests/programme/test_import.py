# ruff: noqa: E501  (the lines of an import file are as long as they are)
"""Importing the model's records: recognitions and targets (unit from the file), activities, documents, inspections
and scores (--unit, --year) — coded columns by code or Vietnamese label, days as YYYY-MM-DD or dd/mm/yyyy, every bad
line with its number and column and nothing written, the same file again a no-op, --dry-run, who may import what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.lib import importing as framework
from thanthien.lib.importing import ImportReport, run
from thanthien.programme.importing import IMPORTERS
from thanthien.programme.models import (
    Activity,
    Inspection,
    IssuedDocument,
    Recognition,
    Remedy,
    RolloutTarget,
    Score,
    Scoring,
)

pytestmark = pytest.mark.django_db

BY_KIND = {i.kind: i for i in IMPORTERS}


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead registers these in apps.py; here they are registered for the command line's tests only."""
    for importer in IMPORTERS:
        monkeypatch.setitem(framework.IMPORTERS, importer.kind, importer)


def write(tmp_path: Path, kind: str, body: str, name: str = "tep.csv") -> Path:
    path = tmp_path / name
    header = ",".join(c.name for c in BY_KIND[kind].columns)
    path.write_bytes((header + "\n" + body).encode("utf-8"))
    return path


def importing(kind: str, user: Any, unit: Any, path: Path, year: int | None = None) -> ImportReport:
    importer = BY_KIND[kind].configure({"year": year}) if year is not None else BY_KIND[kind]
    return run(importer, user, unit, path)


def errors(report: ImportReport) -> dict[int, str]:
    return {e.line: str(e) for e in report.errors}


# --- recognitions ----------------------------------------------------------------------------------------------------

RECOGNITIONS = """X16012,province,2025-01-15,1234/QĐ-UBND,15/01/2028
X16015,Mô hình cấp huyện,20/05/2024,56/QĐ-UBND,
"""


def test_recognitions_take_the_commune_from_the_file(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, "recognitions", RECOGNITIONS)
    report = importing("recognitions", personas.supervisor, None, path)
    assert report.ok, errors(report)
    assert (report.created, report.updated) == (2, 0)
    a = Recognition.objects.get(unit=personas.commune_a)
    assert (a.level, a.decided_on, a.review_on) == ("province", dt.date(2025, 1, 15), dt.date(2028, 1, 15))
    assert a.decided_by == personas.province  # the supervisor's unit above the commune
    b = Recognition.objects.get(unit=personas.commune_b)
    assert (b.level, b.review_on) == ("district", None)
    again = importing("recognitions", personas.supervisor, None, path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    renewed = write(tmp_path, "recognitions", RECOGNITIONS.replace("15/01/2028", "31/12/2028"), "moi.csv")
    assert importing("recognitions", None, None, renewed).updated == 1
    assert Recognition.objects.get(unit=personas.commune_a).review_on == dt.date(2028, 12, 31)


def test_bad_recognition_lines_are_reported_and_nothing_is_written(personas: Personas, tmp_path: Path) -> None:
    body = """X16012,province,2025-01-15,1/QĐ-UBND,
KHONGCO,province,2025-01-15,2/QĐ-UBND,
H399,district,2024-01-15,3/QĐ-UBND,
P05956,province,2024-01-15,4/QĐ-UBND,
X16015,district,2025-09-01,5/QĐ-UBND,
X16015,cấp xã,2024-01-15,6/QĐ-UBND,
X16015,province,2024-01-15,7/QĐ-UBND,2023-01-01
X16015,province,32/01/2024,8/QĐ-UBND,
X16012,province,15/01/2025,1/QĐ-UBND,
"""
    report = importing("recognitions", personas.supervisor, None, write(tmp_path, "recognitions", body))
    found = errors(report)
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "KHONGCO" in found[3] and "unit_code" in found[3]
    assert "không phải đơn vị cấp xã" in found[4]
    assert "không có quyền" in found[5]  # a commune of another province
    assert "cấp huyện" in found[6] and "01/07/2025" in found[6]
    assert "level" in found[7] and "review_on" in found[8] and "decided_on" in found[9]
    assert "trùng với dòng 2" in found[10]
    assert Recognition.objects.count() == 0
    with pytest.raises(PermissionDenied):
        importing("recognitions", personas.leader_a, None, write(tmp_path, "recognitions", RECOGNITIONS, "b.csv"))


# --- targets ---------------------------------------------------------------------------------------------------------


def test_targets_are_set_by_the_units_own_supervisors(personas: Personas, tmp_path: Path) -> None:
    body = "T38,31/12/2025,50%\nT38,2030-12-31,1\n"
    path = write(tmp_path, "targets", body)
    report = importing("targets", personas.supervisor, None, path)
    assert report.ok, errors(report)
    assert [(t.by_date.year, t.share) for t in RolloutTarget.objects.order_by("by_date")] == [
        (2025, Decimal("0.5")),
        (2030, Decimal("1")),
    ]
    assert importing("targets", personas.supervisor, None, path).unchanged == 2
    changed = write(tmp_path, "targets", 'T38,31/12/2025,"0,6"\n', "doi.csv")
    assert importing("targets", None, None, changed).updated == 1
    assert RolloutTarget.objects.get(by_date=dt.date(2025, 12, 31)).share == Decimal("0.6")
    bad = "H399,31/12/2025,0.5\nX16012,31/12/2025,0.5\nT38,31/12/2026,1.5\nT38,31/12/2027,0\nT20,31/12/2025,0.5\nT38,,0.5\n"
    report = importing("targets", personas.supervisor, None, write(tmp_path, "targets", bad, "sai.csv"))
    found = errors(report)
    assert sorted(found) == [2, 3, 4, 5, 6, 7]
    assert "chính Huyện Hoằng Hóa" in found[2] and "cấp xã" in found[3]
    assert "share" in found[4] and "share" in found[5] and "by_date" in found[7]
    assert RolloutTarget.objects.count() == 2


# --- activities ------------------------------------------------------------------------------------------------------

ACTIVITIES = """meeting,15/04/2023,Hội nghị quán triệt mô hình tại thôn 1,120,,
Phát thanh trên loa truyền thanh,2023-04-20,Tuyên truyền 5 biết 3 không 4 thể hiện,,Đài truyền thanh xã,
tin bài,2023-05-02,Hoằng Hợp ra mắt mô hình,,Báo Thanh Hóa,https://baothanhhoa.vn/hoang-hop
training,10/06/2023,Tập huấn kỹ năng giao tiếp,"46.804",,
Lễ ra mắt mô hình,15/04/2023,Lễ ra mắt mô hình Chính quyền thân thiện,300,,
"""


def test_activities_are_imported_by_code_or_label_and_again_change_nothing(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, "activities", ACTIVITIES)
    dry = run(BY_KIND["activities"], personas.front_a, personas.commune_a, path, dry_run=True)
    assert dry.ok and dry.created == 5 and Activity.objects.count() == 0
    report = importing("activities", personas.front_a, personas.commune_a, path)
    assert report.ok, errors(report)
    kinds = dict(Activity.objects.values_list("title", "kind"))
    assert kinds["Tuyên truyền 5 biết 3 không 4 thể hiện"] == "broadcast"
    assert kinds["Hoằng Hợp ra mắt mô hình"] == "article" and kinds["Tập huấn kỹ năng giao tiếp"] == "training"
    assert Activity.objects.get(kind="training").attendees == 46804
    assert Activity.objects.get(kind="article").link == "https://baothanhhoa.vn/hoang-hop"
    again = importing("activities", personas.leader_a, personas.commune_a, path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 5)
    fixed = write(tmp_path, "activities", ACTIVITIES.replace(",120,", ",130,"), "sua.csv")
    assert importing("activities", None, personas.commune_a, fixed).updated == 1
    assert Activity.objects.get(kind="meeting").attendees == 130


def test_bad_activity_lines_and_who_may_import(personas: Personas, tmp_path: Path) -> None:
    body = """hop dan,15/04/2023,A,,,
meeting,15/04/2099,B,,,
meeting,15/04/2023,,mười,,
article,15/04/2023,C,,,baothanhhoa.vn
"""
    report = importing("activities", None, personas.commune_a, write(tmp_path, "activities", body))
    found = errors(report)
    assert sorted(found) == [2, 3, 4, 5]
    assert "kind" in found[2] and "tương lai" in found[3] and "title" in found[4] and "attendees" in found[4]
    assert "link" in found[5] and report.errors[3].column == "link"
    assert Activity.objects.count() == 0
    with pytest.raises(PermissionDenied):
        importing(
            "activities", personas.officer_a, personas.commune_a, write(tmp_path, "activities", ACTIVITIES, "a.csv")
        )
    with pytest.raises(PermissionDenied):
        importing(
            "activities", personas.front_a, personas.commune_b, write(tmp_path, "activities", ACTIVITIES, "b.csv")
        )


# --- documents -------------------------------------------------------------------------------------------------------

DOCUMENTS = """Quyết định,59-QĐ/ĐU,03/03/2023,Đảng ủy xã,Về việc thành lập Ban chỉ đạo xây dựng mô hình
plan,20/KH – UBND,2023-04-20,UBND xã,Kế hoạch xây dựng mô hình năm 2023
Kế hoạch,263-KH/HU,2023-01-10,higher: Huyện ủy Hoằng Hóa,Kế hoạch của Huyện ủy về mô hình
Công văn,123/UBND-VP,2023-06-01,peoples_committee,Về việc niêm yết số điện thoại
"""


def test_documents_are_imported_with_their_numbers_tidied(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, "documents", DOCUMENTS)
    report = importing("documents", personas.leader_a, personas.commune_a, path)
    assert report.ok, errors(report)
    plan = IssuedDocument.objects.get(number="20/KH-UBND")
    assert (plan.kind, plan.issuer, plan.issued_on) == ("plan", "peoples_committee", dt.date(2023, 4, 20))
    higher = IssuedDocument.objects.get(number="263-KH/HU")
    assert (higher.issuer, higher.issuer_name) == ("higher", "Huyện ủy Hoằng Hóa")
    assert IssuedDocument.objects.get(number="59-QĐ/ĐU").issuer == "party_committee"
    assert importing("documents", personas.admin_a, personas.commune_a, path).unchanged == 4
    body = """Quyết định,07/KH-UBND,03/03/2023,UBND xã,Sai ký hiệu
Tờ trình,1/TTr-UBND,03/03/2023,UBND xã,Không có loại này
report,85/BC-UBND,03/03/2023,Huyện ủy,Cơ quan chưa rõ
notice,15/TB-UBND,03/03/2023,UBND xã,
"""
    report = importing("documents", None, personas.commune_a, write(tmp_path, "documents", body, "sai.csv"))
    found = errors(report)
    assert sorted(found) == [2, 3, 4, 5]
    assert "number" in found[2] and "kế hoạch" in found[2]
    assert "kind" in found[3] and "issuer" in found[4] and "summary" in found[5]
    assert IssuedDocument.objects.count() == 4


# --- inspections -----------------------------------------------------------------------------------------------------

INSPECTIONS = """20/09/2024,H399,,Kiểm tra việc thực hiện mô hình năm 2024,Chưa niêm yết đủ TTHC,Niêm yết đủ TTHC | Bổ sung sổ theo dõi | Sửa quy chế,1
2024-10-05,MTTQ,Thôn 3,Giám sát việc tiếp công dân,,,
"""


def test_inspections_with_their_remedies(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, "inspections", INSPECTIONS)
    report = importing("inspections", None, personas.commune_a, path)
    assert report.ok, errors(report)
    by_district = Inspection.objects.get(by_kind="supervisor")
    assert by_district.by_unit == personas.district and not by_district.is_supervision
    remedies = list(by_district.remedies.order_by("pk").values_list("text", "done_on"))
    assert remedies == [
        ("Niêm yết đủ TTHC", dt.date(2024, 9, 20)),
        ("Bổ sung sổ theo dõi", None),
        ("Sửa quy chế", None),
    ]
    front = Inspection.objects.get(by_kind="front")
    assert front.target == "Thôn 3" and front.is_supervision and front.remedies.count() == 0
    assert importing("inspections", None, personas.commune_a, path).unchanged == 2
    more = INSPECTIONS.replace("Sửa quy chế,1", "Sửa quy chế | Tập huấn lại,2")
    report = importing("inspections", None, personas.commune_a, write(tmp_path, "inspections", more, "them.csv"))
    assert report.ok and report.updated == 1
    assert Remedy.objects.filter(inspection=by_district).count() == 4
    assert Remedy.objects.filter(inspection=by_district, done_on__isnull=False).count() == 2


def test_inspection_lines_follow_who_runs_them(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, "inspections", INSPECTIONS)
    as_leader = importing("inspections", personas.leader_a, personas.commune_a, path)
    assert sorted(errors(as_leader)) == [2] and "giám sát cấp trên" in errors(as_leader)[2]
    as_supervisor = importing("inspections", personas.supervisor, personas.commune_a, path)
    assert sorted(errors(as_supervisor)) == [3] and "cán bộ của xã" in errors(as_supervisor)[3]
    body = """20/09/2024,X16015,,Kiểm tra,,,
20/09/2024,H399,,Kiểm tra,,A | B,3
20/09/2024,,,,,,
"""
    found = errors(importing("inspections", None, personas.commune_a, write(tmp_path, "inspections", body, "sai.csv")))
    assert sorted(found) == [2, 3, 4]
    assert "không phải đơn vị cấp trên" in found[2] and "remedied" in found[3] and "content" in found[4]
    assert Inspection.objects.count() == 0


# --- scores ----------------------------------------------------------------------------------------------------------

SELF = """TC1,18,
TC2,22.5,
TC3,"17,5",
TC4,14,
TC5,16,
TH,3,
"""
VERIFIED = """TC1,18,17
TC2,22.5,21
TC3,"17,5",16
TC4,14,13
TC5,16,15
TH,3,2
TR,,1
"""


def test_scores_self_then_verified_publishes_the_year(personas: Personas, tmp_path: Path) -> None:
    unit = personas.commune_a
    report = importing("scores", personas.leader_a, unit, write(tmp_path, "scores", SELF), year=2024)
    assert report.ok, errors(report)
    scoring = Scoring.objects.get(unit=unit, year=2024)
    assert scoring.status == "draft" and scoring.self_total == Decimal("91.00")
    assert scoring.criteria_set.code == "CQTT"  # the default set, created on first use
    assert Score.objects.get(scoring=scoring, criterion__code="TC2").self_score == Decimal("22.50")
    verified = write(tmp_path, "scores", VERIFIED, "tham_dinh.csv")
    as_leader = importing("scores", personas.leader_a, unit, verified, year=2024)
    assert len(as_leader.errors) == 7 and "verified_score" in as_leader.errors[0].message
    report = importing("scores", personas.supervisor, unit, verified, year=2024)
    assert report.ok, errors(report)
    scoring.refresh_from_db()
    assert scoring.status == "published" and scoring.verified_total == Decimal("83.00")
    assert scoring.score_class == "tot" and scoring.published_on is not None
    assert scoring.verified_by == personas.supervisor
    again = importing("scores", personas.supervisor, unit, verified, year=2024)
    assert again.ok and (again.created, again.updated) == (0, 0)
    changed = write(tmp_path, "scores", VERIFIED.replace("TC1,18,17", "TC1,18,19"), "doi.csv")
    refused = importing("scores", None, unit, changed, year=2024)
    assert sorted(errors(refused)) == [2] and "đã công bố" in errors(refused)[2]


def test_bad_score_lines(personas: Personas, tmp_path: Path) -> None:
    unit = personas.commune_a
    body = """TC1,21,
TC9,5,
TC4,-1,
TC2,abc,
TC3,10,
TC3,11,
TC5,1e400,
"""
    found = errors(importing("scores", None, unit, write(tmp_path, "scores", body), year=2025))
    assert sorted(found) == [2, 3, 4, 5, 7, 8]
    assert "không phải là số điểm" in found[8]  # finite, but too large: a bad line, not a crash
    assert "TC1" in found[2] and "20" in found[2] and "self_score" in found[2]  # above the maximum
    assert "TC9" in found[3] and "TC4.3" in found[3]
    assert "TC4" in found[4] and "self_score" in found[5] and "trùng với dòng 6" in found[7]
    both = "TC1,15,\nTC1.1,5,\n"
    found = errors(importing("scores", None, unit, write(tmp_path, "scores", both, "ca_hai.csv"), year=2025))
    assert sorted(found) == [2] and "thành phần" in found[2]
    assert Scoring.objects.count() == 0
    partial = "TC1,18,17\nTC2,20,\n"
    found = errors(importing("scores", None, unit, write(tmp_path, "scores", partial, "thieu.csv"), year=2025))
    assert "verified_score" in found[3] and "TC3, TC4, TC5" in found[1]
    no_year = importing("scores", None, unit, write(tmp_path, "scores", SELF, "nam.csv"))
    assert not no_year.ok and "--year" in no_year.errors[0].message


def test_sub_criteria_are_summed_into_their_criterion(personas: Personas, tmp_path: Path) -> None:
    body = "TC1.1,9,9\nTC1.2,5,4\nTC1.3,4,4\nTC2,20,20\nTC3,15,15\nTC4,12,12\nTC5,15,18\n"
    report = importing("scores", None, personas.commune_a, write(tmp_path, "scores", body), year=2025)
    assert report.ok, errors(report)
    scoring = Scoring.objects.get(year=2025)
    assert Score.objects.get(scoring=scoring, criterion__code="TC1").verified_score == Decimal("17.00")
    assert scoring.verified_total == Decimal("82.00") and scoring.score_class == "tot"


def test_the_commands_import_with_their_options(personas: Personas, tmp_path: Path) -> None:
    out = StringIO()
    path = write(tmp_path, "scores", SELF)
    call_command("import", "scores", str(path), "--unit", "X16012", "--year", "2024", "--dry-run", stdout=out)
    assert "không có lỗi" in out.getvalue() and Scoring.objects.count() == 0
    call_command("import", "scores", str(path), "--unit", "X16012", "--year", "2024", stdout=out)
    assert Scoring.objects.get().self_total == Decimal("91.00")
    with pytest.raises(CommandError, match="--year"):
        call_command("import", "scores", str(path), "--unit", "X16012", "--year", "1999", stdout=out)
    with pytest.raises(CommandError, match="không dùng --year"):
        call_command("import", "activities", str(path), "--unit", "X16012", "--year", "2024", stdout=out)
    recognitions = write(tmp_path, "recognitions", RECOGNITIONS, "cn.csv")
    call_command("import", "recognitions", str(recognitions), stdout=out)
    assert Recognition.objects.count() == 2
    err = StringIO()
    bad = write(tmp_path, "activities", "meeting,32/13/2023,A,,,\n", "sai.csv")
    with pytest.raises(CommandError, match="1 dòng có lỗi"):
        call_command("import", "activities", str(bad), "--unit", "X16012", stdout=out, stderr=err)
    assert "Dòng 2: " in err.getvalue() and "held_on" in err.getvalue()


def test_one_audit_row_per_run(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, "activities", ACTIVITIES)
    assert importing("activities", personas.leader_a, personas.commune_a, path).created == 5
    importing("activities", personas.leader_a, personas.commune_a, path)  # nothing changes: no row
    assert AuditEntry.objects.filter(action="programme.activities_imported").count() == 1


def test_scores_on_the_one_upload_page_take_the_year_field(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    header = ",".join(c.name for c in BY_KIND["scores"].columns)
    client = personas.client(personas.leader_a)
    url = reverse("core:import")
    page = client.get(url, {"kind": "scores"}).content.decode()
    assert 'name="tuy_chon_year"' in page and "Năm chấm điểm (YYYY)" in page
    upload = SimpleUploadedFile("diem.csv", (header + "\n" + SELF).encode())
    done = client.post(
        url, {"kind": "scores", "unit": personas.commune_a.code, "tuy_chon_year": "2024", "file": upload}
    )
    assert done.status_code == 200 and Scoring.objects.filter(unit=personas.commune_a, year=2024).exists()
