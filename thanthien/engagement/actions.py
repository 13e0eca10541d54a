"""Every change of state in engagement: a citizen's contribution, and a petition's life (received, classified,
accepted, extended, resolved, withdrawn). The record pattern's create_record / update_record do the role check,
the transaction, the audit row without personal data and the after-commit hook.

Who writes petitions: the commune's leaders, its unit administrator and its official in charge of reception
("công chức tiếp công dân"), PETITION_WRITERS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thanthien.audit.log import record, register_actions, snapshot
from thanthien.documents.numbering import next_number
from thanthien.lib.vn import clean_cccd
from thanthien.org.models import Role, Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import is_system_admin, require_role

from .due import refresh_on_commit
from .limits import deadlines, rule_for
from .models import (
    CLOSING_DIRECTIONS,
    OUTCOMES_BY_KIND,
    PETITION_WRITERS,
    SUMMARY_MAX_CHARS,
    Contribution,
    Direction,
    ExtensionStep,
    LimitRule,
    Outcome,
    Petition,
    PetitionExtension,
    PetitionKind,
    Step,
    Variant,
)

register_actions(
    {
        "engagement.contribution.create": "Ghi nhận đóng góp của công dân",
        "engagement.petition.create": "Tiếp nhận đơn thư",
        "engagement.petition.update": "Sửa thông tin tiếp nhận đơn thư",
        "engagement.petition.classify": "Phân loại, xử lý đơn thư",
        "engagement.petition.split": "Tách đơn có nhiều nội dung",
        "engagement.petition.accept": "Thụ lý đơn thư",
        "engagement.petition.resolve": "Giải quyết xong đơn thư",
        "engagement.petition.withdraw": "Ghi nhận rút đơn",
        "engagement.petition_extension.create": "Gia hạn giải quyết đơn thư",
        "engagement.limit_rule.create": "Thêm thời hạn xử lý đơn (áp dụng từ một ngày)",
        "engagement.limit_rule.update": "Sửa căn cứ pháp lý của thời hạn xử lý đơn",
    }
)

# A contribution typed from an old register may be decades old; earlier than this is a typing error.
EARLIEST_DAY = dt.date(1900, 1, 1)


def record_contribution(
    actor: Any,
    unit: Unit,
    data: Mapping[str, Any],
    *,
    after_commit: Callable[[Contribution], None] | None = None,
) -> Contribution:
    """A citizen's contribution received at `unit`. Refused with a Vietnamese message, nothing saved, when the
    name or the content is missing, the content too long, or the day in the future or before 1900."""
    values = dict(data)
    values["contributor_name"] = str(values.get("contributor_name") or "").strip()
    values["summary"] = str(values.get("summary") or "").strip()
    if not values["contributor_name"]:
        raise ValidationError({"contributor_name": "Vui lòng nhập tên người đóng góp."})
    if not values["summary"]:
        raise ValidationError({"summary": "Vui lòng ghi nội dung đóng góp."})
    if len(values["summary"]) > SUMMARY_MAX_CHARS:
        raise ValidationError({"summary": f"Nội dung đóng góp dài quá {SUMMARY_MAX_CHARS} ký tự."})
    received = values.setdefault("received_on", timezone.localdate())
    if not isinstance(received, dt.date):
        raise ValidationError({"received_on": "Ngày nhận không hợp lệ."})
    if received > timezone.localdate():
        raise ValidationError({"received_on": "Ngày nhận đóng góp không được ở tương lai."})
    if received < EARLIEST_DAY:
        raise ValidationError({"received_on": f"Ngày nhận trước năm {EARLIEST_DAY.year}: kiểm tra lại năm."})
    return create_record(actor, Contribution, unit, values, after_commit=after_commit)


# --- petitions -----------------------------------------------------------------------------------------------------

# What a receiving official types; the number, year, classification and results come from the later actions.
RECEIVE_FIELDS = frozenset(
    {
        "received_on",
        "source",
        "kind",
        "petitioner_name",
        "petitioner_address",
        "petitioner_id_number",
        "signers",
        "anonymous",
        "field",
        "content",
        "complex",
        "remote_area",
        "note",
    }
)


def petition_series(year: int) -> str:
    """The numbering series of a unit's petitions: numbers restart each year ("12/2026")."""
    return f"petition:{year}"


