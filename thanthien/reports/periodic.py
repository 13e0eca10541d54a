"""The periodic report of a commune (báo cáo sơ kết / tổng kết) in the order of seed 002 and DOMAIN.md §9, built
from the statistics registry only: each subject's result for the period, written as sentences whose every total
equals the sum of its parts.

    report = build(unit, start, end, narratives)      # the content (sections of sentences)
    data = render(unit, start, end, "docx")           # bytes of a DOCX, PDF or XLSX, or the JSON text

`figures` (what `thanthien report --format json` prints under "figures", and what an issued report stores) is
the registry's results keyed by subject: {"dossiers": {...}, "letters": {...}, "engagement": {...},
"surveys": {...}, "programme": {...}}.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from thanthien.lib import stats

from .content import Fig, Reader, Section, Sentence, day_text, listed, sentence

SUBJECTS = ("dossiers", "letters", "engagement", "surveys", "programme")

# The parts of the report staff write (prefilled from the commune's previous report): key → the label of the
# field on the edit page.
NARRATIVES = {
    "profile": "I. Đặc điểm tình hình (bối cảnh, thuận lợi, khó khăn)",
    "leadership": "II.1. Công tác lãnh đạo, chỉ đạo (thêm ngoài các văn bản đã ban hành)",
    "regulations": "II.2. Xây dựng quy chế, quy định; cơ sở vật chất, trang thiết bị",
    "note.reception": "II.3.1. Ghi chú thêm về tiếp công dân, đối thoại",
    "note.training": "II.3.2. Ghi chú thêm về tuyên truyền, ra mắt, tập huấn",
    "note.commitments": "II.3.3. Ghi chú thêm về ký cam kết",
    "note.reform": "II.3.4. Ghi chú thêm về cải cách hành chính, thư gửi công dân",
    "note.surveys": "II.3.5. Ghi chú thêm về khảo sát sự hài lòng",
    "note.inspections": "II.3.6. Ghi chú thêm về kiểm tra, giám sát",
    "assessment": "III. Đánh giá chung (ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm)",
    "tasks": "IV. Phương hướng, nhiệm vụ thời gian tới",
    "proposals": "V. Đề xuất, kiến nghị",
}
NARRATIVE_MAX = 20_000
NO_RECORDS = "Trong kỳ báo cáo, phần mềm chưa có {what} của đơn vị (chưa phát sinh hoặc chưa được nhập vào phần mềm)."

ATTITUDE_LABELS = {
    "rat_nhiet_tinh": "rất nhiệt tình",
    "nhiet_tinh": "nhiệt tình",
    "binh_thuong": "bình thường",
    "chua_nhiet_tinh": "chưa nhiệt tình",
}


@dataclass
class PeriodicReport:
    unit: Any
    start: dt.date
    end: dt.date
    figures: dict[str, dict[str, Any]]
    sections: list[Section] = field(default_factory=list)
    attitude: dict[str, Any] | None = None

    def json(self) -> dict[str, Any]:
        """The JSON of `thanthien report --format json`."""
        return {
            "unit": self.unit.code,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "sections": {
                s.key: {
                    "number": s.number,
                    "title": s.title,
                    "text": s.paragraphs(),
                    "has_records": not s.empty,
                }
                for s in self.sections
            },
            "figures": self.figures,
        }

    def broken_identities(self) -> list[str]:
        return [i.text() for s in self.sections for i in s.identities() if not i.holds()]


def collect(unit: Any, start: dt.date, end: dt.date) -> dict[str, dict[str, Any]]:
    """Every subject's figures for the period, from the registry."""
    return {name: stats.compute(name, unit, start, end) for name in SUBJECTS}


