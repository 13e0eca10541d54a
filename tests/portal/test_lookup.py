"""A citizen looks up their dossier with the code and PIN from the receipt; nobody else learns anything."""

from __future__ import annotations

import datetime as dt
import re
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import Personas
from thanthien.lib.privacy import mask_name
from thanthien.onestop.lookup import (
    MAX_CLIENT_FAILURES,
    MAX_CODE_FAILURES,
    Brake,
    public_status_text,
    purge_old_attempts,
)
from thanthien.onestop.models import Dossier, LookupAttempt, Procedure, Status
from thanthien.org.models import Unit
from thanthien.portal.views import TOO_MANY

VN = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/tra-cuu/"
CODE = "X16012-261008-0975"
PIN = "K7QM"
NOT_FOUND = "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập. Vui lòng kiểm tra lại."
FULL_NAME = "Nguyễn Văn Án"
CCCD = "038090012345"
PHONE = "0912345678"
ADDRESS = "Thôn Đông, xã Hoằng Hợp"


def make_dossier(unit: Unit, code: str = CODE, pin: str = PIN, **extra: object) -> Dossier:
    values: dict[str, object] = {
        "unit": unit,
        "procedure": Procedure.objects.get(code="1.001193"),
        "code": code,
        "pin": pin,
        "status": Status.PROCESSING,
        "applicant_name": FULL_NAME,
        "applicant_id_number": CCCD,
        "applicant_phone": PHONE,
        "applicant_address": ADDRESS,
        "received_at": dt.datetime(2026, 10, 8, 8, 5, tzinfo=VN),
        "due_at": dt.datetime(2026, 10, 8, 17, 0, tzinfo=VN),
    }
    values.update(extra)
    return Dossier.objects.create(**values)


def look_up(code: str, pin: str, ip: str = "203.0.113.7") -> tuple[int, str]:
    response = Client().get(URL, {"ma": code, "pin": pin}, REMOTE_ADDR=ip)
    return response.status_code, response.content.decode()


def message_section(html: str) -> str:
    found = re.search(r'<div id="lookup-message".*?</div>', html, re.S)
    assert found, html
    return found.group(0)


@pytest.fixture
def dossier(personas: Personas) -> Dossier:
    return make_dossier(personas.commune_a)


def test_the_right_code_and_pin_show_the_status_and_a_masked_name(dossier: Dossier) -> None:
    status, html = look_up(CODE, PIN)
    assert status == 200
    for expected in [
        "Nguyễn V. Á.",
        "Hồ sơ đang được giải quyết.",
        "Đăng ký khai sinh",
        "Xã Hoằng Hợp",
        "08/10/2026 08:05",
        "08/10/2026 17:00",
    ]:
        assert expected in html, expected
    for secret in [FULL_NAME, CCCD, PHONE, ADDRESS]:
        assert secret not in html, secret
    assert NOT_FOUND not in html
    assert not LookupAttempt.objects.exists()


def test_the_page_is_kept_out_of_caches_and_search_engines(dossier: Dossier) -> None:
    for params in [{}, {"ma": CODE, "pin": PIN}, {"ma": CODE, "pin": "ZZZZ"}]:
        response = Client().get(URL, params)
        assert response["Cache-Control"] == "no-store"
        assert response["X-Robots-Tag"] == "noindex"


def test_the_pin_and_the_code_may_be_typed_in_lower_case(dossier: Dossier) -> None:
    assert "Nguyễn V. Á." in look_up(CODE, PIN.lower())[1]
    assert "Nguyễn V. Á." in look_up(f"  {CODE.lower()} ", f" {PIN.lower()} ")[1]


def test_a_resolved_dossier_shows_its_result_date_and_timeliness(personas: Personas) -> None:
    make_dossier(
        personas.commune_a,
        status=Status.RETURNED,
        resolved_at=dt.datetime(2026, 10, 8, 15, 30, tzinfo=VN),
        returned_at=dt.datetime(2026, 10, 9, 9, 0, tzinfo=VN),
    )
    html = look_up(CODE, PIN)[1]
    assert "Đã trả kết quả cho Ông/Bà." in html
    assert "08/10/2026 15:30" in html
    assert "Đúng hạn" in html
    assert "09/10/2026 09:00" in html


