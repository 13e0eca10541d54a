"""The letters registry: scoping, filters, counts, warnings, batch printing, the sweep button, thank-you letters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.civil.models import CivilEvent
from thanthien.engagement.models import Contribution
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.org.models import Unit

pytestmark = pytest.mark.django_db


def letter(unit: Unit, kind: str = LetterKind.CONDOLENCE, owed_on: dt.date | None = None, **fields: Any) -> Letter:
    values: dict[str, Any] = {
        "unit": unit,
        "kind": kind,
        "subject_type": SubjectType.CONTRIBUTION,
        "subject_id": f"{unit.code}-{Letter.objects.count() + 1}",
        "owed_on": owed_on or timezone.localdate(),
        "recipient_name": "Trần Văn Tư",
    }
    return Letter.objects.create(**(values | fields))


def rows(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr data-letter="(\d+)"', html)}


def test_another_communes_letters_are_never_visible(personas: Personas) -> None:
    mine = letter(personas.commune_a, recipient_name="Người nhận xã A")
    theirs = letter(personas.commune_b, recipient_name="Người nhận xã B")
    far = letter(personas.commune_c, recipient_name="Người nhận phường C")
    officer_a = personas.client(personas.officer_a)
    page = officer_a.get("/thu/").content.decode()
    assert rows(page) == {mine.pk} and "Người nhận xã B" not in page
    assert officer_a.get(f"/thu/{theirs.pk}/").status_code == 404
    assert officer_a.post(f"/thu/{theirs.pk}/huy/", {"reason": "thử"}).status_code == 404
    assert personas.client(personas.officer_b).get(f"/thu/{mine.pk}/").status_code == 404
    supervisor = personas.client(personas.supervisor)
    assert rows(supervisor.get("/thu/").content.decode()) == {mine.pk, theirs.pk}
    page = supervisor.get(f"/thu/{mine.pk}/").content.decode()
    # Read only, and the citizen's name masked for a supervisor (DOMAIN.md §10).
    assert "Người n. x. A." in page and "Người nhận xã A" not in page
    assert "Sửa dự thảo" not in page and "Hủy thư" not in page
    assert rows(personas.client(personas.other_supervisor).get("/thu/").content.decode()) == {far.pk}
    assert rows(personas.client(personas.sysadmin).get("/thu/").content.decode()) == {mine.pk, theirs.pk, far.pk}


def test_anonymous_visitors_go_to_login(personas: Personas, client: Any) -> None:
    item = letter(personas.commune_a)
    for url in ("/thu/", f"/thu/{item.pk}/", "/thu/cam-on/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_filters_and_counts(personas: Personas) -> None:
    today = timezone.localdate()
    condolence = letter(personas.commune_a, owed_on=today - dt.timedelta(days=40), recipient_name="Gia đình họ Trần")
    thanks = letter(
        personas.commune_a, LetterKind.THANKS, owed_on=today - dt.timedelta(days=1), recipient_name="Bà Hương"
    )
    approved = letter(personas.commune_a, LetterKind.THANKS, recipient_name="Ông Phúc")
    actions.approve(personas.leader_a, approved)
    letter(personas.commune_a, LetterKind.CONGRATULATION, status=LetterStatus.CANCELLED, cancel_reason="trùng")
    client = personas.client(personas.officer_a)

    def listed(**params: str) -> tuple[set[int], str]:
        html = client.get("/thu/", params).content.decode()
        return rows(html), html

    assert listed(kind="thanks")[0] == {thanks.pk, approved.pk}
    assert listed(status="approved")[0] == {approved.pk}
    assert listed(q="hương")[0] == {thanks.pk}
    start = (today - dt.timedelta(days=41)).strftime("%d/%m/%Y")
    end = (today - dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert listed(**{"from": start, "to": end})[0] == {condolence.pk}
    found, html = listed(**{"from": "31/02/2026"})
    assert len(found) == 4 and "Từ ngày “31/02/2026” không hợp lệ" in html and "không đúng dạng" not in html
    found, html = listed(officer=str(personas.leader_a.pk))
    assert found == {approved.pk}
    assert f'<option value="{personas.leader_a.pk}"' in html

    _, html = listed(kind="thanks")
    assert re.search(r'data-kind="thanks">.*?<strong>2</strong>', html)
    assert re.search(r'data-kind="condolence">.*?<strong>0</strong>', html)
    assert re.search(r'data-status="approved">.*?<strong>1</strong>', html)
    assert re.search(r'data-status="draft">.*?<strong>1</strong>', html)
    _, html = listed()
    assert "tổng 4" in html and re.search(r'data-status="cancelled">.*?<strong>1</strong>', html)


def test_pagination_keeps_the_filters(personas: Personas) -> None:
    for _ in range(31):
        letter(personas.commune_a, LetterKind.THANKS)
    html = personas.client(personas.officer_a).get("/thu/", {"kind": "thanks"}).content.decode()
    assert "Trang 1/2" in html and "kind=thanks&amp;page=2" in html


def test_warnings(personas: Personas) -> None:
    now = timezone.now()
    overdue = make_dossier(
        personas.commune_a, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1)
    )
    at_risk = make_dossier(
        personas.commune_a, received_at=now - dt.timedelta(days=2), due_at=now + dt.timedelta(hours=1)
    )
    settled = make_dossier(
        personas.commune_a, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1)
    )
    make_dossier(personas.commune_b, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1))
    actions.sweep()
    done = Letter.objects.get(dossier=settled)
    actions.edit_draft(None, done, reason="phải xác minh", new_appointment_at=now + dt.timedelta(days=3))
    actions.approve(None, done)
    stale = letter(personas.commune_a, owed_on=timezone.localdate() - dt.timedelta(days=10))
    html = personas.client(personas.officer_a).get("/thu/").content.decode()
    block = html.split('data-testid="warnings"')[1].split("</section>")[0]
    assert 'Hồ sơ đang quá hạn chưa có thư xin lỗi đã ký: <span data-testid="warning-count">1</span>' in block
    assert "sẽ trễ hẹn, có dự thảo thư xin lỗi chờ ký: <span" in block
    assert overdue.code in block and at_risk.code in block and settled.code not in block
    draft = Letter.objects.get(dossier=overdue)
    assert f"/thu/{draft.pk}/" in block  # straight to its draft apology
    assert "Dự thảo quá 3 ngày chưa được duyệt" in block
    assert "Thư đã duyệt, ký nhưng chưa gửi đến người nhận" in block
    assert stale.pk  # counted in the stale drafts above
    assert personas.client(personas.officer_b).get("/thu/").content.decode().count(overdue.code) == 0


def test_batch_printing_form_and_links(personas: Personas) -> None:
    draft = letter(personas.commune_a)
    cancelled = letter(personas.commune_a, status=LetterStatus.CANCELLED, cancel_reason="trùng")
    html = personas.client(personas.officer_a).get("/thu/").content.decode()
    assert 'action="/thu/in-hang-loat.pdf"' in html and "In hàng loạt" in html
    assert f'name="ids" value="{draft.pk}" form="batch-form"' in html
    assert f'value="{cancelled.pk}" form="batch-form"' not in html
    page = personas.client(personas.officer_a).get(f"/thu/{draft.pk}/").content.decode()
    assert f"/thu/{draft.pk}/in.pdf" in page and f"/thu/{draft.pk}/tai.docx" in page


def test_sweep_button_for_leaders_and_admins(personas: Personas) -> None:
    now = timezone.now()
    make_dossier(personas.commune_a, received_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(days=1))
    officer = personas.client(personas.officer_a)
    assert "Quét thư còn nợ" not in officer.get("/thu/").content.decode()
    assert officer.post("/thu/quet/").status_code == 403
    leader = personas.client(personas.leader_a)
    assert "Quét thư còn nợ" in leader.get("/thu/").content.decode()
    assert leader.get("/thu/quet/").status_code == 405
    page = leader.post("/thu/quet/", follow=True).content.decode()
    assert "Đã lập 1 dự thảo thư mới" in page
    page = personas.client(personas.admin_a).post("/thu/quet/", follow=True).content.decode()
    assert "Không có thư nào còn nợ" in page
    assert Letter.objects.count() == 1


def test_thank_you_letter_from_a_contribution(personas: Personas) -> None:
    client = personas.client(personas.front_a)
    page = client.get("/thu/cam-on/").content.decode()
    assert "Ghi nhận đóng góp của công dân" in page and "Xã Hoằng Hợp" in page
    response = client.post("/thu/cam-on/", {"contributor_name": "", "summary": ""})
    assert "Vui lòng nhập tên người đóng góp." in response.content.decode()
    response = client.post(
        "/thu/cam-on/",
        {
            "contributor_name": "Phạm  Thị Hương",
            "contributor_phone": "0912 345 678",
            "summary": "x",
            "received_on": "31/13/2026",
        },
    )
    assert "Ngày không hợp lệ" in response.content.decode() and not Contribution.objects.exists()
    response = client.post(
        "/thu/cam-on/",
        {"contributor_name": "Phạm  Thị Hương", "contributor_phone": "0912 345 678", "summary": "Đề nghị thêm ghế chờ"},
    )
    created = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/thu/{created.pk}/"
    assert (created.kind, created.unit, created.recipient_name, created.recipient_phone) == (
        LetterKind.THANKS,
        personas.commune_a,
        "Phạm Thị Hương",
        "0912345678",
    )
    contribution = Contribution.objects.get()
    assert (contribution.received_on, contribution.created_by) == (timezone.localdate(), personas.front_a)
    assert "Đề nghị thêm ghế chờ" in client.get(f"/thu/{created.pk}/").content.decode()

    # A contribution recorded elsewhere gets its letter from the list.
    other = Contribution.objects.create(
        unit=personas.commune_a,
        contributor_name="Lê Văn Sơn",
        summary="Giúp sửa đường",
        received_on=timezone.localdate(),
    )
    assert "Xem thư cảm ơn" in client.get("/thu/cam-on/").content.decode()
    response = client.post(f"/thu/cam-on/{other.pk}/lap-thu/")
    assert (
        response.status_code == 302
        and Letter.objects.filter(subject_type="contribution", subject_id=str(other.pk)).exists()
    )
    foreign = Contribution.objects.create(
        unit=personas.commune_b, contributor_name="Người xã khác", summary="Y", received_on=timezone.localdate()
    )
    assert client.post(f"/thu/cam-on/{foreign.pk}/lap-thu/").status_code == 404
    assert "Lê Văn Sơn" in client.get("/thu/cam-on/").content.decode()
    assert "Người xã khác" not in client.get("/thu/cam-on/").content.decode()


def test_civil_event_and_dossier_subjects(personas: Personas) -> None:
    dossier = make_dossier(personas.commune_a)
    apology = letter(personas.commune_a, LetterKind.APOLOGY, dossier=dossier, subject_type=SubjectType.DOSSIER)
    event = CivilEvent.objects.create(
        unit=personas.commune_a,
        kind="death",
        registered_on=dt.date(2026, 11, 2),
        contact_name="Trần Văn Tư",
        person_name="Trần Thị Nhàn",
    )
    condolence = letter(personas.commune_a, civil_event=event, subject_type=SubjectType.CIVIL_EVENT)
    client = personas.client(personas.officer_a)
    assert (
        f'href="{reverse("onestop:detail", args=[dossier.code])}"' in client.get(f"/thu/{apology.pk}/").content.decode()
    )
    assert "Khai tử: Trần Thị Nhàn (02/11/2026)" in client.get(f"/thu/{condolence.pk}/").content.decode()
    assert "Khai tử: Trần Thị Nhàn" in client.get("/thu/").content.decode()


def test_home_panel_counts(personas: Personas) -> None:
    from django.test import RequestFactory

    from thanthien.letters.views import home_panel

    letter(personas.commune_a)
    letter(personas.commune_b)
    request = RequestFactory().get("/")
    request.user = personas.officer_a
    panel = home_panel(request)
    assert panel is not None and panel["items"][0][:2] == ("Dự thảo chờ duyệt", 1)  # type: ignore[index]


def test_record_ids_above_999_are_never_grouped(personas: Personas) -> None:
    # "1.007" in a checkbox value would print the wrong letters (or none) in a batch.
    item = letter(personas.commune_a, LetterKind.THANKS, recipient_name="Ông Phúc")
    Letter.objects.filter(pk=item.pk).update(id=1007)
    html = personas.client(personas.officer_a).get("/thu/").content.decode()
    assert 'value="1007"' in html and "1.007" not in html


def test_a_supervisor_searches_numbers_and_kinds_never_names(personas: Personas) -> None:
    """A name typed by a supervisor must not tell whether that citizen received a letter (DOMAIN.md §10)."""
    signed = letter(personas.commune_a, LetterKind.THANKS, recipient_name="Bà Hương")
    actions.approve(personas.leader_a, signed)
    signed.refresh_from_db()
    other = letter(personas.commune_b, recipient_name="Bà Hương")
    supervisor = personas.client(personas.supervisor)

    def found(client: Any, q: str) -> set[int]:
        return rows(client.get("/thu/", {"q": q}).content.decode())

    assert found(supervisor, "Hương") == set()
    assert found(supervisor, signed.number_text) == {signed.pk}
    assert found(supervisor, "1") == {signed.pk}
    assert found(supervisor, "1/TCB-UBND") == set()  # the number with another kind's symbol
    assert found(supervisor, "cam on") == {signed.pk}
    assert found(supervisor, "chia buồn") == {other.pk}
    page = supervisor.get("/thu/", {"q": "Hương"}).content.decode()
    assert "số hoặc loại thư có “Hương”" in page and "người nhận, số" not in page
    # The commune's own staff find their citizens by name, never another commune's.
    assert found(personas.client(personas.officer_a), "Hương") == {signed.pk}
    assert found(personas.client(personas.officer_b), "Hương") == {other.pk}
    assert found(personas.client(personas.sysadmin), "Hương") == {signed.pk, other.pk}
