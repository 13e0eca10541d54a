"""Three years of realistic dossiers for the demo communes: channels, fields, seasonal peaks,
> 90 % early or on time, a few late, some open, at risk or overdue today. Deterministic for a given day."""

from __future__ import annotations

import datetime as dt
import random
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.utils import timezone

from thanthien.org.models import COMMUNE_KINDS, Membership, Role, Unit
from thanthien.workdays.calendar import WorkCalendar
from thanthien.workdays.queries import calendar_for

from .catalogue import ensure_catalogue
from .codes import DEFAULT_PATTERN, new_codes, new_pin
from .deadlines import due_for
from .models import Channel, Dossier, DossierEvent, Procedure, Status
from .search import fill_search

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T = TypeVar("T")
YEARS = 3
# Procedure codes with their share of a commune's desk (chứng thực and hộ tịch dominate).
MIX = {
    "2.000815": 34,
    "2.000884": 10,
    "1.001193": 9,
    "1.000894": 4,
    "1.000656": 3,
    "2.000635": 8,
    "1.004873": 7,
    "2.000913": 6,
    "1.004859": 3,
    "1.001776": 3,
    "1.001758": 1,
    "1.002519": 1,
    "1.003605": 1,
    "1.000775": 3,
    "1.004884": 1,
    "1.008003": 2,
    "1.003554": 1,
    "2.000927": 1,
    "1.004746": 1,
}
CHANNELS: list[tuple[str, int]] = [
    (Channel.DIRECT, 52),
    (Channel.ONLINE_FULL, 22),
    (Channel.ONLINE_PARTIAL, 16),
    (Channel.POSTAL, 10),
]
# Peaks before Tết and at school enrolment; quiet in the Tết month itself.
SEASON = {1: 1.35, 2: 0.7, 3: 1.0, 4: 1.0, 5: 0.95, 6: 1.05, 7: 1.15, 8: 1.3, 9: 1.2, 10: 1.0, 11: 1.0, 12: 1.1}
FAMILY = ["Nguyễn", "Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Lương", "Trịnh", "Mai", "Hà"]
MIDDLE_M = ["Văn", "Đình", "Xuân", "Hữu", "Minh", "Quang", "Đức"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang", "Yến"]
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn Đông", "Thôn Nam", "Thôn Trung", "Xóm Chùa", "Xóm Đình"]


def build(today: dt.date) -> None:
    ensure_catalogue()
    rng = random.Random(f"thanthien-onestop-{today.isoformat()}")
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=MIX)}
    weights = [(procedures[c], w) for c, w in MIX.items() if c in procedures]
    start = today.replace(year=today.year - YEARS)
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS).order_by("code"):
        first = max(start, unit.valid_from or start)
        last = min(today, unit.valid_to or today)
        if first <= last:
            _build_unit(rng, unit, first, last, today, weights)


def _officers(unit: Unit) -> list[User]:
    users = list(User.objects.filter(memberships__unit=unit, memberships__role=Role.ONESTOP_OFFICER))
    return users or list(User.objects.filter(pk__in=Membership.objects.filter(unit=unit).values("user")))


def _build_unit(
    rng: random.Random,
    unit: Unit,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    weights: list[tuple[Procedure, int]],
) -> None:
    calendar = calendar_for(unit)
    officers: list[User | None] = [*_officers(unit)] or [None]
    now = timezone.now()
    # Dossiers per working day: communes differ, and a 2025 successor serves all the communes merged into it.
    size = rng.uniform(3.0, 6.0) * max(1, int(unit.predecessors.count() * 0.7))
    day = first
    dossiers: list[Dossier] = []
    while day <= last:
        if calendar.is_working_day(day) or rng.random() < 0.08:  # some weekend desks
            moments = sorted(_moment(rng, day) for _ in range(_poisson(rng, size * SEASON[day.month])))
            moments = [m for m in moments if m <= now]
            if moments:
                codes = new_codes(unit, DEFAULT_PATTERN, day, len(moments))
                for code, received in zip(codes, moments, strict=True):
                    dossiers.append(_dossier(rng, unit, calendar, received, code, weights, officers, now))
        day += dt.timedelta(days=1)
    for d in dossiers:
        fill_search(d)  # bulk_create skips Dossier.save(), which fills the folded search column
    Dossier.objects.bulk_create(dossiers, batch_size=1000)
    _events(dossiers)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method is plenty for small means.
    limit, k, p = pow(2.718281828, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _pick(rng: random.Random, items: list[tuple[T, int]]) -> T:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.choice([rng.randint(7 * 60 + 30, 11 * 60 + 20), rng.randint(13 * 60, 16 * 60 + 50)])
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), TZ)


