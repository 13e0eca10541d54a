"""The receipt handed over at the desk: the Mẫu 01 heading, the appointment, the PIN and its QR, one A4 page."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.conftest import Personas, make_unit
from thanthien.lib.vn import nfc
from thanthien.onestop import receipt
from thanthien.onestop.models import Channel, Dossier, Procedure
from thanthien.org.models import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
A4_POINTS = (595.28, 841.89)
CODE = "X16012-261008-0975"
PIN = "K7QM"


def make_dossier(unit: Unit, officer: object = None, **extra: object) -> Dossier:
    values: dict[str, object] = {
        "unit": unit,
        "procedure": Procedure.objects.get(code="1.001193"),
        "code": CODE,
        "pin": PIN,
        "channel": Channel.DIRECT,
        "applicant_name": "Nguyễn Văn Án",
        "applicant_id_number": "038090012345",
        "applicant_phone": "0912345678",
        "applicant_address": "Thôn Đông, xã Hoằng Hợp, huyện Hoằng Hóa, tỉnh Thanh Hóa",
        "received_at": dt.datetime(2026, 10, 8, 8, 5, tzinfo=VN),
        "due_at": dt.datetime(2026, 10, 8, 17, 0, tzinfo=VN),
        "received_by": officer,
    }
    values.update(extra)
    return Dossier.objects.create(**values)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(nfc("\n".join(page.extract_text() for page in reader.pages)).split())


@pytest.fixture
def dossier(personas: Personas) -> Dossier:
    return make_dossier(personas.commune_a, personas.officer_a)


def test_the_receipt_prints_the_official_heading_and_the_appointment(dossier: Dossier) -> None:
    text = pdf_text(receipt.receipt_pdf(dossier))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "UBND HUYỆN HOẰNG HÓA",
        "UBND XÃ HOẰNG HỢP",
        f"Số: {CODE}",
        "Hoằng Hợp, ngày 08 tháng 10 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Bộ phận tiếp nhận và trả kết quả Xã Hoằng Hợp tiếp nhận hồ sơ của: Ông/Bà Nguyễn Văn Án",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh (mã thủ tục 1.001193)",
        "Số lượng hồ sơ: 01 bộ",
        "Thời gian giải quyết hồ sơ theo quy định: Trả trong ngày",
        "Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 08/10/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 08/10/2026",
        "Hình thức nộp hồ sơ: Trực tiếp",
        f"Mã tra cứu: {PIN}",
        "Quét mã để tra cứu tình trạng hồ sơ",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN",
        "Lê Thị Hoa",
    ]:
        assert expected in text, expected


def test_the_applicant_sees_their_own_details_in_full(dossier: Dossier) -> None:
    text = pdf_text(receipt.receipt_pdf(dossier))
    assert "038090012345" in text
    assert "0912345678" in text
    assert "Thôn Đông, xã Hoằng Hợp" in text


def test_papers_are_the_procedures_list_unless_the_desk_recorded_its_own(personas: Personas) -> None:
    default = make_dossier(personas.commune_a, personas.officer_a)
    assert receipt.receipt_context(default)["papers"] == default.procedure.papers()
    assert "Giấy chứng sinh hoặc giấy tờ thay thế" in pdf_text(receipt.receipt_pdf(default))

    own = make_dossier(
        personas.commune_a, code="X16012-261008-0976", papers="Tờ khai (bản chính)\n\n  Giấy chứng sinh (bản chính)  \n"
    )
    assert receipt.receipt_context(own)["papers"] == ["Tờ khai (bản chính)", "Giấy chứng sinh (bản chính)"]


def test_the_receipt_is_one_a4_page_with_the_qr_image(dossier: Dossier) -> None:
    reader = PdfReader(io.BytesIO(receipt.receipt_pdf(dossier)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (round(A4_POINTS[0], 1), round(A4_POINTS[1], 1))
    assert len(reader.pages[0].images) == 1


def test_a_long_list_of_papers_still_fits_on_one_page(personas: Personas) -> None:
    papers = "\n".join(f"Giấy tờ số {n}: bản sao có chứng thực kèm bản chính để đối chiếu" for n in range(1, 11))
    long = make_dossier(personas.commune_a, personas.officer_a, papers=papers, applicant_email="an@example.vn")
    from thanthien.onestop.actions import save_desk_setting

    save_desk_setting(None, personas.commune_a, phone="0237 3868 123")  # one more line under the QR box
    assert len(PdfReader(io.BytesIO(receipt.receipt_pdf(long))).pages) == 1


def test_the_qr_opens_the_public_lookup_with_code_and_pin(dossier: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[str] = []
    real = receipt.qr_png_data_uri

    def recording(data: str, **kwargs: int) -> str:
        encoded.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(receipt, "qr_png_data_uri", recording)

    context = receipt.receipt_context(dossier)

    expected = f"{settings.SITE_URL}/tra-cuu/?ma={CODE}&pin={PIN}"
    assert context["qr_url"] == expected
    assert encoded == [expected]
    assert context["qr_data_uri"].startswith("data:image/png;base64,")


def test_a_commune_after_2025_is_issued_under_its_province(personas: Personas) -> None:
    commune = make_unit("X26000", "Xã Hoằng Hóa", UnitKind.COMMUNE, personas.province, valid_from=dt.date(2025, 7, 1))
    context = receipt.receipt_context(make_dossier(commune))
    assert context["issuer_parent"] == "UBND TỈNH THANH HÓA"
    assert context["issuer"] == "UBND XÃ HOẰNG HÓA"
    assert context["officer_name"] == ""


def test_the_receipt_is_served_inline_under_its_code(dossier: Dossier) -> None:
    response = receipt.receipt_response(dossier)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'inline; filename="giay-hen-{CODE}.pdf"')
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


def test_the_receipt_opened_for_printing_asks_the_viewer_to_print(dossier: Dossier) -> None:
    """Issue 7, item 12: the frame on the dossier page right after intake opens the print dialog by itself."""
    plain = PdfReader(io.BytesIO(receipt.receipt_pdf(dossier)))
    printing = PdfReader(io.BytesIO(receipt.receipt_pdf(dossier, auto_print=True)))
    assert "/OpenAction" not in plain.trailer["/Root"]
    action = printing.trailer["/Root"]["/OpenAction"]
    assert action["/S"] == "/JavaScript" and "this.print(" in action["/JS"]


def test_intake_opens_the_dossier_page_with_the_receipt_printing(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    response = client.post(
        "/mot-cua/tiep-nhan/",
        {
            "procedure": Procedure.objects.get(code="1.001193").pk,
            "channel": "direct",
            "applicant_name": "Trần Thị Bình",
        },
    )
    code = Dossier.objects.get().code
    assert response.status_code == 302
    assert response["Location"] == f"/mot-cua/ho-so/{code}/?in-giay-hen=1"
    page = client.get(response["Location"]).content.decode()
    assert f'<iframe src="/mot-cua/ho-so/{code}/giay-hen.pdf?in-giay-hen=1"' in page
    pdf = client.get(f"/mot-cua/ho-so/{code}/giay-hen.pdf?in-giay-hen=1")
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert "/OpenAction" in PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]
    # Without the flag the page is as usual, and nobody else gets the printing frame.
    assert "<iframe" not in client.get(f"/mot-cua/ho-so/{code}/").content.decode()
    supervisor_page = personas.client(personas.supervisor).get(response["Location"]).content.decode()
    assert "<iframe" not in supervisor_page


def test_the_receipt_gives_the_desks_phone_once_the_commune_sets_it(dossier: Dossier) -> None:
    from thanthien.onestop.actions import save_desk_setting

    assert "Điện thoại Bộ phận một cửa" not in pdf_text(receipt.receipt_pdf(dossier))
    save_desk_setting(None, dossier.unit, phone="0237 3868 123")
    pdf = receipt.receipt_pdf(dossier)
    assert "Điện thoại Bộ phận một cửa: 0237 3868 123" in pdf_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