def check_day(value: Any, field: str, label: str, *, earliest: dt.date | None = None) -> dt.date:
    """A day typed by staff: a date, not in the future, not before `earliest` (01/01/1900 when not given: an earlier
    year is a typing error, such as 0001). Refused with a Vietnamese message keyed by `field`."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: f"Ngày {label} không hợp lệ."})
    if value > timezone.localdate():
        raise ValidationError({field: f"Ngày {label} không được ở tương lai."})
    if value < (earliest or EARLIEST_DAY):
        raise ValidationError({field: f"Ngày {label} không được trước ngày {(earliest or EARLIEST_DAY):%d/%m/%Y}."})
    return value


def check_id_number(value: Any, field: str) -> str:
    """A CCCD typed by staff: empty, or 12 digits (lib.vn.clean_cccd); refused beside `field` otherwise."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        return clean_cccd(text)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def receive_petition(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Petition:
    """A petition received at `unit`, numbered in the unit's register of the year it was received."""
    if actor is not None:
        require_role(actor, unit, PETITION_WRITERS)
    unknown = sorted(set(data) - RECEIVE_FIELDS)
    if unknown:
        raise ValueError(f"receive_petition does not take: {', '.join(unknown)}")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    values.setdefault("received_on", timezone.localdate())
    received = check_day(values["received_on"], "received_on", "nhận đơn")
    if "petitioner_id_number" in values:
        values["petitioner_id_number"] = check_id_number(values["petitioner_id_number"], "petitioner_id_number")
    if not values.get("content"):
        raise ValidationError({"content": "Vui lòng ghi nội dung đơn."})
    if len(values["content"]) > SUMMARY_MAX_CHARS:
        raise ValidationError({"content": f"Nội dung đơn dài quá {SUMMARY_MAX_CHARS} ký tự."})
    with transaction.atomic():
        # Reserved inside the transaction: a refused petition gives its number back.
        number = next_number(unit, petition_series(received.year))
        petition = create_record(actor, Petition, unit, {**values, "number": number, "year": received.year})
        refresh_on_commit(petition)
        return petition


@transaction.atomic
def split_petition(actor: Any, petition: Petition, parts: Sequence[tuple[str, str]]) -> list[Petition]:
    """A petition with several contents becomes one record per content (issue 9 item 3; TT 05/2021): the first
    (kind, content) stays on `petition`, each other one is a new petition with the same receipt and petitioner and
    its own number, its note saying which petition it was split from. Only before classification."""
    petition = _require_open(actor, petition)
    if petition.status != "received":
        raise ValidationError("Chỉ tách đơn trước khi phân loại, xử lý.")
    cleaned = [(kind, content.strip()) for kind, content in parts]
    if len(cleaned) < 2 or any(not content for _, content in cleaned):
        raise ValidationError({"content": "Tách đơn cần ít nhất hai nội dung, mỗi nội dung không để trống."})
    origin = f"Tách từ đơn số {petition.display_number}."
    shared = {name: getattr(petition, name) for name in RECEIVE_FIELDS - {"kind", "content", "note"}}
    with transaction.atomic():
        first = _refreshed(
            update_record(actor, petition, {"kind": cleaned[0][0], "content": cleaned[0][1]}, verb="split")
        )
        others = [
            receive_petition(actor, petition.unit, {**shared, "kind": kind, "content": content, "note": origin})
            for kind, content in cleaned[1:]
        ]
    return [first, *others]


def _refreshed(petition: Petition) -> Petition:
    """The petition's stored due days follow its new state once the action commits."""
    refresh_on_commit(petition)
    return petition


def _require_open(actor: Any, petition: Petition) -> Petition:
    """The petition as it stands now, locked until the action's transaction ends (two officials accepting it at the
    same instant: the second sees the first's decision), if `actor` may write it and it is still open."""
    # Who may act comes first: a reader of another commune learns nothing about the petition's state.
    if actor is not None:
        require_role(actor, petition.unit, PETITION_WRITERS)
    current = Petition.objects.select_for_update().select_related("unit").get(pk=petition.pk)
    if not current.is_open:
        raise ValidationError(f"Đơn số {current.display_number} đã kết thúc xử lý ({current.status_label}).")
    return current


