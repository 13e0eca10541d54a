"""Province-sized dossier data for the benchmarks, written with PostgreSQL COPY (minutes, not hours)."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from thanthien.onestop.models import Dossier, Procedure  # noqa: E402
from thanthien.org.actions import rebuild_paths  # noqa: E402
from thanthien.org.models import Unit, UnitKind  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COMMUNES = int(os.environ.get("BENCH_COMMUNES", "500"))
YEARS = int(os.environ.get("BENCH_YEARS", "3"))
PER_YEAR = int(os.environ.get("BENCH_PER_YEAR", "1000"))
PROVINCE = "BENCH"
CHANNELS = ["direct"] * 5 + ["online_full"] * 2 + ["online_partial"] * 2 + ["postal"]
COLUMNS = (
    "unit_id, procedure_id, code, pin, channel, status, applicant_name, applicant_id_number, applicant_phone, "
    "applicant_address, applicant_email, weekend_reception, home_service, papers, note, received_at, due_at, "
    "due_explanation, supplement_requested_at, supplement_received_at, resolved_at, returned_at, ended_at, "
    "created_at, updated_at"
)


def units() -> list[Unit]:
    province, _ = Unit.objects.get_or_create(
        code=PROVINCE, defaults={"name": "Tỉnh Thử Nghiệm", "kind": UnitKind.PROVINCE}
    )
    existing = {u.code: u for u in Unit.objects.filter(parent=province)}
    new = [
        Unit(code=f"{PROVINCE}-{n:04d}", name=f"Xã Thử Nghiệm {n}", kind=UnitKind.COMMUNE, parent=province)
        for n in range(1, COMMUNES + 1)
        if f"{PROVINCE}-{n:04d}" not in existing
    ]
    Unit.objects.bulk_create(new)
    rebuild_paths()
    return list(Unit.objects.filter(parent=province).order_by("code"))[:COMMUNES]


def rows_for(unit: Unit, procedures: list[int], today: dt.date, rng: random.Random) -> list[str]:
    out = []
    start = today - dt.timedelta(days=365 * YEARS)
    now = dt.datetime.now(TZ)
    for n in range(PER_YEAR * YEARS):
        received = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(365 * YEARS)), dt.time(8), TZ)
        received += dt.timedelta(minutes=rng.randrange(8 * 60))
        due = received + dt.timedelta(days=rng.choice([0.3, 1, 3, 5]))
        resolved = received + dt.timedelta(hours=rng.uniform(1, 100))
        roll = rng.random()
        status, ended, returned = 10, "\\N", "\\N"
        if roll < 0.01:
            status, ended, resolved_text = 7, received.isoformat(), "\\N"
        elif resolved > now:
            status, resolved_text = 4, "\\N"
        else:
            resolved_text = resolved.isoformat()
            returned = resolved.isoformat()
        out.append(
            "\t".join(
                [
                    str(unit.pk),
                    str(rng.choice(procedures)),
                    f"{unit.code}-{n:07d}",
                    "AB23",
                    rng.choice(CHANNELS),
                    str(status),
                    "Nguyễn Văn Án",
                    "038090001234",
                    "0912345678",
                    "Thôn 1",
                    "",
                    "f",
                    "f",
                    "",
                    "",
                    received.isoformat(),
                    due.isoformat(),
                    "[]",
                    "\\N",
                    "\\N",
                    resolved_text,
                    returned,
                    ended,
                    now.isoformat(),
                    now.isoformat(),
                ]
            )
        )
    return out


def main() -> None:
    if os.environ.get("BENCH_QUICK", "") not in ("", "0"):
        return  # the quick run times the import against COPY only, on an empty commune
    assert connection.vendor == "postgresql", "the benchmark data set is written with PostgreSQL COPY"
    communes = units()
    have = Dossier.objects.filter(unit__in=communes).count()
    target = len(communes) * PER_YEAR * YEARS
    if have >= target:
        print(f"Dữ liệu đã có: {have:,} hồ sơ.")
        return
    Dossier.objects.filter(unit__in=communes).delete()
    procedures = list(Procedure.objects.values_list("pk", flat=True))
    rng = random.Random(2026)
    today = dt.date(2026, 11, 1)
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for i, unit in enumerate(communes, 1):
            with raw.copy(f"COPY onestop_dossier ({COLUMNS}) FROM STDIN") as copy:
                copy.write("\n".join(rows_for(unit, procedures, today, rng)) + "\n")
            if i % 50 == 0:
                print(f"  {i}/{len(communes)} xã")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE onestop_dossier")
    print(f"Đã tạo {target:,} hồ sơ trong {time.perf_counter() - began:.0f} s.")


if __name__ == "__main__":
    main()
