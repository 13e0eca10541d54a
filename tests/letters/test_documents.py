"""Printing letters: each kind as a PDF in the NĐ 30/2020 layout (text extracted, diacritics exact), a draft that
cannot pass for a signed letter, a batch as one PDF, the DOCX, and who may print what."""

from __future__ import annotations

import datetime as dt
import io
import time
from typing import Any

import docx
import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.civil.models import CivilEvent, EventKind
from thanthien.engagement.models import Contribution
from thanthien.letters import actions, documents, texts
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.lib.vn import long_date, nfc
from thanthien.org.models import Unit

A4_POINTS = (595.28, 841.89)

RECIPIENTS = {
    LetterKind.APOLOGY: ("Ông", "Nguyễn Văn Án"),
    LetterKind.THANKS: ("Bà", "Phạm Thị Hương"),
    LetterKind.CONGRATULATION: ("Ông/Bà", "Lê Văn Hùng"),
    LetterKind.CONDOLENCE: ("Gia đình", "Trần Văn Tư"),
}
SYMBOLS = {
    LetterKind.APOLOGY: "TXL-UBND",
    LetterKind.THANKS: "TCO-UBND",
    LetterKind.CONGRATULATION: "TCM-UBND",
    LetterKind.CONDOLENCE: "TCB-UBND",
}
PHRASES = {
    LetterKind.APOLOGY: [
        "gây phiền hà cho Ông; Ủy ban nhân dân xã Hoằng Hợp chân thành xin lỗi Ông",
        "Do hồ sơ cần xác minh thêm nguồn gốc thửa đất",
        "hẹn lại Ông đến nhận kết quả vào 16:00 Thứ Ba 15/10/2024",
        "V/v chậm trả kết quả giải quyết hồ sơ và hẹn lại ngày trả kết quả",
    ],
    LetterKind.THANKS: [
        "chân thành cảm ơn Bà Phạm Thị Hương đã quan tâm",
        "“đề nghị bố trí thêm ghế chờ và nước uống tại Bộ phận Một cửa”",
        "“Chính quyền thân thiện, vì Nhân dân phục vụ”",
    ],
    LetterKind.CONGRATULATION: [
        "đón cháu Lê Minh Khôi chào đời ngày 28/10/2024",
        "Chúc cháu luôn khỏe mạnh, ngoan ngoãn",
    ],
    LetterKind.CONDOLENCE: [
        "vô cùng thương tiếc được tin Cụ bà Trần Thị Nhàn đã từ trần ngày 02/11/2024",
        "Gia đình Trần Văn Tư cùng toàn thể tang quyến lời chia buồn sâu sắc nhất",
        "Thành kính phân ưu!",
    ],
}


# --- building letters -----------------------------------------------------------------------------


def make_letter(unit: Unit, kind: str, **extra: Any) -> Letter:
    """A draft of `kind` for a real subject: a late dossier, a contribution, a birth, a death."""
    honorific, name = RECIPIENTS[LetterKind(kind)]
    values: dict[str, Any] = {
        "unit": unit,
        "kind": kind,
        "owed_on": dt.date(2024, 11, 5),
        "honorific": honorific,
        "recipient_name": name,
        "recipient_address": "Thôn Đông, xã Hoằng Hợp, huyện Hoằng Hóa, tỉnh Thanh Hóa",
    }
    if kind == LetterKind.APOLOGY:
        dossier = make_dossier(unit, "1.004873", applicant_name=name, received_at=vn(2024, 10, 7, 9, 0))
        values |= {
            "subject_type": SubjectType.DOSSIER,
            "subject_id": str(dossier.pk),
            "dossier": dossier,
            "reason": "hồ sơ cần xác minh thêm nguồn gốc thửa đất",
            "new_appointment_at": vn(2024, 10, 15, 16, 0),
        }
    elif kind == LetterKind.THANKS:
        contribution = Contribution.objects.create(
            unit=unit,
            contributor_name=name,
            summary="đề nghị bố trí thêm ghế chờ và nước uống tại Bộ phận Một cửa",
            received_on=dt.date(2024, 11, 1),
        )
        values |= {"subject_type": SubjectType.CONTRIBUTION, "subject_id": str(contribution.pk)}
    else:
        birth = kind == LetterKind.CONGRATULATION
        event = CivilEvent.objects.create(
            unit=unit,
            kind=EventKind.BIRTH if birth else EventKind.DEATH,
            registered_on=dt.date(2024, 11, 4),
            event_date=dt.date(2024, 10, 28) if birth else dt.date(2024, 11, 2),
            person_name="Lê Minh Khôi" if birth else "Trần Thị Nhàn",
            person_title="" if birth else "Cụ bà",
            contact_name=name,
        )
        values |= {"subject_type": SubjectType.CIVIL_EVENT, "subject_id": str(event.pk), "civil_event": event}
    values |= extra
    return Letter.objects.create(**values)


