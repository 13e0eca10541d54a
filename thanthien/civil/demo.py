"""Three years of civil events for the demo communes: births, marriages (half with a certificate ceremony),
deaths, with the letters of older events already delivered and a few recent ones still owed today.
Deterministic for a given day."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

from django.contrib.auth.models import User
from django.db.models import Count

from thanthien.onestop.models import Dossier, Status
from thanthien.org.models import COMMUNE_KINDS, Role, Unit

from .derive import event_from_dossier
from .models import PROCEDURE_KINDS, CivilEvent, EventKind

YEARS = 3
# Events per year in a commune of the seeds' size (a 2025 successor serves the communes merged into it).
RATES = {EventKind.BIRTH: (40, 80), EventKind.MARRIAGE: (20, 40), EventKind.DEATH: (25, 45)}
# Weddings gather before Tết and after the harvest, few in the 7th lunar month; deaths peak in the cold months.
SEASON = {
    EventKind.BIRTH: dict.fromkeys(range(1, 13), 1.0),
    EventKind.MARRIAGE: {
        1: 1.6,
        2: 0.6,
        3: 1.0,
        4: 0.9,
        5: 0.8,
        6: 0.7,
        7: 0.6,
        8: 0.4,
        9: 1.0,
        10: 1.4,
        11: 1.6,
        12: 1.9,
    },
    EventKind.DEATH: {
        1: 1.3,
        2: 1.2,
        3: 1.0,
        4: 0.9,
        5: 0.9,
        6: 0.9,
        7: 0.9,
        8: 0.9,
        9: 0.9,
        10: 1.0,
        11: 1.1,
        12: 1.3,
    },
}
RECENT = dt.timedelta(days=30)
FAMILY = [
    "Nguyễn",
    "Lê",
    "Trần",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Bùi",
    "Đặng",
    "Ngô",
    "Lương",
    "Trịnh",
    "Mai",
    "Hà",
    "Lò",
    "Cầm",
]
MIDDLE_M = ["Văn", "Đình", "Xuân", "Hữu", "Minh", "Quang", "Đức", "Công"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Phương"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang"]
CHILD_M = ["Gia Huy", "Minh Khôi", "Đức Anh", "Bảo Nam", "Quốc Bảo", "Hoàng Long", "Tuấn Kiệt", "Anh Quân"]
CHILD_F = ["Khánh Linh", "Bảo Ngọc", "An Nhiên", "Minh Châu", "Tuệ Lâm", "Ngọc Hân", "Hà My", "Thảo Vy", "Gia Hân"]
ELDER_M = ["Văn Lộc", "Văn Thọ", "Đình Khang", "Văn Phúc", "Hữu Tài", "Xuân Hòa", "Văn Đạt"]
ELDER_F = ["Thị Tý", "Thị Nhàn", "Thị Gái", "Thị Hợi", "Thị Mận", "Thị Đào", "Thị Lựu"]
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn Đông", "Thôn Nam", "Thôn Trung", "Xóm Chùa", "Xóm Đình", "Khu phố 4"]


def build(today: dt.date) -> None:
    rng = random.Random(f"thanthien-civil-{today.isoformat()}")
    start = today.replace(year=today.year - YEARS) if not (today.month == 2 and today.day == 29) else today
    units = Unit.objects.filter(kind__in=COMMUNE_KINDS).annotate(merged=Count("predecessors")).order_by("code")
    for unit in units:
        first = max(start, unit.valid_from or start)
        last = min(today, unit.valid_to or today)
        if first <= last:
            _build_unit(rng, unit, first, last, today, max(1.0, unit.merged * 0.7))
    _from_returned_dossiers(rng, today)


def _registrar(unit: Unit) -> User | None:
    return User.objects.filter(memberships__unit=unit, memberships__role=Role.CIVIL_REGISTRAR).first()


def _build_unit(rng: random.Random, unit: Unit, first: dt.date, last: dt.date, today: dt.date, size: float) -> None:
    registrar = _registrar(unit)
    rates = {kind: rng.uniform(*bounds) * size for kind, bounds in RATES.items()}
    numbers: Counter[tuple[str, int]] = Counter()
    events: list[CivilEvent] = []
    day = first
    while day <= last:
        # The registrar works on weekdays, and on some Saturday mornings.
        if day.weekday() < 5 or (day.weekday() == 5 and rng.random() < 0.2):
            for kind, rate in rates.items():
                for _ in range(_poisson(rng, rate / 261 * SEASON[kind][day.month])):
                    numbers[(kind, day.year)] += 1
                    event = _event(rng, unit, kind, day, today)
                    event.register_number = str(numbers[(kind, day.year)])
                    event.created_by = registrar
                    events.append(event)
        day += dt.timedelta(days=1)
    CivilEvent.objects.bulk_create(events, batch_size=1000)


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _man(rng: random.Random, family: str | None = None) -> str:
    return f"{family or rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _woman(rng: random.Random, family: str | None = None) -> str:
    return f"{family or rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def _phone(rng: random.Random) -> str:
    return f"0{rng.choice('3789')}{rng.randint(10000000, 99999999)}"


def _event(rng: random.Random, unit: Unit, kind: str, day: dt.date, today: dt.date) -> CivilEvent:
    event = CivilEvent(
        unit=unit,
        kind=kind,
        registered_on=day,
        contact_address=f"{rng.choice(VILLAGES)}, {unit.name}",
        contact_phone=_phone(rng) if rng.random() < 0.85 else "",
    )
    family = rng.choice(FAMILY)
    if kind == EventKind.BIRTH:
        boy = rng.random() < 0.51
        event.person_name = f"{family} {rng.choice(CHILD_M if boy else CHILD_F)}"
        event.event_date = day - dt.timedelta(days=rng.randint(1, 55))
        event.contact_name = _man(rng, family) if rng.random() < 0.6 else _woman(rng)
    elif kind == EventKind.MARRIAGE:
        event.person_name, event.partner_name = _man(rng, family), _woman(rng)
        event.event_date = day
        event.contact_name = f"{event.person_name} và {event.partner_name}"
        if rng.random() < 0.5:
            on = day + dt.timedelta(days=rng.choice([0, 0, 1, 3, 7, 10]))
            if on <= today:
                event.ceremony_held, event.ceremony_on = True, on
    else:
        man = rng.random() < 0.5
        event.person_name = f"{family} {rng.choice(ELDER_M if man else ELDER_F)}"
        event.person_title = "Cụ ông" if man else "Cụ bà"
        event.event_date = day - dt.timedelta(days=rng.randint(0, 10))
        event.contact_name = _man(rng, family) if rng.random() < 0.5 else _woman(rng, family)
    _letter(rng, event, today)
    return event


def _letter(rng: random.Random, event: CivilEvent, today: dt.date) -> None:
    """Older events: most letters were delivered; the last month's: a few delivered, the rest still owed."""
    recent = today - event.registered_on <= RECENT
    if rng.random() < (0.25 if recent else 0.8):
        sent = event.registered_on + dt.timedelta(days=rng.randint(1, 10))
        if sent <= today:
            event.letter_sent_on = sent


