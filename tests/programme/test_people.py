"""The people of the model (issue 11 items 4 and 5): the commitment's text and versions, officials and their phone
choice, signatures and their date rules, who has not signed, activities per kind and their totals, the public
directory, and the scoping of every page (another commune: 404; a supervisor reads only)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.programme import actions_people as actions
from thanthien.programme import views_people
from thanthien.programme.models import Activity, ActivityKind, CommitmentSignature, CommitmentText, Official

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DOMAIN_TEXT = (
    "5 biết: biết nghe dân nói; biết nói dân hiểu; biết làm dân tin; biết xin lỗi; biết cảm ơn.\n"
    "3 không: không phiền hà, sách nhiễu; không né tránh trách nhiệm; không trễ hẹn trong quá trình xử lý công việc.\n"
    "4 thể hiện: tôn trọng trong giao tiếp; văn minh, văn hóa, lịch sự trong giải quyết công việc; lắng nghe đầy đủ, "
    "hướng dẫn tận tình quy trình xử lý công việc; gần gũi, giải thích cặn kẽ những thắc mắc của người dân."
)


@pytest.fixture(autouse=True)
def _media(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def official(p: Personas, name: str = "Nguyễn Văn An", unit: object = None, **extra: object) -> Official:
    data = {"full_name": name, "position": "Công chức Tư pháp – Hộ tịch", "desk": "Quầy 2", **extra}
    return actions.create_official(p.sysadmin if unit else p.leader_a, unit or p.commune_a, data)  # type: ignore[arg-type]


# --- the commitment text ---------------------------------------------------------------------------------------------


def test_the_text_is_domain_section_6_word_for_word_and_created_once(personas: Personas) -> None:
    first = actions.ensure_commitment_text()
    again = actions.ensure_commitment_text()
    assert first.pk == again.pk and CommitmentText.objects.count() == 1
    assert first.body == DOMAIN_TEXT and first.version == 1 and first.unit is None
    assert first.title == "Cam kết “5 biết, 3 không, 4 thể hiện”"
    page = personas.client(personas.officer_a).get(reverse("programme:commitments")).content.decode()
    for line in DOMAIN_TEXT.splitlines():
        assert line in page


def test_a_commune_adopts_a_new_version_and_keeps_the_old(personas: Personas) -> None:
    a = official(personas)
    actions.record_signature(personas.leader_a, a, TODAY - dt.timedelta(days=30))
    start = TODAY - dt.timedelta(days=5)
    data = {
        "title": "Cam kết 5 biết, 3 không, 4 thể hiện (sửa đổi)",
        "body": DOMAIN_TEXT + "\nBổ sung.",
        "valid_from": start,
    }
    with pytest.raises(PermissionDenied):
        actions.adopt_text(personas.supervisor, personas.commune_a, data)
    with pytest.raises(ValidationError, match="phải sau"):
        actions.adopt_text(personas.leader_a, personas.commune_a, {**data, "valid_from": dt.date(2020, 1, 1)})
    text = actions.adopt_text(personas.leader_a, personas.commune_a, data)
    assert text.version == 2 and actions.current_text(personas.commune_a) == text
    assert actions.current_text(personas.commune_b).version == 1  # the other commune keeps the nationwide text
    assert CommitmentText.objects.count() == 2 and a.signatures.get().text.version == 1
    assert list(actions.not_signed(personas.commune_a)) == [a]  # the new version is signed anew
    with pytest.raises(ValidationError, match="trước ngày áp dụng"):
        actions.record_signature(personas.leader_a, a, start - dt.timedelta(days=1))
    actions.record_signature(personas.leader_a, a, start)
    assert not actions.not_signed(personas.commune_a).exists()


# --- officials -------------------------------------------------------------------------------------------------------


def test_official_phone_is_a_vietnamese_phone(personas: Personas) -> None:
    a = official(personas, phone="+84 912 345 678", show_phone=True)
    assert a.phone == "0912345678"
    with pytest.raises(ValidationError) as err:
        official(personas, "Lê Thị Bình", phone="12345")
    assert "phone" in err.value.message_dict
    with pytest.raises(ValidationError, match="Chưa có số điện thoại"):
        official(personas, "Lê Thị Bình", show_phone=True)
    with pytest.raises(PermissionDenied):
        actions.create_official(personas.front_a, personas.commune_a, {"full_name": "X", "position": "Y"})
    with pytest.raises(ValidationError, match="không thuộc xã"):
        official(personas, "Lê Thị Bình", user=personas.officer_b)


def test_the_official_or_a_writer_chooses_the_phone_and_nobody_else(personas: Personas) -> None:
    own = official(personas, "Lê Thị Hoa", phone="0912345678", user=personas.officer_a)
    other = official(personas, "Vũ Văn Nam", phone="0987654321")
    assert actions.set_show_phone(personas.officer_a, own, True).show_phone
    with pytest.raises(PermissionDenied):
        actions.set_show_phone(personas.officer_a, other, True)
    with pytest.raises(PermissionDenied):
        actions.set_show_phone(personas.supervisor, other, True)
    assert actions.set_show_phone(personas.admin_a, other, True).show_phone
    client = personas.client(personas.officer_a)
    response = client.post(reverse("programme:official_phone", args=[own.pk]), {"show_phone": "0"})
    assert response.status_code == 302 and not Official.objects.get(pk=own.pk).show_phone
    assert client.post(reverse("programme:official_phone", args=[other.pk]), {"show_phone": "0"}).status_code == 403
    assert AuditEntry.objects.filter(action="programme.official.phone").count() == 3


def test_officials_pages_and_forms(personas: Personas) -> None:
    client = personas.client(personas.leader_a)
    url = reverse("programme:official_create") + "?unit=X16012"
    bad = client.post(url, {"full_name": "", "position": "Chủ tịch UBND xã", "phone": "abc", "unit": "X16012"})
    assert bad.status_code == 200 and "Vui lòng nhập họ và tên." in bad.content.decode()
    ok = client.post(
        url, {"full_name": "Trần Văn Dũng", "position": "Chủ tịch UBND xã", "phone": "0912 345 673", "active": "on"}
    )
    assert ok.status_code == 302
    created = Official.objects.get()
    assert created.phone == "0912345673" and created.active and created.unit == personas.commune_a
    edit = reverse("programme:official_edit", args=[created.pk])
    assert client.post(edit, {"full_name": "Trần Văn Dũng", "position": "Chủ tịch UBND xã", "phone": "0912345673"})
    assert not Official.objects.get().active  # the box left unticked: no longer in office
    listing = client.get(reverse("programme:officials")).content.decode()
    assert "Trần Văn Dũng" in listing and "Đã nghỉ, chuyển công tác" in listing


# --- signatures ------------------------------------------------------------------------------------------------------


def test_signature_date_rules(personas: Personas) -> None:
    a = official(personas)
    with pytest.raises(ValidationError, match="tương lai"):
        actions.record_signature(personas.leader_a, a, TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="trước ngày áp dụng"):
        actions.record_signature(personas.leader_a, a, actions.NATIONWIDE_FROM - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        actions.record_signature(personas.supervisor, a, TODAY)
    with pytest.raises(PermissionDenied):
        actions.record_signature(personas.front_a, a, TODAY)
    signature = actions.record_signature(personas.leader_a, a, actions.NATIONWIDE_FROM)
    assert signature.signed_on == actions.NATIONWIDE_FROM
    with pytest.raises(ValidationError, match="đã ký"):
        actions.record_signature(personas.admin_a, a, TODAY)
    gone = official(personas, "Lê Văn Cũ", active=False)
    with pytest.raises(ValidationError, match="không còn công tác"):
        actions.record_signature(personas.leader_a, gone, TODAY)
    assert CommitmentSignature.objects.count() == 1


def test_scan_is_checked_by_its_first_bytes_and_size(personas: Personas) -> None:
    a, b, c = official(personas), official(personas, "Lê Thị Bình"), official(personas, "Phạm Văn Cường")
    fake = SimpleUploadedFile("ban-ky.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, ảnh JPEG hoặc PNG"):
        actions.record_signature(personas.leader_a, a, TODAY, scan=fake)
    big = SimpleUploadedFile("to.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError, match="10 MB"):
        actions.record_signature(personas.leader_a, a, TODAY, scan=big)
    assert not CommitmentSignature.objects.exists()
    pdf = SimpleUploadedFile("x.exe", b"%PDF-1.4\n%%EOF\n", content_type="application/octet-stream")
    signed = actions.record_signature(personas.leader_a, a, TODAY, scan=pdf)
    assert signed.scan.name.endswith(".pdf") and "x.exe" not in signed.scan.name
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, format="PNG")
    assert actions.record_signature(personas.leader_a, b, TODAY, scan=SimpleUploadedFile("a", png.getvalue())).scan
    assert not actions.record_signature(personas.leader_a, c, TODAY).scan
    client = personas.client(personas.officer_a)
    response = client.get(reverse("programme:signature_scan", args=[signed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        personas.client(personas.officer_b).get(reverse("programme:signature_scan", args=[signed.pk])).status_code
        == 404
    )


def test_the_not_signed_list_page_panel_and_print(personas: Personas) -> None:
    a, b = official(personas, "Nguyễn Văn An"), official(personas, "Lê Thị Bình")
    official(personas, "Hoàng Văn Nghỉ", active=False)  # no longer in office: not asked to sign
    actions.record_signature(personas.leader_a, a, TODAY)
    assert list(actions.not_signed(personas.commune_a)) == [b]
    page = personas.client(personas.officer_a).get(reverse("programme:commitments")).content.decode()
    missing = page.split('data-testid="not-signed"')[1].split("</ul>")[0]
    assert "Lê Thị Bình" in missing and "Nguyễn Văn An" not in missing and "Hoàng Văn Nghỉ" not in missing
    assert "Đã ký: 1 / 2" in page
    request = RequestFactory().get("/")
    request.user = personas.leader_a
    panel = views_people.home_panel(request)
    assert panel is not None and panel["items"] == [("Cán bộ chưa ký cam kết", 1, "/mo-hinh/cam-ket/?unit=X16012")]
    request.user = personas.officer_a
    assert views_people.home_panel(request) is None
    Official.objects.filter(unit=personas.commune_a).update(active=False)
    request.user = personas.admin_a
    assert views_people.home_panel(request) is None  # nobody in office recorded: nothing to remind
    pdf = personas.client(personas.leader_a).get(reverse("programme:commitment_unsigned_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_recording_a_signature_through_the_page(personas: Personas) -> None:
    a = official(personas)
    client = personas.client(personas.leader_a)
    url = reverse("programme:commitment_sign")
    future = (TODAY + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    refused = client.post(url, {"unit": "X16012", "official": a.pk, "signed_on": future})
    assert refused.status_code == 400 and "Ngày ký không được ở tương lai." in refused.content.decode()
    assert (
        client.post(url, {"unit": "X16012", "official": a.pk, "signed_on": TODAY.strftime("%d/%m/%Y")}).status_code
        == 302
    )
    assert a.signatures.get().signed_on == TODAY
    assert personas.client(personas.supervisor).post(url, {"unit": "X16012", "official": a.pk}).status_code == 403


# --- activities ------------------------------------------------------------------------------------------------------


def activity(p: Personas, kind: str, day: dt.date = TODAY, **extra: object) -> Activity:
    return actions.record_activity(
        p.front_a, p.commune_a, {"kind": kind, "held_on": day, "title": "Tuyên truyền", **extra}
    )


@pytest.mark.parametrize(
    ("kind", "extra", "field"),
    [
        (ActivityKind.MEETING, {}, "attendees"),
        (ActivityKind.TRAINING, {}, "attendees"),
        (ActivityKind.MEETING, {"attendees": -1}, "attendees"),
        (ActivityKind.ARTICLE, {"link": "https://baothanhhoa.vn/a"}, "outlet"),
        (ActivityKind.ARTICLE, {"outlet": "Báo Thanh Hóa", "link": "javascript:alert(1)"}, "link"),
        (ActivityKind.WEBSITE_POST, {"link": "ftp://xa.gov.vn/bai"}, "link"),
        ("party", {}, "kind"),
        (ActivityKind.BROADCAST, {"title": " "}, "title"),
        (ActivityKind.BROADCAST, {"held_on": TODAY + dt.timedelta(days=1)}, "held_on"),
    ],
)
def test_activity_validation_per_kind(personas: Personas, kind: str, extra: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        activity(personas, kind, **extra)
    assert field in err.value.message_dict
    assert not Activity.objects.exists()


def test_activity_kinds_keep_their_own_fields(personas: Personas) -> None:
    meeting = activity(personas, ActivityKind.MEETING, attendees=0, outlet="không dùng", link="https://x.vn")
    assert meeting.attendees == 0 and meeting.outlet == "" and meeting.link == ""
    article = activity(
        personas, ActivityKind.ARTICLE, outlet="Báo Thanh Hóa", link="https://baothanhhoa.vn/a", attendees=5
    )
    assert article.attendees is None and article.outlet == "Báo Thanh Hóa"
    assert activity(personas, ActivityKind.LAUNCH).attendees is None
    with pytest.raises(PermissionDenied):
        actions.record_activity(
            personas.officer_a, personas.commune_a, {"kind": "broadcast", "held_on": TODAY, "title": "Loa"}
        )
    with pytest.raises(PermissionDenied):
        actions.record_activity(
            personas.supervisor, personas.commune_a, {"kind": "broadcast", "held_on": TODAY, "title": "Loa"}
        )


def test_activity_photo_loses_its_location(personas: Personas) -> None:
    image = Image.new("RGB", (40, 30), (10, 120, 10))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (20.0, 49.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    photo = SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")
    saved = actions.record_activity(
        personas.front_a,
        personas.commune_a,
        {"kind": "meeting", "held_on": TODAY, "title": "Hội nghị", "attendees": 40},
        photo,
    )
    with saved.photo.open("rb") as handle, Image.open(handle) as stored:
        assert not stored.getexif()
    kept = actions.update_activity(personas.front_a, saved, {"title": "Hội nghị thôn 3"}, photo=False)
    assert kept.photo.name == saved.photo.name and kept.title == "Hội nghị thôn 3"
    with pytest.raises(ValidationError, match="JPEG, PNG hoặc WebP"):
        actions.clean_photo(SimpleUploadedFile("a.jpg", b"%PDF-1.4 not an image"))
    with pytest.raises(ValidationError, match="5 MB"):
        actions.clean_photo(SimpleUploadedFile("a.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024)))
    assert (
        personas.client(personas.officer_a).get(reverse("programme:activity_photo", args=[saved.pk])).status_code == 200
    )
    assert (
        personas.client(personas.officer_b).get(reverse("programme:activity_photo", args=[saved.pk])).status_code == 404
    )


def test_totals_equal_a_hand_count_and_link_to_the_filtered_list(personas: Personas) -> None:
    year = TODAY.year
    start = dt.date(year, 1, 1)
    activity(personas, ActivityKind.MEETING, start, attendees=40)
    activity(personas, ActivityKind.MEETING, TODAY, attendees=65)
    activity(personas, ActivityKind.MEETING, start - dt.timedelta(days=1), attendees=1000)  # last year: not counted
    activity(personas, ActivityKind.TRAINING, TODAY, attendees=25)
    activity(personas, ActivityKind.BROADCAST, TODAY)
    activity(personas, ActivityKind.BROADCAST, start)
    activity(personas, ActivityKind.BROADCAST, start)
    activity(personas, ActivityKind.ARTICLE, TODAY, outlet="Báo Thanh Hóa")
    activity(personas, ActivityKind.WEBSITE_POST, TODAY, link="https://xa.gov.vn/tin")
    b = {"kind": "meeting", "held_on": TODAY, "title": "Hội nghị xã B", "attendees": 7}
    actions.record_activity(personas.sysadmin, personas.commune_b, b)  # another commune: not counted
    in_year = Activity.objects.filter(unit=personas.commune_a, held_on__gte=start, held_on__lte=TODAY)
    totals = actions.activity_totals(in_year)
    assert totals == actions.ActivityTotals(
        meetings=2, attendees=105, broadcasts=3, articles=1, website_posts=1, trainings=1, trainees=25, launches=0
    )
    client = personas.client(personas.officer_a)
    page = client.get(reverse("programme:activities")).content.decode()
    figures = page.split('data-testid="activity-totals"')[1].split("</ul>")[0]
    assert "Lượt người dự hội nghị</a>: <strong>105</strong>" in figures
    assert "Lượt phát thanh</a>: <strong>3</strong>" in figures
    assert "kind=broadcast" in figures and f"from=01%2F01%2F{year}" in figures
    filtered = client.get(reverse("programme:activities"), {"kind": "broadcast", "from": f"01/01/{year}"})
    assert filtered.context["page_obj"].paginator.count == 3
    bad = client.get(reverse("programme:activities"), {"from": "32/13/2026"}).content.decode()
    assert "không hợp lệ" in bad


def test_activity_form_per_kind(personas: Personas) -> None:
    client = personas.client(personas.front_a)
    url = reverse("programme:activity_create")
    day = TODAY.strftime("%d/%m/%Y")
    refused = client.post(url, {"unit": "X16012", "kind": "article", "held_on": day, "title": "Tin bài"})
    assert refused.status_code == 200 and "Vui lòng ghi cơ quan báo chí" in refused.content.decode()
    made = client.post(
        url, {"unit": "X16012", "kind": "training", "held_on": day, "title": "Tập huấn", "attendees": "30"}
    )
    assert made.status_code == 302
    saved = Activity.objects.get()
    edit = reverse("programme:activity_edit", args=[saved.pk])
    assert (
        client.post(
            edit, {"kind": "training", "held_on": day, "title": "Tập huấn kỹ năng", "attendees": "31"}
        ).status_code
        == 302
    )
    assert Activity.objects.get().attendees == 31


# --- scoping ---------------------------------------------------------------------------------------------------------


def test_another_commune_is_not_found_and_a_supervisor_only_reads(personas: Personas) -> None:
    a = official(personas, phone="0912345678")
    meeting = activity(personas, ActivityKind.MEETING, attendees=10)
    other = personas.client(personas.officer_b)
    for name, args in (("official_phone", [a.pk]), ("activity_photo", [meeting.pk])):
        assert other.post(reverse(f"programme:{name}", args=args)).status_code in (404, 405)
    assert other.get(reverse("programme:officials") + "?unit=X16012").status_code == 404
    assert other.get(reverse("programme:activities") + "?unit=X16012").status_code == 404
    assert other.get(reverse("programme:commitments") + "?unit=X16012").status_code == 404
    assert "Nguyễn Văn An" not in other.get(reverse("programme:officials")).content.decode()
    assert (
        personas.client(personas.other_supervisor).get(reverse("programme:officials") + "?unit=X16012").status_code
        == 404
    )
    sup = personas.client(personas.supervisor)
    page = sup.get(reverse("programme:officials") + "?unit=X16012")
    assert page.status_code == 200 and "Nguyễn Văn An" in page.content.decode()
    assert "0912345678" not in page.content.decode()  # a phone the official did not make public stays in the commune
    assert "0912345678" in personas.client(personas.officer_a).get(reverse("programme:officials")).content.decode()
    assert "Thêm cán bộ" not in page.content.decode()
    assert sup.get(reverse("programme:activities") + "?unit=X16012").status_code == 200
    assert sup.get(reverse("programme:commitments") + "?unit=X16012").status_code == 200
    assert sup.get(reverse("programme:official_create") + "?unit=X16012").status_code == 403
    assert sup.get(reverse("programme:official_edit", args=[a.pk])).status_code == 403
    assert sup.get(reverse("programme:activity_edit", args=[meeting.pk])).status_code == 403
    assert sup.post(reverse("programme:official_phone", args=[a.pk]), {"show_phone": "1"}).status_code == 403
    front = personas.client(personas.front_a)
    assert front.get(reverse("programme:activity_edit", args=[meeting.pk])).status_code == 200
    assert front.get(reverse("programme:official_create")).status_code == 403


# --- the public directory --------------------------------------------------------------------------------------------


def test_the_public_directory(personas: Personas) -> None:
    shown = official(personas, "Nguyễn Văn An", phone="0912345678", show_phone=True, user=personas.officer_a)
    official(personas, "Lê Thị Bình", phone="0987654321", show_phone=False)
    official(personas, "Hoàng Văn Nghỉ", phone="0977111222", show_phone=True, active=False)
    official(personas, "Vũ Thị Mai", unit=personas.commune_b)
    actions.record_signature(personas.leader_a, shown, TODAY)
    response = personas.client(None).get("/can-bo-xa/X16012/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in html and "0912345678" in html and "Lê Thị Bình" in html
    assert "0987654321" not in html and "098 765 4321" not in html
    assert "Hoàng Văn Nghỉ" not in html and "0977111222" not in html and "Vũ Thị Mai" not in html
    assert html.count("Đã ký cam kết") == 1
    assert "officer_a" not in html and "@" not in html.split("<main")[1]
    assert "no-store" not in response.get("Cache-Control", "")  # a public page, like the reception schedule
    assert personas.client(None).get("/can-bo-xa/KHONGCO/").status_code == 404
    assert personas.client(None).get("/can-bo-xa/T38/").status_code == 404  # a province has no directory
