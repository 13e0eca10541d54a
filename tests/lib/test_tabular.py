"""The one tabular reader: delimiters, encodings, NUL, limits."""

from __future__ import annotations

import io
import unicodedata

import pytest
from openpyxl import Workbook

from thanthien.lib.tabular import ENCODING_MESSAGE, Limits, TabularError, decode, read_lines

NO_LIMITS = Limits()


def lines(raw: bytes, name: str = "t.csv", limits: Limits = NO_LIMITS) -> list[tuple[int, dict[str, object]]]:
    return [(line.number, line.values) for line in read_lines(raw, name, ["ma", "ten"], limits)]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_any_delimiter_taken_from_the_header(delimiter: str) -> None:
    raw = f"ma{delimiter}ten\n1{delimiter}Thôn 1, xã Trung Hạ\n\n2{delimiter}B\n"
    assert lines(raw.encode()) == [(2, {"ma": "1", "ten": "Thôn 1, xã Trung Hạ"}), (4, {"ma": "2", "ten": "B"})]


def test_utf8_with_and_without_bom_and_utf16() -> None:
    text = "ma,ten\n1,Nguyễn Thị Ánh\n"
    for raw in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        assert lines(raw) == [(2, {"ma": "1", "ten": "Nguyễn Thị Ánh"})]


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters precomposed where the code page has them, tones apart."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)))
        out.extend(c for c in parts if c in tones)
    return "".join(out).encode("cp1258")


def test_windows_1258_is_read() -> None:
    raw = cp1258("ma,ten\n1,Trần Văn Đức\n2,Phạm Thị Hương\n")
    assert [v["ten"] for _, v in lines(raw)] == ["Trần Văn Đức", "Phạm Thị Hương"]


def test_windows_1252_and_other_legacy_pages_are_refused_with_a_message() -> None:
    raw = "ma,ten\n1,Café crème\n".encode("cp1252")
    with pytest.raises(TabularError) as caught:
        lines(raw)
    assert str(caught.value) == ENCODING_MESSAGE and "UTF-8" in ENCODING_MESSAGE
    assert decode(b"abc") == "abc"


def test_a_utf16_mark_on_bytes_that_are_not_utf16_is_refused_with_a_message() -> None:
    with pytest.raises(TabularError) as caught:
        lines(b"\xff\xfe\x00\x01garbage\x00\n")
    assert str(caught.value) == ENCODING_MESSAGE


def test_nul_in_a_cell_is_reported_with_its_line_and_column() -> None:
    raw = b"ma,ten\n1,An\n2,B\x00ao\n"
    found = list(read_lines(raw, "t.csv", ["ma", "ten"]))
    assert found[0].problems == [] and found[1].number == 3
    assert found[1].problems and found[1].problems[0][0] == "ten" and "NUL" in found[1].problems[0][1]
    assert "\x00" not in str(found[1].values)


def test_xlsx_first_sheet_and_nul_in_an_xlsx_cell() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["MA", " Ten "])
    sheet.append([1, "Lê Văn Nam"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert lines(buffer.getvalue(), "t.xlsx") == [(2, {"ma": 1, "ten": "Lê Văn Nam"})]


def test_size_and_row_limits() -> None:
    raw = ("ma,ten\n" + "".join(f"{n},A\n" for n in range(20))).encode()
    with pytest.raises(TabularError, match="hơn 10 dòng"):
        lines(raw, limits=Limits(max_rows=10))
    with pytest.raises(TabularError, match="lớn hơn 0 MB"):
        lines(raw, limits=Limits(max_bytes=10))
    assert len(lines(raw, limits=Limits(max_bytes=len(raw), max_rows=20))) == 20


def test_missing_columns_and_no_header() -> None:
    with pytest.raises(TabularError, match="Thiếu cột: ten"):
        lines(b"ma\n1\n")
    with pytest.raises(TabularError, match="không có dòng tiêu đề"):
        lines(b"")
