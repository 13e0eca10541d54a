"""Public feedback (engagement) owes a thank-you letter once it was answered, when the sender gave a name: the sweep
drafts it by itself. Anonymous feedback owes none (a letter needs someone to address). The letter names it by
subject_id alone, as every new subject does (no foreign key on the letter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import CharField
from django.db.models.functions import Cast

from thanthien.engagement.feedback import Feedback, FeedbackStatus

from ..models import Letter, LetterKind
from . import Owed, Shown, Subject

# Letter.subject_type is free text (any registered subject), so this subject needs no change to SubjectType.
FEEDBACK = "feedback"


class FeedbackSubject(Subject):
    subject_type = FEEDBACK
    label = "Phản ánh, kiến nghị trực tuyến"
    model = Feedback

    def owed(
        self,
        today: dt.date,
        now: dt.datetime | None = None,
        unit_ids: Iterable[int] | None = None,
        subject_id: int | None = None,
    ) -> Iterable[Owed]:
        drafted = Letter.objects.filter(kind=LetterKind.THANKS, subject_type=FEEDBACK).values("subject_id")
        answered = (
            Feedback.objects.filter(status=FeedbackStatus.ANSWERED, answered_on__isnull=False)
            .exclude(contact_name="")
            .annotate(key=Cast("pk", CharField()))
            .exclude(key__in=drafted)
            .order_by("pk")
        )
        if unit_ids is not None:
            answered = answered.filter(unit_id__in=list(unit_ids))
        if subject_id is not None:
            answered = answered.filter(pk=subject_id)
        for feedback in answered.iterator():
            yield self.thanks_owed(feedback, feedback.answered_on or today)

    def thanks_owed(self, feedback: Feedback, today: dt.date) -> Owed:
        return Owed(
            unit_id=feedback.unit_id,
            kind=LetterKind.THANKS,
            subject_type=self.subject_type,
            subject_id=str(feedback.pk),
            owed_on=today,
            recipient_name=feedback.contact_name,
            recipient_address=feedback.contact_address,
            recipient_phone=feedback.contact_phone,
            recipient_email=feedback.contact_email,
        )

    def context(self, letter: Letter, subject: Any) -> dict[str, str]:
        return {"contribution": _summary(subject), "person_name": subject.contact_name}

    def describe(self, letter: Letter, subject: Any) -> str:
        return f"Phản ánh {subject.code}: {_summary(subject, 60)}"

    def shown(self, letter: Letter, subject: Any) -> Shown:
        rows = [("Nội dung phản ánh", subject.content), ("Trả lời", subject.answer)]
        return Shown(self.describe(letter, subject), rows=rows)


def _summary(feedback: Feedback, limit: int = 300) -> str:
    # The published text when staff wrote one (personal details taken out), else the citizen's own.
    text = (feedback.public_content or feedback.content).strip()
    return f"{text[:limit]}{'…' if len(text) > limit else ''}"
