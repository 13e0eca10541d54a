"""The one record pattern for unit-owned records (receptions, petitions, dialogues, board members, activities,
inspections, civil events ...): a model mixin, create/update actions, the scoped lookup and the "which commune?"
picker. A module declares its model and its roles; this file does the rest the same way everywhere.

    class Reception(UnitRecord):
        write_roles = frozenset({Role.LEADER})
        personal_fields = ("citizen_name", "citizen_address")
        audit_prefix = "reception"

    reception = create_record(user, Reception, unit, {"held_on": day, ...})
    reception = update_record(user, reception, {"note": "..."})
    reception = get_scoped_or_404(request, Reception.objects.all(), pk)
    unit, choices = acting_unit(request, Reception.write_roles)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from thanthien.audit.log import diff, record, snapshot

from .models import COMMUNE_KINDS, Role, Unit
from .queries import communes_under, valid_on
from .scoping import (
    acting_units,
    can_see_unit,
    is_system_admin,
    memberships,
    primary_unit,
    require_role,
    scoped,
    visible_units,
)

R = TypeVar("R", bound="UnitRecord")
M = TypeVar("M", bound=models.Model)

# Fields the pattern manages itself; callers never pass them in `data`.
_MANAGED = frozenset({"id", "unit", "unit_id", "created_by", "created_by_id", "created_at", "updated_at"})


class UnitRecord(models.Model):
    """A record that belongs to one unit, with who created it and when."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="đơn vị")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    # Who may create and change such records at their unit (system administrators always may).
    write_roles: ClassVar[frozenset[str]] = frozenset()
    # Citizens' personal data held by the record: masked for anyone but the unit's own staff, never audited.
    personal_fields: ClassVar[tuple[str, ...]] = ()
    # The unit's roles that see that personal data unmasked; empty: every commune role of the unit.
    personal_readers: ClassVar[frozenset[str]] = frozenset()
    # The audit trail's action names: "<prefix>.create", "<prefix>.update".
    audit_prefix: ClassVar[str] = ""

    class Meta:
        abstract = True

    @classmethod
    def audit_name(cls, verb: str) -> str:
        return f"{cls.audit_prefix or cls._meta.label_lower}.{verb}"

    @classmethod
    def data_fields(cls) -> list[str]:
        """The concrete fields a create/update may set and the audit row records."""
        return [
            f.attname if f.is_relation else f.name
            for f in cls._meta.concrete_fields
            if f.name not in _MANAGED and f.attname not in _MANAGED
        ]

    def audit_label(self) -> str:
        """How the trail names the record: never by a citizen's name."""
        return f"{self._meta.verbose_name} #{self.pk}"


def _refuse_unknown(model: type[UnitRecord], data: Mapping[str, Any]) -> None:
    allowed = set(model.data_fields()) | {f.name for f in model._meta.concrete_fields if f.is_relation}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"{model.__name__} has no writable field(s): {', '.join(unknown)}")


def _require_writable_unit(unit: Unit) -> None:
    today = timezone.localdate()
    if not unit.is_valid_on(today):
        successor = f" Vui lòng ghi vào {unit.successor}." if getattr(unit, "successor", None) else ""
        raise ValidationError(f"{unit} đã hết hiệu lực từ {unit.valid_to:%d/%m/%Y}.{successor}")


def create_record(
    actor: Any,
    model: type[R],
    unit: Unit,
    data: Mapping[str, Any],
    *,
    roles: Iterable[str] | None = None,
    after_commit: Callable[[R], None] | None = None,
) -> R:
    """Check the role at `unit`, validate, save, audit and run `after_commit` once the transaction commits.
    Raises PermissionDenied or ValidationError (with Vietnamese messages) and then saves nothing.
    `actor` None is the command line, as for the importers: the operator who runs it is trusted."""
    if actor is not None:
        require_role(actor, unit, frozenset(roles) if roles is not None else model.write_roles)
    _refuse_unknown(model, data)
    _require_writable_unit(unit)
    user = actor if getattr(actor, "is_authenticated", False) else None
    obj = model(unit=unit, created_by=user, **data)
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        record(actor, model.audit_name("create"), obj, unit=unit, changes=_created_changes(obj))
        if after_commit is not None:
            transaction.on_commit(lambda: after_commit(obj))
    return obj


def update_record(
    actor: Any,
    obj: R,
    data: Mapping[str, Any],
    *,
    roles: Iterable[str] | None = None,
    after_commit: Callable[[R], None] | None = None,
    verb: str = "update",
) -> R:
    """Lock the row, apply `data`, validate, save and audit what changed (nothing is written when nothing did).
    `verb` names the audit action when a module tells kinds of change apart ("<prefix>.<verb>")."""
    model = type(obj)
    if actor is not None:  # the command line
        require_role(actor, obj.unit, frozenset(roles) if roles is not None else model.write_roles)
    _refuse_unknown(model, data)
    fields = model.data_fields()
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        before = snapshot(current, fields)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        changes = _without_personal(model, diff(before, snapshot(current, fields)))
        if changes:
            current.save()
            record(actor, model.audit_name(verb), current, unit=current.unit, changes=changes)
            if after_commit is not None:
                transaction.on_commit(lambda: after_commit(current))
    return current


def _created_changes(obj: UnitRecord) -> dict[str, list[Any]]:
    fields = type(obj).data_fields()
    after = {k: v for k, v in snapshot(obj, fields).items() if v not in (None, "", [], {})}
    return _without_personal(type(obj), diff({}, after))


