from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from thanthien.core.models import SweepRun
from thanthien.lib.registry import SWEEPS


def test_help_lists_the_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "thanthien", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("demo", "serve", "tick", "import-units", "migrate"):
        assert name in out


@pytest.mark.django_db
def test_tick_runs_every_due_sweep_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("tick")
    first = json.loads(capsys.readouterr().out)
    assert set(first) == set(SWEEPS)
    call_command("tick")
    assert json.loads(capsys.readouterr().out) == {}  # nothing is due again yet
    assert SweepRun.objects.filter(last_finished_at__isnull=False).count() == len(SWEEPS)


@pytest.mark.django_db(transaction=True)  # --reset flushes, which PostgreSQL refuses inside a test transaction
def test_demo_builds_the_seed_structure_and_one_account_per_role(capsys: pytest.CaptureFixture[str]) -> None:
    from thanthien.org.models import Membership, Role, Unit

    call_command("demo")
    out = capsys.readouterr().out
    assert "ThanThien@2026" in out
    names = set(Unit.objects.values_list("name", flat=True))
    assert {
        "Tỉnh Thanh Hóa",
        "Huyện Hoằng Hóa",
        "Huyện Thọ Xuân",
        "Huyện Quan Sơn",
        "Xã Hoằng Hợp",
        "Thị trấn Sao Vàng",
        "Xã Trung Thượng",
        "Tỉnh Lạng Sơn",
        "Thành phố Lạng Sơn",
        "Phường Vĩnh Trại",
        "Xã Hoàng Đồng",
    } <= names
    assert Unit.objects.get(code="16012").successor.code == "16006"
    assert {m.role for m in Membership.objects.all()} == {r.value for r in Role}
    with pytest.raises(SystemExit):
        call_command("demo")  # refuses to load twice without --reset
    call_command("demo", "--reset")
    assert Unit.objects.filter(name="Tỉnh Thanh Hóa").count() == 1