# What may be corrected on an open petition; the number, year, classification and results are the actions' own.
EDIT_FIELDS = RECEIVE_FIELDS
# Fixed once the petition is classified: its register day and its kind decide which limits apply.
RECEIPT_FIELDS = frozenset({"received_on", "kind"})


@transaction.atomic
def update_petition(actor: Any, petition: Petition, data: Mapping[str, Any]) -> Petition:
    """Correct what was typed at receipt (a mistyped name, CCCD, kind or day) while the petition is open. The day
    and the kind only before classification, the day within the year of the number; the complex / remote marks
    also once accepted (a complaint's limit becomes 45 or 60 days, its stored due days follow)."""
    unknown = sorted(set(data) - EDIT_FIELDS)
    if unknown:
        raise ValueError(f"update_petition does not take: {', '.join(unknown)}")
    petition = _require_open(actor, petition)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    changed = {k for k, v in values.items() if v != getattr(petition, k)}
    _check_receipt_change(petition, values, changed)
    if "petitioner_id_number" in values:
        values["petitioner_id_number"] = check_id_number(values["petitioner_id_number"], "petitioner_id_number")
    if "content" in values:
        if not values["content"]:
            raise ValidationError({"content": "Vui lòng ghi nội dung đơn."})
        if len(values["content"]) > SUMMARY_MAX_CHARS:
            raise ValidationError({"content": f"Nội dung đơn dài quá {SUMMARY_MAX_CHARS} ký tự."})
    if "signers" in values and (not isinstance(values["signers"], int) or values["signers"] < 1):
        raise ValidationError({"signers": "Số người ký đơn phải là số nguyên từ 1 trở lên."})
    _check_marks_change(petition, values, changed)
    return _refreshed(update_record(actor, petition, values, verb="update"))


def _check_receipt_change(petition: Petition, values: Mapping[str, Any], changed: set[str]) -> None:
    moved = changed & RECEIPT_FIELDS
    if moved and petition.status != "received":
        label = "ngày nhận đơn" if "received_on" in moved else "loại đơn"
        raise ValidationError(
            {sorted(moved)[0]: f"Đơn đã được phân loại, xử lý: không sửa {label} nữa (thời hạn đã tính theo đó)."}
        )
    if "kind" in changed and values["kind"] not in PetitionKind.values:
        raise ValidationError({"kind": "Loại đơn không hợp lệ."})
    if "received_on" not in changed:
        return
    day = check_day(values["received_on"], "received_on", "nhận đơn")
    if day.year != petition.year:
        raise ValidationError(
            {
                "received_on": f"Đơn số {petition.display_number} thuộc sổ đơn năm {petition.year}: không sửa ngày "
                f"nhận sang năm {day.year}. Nếu nhận đơn năm {day.year}, ghi đơn mới và rút đơn ghi nhầm."
            }
        )
    for name, label in (("handled_on", "xử lý"), ("accepted_on", "thụ lý")):
        later = getattr(petition, name)
        if later is not None and later < day:
            raise ValidationError({"received_on": f"Ngày nhận đơn không được sau ngày {label} {later:%d/%m/%Y}."})


def _check_marks_change(petition: Petition, values: Mapping[str, Any], changed: set[str]) -> None:
    anonymous = values.get("anonymous", petition.anonymous)
    if anonymous and petition.accepted_on is not None and petition.kind == PetitionKind.DENUNCIATION:
        raise ValidationError({"anonymous": "Tố cáo đã thụ lý giải quyết thì không ghi thành đơn nặc danh."})
    if "complex" in changed and not values["complex"] and petition.kind == PetitionKind.DENUNCIATION:
        twice = petition.extensions.filter(step=ExtensionStep.RESOLUTION).count() > 1
        if twice:
            raise ValidationError(
                {"complex": "Tố cáo đã gia hạn giải quyết hai lần (vụ việc phức tạp): không bỏ đánh dấu phức tạp."}
            )