def build(
    unit: Any,
    start: dt.date,
    end: dt.date,
    narratives: Mapping[str, str] | None = None,
    figures: dict[str, dict[str, Any]] | None = None,
) -> PeriodicReport:
    """The report's content. `figures`: the stored figures of an issued report (else computed now)."""
    figures = figures if figures is not None else collect(unit, start, end)
    texts = dict(narratives or {})
    readers = {name: Reader(name, figures[name]) for name in SUBJECTS}
    attitude = stats.indicator_value("surveys.attitude", unit, start, end) if figures["surveys"]["forms"] else None
    report = PeriodicReport(unit, start, end, figures, attitude=attitude)
    listing = _listings(unit, start, end)
    report.sections = [
        _profile(unit, end, listing("programme.profile")),
        Section("results", "II.", "Kết quả thực hiện", 1),
        _leadership(readers["programme"], listing("programme.documents")),
        Section("regulations", "2.", "Xây dựng quy chế, quy định; cơ sở vật chất", 2),
        Section("tasks_done", "3.", "Kết quả thực hiện các nhiệm vụ cụ thể", 2),
        _reception(readers["engagement"]),
        _training(readers["programme"]),
        _commitments(readers["programme"]),
        _reform(readers["dossiers"], readers["letters"]),
        _surveys(readers["surveys"], attitude),
        _inspections(readers["programme"]),
        Section("assessment", "III.", "Đánh giá chung", 1),
        Section("tasks", "IV.", "Phương hướng, nhiệm vụ thời gian tới", 1),
        Section("proposals", "V.", "Đề xuất, kiến nghị", 1),
    ]
    for section in report.sections:
        key = section.key if section.key in NARRATIVES else f"note.{section.key}"
        if key in NARRATIVES:
            section.narrative_key, section.narrative_label = key, NARRATIVES[key]
            section.narrative = str(texts.get(key) or "")
    return report


def _listings(unit: Any, start: dt.date, end: dt.date) -> Any:
    """A reader of the registry's listings that tolerates a subject which declares none."""
    known = {entry.name for name in SUBJECTS for entry in stats.listings(name)}

    def read(name: str) -> tuple[list[str], list[list[Any]]]:
        return stats.listing(name, unit, start, end) if name in known else ([], [])

    return read


# --- I. the commune's profile ---------------------------------------------------------------------------------------


# The columns of the listing `programme.profile` (its Vietnamese headers) → how a sentence says them.
PROFILE_COLUMNS = {
    "Số hộ": ("có ", " hộ"),
    "Số nhân khẩu": ("", " nhân khẩu"),
    "Số thôn, tổ dân phố": ("", " thôn, tổ dân phố"),
    "Số chi bộ": ("", " chi bộ"),
    "Số đảng viên": ("", " đảng viên"),
}
PROFILE_NOTE, PROFILE_AS_OF = "Đặc điểm khác", "Số liệu tính đến ngày"


def _profile(unit: Any, end: dt.date, profile: tuple[list[str], list[list[Any]]]) -> Section:
    section = Section("profile", "I.", "Đặc điểm tình hình", 1)
    headers, rows = profile
    row = dict(zip(headers, rows[0], strict=False)) if rows else {}
    parts = [
        f"{before}{_number(row[key])}{after}"
        for key, (before, after) in PROFILE_COLUMNS.items()
        if row.get(key) not in (None, "")
    ]
    if not parts and not row.get(PROFILE_NOTE):
        section.empty = NO_RECORDS.format(what="thông tin chung (số hộ, nhân khẩu, thôn)")
        return section
    name = unit.in_sentence() if hasattr(unit, "in_sentence") else str(unit.name)
    since = f" (số liệu tính đến ngày {row[PROFILE_AS_OF]})" if row.get(PROFILE_AS_OF) else ""
    if parts:
        section.sentences.append(Sentence([f"{name[:1].upper()}{name[1:]} " + ", ".join(parts) + f"{since}."]))
    if row.get(PROFILE_NOTE):
        section.sentences.append(Sentence([str(row[PROFILE_NOTE])]))
    return section


def _number(value: Any) -> str:
    from thanthien.lib.vn import fmt_number

    return fmt_number(value) if isinstance(value, int | float) else str(value)


# --- II.1 leadership: the documents issued -------------------------------------------------------------------------


def _kind_labels(subject: str, prefix: str) -> dict[str, str]:
    return {key[len(prefix) :]: label for key, label in stats.subject(subject).labels if key.startswith(prefix)}


