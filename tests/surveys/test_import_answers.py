"""Import kind survey-answers: every bad line with its number, nothing applied on error, re-import a no-op."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import call_command

from thanthien.lib.importing import get_importer, run
from thanthien.lib.stats import compute
from thanthien.surveys.importing import SurveyAnswersImporter
from thanthien.surveys.models import Campaign, Response

from .helpers import campaign, questionnaire

pytestmark = pytest.mark.django_db

GOOD = (
    "submitted_on,channel,field,q1,q2,gop_y,q3,mong_muon,so_lan,y_kien\n"
    "2026-03-01,,Hộ tịch,hl,Rất hài lòng,co,bt,nhanh gon,2,\n"
    "2026-03-01,,Hộ tịch,hl,Rất hài lòng,co,bt,nhanh gon,2,\n"
    "2026-03-02,qr,Đất đai,khong hai long,,khong,,,,Tốt\n"
)


def _run(unit, text: str, **options):
    return run(SurveyAnswersImporter(**options), None, unit, io.BytesIO(text.encode()), "phieu.csv")


def test_import_counts_and_reimport_is_a_no_op(personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version)
    report = _run(personas.commune_a, GOOD, form_id="phieu_thu", campaign=c.name)
    assert report.ok, report.errors
    assert report.created == 3
    forms = Response.objects.filter(campaign=c)
    assert sorted(forms.values_list("channel", flat=True)) == ["paper", "paper", "qr"]
    result = compute("surveys", personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert result["forms"] == 3
    assert result["questions"]["q1"]["choices"] == {"hl": 2, "khl": 1}  # a label typed without diacritics
    assert result["questions"]["mong_muon"]["choices"] == {"nhanh": 2, "gon": 2}
    again = _run(personas.commune_a, GOOD, form_id="phieu_thu", campaign=c.name)
    assert again.ok and again.created == 0 and again.unchanged == 3
    assert forms.count() == 3


def test_every_bad_line_is_reported_and_nothing_is_applied(personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(
        personas.commune_a,
        imported.version,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
        fields=["Hộ tịch", "Đất đai"],
    )
    long_text = "x" * 2001
    bad = (
        "submitted_on,channel,field,q1,q2,gop_y,q3,y_kien\n"
        "2026-03-01,,ho tich,hl,,,,\n"
        "2026-03-01,,,tuyet_voi,,,,\n"
        "2026-03-01,,,,hl,,,\n"
        "2026-08-01,,,hl,,,,\n"
        "01-03-x,,,hl,,,,\n"
        "2026-03-01,fax,,hl,,,,\n"
        "2026-03-01,,,hl,,khong,rhl,\n"
        "2026-03-01,,Khác,hl,,,,\n"
        f"2026-03-01,,,hl,,,,{long_text}\n"
    )
    report = _run(personas.commune_a, bad, form_id="phieu_thu", campaign=c.name)
    messages = {e.line: e.message for e in report.errors}
    assert set(messages) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "cột q3: câu này chỉ trả lời khi" in messages[8]  # hidden by its condition: not silently dropped
    assert "lĩnh vực (field) “Khác” không có trong đợt khảo sát" in messages[9]
    assert "cột y_kien: câu trả lời dài quá 2.000 ký tự" in messages[10]
    assert "“tuyet_voi” không có" in messages[3]
    assert "cột q1: vui lòng trả lời" in messages[4]
    assert "ngoài thời gian của đợt khảo sát" in messages[5]
    assert "submitted_on" in messages[6]
    assert "kênh (channel) “fax”" in messages[7]
    assert Response.objects.count() == 0


def test_without_a_campaign_the_covering_one_is_used_or_a_year_campaign_opened(personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    text = "submitted_on,q1\n2025-05-01,hl\n2024-05-01,bt\n2024-06-01,bt\n"
    report = _run(personas.commune_a, text, form_id="phieu_thu")
    assert report.ok, report.errors
    assert Response.objects.filter(campaign=c).count() == 1
    opened = Campaign.objects.get(unit=personas.commune_a, starts_on=dt.date(2024, 1, 1))
    assert opened.ends_on == dt.date(2024, 12, 31) and opened.responses.count() == 2
    again = _run(personas.commune_a, text, form_id="phieu_thu")
    assert again.ok and again.created == 0 and Response.objects.count() == 3


def test_unknown_questionnaire_is_said(personas) -> None:
    report = _run(personas.commune_a, "submitted_on,q1\n2026-01-01,hl\n", form_id="khong_co")
    assert "không có phiếu khảo sát mã “khong_co”" in report.errors[0].message


def test_registered_with_the_framework_and_the_command(personas, tmp_path) -> None:
    assert isinstance(get_importer("survey-answers"), SurveyAnswersImporter)
    imported = questionnaire(personas.commune_a)
    campaign(personas.commune_a, imported.version)
    path = tmp_path / "phieu.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    # The unit has one questionnaire: `thanthien import survey-answers` finds it without --questionnaire.
    call_command("import", "survey-answers", str(path), "--unit", "X16012", stdout=out)
    assert "thêm mới 3" in out.getvalue()
    out = StringIO()
    call_command("import", "survey-answers", str(path), "--unit", "X16012", "--questionnaire", "phieu_thu", stdout=out)
    assert "không đổi 3" in out.getvalue()


def test_the_one_import_command_takes_the_kinds_own_options(personas, tmp_path) -> None:
    from django.core.management.base import CommandError

    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version)
    path = tmp_path / "phieu.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command(
        "import", "survey-answers", str(path), "--unit", personas.commune_a.code,
        "--questionnaire", "phieu_thu", "--campaign", c.name, stdout=out,
    )  # fmt: skip
    assert Response.objects.filter(campaign=c).count() == 3
    with pytest.raises(CommandError, match="Loại dossiers không dùng --questionnaire"):
        call_command("import", "dossiers", str(path), "--unit", personas.commune_a.code, "--questionnaire", "x")


def test_the_stats_command_takes_the_questionnaire(personas) -> None:
    import json

    from django.core.management.base import CommandError

    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version)
    assert _run(personas.commune_a, GOOD, form_id="phieu_thu", campaign=c.name).ok
    period = ["--unit", personas.commune_a.code, "--from", "2026-01-01", "--to", "2026-12-31", "--json"]
    out = StringIO()
    call_command("stats", "surveys", *period, "--questionnaire", "phieu_thu", stdout=out)
    assert json.loads(out.getvalue())["forms"] == 3
    out = StringIO()
    call_command("stats", "surveys", *period, "--questionnaire", "khong_co", stdout=out)
    assert json.loads(out.getvalue())["forms"] == 0
    with pytest.raises(CommandError, match="Loại số liệu dossiers không dùng --questionnaire"):
        call_command("stats", "dossiers", *period, "--questionnaire", "phieu_thu")
