"""XLSForm in and out: checks with sheet and row, versions, frozen versions, pyxform converts what we write."""

from __future__ import annotations

import copy
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pyxform.xls2xform import convert

from thanthien.surveys import actions, xlsform
from thanthien.surveys.importing import import_questionnaire
from thanthien.surveys.models import Question, QuestionnaireVersion
from thanthien.surveys.templates_xlsform import build

from .helpers import campaign, small_source, workbook

pytestmark = pytest.mark.django_db


def pyxform_converts(raw: bytes) -> str:
    result = convert(xlsform=raw, validate=False, file_type=".xlsx")
    return str(result.xform)


@pytest.mark.parametrize("template", actions.shipped_templates(), ids=lambda t: t.form_id)
def test_every_shipped_template_converts_with_pyxform_and_matches_its_script(template: actions.Template) -> None:
    raw = template.path.read_bytes()
    assert "<h:title>" in pyxform_converts(raw)
    source = xlsform.read_workbook(raw)
    assert xlsform.clean_source(source) == build.TEMPLATES[template.form_id]()  # the files are the script's output
    form = xlsform.check(source)
    assert form.errors == []
    assert any(q.is_scale for q in form.questions)


def test_the_five_templates_are_shipped() -> None:
    assert {t.form_id for t in actions.shipped_templates()} == set(build.TEMPLATES)
    sipas = xlsform.check(xlsform.read_workbook(build.HERE.joinpath("sipas.xlsx").read_bytes()))
    aspects = {q.group_label for q in sipas.questions if q.is_scale}
    assert aspects == {
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức",
        "Kết quả",
        "Tiếp nhận, xử lý phản ánh, kiến nghị",
    }
    satisfied = {c.label for c in sipas.choices if c.satisfied}
    assert satisfied == {"Hài lòng", "Rất hài lòng"}
    attitude = xlsform.check(xlsform.read_workbook(build.HERE.joinpath("thai_do_can_bo.xlsx").read_bytes()))
    assert {c.label for c in attitude.choices if c.satisfied} == {"Rất nhiệt tình", "Nhiệt tình"}


def test_an_exported_questionnaire_converts_with_pyxform(personas) -> None:
    imported = actions.copy_template(personas.leader_a, personas.commune_a, "sipas")
    edit = actions.QuestionEdit(add_type="integer", add_name="so_lan_den", add_label="Ông/Bà đến bao nhiêu lần?")
    edited = actions.edit_questionnaire(personas.leader_a, imported.version, edit)
    raw = xlsform.write_workbook(edited.version.source)
    xform = pyxform_converts(raw)
    assert "so_lan_den" in xform
    again = import_questionnaire(personas.leader_a, personas.commune_a, raw)
    assert again.errors == [] and again.imported is not None
    assert not again.imported.created  # the export round-trips: same content, no new version


def test_check_reports_every_problem_with_sheet_and_row() -> None:
    source = small_source()
    source["survey"] += [
        {"type": "geopoint", "name": "vi_tri", "label": "Vị trí"},
        {"type": "text", "name": "q1", "label": "Trùng tên"},
        {"type": "select_one khong_co", "name": "q9", "label": "Danh sách lạ"},
        {"type": "text", "name": "q10", "label": "Điều kiện lạ", "relevant": "${q1} != 'hl' and ${q2} = 'hl'"},
        {"type": "text", "name": "q11"},
    ]
    form = xlsform.check(xlsform.read_workbook(workbook(source)))
    text = "\n".join(form.errors)
    assert "Trang survey, dòng 13: loại câu hỏi “geopoint” không được hỗ trợ" in text
    assert "Trang survey, dòng 14: tên câu hỏi “q1” bị trùng" in text
    assert "Trang survey, dòng 15: danh sách lựa chọn “khong_co” không có trên trang choices" in text
    assert "Trang survey, dòng 16: điều kiện relevant" in text and "chỉ dùng dạng ${ten_cau_hoi} = 'gia_tri'" in text
    assert "Trang survey, dòng 17: thiếu label" in text


def test_relevant_must_name_an_earlier_question_and_one_of_its_choices() -> None:
    source = small_source(extra=[{"type": "text", "name": "z", "label": "Z", "relevant": "${gop_y} = 'may_be'"}])
    assert "“may_be” không phải lựa chọn của câu hỏi “gop_y”" in "\n".join(xlsform.check(source).errors)
    source = small_source(extra=[{"type": "text", "name": "z", "label": "Z", "relevant": "${later} = 'x'"}])
    assert "không có ở các dòng phía trên" in "\n".join(xlsform.check(source).errors)


def test_missing_settings_and_bad_choices() -> None:
    source = small_source()
    source["settings"] = {}
    source["choices"] = [*source["choices"], {"list_name": "hl", "name": "hl", "label": "Lặp", "satisfied": "maybe"}]
    errors = "\n".join(xlsform.check(xlsform.read_workbook(workbook(source))).errors)
    assert "Trang settings: thiếu form_id" in errors
    assert "Trang choices, dòng 11" in errors and "bị trùng trong danh sách “hl”" in errors
    assert "cột satisfied" in errors


