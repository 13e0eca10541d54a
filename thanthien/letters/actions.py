"""Every change of a letter's state, and the sweep that finds the letters owed."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from itertools import chain, islice
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.documents import numbering
from thanthien.engagement import actions as engagement_actions
from thanthien.engagement.models import Contribution
from thanthien.lib.privacy import mask_name
from thanthien.lib.vn import fmt_date, long_date
from thanthien.onestop.actions import PROCESSING_ROLES
from thanthien.onestop.models import OPEN_STATUSES, Dossier
from thanthien.org.models import Membership, Role, Unit
from thanthien.org.scoping import require_role
from thanthien.workdays.calendar import fmt_moment
from thanthien.workdays.queries import calendar_for

from . import subjects, texts, wording
from .models import (
    BODY_MAX_CHARS,
    NOTE_MAX_CHARS,
    REASON_MAX_CHARS,
    ApologyCause,
    DeliveryMethod,
    DeliveryStatus,
    Letter,
    LetterKind,
    LetterSetting,
    LetterStatus,
    LetterTemplate,
    SubjectType,
)
from .subjects import Owed as Owed  # the sweep's item, for callers that name it here
from .subjects.contribution import ContributionSubject
from .subjects.dossier import apology_owed

# The placeholders a subject fills (empty when the letter's subject does not): see letters.subjects.
SUBJECT_PLACEHOLDERS = (
    "person_name",
    "person_title",
    "partner_name",
    "event_date",
    "registered_on",
    "dossier_code",
    "procedure_name",
    "received_at",
    "due_at",
    "contribution",
)

register_actions(
    {
        "letters.drafted": "Lập dự thảo thư",
        "letters.edited": "Sửa dự thảo thư",
        "letters.approved": "Duyệt, ký thư",
        "letters.cancelled": "Hủy thư",
        "letters.withdrawn": "Rút dự thảo thư xin lỗi không còn cần gửi",
        "letters.late_announced": "Báo trước hồ sơ sẽ trễ hẹn",
        "letters.contact_added": "Bổ sung thông tin liên hệ của người nhận",
        "letters.delivered": "Ghi nhận đã gửi thư",
        "letters.delivery_failed": "Gửi thư không thành công",
        "letters.template_saved": "Sửa mẫu thư",
        "letters.template_reset": "Khôi phục mẫu thư mặc định",
        "letters.settings_saved": "Sửa thiết lập thư",
    }
)

WRITERS = frozenset({Role.ONESTOP_OFFICER, Role.CIVIL_REGISTRAR, Role.COMMUNE_ADMIN, Role.LEADER, Role.FRONT})
APPROVERS = frozenset({Role.LEADER})

# The moment "the past" ends for a new appointment; tests of letters dated in November 2026 set it.
clock = timezone.now

# Sent after commit when a letter is approved, so delivery by e-mail/SMS can start.
letter_approved = Signal()


def letter_setting(unit: Unit) -> LetterSetting:
    return LetterSetting.objects.filter(unit=unit).first() or LetterSetting(unit=unit)


# --- wording ---------------------------------------------------------------------------------------


def template_for(unit: Unit, kind: str) -> LetterTemplate:
    own = LetterTemplate.objects.filter(unit=unit, kind=kind).first()
    if own is not None:
        return own
    return LetterTemplate(unit=None, kind=kind, title=texts.TITLES[kind], body=texts.DEFAULT_BODIES[kind])  # type: ignore[index]


def _unit_phrase(unit: Unit) -> str:
    # "Xã Hoằng Hợp" → "xã Hoằng Hợp" inside a sentence.
    return unit.name[:1].lower() + unit.name[1:]


def context_for(letter: Letter) -> dict[str, str]:
    unit = letter.unit
    ctx = {
        "honorific": letter.honorific,
        "recipient_name": letter.recipient_name,
        "recipient_address": letter.recipient_address,
        "unit_name": _unit_phrase(unit),
        "unit_title": f"Ủy ban nhân dân {_unit_phrase(unit)}",
        "reason": letter.reason or "…",
        "new_appointment": fmt_moment(letter.new_appointment_at) if letter.new_appointment_at else "…",
        "today": long_date(letter.letter_date or timezone.localdate()),
        **dict.fromkeys(SUBJECT_PLACEHOLDERS, ""),
    }
    return ctx | subjects.context(letter)


# The letters' own engine: debug=True so a syntax error carries its line (exc.template_debug), whatever DEBUG is.
_ENGINE = Engine(debug=True)


def render_text(source: str, context: dict[str, str]) -> str:
    """Render staff wording; only the safe tags and filters of `wording` are accepted, whatever the path, and the
    output is bounded (`wording.MAX_OUTPUT_CHARS`)."""
    wording.check_tags(source)
    try:
        template = Template("{% autoescape off %}" + source + "{% endautoescape %}", engine=_ENGINE)
        text = template.render(Context(context)).strip()
    except TemplateSyntaxError as exc:
        line = getattr(exc, "template_debug", {}).get("line")
        if "endautoescape" in str(exc):
            line = wording.unclosed_line(source)  # the parser stops at our wrapper's end, not at the open tag
        raise ValidationError(wording.explain_template_error(str(exc), line)) from None
    except (LookupError, TypeError, ValueError) as exc:
        raise ValidationError(wording.explain_template_error(str(exc))) from None
    return wording.check_output(text)


def render_body(letter: Letter) -> str:
    """The frozen text once approved, the text staff typed for this draft, or the unit's template."""
    if letter.body:
        return letter.body
    return render_text(template_for(letter.unit, letter.kind).body, context_for(letter))