@transaction.atomic
def classify(
    actor: Any,
    petition: Petition,
    *,
    eligible: bool | None,
    within_competence: bool | None,
    direction: str = "",
    on: dt.date | None = None,
    ineligible_reason: str = "",
    direction_reason: str = "",
    forwarded_to: str = "",
) -> Petition:
    """Record the classification the law asks (eligible, within competence) and the direction taken. Accepting goes
    through accept(); the other directions close the petition on the day `on` of the decision."""
    petition = _require_open(actor, petition)
    if petition.accepted_on is not None:
        raise ValidationError("Đơn đã được thụ lý; không phân loại lại.")
    if direction == Direction.ACCEPT:
        raise ValidationError({"direction": "Thụ lý đơn bằng thao tác «Thụ lý», có ngày thụ lý."})
    if direction and direction not in Direction.values:
        raise ValidationError({"direction": "Hướng xử lý không hợp lệ."})
    data: dict[str, Any] = {
        "eligible": eligible,
        "within_competence": within_competence,
        "direction": direction,
        "ineligible_reason": ineligible_reason.strip() if eligible is False else "",
        # A refusal's reason is most often why the petition is not eligible: one reason serves both.
        "direction_reason": (direction_reason.strip() or ineligible_reason.strip())
        if direction in CLOSING_DIRECTIONS
        else "",
        "forwarded_to": forwarded_to.strip() if direction == Direction.FORWARD else "",
        "handled_on": None,
    }
    if direction in CLOSING_DIRECTIONS:
        data["handled_on"] = check_day(on or timezone.localdate(), "handled_on", "xử lý", earliest=petition.received_on)
    if direction == Direction.FORWARD and within_competence is True:
        raise ValidationError({"direction": "Đơn thuộc thẩm quyền thì không chuyển đơn."})
    return _refreshed(update_record(actor, petition, data, verb="classify"))


@transaction.atomic
def accept(
    actor: Any,
    petition: Petition,
    on: dt.date | None = None,
    *,
    complex: bool | None = None,
    remote_area: bool | None = None,
) -> Petition:
    """Thụ lý: the petition is eligible and within competence; its resolution period starts the day after `on`.
    `complex` / `remote_area`, when given, set the marks found while accepting (a complaint's 45/60-day limit)."""
    petition = _require_open(actor, petition)
    if petition.accepted_on is not None:
        raise ValidationError(f"Đơn đã được thụ lý ngày {petition.accepted_on:%d/%m/%Y}.")
    if petition.eligible is False or petition.within_competence is False:
        raise ValidationError("Đơn không đủ điều kiện hoặc không thuộc thẩm quyền thì không thụ lý.")
    if petition.kind == PetitionKind.DENUNCIATION and petition.anonymous:
        raise ValidationError(
            "Tố cáo nặc danh không được thụ lý giải quyết như tố cáo (Luật Tố cáo 2018, Điều 25); "
            "có thể chuyển thành thông tin để thanh tra, kiểm tra."
        )
    day = check_day(on or timezone.localdate(), "accepted_on", "thụ lý", earliest=petition.received_on)
    data: dict[str, Any] = {"eligible": True, "within_competence": True, "direction": Direction.ACCEPT}
    marks = {"complex": complex, "remote_area": remote_area}
    data.update({name: bool(value) for name, value in marks.items() if value is not None})
    return _refreshed(update_record(actor, petition, {**data, "accepted_on": day, "handled_on": day}, verb="accept"))


