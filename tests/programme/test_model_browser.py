"""The model at a commune in a real browser: a leader adds the founding decision (a bad number is refused first,
with an example), sees its official citation, founds the board with it, adds two members and records a change
(kiện toàn) that replaces one of them; the board as it stood before the change is still there. Every page passes
axe-core and the Content-Security-Policy (the copy button is a static script)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas, assert_accessible, login
from thanthien.programme.models import BoardChange, BoardMember, IssuedDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_adds_a_decision_founds_the_board_and_records_a_change(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    founded = timezone.localdate() - dt.timedelta(days=400)
    changed = timezone.localdate() - dt.timedelta(days=30)
    login(page, url, "leader_a")
    # The menu entry is the lead's to register (programme:home); the page is opened by its address.
    page.goto(f"{url}/mo-hinh/")  # type: ignore[attr-defined]
    page.get_by_text("Xây dựng kế hoạch, thành lập Ban chỉ đạo (Ban điều hành)").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Văn bản", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="+ Thêm văn bản").click()  # type: ignore[attr-defined]
    page.get_by_label("Loại văn bản").select_option("decision")  # type: ignore[attr-defined]
    page.get_by_label("Số, ký hiệu").fill("59-KH/ĐU")  # type: ignore[attr-defined]
    page.get_by_label("Ngày ban hành").fill(f"{founded:%d/%m/%Y}")  # type: ignore[attr-defined]
    page.locator("#id_issuer").select_option("party_committee")  # type: ignore[attr-defined]
    page.get_by_label("Trích yếu").fill(  # type: ignore[attr-defined]
        "Thành lập Ban chỉ đạo thực hiện mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”"
    )
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("có ký hiệu KH của kế hoạch, không phải của quyết định").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    page.get_by_label("Số, ký hiệu").fill("59-QĐ/ĐU")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    citation = page.get_by_test_id("citation")  # type: ignore[attr-defined]
    citation.wait_for()
    day = f"{founded.day:02d}/{founded.month:02d}" if founded.month < 3 else f"{founded.day:02d}/{founded.month}"
    assert citation.inner_text() == (
        f"Quyết định số 59-QĐ/ĐU ngày {day}/{founded.year} của Đảng ủy xã Hoằng Hợp về việc thành lập Ban chỉ "
        "đạo thực hiện mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”"
    )
    page.get_by_role("button", name="Sao chép trích dẫn").click()  # type: ignore[attr-defined]
    page.get_by_role("status").filter(has_text="sao chép").wait_for()  # type: ignore[attr-defined]
    decision = IssuedDocument.objects.get()

    page.get_by_role("link", name="Ban chỉ đạo", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="+ Thành lập Ban").click()  # type: ignore[attr-defined]
    page.get_by_label("Ngày thành lập").fill(f"{founded:%d/%m/%Y}")  # type: ignore[attr-defined]
    page.get_by_label("Quyết định thành lập").select_option(str(decision.pk))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    for name, position, role in (
        ("Lê Văn Hùng", "Bí thư Đảng ủy", "Trưởng ban"),
        ("Trần Văn Dũng", "Chủ tịch UBND xã", "Phó Trưởng ban"),
    ):
        page.get_by_role("link", name="+ Thành viên từ khi thành lập").click()  # type: ignore[attr-defined]
        page.get_by_label("Họ và tên").fill(name)  # type: ignore[attr-defined]
        page.get_by_label("Chức vụ").fill(position)  # type: ignore[attr-defined]
        page.get_by_label("Vai trò trong ban").fill(role)  # type: ignore[attr-defined]
        page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
        page.get_by_text(f"Đã thêm thành viên {name}.").wait_for()  # type: ignore[attr-defined]
    page.get_by_text("2 thành viên").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)

    page.get_by_role("link", name="Kiện toàn Ban").click()  # type: ignore[attr-defined]
    page.get_by_label("Ngày quyết định kiện toàn").fill(f"{changed:%d/%m/%Y}")  # type: ignore[attr-defined]
    page.get_by_label("Nội dung thay đổi").fill("Thay Trưởng ban do điều động công tác")  # type: ignore[attr-defined]
    page.get_by_label("Lê Văn Hùng – Bí thư Đảng ủy (Trưởng ban)").check()  # type: ignore[attr-defined]
    page.get_by_label("Họ và tên (người 1)").fill("Nguyễn Thị Hạnh")  # type: ignore[attr-defined]
    page.get_by_label("Chức vụ (người 1)").fill("Bí thư Đảng ủy")  # type: ignore[attr-defined]
    page.get_by_label("Vai trò trong ban (người 1)").fill("Trưởng ban")  # type: ignore[attr-defined]
    assert_accessible(page)
    page.get_by_role("button", name="Ghi lần kiện toàn").click()  # type: ignore[attr-defined]
    page.get_by_text(f"Đã ghi lần kiện toàn ngày {changed:%d/%m/%Y}.").wait_for()  # type: ignore[attr-defined]
    members = page.locator("table[data-testid^='members-']")  # type: ignore[attr-defined]
    assert "Nguyễn Thị Hạnh" in members.inner_text() and "Lê Văn Hùng" not in members.inner_text()
    assert "Thôi tham gia: Lê Văn Hùng (Trưởng ban)" in page.get_by_test_id("change").inner_text()  # type: ignore[attr-defined]
    change = BoardChange.objects.get()
    assert BoardMember.objects.get(full_name="Lê Văn Hùng").left_by == change

    before = changed - dt.timedelta(days=1)
    page.get_by_label("Thành phần Ban vào ngày").fill(f"{before:%d/%m/%Y}")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xem", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text(f"Thành phần ngày {before:%d/%m/%Y}: 2 thành viên").wait_for()  # type: ignore[attr-defined]
    assert "Lê Văn Hùng" in members.inner_text() and "Nguyễn Thị Hạnh" not in members.inner_text()