def masked_text(body: str, letter: Letter) -> str:
    """The letter's text as a supervisor reads it: every citizen's name in it masked."""
    names = {letter.recipient_name} | subjects.names(letter)
    for name in sorted(filter(None, names), key=len, reverse=True):
        body = body.replace(name, mask_name(name))
    return body


# --- the sweep -------------------------------------------------------------------------------------


def sweep(
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    unit_ids: Iterable[int] | None = None,
    limit: int | None = None,
) -> int:
    """Create exactly one draft for every subject that is owed a letter and has none, and withdraw the drafts no
    longer owed, asking every registered subject (letters.subjects). Idempotent: the unique (kind, subject)
    constraint makes a second run — or a concurrent one — create nothing. `unit_ids` and `limit` bound a run
    started from a page (see `sweep_from_page`)."""
    day = today or timezone.localdate()
    ids = set(unit_ids) if unit_ids is not None else None
    for adapter in subjects.adapters():
        withdraw_unneeded(adapter, unit_ids=ids)
    sources = [iter(adapter.owed(day, now, unit_ids=ids)) for adapter in subjects.adapters()]
    wanted = (o for o in chain(*sources) if ids is None or o.unit_id in ids)
    owed = list(islice(wanted, limit))
    for source in sources:
        close = getattr(source, "close", None)
        if close is not None:
            close()  # releases the open cursor of a source stopped early, before the drafts are written
    return sum(_draft(item) for item in owed)


def sweep_one(subject_type: str, subject_id: int) -> int:
    """Right after a subject changes: withdraw its drafts no longer owed, draft what it is owed now (the periodic
    tick catches the rest)."""
    adapter = subjects.ADAPTERS[subject_type]
    withdraw_unneeded(adapter, subject_id=subject_id)
    return sum(_draft(o) for o in adapter.owed(timezone.localdate(), subject_id=subject_id))


def sweep_one_dossier(dossier_id: int) -> int:
    return sweep_one(SubjectType.DOSSIER, dossier_id)


def sweep_one_event(event_id: int) -> int:
    return sweep_one(SubjectType.CIVIL_EVENT, event_id)


# A sweep started from a page drafts at most this many letters, so the request returns in seconds; the periodic
# tick (`thanthien tick`) drafts the rest.
PAGE_SWEEP_LIMIT = 200


def sweep_from_page(actor: User, unit: Unit) -> tuple[int, bool]:
    """The registry's "Quét ngay" for one commune the actor acts for: (drafted, whether more may remain)."""
    require_role(actor, unit, frozenset({Role.LEADER, Role.COMMUNE_ADMIN}))
    created = sweep(unit_ids=[unit.pk], limit=PAGE_SWEEP_LIMIT)
    return created, created >= PAGE_SWEEP_LIMIT


