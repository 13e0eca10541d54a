"""Three years of letters for the demo communes: an apology for every late dossier, thanks for citizens'
contributions, congratulations and condolences for the civil events (delivered when the registry says so),
numbered like a real register — and today's owed letters left as drafts by the sweep."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db.models import F
from django.utils import timezone

from thanthien.documents import numbering
from thanthien.engagement.models import Contribution
from thanthien.onestop.models import Dossier
from thanthien.org.models import COMMUNE_KINDS, Unit

from . import subjects
from .actions import letter_setting, number_series, render_body, sweep
from .models import (
    DeliveryMethod,
    DeliveryStatus,
    Letter,
    LetterKind,
    LetterStatus,
    SubjectType,
)
from .subjects.feedback import FeedbackSubject

REASONS = [
    "hồ sơ cần xác minh thêm thông tin tại cơ quan có liên quan",
    "hệ thống phần mềm chuyên ngành gặp sự cố kỹ thuật",
    "cán bộ thụ lý phải đi công tác đột xuất",
    "phải chờ kết quả xác minh từ đơn vị khác",
]
CONTRIBUTIONS = [
    "Đề nghị bố trí thêm ghế ngồi chờ tại Bộ phận Một cửa",
    "Góp ý niêm yết công khai lịch tiếp công dân tại nhà văn hóa thôn",
    "Kiến nghị sửa chữa đèn chiếu sáng đường liên thôn",
    "Góp ý hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi",
    "Đề xuất tổ chức dọn vệ sinh môi trường hằng tháng",
]
SIGNER = ("Trần Văn Dũng", "Chủ tịch")


def build(today: dt.date) -> None:
    rng = random.Random(f"thanthien-letters-{today.isoformat()}")
    _apologies_for_late_dossiers(rng, today)
    _contributions(rng, today)
    _feedback_thanks(today)
    sweep(today)  # civil events: delivered letters for the past registry, drafts for those owed now
    _number_past_letters()


def _apologies_for_late_dossiers(rng: random.Random, today: dt.date) -> None:
    late = Dossier.objects.filter(resolved_at__gt=F("due_at")).select_related("unit", "procedure")
    letters = []
    for d in late.iterator():
        assert d.resolved_at is not None  # the filter above
        issued = timezone.localtime(d.due_at) - dt.timedelta(hours=rng.choice([2, 4, 20]))
        issued = max(issued, timezone.localtime(d.received_at))
        letters.append(
            Letter(
                unit=d.unit,
                kind=LetterKind.APOLOGY,
                status=LetterStatus.DELIVERED,
                subject_type=SubjectType.DOSSIER,
                subject_id=str(d.pk),
                dossier=d,
                owed_on=issued.date(),
                recipient_name=d.applicant_name,
                recipient_address=d.applicant_address,
                recipient_phone=d.applicant_phone,
                reason=rng.choice(REASONS),
                new_appointment_at=d.resolved_at + dt.timedelta(hours=1),
                letter_date=issued.date(),
                signer_name=SIGNER[0],
                signer_title=SIGNER[1],
                delivery_method=DeliveryMethod.HANDED,
                delivery_status=DeliveryStatus.DELIVERED,
                delivered_at=issued,
                body="",
            )
        )
    Letter.objects.bulk_create(letters, batch_size=500)


def _contributions(rng: random.Random, today: dt.date) -> None:
    start = today.replace(year=today.year - 3)
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS):
        first, last = max(start, unit.valid_from or start), min(today, unit.valid_to or today)
        if first > last:
            continue
        for _ in range(rng.randint(4, 9)):
            day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
            c = Contribution.objects.create(
                unit=unit,
                contributor_name=rng.choice(["Nguyễn Văn Hùng", "Lê Thị Mai", "Phạm Đức Long", "Hà Thị Thu"]),
                contributor_address=f"Thôn {rng.randint(1, 9)}, {unit.name}",
                summary=rng.choice(CONTRIBUTIONS),
                received_on=day,
            )
            if (today - day).days > 7:
                sent = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=3), dt.time(9)))
                Letter.objects.create(
                    unit=unit,
                    kind=LetterKind.THANKS,
                    status=LetterStatus.DELIVERED,
                    subject_type=SubjectType.CONTRIBUTION,
                    subject_id=str(c.pk),
                    owed_on=day,
                    recipient_name=c.contributor_name,
                    recipient_address=c.contributor_address,
                    letter_date=sent.date(),
                    signer_name=SIGNER[0],
                    signer_title=SIGNER[1],
                    delivery_method=DeliveryMethod.POST,
                    delivery_status=DeliveryStatus.DELIVERED,
                    delivered_at=sent,
                )


# Feedback answered longer ago than this was thanked by post; the sweep leaves the recent ones as drafts.
THANKED_AFTER = dt.timedelta(days=30)


def _feedback_thanks(today: dt.date) -> None:
    """The thank-you letters already sent for public feedback answered more than a month ago."""
    adapter = FeedbackSubject()
    letters = []
    for owed in adapter.owed(today):
        if today - owed.owed_on <= THANKED_AFTER:
            continue
        sent = timezone.make_aware(dt.datetime.combine(owed.owed_on + dt.timedelta(days=2), dt.time(9)))
        letters.append(
            Letter(
                unit_id=owed.unit_id,
                kind=owed.kind,
                status=LetterStatus.DELIVERED,
                subject_type=owed.subject_type,
                subject_id=owed.subject_id,
                owed_on=owed.owed_on,
                recipient_name=owed.recipient_name,
                recipient_address=owed.recipient_address,
                recipient_phone=owed.recipient_phone,
                recipient_email=owed.recipient_email,
                letter_date=sent.date(),
                signer_name=SIGNER[0],
                signer_title=SIGNER[1],
                delivery_method=DeliveryMethod.POST if owed.recipient_address else DeliveryMethod.HANDED,
                delivery_status=DeliveryStatus.DELIVERED,
                delivered_at=sent,
            )
        )
    Letter.objects.bulk_create(letters, batch_size=500)


def _number_past_letters() -> None:
    """Number every delivered demo letter in date order per unit, kind and year, freeze its text, and
    leave the counters where a real register would be."""
    counters: dict[tuple[int, str, int], int] = defaultdict(int)
    todo = Letter.objects.filter(number__isnull=True, status=LetterStatus.DELIVERED).select_related(
        "unit", *subjects.link_fields()
    )
    ordered = list(todo.order_by("letter_date", "pk"))
    subjects.attach(ordered)
    changed = []
    for letter in ordered:
        assert letter.letter_date is not None
        key = (letter.unit_id, letter.kind, letter.letter_date.year)
        counters[key] += 1
        letter.year, letter.number = letter.letter_date.year, counters[key]
        letter.symbol = letter_setting(letter.unit).symbol_for(letter.kind)
        letter.signer_name, letter.signer_title = letter.signer_name or SIGNER[0], letter.signer_title or SIGNER[1]
        letter.body = render_body(letter)
        changed.append(letter)
    Letter.objects.bulk_update(
        changed, ["year", "number", "symbol", "signer_name", "signer_title", "body"], batch_size=500
    )
    for (unit_id, kind, year), value in counters.items():
        numbering.reserve(unit_id, number_series(kind, year), value)
