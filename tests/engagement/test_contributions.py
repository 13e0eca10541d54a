"""Citizens' contributions belong to engagement: recorded through its action on the record pattern (role, checks,
one audit row without the citizen's data), and engagement reads no other domain app nor letters."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement import actions
from thanthien.engagement.models import Contribution
from thanthien.lib.privacy import personal_fields

pytestmark = pytest.mark.django_db

DATA = {
    "contributor_name": "Phạm Thị Hương",
    "contributor_phone": "0912345678",
    "contributor_address": "Thôn Đông",
    "summary": "Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
}


def test_a_contribution_is_recorded_with_one_audit_row_without_personal_data(personas: Personas) -> None:
    item = actions.record_contribution(personas.front_a, personas.commune_a, {**DATA, "summary": "  Đề nghị  "})
    assert (item.unit, item.created_by, item.received_on) == (
        personas.commune_a,
        personas.front_a,
        timezone.localdate(),
    )
    assert item.summary == "Đề nghị"
    (row,) = AuditEntry.objects.filter(action="engagement.contribution.create")
    assert row.actor == personas.front_a and row.unit == personas.commune_a
    trail = str(row.changes) + row.object_repr + row.note
    assert "Phạm Thị Hương" not in trail and "0912345678" not in trail and "Thôn Đông" not in trail
    assert row.changes["summary"] == [None, "Đề nghị"]


def test_only_the_communes_own_staff_record_its_contributions(personas: Personas) -> None:
    for user in (personas.supervisor, personas.officer_b):
        with pytest.raises(PermissionDenied):
            actions.record_contribution(user, personas.commune_a, DATA)
    assert not Contribution.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="engagement.").exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"contributor_name": "  "}, "contributor_name", "Vui lòng nhập tên người đóng góp."),
        ({"summary": ""}, "summary", "Vui lòng ghi nội dung đóng góp."),
        ({"summary": "x" * 4001}, "summary", "Nội dung đóng góp dài quá 4000 ký tự."),
        ({"received_on": dt.date(1899, 12, 31)}, "received_on", "Ngày nhận trước năm 1900: kiểm tra lại năm."),
        ({"received_on": "2026-11-18"}, "received_on", "Ngày nhận không hợp lệ."),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_saves_nothing(
    personas: Personas, change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.record_contribution(personas.officer_a, personas.commune_a, {**DATA, **change})
    assert caught.value.message_dict[field] == [message]
    assert not Contribution.objects.exists()


def test_a_day_in_the_future_is_refused(personas: Personas) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="không được ở tương lai"):
        actions.record_contribution(personas.officer_a, personas.commune_a, {**DATA, "received_on": tomorrow})


def test_the_contributor_is_personal_data() -> None:
    assert set(personal_fields(Contribution)) == {
        "contributor_name",
        "contributor_address",
        "contributor_phone",
        "contributor_email",
    }


def test_engagement_reads_no_other_domain_app_and_not_letters() -> None:
    forbidden = ("thanthien.letters", "thanthien.onestop", "thanthien.civil", "thanthien.core", "thanthien.portal")
    package = Path(__file__).resolve().parents[2] / "thanthien" / "engagement"
    imported: set[str] = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not [m for m in imported if m.startswith(forbidden)]
