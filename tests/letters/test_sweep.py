"""What is owed: each trigger of the letters sweep, its idempotence, and cancelled letters staying cancelled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest
from django.core.management import call_command

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.civil.models import CivilEvent
from thanthien.engagement.models import Contribution
from thanthien.letters import actions, subjects
from thanthien.letters.models import (
    DeliveryStatus,
    Letter,
    LetterKind,
    LetterSetting,
    LetterStatus,
    SubjectType,
)
from thanthien.onestop.models import Status

pytestmark = pytest.mark.django_db

# A Wednesday without holidays nearby: at-risk means due before Thursday 09:00 (8 working hours).
NOW = vn(2026, 11, 18, 9, 0)
TODAY = dt.date(2026, 11, 18)


def sweep() -> int:
    return actions.sweep(TODAY, NOW)


def event(unit, kind: str, days_ago: int, **fields) -> CivilEvent:  # type: ignore[no-untyped-def]
    values = {"contact_name": "Nguyễn Văn An", "person_name": "Nguyễn Gia Huy"} | fields
    return CivilEvent.objects.create(unit=unit, kind=kind, registered_on=TODAY - dt.timedelta(days=days_ago), **values)


def test_apology_for_at_risk_and_overdue_open_dossiers_only(personas: Personas) -> None:
    at_risk = make_dossier(
        personas.commune_a,
        received_at=vn(2026, 11, 16, 9, 0),
        due_at=vn(2026, 11, 18, 14, 0),
        applicant_name="Lê Văn Cường",
        applicant_email="cuong@example.vn",
    )
    overdue = make_dossier(personas.commune_a, received_at=vn(2026, 11, 10, 9, 0), due_at=vn(2026, 11, 17, 10, 0))
    make_dossier(  # resolved late: its moment for an apology has passed
        personas.commune_a,
        received_at=vn(2026, 11, 10, 9, 0),
        due_at=vn(2026, 11, 12, 10, 0),
        status=Status.RESOLVED,
        resolved_at=vn(2026, 11, 13, 10, 0),
    )
    make_dossier(personas.commune_a, received_at=vn(2026, 11, 17, 9, 0), due_at=vn(2026, 11, 30, 10, 0))  # not due
    make_dossier(  # awaiting a supplement: the clock is stopped
        personas.commune_a,
        received_at=vn(2026, 11, 10, 9, 0),
        due_at=vn(2026, 11, 12, 10, 0),
        status=Status.SUPPLEMENT,
    )

    assert sweep() == 2
    letters = {letter.dossier_id: letter for letter in Letter.objects.filter(kind=LetterKind.APOLOGY)}
    assert set(letters) == {at_risk.pk, overdue.pk}
    letter = letters[at_risk.pk]
    assert letter.status == LetterStatus.DRAFT and letter.owed_on == TODAY
    assert (letter.recipient_name, letter.recipient_email) == ("Lê Văn Cường", "cuong@example.vn")
    assert (letter.subject_type, letter.subject_id, letter.unit) == (SubjectType.DOSSIER, str(at_risk.pk), at_risk.unit)
    assert AuditEntry.objects.filter(action="letters.drafted", object_id=str(letter.pk)).count() == 1


def test_congratulation_within_look_back_and_condolence(personas: Personas) -> None:
    birth = event(personas.commune_a, "birth", 5)
    marriage = event(
        personas.commune_a,
        "marriage",
        29,
        person_name="Lê Văn Nam",
        partner_name="Trần Thị Hoa",
        contact_name="Lê Văn Nam và Trần Thị Hoa",
    )
    event(personas.commune_a, "birth", 40)  # older than the 30-day look-back
    event(personas.commune_a, "marriage", 31)
    death = event(personas.commune_b, "death", 2, person_name="Trần Thị Nhàn", contact_name="Trần Văn Tư")

    assert sweep() == 3
    by_event = {letter.civil_event_id: letter for letter in Letter.objects.all()}
    assert set(by_event) == {birth.pk, marriage.pk, death.pk}
    assert by_event[birth.pk].kind == by_event[marriage.pk].kind == LetterKind.CONGRATULATION
    condolence = by_event[death.pk]
    assert (condolence.kind, condolence.honorific, condolence.unit) == (
        LetterKind.CONDOLENCE,
        "Gia đình",
        personas.commune_b,
    )
    assert condolence.recipient_name == "Trần Văn Tư"
    assert by_event[birth.pk].owed_on == birth.registered_on


def test_look_back_is_configurable_per_unit(personas: Personas) -> None:
    LetterSetting.objects.create(unit=personas.commune_a, look_back_days=60)
    kept = event(personas.commune_a, "birth", 45)
    event(personas.commune_b, "birth", 45)  # commune B keeps the default 30 days
    assert sweep() == 1
    assert Letter.objects.get().civil_event_id == kept.pk


def test_event_imported_with_letter_sent_on_becomes_a_delivered_letter(personas: Personas) -> None:
    old = CivilEvent.objects.create(
        unit=personas.commune_a,
        kind="birth",
        registered_on=dt.date(2023, 5, 2),
        contact_name="Phạm Văn Hải",
        person_name="Phạm Minh Anh",
        letter_sent_on=dt.date(2023, 5, 5),
    )
    assert sweep() == 1
    letter = Letter.objects.get(civil_event=old)
    assert letter.status == LetterStatus.DELIVERED
    assert letter.delivery_status == DeliveryStatus.DELIVERED
    assert letter.letter_date == dt.date(2023, 5, 5)
    assert letter.delivered_at is not None and letter.delivered_at.astimezone(vn(2023, 1, 1).tzinfo).date() == dt.date(
        2023, 5, 5
    )
    assert sweep() == 0


class AnsweredFeedback(subjects.Subject):
    """A new kind of subject, as engagement's public feedback will be: one adapter, no new field on the letter."""

    subject_type = "feedback"
    label = "Phản ánh, kiến nghị đã trả lời"
    model = Contribution

    def owed(
        self,
        today: dt.date,
        now: dt.datetime | None = None,
        unit_ids: Iterable[int] | None = None,
        subject_id: int | None = None,
    ) -> Iterable[subjects.Owed]:
        for c in Contribution.objects.filter(received_on__lte=today).order_by("pk"):
            yield subjects.Owed(
                unit_id=c.unit_id,
                kind=LetterKind.THANKS,
                subject_type=self.subject_type,
                subject_id=str(c.pk),
                owed_on=c.received_on,
                recipient_name=c.contributor_name,
                honorific="Bà",
            )

    def context(self, letter: Letter, subject: object) -> dict[str, str]:
        assert isinstance(subject, Contribution)
        return {"contribution": subject.summary}

    def describe(self, letter: Letter, subject: object) -> str:
        return "Phản ánh đã trả lời"


