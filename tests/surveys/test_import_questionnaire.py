"""`thanthien import questionnaire FILE.xlsx --unit CODE`: an XLSForm workbook through the one import command and its
runner (every error with its sheet and row, nothing saved on any error, --dry-run, the audit row, the journal)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from thanthien.audit.models import AuditEntry
from thanthien.core.models import ImportRun
from thanthien.lib.importing import get_importer, run
from thanthien.surveys import actions
from thanthien.surveys.importing import import_questionnaire
from thanthien.surveys.models import Question, Questionnaire, QuestionnaireVersion

from .helpers import small_source, workbook

pytestmark = pytest.mark.django_db


def file(tmp_path: Path, source: dict[str, Any], name: str = "phieu.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(workbook(source))
    return str(path)


def import_file(path: str, unit: str, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", "questionnaire", path, "--unit", unit, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: str, unit: str = "X16012") -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="chưa có thay đổi nào được ghi"):
        call_command("import", "questionnaire", path, "--unit", unit, stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.parametrize("template", actions.shipped_templates(), ids=lambda t: t.form_id)
def test_every_shipped_template_imports_through_the_one_command(personas, template: actions.Template) -> None:
    out, _ = import_file(str(template.path), "X16012")
    questionnaire = Questionnaire.objects.get(unit=personas.commune_a, form_id=template.form_id)
    version = actions.latest_version(questionnaire)
    assert version is not None and version.number == 1
    questions = version.questions.count()
    assert questions > 0 and f"tạo phiếu “{questionnaire.title}” (mã {template.form_id})" in out
    assert f"phiên bản đầu tiên với {questions} câu hỏi" in out
    run_ = ImportRun.objects.get(kind="questionnaire", unit=personas.commune_a)
    assert run_.state == ImportRun.State.DONE and run_.created == 1 and run_.filename == template.path.name
    assert AuditEntry.objects.filter(action="surveys.questionnaire.import", unit=personas.commune_a).count() == 1


def test_a_changed_file_makes_version_2_and_the_same_file_is_a_no_op(personas, tmp_path: Path) -> None:
    path = file(tmp_path, small_source())
    import_file(path, "X16012")
    out, _ = import_file(path, "X16012")
    assert "giữ nguyên phiếu “Phiếu thử” (mã phieu_thu)" in out and "không tạo phiên bản mới" in out
    assert "thêm mới" not in out
    assert QuestionnaireVersion.objects.count() == 1
    assert AuditEntry.objects.filter(action="surveys.questionnaire.import").count() == 1  # the no-op audits nothing
    changed = file(tmp_path, small_source(extra=[{"type": "text", "name": "them", "label": "Câu mới"}]), "v2.xlsx")
    out, _ = import_file(changed, "X16012")
    assert "tạo phiên bản thứ 2 của phiếu “Phiếu thử” (mã phieu_thu), 8 câu hỏi" in out
    questionnaire = Questionnaire.objects.get(unit=personas.commune_a, form_id="phieu_thu")
    assert list(questionnaire.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert actions.latest_version(questionnaire).questions.filter(name="them").exists()
    assert AuditEntry.objects.filter(action="surveys.questionnaire.import").count() == 2
    assert ImportRun.objects.filter(kind="questionnaire", state=ImportRun.State.DONE).count() == 3


def test_a_bad_file_reports_every_error_with_its_sheet_and_row_and_saves_nothing(personas, tmp_path: Path) -> None:
    source = small_source(
        extra=[
            {"type": "rank muc_do", "name": "xep_hang", "label": "Xếp hạng"},  # survey row 13: unknown type
            {"type": "select_one", "name": "khong_ds", "label": "Thiếu danh sách"},  # 14: no choices list
            {"type": "text", "name": "dk", "label": "Điều kiện", "relevant": "${khong_co} = 'x'"},  # 15
            {"type": "select_one la", "name": "ds_la", "label": "Danh sách lạ"},  # 16: list not on choices
        ]
    )
    source["choices"] = [*source["choices"], {"list_name": "hl", "name": "hl", "label": "Lặp"}]  # choices row 11
    source["settings"] = {"form_title": "Phiếu thử", "form_id": "1 sai"}
    err = refused(file(tmp_path, source))
    lines = err.strip().splitlines()
    assert lines[0].startswith("Trang survey, dòng 13: loại câu hỏi “rank muc_do” không được hỗ trợ")
    assert lines[1].startswith("Trang survey, dòng 14: loại select_one cần tên danh sách lựa chọn")
    assert lines[2].startswith("Trang survey, dòng 15: điều kiện relevant nhắc đến câu hỏi “khong_co” không có")
    assert lines[3] == "Trang survey, dòng 16: danh sách lựa chọn “la” không có trên trang choices."
    assert lines[4] == "Trang choices, dòng 11: lựa chọn “hl” bị trùng trong danh sách “hl”."
    assert lines[5].startswith("Trang settings: form_id “1 sai”")
    assert len(lines) == 6
    assert not Questionnaire.objects.exists() and not Question.objects.exists()
    assert not ImportRun.objects.exists() and not AuditEntry.objects.filter(action__startswith="surveys.").exists()


def test_a_file_that_is_no_workbook_or_has_no_survey_sheet_is_refused(personas, tmp_path: Path) -> None:
    csv = tmp_path / "phieu.csv"
    csv.write_text("type,name,label\ntext,a,A\n", encoding="utf-8")
    assert "Không đọc được tệp Excel (.xlsx)" in refused(str(csv))
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.active.title = "cau_hoi"
    book.active.append(["type", "name", "label"])
    path = tmp_path / "khac.xlsx"
    book.save(path)
    assert "Tệp không có trang “survey”" in refused(str(path))
    assert not Questionnaire.objects.exists()


def test_dry_run_checks_and_saves_nothing(personas, tmp_path: Path) -> None:
    path = file(tmp_path, small_source())
    out, _ = import_file(path, "X16012", "--dry-run")
    assert "không có lỗi (chưa ghi gì): sẽ tạo phiếu “Phiếu thử” (mã phieu_thu)" in out
    assert not Questionnaire.objects.exists() and not ImportRun.objects.exists()
    import_file(path, "X16012")
    changed = file(tmp_path, small_source(extra=[{"type": "text", "name": "them", "label": "Câu mới"}]), "v2.xlsx")
    out, _ = import_file(changed, "X16012", "--dry-run")
    assert "sẽ tạo phiên bản thứ 2 của phiếu “Phiếu thử”" in out
    assert QuestionnaireVersion.objects.count() == 1


def test_a_district_questionnaire_serves_the_communes_under_it(personas, tmp_path: Path) -> None:
    import_file(file(tmp_path, small_source()), personas.district.code)
    questionnaire = Questionnaire.objects.get(form_id="phieu_thu")
    assert questionnaire.unit == personas.district
    assert questionnaire in actions.usable_questionnaires(personas.commune_a)
    assert questionnaire in actions.usable_questionnaires(personas.commune_b)
    assert questionnaire not in actions.usable_questionnaires(personas.commune_c)


def test_only_the_survey_writers_of_the_unit_import(personas, tmp_path: Path) -> None:
    importer = get_importer("questionnaire")
    path = file(tmp_path, small_source())
    for user in (personas.officer_a, personas.officer_b, personas.supervisor):
        with pytest.raises(PermissionDenied):
            run(importer, user, personas.commune_a, path)
    with pytest.raises(PermissionDenied):
        run(importer, personas.leader_a, personas.commune_b, path)  # another commune
    assert not Questionnaire.objects.exists()
    report = run(importer, personas.leader_a, personas.commune_a, path)
    assert report.ok and report.created == 1
    assert [u.code for u in importer.units_for(personas.leader_a)] == [personas.commune_a.code]
    assert importer.units_for(personas.officer_a) == []


def test_the_surveys_upload_goes_through_the_same_runner(personas) -> None:
    raw = workbook(small_source())
    result = import_questionnaire(personas.leader_a, personas.commune_a, raw, "tai-len.xlsx")
    assert result.errors == [] and result.imported is not None and result.imported.created
    again = import_questionnaire(personas.leader_a, personas.commune_a, raw)
    assert again.imported is not None and not again.imported.created
    assert again.imported.version.pk == result.imported.version.pk
    assert ImportRun.objects.filter(kind="questionnaire", filename="tai-len.xlsx").count() == 1
    bad = import_questionnaire(
        personas.leader_a, personas.commune_a, workbook(small_source(extra=[{"type": "rank", "name": "x"}]))
    )
    assert bad.imported is None
    assert bad.errors == [
        "Trang survey, dòng 13: loại câu hỏi “rank” không được hỗ trợ (chỉ dùng select_one, select_multiple, text, "
        "integer, note, begin_group, end_group); thiếu label (nội dung câu hỏi)."
    ]
    with pytest.raises(PermissionDenied):
        import_questionnaire(personas.officer_a, personas.commune_a, raw)


def test_the_one_upload_page_offers_a_real_xlsform_and_names_the_sheet_of_each_error(personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from thanthien.surveys import xlsform

    client = personas.client(personas.leader_a)
    template = client.get(reverse("core:import_template", args=["questionnaire"]))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsform.check(xlsform.read_workbook(template.content)).errors == []
    bad = workbook(small_source(extra=[{"type": "rank", "name": "x", "label": "Xếp hạng"}]))
    page = client.post(
        reverse("core:import"),
        {"kind": "questionnaire", "unit": personas.commune_a.code, "file": SimpleUploadedFile("phieu.xlsx", bad)},
    )
    assert page.status_code == 200
    assert "Trang survey, dòng 13" in page.content.decode()
    assert not Questionnaire.objects.exists()
