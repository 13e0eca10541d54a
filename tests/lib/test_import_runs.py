"""An import never holds SQLite's write lock for long, and a killed import never looks complete.

Each test runs the real `thanthien import` command in a subprocess against a database of its own (a file
database on SQLite, a fresh database on PostgreSQL), kills it with SIGKILL half-way, and compares what is left
and what a second run leaves with an uninterrupted run of the same file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
WORKER = [sys.executable, str(ROOT / "tests" / "lib" / "import_worker.py")]
THANTHIEN = [sys.executable, "-m", "thanthien"]
ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0"}


def _run(args: list[str], url: str, timeout: float = 300) -> str:
    done = subprocess.run(args, env=_env(url), cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _import(url: str, path: Path, unit: str = "X99001") -> subprocess.Popen[str]:
    args = [*THANTHIEN, "import", "dossiers", str(path), "--unit", unit]
    return subprocess.Popen(args, env=_env(url), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _progress(url: str) -> dict[str, Any]:
    return json.loads(_run([*WORKER, "progress"], url))


def _kill_when(
    url: str, process: subprocess.Popen[str], ready: Any, delay: float = 0, deadline: float = 120
) -> dict[str, Any]:
    """SIGKILL the import `delay` seconds after `ready(progress)` holds; the progress seen then."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        seen = _progress(url)
        if ready(seen):
            time.sleep(delay)
            assert process.poll() is None, "the import finished before it could be interrupted"
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return seen
        assert process.poll() is None, "the import finished before it could be interrupted: make the file larger"
        time.sleep(0.1)
    raise AssertionError("the import never reached its write phase")


# --- SQLite ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("runs") / "base.sqlite3"
    url = f"sqlite:///{base}"
    _run([*THANTHIEN, "migrate", "--noinput", "-v0"], url)
    _run([*WORKER, "setup"], url)
    return base


def _sqlite_copy(base: Path, name: str) -> str:
    target = base.with_name(name)
    shutil.copy(base, target)
    return f"sqlite:///{target}"


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's single writer")
def test_twenty_intakes_during_a_large_import_all_succeed_within_seconds(sqlite_base: Path) -> None:
    url = _sqlite_copy(sqlite_base, "busy.sqlite3")
    big = sqlite_base.with_name("big.csv")
    _run([*WORKER, "write", str(big), "40000"], url)
    process = _import(url, big, unit="X99002")
    try:
        end = time.monotonic() + 120
        while _progress(url)["written"] == 0:  # start the desk's work once the import writes
            assert time.monotonic() < end and process.poll() is None
            time.sleep(0.1)
        result = json.loads(_run([*WORKER, "intakes", "20", "0.2"], url))
        still_writing = _progress(url)["state"] == "running"
    finally:
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert result["failures"] == []
    assert max(result["durations"]) < 3, result["durations"]
    assert still_writing, "the import ended before the intakes did: the test proved nothing"
    assert "thêm mới 40000" in out


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite commits each batch")
def test_a_killed_import_is_shown_interrupted_and_a_second_run_gives_the_uninterrupted_result(
    sqlite_base: Path,
) -> None:
    killed, clean = _sqlite_copy(sqlite_base, "killed.sqlite3"), _sqlite_copy(sqlite_base, "clean.sqlite3")
    path = sqlite_base.with_name("kill.csv")
    _run([*WORKER, "write", str(path), "12000"], killed)  # half the lines without code: numbered on import
    seen = _kill_when(killed, _import(killed, path), lambda p: p["written"] > 0)
    assert seen["state"] == "running"
    left = json.loads(_run([*WORKER, "dump", "X99001"], killed))
    assert 0 < len(left["dossiers"]) < 12000  # batches written before the kill stay, as the run record says
    page = _run([*WORKER, "page"], killed)
    assert "Bị gián đoạn" in page and "chưa hoàn tất" in page

    again = _run([*THANTHIEN, "import", "dossiers", str(path), "--unit", "X99001"], killed)
    assert f"không đổi {len(left['dossiers'])}" in again
    _run([*THANTHIEN, "import", "dossiers", str(path), "--unit", "X99001"], clean)
    assert _run([*WORKER, "dump", "X99001"], killed) == _run([*WORKER, "dump", "X99001"], clean)
    assert "đã hoàn tất ở lần nhập" in _run([*WORKER, "page"], killed)


# --- PostgreSQL ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_databases() -> Iterator[tuple[str, str]]:
    """Two fresh databases, migrated and seeded alike (the second a copy of the first)."""
    import psycopg

    admin = settings.DATABASES["default"]
    dsn = {"host": admin["HOST"], "port": admin["PORT"] or 5432, "user": admin["USER"], "dbname": "postgres"}
    if admin.get("PASSWORD"):
        dsn["password"] = admin["PASSWORD"]
    names = [f"h6_runs_{os.getpid()}_a", f"h6_runs_{os.getpid()}_b"]
    base = f"postgres://{admin['USER']}@{admin['HOST']}:{dsn['port']}/"
    with psycopg.connect(**dsn, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        try:
            conn.execute(f'CREATE DATABASE "{names[0]}"')
            _run([*THANTHIEN, "migrate", "--noinput", "-v0"], base + names[0])
            _run([*WORKER, "setup"], base + names[0])
            conn.execute(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"')
            yield base + names[0], base + names[1]
        finally:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_killed_import_on_postgresql_leaves_nothing_and_a_second_run_gives_the_uninterrupted_result(
    pg_databases: tuple[str, str], tmp_path: Path
) -> None:
    killed, clean = pg_databases
    path = tmp_path / "kill.csv"
    _run([*WORKER, "write", str(path), "60000"], killed)
    # The run is recorded before the write transaction opens; kill it inside that transaction.
    process = _import(killed, path)
    _kill_when(killed, process, lambda p: p["state"] == "running", delay=0.5)
    assert json.loads(_run([*WORKER, "dump", "X99001"], killed))["dossiers"] == []  # rolled back whole
    page = _run([*WORKER, "page"], killed)
    assert "Bị gián đoạn" in page and "chưa hoàn tất" in page

    assert "thêm mới 60000" in _run([*THANTHIEN, "import", "dossiers", str(path), "--unit", "X99001"], killed)
    _run([*THANTHIEN, "import", "dossiers", str(path), "--unit", "X99001"], clean)
    assert _run([*WORKER, "dump", "X99001"], killed) == _run([*WORKER, "dump", "X99001"], clean)