def test_a_late_result_says_so(personas: Personas) -> None:
    make_dossier(personas.commune_a, status=Status.RESOLVED, resolved_at=dt.datetime(2026, 10, 9, 8, 0, tzinfo=VN))
    html = look_up(CODE, PIN)[1]
    assert "Đã có kết quả, mời Ông/Bà đến nhận." in html
    assert "Quá hạn" in html


def test_a_wrong_pin_and_an_unknown_code_get_the_same_answer(dossier: Dossier) -> None:
    unknown_code = "X16012-261008-0999"
    wrong_pin_status, wrong_pin = look_up(CODE, "ZZZZ")
    unknown_status, unknown = look_up(unknown_code, PIN)

    assert wrong_pin_status == unknown_status == 200
    assert message_section(wrong_pin) == message_section(unknown)
    assert NOT_FOUND in message_section(unknown)
    # Apart from the echoed input, the two pages are byte for byte the same.
    assert wrong_pin.replace(CODE, "<MA>").replace("ZZZZ", "<PIN>") == unknown.replace(unknown_code, "<MA>").replace(
        PIN, "<PIN>"
    )
    assert set(LookupAttempt.objects.values_list("client", "code")) == {
        ("203.0.113.7", CODE),
        ("203.0.113.7", unknown_code),
    }


def test_a_wrong_pin_and_an_unknown_code_cost_the_same_database_work(dossier: Dossier) -> None:
    """Timing stays alike because both misses run the same queries (a count is steadier than a stopwatch)."""
    look_up(CODE, PIN)  # warm up: the first request loads sessions, templates ...
    runs = []
    for code, pin in [(CODE, "ZZZZ"), ("X16012-261008-0999", PIN)]:
        with CaptureQueriesContext(connection) as queries:
            look_up(code, pin)
        runs.append([re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries])
    assert runs[0] == runs[1]


def test_misses_on_other_dossiers_from_the_same_address_never_refuse_a_correct_pin(
    personas: Personas, dossier: Dossier
) -> None:
    """A commune's desk Wi-Fi is one address: other citizens' typos there must not lock this citizen out."""
    for n in range(3 * MAX_CODE_FAILURES):
        assert look_up(f"X16012-261008-{n:04d}", "ZZZZ")[0] == 200

    status, html = look_up(CODE, PIN)

    assert status == 200
    assert "Nguyễn V. Á." in html


def test_five_wrong_pins_lock_that_code_only(personas: Personas, dossier: Dossier) -> None:
    other = make_dossier(personas.commune_b, code="X16015-261008-0001", pin="AB23")
    for n in range(MAX_CODE_FAILURES):
        # From several addresses: the lock is on the code, whoever guesses.
        assert look_up(CODE, f"ZZZ{n}", ip=f"198.51.100.{n}")[0] == 200

    status, html = look_up(CODE, PIN, ip="192.0.2.1")

    assert status == 429
    assert TOO_MANY[Brake.CODE] in html
    assert "Nguyễn V. Á." not in html and NOT_FOUND not in html
    # The refusal is not itself a miss, so the lock ends when the window has passed.
    assert LookupAttempt.objects.filter(code=CODE).count() == MAX_CODE_FAILURES
    # Another dossier, from the same addresses, is answered.
    assert "Nguyễn V. Á." in look_up(other.code, "ab23", ip="198.51.100.0")[1]


def test_a_locked_unknown_code_looks_like_a_locked_existing_one(dossier: Dossier) -> None:
    unknown = "X16012-261008-0999"
    for code in (CODE, unknown):
        for n in range(MAX_CODE_FAILURES):
            look_up(code, f"ZZZ{n}")
    known_status, known_page = look_up(CODE, PIN)
    unknown_status, unknown_page = look_up(unknown, PIN)
    assert known_status == unknown_status == 429
    assert known_page.replace(CODE, "<MA>") == unknown_page.replace(unknown, "<MA>")


def _above_the_ceiling(ip: str = "203.0.113.7") -> None:
    # Rows written directly, as another app process would have: the counts live in the database.
    now = timezone.now()
    LookupAttempt.objects.bulk_create(
        LookupAttempt(client=ip, code=f"X16012-261008-{n:04d}", at=now) for n in range(MAX_CLIENT_FAILURES)
    )


