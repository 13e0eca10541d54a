"""`thanthien stats dossiers --unit ... --from ... --to ... [--json]`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Personas
from tests.onestop.test_stats import EXPECTED_MARCH, march_scenario

ARGS = ["stats", "dossiers", "--unit", "X16012", "--from", "2026-03-01", "--to", "2026-03-31"]


@pytest.mark.django_db
def test_json_is_one_object_with_exactly_the_published_keys(
    personas: Personas, capsys: pytest.CaptureFixture[str]
) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    call_command(*ARGS, "--json")
    out = capsys.readouterr().out
    result = json.loads(out)  # one JSON object and nothing else
    assert list(result) == [
        "unit",
        "from",
        "to",
        "carried_over",
        "received",
        "resolved",
        "open_at_end",
        "awaiting_supplement_at_end",
        "withdrawn_or_rejected",
        "on_time_rate",
    ]
    assert list(result["received"]) == ["total", "direct", "postal", "online_partial", "online_full"]
    assert list(result["resolved"]) == ["total", "early", "on_time", "late"]
    assert list(result["open_at_end"]) == ["total", "not_due", "overdue"]
    # Every dossier of the scenario is due before today, so "now" does not change the figures.
    assert result == EXPECTED_MARCH


@pytest.mark.django_db
def test_json_keeps_vietnamese_unescaped(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("stats", "dossiers", "--unit", "X16012", "--from", "2026-03-01", "--to", "2026-03-01", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["on_time_rate"] is None and result["received"]["total"] == 0


@pytest.mark.django_db
def test_readable_table_in_vietnamese(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    call_command(*ARGS)
    out = capsys.readouterr().out
    assert "Xã Hoằng Hợp (X16012)" in out
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in out
    lines = out.splitlines()
    assert any(line.startswith("Tồn kỳ trước chuyển sang") and line.endswith(" 3") for line in lines)
    assert any("bưu chính công ích" in line and line.endswith(" 1") for line in lines)
    assert any(line.startswith("Tỷ lệ trước hạn và đúng hạn") and line.endswith("75,00 %") for line in lines)


@pytest.mark.django_db
def test_subjects_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("stats")
    assert "dossiers\tHồ sơ thủ tục hành chính" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"--unit": "KHONG-CO"}, "Không tìm thấy đơn vị có mã “KHONG-CO”"),
        ({"--from": "2026-02-30"}, "không hợp lệ"),
        ({"--to": "31-03-2026"}, "không hợp lệ"),
        ({"--from": "2026-04-01"}, "sau ngày kết thúc"),
    ],
)
def test_errors_are_vietnamese(personas: Personas, changes: dict[str, str], message: str) -> None:
    args = list(ARGS)
    for option, value in changes.items():
        args[args.index(option) + 1] = value
    with pytest.raises(CommandError, match=message):
        call_command(*args, "--json")


def test_unknown_subject_and_missing_options() -> None:
    with pytest.raises(CommandError, match="Không có loại số liệu “khong-co”"):
        call_command("stats", "khong-co")
    with pytest.raises(CommandError, match="Thiếu --from"):
        call_command("stats", "dossiers", "--unit", "X16012")


def test_exit_code_is_non_zero_from_the_shell() -> None:
    # Dates are checked before the database is touched, so this runs against any configured database.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "thanthien", *ARGS[:-1], "2026-02-01", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "sau ngày kết thúc" in done.stderr
    assert done.stdout == ""
