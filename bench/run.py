"""Times the period statistics, the dossier import, the province's roll-up report and one commune's three-year
periodic report (DOCX and PDF) on the benchmark data set (bench/generate.py)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
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
RATIO_ROWS = int(os.environ.get("BENCH_RATIO_ROWS", "20000"))
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
# Only the statistics and the reports (no import timings): `make bench BENCH_REPORTS_ONLY=1`.
REPORTS_ONLY = os.environ.get("BENCH_REPORTS_ONLY", "") not in ("", "0")
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


def import_unit() -> Unit:
    province, _ = Unit.objects.get_or_create(
        code="BENCH", defaults={"name": "Tỉnh Thử Nghiệm", "kind": UnitKind.PROVINCE}
    )
    unit, _ = Unit.objects.get_or_create(
        code="BENCH-IMPORT", defaults={"name": "Xã Nhập Thử", "kind": UnitKind.COMMUNE, "parent": province}
    )
    rebuild_paths()
    Dossier.objects.filter(unit=unit).delete()
    return unit


def import_file(rows: int) -> bytes:
    """The import's own format (bench rows: two procedures, two channels, due dates computed, no code half the
    time so that codes are drawn)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    base = dt.datetime(2025, 3, 3, 8, 0)  # noqa: DTZ001 — written without offset: the import reads it as Vietnam time
    for n in range(rows):
        received = base + dt.timedelta(minutes=7 * n)
        writer.writerow(
            [
                f"BI-{n:07d}" if n % 2 else "",
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
    return buffer.getvalue().encode()


def import_rate() -> float:
    unit = import_unit()
    data = import_file(IMPORT_ROWS)
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


RATIO_ROUNDS = int(os.environ.get("BENCH_RATIO_ROUNDS", "3"))


def copy_ratio() -> float:
    """The import of RATIO_ROWS dossiers into an empty commune against COPY of the same rows into the same table,
    in one run: each round imports the file (reading, checking, due dates, codes, events and all), copies the
    rows it wrote out, deletes them and times COPY of them back in. Rounds are seconds apart, so each round's
    ratio compares the two under the same load; the median of the rounds is the figure."""
    unit = import_unit()
    data = import_file(RATIO_ROWS)
    ratios = []
    for round_ in range(1, RATIO_ROUNDS + 1):
        imported, copied = _import_then_copy(unit, data)
        rate_import, rate_copy = RATIO_ROWS / imported, RATIO_ROWS / copied
        ratios.append(rate_import / rate_copy)
        print(
            f"lượt {round_}: import_dossiers {RATIO_ROWS:,} dòng vào xã trống {imported:6.2f} s = {rate_import:7,.0f} "
            f"dòng/s; COPY cùng các dòng {copied:5.2f} s = {rate_copy:7,.0f} dòng/s; tỉ lệ {ratios[-1]:.2f}"
        )
    ratio = statistics.median(ratios)
    verdict = "ĐẠT" if ratio >= 0.3 else "CHƯA ĐẠT"
    print(f"{'tỉ lệ nhập / COPY, trung vị (mục tiêu ≥ 0,30)':<58} {ratio:8.2f}     {verdict}")
    return ratio


def _import_then_copy(unit: Unit, data: bytes) -> tuple[float, float]:
    from django.db import connection

    Dossier.objects.filter(unit=unit).delete()
    began = time.perf_counter()
    report = import_dossiers(None, unit, io.BytesIO(data), filename="bench.csv")
    imported = time.perf_counter() - began
    assert report.ok and report.created == RATIO_ROWS, report.errors[:5]
    table = Dossier._meta.db_table
    columns = ", ".join(f'"{f.column}"' for f in Dossier._meta.concrete_fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        dump = bytearray()
        with raw.copy(f"COPY (SELECT {columns} FROM {table} WHERE unit_id = %s) TO STDOUT", [unit.pk]) as out:
            for chunk in out:
                dump += chunk
        Dossier.objects.filter(unit=unit).delete()
        began = time.perf_counter()
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(bytes(dump))
        copied = time.perf_counter() - began
    Dossier.objects.filter(unit=unit).delete()
    return imported, copied


def rollup_time(province: Unit) -> float:
    """The province's roll-up over all its communes (reports.rollup.build_rollup), as the background task runs it."""
    from thanthien.reports.rollup import build_rollup

    communes = []
    began = time.perf_counter()
    result = build_rollup(province, START, END, progress=lambda done, total: communes.append(done))
    elapsed = time.perf_counter() - began
    rows = len([r for r in result["sections"]["communes"] if not r["extra"]])
    print(f"{'báo cáo tổng hợp 3 năm của tỉnh (' + str(rows) + ' xã)':<58} {elapsed:8.1f} s")
    return elapsed


def rollup_files_time(province: Unit) -> None:
    from thanthien.reports.rollup import build_rollup
    from thanthien.reports.rollup_outputs import render_rollup

    result = build_rollup(province, START, END)
    for fmt in ("docx", "pdf", "xlsx"):
        began = time.perf_counter()
        data = render_rollup(result, fmt)
        label = f"tệp {fmt.upper()} của báo cáo tổng hợp"
        print(f"{label:<58} {time.perf_counter() - began:8.1f} s   ({len(data):,} byte)")


def periodic_render() -> Callable[..., bytes] | None:
    """`render(unit, start, end, fmt)` of a commune's periodic report, where the reports app has it."""
    import importlib

    for module in ("thanthien.reports.periodic", "thanthien.reports.outputs"):
        try:
            found = getattr(importlib.import_module(module), "render", None)
        except ImportError:
            continue
        if callable(found):
            return found  # type: ignore[no-any-return]
    return None


def periodic_times(commune: Unit) -> dict[str, float | None]:
    render = periodic_render()
    out: dict[str, float | None] = {}
    for fmt in ("docx", "pdf"):
        label = f"báo cáo định kỳ 3 năm của một xã, {fmt.upper()}"
        if render is None:
            print(f"{label:<58} chưa có")
            out[fmt] = None
            continue
        out[fmt] = timed(label, functools.partial(render, commune, START, END, fmt), runs=3)
    return out


def main() -> None:
    if QUICK:
        copy_ratio()
        return
    province = Unit.objects.get(code="BENCH")
    commune = Unit.objects.filter(parent=province, code__startswith="BENCH-0").order_by("code").first()
    assert commune is not None
    total = Dossier.objects.filter(unit__parent=province).count()
    print(f"Dữ liệu: {Unit.objects.filter(parent=province).count()} xã, {total:,} hồ sơ; kỳ {START} – {END}\n")
    one = timed("thống kê 3 năm của một xã", lambda: dossier_stats(commune, START, END))
    whole = timed("thống kê 3 năm của cả tỉnh", lambda: dossier_stats(province, START, END))
    timed("thống kê 3 năm theo từng xã của cả tỉnh", lambda: stats_by_commune(province, START, END), runs=3)
    rolled = rollup_time(province)
    rollup_files_time(province)
    reports = periodic_times(commune)
    verdicts = [f"báo cáo tổng hợp của tỉnh < 30 s: {'ĐẠT' if rolled < 30 else 'CHƯA ĐẠT'} ({rolled:.1f} s)"]
    for fmt, seconds in reports.items():
        shown = "chưa có" if seconds is None else ("ĐẠT" if seconds < 3 else "CHƯA ĐẠT") + f" ({seconds:.2f} s)"
        verdicts.append(f"báo cáo định kỳ của một xã, {fmt.upper()} < 3 s: {shown}")
    if REPORTS_ONLY:
        print("\nMục tiêu: " + "; ".join(verdicts))
        return
    rate = import_rate()
    ratio = copy_ratio()
    print()
    print(
        f"Mục tiêu: một xã < 100 ms: {'ĐẠT' if one < 0.1 else 'CHƯA ĐẠT'}; cả tỉnh < 2 s: "
        f"{'ĐẠT' if whole < 2 else 'CHƯA ĐẠT'}; nhập ≥ 5.000 dòng/s: {'ĐẠT' if rate >= 5000 else 'CHƯA ĐẠT'}; "
        f"nhập / COPY ≥ 0,30: {'ĐẠT' if ratio >= 0.3 else 'CHƯA ĐẠT'} ({ratio:.2f})"
    )
    print("Mục tiêu: " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