def withdraw_unneeded(
    adapter: subjects.Subject, unit_ids: Iterable[int] | None = None, subject_id: int | None = None
) -> int:
    """Drafts whose subject no longer owes them (an apology's dossier resolved or ended by its due moment) are
    withdrawn with the reason written down, and the sweep never drafts them again."""
    candidates = adapter.withdrawable(unit_ids=unit_ids, subject_id=subject_id)
    return sum(_withdraw(adapter, pk) for pk in list(candidates.values_list("pk", flat=True)))


def _withdraw(adapter: subjects.Subject, pk: int) -> int:
    with transaction.atomic():
        letter = Letter.objects.select_for_update(of=("self",)).select_related("unit").filter(pk=pk).first()
        if letter is None or letter.status != LetterStatus.DRAFT:
            return 0
        why = adapter.why_not_owed(letter, subjects.subject_of(letter))
        if why is None:
            return 0
        letter.status, letter.cancelled_at = LetterStatus.WITHDRAWN, timezone.now()
        letter.cancel_reason = f"{why}; không còn cần thư {LetterKind(letter.kind).label.lower().removeprefix('thư ')}."
        letter.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        record(
            None,
            "letters.withdrawn",
            letter,
            unit=letter.unit,
            changes={"status": [LetterStatus.DRAFT.value, LetterStatus.WITHDRAWN.value]},
            note=letter.cancel_reason,
        )
    return 1


def _draft(item: Owed, actor: User | None = None) -> int:
    values: dict[str, Any] = {
        "unit_id": item.unit_id,
        "owed_on": item.owed_on,
        "honorific": item.honorific,
        "recipient_name": item.recipient_name,
        "recipient_address": item.recipient_address,
        "recipient_phone": item.recipient_phone,
        "recipient_email": item.recipient_email,
        "created_by": actor,
        **subjects.draft_fields(item),
        **item.links,
    }
    if item.delivered_on is not None:
        # A past registry's letter: already delivered that day, kept for the figures.
        delivered = dt.datetime.combine(item.delivered_on, dt.time(9), timezone.get_current_timezone())
        values |= {
            "status": LetterStatus.DELIVERED,
            "delivered_at": delivered,
            "delivery_status": DeliveryStatus.DELIVERED,
            "delivery_method": DeliveryMethod.HANDED,
            "delivery_note": "Nhập từ sổ đăng ký: thư đã được gửi trước khi dùng hệ thống.",
            "letter_date": item.delivered_on,
        }
    subject_type, subject_id = values.pop("subject_type"), values.pop("subject_id")
    with transaction.atomic():
        letter, created = Letter.objects.get_or_create(
            kind=item.kind, subject_type=subject_type, subject_id=subject_id, defaults=values
        )
        if created:
            note = f"Phát sinh ngày {item.owed_on:%d/%m/%Y}" if actor is None else ""
            record(actor, "letters.drafted", letter, unit=letter.unit, note=note)
    return int(created)


# --- actions on one letter ------------------------------------------------------------------------


def _check(actor: User | None, letter: Letter, roles: frozenset[str]) -> None:
    if actor is not None:
        require_role(actor, letter.unit, roles)


def create_thanks(actor: User | None, contribution: Contribution) -> Letter:
    """Staff write a thank-you letter by hand for a citizen's contribution (one per contribution: asking again
    opens the letter already drafted)."""
    if actor is not None:
        require_role(actor, contribution.unit, WRITERS)
    adapter = subjects.ADAPTERS[SubjectType.CONTRIBUTION]
    assert isinstance(adapter, ContributionSubject)
    _draft(adapter.thanks_owed(contribution, timezone.localdate()), actor)
    subject = {"subject_type": SubjectType.CONTRIBUTION, "subject_id": str(contribution.pk)}
    return Letter.objects.get(kind=LetterKind.THANKS, **subject)


