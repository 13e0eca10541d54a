"""Reviewer findings on wording: Django's stock messages in correct Vietnamese site-wide, a page for an empty 405,
and one log line (no traceback) for a refused request."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
from django.utils import timezone

from tests.conftest import Personas
from thanthien.core.logging import ClientErrorsWithoutTraceback
from thanthien.letters.actions import letter_setting
from thanthien.letters.models import Letter, LetterKind, SubjectType

# What Django's vi catalogue says, and must not show through any more.
OLD = ("Đảm bảo", " .", "Nhập một số tổng thể", "Hãy chọn một lựa chọn hợp lệ", "lựa chọn khả thi", "kí tự")


def setting_page(personas: Personas, **changes: object) -> str:
    data = {
        "look_back_days": 30,
        "apology_symbol": "TXL-UBND",
        "thanks_symbol": "TCO-UBND",
        "congratulation_symbol": "TCM-UBND",
        "condolence_symbol": "TCB-UBND",
    } | changes
    response = personas.client(personas.admin_a).post("/thu/mau/thiet-lap/", data, follow=True)
    return response.content.decode()


def assert_no_stock_wording(html: str) -> None:
    for old in OLD:
        assert old not in html.replace("&nbsp;.", ""), old


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"look_back_days": "-5"}, "Giá trị phải lớn hơn hoặc bằng 1."),
        ({"look_back_days": "99999999999999999999"}, "Giá trị phải nhỏ hơn hoặc bằng 365."),
        ({"look_back_days": "400"}, "Giá trị phải nhỏ hơn hoặc bằng 365."),
        ({"look_back_days": "1,5"}, "Vui lòng nhập một số nguyên."),
        ({"look_back_days": ""}, "Vui lòng điền vào ô này."),
        ({"thanks_symbol": "X" * 31}, "Tối đa 30 ký tự (hiện có 31)."),
    ],
)
def test_the_letter_settings_form_speaks_correct_vietnamese(
    personas: Personas, changes: dict[str, object], message: str
) -> None:
    html = setting_page(personas, **changes)
    assert message in html
    assert_no_stock_wording(html)
    assert letter_setting(personas.commune_a).look_back_days == 30


@pytest.mark.django_db
def test_a_choice_outside_the_list_is_named_in_vietnamese(personas: Personas) -> None:
    letter = Letter.objects.create(
        unit=personas.commune_a,
        kind=LetterKind.CONDOLENCE,
        subject_type=SubjectType.CONTRIBUTION,
        subject_id="x-1",
        owed_on=timezone.localdate(),
        recipient_name="Trần Văn Tư",
    )
    html = (
        personas.client(personas.officer_a)
        .post(f"/thu/{letter.pk}/sua/", {"honorific": "zzz", "recipient_name": "Trần Văn Tư"})
        .content.decode()
    )
    assert "Lựa chọn “zzz” không có trong danh sách." in html
    assert_no_stock_wording(html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/thu/in-hang-loat.pdf", "/thu/1/sua/", "/dang-xuat/"])
def test_an_empty_405_gets_a_vietnamese_page(personas: Personas, url: str) -> None:
    response = personas.client(personas.officer_a).get(url)
    assert response.status_code == 405 and "POST" in response["Allow"]
    html = response.content.decode()
    assert "Không mở được địa chỉ này trực tiếp" in html and "bấm một nút hoặc gửi một biểu mẫu" in html
    assert 'href="/"' in html and '<html lang="vi"' in html


@pytest.mark.django_db
def test_an_empty_405_under_the_api_answers_json(personas: Personas) -> None:
    from django.http import HttpResponseNotAllowed
    from django.test import RequestFactory

    from thanthien.core.middleware import MethodNotAllowedPageMiddleware

    request = RequestFactory().get("/api/v1/x")
    response = MethodNotAllowedPageMiddleware(lambda r: HttpResponseNotAllowed(["POST"]))(request)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert json.loads(response.content) == {"detail": "Địa chỉ này không nhận phương thức GET; chỉ nhận: POST."}
    # A 405 that already says something is left alone.
    said = MethodNotAllowedPageMiddleware(lambda r: HttpResponseNotAllowed(["POST"], content=b"da co"))(request)
    assert said.content == b"da co"


def record(status: int) -> logging.LogRecord:
    try:
        raise PermissionDenied_()
    except PermissionDenied_:
        info = sys.exc_info()
    entry = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /thu/", None, info)
    entry.status_code = status
    return entry


class PermissionDenied_(Exception):
    pass


def test_a_client_error_logs_one_line_and_a_server_error_keeps_its_traceback() -> None:
    formatter = logging.Formatter()
    refused = record(403)
    assert ClientErrorsWithoutTraceback().filter(refused)
    assert formatter.format(refused) == "Forbidden: /thu/"
    failed = record(500)
    assert ClientErrorsWithoutTraceback().filter(failed)
    assert "Traceback" in formatter.format(failed)


def test_the_filter_is_attached_to_the_console_handler() -> None:
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    assert any(isinstance(f, ClientErrorsWithoutTraceback) for h in handlers for f in h.filters)


@pytest.mark.django_db
def test_a_refused_page_writes_one_line_to_the_console(personas: Personas) -> None:
    (console,) = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        assert personas.client(personas.officer_a).post("/thu/quet/").status_code == 403
    finally:
        console.setStream(previous)
    assert stream.getvalue() == "Forbidden (Permission denied): /thu/quet/\n"