def _leadership(p: Reader, documents: tuple[list[str], list[list[Any]]]) -> Section:
    section = Section("leadership", "1.", "Công tác lãnh đạo, chỉ đạo", 2)
    total = p.fig("documents.total")
    kinds = _kind_labels("programme", "documents.by_kind.")
    parts = [p.fig(f"documents.by_kind.{k}") for k in kinds]
    if not total.value:
        section.empty = NO_RECORDS.format(what="văn bản chỉ đạo, điều hành nào về mô hình trong sổ văn bản")
        return section
    shown = [(f"{kinds[f.key.rsplit('.', 1)[1]]} ", f, "") for f in parts if f.value]
    section.sentences.append(
        sentence(
            "Ban hành ",
            total,
            " văn bản để lãnh đạo, chỉ đạo, triển khai thực hiện mô hình, gồm: ",
            *listed(shown),
            ". Cụ thể:",
            sums=[((total,), tuple(parts))],
        )
    )
    headers, rows = documents
    if "Trích dẫn" in headers:
        at = headers.index("Trích dẫn")
        section.citations = [str(r[at]) for r in rows if r[at]]
    return section


# --- II.3.1 reception, dialogues, opinions and petitions ----------------------------------------------------------


def _reception(e: Reader) -> Section:
    section = Section("reception", "3.1.", "Tiếp công dân, đối thoại, giải quyết đơn thư", 3)
    counted = (
        "receptions.sessions",
        "opinions.received",
        "dialogues.held",
        "petitions.carried_over",
        "petitions.received",
        "feedback.received",
    )
    if e.all_zero(counted):
        section.empty = NO_RECORDS.format(what="buổi tiếp công dân, cuộc đối thoại, ý kiến hay đơn thư nào")
        return section
    sessions = e.fig("receptions.sessions")
    section.sentences.append(
        sentence(
            "Tổ chức ",
            sessions,
            " buổi tiếp công dân (người đứng đầu trực tiếp tiếp ",
            e.fig("receptions.head_sessions"),
            " buổi; ",
            e.fig("receptions.sessions_nobody_came"),
            " buổi không có công dân đến); tiếp ",
            e.fig("receptions.visits"),
            " lượt với ",
            e.fig("receptions.people"),
            " người, trong đó ",
            e.fig("receptions.groups"),
            " đoàn đông người.",
        )
    )
    section.sentences.append(
        sentence(
            "Tổ chức ",
            e.fig("dialogues.held"),
            " cuộc đối thoại với Nhân dân, có ",
            e.fig("dialogues.participants"),
            " người tham dự; tại các cuộc đối thoại có ",
            e.fig("dialogues.opinions_raised"),
            " ý kiến được nêu, đã trả lời ",
            e.fig("dialogues.opinions_answered"),
            " ý kiến.",
        )
    )
    received = e.fig("opinions.received")
    sources = [
        ("qua tiếp công dân ", e.fig("opinions.by_source.reception"), ""),
        ("qua đối thoại ", e.fig("opinions.by_source.dialogue"), ""),
        ("qua tiếp xúc cử tri, họp dân ", e.fig("opinions.by_source.meeting"), ""),
        ("qua mạng, trực tuyến ", e.fig("opinions.by_source.online"), ""),
    ]
    section.sentences.append(
        sentence(
            "Tổng số ý kiến, kiến nghị của Nhân dân tiếp nhận: ",
            received,
            " ý kiến. Trong đó: ",
            *listed(sources),
            ". Đã trả lời ",
            e.fig("opinions.answered"),
            " ý kiến, đạt ",
            e.rate("opinions.answer_rate"),
            ".",
            sums=[((received,), tuple(f for _, f, _ in sources))],
        )
    )
    section.sentences += _petitions(e)
    feedback = e.fig("feedback.received")
    if feedback.value:
        section.sentences.append(
            sentence(
                "Tiếp nhận ",
                feedback,
                " phản ánh trực tuyến; đã trả lời ",
                e.fig("feedback.answered"),
                " phản ánh, công khai câu trả lời ",
                e.fig("feedback.published"),
                " phản ánh.",
            )
        )
    return section