def record_contribution(actor: User, unit: Unit, **values: Any) -> Letter:
    """Staff type in a citizen's contribution (recorded by engagement); its thank-you draft is created with it,
    in one transaction."""
    require_role(actor, unit, WRITERS)
    with transaction.atomic():
        contribution = engagement_actions.record_contribution(actor, unit, values)
        return create_thanks(actor, contribution)


EDITABLE = (
    "honorific",
    "recipient_name",
    "recipient_address",
    "recipient_phone",
    "recipient_email",
    "reason",
    "new_appointment_at",
    "body",
)


def _locked(letter: Letter, allowed: set[str], message: str) -> Letter:
    """The letter's row, locked and read afresh inside the caller's transaction: a decision taken on the
    copy a page loaded earlier (a draft since approved, a letter since cancelled) must not overwrite it."""
    current = Letter.objects.select_for_update(of=("self",)).select_related("unit").get(pk=letter.pk)
    if current.status not in allowed:
        raise ValidationError(message)
    return current


def _check_values(letter: Letter, values: dict[str, Any]) -> None:
    """What a form or the API may write into a draft, checked before anything is saved."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Không sửa được: {', '.join(sorted(unknown))}.")
    if "recipient_name" in values and not str(values["recipient_name"]).strip():
        raise ValidationError({"recipient_name": "Vui lòng nhập tên người nhận."})
    for name, limit, label in (
        ("body", BODY_MAX_CHARS, "Nội dung thư"),
        ("reason", REASON_MAX_CHARS, "Lý do chậm trả kết quả"),
    ):
        if len(str(values.get(name) or "")) > limit:
            raise ValidationError({name: f"{label} dài quá {limit:,} ký tự.".replace(",", ".")})
    moment = values.get("new_appointment_at")
    if moment is not None and (problem := appointment_problem(moment)):
        raise ValidationError({"new_appointment_at": problem})
    if values.get("body"):
        render_text(values["body"], context_for(letter))  # a syntax error is refused before it is saved


def _apply_edit(actor: User | None, current: Letter, values: dict[str, Any]) -> None:
    """Write `values` into the locked draft `current`, with one audit row listing what changed."""
    changes = {k: [str(getattr(current, k) or ""), str(v or "")] for k, v in values.items() if getattr(current, k) != v}
    if not changes:
        return
    for key in changes:
        setattr(current, key, values[key])
    current.save(update_fields=[*changes, "updated_at"])
    record(actor, "letters.edited", current, unit=current.unit, changes=changes)


def edit_draft(actor: User | None, letter: Letter, **values: Any) -> Letter:
    _check(actor, letter, WRITERS)
    not_draft = "Chỉ sửa được thư đang ở dạng dự thảo; thư đã duyệt được giữ nguyên nội dung."
    if letter.status != LetterStatus.DRAFT:
        raise ValidationError(not_draft)
    _check_values(letter, values)
    with transaction.atomic():
        current = _locked(letter, {LetterStatus.DRAFT}, not_draft)
        _apply_edit(actor, current, values)
    letter.refresh_from_db()
    return letter


def announce_late(actor: User | None, dossier: Dossier, reason: str) -> Letter:
    """An official records that an open dossier will be late, with the reason: its apology is owed now, and the
    draft carries the reason (an existing draft gets it; a signed apology is not touched)."""
    if actor is not None:
        require_role(actor, dossier.unit, PROCESSING_ROLES)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Vui lòng ghi lý do hồ sơ sẽ trễ hẹn."})
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError({"reason": f"Lý do dài quá {REASON_MAX_CHARS} ký tự."})
    with transaction.atomic():
        d = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)
        if d.status not in OPEN_STATUSES:
            raise ValidationError("Chỉ báo trễ hẹn cho hồ sơ đang giải quyết.")
        existing = (
            Letter.objects.select_for_update(of=("self",))
            .filter(kind=LetterKind.APOLOGY, subject_type=SubjectType.DOSSIER, subject_id=str(d.pk))
            .first()
        )
        if existing is not None and existing.status != LetterStatus.DRAFT:
            raise ValidationError(
                f"Hồ sơ này đã có thư xin lỗi ({existing.get_status_display().lower()}); không lập thư mới."
            )
        if existing is None:
            _draft(apology_owed(d, timezone.localdate(), ApologyCause.ANNOUNCED))
            existing = Letter.objects.get(
                kind=LetterKind.APOLOGY, subject_type=SubjectType.DOSSIER, subject_id=str(d.pk)
            )
        values: dict[str, Any] = {"reason": reason}
        if existing.owed_because != ApologyCause.OVERDUE:
            values["owed_because"] = ApologyCause.ANNOUNCED
        changes = {k: [str(getattr(existing, k) or ""), str(v)] for k, v in values.items() if getattr(existing, k) != v}
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save(update_fields=[*values, "updated_at"])
        record(actor, "letters.late_announced", d, unit=d.unit, changes=changes, note=reason)
    return existing


# Staff may add a way to reach the recipient to a signed letter (personal data: the audit says which, never the value).
CONTACT_FIELDS = ("recipient_email", "recipient_phone", "recipient_address")


def add_contact(actor: User | None, letter: Letter, **values: str) -> Letter:
    """Add or correct the recipient's e-mail, phone or address on an approved letter; the text stays frozen."""
    _check(actor, letter, WRITERS)
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được: {', '.join(sorted(unknown))}.")
    not_signed = "Chỉ bổ sung liên hệ cho thư đã duyệt, ký."
    with transaction.atomic():
        current = _locked(letter, {LetterStatus.APPROVED, LetterStatus.DELIVERED}, not_signed)
        changed = [k for k, v in values.items() if v is not None and getattr(current, k) != v]
        if changed:
            for key in changed:
                setattr(current, key, values[key])
            current.save(update_fields=[*changed, "updated_at"])
            # Personal data never enters the trail: only which contact changed.
            record(
                actor,
                "letters.contact_added",
                current,
                unit=current.unit,
                changes={k: ["(cũ)", "(đã thay đổi)"] for k in changed},
            )
    letter.refresh_from_db()
    return letter