def _dossier(
    rng: random.Random,
    unit: Unit,
    calendar: WorkCalendar,
    received: dt.datetime,
    code: str,
    weights: list[tuple[Procedure, int]],
    officers: list[User | None],
    now: dt.datetime,
) -> Dossier:
    day = received.date()
    procedure = _pick(rng, weights)
    due = due_for(procedure, calendar, received)
    female = rng.random() < 0.5
    name = " ".join(
        [rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M), rng.choice(GIVEN_F if female else GIVEN_M)]
    )
    d = Dossier(
        unit=unit,
        procedure=procedure,
        code=code,
        pin=new_pin(),
        channel=_pick(rng, CHANNELS),
        applicant_name=name,
        applicant_id_number=f"038{rng.randint(0, 1):d}{rng.randint(40, 99):02d}{rng.randint(0, 999999):06d}",
        applicant_phone=f"09{rng.randint(10000000, 99999999)}",
        applicant_address=f"{rng.choice(VILLAGES)}, {unit.name}",
        weekend_reception=not calendar.is_working_day(day),
        home_service=rng.random() < 0.01,
        received_at=received,
        due_at=due.due,
        due_explanation=due.explanation(),
        received_by=rng.choice(officers),
    )
    _outcome(rng, d, calendar, now)
    return d


def _outcome(rng: random.Random, d: Dossier, calendar: WorkCalendar, now: dt.datetime) -> None:
    roll = rng.random()
    if roll < 0.006:
        d.status, d.ended_at = Status.REFUSED, d.received_at + dt.timedelta(minutes=20)
        return
    if roll < 0.016:
        d.status, d.ended_at = Status.WITHDRAWN, min(now, d.received_at + dt.timedelta(days=1))
        return
    late = roll > 0.975
    span = (d.due_at - d.received_at).total_seconds()
    if late:
        resolved = d.due_at + dt.timedelta(hours=rng.choice([2, 20, 26, 50]))
    elif span < 12 * 3600 or rng.random() < 0.25:
        resolved = d.received_at + dt.timedelta(seconds=span * rng.uniform(0.2, 0.98))
    else:
        # Most multi-day dossiers are ready a day or more early.
        resolved = d.received_at + dt.timedelta(seconds=span * rng.uniform(0.3, 0.7))
    if resolved > now or (abs((d.due_at - now).total_seconds()) < 2 * 86400 and rng.random() < 0.35):
        # Still in the works today: some stay on time, a few are at risk or already overdue.
        if rng.random() < 0.05 and d.due_at > now:
            d.status, d.supplement_requested_at = Status.SUPPLEMENT, d.received_at + dt.timedelta(hours=2)
        else:
            d.status = rng.choice([Status.ACCEPTED, Status.PROCESSING, Status.PROCESSING])
        return
    d.status, d.resolved_at = Status.RESOLVED, resolved
    returned = resolved + dt.timedelta(hours=rng.choice([0.2, 1, 3, 20, 44]))
    if returned <= now:
        d.status, d.returned_at = Status.RETURNED, returned


def _events(dossiers: list[Dossier]) -> None:
    events = []
    for d in dossiers:
        actor_name = d.received_by.get_full_name() if d.received_by else "hệ thống"
        events.append(
            DossierEvent(
                dossier=d,
                at=d.received_at,
                actor=d.received_by,
                actor_name=actor_name,
                status_to=Status.ACCEPTED,
                note="Tiếp nhận hồ sơ",
            )
        )
        final = d.returned_at or d.resolved_at or d.ended_at
        if final is not None:
            events.append(
                DossierEvent(
                    dossier=d,
                    at=final,
                    actor=d.received_by,
                    actor_name=actor_name,
                    status_from=Status.ACCEPTED,
                    status_to=d.status,
                )
            )
    DossierEvent.objects.bulk_create(events, batch_size=2000)