def _without_personal(model: type[UnitRecord], changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    # The trail says that personal data changed, never to what (DOMAIN.md §10).
    hidden = "(dữ liệu cá nhân)"
    return {k: ([hidden, hidden] if k in model.personal_fields else v) for k, v in changes.items()}


def get_scoped_or_404(request: HttpRequest, queryset: models.QuerySet[M], pk: Any, field: str = "unit") -> M:
    """The record `pk` if the signed-in user may read it; 404 otherwise (another commune's records do not exist
    for them, so their ids reveal nothing)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy bản ghi.") from None
    if not 0 < key < 2**63:
        raise Http404("Không tìm thấy bản ghi.")
    obj = scoped(queryset, request.user, field=field).filter(pk=key).first()
    if obj is None:
        raise Http404("Không tìm thấy bản ghi.")
    return obj


@dataclass(frozen=True)
class UnitChoice:
    unit: Unit | None
    choices: list[Unit]


def acting_unit(request: HttpRequest, roles: Iterable[str]) -> UnitChoice:
    """Which commune the user is acting for: the `unit` code asked for (GET or POST) among the communes where they
    hold one of `roles`, else their own commune, else the first. A system administrator may act for any commune,
    chosen by code. `unit` is None when there is nothing to act for (the view says so instead of failing).
    A code the user may not act for raises PermissionDenied, never silently falls back to another commune."""
    wanted = (request.POST.get("unit") or request.GET.get("unit") or "").strip()
    units = sorted(
        {u.pk: u for u in acting_units(request.user, frozenset(roles)) if u.is_commune_level}.values(),
        key=lambda u: u.name,
    )
    if not units and is_system_admin(request.user):
        communes = list(Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("name")[:500])
        if wanted:
            chosen = Unit.objects.filter(code=wanted, kind__in=COMMUNE_KINDS).first()
            if chosen is None:
                raise PermissionDenied("Không có xã, phường nào mang mã này.")
            return UnitChoice(chosen, communes)
        return UnitChoice(None, communes)
    if wanted:
        chosen = next((u for u in units if u.code == wanted), None)
        if chosen is None:
            raise PermissionDenied("Bạn không có quyền thao tác tại đơn vị này.")
        return UnitChoice(chosen, units)
    home = primary_unit(request.user)
    return UnitChoice(home if home in units else (units[0] if units else None), units)


READABLE_COMMUNES_SHOWN = 2_000


def reading_commune(request: HttpRequest) -> tuple[Unit | None, list[Unit]]:
    """The commune a page is read for: `?unit=CODE` among those the user sees (another: 404), else their own
    commune, else the first under them; with the communes valid today a supervisor may pick from."""
    code = (request.GET.get("unit") or request.POST.get("unit") or "").strip()[:40]
    units = visible_units(request.user).filter(valid_on(timezone.localdate()), kind__in=COMMUNE_KINDS)
    choices = list(units.order_by("name")[:READABLE_COMMUNES_SHOWN])
    if code:
        unit = Unit.objects.filter(code=code, kind__in=COMMUNE_KINDS).first()
        if unit is None or not can_see_unit(request.user, unit):
            raise Http404("Không tìm thấy xã, phường này trong phạm vi bạn được xem.")
        if all(u.pk != unit.pk for u in choices):
            choices.append(unit)  # a merged commune read by its code stays selectable
        return unit, choices
    home = primary_unit(request.user)
    if home is not None and home.is_commune_level:
        return home, choices
    return (choices[0] if choices else None), choices


def supervised_communes(user: Any, day: dt.date | None = None) -> list[Unit]:
    """The communes under the units `user` supervises on `day` (today), by name; a system administrator: every
    commune valid that day."""
    day = day or timezone.localdate()
    if is_system_admin(user):
        return list(Unit.objects.filter(kind__in=COMMUNE_KINDS).filter(valid_on(day)).order_by("name")[:2000])
    found: dict[int, Unit] = {}
    for m in memberships(user):
        if m.role == Role.SUPERVISOR and m.unit is not None:
            found |= {u.pk: u for u in communes_under(m.unit, day)}
    return sorted(found.values(), key=lambda u: u.name)


def writable_communes(user: Any, roles: Iterable[str]) -> list[Unit]:
    """The communes where `user` holds one of `roles` (a system administrator: every commune), by name: what an
    upload page or a "can write" flag offers. `acting_unit` picks one of them for a request."""
    units = {u.pk: u for u in acting_units(user, frozenset(roles)) if u.is_commune_level}
    if not units and is_system_admin(user):
        return list(Unit.objects.filter(kind__in=COMMUNE_KINDS).order_by("name"))
    return sorted(units.values(), key=lambda u: u.name)


def require_commune_writer(actor: Any, unit: Unit, roles: Iterable[str], what: str) -> None:
    """An importer's or a command's check: `actor` (None: the command line) holds one of `roles` at `unit`, and
    `unit` is a commune-level unit — `what` ("hồ sơ", "sổ hộ tịch") names what is written there."""
    if actor is not None:
        require_role(actor, unit, frozenset(roles))
    if not unit.is_commune_level:
        raise ValidationError(
            f"{unit.name} không phải đơn vị cấp xã: chỉ nhập {what} cho xã, phường, thị trấn, đặc khu."
        )


def record_per_unit(actor: Any, action: str, queryset: models.QuerySet[Any], note: Callable[[int, int], str]) -> None:
    """One audit row per unit whose records `queryset` holds — an export of citizens' data, read by each commune in
    its own trail — with `note(count in that unit, count in all)`; one row at the actor's own unit when it holds
    none. Written in one transaction, before the file streams."""
    from django.db.models import Count

    per_unit = dict(queryset.order_by().values_list("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))
    total = sum(per_unit.values())
    with transaction.atomic():
        for unit in Unit.objects.filter(pk__in=per_unit):
            record(actor, action, unit=unit, note=note(per_unit[unit.pk], total))
        if not per_unit:
            record(actor, action, unit=primary_unit(actor) if actor is not None else None, note=note(0, 0))
