"""A commune rewrites a letter's wording with a live preview, uploads its own DOCX template, and can go back to the
default; only its administrator and leaders may, and a bad file changes nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Personas
from tests.letters.test_documents import _october_2024, approved_letter, docx_text, make_letter, pdf_text  # noqa: F401
from thanthien.audit.models import AuditEntry
from thanthien.letters import actions, documents, texts
from thanthien.letters.models import LetterKind, LetterTemplate

DOCX_TYPE = documents.DOCX_TYPE


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def word_file(*paragraphs: str, name: str = "mau-rieng.docx") -> SimpleUploadedFile:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=DOCX_TYPE)


def edit_url(kind: str) -> str:
    return f"/thu/mau/{kind}/"


# --- who may edit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/thu/mau/", "/thu/mau/apology/", "/thu/mau/apology/mau.docx", "/thu/mau/mac-dinh.docx"],
)
def test_the_template_pages_are_forbidden_to_a_onestop_officer(personas: Personas, url: str) -> None:
    assert personas.client(personas.officer_a).get(url).status_code == 403
    assert personas.client(personas.supervisor).get(url).status_code == 403


def test_a_preview_or_reset_by_an_officer_is_forbidden(personas: Personas) -> None:
    officer = personas.client(personas.officer_a)
    assert officer.post("/thu/mau/thanks/xem-truoc/", {"body": "x"}).status_code == 403
    assert officer.post("/thu/mau/thanks/khoi-phuc/").status_code == 403


def test_the_list_shows_each_kind_with_its_current_wording(personas: Personas) -> None:
    actions.save_template(
        personas.admin_a, personas.commune_a, LetterKind.THANKS, "Thư cảm ơn", "Cảm ơn {{ honorific }}."
    )
    for user in (personas.admin_a, personas.leader_a):
        response = personas.client(user).get("/thu/mau/")
        assert response.status_code == 200
        page = response.content.decode()
        for kind in LetterKind:
            assert kind.label in page
        assert "Cảm ơn {{ honorific }}." in page
        assert "Mẫu riêng của xã" in page
        assert "chân thành xin lỗi {{ honorific }}" in page  # the apology's default wording


def test_an_unknown_kind_is_not_found(personas: Personas) -> None:
    assert personas.client(personas.admin_a).get("/thu/mau/khong-co/").status_code == 404


# --- editing and previewing -----------------------------------------------------------------------


def test_the_editor_lists_the_placeholders_and_saves_the_wording(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    page = client.get(edit_url("condolence")).content.decode()
    for name in texts.PLACEHOLDERS:
        assert f'data-insert="«{texts.LABELS[name]}»"' in page  # named Vietnamese chips, not code
    assert 'hx-post="/thu/mau/condolence/xem-truoc/"' in page
    body = "Vô cùng thương tiếc {{ person_name }}.\nThành kính phân ưu!"
    response = client.post(edit_url("condolence"), {"title": "Thư chia buồn", "body": body})
    assert response.status_code == 302
    saved = LetterTemplate.objects.get(unit=personas.commune_a, kind=LetterKind.CONDOLENCE)
    assert saved.body == body and saved.updated_by == personas.admin_a
    assert AuditEntry.objects.filter(action="letters.template_saved").exists()
    # A new draft of that kind prints with the commune's wording.
    letter = make_letter(personas.commune_a, LetterKind.CONDOLENCE)
    assert "Vô cùng thương tiếc Trần Thị Nhàn. Thành kính phân ưu!" in pdf_text(documents.letter_pdf(letter))
    # Another commune still uses the default.
    assert actions.template_for(personas.commune_b, LetterKind.CONDOLENCE).pk is None


def test_the_live_preview_renders_the_wording_with_sample_values(personas: Personas) -> None:
    response = personas.client(personas.leader_a).post(
        "/thu/mau/apology/xem-truoc/",
        {
            "title": "Thư xin lỗi",
            "body": "{{ unit_title }} xin lỗi {{ honorific }} {{ recipient_name }}.\nHẹn {{ new_appointment }}.",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "THƯ XIN LỖI" in html
    assert "Ủy ban nhân dân xã Hoằng Hợp xin lỗi Ông Nguyễn Văn An." in html
    assert "Hẹn 16:00 Thứ Ba 15/10/2024." in html
    assert "preview-error" not in html


def test_the_preview_shows_a_marriage_congratulation_on_request(personas: Personas) -> None:
    html = (
        personas.client(personas.admin_a)
        .post(
            "/thu/mau/congratulation/xem-truoc/",
            {"title": "", "body": texts.DEFAULT_BODIES[LetterKind.CONGRATULATION], "sample": "marriage"},
        )
        .content.decode()
    )
    assert "Anh Nguyễn Văn Nam và Chị Trần Thị Hoa đăng ký kết hôn" in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "Kính gửi\n{% if person_name %}cháu {{ person_name }}",
            "Dòng 2: Có điều kiện «Nếu có …» ({% if %}) chưa được đóng: thiếu «Hết điều kiện» ({% endif %})",
        ),
        ("Kính gửi {% endiff %}", "Dòng 1: Không hiểu thẻ {% endiff %}"),
        ("Kính gửi {{ ho ten }}", "Không hiểu được"),
        ("a\nb\n{% if %}x{% endif %}", "Dòng 3: Điều kiện «Nếu có …» ({% if %}) chưa ghi tên trường"),
        ("{% if a b %}x{% endif %}", "có phần thừa “b”"),
        ("{{ recipient_name|khong_co }}", "không dùng: |khong_co"),
        ('{{ recipient_name|ljust:"100000000" }}', "không dùng: |ljust"),
        ('{% include "base.html" %}', "không dùng: {% include %}"),
        ("{% for c in recipient_name %}{{ c }}{% endfor %}", "{% for %}"),
    ],
)
def test_the_preview_explains_syntax_errors_in_vietnamese(personas: Personas, body: str, message: str) -> None:
    response = personas.client(personas.admin_a).post("/thu/mau/thanks/xem-truoc/", {"title": "", "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="preview-error"' in html
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_preview_warns_of_unknown_placeholders(personas: Personas) -> None:
    html = (
        personas.client(personas.admin_a)
        .post("/thu/mau/thanks/xem-truoc/", {"title": "", "body": "Kính gửi {{ ten_nguoi_nhan }}"})
        .content.decode()
    )
    assert "Trường không có trong danh sách, sẽ để trống khi in: {{ ten_nguoi_nhan }}" in html


def test_a_wording_with_a_syntax_error_is_not_saved(personas: Personas) -> None:
    response = personas.client(personas.admin_a).post(
        edit_url("thanks"), {"title": "Thư cảm ơn", "body": "Cảm ơn {% if honorific %}{{ honorific }}"}
    )
    assert response.status_code == 200
    assert "chưa được đóng" in response.content.decode()
    assert not LetterTemplate.objects.filter(unit=personas.commune_a).exists()


def test_restoring_the_default_removes_the_communes_own_template(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    client = personas.client(personas.leader_a)
    client.post(
        edit_url("thanks"),
        {"title": "Thư cảm ơn", "body": "Cảm ơn {{ honorific }}.", "docx": word_file("Cảm ơn {{ recipient_name }}")},
    )
    template = LetterTemplate.objects.get(unit=personas.commune_a, kind=LetterKind.THANKS)
    stored = Path(template.docx.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/thu/mau/thanks/khoi-phuc/", follow=True)
    assert "Đã khôi phục mẫu thư cảm ơn mặc định" in response.content.decode()
    assert not LetterTemplate.objects.filter(unit=personas.commune_a).exists()
    assert not stored.exists()
    assert AuditEntry.objects.filter(action="letters.template_reset", unit=personas.commune_a).exists()


# --- the DOCX upload path -------------------------------------------------------------------------


def test_an_uploaded_docx_is_used_for_the_letters_word_file(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    upload = word_file(
        "ỦY BAN NHÂN DÂN {{ issuer }}",
        "Số: {{ number_text }}",
        "Kính gửi {{ honorific }} {{ recipient_name }}",
        "{%p for para in body_paragraphs %}",
        "{{ para }}",
        "{%p endfor %}",
        "{{ signer_name }}",
    )
    response = client.post(
        edit_url("apology"),
        {"title": "Thư xin lỗi", "body": texts.DEFAULT_BODIES[LetterKind.APOLOGY], "docx": upload},
        follow=True,
    )
    assert "Đã lưu mẫu thư xin lỗi cùng mẫu Word riêng" in response.content.decode()
    template = LetterTemplate.objects.get(unit=personas.commune_a, kind=LetterKind.APOLOGY)
    assert template.docx.name.endswith(f"{personas.commune_a.code}-apology.docx")

    letter = approved_letter(personas, LetterKind.APOLOGY)
    response = personas.client(personas.officer_a).get(f"/thu/{letter.pk}/tai.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    text = docx_text(response.content)
    assert "Số: 1/TXL-UBND" in text
    assert "Kính gửi Ông Nguyễn Văn Án" in text
    assert "chân thành xin lỗi Ông" in text
    assert "Trần Văn Dũng" in text
    # The commune's own file comes back from the template page; the other commune still gets the default.
    own = client.get("/thu/mau/apology/mau.docx")
    assert "Kính gửi {{ honorific }} {{ recipient_name }}" in docx_text(own.content)
    other = make_letter(personas.commune_b, LetterKind.APOLOGY)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in docx_text(documents.letter_docx(other))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("mau.docx", b"day khong phai la tep Word", content_type=DOCX_TYPE),
            "không phải là tài liệu Word",
        ),
        (
            SimpleUploadedFile("mau.doc", b"\xd0\xcf\x11\xe0 old word", content_type="application/msword"),
            "Chỉ nhận tệp Word dạng .docx",
        ),
        (None, "Mẫu văn bản có lỗi cú pháp"),
        (None, "Mẫu có trường không được hỗ trợ: {{ so_cmnd }}"),
    ],
)
def test_a_bad_docx_is_refused_with_a_message_and_nothing_saved(
    personas: Personas, upload: SimpleUploadedFile | None, message: str
) -> None:
    if upload is None:
        broken = "Kính gửi {{ recipient_name }" if "cú pháp" in message else "Số CMND: {{ so_cmnd }}"
        upload = word_file(broken)
    response = personas.client(personas.admin_a).post(
        edit_url("thanks"), {"title": "Thư cảm ơn mới", "body": "Cảm ơn {{ honorific }}.", "docx": upload}
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert 'data-testid="docx-error"' in html
    assert message in html
    assert not LetterTemplate.objects.filter(unit=personas.commune_a).exists()


def test_a_docx_over_two_megabytes_is_refused(personas: Personas) -> None:
    big = SimpleUploadedFile("mau.docx", b"0" * (2 * 1024 * 1024 + 1), content_type=DOCX_TYPE)
    response = personas.client(personas.admin_a).post(
        edit_url("thanks"), {"title": "Thư cảm ơn", "body": "Cảm ơn.", "docx": big}
    )
    assert "chỉ nhận tệp không quá 2 MB" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_the_default_docx_can_be_downloaded(personas: Personas) -> None:
    response = personas.client(personas.admin_a).get("/thu/mau/mac-dinh.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert "{{ recipient_name }}" in docx_text(response.content)


def test_the_commune_sets_its_symbols_and_look_back(personas: Personas) -> None:
    from thanthien.letters.actions import letter_setting

    client = personas.client(personas.admin_a)
    data = {
        "look_back_days": 45,
        "apology_symbol": "TXL-UBND",
        "thanks_symbol": "TCO-UBND",
        "congratulation_symbol": "CM-UBND",
        "condolence_symbol": "CB-UBND",
    }
    page = client.post("/thu/mau/thiet-lap/", data, follow=True).content.decode()
    assert "Đã lưu thiết lập thư." in page
    setting = letter_setting(personas.commune_a)
    assert setting.look_back_days == 45 and setting.symbol_for("congratulation") == "CM-UBND"
    bad = client.post("/thu/mau/thiet-lap/", {**data, "look_back_days": 0}, follow=True).content.decode()
    assert letter_setting(personas.commune_a).look_back_days == 45 and "alert-danger" in bad
    assert personas.client(personas.officer_a).post("/thu/mau/thiet-lap/", data).status_code == 403


# --- the friendly view (issue 7, item 9) ----------------------------------------------------------------------


def test_the_editor_shows_named_fields_not_code_and_keeps_the_raw_view(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    page = client.get(edit_url("congratulation")).content.decode()
    textarea = page.split('name="body"')[1].split("</textarea>")[0]
    assert "«Tên cơ quan»" in textarea and "«Nếu có Người bạn đời»" in textarea and "«Hết điều kiện»" in textarea
    assert "{{" not in textarea and "{%" not in textarea
    assert 'name="mode" value="friendly"' in page and "<script nonce" not in page
    assert "/static/letters/template_editor.js" in page
    raw = client.get(edit_url("congratulation") + "?raw=1").content.decode()
    raw_area = raw.split('name="body"')[1].split("</textarea>")[0]
    assert "{{ unit_title }}" in raw_area and "{% if partner_name %}" in raw_area
    assert 'name="mode" value="raw"' in raw and 'data-insert="{{ unit_title }}"' in raw
    assert "Về dạng dễ đọc" in raw and "Xem dạng mã (nâng cao)" in page


def test_a_wording_written_with_named_fields_is_saved_as_the_template(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    body = (
        "Kính chúc «Danh xưng» «Họ tên người nhận» mạnh khỏe."
        "«Nếu có Người được nói đến» Cảm ơn «Người được nói đến».«Hết điều kiện»"
    )
    response = client.post(edit_url("thanks"), {"title": "Thư cảm ơn", "body": body, "mode": "friendly"})
    assert response.status_code == 302
    saved = LetterTemplate.objects.get(unit=personas.commune_a, kind=LetterKind.THANKS)
    assert saved.body == (
        "Kính chúc {{ honorific }} {{ recipient_name }} mạnh khỏe."
        "{% if person_name %} Cảm ơn {{ person_name }}.{% endif %}"
    )
    preview = client.post(
        "/thu/mau/thanks/xem-truoc/", {"title": "", "body": "Dòng một\n«Tên ông chủ tịch»", "mode": "friendly"}
    ).content.decode()
    assert "Dòng 2: «Tên ông chủ tịch» không phải tên trường nào" in preview
    response = client.post(
        edit_url("thanks"), {"title": "Thư cảm ơn", "body": "a\n«Nếu có Người bạn đời» b", "mode": "friendly"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Dòng 2: Có điều kiện «Nếu có …»" in page
    assert LetterTemplate.objects.get(unit=personas.commune_a, kind=LetterKind.THANKS).body == saved.body


def test_the_preview_is_bounded(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    # 600 copies of a 4,000-character contribution: 2.4 MB, refused rather than printed.
    with pytest.raises(ValidationError, match="Mẫu thư tạo ra nội dung quá dài"):
        actions.render_text("{{ contribution }}" * 600, {"contribution": "x" * 4000})
    page = client.post("/thu/mau/thanks/xem-truoc/", {"title": "", "body": "x" * 20_000}).content.decode()
    assert "Nội dung mẫu dài quá 10000 ký tự" in page
    loop = "{% for a in unit_title %}"
    nested = loop * 3 + "x" + "{% endfor %}" * 3
    page = client.post("/thu/mau/thanks/xem-truoc/", {"title": "", "body": nested}).content.decode()
    assert 'data-testid="preview-error"' in page and "{% for %}" in page
