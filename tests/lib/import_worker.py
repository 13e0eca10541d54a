"""Run in a subprocess by the import-run tests, against a database of its own (DATABASE_URL).

python tests/lib/import_worker.py setup                 migrate-free seeding: one province, two communes
python tests/lib/import_worker.py write FILE ROWS       a dossier CSV of ROWS lines (half without code)
python tests/lib/import_worker.py progress              rows written by the latest run, and its state
python tests/lib/import_worker.py intakes N GAP         N intakes GAP seconds apart; JSON of their durations
python tests/lib/import_worker.py dump UNIT             JSON of the unit's dossiers and events, comparable
python tests/lib/import_worker.py page                  the upload page's runs table as the desk sees it
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
django.setup()

from django.test import Client  # noqa: E402

from thanthien.core.models import ImportRun  # noqa: E402
from thanthien.onestop.actions import Applicant, receive_dossier  # noqa: E402
from thanthien.onestop.importing import COLUMNS  # noqa: E402
from thanthien.onestop.models import Dossier, DossierEvent, Procedure  # noqa: E402
from thanthien.org.actions import create_user, grant_role, save_unit  # noqa: E402
from thanthien.org.models import Role, Unit, UnitKind  # noqa: E402


def setup() -> None:
    province = save_unit(None, Unit(code="T99", name="Tỉnh Thử", kind=UnitKind.PROVINCE))
    for code, name in (("X99001", "Xã Thử Một"), ("X99002", "Xã Thử Hai")):
        save_unit(None, Unit(code=code, name=name, kind=UnitKind.COMMUNE, parent=province))
    officer = create_user("desk99", "mật-khẩu-dài-99", "Nguyễn Thị Bàn")
    grant_role(None, officer, Unit.objects.get(code="X99001"), Role.ONESTOP_OFFICER)


def write(path: str, rows: int) -> None:
    base = dt.datetime(2025, 3, 3, 8, 0)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for n in range(rows):
            received = base + dt.timedelta(minutes=7 * n)
            code = f"K-{n:07d}" if n % 2 else ""
            resolved = (received + dt.timedelta(hours=3)).isoformat(sep=" ", timespec="minutes")
            writer.writerow(
                [
                    code,
                    "2.000815" if n % 3 else "1.004873",
                    "Trực tiếp",
                    received.isoformat(sep=" "),
                    "",
                    resolved if n % 5 else "",
                    "",
                    "",
                    f"Nguyễn Văn {n}",
                    "",
                    "0912345678",
                    "Thôn 1",
                ]
            )


def progress() -> None:
    run = ImportRun.objects.order_by("-pk").first()
    print(json.dumps({"written": run.rows_written if run else 0, "state": run.state if run else ""}))


def intakes(count: int, gap: float) -> None:
    unit = Unit.objects.get(code="X99001")
    procedure = Procedure.objects.get(code="1.004873")
    durations, failures = [], []
    for n in range(count):
        began = time.monotonic()
        try:
            receive_dossier(None, unit, procedure, Applicant(f"Người Nộp {n}", phone="0912345678"))
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
        durations.append(time.monotonic() - began)
        time.sleep(gap)
    print(json.dumps({"durations": durations, "failures": failures}))


def dump(code: str) -> None:
    unit = Unit.objects.get(code=code)
    fields = [
        "code",
        "import_key",
        "procedure_id",
        "channel",
        "status",
        "received_at",
        "due_at",
        "resolved_at",
        "returned_at",
        "applicant_name",
        "applicant_phone",
        "due_explanation",
    ]
    dossiers = [
        {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in d.items()}
        for d in Dossier.objects.filter(unit=unit).order_by("code").values(*fields)
    ]
    events = sorted(
        (e["dossier__code"], e["status_to"], e["at"].isoformat(), e["note"])
        for e in DossierEvent.objects.filter(dossier__unit=unit).values("dossier__code", "status_to", "at", "note")
    )
    print(json.dumps({"dossiers": dossiers, "events": events}, ensure_ascii=False))


def page() -> None:
    client = Client()
    client.force_login(Unit.objects.get(code="X99001").memberships.first().user)
    html = client.get("/mot-cua/nhap-ho-so/", HTTP_HOST="localhost").content.decode()
    start = html.find('data-testid="import-runs"')
    print(html[start : html.find("</table>", start)] if start >= 0 else "")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "setup":
        setup()
    elif command == "write":
        write(args[0], int(args[1]))
    elif command == "progress":
        progress()
    elif command == "intakes":
        intakes(int(args[0]), float(args[1]))
    elif command == "dump":
        dump(args[0])
    elif command == "page":
        page()