def test_not_a_workbook_is_refused_in_vietnamese(personas) -> None:
    result = import_questionnaire(personas.leader_a, personas.commune_a, b"type,name\ntext,a\n")
    assert result.imported is None and "Không đọc được tệp Excel" in result.errors[0]


def test_scale_questions_are_the_select_one_on_a_list_with_satisfied_flags(personas) -> None:
    version = actions.save_questionnaire(None, personas.commune_a, small_source()).version
    scale = dict(version.questions.values_list("name", "is_scale"))
    assert scale == {
        "q1": True,
        "q2": True,
        "gop_y": False,
        "q3": True,
        "mong_muon": False,
        "so_lan": False,
        "y_kien": False,
    }
    q3 = version.questions.get(name="q3")
    assert (q3.group_name, q3.relevant_name, q3.relevant_value) == ("cong_chuc", "gop_y", "co")


def test_same_form_id_changed_content_makes_a_new_version_and_same_content_is_a_no_op(personas) -> None:
    first = actions.save_questionnaire(None, personas.commune_a, small_source())
    same = actions.save_questionnaire(None, personas.commune_a, small_source(version="9"))
    assert not same.created and same.version.pk == first.version.pk
    changed = small_source(extra=[{"type": "text", "name": "them", "label": "Câu mới"}])
    second = actions.save_questionnaire(None, personas.commune_a, changed)
    assert second.created and second.version.number == 2 and second.questionnaire.pk == first.questionnaire.pk
    assert second.version.version != first.version.version
    assert first.version.questions.count() == 7 and second.version.questions.count() == 8


def test_a_frozen_version_never_changes(personas) -> None:
    imported = actions.save_questionnaire(None, personas.commune_a, small_source())
    version = imported.version
    c = campaign(personas.commune_a, version)
    actions.submit_response(c, "online", {"q1": ["hl"]}, day=dt.date(2026, 3, 1))
    assert version.is_frozen
    before_source = copy.deepcopy(version.source)
    before = list(Question.objects.filter(version=version).values_list("name", "label", "required"))
    edit = actions.QuestionEdit(labels={"q1": "Nhãn mới"}, required={"q2": True})
    edited = actions.edit_questionnaire(personas.leader_a, version, edit)
    assert edited.version.pk != version.pk
    version.refresh_from_db()
    assert version.source == before_source
    assert list(Question.objects.filter(version=version).values_list("name", "label", "required")) == before
    new_q1 = edited.version.questions.get(name="q1")
    assert new_q1.label == "Nhãn mới" and edited.version.questions.get(name="q2").required
    assert QuestionnaireVersion.objects.filter(questionnaire=imported.questionnaire).count() == 2


def test_a_bad_edit_is_refused_and_nothing_is_saved(personas) -> None:
    version = actions.save_questionnaire(None, personas.commune_a, small_source()).version
    edit = actions.QuestionEdit(add_type="text", add_name="q1", add_label="Trùng")
    with pytest.raises(ValidationError) as exc:
        actions.edit_questionnaire(personas.leader_a, version, edit)
    assert "bị trùng" in " ".join(exc.value.messages)
    assert QuestionnaireVersion.objects.count() == 1


def test_only_writers_of_the_commune_save_questionnaires(personas) -> None:
    from django.core.exceptions import PermissionDenied

    for user in (personas.officer_a, personas.officer_b, personas.supervisor):
        with pytest.raises(PermissionDenied):
            actions.save_questionnaire(user, personas.commune_a, small_source())
    assert actions.save_questionnaire(personas.front_a, personas.commune_a, small_source()).created


def test_a_province_questionnaire_is_usable_by_the_communes_under_it(personas) -> None:
    imported = actions.save_questionnaire(personas.sysadmin, personas.province, small_source())
    assert imported.questionnaire in actions.usable_questionnaires(personas.commune_a)
    assert imported.questionnaire not in actions.usable_questionnaires(personas.commune_c)
    c = campaign(personas.commune_a, imported.version)
    assert c.unit == personas.commune_a
    with pytest.raises(ValidationError):
        campaign(personas.commune_c, imported.version)


def test_a_label_that_looks_like_a_formula_is_exported_as_text(personas) -> None:
    from openpyxl import load_workbook

    source = small_source(extra=[{"type": "text", "name": "f", "label": '=HYPERLINK("http://x","bấm")'}])
    raw = xlsform.write_workbook(source)
    cell = next(
        c
        for row in load_workbook(io.BytesIO(raw))["survey"].iter_rows()
        for c in row
        if c.value == source["survey"][-1]["label"]
    )
    assert cell.data_type == "s"
    assert "<h:title>" in pyxform_converts(raw)
    assert xlsform.read_workbook(raw)["survey"][-1]["label"] == '=HYPERLINK("http://x","bấm")'