def test_a_new_subject_is_one_registration(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subjects, "ADAPTERS", dict(subjects.ADAPTERS))
    contribution = Contribution.objects.create(
        unit=personas.commune_a,
        contributor_name="Phạm Thị Hương",
        summary="Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
        received_on=TODAY,
    )
    subjects.register(AnsweredFeedback())
    assert sweep() == 1
    letter = Letter.objects.get()
    assert (letter.kind, letter.subject_type, letter.subject_id, letter.honorific) == (
        LetterKind.THANKS,
        "feedback",
        str(contribution.pk),
        "Bà",
    )
    assert "Đề nghị bố trí thêm ghế chờ" in actions.render_body(letter)
    assert sweep() == 0
    page = personas.client(personas.officer_a).get("/thu/").content.decode()
    assert "Phản ánh đã trả lời" in page
    # The contribution's own thanks (drafted by hand) is another subject: a letter of its own.
    assert actions.create_thanks(personas.officer_a, contribution).pk != letter.pk


def test_sweeping_twice_creates_nothing(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2026, 11, 10, 9, 0), due_at=vn(2026, 11, 17, 10, 0))
    event(personas.commune_a, "birth", 1)
    event(personas.commune_a, "death", 1)
    assert sweep() == 3
    before = list(Letter.objects.order_by("pk").values_list("pk", "kind", "status", "owed_on"))
    assert sweep() == 0
    assert actions.sweep(TODAY + dt.timedelta(days=1), NOW + dt.timedelta(days=1)) == 0
    assert list(Letter.objects.order_by("pk").values_list("pk", "kind", "status", "owed_on")) == before


def test_a_cancelled_letter_stays_cancelled(personas: Personas) -> None:
    dossier = make_dossier(personas.commune_a, received_at=vn(2026, 11, 10, 9, 0), due_at=vn(2026, 11, 17, 10, 0))
    birth = event(personas.commune_a, "birth", 1)
    sweep()
    apology = Letter.objects.get(dossier=dossier)
    congratulation = Letter.objects.get(civil_event=birth)
    actions.cancel(personas.officer_a, apology, "Công dân đã nhận kết quả, xin lỗi trực tiếp")
    actions.cancel(personas.registrar_a, congratulation, "Gia đình xin không nhận thư")

    assert sweep() == 0
    assert Letter.objects.filter(status=LetterStatus.CANCELLED).count() == 2
    assert Letter.objects.count() == 2
    apology.refresh_from_db()
    assert apology.cancel_reason == "Công dân đã nhận kết quả, xin lỗi trực tiếp"


def test_the_command_runs_the_sweep(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    make_dossier(personas.commune_a, received_at=vn(2020, 1, 6, 9, 0), due_at=vn(2020, 1, 9, 9, 0))
    call_command("letters", "sweep")
    assert '"created": 1' in capsys.readouterr().out
    call_command("letters", "sweep")
    assert '"created": 0' in capsys.readouterr().out
