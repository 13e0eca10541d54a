"""The report pages: a leader drafts (prefilled from the previous report), edits, issues (number, figures, files
frozen), sees what changed since, starts a new version; who may do what; another commune's reports do not exist;
bad input gets a Vietnamese message and changes nothing; the API serves the same, scoped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.reports import actions
from thanthien.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _draft(personas: Personas, **narratives: str) -> Report:
    report = actions.create_report(personas.leader_a, personas.commune_a, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    if narratives:
        report = actions.update_report(personas.leader_a, report, {"narratives": narratives})
    return report


def test_a_leader_drafts_edits_issues_and_downloads(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    c = client_for(personas.leader_a)
    assert c.get(reverse("reports:list")).status_code == 200
    answer = c.post(reverse("reports:list"), {"start": "01/01/2024", "end": "31/12/2024", "title": ""})
    report = Report.objects.get()
    assert answer.headers["Location"] == reverse("reports:detail", args=[report.pk])
    page = c.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Tổng số hồ sơ đã tiếp nhận:" in page and "Dự thảo" in page
    assert "/mot-cua/" in page  # the dossiers' figure opens their list
    edit = {
        "title": "Báo cáo kết quả năm 2024",
        "place": "Hoằng Hợp",
        "signer_title": "Chủ tịch",
        "signer_name": "Lê Văn Hùng",
        "recipients": "UBND huyện Hoằng Hóa\nLưu: VT",
        "n_assessment": "Cán bộ tận tình.",
        "n_tasks": "Duy trì mô hình.",
    }
    assert c.post(reverse("reports:edit", args=[report.pk]), edit).status_code == 302
    report.refresh_from_db()
    assert report.narratives == {"assessment": "Cán bộ tận tình.", "tasks": "Duy trì mô hình."}
    today = timezone.localdate()
    assert (
        c.post(reverse("reports:issue", args=[report.pk]), {"issued_on": today.strftime("%d/%m/%Y")}).status_code == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED and report.number == "1/BC-UBND"
    assert report.figures["dossiers"]["received"]["total"] == 1 and report.pdf and report.docx
    assert AuditEntry.objects.filter(action="report.issue").count() == 1
    for fmt, kind in (("pdf", "application/pdf"), ("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")):
        answer = c.get(reverse("reports:file", args=[report.pk, fmt]))
        assert answer.status_code == 200 and kind in answer["Content-Type"]
    # an issued report never changes: editing is refused, issuing again is refused
    assert c.post(reverse("reports:edit", args=[report.pk]), edit).status_code == 302
    assert actions.ISSUERS and Report.objects.get(pk=report.pk).narratives == report.narratives
    c.post(reverse("reports:issue", args=[report.pk]), {"issued_on": today.strftime("%d/%m/%Y")})
    assert Report.objects.get(pk=report.pk).number == "1/BC-UBND"


def test_an_issued_report_shows_which_figures_changed_and_a_new_version(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    report = actions.issue_report(personas.leader_a, _draft(personas, assessment="Tốt."))
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 9, 9, 0))  # entered late, after issuing
    c = client_for(personas.leader_a)
    page = c.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Số liệu so với hiện nay" in page and "Tiếp nhận trong kỳ" in page and "+1" in page
    # the stored PDF is the one issued, not a new rendering
    stored = report.pdf.open("rb").read()
    assert c.get(reverse("reports:file", args=[report.pk, "pdf"])).content == stored
    answer = c.post(reverse("reports:new_version", args=[report.pk]))
    newer = Report.objects.exclude(pk=report.pk).get()
    assert answer.headers["Location"] == reverse("reports:detail", args=[newer.pk])
    assert (newer.version, newer.previous, newer.status, newer.narratives) == (
        2,
        report,
        "draft",
        {"assessment": "Tốt."},
    )
    issued = actions.issue_report(personas.leader_a, newer)
    assert issued.number == "2/BC-UBND" and issued.figures["dossiers"]["received"]["total"] == 2
    # only one newer version of a report
    c.post(reverse("reports:new_version", args=[report.pk]))
    assert Report.objects.count() == 2


def test_a_new_draft_starts_from_the_previous_report(personas: Personas) -> None:
    first = _draft(personas, assessment="Năm trước làm tốt.", proposals="Đề nghị cấp kinh phí.")
    actions.update_report(personas.leader_a, first, {"signer_name": "Lê Văn Hùng"})
    second = actions.create_report(personas.admin_a, personas.commune_a, dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert second.narratives == {"assessment": "Năm trước làm tốt.", "proposals": "Đề nghị cấp kinh phí."}
    assert second.signer_name == "Lê Văn Hùng"


def test_roles_and_scope(personas: Personas) -> None:
    report = _draft(personas)
    detail = reverse("reports:detail", args=[report.pk])
    assert client_for(personas.officer_b).get(detail).status_code == 404  # another commune's report does not exist
    assert client_for(personas.officer_a).get(detail).status_code == 200  # the commune's own staff read it
    assert client_for(personas.supervisor).get(detail).status_code == 200  # the district above reads it
    assert client_for(personas.other_supervisor).get(detail).status_code == 404
    # an officer neither edits nor issues; the administrator drafts but does not issue
    assert client_for(personas.officer_a).post(reverse("reports:edit", args=[report.pk]), {}).status_code == 403
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert (
        client_for(personas.admin_a).post(reverse("reports:issue", args=[report.pk]), {"issued_on": today}).status_code
        == 403
    )
    assert (
        client_for(personas.supervisor)
        .post(reverse("reports:issue", args=[report.pk]), {"issued_on": today})
        .status_code
        == 403
    )
    assert Report.objects.get(pk=report.pk).status == "draft"
    # the supervisor does not draft a commune's report
    answer = client_for(personas.supervisor).post(reverse("reports:list"), {"start": "01/01/2024", "end": "31/12/2024"})
    assert answer.status_code == 403 and Report.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("31/12/2024", "01/01/2024", "“Từ ngày” phải trước"),
        ("01/01/2024", "31/12/2099", "không được sau hôm nay"),
        ("32/01/2024", "31/12/2024", "Ngày"),
        ("", "", "Vui lòng nhập"),
        ("01/01/2001", "31/12/2024", "tối đa 10 năm"),
    ],
)
def test_bad_periods_are_refused_and_nothing_is_saved(personas: Personas, start: str, end: str, message: str) -> None:
    answer = client_for(personas.leader_a).post(reverse("reports:list"), {"start": start, "end": end})
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not Report.objects.exists()


def test_strange_input_never_gives_a_server_error(personas: Personas) -> None:
    report = _draft(personas)
    c = client_for(personas.leader_a)
    for url in (
        reverse("reports:detail", args=[10**18]),
        reverse("reports:file", args=[report.pk, "exe"]),
        reverse("reports:list") + "?page=-1",
        reverse("reports:list") + "?page=abc",
    ):
        assert c.get(url).status_code in (200, 404), url
    too_long = {"title": "x", "n_assessment": "a" * 20_001}
    answer = c.post(reverse("reports:edit", args=[report.pk]), too_long)
    assert answer.status_code == 200 and "dài quá 20000 ký tự" in answer.content.decode()
    assert Report.objects.get(pk=report.pk).narratives == {}
    future = (timezone.localdate() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    c.post(reverse("reports:issue", args=[report.pk]), {"issued_on": future})
    c.post(reverse("reports:issue", args=[report.pk]), {"issued_on": "không phải ngày"})
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_the_commune_replaces_its_word_form(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thanthien.reports.outputs import FORM

    c = client_for(personas.leader_a)
    assert c.get(reverse("reports:template")).status_code == 200
    assert c.get(reverse("reports:template_file")).content == FORM.read_bytes()
    bad = SimpleUploadedFile("mau.docx", b"not a docx")
    answer = c.post(reverse("reports:template"), {"file": bad})
    assert "không phải là tài liệu Word" in answer.content.decode()
    good = SimpleUploadedFile("mau.docx", FORM.read_bytes())
    assert c.post(reverse("reports:template"), {"file": good}).status_code == 302
    assert AuditEntry.objects.filter(action="report.template").exists()
    report = _draft(personas)
    assert c.get(reverse("reports:file", args=[report.pk, "docx"])).status_code == 200
    assert client_for(personas.officer_a).get(reverse("reports:template")).status_code == 403


def test_the_api_serves_the_report_json_and_the_issued_reports_scoped(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    issued = actions.issue_report(personas.leader_a, _draft(personas))
    c = client_for(personas.leader_a)
    data = c.get("/api/v1/reports/report", {"unit_code": "X16012", "from": "2024-01-01", "to": "2024-12-31"}).json()
    assert set(data) == {"unit", "from", "to", "sections", "figures"}
    assert data["figures"]["dossiers"]["received"]["total"] == 1
    assert (
        c.get("/api/v1/reports/report", {"unit_code": "X16015", "from": "2024-01-01", "to": "2024-12-31"}).status_code
        == 404
    )
    items = c.get("/api/v1/reports/issued").json()["items"]
    assert [i["number"] for i in items] == ["1/BC-UBND"]
    one = c.get(f"/api/v1/reports/issued/{issued.pk}").json()
    assert one["figures"]["dossiers"]["received"]["total"] == 1
    assert client_for(personas.officer_b).get(f"/api/v1/reports/issued/{issued.pk}").status_code == 404
    assert client_for(personas.officer_b).get("/api/v1/reports/issued").json()["items"] == []


def _form_with(text: str) -> bytes:
    """The shipped form with one more paragraph holding `text` (a tag a commune typed in Word)."""
    import io as _io

    from docx import Document

    from thanthien.reports.outputs import FORM

    document = Document(str(FORM))
    document.add_paragraph(text)
    out = _io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ 'x' * 30000000 }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        "{{ s.heading|upper }}",
        "{{ sections[0] }}",
    ],
)
def test_a_form_whose_tags_compute_is_refused_at_upload(personas: Personas, tag: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client_for(personas.leader_a).post(
        reverse("reports:template"), {"file": SimpleUploadedFile("mau.docx", _form_with(tag))}
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "phép tính, hàm và bộ lọc không được phép" in page or "lỗi cú pháp" in page
    from thanthien.reports.models import ReportTemplate

    assert not ReportTemplate.objects.exists()


def test_a_broken_own_form_gives_a_message_when_issuing_and_leaves_no_file(personas: Personas) -> None:
    from django.core.files.base import ContentFile

    from thanthien.reports.models import ReportTemplate

    # a form stored before the upload checks existed, whose tag cannot be filled
    own = ReportTemplate(unit=personas.commune_a)
    own.file.save("cu.docx", ContentFile(_form_with("{{ s.heading.missing.deeper }}{% for x in 5 %}{% endfor %}")))
    report = _draft(personas)
    c = client_for(personas.leader_a)
    answer = c.get(reverse("reports:file", args=[report.pk, "docx"]), follow=True)
    assert "Mẫu Word riêng của đơn vị không dùng được" in answer.content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    answer = c.post(reverse("reports:issue", args=[report.pk]), {"issued_on": today}, follow=True)
    assert "Mẫu Word riêng của đơn vị không dùng được" in answer.content.decode()
    report.refresh_from_db()
    assert report.status == "draft" and not report.pdf and not report.docx


def test_a_number_links_only_for_those_whose_role_opens_its_records(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    report = _draft(personas)
    detail = reverse("reports:detail", args=[report.pk])
    assert "/mot-cua/?" in client_for(personas.leader_a).get(detail).content.decode()
    page = client_for(personas.front_a).get(detail).content.decode()  # MTTQ does not open the dossier list
    assert "/mot-cua/?" not in page and "Tổng số hồ sơ đã tiếp nhận: <strong>1</strong>" in page