def suggest_new_appointment(letter: Letter) -> dt.datetime | None:
    """For an apology: two working days from now, at the close of the day (the desk may change it)."""
    if letter.kind != LetterKind.APOLOGY:
        return None
    cal = calendar_for(letter.unit)
    due = cal.add_working_days(timezone.now(), 2).due
    return cal.close_of(timezone.localtime(due).date())


def number_series(kind: str, year: int) -> str:
    """Letter numbers restart each year per unit and kind (NĐ 30/2020 Art. 15), reserved from the one service."""
    return f"letter:{kind}:{year}"


def _next_number(unit: Unit, kind: str, year: int) -> int:
    return numbering.next_number(unit, number_series(kind, year))


def _signer(actor: User | None, unit: Unit) -> tuple[str, str]:
    if actor is None:
        return "", ""
    title = (
        Membership.objects.filter(user=actor, role=Role.LEADER)
        .exclude(title="")
        .values_list("title", flat=True)
        .first()
        or ""
    )
    return actor.get_full_name() or actor.get_username(), wording.post_title(title) or "Chủ tịch"


def appointment_too_far(moment: dt.datetime) -> str | None:
    """Further away than a year is a typing error (31/12/9999), not a promise to a citizen."""
    today = timezone.localtime(clock()).date()
    latest = today.replace(year=today.year + 1, day=28 if (today.month, today.day) == (2, 29) else today.day)
    # Compared as moments (not converted to local time): 31/12/9999 23:00 UTC has no local date.
    if moment >= timezone.make_aware(dt.datetime.combine(latest + dt.timedelta(days=1), dt.time.min)):
        return f"Ngày hẹn trả kết quả mới không được sau ngày {fmt_date(latest)} (quá một năm kể từ hôm nay)."
    return None


def appointment_problem(moment: dt.datetime) -> str | None:
    """Why `moment` cannot be an apology's new appointment (in the past, or more than a year away), or None."""
    if moment < clock():
        return "Ngày hẹn trả kết quả mới không được ở quá khứ."
    return appointment_too_far(moment)