def test_above_the_address_ceiling_a_correct_code_and_pin_is_still_answered(dossier: Dossier) -> None:
    """Issue 7 item 2: a correct code and PIN is never refused because of misses at the same address."""
    _above_the_ceiling()

    status, html = look_up(CODE, PIN)

    assert status == 200
    assert "Nguyễn V. Á." in html and TOO_MANY[Brake.CLIENT] not in html


def test_the_address_ceiling_stops_enumeration_across_codes(dossier: Dossier) -> None:
    _above_the_ceiling()

    status, html = look_up(CODE, "ZZZZ")

    assert status == 429
    assert TOO_MANY[Brake.CLIENT] in html
    assert "Nguyễn V. Á." not in html and NOT_FOUND not in html
    # That miss used up the code's allowance at once: the code is locked for every address, its owner too.
    status, html = look_up(CODE, PIN, ip="198.51.100.9")
    assert status == 429 and TOO_MANY[Brake.CODE] in html
    # Other codes are still answered from other addresses.
    assert look_up("X16012-261008-0001", "ZZZZ", ip="198.51.100.9")[0] == 200


def test_above_the_ceiling_an_unknown_code_and_a_wrong_pin_look_alike(dossier: Dossier) -> None:
    _above_the_ceiling()
    unknown = "X16012-261008-0999"
    known_status, known_page = look_up(CODE, "ZZZZ")
    unknown_status, unknown_page = look_up(unknown, "ZZZZ")
    assert known_status == unknown_status == 429
    assert known_page.replace(CODE, "<MA>") == unknown_page.replace(unknown, "<MA>")
    assert LookupAttempt.objects.filter(code=CODE).count() == LookupAttempt.objects.filter(code=unknown).count()
    assert look_up(CODE, PIN, ip="198.51.100.9")[0] == look_up(unknown, PIN, ip="198.51.100.9")[0] == 429


def test_misses_recorded_by_another_process_lock_the_code(dossier: Dossier) -> None:
    LookupAttempt.objects.bulk_create(
        LookupAttempt(client=f"10.0.0.{n}", code=CODE, at=timezone.now()) for n in range(MAX_CODE_FAILURES)
    )
    assert look_up(CODE.lower(), PIN)[0] == 429


def test_the_owner_getting_in_forgets_only_their_own_typos_on_that_code(dossier: Dossier) -> None:
    look_up(CODE, "ZZZ1")
    look_up(CODE, "ZZZ2")
    look_up(CODE, "ZZZ3", ip="198.51.100.9")
    assert look_up(CODE, PIN)[0] == 200
    assert list(LookupAttempt.objects.values_list("client", flat=True)) == ["198.51.100.9"]


def test_misses_older_than_the_window_no_longer_count(dossier: Dossier) -> None:
    for n in range(MAX_CODE_FAILURES):
        look_up(CODE, f"ZZZ{n}")
    assert look_up(CODE, PIN)[0] == 429
    LookupAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    status, html = look_up(CODE, PIN)
    assert status == 200
    assert "Nguyễn V. Á." in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_in_several_connections_cannot_pass_the_limit(personas: Personas) -> None:
    """Twelve guesses at once, each in its own database connection (as in separate app processes)."""
    make_dossier(personas.commune_a)
    barrier = threading.Barrier(12)

    def guess(n: int) -> int:
        try:
            barrier.wait()
            return look_up(CODE, f"ZZ{n:02d}", ip=f"198.51.100.{n}")[0]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(guess, range(12)))
    assert statuses.count(200) <= MAX_CODE_FAILURES
    assert LookupAttempt.objects.filter(code=CODE).count() <= MAX_CODE_FAILURES


def test_old_attempts_are_purged_after_a_day(db: None) -> None:
    now = timezone.now()
    LookupAttempt.objects.create(client="a")
    LookupAttempt.objects.create(client="b")
    LookupAttempt.objects.filter(client="a").update(at=now - dt.timedelta(days=1, minutes=1))
    assert purge_old_attempts() == 1
    assert list(LookupAttempt.objects.values_list("client", flat=True)) == ["b"]
    assert purge_old_attempts() == 0


def test_only_the_dossier_looked_up_is_shown(personas: Personas, dossier: Dossier) -> None:
    other = make_dossier(
        personas.commune_b,
        code="X16015-261008-0001",
        pin="AB23",
        applicant_name="Trần Thị Bích",
        applicant_id_number="038190099999",
        applicant_phone="0987654321",
        applicant_address="Thôn Tây, xã Hoằng Quý",
    )
    html = look_up(other.code, "ab23")[1]
    assert "Trần T. B." in html
    assert "Xã Hoằng Quý" in html
    for leak in [CODE, "Nguyễn V. Á.", FULL_NAME, "Xã Hoằng Hợp", "Trần Thị Bích", "038190099999", "0987654321"]:
        assert leak not in html, leak


