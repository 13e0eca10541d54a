"""A commune's report in a real browser: the leader generates the report for a period, edits a narrative section,
previews it (a number opens exactly the records it counts), issues it, downloads the PDF and the DOCX. Every page
passes axe-core (browser_page)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from tests.conftest import Personas, assert_accessible, login
from tests.onestop.factories import make_dossier, vn
from thanthien.onestop.models import Channel, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_generates_edits_previews_issues_and_downloads_its_report(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    for day in (7, 8, 9):
        received = vn(2024, 10, day, 9, 0)
        make_dossier(personas.commune_a, channel=Channel.DIRECT, received_at=received, status=Status.RETURNED,
                     due_at=received + dt.timedelta(days=3), resolved_at=received)  # fmt: skip
    make_dossier(personas.commune_b, received_at=vn(2024, 10, 7, 9, 0))
    page: Any = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    page.goto(f"{url}/bao-cao/")
    assert_accessible(page)
    page.get_by_label("Từ ngày").fill("01/01/2024")
    page.get_by_label("Đến ngày").fill("31/12/2024")
    page.get_by_role("button", name="Lập dự thảo").click()
    page.get_by_text("Tổng số hồ sơ đã tiếp nhận:").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Sửa nội dung, người ký").click()
    page.get_by_label("III. Đánh giá chung (ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm)").fill(
        "Cán bộ, công chức tận tình, Nhân dân hài lòng."
    )
    page.get_by_label("Họ tên người ký").fill("Lê Văn Hùng")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu báo cáo.").wait_for()
    assert "Cán bộ, công chức tận tình, Nhân dân hài lòng." in page.locator("article").inner_text()

    # the preview: the number of dossiers received opens exactly those dossiers
    page.locator("article").get_by_role("link", name="3", exact=True).first.click()
    page.wait_for_url("**/mot-cua/**")
    assert page.locator("table tbody tr").count() == 3
    page.go_back()

    page.get_by_role("button", name="Ban hành báo cáo").click()
    page.get_by_text("Đã ban hành báo cáo số 1/BC-UBND").wait_for()
    assert_accessible(page)
    with page.expect_download() as pdf_download:
        page.evaluate(
            "() => { for (const a of document.querySelectorAll('a[href$=\".pdf\"]')) a.setAttribute('download', '') }"
        )
        page.get_by_role("link", name="Tải PDF").click()
    pdf = PdfReader(pdf_download.value.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "Số: 1/BC-UBND" in text and "Tổng số hồ sơ đã tiếp nhận: 3 hồ sơ" in text and "Lê Văn Hùng" in text
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Tải Word (DOCX)").click()
    with open(docx_download.value.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Cán bộ, công chức tận tình, Nhân dân hài lòng." in words and "Tổng số hồ sơ đã tiếp nhận: 3 hồ sơ" in words
