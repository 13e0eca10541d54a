"""The one reader of an import line's cells (lib.cells): each problem names its column, in Vietnamese."""

from __future__ import annotations

import datetime as dt

from thanthien.lib.cells import Cells

TODAY = dt.date(2026, 12, 1)


def read(**raw: str) -> tuple[Cells, list[str]]:
    problems: list[str] = []
    return Cells(dict(raw), problems, TODAY), problems


def test_days_future_only_when_asked_and_never_before_2000() -> None:
    cells, problems = read(a="08/10/2024", b="2027-01-01", c="01/01/1800", d="31/02/2026", e="1899-05-01")
    assert cells.day("a", "ngày") == dt.date(2024, 10, 8)
    assert cells.day("b", "hạn", future=True) == dt.date(2027, 1, 1)
    assert cells.day("b", "ngày") is None and "ngày (b) 01/01/2027 ở tương lai" in problems
    assert cells.day("c", "ngày") is None and "ngày (c) trước năm 2000: kiểm tra lại năm" in problems
    assert cells.day("e", "ngày") is None and problems[-1] == "ngày (e) trước năm 2000: kiểm tra lại năm"
    assert cells.day("d", "ngày") is None and problems[-1].startswith("ngày (d) “31/02/2026” không hợp lệ")
    assert cells.day("missing", "ngày", required=True) is None and problems[-1].startswith("thiếu ngày (missing)")


def test_counts_take_grouped_thousands_and_say_their_limits() -> None:
    cells, problems = read(a="46.804", b="46,804", c="-3", d="")
    assert cells.count("a", "số người", None, 0, 1_000_000) == 46_804
    assert cells.count("b", "số người", None, 0, 1_000_000) == 46_804
    assert cells.count("c", "số người", 7) == 7 and "“-3” phải là số nguyên từ 0 đến 30.000" in problems[-1]
    assert cells.count("d", "số người", 1) == 1 and len(problems) == 1


def test_texts_collapse_to_one_line_and_are_bounded() -> None:
    cells, problems = read(a="  Hội nghị \n  thôn 1 ", b="x" * 11)
    assert cells.text("a", "nội dung", 100) == "Hội nghị thôn 1"
    cells.text("b", "tên", 10)
    assert problems == ["tên (b) dài quá 10 ký tự"]
    assert cells.flag("missing", "có mặt", True) is True
