"""The model at the demo communes (issue 11 item 12, the part of items 1–3): for every commune valid today, a
launch about three years ago as the seeds tell it (Hoằng Hợp: the Party committee's resolution and its decision
founding the board, the UBND's decision on the board's regulation, the board's notice sharing its tasks, the plans,
the launch a few weeks later; Trung Thượng: an operating board of 11 members and the five steps), the stages
registration → launch → operation → self-assessment each year, the five steps with the days they were done, the
commune's profile (seed 002 §I), the board with one later change (kiện toàn), and about a dozen documents of every
kind numbered as written in Vietnam.

Deterministic for a given day; a commune that already has documents or a board is left as it is. Written straight
to the tables: a past register has no action side effects to replay (the numbers are checked by the same
numbers_model.clean_number the pages use)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Unit, UnitKind

from .actions_model import DEFAULT_STEPS
from .models import (
    Board,
    BoardChange,
    BoardKind,
    BoardMember,
    CommuneProfile,
    Decides,
    DocumentKind,
    IssuedDocument,
    Issuer,
    ModelStage,
    ProcessStep,
    Stage,
)
from .numbers_model import clean_number

ORDER = 50
MODEL = "“Chính quyền thân thiện, vì Nhân dân phục vụ”"
SHOWCASE_UNIT = "16006"  # where the demo accounts work: its Chủ tịch UBND is the demo leader

FAMILY = ["Nguyễn", "Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Lương", "Trịnh", "Mai", "Hà"]
MIDDLE = {"m": ["Văn", "Đình", "Xuân", "Hữu", "Minh", "Quang", "Đức"], "f": ["Thị", "Thu", "Ngọc", "Thanh", "Hồng"]}
GIVEN = {
    "m": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khanh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng"],
    "f": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Yến"],
}

# (position, role in the board, tasks) — the operating board of Trung Thượng had 11 members (seed 003).
MEMBERS: list[tuple[str, str, str]] = [
    ("Bí thư Đảng ủy xã", "Trưởng ban", "Phụ trách chung; lãnh đạo, chỉ đạo toàn diện việc thực hiện mô hình."),
    (
        "Chủ tịch UBND xã",
        "Phó Trưởng ban Thường trực",
        "Chỉ đạo cải cách hành chính, Bộ phận Một cửa, tiếp công dân; ký các văn bản điều hành của Ban.",
    ),
    (
        "Chủ tịch Ủy ban MTTQ xã",
        "Phó Trưởng ban",
        "Giám sát việc thực hiện cam kết của cán bộ, công chức; tổ chức khảo sát sự hài lòng của Nhân dân.",
    ),
    ("Phó Chủ tịch UBND xã", "Thành viên", "Phụ trách đối thoại, giải quyết kiến nghị, phản ánh của Nhân dân."),
    ("Phó Bí thư Đảng ủy xã", "Thành viên", "Phụ trách công tác tuyên truyền, kiểm tra, giám sát trong Đảng."),
    ("Chủ tịch Hội Nông dân xã", "Thành viên", "Tuyên truyền, vận động hội viên nông dân."),
    ("Chủ tịch Hội Liên hiệp Phụ nữ xã", "Thành viên", "Tuyên truyền, vận động hội viên phụ nữ."),
    ("Bí thư Đoàn Thanh niên xã", "Thành viên", "Hỗ trợ người dân sử dụng dịch vụ công trực tuyến."),
    ("Chủ tịch Hội Cựu chiến binh xã", "Thành viên", "Tuyên truyền, vận động hội viên cựu chiến binh."),
    ("Công chức Văn phòng – Thống kê", "Thành viên, Thư ký", "Tham mưu văn bản, tổng hợp, báo cáo kết quả."),
    ("Công chức Tư pháp – Hộ tịch", "Thành viên", "Thực hiện thư chúc mừng, chia buồn; niêm yết thủ tục hành chính."),
]


def _name(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _years_before(today: dt.date, years: int) -> dt.date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


def build(today: dt.date) -> None:
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code"):
        if IssuedDocument.objects.filter(unit=unit).exists() or Board.objects.filter(unit=unit).exists():
            continue
        _commune(unit, today)


register_demo(ORDER, build)


def _province(unit: Unit) -> str:
    """The province above the commune, as the Party's provincial bodies are named ("Thanh Hóa")."""
    above = unit.parent
    while above is not None and above.kind not in (UnitKind.PROVINCE, UnitKind.CENTRAL_CITY):
        above = above.parent
    return above.short_name() if above is not None else "Thanh Hóa"


