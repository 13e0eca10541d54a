"""A citizen's contribution (engagement) owes a thank-you letter when staff ask for one: the sweep drafts none by
itself. The letter names it by subject_id alone, as every new subject does (no foreign key on the letter)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thanthien.engagement.models import Contribution

from ..models import Letter, LetterKind, SubjectType
from . import Owed, Shown, Subject


class ContributionSubject(Subject):
    subject_type = SubjectType.CONTRIBUTION
    label = "Đóng góp của công dân"
    model = Contribution

    def thanks_owed(self, contribution: Contribution, today: dt.date) -> Owed:
        """The thank-you letter staff draft for `contribution` (see actions.create_thanks)."""
        return Owed(
            unit_id=contribution.unit_id,
            kind=LetterKind.THANKS,
            subject_type=self.subject_type,
            subject_id=str(contribution.pk),
            owed_on=today,
            recipient_name=contribution.contributor_name,
            recipient_address=contribution.contributor_address,
            recipient_phone=contribution.contributor_phone,
            recipient_email=contribution.contributor_email,
        )

    def context(self, letter: Letter, subject: Any) -> dict[str, str]:
        return {"contribution": subject.summary, "person_name": subject.contributor_name}

    def describe(self, letter: Letter, subject: Any) -> str:
        summary = subject.summary
        return f"Đóng góp: {summary[:60]}{'…' if len(summary) > 60 else ''}"

    def shown(self, letter: Letter, subject: Any) -> Shown:
        return Shown(self.describe(letter, subject), rows=[("Nội dung đóng góp", subject.summary)])


def thanked(contribution_ids: list[int]) -> dict[int, int]:
    """{contribution id: its thank-you letter's id} for the contributions that have one."""
    rows = Letter.objects.filter(
        kind=LetterKind.THANKS,
        subject_type=SubjectType.CONTRIBUTION,
        subject_id__in=[str(pk) for pk in contribution_ids],
    ).values_list("subject_id", "pk")
    return {int(subject_id): pk for subject_id, pk in rows}