def approval_problems(letter: Letter, values: dict[str, Any] | None = None) -> dict[str, str]:
    """Why `letter` (with `values` applied, unsaved) cannot be signed yet; empty when it can."""
    probe = copy.copy(letter)
    for key, value in (values or {}).items():
        setattr(probe, key, value)
    adapter, subject = subjects.adapter_for(probe), subjects.subject_of(probe)
    from_subject = adapter.approval_problems(probe, subject) if adapter is not None and subject is not None else {}
    problems = {k: v for k, v in from_subject.items() if k == "__all__"}
    if probe.kind == LetterKind.APOLOGY:
        if not probe.reason.strip():
            problems["reason"] = "Thư xin lỗi cần ghi rõ lý do chậm trả kết quả."
        if probe.new_appointment_at is None:
            problems["new_appointment_at"] = "Thư xin lỗi cần có ngày hẹn trả kết quả mới."
        elif "new_appointment_at" in from_subject:
            problems["new_appointment_at"] = from_subject["new_appointment_at"]
        elif problem := appointment_problem(probe.new_appointment_at):
            problems["new_appointment_at"] = problem
    return problems | {k: v for k, v in from_subject.items() if k not in problems}


def approve(actor: User | None, letter: Letter, **values: Any) -> Letter:
    """A leader approves and signs: the number (per unit, kind and year), date and signer are fixed and
    the text frozen. `values` (what the page shows: reason, new appointment, body …) are saved first, in the
    same transaction, so what was on the screen is what is signed."""
    _check(actor, letter, APPROVERS)
    _check_values(letter, values)
    with transaction.atomic():
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins below.
        current = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("unit", *subjects.link_fields())
            .get(pk=letter.pk)
        )
        if current.status != LetterStatus.DRAFT:
            raise ValidationError("Thư này không còn ở dạng dự thảo.")
        _apply_edit(actor, current, values)
        problems = approval_problems(current)
        if problems:
            raise ValidationError(problems)
        today = timezone.localdate()
        current.letter_date = today
        current.year = today.year
        current.number = _next_number(current.unit, current.kind, today.year)
        current.symbol = letter_setting(current.unit).symbol_for(current.kind)
        current.signer_name, current.signer_title = _signer(actor, current.unit)
        current.body = render_body(current)
        current.status = LetterStatus.APPROVED
        current.approved_by, current.approved_at = actor, timezone.now()
        current.save()
        adapter, subject = subjects.adapter_for(current), subjects.subject_of(current)
        if adapter is not None and subject is not None:
            adapter.approved(actor, current, subject)  # e.g. the apology's new appointment, on the dossier
        record(actor, "letters.approved", current, unit=current.unit, changes={"number": [None, current.number_text]})
        transaction.on_commit(lambda: letter_approved.send(sender=Letter, letter_id=current.pk))
    letter.refresh_from_db()
    return letter


def cancel(actor: User | None, letter: Letter, reason: str) -> Letter:
    """A cancelled letter stays: the sweep never drafts that subject again."""
    _check(actor, letter, WRITERS)
    if not reason.strip():
        raise ValidationError({"cancel_reason": "Vui lòng ghi lý do hủy thư."})
    if len(reason) > NOTE_MAX_CHARS:
        raise ValidationError({"cancel_reason": f"Lý do hủy dài quá {NOTE_MAX_CHARS} ký tự."})
    with transaction.atomic():
        current = _locked(
            letter, {LetterStatus.DRAFT, LetterStatus.APPROVED}, "Thư đã gửi đến người nhận hoặc đã hủy, không thể hủy."
        )
        before = current.status
        current.status, current.cancel_reason, current.cancelled_at = (
            LetterStatus.CANCELLED,
            reason.strip(),
            timezone.now(),
        )
        current.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        record(
            actor,
            "letters.cancelled",
            current,
            unit=current.unit,
            changes={"status": [before, "cancelled"]},
            note=reason.strip(),
        )
    letter.refresh_from_db()
    return letter


NOT_APPROVED = "Chỉ gửi được thư đã được duyệt, ký (thư này chưa duyệt hoặc đã hủy)."
# Sent by a gateway (delivery.transmit) after the letter is marked "sending"; the others are recorded by hand.
ELECTRONIC = frozenset({DeliveryMethod.EMAIL, DeliveryMethod.SMS, DeliveryMethod.ZALO})