def _from_returned_dossiers(rng: random.Random, today: dt.date) -> None:
    """Some of the last month's returned khai sinh / kết hôn / khai tử dossiers registered their event at the
    desk; the registrar has completed most of them, a few still wait ("cần bổ sung")."""
    recent = Dossier.objects.filter(
        procedure__code__in=PROCEDURE_KINDS,
        status=Status.RETURNED,
        returned_at__date__gte=today - RECENT,
        civil_event__isnull=True,
    ).order_by("pk")
    for dossier in recent:
        if rng.random() >= 0.3:
            continue
        event = event_from_dossier(dossier)
        if event is None or rng.random() < 0.3:
            continue
        family = rng.choice(FAMILY)
        if event.kind == EventKind.BIRTH:
            event.person_name = f"{family} {rng.choice(CHILD_M + CHILD_F)}"
            event.event_date = event.registered_on - dt.timedelta(days=rng.randint(1, 40))
        elif event.kind == EventKind.MARRIAGE:
            event.person_name, event.partner_name = _man(rng, family), _woman(rng)
            event.event_date = event.registered_on
        else:
            man = rng.random() < 0.5
            event.person_name = f"{family} {rng.choice(ELDER_M if man else ELDER_F)}"
            event.person_title = "Cụ ông" if man else "Cụ bà"
            event.event_date = event.registered_on - dt.timedelta(days=rng.randint(0, 7))
        event.save(update_fields=["person_name", "partner_name", "person_title", "event_date"])