@transaction.atomic
def extend(
    actor: Any,
    petition: Petition,
    *,
    days: int,
    reason: str,
    decision: str,
    decided_on: dt.date | None = None,
    step: str = ExtensionStep.RESOLUTION,
) -> PetitionExtension:
    """A written extension of a denunciation's initial handling (to at most 10 working days) or resolution (once,
    twice when particularly complex, each at most 30 days). A complaint is not extended: its longer limit comes
    with the complex / remote-area marks (Luật Khiếu nại 2011, Art. 28)."""
    petition = _require_open(actor, petition)
    if petition.kind != PetitionKind.DENUNCIATION:
        raise ValidationError(
            "Chỉ tố cáo được gia hạn. Khiếu nại phức tạp hoặc ở vùng sâu, vùng xa: đánh dấu để tính thời hạn "
            "45 hoặc 60 ngày (Luật Khiếu nại 2011, Điều 28)."
        )
    if not reason.strip() or not decision.strip():
        raise ValidationError("Vui lòng ghi lý do gia hạn và quyết định gia hạn.")
    if not isinstance(days, int) or days < 1:
        raise ValidationError({"days": "Số ngày gia hạn phải là số nguyên dương."})
    current = deadlines(petition).get(step)
    if current is None:
        raise ValidationError(_not_running(step))
    day = check_day(
        decided_on or timezone.localdate(), "decided_on", "quyết định gia hạn", earliest=petition.received_on
    )
    if day > current.due:
        raise ValidationError(
            f"Quyết định gia hạn phải ban hành trong thời hạn, trước hết ngày {current.due:%d/%m/%Y}."
        )
    _check_extension_room(petition, step, days)
    data = {"petition": petition, "step": step, "days": days, "reason": reason.strip(), "decision": decision.strip()}
    extension = create_record(actor, PetitionExtension, petition.unit, {**data, "decided_on": day})
    refresh_on_commit(petition)
    return extension


def _not_running(step: str) -> str:
    if step == ExtensionStep.RESOLUTION:
        return "Đơn chưa được thụ lý nên chưa có thời hạn giải quyết để gia hạn."
    if step == ExtensionStep.INITIAL_HANDLING:
        return "Bước xử lý ban đầu không áp dụng cho đơn này."
    return "Bước gia hạn không hợp lệ."


def _check_extension_room(petition: Petition, step: str, days: int) -> None:
    earlier = list(petition.extensions.filter(step=step).values_list("days", flat=True))
    if step == ExtensionStep.INITIAL_HANDLING:
        if petition.handled_on is not None:
            raise ValidationError("Đơn đã được xử lý ban đầu; không gia hạn bước này.")
        base = rule_for("initial_handling", petition.kind, petition.unit, petition.received_on)
        most = rule_for("initial_handling", petition.kind, petition.unit, petition.received_on, Variant.EXTENDED)
        room = most.amount - base.amount - sum(earlier)
        if days > room:
            raise ValidationError(
                {"days": f"Xử lý ban đầu kéo dài tối đa {most.amount} ngày làm việc; còn gia hạn được {room} ngày."}
            )
        return
    allowed = 2 if petition.complex else 1
    if len(earlier) >= allowed:
        more = "hai lần (vụ việc đặc biệt phức tạp)" if petition.complex else "một lần"
        raise ValidationError(f"Tố cáo chỉ được gia hạn giải quyết {more} (Luật Tố cáo 2018, Điều 30).")
    most = rule_for("resolution", petition.kind, petition.unit, petition.received_on, Variant.EXTENSION)
    if days > most.amount:
        raise ValidationError({"days": f"Mỗi lần gia hạn không quá {most.amount} ngày (Luật Tố cáo 2018, Điều 30)."})


@transaction.atomic
def resolve(
    actor: Any, petition: Petition, *, outcome: str, on: dt.date | None = None, decision_number: str = ""
) -> Petition:
    """The accepted petition is resolved (a complaint or a denunciation, with its decision) or answered."""
    petition = _require_open(actor, petition)
    if petition.accepted_on is None:
        raise ValidationError("Đơn chưa được thụ lý nên chưa thể ghi kết quả giải quyết.")
    if outcome == Outcome.WITHDRAWN:
        raise ValidationError({"outcome": "Rút đơn được ghi bằng thao tác «Rút đơn»."})
    if outcome not in OUTCOMES_BY_KIND[petition.kind]:
        kind = PetitionKind(petition.kind).label.lower()
        raise ValidationError({"outcome": f"Kết quả không hợp lệ cho đơn {kind}."})
    day = check_day(on or timezone.localdate(), "resolved_on", "giải quyết xong", earliest=petition.accepted_on)
    data = {"outcome": outcome, "resolved_on": day, "decision_number": decision_number.strip()}
    return _refreshed(update_record(actor, petition, data, verb="resolve"))


