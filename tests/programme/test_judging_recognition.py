"""Recognition (issue 11 item 8): the level rule around 01/07/2025 (a setting), a recognition valid on a day counted
once at its highest level, a merged commune's recognitions shown on its successor without counting for it, and the
recognition file assembled from its parts (PDF checked by its content; the self-score table generated from the
scoring)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas, make_unit
from thanthien.org.models import UnitKind
from thanthien.programme import actions_judging as actions
from thanthien.programme.models import (
    CriteriaSet,
    Criterion,
    Recognition,
    RecognitionFile,
    RecognitionFilePart,
    Score,
    Scoring,
)
from thanthien.programme.rollout_judging import progress

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _recognise(p: Personas, level: str, decided_on: dt.date, number: str, **extra: object) -> Recognition:
    data = {"level": level, "decided_on": decided_on, "decision_number": number, **extra}
    return actions.record_recognition(p.supervisor, p.commune_a, data)


def test_the_district_level_ends_on_1_july_2025_unless_the_setting_keeps_it(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    _recognise(personas, "district", dt.date(2025, 6, 30), "101/QĐ-UBND")
    with pytest.raises(ValidationError) as refused:
        _recognise(personas, "district", dt.date(2025, 7, 1), "102/QĐ-UBND")
    assert "Từ ngày 01/07/2025 không còn cấp huyện" in str(refused.value)
    _recognise(personas, "province", dt.date(2025, 7, 1), "103/QĐ-UBND")
    settings.PROGRAMME_RECOGNITION_LEVELS_AFTER_2025 = ["province", "district"]
    _recognise(personas, "district", dt.date(2025, 7, 2), "104/QĐ-UBND")
    assert Recognition.objects.count() == 3
    # through the page: the message beside the level, nothing saved
    settings.PROGRAMME_RECOGNITION_LEVELS_AFTER_2025 = ["province"]
    page = personas.client(personas.supervisor).post(
        reverse("programme:recognition_create"),
        {"unit": "X16012", "level": "district", "decision_number": "105/QĐ-UBND", "decided_on": "15/08/2025"},
    )
    assert page.status_code == 200 and "không còn cấp huyện" in page.content.decode()
    assert Recognition.objects.count() == 3


def test_who_records_a_recognition(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_recognition(
            personas.leader_a, personas.commune_a, {"level": "province", "decided_on": TODAY, "decision_number": "1"}
        )
    with pytest.raises(PermissionDenied):
        actions.record_recognition(
            personas.other_supervisor,
            personas.commune_a,
            {"level": "province", "decided_on": TODAY, "decision_number": "1"},
        )
    assert (
        personas.client(personas.other_supervisor)
        .get(reverse("programme:recognition_create"), {"unit": "X16012"})
        .status_code
        == 403
    )
    recognition = _recognise(personas, "province", TODAY, "7/QĐ-UBND", review_on=TODAY + dt.timedelta(days=700))
    assert recognition.decided_by == personas.province
    with pytest.raises(ValidationError):  # the same decision twice
        _recognise(personas, "province", TODAY, "7/QĐ-UBND")
    with pytest.raises(ValidationError):  # reviewed before it was decided
        _recognise(personas, "province", TODAY, "8/QĐ-UBND", review_on=TODAY - dt.timedelta(days=1))


def test_valid_on_a_day_and_counted_once_at_the_highest_level(personas: Personas) -> None:
    district = _recognise(personas, "district", dt.date(2023, 5, 10), "55/QĐ-UBND", review_on=dt.date(2026, 5, 10))
    _recognise(personas, "province", dt.date(2024, 9, 1), "1234/QĐ-UBND")
    valid = Recognition.objects.valid_on
    assert list(valid(dt.date(2023, 5, 9))) == []
    assert list(valid(dt.date(2023, 5, 10))) == [district]
    assert valid(dt.date(2025, 1, 1)).count() == 2
    assert valid(dt.date(2026, 5, 11)).count() == 1  # past the district decision's review date
    assert actions.highest_levels([personas.commune_a.pk], dt.date(2023, 12, 31)) == {personas.commune_a.pk: "district"}
    assert actions.highest_levels([personas.commune_a.pk], dt.date(2025, 1, 1)) == {personas.commune_a.pk: "province"}
    on = progress(personas.district, dt.date(2025, 1, 1))
    assert (on.recognised, on.by_level, len(on.communes)) == (1, {"province": 1, "district": 0}, 2)
    assert on.share == 0.5 and [c.code for c in on.missing_communes] == ["X16015"]


def test_a_merged_communes_recognitions_show_on_its_successor_which_needs_its_own(personas: Personas) -> None:
    successor = make_unit(
        "X99001", "Xã Hoằng Tiến", UnitKind.COMMUNE, personas.province, valid_from=dt.date(2025, 7, 1)
    )
    old = make_unit(
        "X99002",
        "Xã Hoằng Cũ",
        UnitKind.COMMUNE,
        personas.district,
        valid_to=dt.date(2025, 6, 30),
    )
    old.successor = successor
    old.save()
    # history typed before the merge (written directly: the commune can no longer be written to)
    Recognition.objects.create(unit=old, level="district", decided_on=dt.date(2023, 4, 1), decision_number="9/QĐ-UBND")
    client = personas.client(personas.supervisor)
    page = client.get(reverse("programme:recognition_unit", args=[successor.code])).content.decode()
    assert "Xã Hoằng Cũ" in page and "9/QĐ-UBND" in page
    assert "<strong>chưa được tính là mô hình</strong>" in page
    on_2026 = progress(personas.province, dt.date(2026, 1, 1))
    assert successor in on_2026.communes and old not in on_2026.communes
    assert successor in on_2026.missing_communes and on_2026.recognised == 0
    # before the merge the old commune counted, under its district and its province
    assert progress(personas.province, dt.date(2024, 1, 1)).levels == {old.pk: "district"}
    old_page = client.get(reverse("programme:recognition_unit", args=[old.code])).content.decode()
    assert "đơn vị kế thừa" in old_page and "Xã Hoằng Tiến" in old_page
    actions.record_recognition(
        personas.supervisor, successor, {"level": "province", "decided_on": TODAY, "decision_number": "77/QĐ-UBND"}
    )
    assert progress(personas.province, TODAY).levels.get(successor.pk) == "province"
    assert (
        "<strong>được tính là mô hình</strong>"
        in client.get(reverse("programme:recognition_unit", args=[successor.code])).content.decode()
    )


def test_the_file_shows_its_missing_parts_and_takes_pdfs_only(personas: Personas, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    client = personas.client(personas.leader_a)
    made = client.post(reverse("programme:recognition_file_create"), {"year": str(TODAY.year), "level": "province"})
    file = RecognitionFile.objects.get()
    assert made.status_code == 302
    page = client.get(reverse("programme:recognition_file", args=[file.pk])).content.decode()
    assert "Hồ sơ còn thiếu: Tờ trình; Báo cáo kết quả; Bảng tự chấm điểm" in page
    assert f"Chưa có bảng tự chấm điểm năm {TODAY.year}" in page
    url = reverse("programme:recognition_file_part", args=[file.pk, "report"])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(url, {"report-upload": fake})
    assert refused.status_code == 400 and "Chỉ nhận tệp PDF" in refused.content.decode()
    good = SimpleUploadedFile("x.exe", PDF, content_type="application/octet-stream")
    assert client.post(url, {"report-upload": good}).status_code == 302
    part = RecognitionFilePart.objects.get()
    assert part.upload.name.endswith(".pdf") and "x.exe" not in part.upload.name
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert personas.client(personas.officer_b).get(url).status_code == 404
    assert personas.client(personas.officer_a).post(url, {"report-upload": good}).status_code == 403
    with pytest.raises(ValidationError):  # the self-score table is generated, not supplied
        actions.set_file_part(personas.leader_a, file, "self_score", upload=good)
    too_big = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    assert "lớn hơn 20 MB" in client.post(url, {"report-upload": too_big}).content.decode()


def test_the_self_score_table_comes_from_the_submitted_scoring(personas: Personas) -> None:
    file = actions.record_file(personas.leader_a, personas.commune_a, {"year": TODAY.year, "level": "province"})
    criteria = CriteriaSet.objects.create(
        unit=personas.province, code="BG", name="Bộ tiêu chí mô hình", valid_from=dt.date(2023, 1, 1)
    )
    tc1 = Criterion.objects.create(criteria_set=criteria, code="TC1", title="Dân chủ ở cơ sở", max_points=20)
    scoring = Scoring.objects.create(
        unit=personas.commune_a, year=TODAY.year, criteria_set=criteria, status="draft", self_total=Decimal("18")
    )
    Score.objects.create(scoring=scoring, criterion=tc1, self_score=Decimal("18"))
    client = personas.client(personas.supervisor)
    pdf_url = reverse("programme:recognition_file_selfscore", args=[file.pk])
    assert client.get(pdf_url).status_code == 404  # a draft is not in the file
    Scoring.objects.filter(pk=scoring.pk).update(status="submitted")
    response = client.get(pdf_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    page = client.get(reverse("programme:recognition_file", args=[file.pk])).content.decode()
    assert "Lập từ bảng chấm điểm năm" in page and "Bảng tự chấm điểm;" not in page
