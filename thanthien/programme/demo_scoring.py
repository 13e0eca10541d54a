"""Demo criteria scoring (issue 11 item 12): for every demo commune a published scoring for each of the last two
complete years and this year's self-score in progress (a draft half filled, or submitted). Each commune has a
level it reaches — mostly Tốt or Khá, now and then Đạt — and scores around it; the supervisor's verified score
takes a point or so off some lines. The criterion TC1 cites the commune's documents about the model as evidence
(those the model's demo issued). Written through the same actions as the pages (actor None: the command line),
so totals, classes and the audit trail are as on screen. Deterministic for a given day; a year already scored
is left as it is."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Unit

from . import actions_scoring as actions
from .models import CriterionKind, IssuedDocument, Scoring

ORDER = 54
# The share of a line's maximum a commune scores, by the level it reaches.
LEVELS = {"tot": (0.86, 0.98), "kha": (0.68, 0.79), "dat": (0.53, 0.63)}
LEVEL_WEIGHTS = (("tot", 0.55), ("kha", 0.35), ("dat", 0.10))
NOTES = {
    "TC1": "Có kế hoạch, quyết định thành lập Ban chỉ đạo; tổ chức hội nghị tuyên truyền ở các thôn.",
    "TC2": "Tỷ lệ hồ sơ giải quyết đúng hạn theo số liệu của Bộ phận Một cửa; hồ sơ trễ hẹn đều có thư xin lỗi.",
    "TC3": "Cán bộ, công chức đã ký cam kết; niêm yết công khai họ tên, chức vụ, số điện thoại.",
    "TC4": "Tiếp công dân định kỳ ngày 10 và 20 hằng tháng; tổ chức đối thoại với Nhân dân.",
    "TC5": "Khảo sát sự hài lòng qua mã QR, ki-ốt và phiếu giấy do MTTQ thu.",
}
COMMENTS = ("Cần bổ sung minh chứng.", "Trừ điểm do còn hồ sơ trễ hẹn.", "Chưa đủ số buổi theo lịch.")


def build(today: dt.date) -> None:
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code"):
        rnd = random.Random(f"scoring:{unit.code}:{today.isoformat()}")
        level = _level(rnd)
        for back in (2, 1):
            year = today.year - back
            # A commune improving over the years: the earlier year a level lower now and then.
            year_level = "kha" if back == 2 and level == "tot" and rnd.random() < 0.3 else level
            _published(unit, year, year_level, today, rnd)
        _current(unit, today, level, rnd)


def _level(rnd: random.Random) -> str:
    roll, acc = rnd.random(), 0.0
    for level, weight in LEVEL_WEIGHTS:
        acc += weight
        if roll < acc:
            return level
    return "kha"


def _points(maximum: Decimal, low: float, high: float, rnd: random.Random) -> Decimal:
    """A score in half points within [0, maximum]."""
    raw = float(maximum) * rnd.uniform(low, high)
    return min(maximum, Decimal(round(raw * 2) / 2).quantize(Decimal("0.01")))


def _self_lines(scoring: Scoring, level: str, rnd: random.Random) -> dict[int, actions.SelfLine]:
    tree = actions.tree_of(scoring.criteria_set)
    low, high = LEVELS[level]
    lines = {}
    for c in tree.leaves():
        top = tree.top_of(c)
        if c.kind == CriterionKind.BONUS:
            value = Decimal(rnd.choice((2, 3, 5))) if level == "tot" and rnd.random() < 0.4 else Decimal(0)
        elif c.kind == CriterionKind.PENALTY:
            value = Decimal(2) if level == "dat" and rnd.random() < 0.5 else Decimal(0)
        else:
            value = _points(c.max_points, low, high, rnd)
        note = NOTES.get(top.code, "") if c.parent_id is not None and c == tree.children[top.pk][0] else ""
        lines[c.pk] = actions.SelfLine(value, note)
    return lines


def _evidence(scoring: Scoring) -> dict[int, list[int]]:
    """The commune's documents about the model issued by the end of the year, as TC1's evidence."""
    docs = list(
        IssuedDocument.objects.filter(unit=scoring.unit, issued_on__lte=dt.date(scoring.year, 12, 31))
        .order_by("issued_on", "pk")
        .values_list("pk", flat=True)[:4]
    )
    tc1 = scoring.criteria_set.criteria.filter(code="TC1", parent__isnull=True).first()
    return {tc1.pk: docs} if tc1 is not None and docs else {}


def _published(unit: Unit, year: int, level: str, today: dt.date, rnd: random.Random) -> None:
    if Scoring.objects.filter(unit=unit, year=year).exists():
        return
    scoring = actions.start_scoring(None, unit, year)
    lines = _self_lines(scoring, level, rnd)
    actions.save_self(None, scoring, lines, _evidence(scoring))
    scoring = actions.submit(None, scoring)
    verified = {}
    for pk, line in lines.items():
        value = line.score or Decimal(0)
        comment = ""
        if value >= 1 and rnd.random() < 0.2:
            value -= Decimal(1)
            comment = rnd.choice(COMMENTS)
        verified[pk] = actions.VerifiedLine(value, comment)
    actions.save_verified(None, scoring, verified)
    scoring = actions.verify(None, scoring)
    actions.publish(None, scoring, min(today, dt.date(year + 1, 2, 10) + dt.timedelta(days=rnd.randint(0, 40))))


def _current(unit: Unit, today: dt.date, level: str, rnd: random.Random) -> None:
    if Scoring.objects.filter(unit=unit, year=today.year).exists():
        return
    scoring = actions.start_scoring(None, unit, today.year)
    lines = _self_lines(scoring, level, rnd)
    if rnd.random() < 0.5:
        actions.save_self(None, scoring, lines, _evidence(scoring))
        actions.submit(None, scoring)
    else:  # a draft: the first criteria scored so far
        keep = dict(list(lines.items())[: len(lines) // 2])
        actions.save_self(None, scoring, keep, _evidence(scoring))


register_demo(ORDER, build)