@transaction.atomic
def withdraw(actor: Any, petition: Petition, *, on: dt.date | None = None, note: str = "") -> Petition:
    """The petitioner withdraws the petition (rút đơn): its handling stops on `on`."""
    petition = _require_open(actor, petition)
    day = check_day(
        on or timezone.localdate(), "resolved_on", "rút đơn", earliest=petition.accepted_on or petition.received_on
    )
    data: dict[str, Any] = {"outcome": Outcome.WITHDRAWN, "resolved_on": day}
    if note.strip():
        data["note"] = "\n".join(filter(None, [petition.note, f"Rút đơn ngày {day:%d/%m/%Y}: {note.strip()}"]))
    return _refreshed(update_record(actor, petition, data, verb="withdraw"))


# --- the dated time limits -----------------------------------------------------------------------------------------

# The one limit a commune sets for itself; every other one is the law's, set nationwide by a system administrator.
UNIT_STEPS = frozenset({Step.ANSWER})
LIMIT_FIELDS = ("step", "petition_kind", "variant", "amount", "counting", "applies_from", "legal_basis", "unit_id")


def _may_set_limits(actor: Any, unit: Unit | None, step: str) -> None:
    if actor is None or is_system_admin(actor):
        return
    if unit is None:
        raise PermissionDenied("Chỉ quản trị hệ thống được đặt thời hạn áp dụng toàn quốc.")
    if step not in UNIT_STEPS:
        raise PermissionDenied("Thời hạn này do luật định; đơn vị chỉ đặt thời hạn trả lời kiến nghị, phản ánh.")
    require_role(actor, unit, frozenset({Role.COMMUNE_ADMIN, Role.LEADER}))


def add_limit_rule(actor: Any, data: Mapping[str, Any]) -> LimitRule:
    """A new dated rule: it applies to the petitions received from its `applies_from`; the petitions received
    before keep the rule they were received under (a rule in force is never edited to a new amount)."""
    rule = LimitRule(**{**data, "legal_basis": str(data.get("legal_basis") or "").strip()})
    _may_set_limits(actor, rule.unit, rule.step)
    if not rule.legal_basis:
        raise ValidationError({"legal_basis": "Vui lòng ghi căn cứ pháp lý của thời hạn."})
    if isinstance(rule.applies_from, dt.date) and rule.applies_from < EARLIEST_DAY:
        raise ValidationError({"applies_from": f"Ngày áp dụng không được trước ngày {EARLIEST_DAY:%d/%m/%Y}."})
    rule.full_clean(validate_constraints=False)
    same = LimitRule.objects.filter(
        step=rule.step,
        petition_kind=rule.petition_kind,
        variant=rule.variant,
        applies_from=rule.applies_from,
        unit=rule.unit,
    )
    if same.exists():
        raise ValidationError(
            {"applies_from": f"Đã có thời hạn này áp dụng từ ngày {rule.applies_from:%d/%m/%Y}: chọn ngày khác."}
        )
    with transaction.atomic():
        rule.save()
        record(actor, "engagement.limit_rule.create", rule, unit=rule.unit, after=snapshot(rule, LIMIT_FIELDS))
    return rule


def edit_legal_basis(actor: Any, rule: LimitRule, text: str) -> LimitRule:
    """Correct the legal basis a rule cites (the only part of a rule in force that may change)."""
    _may_set_limits(actor, rule.unit, rule.step)
    text = text.strip()
    if not text:
        raise ValidationError({"legal_basis": "Vui lòng ghi căn cứ pháp lý của thời hạn."})
    with transaction.atomic():
        current = LimitRule.objects.select_for_update().get(pk=rule.pk)
        if current.legal_basis != text:
            before = snapshot(current, ["legal_basis"])
            current.legal_basis = text
            current.save(update_fields=["legal_basis"])
            after = snapshot(current, ["legal_basis"])
            record(actor, "engagement.limit_rule.update", current, unit=current.unit, before=before, after=after)
    return current
