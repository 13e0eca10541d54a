"""The sample THÔNG BÁO prints as an NĐ 30/2020 document: A4, Liberation Serif, every diacritic intact."""

from __future__ import annotations

import base64
import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from pypdf import PdfReader

from tests.conftest import Personas, make_user
from thanthien.documents.http import ascii_filename, content_disposition
from thanthien.documents.pdf import check_fonts, render_html, render_pdf
from thanthien.documents.qr import qr_png_data_uri, qr_svg
from thanthien.documents.samples import notice_context
from thanthien.lib.vn import nfc
from thanthien.org.models import Membership, Role, Unit

NOTICE_URL = "/tai-lieu/mau-thong-bao.pdf"
A4_POINTS = (595.28, 841.89)


def make_commune(name: str = "Xã Hoằng Hợp", parent: Unit | None = None) -> Unit:
    unit = Unit.objects.create(code="T1", name=name, kind="commune", parent=parent, path="/")
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Justified lines wrap anywhere: compare words, not line breaks.
    return " ".join(nfc(text).split())


def font_names(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"].get_object()
        for ref in resources["/Font"].get_object().values():
            base = str(ref.get_object()["/BaseFont"])
            names.add(base.lstrip("/").split("+")[-1])  # drop the subset tag "ABCDEF+"
    return names


@pytest.fixture
def notice_pdf(db: None) -> bytes:
    district = Unit.objects.create(code="H1", name="Huyện Hoằng Hóa", kind="district", path="/")
    district.path = f"/{district.pk}/"
    district.save(update_fields=["path"])
    unit = make_commune(parent=district)
    return render_pdf("documents/notice_sample.html", notice_context(unit, dt.date(2024, 11, 5)))


def test_the_notice_prints_the_national_heading_and_its_issuer(notice_pdf: bytes) -> None:
    text = pdf_text(notice_pdf)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND HUYỆN HOẰNG HÓA",
        "UBND XÃ HOẰNG HỢP",
        "Số: 15/TB-UBND",
        "Hoằng Hợp, ngày 05 tháng 11 năm 2024",
        "THÔNG BÁO",
        "Về việc công khai lịch tiếp công dân và số điện thoại của cán bộ, công chức",
    ]:
        assert expected in text, expected


def test_the_notice_body_keeps_every_diacritic(notice_pdf: bytes) -> None:
    text = pdf_text(notice_pdf)
    for expected in [
        "người dân",
        "Chủ tịch Ủy ban nhân dân xã",
        "tiếp công dân",
        "ngày 10 và ngày 20 hằng tháng",
        "ít nhất 01 ngày trong mỗi tuần",
        "“5 biết, 3 không, 4 thể hiện”",
        "Ủy ban nhân dân xã Hoằng Hợp",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lưu: VT.",
    ]:
        assert expected in text, expected


def test_the_notice_is_a4(notice_pdf: bytes) -> None:
    box = PdfReader(io.BytesIO(notice_pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_POINTS[0], abs=1)
    assert float(box.height) == pytest.approx(A4_POINTS[1], abs=1)


def test_the_notice_is_set_in_liberation_serif_only(notice_pdf: bytes) -> None:
    # A fallback font here would mean some Vietnamese letter was missing from Liberation Serif.
    names = font_names(notice_pdf)
    assert names
    assert all(name.replace("-", "").startswith("LiberationSerif") for name in names), names


def test_the_installed_fonts_cover_vietnamese() -> None:
    assert check_fonts() == []
    deploy_messages = run_checks(include_deployment_checks=True)
    assert [m for m in deploy_messages if (m.id or "").startswith("documents.")] == []


@pytest.mark.django_db
def test_the_notice_lists_the_staff_phones_and_is_signed_by_the_chairman() -> None:
    unit = make_commune()
    chairman = make_user("chu_tich", Role.LEADER, unit, "Lê Văn Hùng")
    Membership.objects.filter(user=chairman).update(title="Chủ tịch UBND xã", phone="0912 345 678")
    officer = make_user("mot_cua", Role.ONESTOP_OFFICER, unit, "Nguyễn Thị Đào")
    Membership.objects.filter(user=officer).update(phone="0987 654 321")

    context = notice_context(unit, dt.date(2025, 1, 2))
    text = pdf_text(render_pdf("documents/notice_sample.html", context))

    assert [row["name"] for row in context["staff"]] == ["Lê Văn Hùng", "Nguyễn Thị Đào"]
    assert "Hoằng Hợp, ngày 02 tháng 01 năm 2025" in text
    assert "Nguyễn Thị Đào Công chức Một cửa 0987 654 321" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Văn Hùng" in text


def test_decomposed_input_comes_out_composed() -> None:
    # As macOS or some Word documents hand it over: base letters followed by combining marks.
    decomposed = unicodedata.normalize("NFD", "Xã Hoằng Hợp")
    html = render_html("documents/official.html", {"issuer": "UBND " + decomposed})
    assert "UBND XÃ HOẰNG HỢP" in html
    assert unicodedata.normalize("NFD", "Ợ") not in html


def test_a_blank_document_prints_dotted_placeholders() -> None:
    text = pdf_text(render_pdf("documents/official.html", {}))
    assert "ngày …… tháng …… năm ……" in text
    assert "Số: ……" in text


# --- the download ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    response = client.get(NOTICE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_an_official_gets_the_notice_of_their_own_commune(personas: Personas) -> None:
    response = personas.client(personas.officer_a).get(NOTICE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; ")
    assert "filename*=UTF-8''Th%C3%B4ng%20b%C3%A1o" in response["Content-Disposition"]
    assert "UBND XÃ HOẰNG HỢP" in pdf_text(response.content)


def test_a_system_administrator_sees_the_layout_with_some_unit(personas: Personas) -> None:
    response = personas.client(personas.sysadmin).get(NOTICE_URL)
    assert response.status_code == 200
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(response.content)


@pytest.mark.django_db
def test_without_any_unit_the_notice_is_not_found(client: Any) -> None:
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", "root@example.vn", "x"))
    assert client.get(NOTICE_URL).status_code == 404


# --- helpers -------------------------------------------------------------------------------------------


def test_the_download_name_has_an_ascii_fallback_and_the_exact_vietnamese_name() -> None:
    header = content_disposition("Báo cáo sơ kết Đợt 1.pdf")
    assert header == (
        'attachment; filename="Bao-cao-so-ket-Dot-1.pdf"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20s%C6%A1%20k%E1%BA%BFt%20%C4%90%E1%BB%A3t%201.pdf"
    )
    assert ascii_filename('"; evil=1') == "evil-1"


def test_qr_codes_come_as_inline_svg_and_as_png_data_uri() -> None:
    assert qr_svg("https://thanthien.example/tra-cuu?ma=X16012-241105-0001").startswith("<svg")
    assert qr_png_data_uri("X16012-241105-0001").startswith("data:image/png;base64,")


def test_a_qr_code_can_be_printed_in_a_pdf_but_local_files_are_not_read(tmp_path: Path) -> None:
    from thanthien.documents.pdf import html_to_pdf

    data_uri = qr_png_data_uri("abc")
    local = tmp_path / "secret.png"
    local.write_bytes(base64.b64decode(data_uri.partition(",")[2]))
    html = f'<img src="{data_uri}"><img src="{local.as_uri()}">'

    images = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].images
    assert len(images) == 1