def record_delivery(
    actor: User | None, letter: Letter, method: str, at: dt.datetime | None = None, note: str = ""
) -> Letter:
    """Handed over, posted or visited: delivered now. E-mail, SMS and Zalo are sent by `send_letter`."""
    _check(actor, letter, WRITERS)
    if letter.status not in (LetterStatus.APPROVED, LetterStatus.DELIVERED):
        raise ValidationError(NOT_APPROVED)
    if method not in DeliveryMethod.values:
        raise ValidationError({"delivery_method": "Cách gửi không hợp lệ."})
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        raise ValidationError({"delivered_at": "Thời điểm gửi phải có múi giờ."})
    if moment > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"delivered_at": "Thời điểm gửi không được ở tương lai."})
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError({"note": f"Ghi chú dài quá {NOTE_MAX_CHARS} ký tự."})
    signed_on = letter.letter_date or (timezone.localdate(letter.approved_at) if letter.approved_at else None)
    if signed_on is not None and timezone.localdate(moment) < signed_on:
        raise ValidationError({"delivered_at": f"Thời điểm gửi không được trước ngày ký thư ({fmt_date(signed_on)})."})
    with transaction.atomic():
        current = _locked(letter, {LetterStatus.APPROVED, LetterStatus.DELIVERED}, NOT_APPROVED)
        _mark_delivered(actor, current, method, moment, note.strip(), before_method=current.delivery_method)
    letter.refresh_from_db()
    return letter


def _mark_delivered(
    actor: User | None, current: Letter, method: str, moment: dt.datetime, note: str, before_method: str
) -> None:
    """Inside the caller's transaction, on the locked row: delivered, with one audit row that keeps the way it
    was to be sent before (a failed SMS followed by a letter handed over reads "sms → handed")."""
    current.delivery_method, current.delivered_at = method, moment
    current.delivery_status, current.status = DeliveryStatus.DELIVERED, LetterStatus.DELIVERED
    current.delivery_note = note
    fields = ["delivery_method", "delivered_at", "delivery_status", "status", "delivery_note", "updated_at"]
    current.save(update_fields=fields)
    changes = {"delivery_method": [before_method or None, method]}
    record(actor, "letters.delivered", current, unit=current.unit, changes=changes, note=note)


def _recipient_address(letter: Letter, method: str) -> str:
    to = letter.recipient_email if method == DeliveryMethod.EMAIL else letter.recipient_phone
    if not to.strip():
        missing = "địa chỉ thư điện tử" if method == DeliveryMethod.EMAIL else "số điện thoại"
        raise ValidationError({"delivery_method": f"Chưa có {missing} của người nhận; vui lòng bổ sung trước khi gửi."})
    return to.strip()


def send_letter(actor: User | None, letter: Letter, method: str) -> Letter:
    """Send an approved letter by e-mail, SMS or Zalo. The letter is locked and marked "sending" in one short
    transaction; the gateway is called only once that transaction has committed (never while a row is locked, and
    never for a change that rolled back), and its answer is recorded in a second short transaction: delivered, or
    failed with a Vietnamese note (the letter stays approved, so it can be sent again). Refused (ValidationError,
    nothing changed): another method, a letter not yet approved, no address for the channel."""
    _check(actor, letter, WRITERS)
    if method not in ELECTRONIC:
        raise ValidationError({"delivery_method": "Chỉ gửi tự động được qua thư điện tử, SMS hoặc Zalo."})
    if letter.status not in (LetterStatus.APPROVED, LetterStatus.DELIVERED):
        raise ValidationError("Chỉ gửi được thư đã được duyệt, ký.")
    _recipient_address(letter, method)
    with transaction.atomic():
        current = _locked(letter, {LetterStatus.APPROVED, LetterStatus.DELIVERED}, NOT_APPROVED)
        _recipient_address(current, method)
        before_method = current.delivery_method
        if current.status != LetterStatus.DELIVERED:
            current.delivery_method, current.delivery_status = method, DeliveryStatus.SENDING
            current.save(update_fields=["delivery_method", "delivery_status", "updated_at"])
        pk = current.pk
        # robust: the sending has its own outcome; a failure while recording it is logged, never a 500 afterwards.
        transaction.on_commit(lambda: _transmit_and_record(actor, pk, method, before_method), robust=True)
    letter.refresh_from_db()
    return letter