def _petitions(e: Reader) -> list[Sentence]:
    carried, received = e.fig("petitions.carried_over"), e.fig("petitions.received")
    kinds = [
        ("khiếu nại ", e.fig("petitions.by_kind.complaint"), " đơn"),
        ("tố cáo ", e.fig("petitions.by_kind.denunciation"), " đơn"),
        ("kiến nghị ", e.fig("petitions.by_kind.recommendation"), " đơn"),
        ("phản ánh ", e.fig("petitions.by_kind.feedback"), " đơn"),
    ]
    resolved = e.fig("petitions.resolved")
    on_time, late = e.fig("petitions.resolved_on_time"), e.fig("petitions.resolved_late")
    outcomes = [
        ("đã giải quyết, trả lời ", resolved, " đơn"),
        ("chuyển đơn ", e.fig("petitions.forwarded"), " đơn"),
        ("hướng dẫn ", e.fig("petitions.guided"), " đơn"),
        ("trả lại, lưu đơn, không thụ lý ", e.fig("petitions.returned_archived_or_refused"), " đơn"),
        ("công dân rút đơn ", e.fig("petitions.withdrawn"), " đơn"),
        ("đang xử lý cuối kỳ ", e.fig("petitions.open_at_end"), " đơn"),
    ]
    return [
        sentence(
            "Tiếp nhận ",
            received,
            " đơn thư trong kỳ (kỳ trước chuyển sang ",
            carried,
            " đơn). Đơn tiếp nhận trong kỳ gồm: ",
            *listed(kinds),
            ".",
            sums=[((received,), tuple(f for _, f, _ in kinds))],
        ),
        sentence(
            "Kết quả xử lý ",
            *_sum_text(carried, received),
            " đơn phải xử lý: ",
            *listed(outcomes),
            " (trong đó quá hạn ",
            e.fig("petitions.overdue_at_end"),
            " đơn). Trong số đơn đã giải quyết: đúng hạn ",
            on_time,
            " đơn, quá hạn ",
            late,
            " đơn; tỷ lệ đơn đã xử lý xong đạt ",
            e.rate("petitions.resolution_rate"),
            ".",
            sums=[((carried, received), tuple(f for _, f, _ in outcomes)), ((resolved,), (on_time, late))],
        ),
    ]


def _sum_text(*figs: Fig) -> list[str | Fig]:
    """The printed total of figures that are not themselves a figure of the registry (carried over + received)."""
    from thanthien.lib.vn import fmt_number

    return [fmt_number(sum(f.value or 0 for f in figs))]


# --- II.3.2 launch and training; II.3.3 commitments ---------------------------------------------------------------


def _training(p: Reader) -> Section:
    section = Section("training", "3.2.", "Tổ chức ra mắt, tuyên truyền, tập huấn", 3)
    keys = ("meetings", "broadcasts", "articles", "website_posts", "trainings")
    if p.all_zero(f"activities.{k}" for k in keys):
        section.empty = NO_RECORDS.format(what="hoạt động tuyên truyền, tập huấn nào")
        return section
    section.sentences.append(
        sentence(
            "Tổ chức ",
            p.fig("activities.meetings"),
            " hội nghị, buổi sinh hoạt tuyên truyền với ",
            p.fig("activities.attendees"),
            " lượt người dự; phát thanh trên loa truyền thanh ",
            p.fig("activities.broadcasts"),
            " buổi; đăng ",
            p.fig("activities.articles"),
            " tin, bài trên báo, đài và ",
            p.fig("activities.website_posts"),
            " bài trên trang thông tin điện tử.",
        )
    )
    section.sentences.append(
        sentence(
            "Mở ",
            p.fig("activities.trainings"),
            " lớp tập huấn với ",
            p.fig("activities.trainees"),
            " lượt cán bộ, công chức được tập huấn về kỹ năng giao tiếp, ứng xử và nghiệp vụ.",
        )
    )
    return section


def _commitments(p: Reader) -> Section:
    section = Section("commitments", "3.3.", "Ký cam kết thực hiện “5 biết, 3 không, 4 thể hiện”", 3)
    officials = p.fig("commitments.officials")
    if not officials.value:
        section.empty = NO_RECORDS.format(what="danh sách cán bộ, công chức")
        return section
    signed = p.fig("commitments.signed")
    # The registry's indicator programme.commitment_rate is this same ratio of the two figures.
    share = Fig("programme", "commitments.rate", signed.value / officials.value, "rate")
    section.sentences.append(
        sentence(
            "Có ",
            signed,
            "/",
            officials,
            " cán bộ, công chức đang công tác đã ký cam kết thực hiện “5 biết, 3 không, 4 thể hiện”, đạt ",
            share,
            ".",
        )
    )
    return section


# --- II.3.4 administrative reform: dossiers and letters -------------------------------------------------------


