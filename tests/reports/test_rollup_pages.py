"""The roll-up pages: a supervisor sees the table, the ranking, the summary and the files; another province's
supervisor finds nothing (404) and a commune's official is refused (403); a unit with more communes than a page
should wait for runs in the background (django-tasks) with its progress stored and shown until done."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from docx import Document

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.reports import tasks
from thanthien.reports.models import RollupRun, RunStatus

from .rollup_data import build

pytestmark = pytest.mark.django_db

PERIOD = {"unit": "H399", "from": "01/01/2026", "to": "31/03/2026"}


def test_the_supervisor_reads_the_rollup_and_its_files(personas: Personas) -> None:
    build(personas)
    client = personas.client(personas.supervisor)
    page = client.get(reverse("reports:rollup"), PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="rollup-table"' in html and "Xã Hoằng Hợp" in html and "Xã Hoằng Quý" in html
    assert "Dưới ngưỡng" in html and "toàn huyện đã xây dựng được 2 mô hình" in html
    assert "Phường Vĩnh Trại" not in html  # another province's ward is not a row, even as a successor
    for fmt, kind in (("docx", "wordprocessingml"), ("pdf", "pdf"), ("xlsx", "spreadsheetml")):
        response = client.get(reverse("reports:rollup_file", args=[fmt]), PERIOD)
        assert response.status_code == 200 and kind in response["Content-Type"], fmt
    text = "\n".join(
        p.text
        for p in Document(
            io.BytesIO(client.get(reverse("reports:rollup_file", args=["docx"]), PERIOD).content)
        ).paragraphs
    )
    assert "toàn huyện đã xây dựng được 2 mô hình" in text
    assert client.get(reverse("reports:rollup_file", args=["exe"]), PERIOD).status_code == 404
    # Bad input is a Vietnamese message, never a server error.
    bad = client.get(reverse("reports:rollup"), {"unit": "H399", "from": "32/13/2026", "to": "x"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()
    assert client.get(reverse("reports:rollup"), {"unit": "KHONG-CO"}).status_code == 200


def test_other_supervisors_and_commune_officials_cannot_read_it(personas: Personas) -> None:
    build(personas)
    other = personas.client(personas.other_supervisor)
    assert other.get(reverse("reports:rollup"), PERIOD).status_code == 404
    assert other.get(reverse("reports:rollup_file", args=["pdf"]), PERIOD).status_code == 404
    for user in (personas.officer_a, personas.leader_a, personas.officer_b):
        client = personas.client(user)
        assert client.get(reverse("reports:rollup"), PERIOD).status_code in (403, 404)
        assert client.get(reverse("reports:rollup_file", args=["xlsx"]), PERIOD).status_code in (403, 404)
    # A supervisor may not roll up a single commune (403), and an anonymous visitor is sent to log in.
    supervisor = personas.client(personas.supervisor)
    assert supervisor.get(reverse("reports:rollup"), {**PERIOD, "unit": "X16012"}).status_code == 403
    assert personas.client(None).get(reverse("reports:rollup"), PERIOD).status_code == 302


@override_settings(REPORTS_ROLLUP_INLINE_LIMIT=1)
def test_a_large_unit_runs_in_the_background_with_its_progress(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    build(personas)
    client = personas.client(personas.supervisor)
    page = client.get(reverse("reports:rollup"), PERIOD)
    assert page.status_code == 200 and 'data-testid="rollup-start"' in page.content.decode()
    assert 'data-testid="rollup-table"' not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("reports:rollup_start"), PERIOD)
    run = RollupRun.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("reports:rollup_run", args=[run.pk])
    assert run.status == RunStatus.QUEUED and run.task_id and run.created_by == personas.supervisor
    assert AuditEntry.objects.filter(action="report.rollup", unit=personas.district).exists()
    # While queued: an accessible progress bar, refreshed by a static script (no inline script).
    waiting = client.get(reverse("reports:rollup_run", args=[run.pk])).content.decode()
    assert 'role="progressbar"' in waiting and 'aria-valuenow="0"' in waiting
    assert "reports/rollup.js" in waiting and "<script>" not in waiting
    # Asking again while it is queued shows the same run.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:rollup_start"), PERIOD)
    assert RollupRun.objects.count() == 1
    # The worker (django-tasks' database backend) runs it to the end, telling its progress.
    seen: list[tuple[int, int]] = []
    real = tasks.build_rollup

    def watched(unit: Any, start: Any, end: Any, progress: Any = None) -> Any:
        def spy(done: int, total: int) -> None:
            progress(done, total)
            stored = RollupRun.objects.get(pk=run.pk)
            seen.append((stored.done, stored.total))

        return real(unit, start, end, spy)

    queued = DBTaskResult.objects.get()
    assert str(queued.id) == run.task_id and queued.task_path == "thanthien.reports.tasks.run_rollup"
    assert queued.task_result.args == [run.pk]
    # The worker's own step (db_worker's loop runs exactly this; the loop itself closes the test's connection).
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=1, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    tasks.build_rollup = watched  # type: ignore[assignment]
    try:
        worker.run_task(queued)
    finally:
        tasks.build_rollup = real  # type: ignore[assignment]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and (run.done, run.total) == (2, 2) and run.finished_at
    assert seen == [(0, 2), (2, 2)]
    assert run.result["unit"] == "H399" and run.result["sections"]["totals"]["dossiers_received"] == 6
    status = client.get(reverse("reports:rollup_run_status", args=[run.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["finished"]
    done = client.get(reverse("reports:rollup_run", args=[run.pk])).content.decode()
    assert 'data-testid="rollup-table"' in done and 'role="progressbar"' not in done
    pdf = client.get(reverse("reports:rollup_run_file", args=[run.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # Another province's supervisor and a commune's official do not find the run.
    for user in (personas.other_supervisor, personas.officer_a):
        other = personas.client(user)
        assert other.get(reverse("reports:rollup_run", args=[run.pk])).status_code in (403, 404)
        assert other.get(reverse("reports:rollup_run_status", args=[run.pk])).status_code in (403, 404)
        assert other.get(reverse("reports:rollup_run_file", args=[run.pk, "pdf"])).status_code in (403, 404)


def test_a_failed_run_says_so_in_vietnamese(personas: Personas) -> None:
    run = RollupRun.objects.create(unit=personas.district, period_start="2026-01-01", period_end="2026-03-31")
    real = tasks.build_rollup

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    tasks.build_rollup = broken  # type: ignore[assignment]
    try:
        tasks.execute(run.pk)
    finally:
        tasks.build_rollup = real  # type: ignore[assignment]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == tasks.FAILED_MESSAGE
    page = personas.client(personas.supervisor).get(reverse("reports:rollup_run", args=[run.pk]))
    assert page.status_code == 200 and "Không tính được báo cáo tổng hợp" in page.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [("01/01/2000", "31/12/2100", "không được sau hôm nay"), ("01/01/2001", "31/12/2025", "tối đa 10 năm")],
)
def test_the_reports_period_rules_hold_on_the_rollup(personas: Personas, start: str, end: str, message: str) -> None:
    client = personas.client(personas.supervisor)
    page = client.get(reverse("reports:rollup"), {"unit": "H399", "from": start, "to": end}).content.decode()
    assert message in page and 'data-testid="rollup-table"' not in page
    answer = client.post(reverse("reports:rollup_start"), {"unit": "H399", "from": start, "to": end}, follow=True)
    assert message in answer.content.decode() and not RollupRun.objects.exists()
