"""Inspections and supervisions (issue 11 item 6): a supervisor inspects a commune under them (their unit set by the
action), another supervisor neither sees nor writes it, the commune records what it runs and answers the remedies,
overdue remedies are flagged and counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.programme import actions_judging as actions
from thanthien.programme.models import Inspection, InspectorKind, IssuedDocument, Remedy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _inspection(p: Personas, **extra: object) -> Inspection:
    data = {"by_kind": "supervisor", "held_on": TODAY - dt.timedelta(days=40), "content": "Kiểm tra mô hình"}
    return actions.record_inspection(p.supervisor, p.commune_a, {**data, **extra})


def test_supervisor_creates_an_inspection_of_a_commune_under_them(personas: Personas) -> None:
    client = personas.client(personas.supervisor)
    url = reverse("programme:inspection_create")
    assert client.get(url).status_code == 200  # the commune picker: two communes under the province
    form = client.get(url, {"unit": "X16012"})
    assert "Ghi nhận cuộc kiểm tra, giám sát – Xã Hoằng Hợp" in form.content.decode()
    response = client.post(
        url,
        {
            "unit": "X16012",
            "by_kind": "supervisor",
            "held_on": (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            "target": "Trường Tiểu học Hoằng Hợp",
            "content": "Kiểm tra việc thực hiện cam kết “5 biết, 3 không, 4 thể hiện”",
            "findings": "Chưa niêm yết số điện thoại cán bộ",
            # a by_unit in the form is not read: the action sets the supervisor's own unit
            "by_unit": str(personas.commune_b.pk),
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "programme:inspection_detail", args=[inspection.pk]
    )
    assert (inspection.unit, inspection.by_kind, inspection.by_unit) == (
        personas.commune_a,
        InspectorKind.SUPERVISOR,
        personas.province,
    )
    assert inspection.created_by == personas.supervisor
    assert AuditEntry.objects.filter(action="programme.inspection.create", unit=personas.commune_a).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Tỉnh Thanh Hóa" in detail and "Trường Tiểu học Hoằng Hợp" in detail


def test_other_supervisor_neither_sees_nor_writes_it(personas: Personas) -> None:
    inspection = _inspection(personas)
    remedy = actions.add_remedy(personas.supervisor, inspection, {"text": "Bổ sung quy chế", "due_on": TODAY})
    other = personas.client(personas.other_supervisor)
    assert other.get(reverse("programme:inspection_detail", args=[inspection.pk])).status_code == 404
    assert other.get(reverse("programme:remedy_edit", args=[remedy.pk])).status_code == 404
    listing = other.get(reverse("programme:inspections"), {"unit": "X16012"})
    assert listing.status_code == 404  # another province's commune is not found
    refused = other.post(
        reverse("programme:inspection_create"),
        {"unit": "X16012", "by_kind": "supervisor", "held_on": TODAY.strftime("%d/%m/%Y"), "content": "x"},
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.record_inspection(
            personas.other_supervisor,
            personas.commune_a,
            {"by_kind": "supervisor", "held_on": TODAY, "content": "Kiểm tra"},
        )
    assert Inspection.objects.count() == 1
    # the commune next door does not see it either
    assert (
        personas.client(personas.officer_b)
        .get(reverse("programme:inspection_detail", args=[inspection.pk]))
        .status_code
        == 404
    )


def test_a_commune_records_its_own_and_cannot_pose_as_the_supervisor(personas: Personas) -> None:
    supervision = actions.record_inspection(
        personas.front_a,
        personas.commune_a,
        {
            "by_kind": InspectorKind.FRONT,
            "is_supervision": True,
            "held_on": TODAY - dt.timedelta(days=10),
            "target": "Thôn Hợp Tiến",
            "content": "Giám sát việc tiếp công dân",
            "by_unit": personas.province,  # ignored: the commune's own supervision has no unit above
        },
    )
    assert supervision.by_unit is None and supervision.is_supervision
    with pytest.raises(PermissionDenied):
        actions.record_inspection(
            personas.leader_a, personas.commune_a, {"by_kind": "supervisor", "held_on": TODAY, "content": "x"}
        )
    with pytest.raises(PermissionDenied):  # the one-stop officer records no inspection
        actions.record_inspection(
            personas.officer_a, personas.commune_a, {"by_kind": "front", "held_on": TODAY, "content": "x"}
        )
    with pytest.raises(ValidationError) as future:
        actions.record_inspection(
            personas.front_a,
            personas.commune_a,
            {"by_kind": "front", "held_on": TODAY + dt.timedelta(days=1), "content": "x"},
        )
    assert "tương lai" in str(future.value)
    # the conclusion is a document of the commune, not of another
    other_doc = IssuedDocument.objects.create(
        unit=personas.commune_b,
        kind="notice",
        number="3/TB-UBND",
        issued_on=TODAY,
        issuer="peoples_committee",
        summary="Kết luận",
    )
    with pytest.raises(ValidationError):
        actions.update_inspection(personas.front_a, supervision, {"conclusion": other_doc})
    # the supervisor's form of the commune offers its kinds, the commune's form the commune's
    page = personas.client(personas.front_a).get(reverse("programme:inspection_create")).content.decode()
    assert "Ủy ban MTTQ" in page and 'value="supervisor"' not in page


def test_the_commune_answers_a_remedy_of_the_supervisors_inspection(personas: Personas) -> None:
    inspection = _inspection(personas)
    remedy = actions.add_remedy(
        personas.supervisor, inspection, {"text": "Niêm yết số điện thoại", "due_on": TODAY + dt.timedelta(days=5)}
    )
    client = personas.client(personas.leader_a)
    url = reverse("programme:remedy_answer", args=[remedy.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"answer": "Đã niêm yết", "done_on": "31/02/2026"})
    assert bad.status_code == 200 and "Ngày không hợp lệ" in bad.content.decode()
    before = (inspection.held_on - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    early = client.post(url, {"answer": "Đã niêm yết", "done_on": before})
    assert "trước ngày kiểm tra" in early.content.decode()
    done = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(url, {"answer": "Đã niêm yết tại bộ phận một cửa", "done_on": done})
    assert response.status_code == 302
    remedy.refresh_from_db()
    assert remedy.done_on == TODAY - dt.timedelta(days=1) and remedy.answer == "Đã niêm yết tại bộ phận một cửa"
    assert AuditEntry.objects.filter(action="programme.remedy.answer").count() == 1
    # the commune neither edits the supervisor's remedy nor its inspection; the one-stop officer answers nothing
    assert client.get(reverse("programme:remedy_edit", args=[remedy.pk])).status_code == 403
    assert client.get(reverse("programme:inspection_edit", args=[inspection.pk])).status_code == 403
    assert personas.client(personas.officer_a).get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.answer_remedy(personas.supervisor, remedy, {"answer": "x"})


def test_overdue_remedies_are_flagged_and_counted(personas: Personas) -> None:
    inspection = _inspection(personas)
    late = actions.add_remedy(personas.supervisor, inspection, {"text": "A", "due_on": TODAY - dt.timedelta(days=2)})
    actions.add_remedy(personas.supervisor, inspection, {"text": "B", "due_on": TODAY + dt.timedelta(days=2)})
    done = actions.add_remedy(personas.supervisor, inspection, {"text": "C", "due_on": TODAY - dt.timedelta(days=9)})
    actions.add_remedy(personas.supervisor, inspection, {"text": "D"})  # no deadline: never overdue
    actions.answer_remedy(personas.leader_a, done, {"answer": "Xong", "done_on": TODAY - dt.timedelta(days=8)})
    actions.answer_remedy(personas.leader_a, late, {"answer": "Đang làm"})  # an answer without a day: not done
    assert list(actions.overdue_remedies(Inspection.objects.all(), TODAY)) == [late]
    start = (TODAY - dt.timedelta(days=60)).strftime("%d/%m/%Y")
    page = personas.client(personas.leader_a).get(
        reverse("programme:inspections"), {"from": start, "to": TODAY.strftime("%d/%m/%Y")}
    )
    html = page.content.decode()
    assert 'Quá hạn chưa khắc phục: <strong class="text-danger">1</strong>' in html
    assert "1 quá hạn" in html and 'data-testid="overdue-all"' in html
    detail = personas.client(personas.leader_a).get(reverse("programme:inspection_detail", args=[inspection.pk]))
    assert "Quá hạn, chưa khắc phục" in detail.content.decode()
    assert "4 nội dung, đã khắc phục 1" in detail.content.decode()
    assert Remedy.objects.filter(actions.overdue(TODAY)).count() == 1


def test_the_list_filters_by_period_and_says_a_bad_day(personas: Personas) -> None:
    _inspection(personas, held_on=dt.date(TODAY.year - 1, 5, 4))
    _inspection(personas, held_on=TODAY)
    client = personas.client(personas.supervisor)
    url = reverse("programme:inspections")
    this_year = client.get(url, {"unit": "T38"})
    assert this_year.status_code == 200 and len(this_year.context["page_obj"].object_list) == 1
    both = client.get(url, {"unit": "T38", "from": f"01/01/{TODAY.year - 1}"})
    assert len(both.context["page_obj"].object_list) == 2
    bad = client.get(url, {"from": "32/13/2025"}).content.decode()
    assert "không hợp lệ" in bad


def test_the_conclusion_is_cited_in_the_official_style(personas: Personas) -> None:
    document = IssuedDocument.objects.create(
        unit=personas.commune_a,
        kind="notice",
        number="12/TB-ĐKT",
        issued_on=TODAY - dt.timedelta(days=30),
        issuer="higher",
        issuer_name="Đoàn kiểm tra tỉnh Thanh Hóa",
        summary="Kết luận kiểm tra việc xây dựng mô hình",
    )
    inspection = _inspection(personas, conclusion=document)
    page = personas.client(personas.leader_a).get(reverse("programme:inspection_detail", args=[inspection.pk]))
    cited = page.content.decode().split('data-testid="conclusion">', 1)[1].split("</dd>", 1)[0]
    from django.utils.html import escape

    from thanthien.programme.actions_model import citation

    assert escape(citation(document)) in cited and " ngày " in citation(document)  # not only "Thông báo số …"


@pytest.mark.parametrize(
    ("name", "args", "params", "status"),
    [
        ("programme:rollout", [], {"ngay": "99/99/9999"}, 200),
        ("programme:rollout", [], {"unit": "X16012"}, 200),
        ("programme:rollout", [], {"unit": "KHONGCO"}, 404),
        ("programme:recognition_unit", ["KHONGCO"], {}, 404),
        ("programme:recognition_unit", ["P05956"], {}, 404),
        ("programme:inspections", [], {"unit": "KHONGCO", "page": "x"}, 200),
        ("programme:inspection_detail", [999999], {}, 404),
        ("programme:recognition_file", [999999], {}, 404),
        ("programme:recognitions", [], {"cap": "<script>", "page": "-1"}, 200),
    ],
)
def test_odd_addresses_answer_without_a_server_error(
    personas: Personas, name: str, args: list[object], params: dict[str, str], status: int
) -> None:
    response = personas.client(personas.supervisor).get(reverse(name, args=args), params)
    assert response.status_code == status
