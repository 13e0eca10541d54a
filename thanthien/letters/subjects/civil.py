"""A civil event owes a congratulation (birth, marriage) or a condolence (death) when it was registered within the
unit's look-back, or, whatever its age, when it was imported with the day its letter was already delivered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from thanthien.civil.actions import INCOMPLETE, needs_completion
from thanthien.civil.models import CivilEvent, EventKind
from thanthien.lib.vn import fmt_date
from thanthien.org.scoping import scoped

from .. import texts
from ..models import Letter, LetterKind, LetterSetting, SubjectType
from . import Owed, Shown, Subject

DEFAULT_LOOK_BACK = 30


def _civil_list_url() -> str | None:
    try:
        return reverse("civil:list")
    except NoReverseMatch:
        return None


class CivilEventSubject(Subject):
    subject_type = SubjectType.CIVIL_EVENT
    label = "Sự kiện hộ tịch"
    model = CivilEvent
    link_field = "civil_event"

    def owed(
        self,
        today: dt.date,
        now: dt.datetime | None = None,
        unit_ids: Iterable[int] | None = None,
        subject_id: int | None = None,
    ) -> Iterable[Owed]:
        look_back = {s.unit_id: s.look_back_days for s in LetterSetting.objects.all()}
        widest = max([DEFAULT_LOOK_BACK, *look_back.values()])
        recent = Q(registered_on__gte=today - dt.timedelta(days=widest), registered_on__lte=today)
        events = (
            CivilEvent.objects.filter(recent | Q(letter_sent_on__isnull=False))
            # An event created from a dossier lacks the child's, the couple's or the deceased's name until the
            # registrar completes it: a letter drafted now would name the wrong person (the applicant).
            .exclude(INCOMPLETE)
            .exclude(pk__in=Letter.objects.filter(civil_event__isnull=False).values("civil_event_id"))
            .order_by("pk")
        )
        if unit_ids is not None:
            events = events.filter(unit_id__in=list(unit_ids))
        if subject_id is not None:
            events = events.filter(pk=subject_id)
        for e in events.iterator():
            since = today - dt.timedelta(days=look_back.get(e.unit_id, DEFAULT_LOOK_BACK))
            if e.letter_sent_on is None and e.registered_on < since:
                continue
            yield self._owed(e, max(e.registered_on, since) if e.letter_sent_on is None else e.registered_on)

    def _owed(self, e: CivilEvent, owed_on: dt.date) -> Owed:
        kind = LetterKind.CONDOLENCE if e.kind == EventKind.DEATH else LetterKind.CONGRATULATION
        return Owed(
            unit_id=e.unit_id,
            kind=kind,
            subject_type=self.subject_type,
            subject_id=str(e.pk),
            owed_on=owed_on,
            recipient_name=e.contact_name,
            honorific="Anh/Chị" if e.kind == EventKind.MARRIAGE else texts.DEFAULT_HONORIFIC[kind],
            recipient_address=e.contact_address,
            recipient_phone=e.contact_phone,
            recipient_email=e.contact_email,
            delivered_on=e.letter_sent_on,
        )

    def context(self, letter: Letter, subject: Any) -> dict[str, str]:
        e = subject
        return {
            "person_name": e.person_name,
            # A condolence names the deceased "Cụ bà …", "Ông …"; "…" shows the draft still lacks it.
            "person_title": e.person_title or ("…" if e.kind == EventKind.DEATH else ""),
            "partner_name": e.partner_name,
            "event_date": fmt_date(e.event_date) if e.event_date else "",
            "registered_on": fmt_date(e.registered_on),
        }

    def shown(self, letter: Letter, subject: Any) -> Shown:
        try:
            url = reverse("civil:detail", args=[subject.pk])
        except NoReverseMatch:
            url = None
        return Shown(str(subject), url)

    def approval_problems(self, letter: Letter, subject: Any) -> dict[str, str]:
        problems: dict[str, str] = {}
        if needs_completion(subject):
            problems["__all__"] = (
                "Sự kiện hộ tịch của thư này chưa đủ họ tên (cần bổ sung); hãy bổ sung sự kiện trước khi duyệt."
            )
        if letter.kind == LetterKind.CONDOLENCE and not subject.person_title:
            from ..actions import template_for  # the unit's own wording decides whether the title is needed

            wording = letter.body or template_for(letter.unit, letter.kind).body
            if "person_title" in wording:
                problems["__all__"] = (
                    "Thư chia buồn cần danh xưng người đã mất (Cụ ông, Cụ bà, Ông, Bà…): "
                    "hãy bổ sung ở sự kiện hộ tịch trước khi duyệt."
                )
        return problems

    def warnings(self, user: Any) -> list[dict[str, Any]]:
        incomplete = scoped(CivilEvent.objects.filter(INCOMPLETE), user).order_by().count()
        if not incomplete:
            return []
        url = _civil_list_url()
        return [
            {
                "key": "incomplete_events",
                "title": "Sự kiện hộ tịch cần bổ sung họ tên trước khi lập thư",
                "count": incomplete,
                "detail": "Sự kiện tạo từ hồ sơ một cửa chưa ghi họ tên trẻ, vợ chồng hoặc người mất: chưa lập thư "
                "chúc mừng, chia buồn cho đến khi cán bộ hộ tịch bổ sung.",
                "url": url and f"{url}?incomplete=1",
                "link_text": "Xem các sự kiện cần bổ sung",
            }
        ]