class _Numbers:
    """Serial numbers per issuer, kind and year, rising through the year as registers do."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: dict[tuple[str, str, int], int] = {}

    def next(self, issuer: str, kind: str, day: dt.date) -> int:
        key = (issuer, kind, day.year)
        start = 1 + (
            day.timetuple().tm_yday // 6 if issuer == Issuer.PEOPLES_COMMITTEE else day.timetuple().tm_yday // 5
        )
        value = max(start, self.last.get(key, 0) + 1) + self.rng.randint(0, 3)
        self.last[key] = value
        return value


def _commune(unit: Unit, today: dt.date) -> None:
    rng = random.Random(f"thanthien-programme-model-{unit.code}-{today.isoformat()}")
    numbers = _Numbers(rng)
    start = _years_before(today, 3) + dt.timedelta(days=rng.randint(0, 40))
    place = unit.in_sentence()
    province = _province(unit)
    docs: list[IssuedDocument] = []

    def issue(
        offset: int, kind: str, issuer: str, summary: str, decides: str = "", symbol: str = "", issuer_name: str = ""
    ) -> IssuedDocument:
        day = min(start + dt.timedelta(days=offset), today - dt.timedelta(days=1))
        while day.weekday() >= 5 or (day.month, day.day) == (1, 1):  # signed on working days
            day -= dt.timedelta(days=1)
        serial = f"{numbers.next(issuer + symbol, kind, day):02d}"
        number = clean_number(kind, symbol.format(n=serial), day)
        doc = IssuedDocument.objects.create(
            unit=unit,
            kind=kind,
            number=number,
            issued_on=day,
            issuer=issuer,
            issuer_name=issuer_name,
            summary=summary,
            decides=decides,
        )
        docs.append(doc)
        return doc

    party, ubnd, board_issuer = Issuer.PARTY_COMMITTEE, Issuer.PEOPLES_COMMITTEE, Issuer.BOARD
    year = start.year
    issue(0, DocumentKind.RESOLUTION, party, f"Về xây dựng mô hình {MODEL} năm {year}", Decides.PLAN, "{n}-NQ/ĐU")
    founding = issue(
        3,
        DocumentKind.DECISION,
        party,
        f"Thành lập Ban chỉ đạo thực hiện mô hình {MODEL} năm {year}",
        Decides.BOARD,
        "{n}-QĐ/ĐU",
    )
    issue(
        6,
        DocumentKind.DECISION,
        ubnd,
        f"Ban hành Quy chế hoạt động của Ban điều hành thực hiện mô hình điểm {MODEL} năm {year}",
        Decides.REGULATION,
        "{n}/QĐ-UBND",
    )
    issue(
        10,
        DocumentKind.NOTICE,
        board_issuer,
        f"Phân công nhiệm vụ cho từng thành viên Ban chỉ đạo thực hiện mô hình {MODEL} năm {year}",
        Decides.BOARD,
        "{n}/TB-UBND",
    )
    issue(14, DocumentKind.PLAN, ubnd, f"Triển khai thực hiện mô hình {MODEL} năm {year}", Decides.PLAN, "{n}/KH-UBND")
    launch_plan = issue(
        30,
        DocumentKind.PLAN,
        ubnd,
        f"Tổ chức hội nghị ra mắt mô hình {MODEL} và ký cam kết “5 biết, 3 không, 4 thể hiện”",
        Decides.LAUNCH,
        "{n}/KH-UBND",
    )
    issue(
        60,
        DocumentKind.NOTICE,
        ubnd,
        f"Lịch tiếp công dân của Chủ tịch UBND xã năm {year}",
        "",
        "{n}/TB-UBND",
    )
    issue(
        120,
        DocumentKind.OFFICIAL_LETTER,
        ubnd,
        "Đề nghị Ủy ban MTTQ xã phối hợp khảo sát mức độ hài lòng của Nhân dân đối với cán bộ, công chức",
        "",
        "{n}/UBND-VP",
    )
    reports = [
        issue(
            365 * k - 20,
            DocumentKind.REPORT,
            ubnd,
            f"Kết quả thực hiện mô hình {MODEL} năm {start.year + k - 1}",
            "",
            "{n}/BC-UBND",
        )
        for k in (1, 2)
    ]
    change_decision = issue(
        420,
        DocumentKind.DECISION,
        party,
        f"Kiện toàn Ban chỉ đạo thực hiện mô hình {MODEL}",
        Decides.BOARD,
        "{n}-QĐ/ĐU",
    )
    issue(
        400,
        DocumentKind.PLAN,
        ubnd,
        f"Tổ chức hội nghị đối thoại chính sách pháp luật, lắng nghe ý kiến của Nhân dân năm {year + 1}",
        "",
        "{n}/KH-UBND",
    )
    issue(
        3 * 365 - 60,
        DocumentKind.PLAN,
        Issuer.HIGHER,
        f"Tổ chức hội nghị sơ kết 03 năm thực hiện mô hình {MODEL}",
        "",
        "{n}-KH/BDVTU",
        issuer_name=f"Ban Dân vận Tỉnh ủy {province}",
    )
    final = issue(
        3 * 365 - 40, DocumentKind.REPORT, ubnd, f"Sơ kết 03 năm thực hiện mô hình {MODEL}", "", "{n}/BC-UBND"
    )
    _stages(unit, docs, launch_plan, [*reports, final])
    _steps(unit, start, launch_plan.issued_on, reports[0].issued_on)
    _profiles(rng, unit, start, today)
    _board(rng, unit, founding, change_decision, place)


def _stages(unit: Unit, docs: list[IssuedDocument], launch_plan: IssuedDocument, reports: list[IssuedDocument]) -> None:
    launch_day = launch_plan.issued_on + dt.timedelta(days=15)
    rows = [
        ModelStage(unit=unit, stage=Stage.REGISTRATION, reached_on=docs[0].issued_on, document=docs[0]),
        ModelStage(
            unit=unit,
            stage=Stage.LAUNCH,
            reached_on=launch_day,
            document=launch_plan,
            note="Hội nghị ra mắt mô hình, ký cam kết “5 biết, 3 không, 4 thể hiện”.",
        ),
        ModelStage(unit=unit, stage=Stage.OPERATION, reached_on=launch_day + dt.timedelta(days=1), document=docs[2]),
    ]
    rows += [ModelStage(unit=unit, stage=Stage.SELF_ASSESSMENT, reached_on=r.issued_on, document=r) for r in reports]
    ModelStage.objects.bulk_create(rows)


def _steps(unit: Unit, start: dt.date, launch_on: dt.date, first_report: dt.date) -> None:
    done = [
        start + dt.timedelta(days=3),
        start + dt.timedelta(days=25),
        launch_on + dt.timedelta(days=15),
        launch_on + dt.timedelta(days=120),
        first_report,
    ]
    ProcessStep.objects.bulk_create(
        [
            ProcessStep(unit=unit, order=i, title=title, planned_by=day, done_on=day)
            for i, (title, day) in enumerate(zip(DEFAULT_STEPS, done, strict=True), start=1)
        ]
    )


def _profiles(rng: random.Random, unit: Unit, start: dt.date, today: dt.date) -> None:
    households = rng.randint(1_300, 5_500)
    rows = []
    for as_of in (dt.date(start.year - 1, 12, 31), dt.date(today.year - 1, 12, 31)):
        grown = int(households * (1 + 0.012 * (as_of.year - start.year + 1)))
        rows.append(
            CommuneProfile(
                unit=unit,
                as_of=as_of,
                area_km2=Decimal(rng.randint(400, 4_000)) / 100,
                households=grown,
                population=int(grown * rng.uniform(3.5, 3.8)),
                party_members=rng.randint(190, 780),
                party_cells=rng.randint(9, 28),
                villages=rng.randint(5, 18),
            )
        )
    rows[1].area_km2 = rows[0].area_km2
    CommuneProfile.objects.bulk_create(rows)


def _board(rng: random.Random, unit: Unit, founding: IssuedDocument, change_doc: IssuedDocument, place: str) -> None:
    board = Board.objects.create(
        unit=unit,
        kind=BoardKind.STEERING,
        name=f"Ban chỉ đạo thực hiện mô hình {MODEL} {place}",
        founded_on=founding.issued_on,
        founding_document=founding,
    )
    members = []
    for order, (position, role, tasks) in enumerate(MEMBERS, start=1):
        name = "Trần Văn Dũng" if unit.code == SHOWCASE_UNIT and order == 2 else _name(rng)
        members.append(
            BoardMember(
                board=board,
                full_name=name,
                position=position,
                board_role=role,
                tasks=tasks,
                order=order,
                from_date=board.founded_on,
            )
        )
    BoardMember.objects.bulk_create(members)
    change = BoardChange.objects.create(
        board=board,
        decided_on=change_doc.issued_on,
        document=change_doc,
        note="Phó Chủ tịch UBND xã và Bí thư Đoàn Thanh niên xã điều động công tác khác; bổ sung người thay thế.",
    )
    leaving = [m for m in BoardMember.objects.filter(board=board) if m.order in (4, 8)]
    for member in leaving:
        member.to_date = change.decided_on - dt.timedelta(days=1)
        member.left_by = change
        member.save(update_fields=["to_date", "left_by"])
        BoardMember.objects.create(
            board=board,
            full_name=_name(rng),
            position=member.position,
            board_role=member.board_role,
            tasks=member.tasks,
            order=member.order,
            from_date=change.decided_on,
            joined_by=change,
        )