def approved_letter(personas: Personas, kind: str, unit: Unit | None = None) -> Letter:
    letter = make_letter(unit or personas.commune_a, kind)
    return actions.approve(personas.leader_a, letter)


def pdf_pages(pdf: bytes) -> list[str]:
    return [" ".join(nfc(page.extract_text()).split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return " ".join(nfc("\n".join(parts)).split())


# --- the PDF of each kind -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(LetterKind))
def test_an_approved_letter_prints_in_the_official_layout(personas: Personas, kind: LetterKind) -> None:
    letter = approved_letter(personas, kind)
    pdf = documents.letter_pdf(letter)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == pytest.approx(
        A4_POINTS, abs=0.5
    )
    text = pdf_text(pdf)
    honorific, name = RECIPIENTS[kind]
    for expected in [
        "UBND HUYỆN HOẰNG HÓA",
        "UBND XÃ HOẰNG HỢP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: 1/{SYMBOLS[kind]}",
        f"Hoằng Hợp, {long_date(timezone.localdate())}",
        texts.TITLES[kind],
        f"Kính gửi: {honorific} {name}",
        "Địa chỉ: Thôn Đông, xã Hoằng Hợp, huyện Hoằng Hóa, tỉnh Thanh Hóa",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Văn Dũng",
        "Nơi nhận: - Như trên; - Lưu: VT.",
        *PHRASES[kind],
    ]:
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_the_titles_keep_their_exact_diacritics(personas: Personas) -> None:
    titles = {kind: pdf_text(documents.letter_pdf(approved_letter(personas, kind))) for kind in LetterKind}
    assert "THƯ XIN LỖI" in titles[LetterKind.APOLOGY]
    assert "THƯ CẢM ƠN" in titles[LetterKind.THANKS]
    assert "THƯ CHÚC MỪNG" in titles[LetterKind.CONGRATULATION]
    assert "THƯ CHIA BUỒN" in titles[LetterKind.CONDOLENCE]
    # Stored NFC, extracted NFC: no letter came out as base letter + combining mark.
    assert all(text == nfc(text) for text in titles.values())


def test_a_draft_is_marked_and_carries_no_number_or_date(personas: Personas) -> None:
    letter = make_letter(personas.commune_a, LetterKind.CONGRATULATION)
    text = pdf_text(documents.letter_pdf(letter))
    assert "DỰ THẢO" in text
    assert "Số: /TCM-UBND" in text
    assert "Hoằng Hợp, ngày …… tháng …… năm ……" in text
    assert "đón cháu Lê Minh Khôi chào đời" in text  # the unit's wording, rendered for the draft


def test_a_deputy_signs_for_the_chairman(personas: Personas) -> None:
    letter = approved_letter(personas, LetterKind.THANKS)
    Letter.objects.filter(pk=letter.pk).update(signer_title="Phó Chủ tịch")
    letter.refresh_from_db()
    text = pdf_text(documents.letter_pdf(letter))
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text


def test_the_commune_title_and_wording_are_used_for_drafts(personas: Personas) -> None:
    actions.save_template(
        personas.admin_a,
        personas.commune_a,
        LetterKind.THANKS,
        "Thư cảm ơn và ghi nhận",
        "Xin cảm ơn {{ honorific }} {{ recipient_name }} về góp ý “{{ contribution }}”.\nTrân trọng!",
    )
    letter = make_letter(personas.commune_a, LetterKind.THANKS)
    text = pdf_text(documents.letter_pdf(letter))
    assert "THƯ CẢM ƠN VÀ GHI NHẬN" in text
    assert "Xin cảm ơn Bà Phạm Thị Hương về góp ý “đề nghị bố trí thêm ghế chờ" in text


# --- batch ----------------------------------------------------------------------------------------


def test_a_batch_is_one_pdf_with_each_letter_on_its_own_page(personas: Personas) -> None:
    letters = [approved_letter(personas, kind) for kind in LetterKind]
    letters.append(make_letter(personas.commune_a, LetterKind.APOLOGY, reason="", new_appointment_at=None))
    pages = pdf_pages(documents.letters_batch_pdf(letters))
    assert len(pages) == len(letters)
    for page, kind in zip(pages, LetterKind, strict=False):
        assert texts.TITLES[kind] in page
        assert f"Số: 1/{SYMBOLS[kind]}" in page
        assert "DỰ THẢO" not in page
    assert "DỰ THẢO" in pages[-1]
    assert "Số: /TXL-UBND" in pages[-1]


def _bulk_letters(unit: Unit, count: int) -> list[Letter]:
    kinds = list(LetterKind)
    today = timezone.localdate()
    rows = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        honorific, name = RECIPIENTS[kind]
        context = dict.fromkeys(texts.PLACEHOLDERS, "") | {
            "honorific": honorific,
            "recipient_name": f"{name} {i}",
            "unit_name": "xã Hoằng Hợp",
            "unit_title": "Ủy ban nhân dân xã Hoằng Hợp",
            "person_name": "Lê Minh Khôi",
            "event_date": "28/10/2024",
            "reason": "hồ sơ cần xác minh thêm",
            "new_appointment": "16:00 Thứ Ba 15/10/2024",
            "contribution": "đề nghị bố trí thêm ghế chờ",
        }
        rows.append(
            Letter(
                unit=unit,
                kind=kind,
                status=LetterStatus.APPROVED,
                subject_type=SubjectType.CONTRIBUTION,
                subject_id=f"bulk-{i}",
                owed_on=today,
                honorific=honorific,
                recipient_name=f"{name} {i}",
                recipient_address="Thôn Đông, xã Hoằng Hợp",
                body=actions.render_text(texts.DEFAULT_BODIES[kind], context),
                year=today.year,
                number=i + 1,
                symbol=SYMBOLS[kind],
                letter_date=today,
                signer_name="Trần Văn Dũng",
                signer_title="Chủ tịch",
            )
        )
    Letter.objects.bulk_create(rows)
    return list(Letter.objects.filter(unit=unit).select_related("unit__parent").order_by("pk"))


def test_two_hundred_letters_print_as_one_pdf_in_reasonable_time(personas: Personas) -> None:
    letters = _bulk_letters(personas.commune_a, 200)
    started = time.perf_counter()
    pdf = documents.letters_batch_pdf(letters)
    elapsed = time.perf_counter() - started
    print(f"\n200 thư → 1 PDF ({len(pdf) / 1024:.0f} KiB) trong {elapsed:.1f} s")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 200
    assert "Lê Văn Hùng 198" in nfc(reader.pages[198].extract_text())
    assert elapsed < 60


# --- DOCX -----------------------------------------------------------------------------------------


def test_the_default_docx_is_filled_in(personas: Personas) -> None:
    letter = approved_letter(personas, LetterKind.CONDOLENCE)
    text = docx_text(documents.letter_docx(letter))
    for expected in [
        "UBND XÃ HOẰNG HỢP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 1/TCB-UBND",
        f"Hoằng Hợp, {long_date(timezone.localdate())}",
        "THƯ CHIA BUỒN",
        "Kính gửi: Gia đình Trần Văn Tư",
        "vô cùng thương tiếc được tin Cụ bà Trần Thị Nhàn đã từ trần ngày 02/11/2024",
        "Thành kính phân ưu!",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Văn Dũng",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert "DỰ THẢO" not in text


def test_a_draft_docx_is_marked(personas: Personas) -> None:
    text = docx_text(documents.letter_docx(make_letter(personas.commune_a, LetterKind.APOLOGY)))
    assert "DỰ THẢO" in text
    assert "ngày …… tháng …… năm ……" in text


def test_the_shipped_docx_uses_only_supported_placeholders() -> None:
    from thanthien.documents.docx import list_placeholders

    assert list_placeholders(documents.DEFAULT_DOCX) <= documents.supported_placeholders()


# --- who may print --------------------------------------------------------------------------------


def test_staff_of_the_commune_download_the_pdf_a_supervisor_does_not(personas: Personas) -> None:
    letter = approved_letter(personas, LetterKind.APOLOGY)
    # The printed letter carries the citizen's name and address: only the commune's own staff print it.
    assert personas.client(personas.supervisor).get(f"/thu/{letter.pk}/in.pdf").status_code == 403
    for user in (personas.officer_a, personas.registrar_a, personas.front_a):
        response = personas.client(user).get(f"/thu/{letter.pk}/in.pdf")
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
    assert (
        "filename*=UTF-8''Th%C6%B0%20xin%20l%E1%BB%97i%20s%E1%BB%91%201-TXL-UBND.pdf" in response["Content-Disposition"]
    )
    docx_response = personas.client(personas.officer_a).get(f"/thu/{letter.pk}/tai.docx")
    assert docx_response.status_code == 200
    assert "Số: 1/TXL-UBND" in docx_text(docx_response.content)


def test_another_communes_letter_is_not_found(personas: Personas) -> None:
    letter = approved_letter(personas, LetterKind.THANKS)
    for url in (f"/thu/{letter.pk}/in.pdf", f"/thu/{letter.pk}/tai.docx"):
        assert personas.client(personas.officer_b).get(url).status_code == 404
        assert personas.client(personas.other_supervisor).get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_login(personas: Personas) -> None:
    letter = approved_letter(personas, LetterKind.THANKS)
    response = Client().get(f"/thu/{letter.pk}/in.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_the_batch_prints_the_selected_letters_of_the_own_commune_only(personas: Personas) -> None:
    mine = [approved_letter(personas, kind) for kind in (LetterKind.APOLOGY, LetterKind.THANKS)]
    cancelled = make_letter(personas.commune_a, LetterKind.CONDOLENCE)
    actions.cancel(personas.officer_a, cancelled, "Gia đình đã chuyển đi nơi khác")
    other = make_letter(personas.commune_b, LetterKind.CONGRATULATION)
    ids = [str(x.pk) for x in (*mine, cancelled, other)]
    response = personas.client(personas.officer_a).post("/thu/in-hang-loat.pdf", {"ids": ids})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 2
    assert "THƯ XIN LỖI" in pages[0] and "THƯ CẢM ƠN" in pages[1]
    assert not any("Lê Văn Hùng" in page for page in pages)


def test_a_batch_without_printable_letters_is_refused_with_a_message(personas: Personas) -> None:
    other = make_letter(personas.commune_b, LetterKind.CONGRATULATION)
    for ids in ([other.pk], []):
        # The form opens its answer in a new tab: a page saying what to do, never a second registry.
        response = personas.client(personas.officer_a).post("/thu/in-hang-loat.pdf", {"ids": ids})
        page = response.content.decode()
        assert response.status_code == 400 and 'data-testid="batch-empty"' in page
        assert "Chưa chọn thư nào để in" in page and 'data-testid="counts"' not in page


@pytest.fixture(autouse=True)
def _october_2024(monkeypatch: pytest.MonkeyPatch) -> None:
    # These letters are dated October 2024: their new appointments are not "in the past" then.
    monkeypatch.setattr(actions, "clock", lambda: vn(2024, 10, 8, 9, 0))