def _reform(d: Reader, letters: Reader) -> Section:
    section = Section("reform", "3.4.", "Cải cách hành chính, giải quyết thủ tục hành chính; thư gửi công dân", 3)
    if d.all_zero(("carried_over", "received.total")):
        section.sentences.append(Sentence([NO_RECORDS.format(what="hồ sơ thủ tục hành chính nào")]))
    else:
        section.sentences += _dossiers(d)
    if letters.all_zero(("total",)):
        section.sentences.append(Sentence([NO_RECORDS.format(what="thư gửi công dân nào")]))
    else:
        section.sentences += _letters(letters)
    return section


def _dossiers(d: Reader) -> list[Sentence]:
    received = d.fig("received.total")
    channels = [
        ("tiếp nhận trực tiếp ", d.fig("received.direct"), " hồ sơ"),
        ("qua dịch vụ bưu chính công ích ", d.fig("received.postal"), " hồ sơ"),
        ("trực tuyến một phần ", d.fig("received.online_partial"), " hồ sơ"),
        ("trực tuyến toàn trình ", d.fig("received.online_full"), " hồ sơ"),
    ]
    resolved = d.fig("resolved.total")
    timeliness = [
        ("trước hạn ", d.fig("resolved.early"), " hồ sơ"),
        ("đúng hạn ", d.fig("resolved.on_time"), " hồ sơ"),
        ("quá hạn ", d.fig("resolved.late"), " hồ sơ"),
    ]
    carried = d.fig("carried_over")
    open_ = d.fig("open_at_end.total")
    not_due, overdue = d.fig("open_at_end.not_due"), d.fig("open_at_end.overdue")
    awaiting, ended = d.fig("awaiting_supplement_at_end"), d.fig("withdrawn_or_rejected")
    return [
        sentence(
            "Tổng số hồ sơ đã tiếp nhận: ",
            received,
            " hồ sơ (kỳ trước chuyển sang ",
            carried,
            " hồ sơ). Trong đó: ",
            *listed(channels),
            ".",
            sums=[((received,), tuple(f for _, f, _ in channels))],
        ),
        sentence(
            "Số hồ sơ đã giải quyết: ",
            resolved,
            " hồ sơ, trong đó: ",
            *listed(timeliness),
            "; tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt ",
            d.rate("on_time_rate"),
            ".",
            sums=[((resolved,), tuple(f for _, f, _ in timeliness))],
        ),
        sentence(
            "Đến hết kỳ: đang giải quyết ",
            open_,
            " hồ sơ (chưa đến hạn ",
            not_due,
            " hồ sơ, quá hạn ",
            overdue,
            " hồ sơ); chờ công dân bổ sung giấy tờ ",
            awaiting,
            " hồ sơ; công dân rút, không tiếp nhận hoặc dừng giải quyết ",
            ended,
            " hồ sơ.",
            sums=[
                ((open_,), (not_due, overdue)),
                ((carried, received), (resolved, ended, open_, awaiting)),
            ],
        ),
    ]


def _letters(r: Reader) -> list[Sentence]:
    total = r.fig("total")
    kinds = [
        ("thư xin lỗi ", r.fig("apology"), " thư"),
        ("thư cảm ơn ", r.fig("thanks"), " thư"),
        ("thư chúc mừng ", r.fig("congratulation.total"), " thư"),
        ("thư chia buồn ", r.fig("condolence"), " thư"),
    ]
    statuses = [
        ("đã ký, chờ gửi ", r.fig("by_status.approved"), " thư"),
        ("đã gửi đến người nhận ", r.fig("by_status.delivered"), " thư"),
        ("dự thảo chưa ký ", r.fig("by_status.draft"), " thư"),
        ("đã hủy ", r.fig("by_status.cancelled"), " thư"),
        ("dự thảo đã rút vì hồ sơ xong đúng hạn ", r.fig("by_status.withdrawn"), " thư"),
    ]
    return [
        sentence(
            "Tổng số thư gửi công dân trong kỳ (kể cả dự thảo chưa ký và thư đã hủy): ",
            total,
            " thư. Trong đó: ",
            *listed(kinds),
            ".",
            sums=[((total,), tuple(f for _, f, _ in kinds))],
        ),
        sentence(
            "Theo tình trạng: ",
            *listed(statuses),
            ".",
            sums=[((total,), tuple(f for _, f, _ in statuses))],
        ),
    ]


