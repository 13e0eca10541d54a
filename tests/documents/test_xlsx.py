"""Exports open in Excel with real dates in Việt Nam time, bold headers, and Vietnamese text intact."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from thanthien.documents.xlsx import XLSX_CONTENT_TYPE, csv_response, write_xlsx, xlsx_response

HEADER = ["Mã hồ sơ", "Người nộp", "Ngày hẹn trả", "Thời điểm tiếp nhận", "Số ngày", "Phí"]
ROW = [
    "X16012-241105-0001",
    unicodedata.normalize("NFD", "Nguyễn Thị Hường"),
    dt.date(2024, 11, 8),
    dt.datetime(2024, 11, 5, 1, 30, tzinfo=dt.UTC),  # 08:30 in Hà Nội
    3,
    Decimal("8000"),
]


def test_dates_and_aware_datetimes_are_real_excel_dates_in_vietnam_time() -> None:
    book = load_workbook(io.BytesIO(write_xlsx([("Hồ sơ", HEADER, [ROW])])))
    sheet = book["Hồ sơ"]
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    code, name, due, received, days, fee = sheet[2]
    assert code.value == "X16012-241105-0001"
    assert name.value == "Nguyễn Thị Hường"  # composed again
    assert due.value == dt.datetime(2024, 11, 8)  # openpyxl reads every date cell back as a datetime
    assert due.number_format == "dd/mm/yyyy"
    assert received.value == dt.datetime(2024, 11, 5, 8, 30)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert (days.value, fee.value) == (3, 8000)
    assert sheet.freeze_panes == "A2"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    sheet = load_workbook(io.BytesIO(write_xlsx([("A", ["Ý kiến"], [['=HYPERLINK("http://x")']])])))["A"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'


def test_several_sheets_get_valid_distinct_titles() -> None:
    book = load_workbook(
        io.BytesIO(
            write_xlsx(
                [
                    ("Tổng hợp theo lĩnh vực/kênh tiếp nhận năm 2024", ["A"], []),
                    ("Tổng hợp theo lĩnh vực/kênh tiếp nhận năm 2024", ["A"], iter([[1], [2]])),
                ]
            )
        )
    )
    assert [len(t) <= 31 and "/" not in t for t in book.sheetnames] == [True, True]
    assert len(set(book.sheetnames)) == 2
    assert book.worksheets[1].max_row == 3


def test_the_xlsx_download_has_its_content_type_and_name() -> None:
    response = xlsx_response("Hồ sơ tháng 11.xlsx", [("Hồ sơ", HEADER, [ROW])])
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="Ho-so-thang-11.xlsx"; filename*=')


def test_csv_starts_with_a_bom_and_writes_vietnamese_dates() -> None:
    later = dt.datetime(2024, 11, 5, 16, 45, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    response = csv_response("Hồ sơ.csv", HEADER, [ROW, ["=1+1", "+84 912 345 678", None, later, True, "-5"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1] == ["X16012-241105-0001", "Nguyễn Thị Hường", "08/11/2024", "05/11/2024 08:30", "3", "8000"]
    assert rows[2] == ["'=1+1", "+84 912 345 678", "", "05/11/2024 16:45", "Có", "-5"]
