"""In a browser: the province's supervisor opens the roll-out page and reads the share of recognised communes against
the province's targets (50 % by 31/12/2025, 100 % by 31/12/2030), the communes still missing and the rankings;
then a commune's recognition page and an inspection. Every page passes axe-core (browser_page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import Personas, login
from thanthien.programme import actions_judging as actions
from thanthien.programme.models import Recognition, RolloutTarget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_roll_out_page_of_the_province_shows_the_share_against_its_targets(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    today = timezone.localdate()
    for by, share in ((dt.date(2025, 12, 31), "0.5"), (dt.date(2030, 12, 31), "1")):
        RolloutTarget.objects.create(unit=personas.province, by_date=by, share=Decimal(share))
    Recognition.objects.create(
        unit=personas.commune_a, level="province", decided_on=dt.date(2024, 9, 1), decision_number="1234/QĐ-UBND"
    )
    inspection = actions.record_inspection(
        personas.supervisor,
        personas.commune_a,
        {"by_kind": "supervisor", "held_on": today - dt.timedelta(days=30), "content": "Kiểm tra mô hình"},
    )
    actions.add_remedy(personas.supervisor, inspection, {"text": "Niêm yết", "due_on": today - dt.timedelta(days=1)})
    login(page, live_server.url, "supervisor")  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/mo-hinh/nhan-rong/?unit=T38")  # type: ignore[attr-defined]
    share = page.get_by_test_id("rollout-share")  # type: ignore[attr-defined]
    assert "1/2 xã, phường được công nhận: 50,0 %" in share.inner_text()
    targets = page.get_by_test_id("rollout-targets").inner_text()  # type: ignore[attr-defined]
    assert "31/12/2025" in targets and "Đã đạt" in targets
    assert "31/12/2030" in targets and "Chưa đạt" in targets and "1 xã" in targets
    assert "Xã Hoằng Quý" in page.get_by_test_id("rollout-missing").inner_text()  # type: ignore[attr-defined]
    assert (
        page.get_by_role("img", name="Tỷ lệ được công nhận 50,0 % so với các chỉ tiêu; số liệu ở bảng dưới").count()
        == 1
    )  # type: ignore[attr-defined]
    page.get_by_label("Tính đến ngày").fill("01/01/2024")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xem").click()  # type: ignore[attr-defined]
    page.get_by_text("0/2 xã, phường được công nhận").wait_for()  # type: ignore[attr-defined]
    page.get_by_test_id("rollout-missing").get_by_role("link", name="Xã Hoằng Hợp").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Công nhận mô hình – Xã Hoằng Hợp").wait_for()  # type: ignore[attr-defined]
    assert "được tính là mô hình" in page.get_by_test_id("counted").inner_text()  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/mo-hinh/kiem-tra/?unit=T38&from=01/01/2020")  # type: ignore[attr-defined]
    page.get_by_role("link", name=f"{inspection.held_on:%d/%m/%Y}").click()  # type: ignore[attr-defined]
    page.get_by_text("Quá hạn, chưa khắc phục").wait_for()  # type: ignore[attr-defined]