def _transmit_and_record(actor: User | None, letter_id: int, method: str, before_method: str) -> None:
    from . import delivery  # delivery reads the wording from this module

    letter = Letter.objects.select_related("unit", *subjects.link_fields()).get(pk=letter_id)
    result = delivery.transmit(letter, method, _recipient_address(letter, method))
    with transaction.atomic():
        current = _locked(letter, {LetterStatus.APPROVED, LetterStatus.DELIVERED}, NOT_APPROVED)
        if result.ok:
            note = f"{result.note[:1].upper()}{result.note[1:]}." if result.note else ""
            _mark_delivered(actor, current, method, timezone.now(), note, before_method)
            return
        note = f"Gửi {delivery.CHANNEL_LABELS[str(method)]} không thành công: {result.note}."
        if current.status != LetterStatus.DELIVERED:  # an earlier delivery stands; only the attempt is recorded
            current.delivery_method, current.delivery_status = method, DeliveryStatus.FAILED
            current.delivery_note = note
            current.save(update_fields=["delivery_method", "delivery_status", "delivery_note", "updated_at"])
        changes = {"delivery_status": ["", DeliveryStatus.FAILED.value]}
        record(actor, "letters.delivery_failed", current, unit=current.unit, changes=changes, note=note)


def save_template(actor: User | None, unit: Unit, kind: str, title: str, body: str, docx: Any = None) -> LetterTemplate:
    if actor is not None:
        require_role(actor, unit, TEMPLATE_EDITORS)
    if not body.strip():
        raise ValidationError({"body": "Nội dung mẫu thư không được để trống."})
    render_text(body, {k: k for k in texts.PLACEHOLDERS})
    with transaction.atomic():
        template, _ = LetterTemplate.objects.get_or_create(
            unit=unit, kind=kind, defaults={"title": title, "body": body}
        )
        template.title, template.body, template.updated_by = title.strip() or texts.TITLES[kind], body, actor  # type: ignore[index]
        if docx is not None:
            template.docx = docx
        template.save()
        record(actor, "letters.template_saved", template, unit=unit)
    return template


TEMPLATE_EDITORS = frozenset({Role.COMMUNE_ADMIN, Role.LEADER})


def reset_template(actor: User | None, unit: Unit, kind: str) -> bool:
    """Back to the shipped wording and DOCX: the unit's own template of `kind` is removed (its file after commit)."""
    if actor is not None:
        require_role(actor, unit, TEMPLATE_EDITORS)
    with transaction.atomic():
        template = LetterTemplate.objects.select_for_update().filter(unit=unit, kind=kind).first()
        if template is None:
            return False
        stored = template.docx.name if template.docx else ""
        storage = template.docx.storage
        record(actor, "letters.template_reset", template, unit=unit, changes={"title": [template.title, None]})
        template.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
    return True


SETTING_FIELDS = ("look_back_days", "apology_symbol", "thanks_symbol", "congratulation_symbol", "condolence_symbol")


def save_letter_setting(actor: User | None, unit: Unit, **values: Any) -> LetterSetting:
    """The look-back for congratulations and condolences, and the document symbol of each kind."""
    if actor is not None:
        require_role(actor, unit, TEMPLATE_EDITORS)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được: {', '.join(sorted(unknown))}.")
    days = values.get("look_back_days")
    if days is not None and not 1 <= int(days) <= 365:
        raise ValidationError({"look_back_days": "Số ngày phải từ 1 đến 365."})
    with transaction.atomic():
        setting, _ = LetterSetting.objects.get_or_create(unit=unit)
        changes = {k: [str(getattr(setting, k)), str(v)] for k, v in values.items() if getattr(setting, k) != v}
        for key, value in values.items():
            setattr(setting, key, value.strip() if isinstance(value, str) else value)
        setting.save()
        if changes:
            record(actor, "letters.settings_saved", setting, unit=unit, changes=changes)
    return setting
