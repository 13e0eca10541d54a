"""Times the period statistics and the dossier import on the benchmark data set (bench/generate.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
django.setup()

from thanthien.onestop.importing import COLUMNS, import_dossiers  # noqa: E402
from thanthien.onestop.models import Dossier  # noqa: E402
from thanthien.onestop.stats import dossier_stats, stats_by_commune  # noqa: E402
from thanthien.org.actions import rebuild_paths  # noqa: E402
from thanthien.org.models import Unit, UnitKind  # noqa: E402

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
START, END = dt.date(2023, 11, 1), dt.date(2026, 10, 31)


def timed(label: str, fn: Callable[[], object], runs: int = 5) -> float:
    fn()  # warm the caches, as a page reloaded by a user would
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    median = statistics.median(samples)
    print(f"{label:<58} trung vị {median * 1000:8.1f} ms  (tốt nhất {min(samples) * 1000:.1f} ms, {runs} lần)")
    return median


def import_rate() -> float:
    province = Unit.objects.get(code="BENCH")
    unit, _ = Unit.objects.get_or_create(
        code="BENCH-IMPORT", defaults={"name": "Xã Nhập Thử", "kind": UnitKind.COMMUNE, "parent": province}
    )
    rebuild_paths()
    Dossier.objects.filter(unit=unit).delete()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    base = dt.datetime(2025, 3, 3, 8, 0)  # noqa: DTZ001 — written without offset: the import reads it as Vietnam time
    for n in range(IMPORT_ROWS):
        received = base + dt.timedelta(minutes=7 * n)
        writer.writerow(
            [
                f"BI-{n:07d}",
                "2.000815" if n % 3 else "1.004873",
                "Trực tiếp" if n % 4 else "online_full",
                received.isoformat(sep=" ", timespec="minutes"),
                "",
                (received + dt.timedelta(hours=3)).isoformat(),
                "",
                "",
                f"Nguyễn Văn {n}",
                "038090001234",
                "0912345678",
                "Thôn 1",
            ]
        )
    data = buffer.getvalue().encode()
    began = time.perf_counter()
    report = import_dossiers(None, unit, io.BytesIO(data), filename="bench.csv")
    elapsed = time.perf_counter() - began
    assert report.ok, report.errors[:5]
    rate = IMPORT_ROWS / elapsed
    print(f"{'import_dossiers ' + format(IMPORT_ROWS, ',') + ' dòng':<58} {elapsed:8.1f} s   = {rate:,.0f} dòng/s")
    again = time.perf_counter()
    report = import_dossiers(None, unit, io.BytesIO(data), filename="bench.csv")
    print(
        f"{'nhập lại cùng tệp (không thay đổi gì)':<58} {time.perf_counter() - again:8.1f} s   "
        f"(thêm {report.created}, sửa {report.updated})"
    )
    return rate


def main() -> None:
    province = Unit.objects.get(code="BENCH")
    commune = Unit.objects.filter(parent=province, code__startswith="BENCH-0").order_by("code").first()
    assert commune is not None
    total = Dossier.objects.filter(unit__parent=province).count()
    print(f"Dữ liệu: {Unit.objects.filter(parent=province).count()} xã, {total:,} hồ sơ; kỳ {START} – {END}\n")
    one = timed("thống kê 3 năm của một xã", lambda: dossier_stats(commune, START, END))
    whole = timed("thống kê 3 năm của cả tỉnh", lambda: dossier_stats(province, START, END))
    timed("thống kê 3 năm theo từng xã của cả tỉnh", lambda: stats_by_commune(province, START, END), runs=3)
    rate = import_rate()
    print()
    print(
        f"Mục tiêu: một xã < 100 ms: {'ĐẠT' if one < 0.1 else 'CHƯA ĐẠT'}; cả tỉnh < 2 s: "
        f"{'ĐẠT' if whole < 2 else 'CHƯA ĐẠT'}; nhập ≥ 5.000 dòng/s: {'ĐẠT' if rate >= 5000 else 'CHƯA ĐẠT'}"
    )


if __name__ == "__main__":
    main()