def test_the_empty_form_looks_nothing_up(dossier: Dossier) -> None:
    response = Client().get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="ma"' in html and 'name="pin"' in html
    assert NOT_FOUND not in html
    assert not LookupAttempt.objects.exists()


def test_an_incomplete_form_asks_for_the_missing_field_without_counting_a_miss(dossier: Dossier) -> None:
    status, html = look_up(CODE, "")
    assert status == 200
    assert "invalid-feedback" in html
    assert NOT_FOUND not in html
    assert not LookupAttempt.objects.exists()


def test_the_portal_home_links_to_the_lookup(db: None) -> None:
    assert f'href="{URL}"' in Client().get("/").content.decode()


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn Án", "Nguyễn V. Á."),
        ("Lê Thị Hoa", "Lê T. H."),
        ("Hoa", "H."),
        ("  Trần   thị  Ngọc   Ánh ", "Trần t. N. Á."),
        (unicodedata.normalize("NFD", "Đỗ Ánh"), "Đỗ Á."),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked
    assert unicodedata.is_normalized("NFC", mask_name(name))


def test_every_status_has_a_plain_sentence(db: None) -> None:
    texts = {status: public_status_text(Dossier(status=status)) for status in Status}
    assert texts[Status.PROCESSING] == "Hồ sơ đang được giải quyết."
    assert texts[Status.SUPPLEMENT] == "Hồ sơ cần bổ sung giấy tờ. Vui lòng liên hệ Bộ phận một cửa."
    assert texts[Status.RESOLVED] == "Đã có kết quả, mời Ông/Bà đến nhận."
    assert len(set(texts.values())) == len(Status)
    assert all(text.endswith(".") for text in texts.values())


def test_a_dossier_awaiting_a_supplement_says_what_to_bring_and_whom_to_call(personas: Personas) -> None:
    from thanthien.onestop import actions

    dossier = make_dossier(personas.commune_a, status=Status.ACCEPTED)
    actions.save_desk_setting(
        None,
        personas.commune_a,
        phone="0237 3868 123",
        address="Trụ sở UBND xã",
        opening_hours="Sáng thứ Hai – Sáu",
    )
    actions.change_status(
        personas.officer_a,
        dossier,
        Status.SUPPLEMENT,
        "Bản sao giấy chứng nhận kết hôn\n2. Giấy xác nhận nơi cư trú",
        at=dt.datetime(2026, 10, 8, 9, 0, tzinfo=VN),
    )

    status, html = look_up(CODE, PIN)

    assert status == 200
    told = html.split('data-testid="supplement"')[1].split("</div>")[0]
    assert "<li>Bản sao giấy chứng nhận kết hôn</li>" in told
    assert "<li>Giấy xác nhận nơi cư trú</li>" in told
    contact = html.split('data-testid="desk-contact"')[1].split("</ul>")[0]
    assert "0237 3868 123" in contact and "Trụ sở UBND xã" in contact and "Sáng thứ Hai – Sáu" in contact
    # The clock stopped: the old appointment is not shown as if it still held.
    assert "Hẹn trả kết quả" not in html
    for secret in [FULL_NAME, CCCD, PHONE, ADDRESS]:
        assert secret not in html, secret


def test_the_desk_phone_is_shown_with_every_status_once_the_commune_gives_it(dossier: Dossier) -> None:
    assert 'data-testid="desk-contact"' not in look_up(CODE, PIN)[1]
    from thanthien.onestop import actions

    actions.save_desk_setting(None, dossier.unit, phone="0237 3868 123")
    html = look_up(CODE, PIN)[1]
    assert 'href="tel:02373868123"' in html
    assert 'data-testid="supplement"' not in html


def test_the_portal_home_links_each_commune_to_its_directory_of_officials(personas) -> None:
    html = Client().get("/").content.decode()
    assert f'href="/can-bo-xa/{personas.commune_a.code}/"' in html
    assert Client().get(f"/can-bo-xa/{personas.commune_a.code}/").status_code == 200