# --- II.3.5 surveys; II.3.6 inspections --------------------------------------------------------------------------


def _surveys(s: Reader, attitude: Mapping[str, Any] | None) -> Section:
    section = Section("surveys", "3.5.", "Khảo sát sự hài lòng của người dân", 3)
    forms = s.fig("forms")
    if not forms.value:
        section.empty = NO_RECORDS.format(what="phiếu khảo sát sự hài lòng nào")
        return section
    channels = [
        ("qua mã QR ", s.fig("by_channel.qr"), " phiếu"),
        ("qua máy tính bảng tại quầy ", s.fig("by_channel.kiosk"), " phiếu"),
        ("đánh giá theo hồ sơ ", s.fig("by_channel.dossier"), " phiếu"),
        ("phiếu giấy ", s.fig("by_channel.paper"), " phiếu"),
        ("trực tuyến ", s.fig("by_channel.online"), " phiếu"),
        ("nhập từ tệp ", s.fig("by_channel.import"), " phiếu"),
    ]
    section.sentences.append(
        sentence(
            "Tổng số phiếu khảo sát đã thu: ",
            forms,
            " phiếu. Trong đó: ",
            *listed(channels),
            ".",
            sums=[((forms,), tuple(f for _, f, _ in channels))],
        )
    )
    section.sentences.append(
        sentence(
            "Có ",
            s.fig("satisfied"),
            "/",
            s.fig("answers"),
            " câu trả lời theo thang đo ở mức hài lòng; tỷ lệ người dân hài lòng đạt ",
            s.rate("satisfaction_rate"),
            ".",
        )
    )
    if attitude and attitude.get("answers"):
        total = Fig("surveys", "attitude.answers", attitude["answers"])
        levels = [
            (f"{ATTITUDE_LABELS.get(name, name)} ", Fig("surveys", f"attitude.choices.{name}", count), " lượt")
            for name, count in attitude["choices"].items()
        ]
        section.sentences.append(
            sentence(
                "Về thái độ phục vụ của cán bộ, công chức, có ",
                total,
                " lượt đánh giá: ",
                *listed(levels),
                "; tỷ lệ đánh giá nhiệt tình, rất nhiệt tình đạt ",
                Fig("surveys", "attitude.rate", attitude.get("rate"), "rate"),
                ".",
                sums=[((total,), tuple(f for _, f, _ in levels))],
            )
        )
    return section


def _inspections(p: Reader) -> Section:
    section = Section("inspections", "3.6.", "Công tác kiểm tra, giám sát", 3)
    total = p.fig("inspections.total")
    if not total.value:
        section.empty = NO_RECORDS.format(what="cuộc kiểm tra, giám sát nào")
        return section
    section.sentences.append(
        sentence(
            "Tiến hành ",
            total,
            " cuộc kiểm tra, giám sát việc thực hiện mô hình, trong đó ",
            p.fig("inspections.findings"),
            " cuộc có phát hiện hạn chế; ",
            p.fig("inspections.remedies"),
            " nội dung phải khắc phục, đến hết kỳ đã khắc phục ",
            p.fig("inspections.remedied"),
            " nội dung.",
        )
    )
    scored = p.fig("scores.scored")
    if scored.value:
        classes = _kind_labels("programme", "scores.by_class.")
        parts = [p.fig(f"scores.by_class.{c}") for c in classes]
        shown = [f for f in parts if f.value]
        if scored.value == 1 and len(shown) == 1:  # a commune: its class, not a count of one
            chunks: list[Any] = [
                f"Kết quả chấm điểm đã công bố gần nhất trong kỳ: {classes[shown[0].key.rsplit('.', 1)[1]]}."
            ]
        else:
            chunks = ["Số kết quả chấm điểm đã công bố theo xếp loại: ",
                      *listed([(f"{classes[f.key.rsplit('.', 1)[1]]} ", f, "") for f in shown]), "."]  # fmt: skip
        section.sentences.append(sentence(*chunks, sums=[((scored,), tuple(parts))]))
    return section


def period_title(start: dt.date, end: dt.date) -> str:
    return f"từ ngày {day_text(start)} đến ngày {day_text(end)}"
