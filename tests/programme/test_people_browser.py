"""The people pages in a browser: the public directory on a 360 px phone shows no phone an official chose to hide
(nowhere in the HTML), and a leader records a signature, which leaves the not-signed list. Every page passes
axe-core (browser_page)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import Personas, assert_accessible, login
from thanthien.programme import actions_people as actions
from thanthien.programme.models import CommitmentSignature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIDDEN = "0987654321"
SHOWN = "0912345678"


def test_the_directory_on_a_phone_hides_a_hidden_phone(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    shown = actions.create_official(
        personas.leader_a,
        personas.commune_a,
        {"full_name": "Nguyễn Văn An", "position": "Chủ tịch UBND xã", "phone": SHOWN, "show_phone": True},
    )
    actions.create_official(
        personas.leader_a,
        personas.commune_a,
        {
            "full_name": "Lê Thị Bình",
            "position": "Công chức Tư pháp – Hộ tịch",
            "desk": "Bộ phận Một cửa, quầy 2",
            "phone": HIDDEN,
            "show_phone": False,
        },
    )
    actions.record_signature(personas.leader_a, shown, timezone.localdate())
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/can-bo-xa/X16012/")  # type: ignore[attr-defined]
    page.get_by_text("Lê Thị Bình").wait_for()  # type: ignore[attr-defined]
    html = page.content()  # type: ignore[attr-defined]
    assert HIDDEN not in html and "098 765 4321" not in html and "987654321" not in html
    assert SHOWN in html and "Bộ phận Một cửa, quầy 2" in html
    assert page.get_by_text("Đã ký cam kết “5 biết, 3 không, 4 thể hiện”").count() == 1  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360  # nothing wider than the phone
    assert_accessible(page)


def test_a_leader_records_a_signature(personas: Personas, live_server: object, browser_page: object) -> None:
    page: object = browser_page
    official = actions.create_official(
        personas.leader_a, personas.commune_a, {"full_name": "Phạm Văn Cường", "position": "Công chức Địa chính"}
    )
    login(page, live_server.url, "leader_a")  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/mo-hinh/cam-ket/")  # type: ignore[attr-defined]
    not_signed = page.get_by_test_id("not-signed")  # type: ignore[attr-defined]
    assert "Phạm Văn Cường" in not_signed.inner_text()
    page.get_by_label("Cán bộ, công chức").select_option(label="Phạm Văn Cường – Công chức Địa chính")  # type: ignore[attr-defined]
    page.get_by_label("Ngày ký").fill("01/01/2099")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi nhận chữ ký").click()  # type: ignore[attr-defined]
    page.get_by_text("Ngày ký không được ở tương lai.").wait_for()  # type: ignore[attr-defined]
    assert not CommitmentSignature.objects.exists()
    day = timezone.localdate().strftime("%d/%m/%Y")
    page.get_by_label("Ngày ký").fill(day)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi nhận chữ ký").click()  # type: ignore[attr-defined]
    page.get_by_text(f"Đã ghi nhận Phạm Văn Cường ký cam kết ngày {day}.").wait_for()  # type: ignore[attr-defined]
    assert "Tất cả cán bộ, công chức đang công tác đã ký." in page.get_by_test_id("not-signed").inner_text()  # type: ignore[attr-defined]
    assert CommitmentSignature.objects.get().official_id == official.pk
    assert_accessible(page)


def test_officials_and_activities_pages_pass_axe(personas: Personas, live_server: object, browser_page: object) -> None:
    page: object = browser_page
    actions.create_official(
        personas.leader_a,
        personas.commune_a,
        {"full_name": "Nguyễn Văn An", "position": "Chủ tịch UBND xã", "phone": SHOWN, "user": personas.leader_a},
    )
    today = timezone.localdate()
    actions.record_activity(
        personas.leader_a,
        personas.commune_a,
        {"kind": "meeting", "held_on": today, "title": "Hội nghị", "attendees": 9},
    )
    login(page, live_server.url, "leader_a")  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/mo-hinh/can-bo/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Công khai số của Nguyễn Văn An").click()  # type: ignore[attr-defined]
    page.get_by_text("Số điện thoại của Nguyễn Văn An được công khai trên danh bạ.").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="+ Thêm cán bộ, công chức").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("Vui lòng nhập họ và tên.").wait_for()  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/mo-hinh/hoat-dong/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Hội nghị, buổi tuyên truyền").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="+ Ghi nhận hoạt động").click()  # type: ignore[attr-defined]
    page.get_by_label("Loại hoạt động").select_option("meeting")  # type: ignore[attr-defined]
    page.get_by_label("Nội dung").fill("Hội nghị tuyên truyền tại thôn 3")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("Vui lòng nhập số người dự (0 nếu không ghi nhận).").wait_for()  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/mo-hinh/cam-ket/phien-ban-moi/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ban hành").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
