"""Civil events derived from the one-stop desk (DESIGN.md §4.4): every returned dossier of khai sinh / kết hôn /
khai tử registers exactly one event, whether it was returned at the desk or imported from a file.

The sweep finds the returned dossiers of those procedures that have no event and gives each one, under the unique
`CivilEvent.dossier`; running it twice changes nothing and a dossier that fails is retried on the next tick. The
desk's status change runs it for its one dossier right after commit. When the commune's registry already holds the
same event (same kind and day, and the applicant among its names), the dossier is linked to that event instead of
making a second one; the registry import does the same the other way round (civil.linking).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from thanthien.audit.log import record
from thanthien.lib.vn import clean_phone
from thanthien.onestop.models import Dossier, Procedure, Status

from .actions import announce_on_commit
from .linking import names_of, same_name
from .models import PROCEDURE_KINDS, CivilEvent

log = logging.getLogger(__name__)

BATCH = 200


class DerivationFailed(Exception):
    """Some dossiers could not yield their event; the others did. Each failure is logged with its traceback."""


def pending_dossiers() -> QuerySet[Dossier]:
    """Returned dossiers of the three procedures without an event (a partial index on returned dossiers by
    procedure serves this scan; see migration civil 0003)."""
    # The procedures' ids as values, not a subquery: PostgreSQL then scans the index instead of every dossier.
    procedures = list(Procedure.objects.filter(code__in=list(PROCEDURE_KINDS)).values_list("pk", flat=True))
    return Dossier.objects.filter(status=Status.RETURNED, procedure_id__in=procedures, civil_event__isnull=True)


def sweep() -> int:
    """The periodic sweep (`thanthien tick`): one event for every returned dossier that lacks one. A dossier
    that fails does not stop the others; the sweep then raises, so that the tick records the failure, and the
    dossier is tried again next time."""
    done, failed, after = 0, [], 0
    while ids := list(pending_dossiers().filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        after = ids[-1]
        for dossier_id in ids:
            try:
                if derive_for_dossier(dossier_id) is not None:
                    done += 1
            except Exception:
                log.exception("civil: no event for dossier %s yet; retried on the next tick", dossier_id)
                failed.append(dossier_id)
    if failed:
        shown = ", ".join(str(pk) for pk in failed[:20]) + ("…" if len(failed) > 20 else "")
        raise DerivationFailed(f"{len(failed)} hồ sơ chưa tạo được sự kiện hộ tịch (mã nội bộ: {shown}).")
    return done


def event_from_dossier(dossier: Dossier) -> CivilEvent | None:
    """The event a returned dossier of khai sinh / kết hôn / khai tử registers (see derive_for_dossier)."""
    return derive_for_dossier(dossier.pk)


def derive_for_dossier(dossier_id: int) -> CivilEvent | None:
    """The event of one dossier if it is a returned dossier of the three procedures (else None), made once.

    The dossier knows the applicant (who receives the letter) and the day, not the child, the couple or the
    deceased: those stay empty until the registrar completes the event ("cần bổ sung") or the registry brings them."""
    dossier = Dossier.objects.select_related("procedure", "unit").filter(pk=dossier_id).first()
    kind = PROCEDURE_KINDS.get(dossier.procedure.code) if dossier is not None else None
    if dossier is None or kind is None or dossier.status != Status.RETURNED:
        return None
    existing = CivilEvent.objects.filter(dossier=dossier).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _link_registry_event(dossier, kind) or _create(dossier, kind)
    except IntegrityError:
        # Another process gave the dossier its event between our look and our write (the desk and a tick at once).
        existing = CivilEvent.objects.filter(dossier=dossier).first()
        if existing is None:
            raise
        return existing


def _day(dossier: Dossier) -> dt.date:
    moment = dossier.resolved_at or dossier.returned_at or timezone.now()
    return timezone.localtime(moment).date()


def _link_registry_event(dossier: Dossier, kind: str) -> CivilEvent | None:
    """The registry's own entry of this event (imported or typed in before the dossier came back), if any."""
    applicant = same_name(dossier.applicant_name)
    if not applicant:
        return None
    candidates = CivilEvent.objects.select_for_update().filter(
        unit=dossier.unit, kind=kind, registered_on=_day(dossier), dossier__isnull=True
    )
    twin = next((e for e in candidates.order_by("pk") if applicant in names_of(e)), None)
    if twin is None:
        return None
    twin.dossier = dossier
    twin.save(update_fields=["dossier", "updated_at"])
    record(None, "civil.event_linked_to_dossier", twin, unit=twin.unit, changes={"dossier": [None, dossier.code]})
    announce_on_commit(twin)
    return twin


def _create(dossier: Dossier, kind: str) -> CivilEvent:
    event = CivilEvent.objects.create(
        unit=dossier.unit,
        kind=kind,
        registered_on=_day(dossier),
        contact_name=dossier.applicant_name[:150],
        contact_address=dossier.applicant_address[:300],
        contact_phone=_usable_phone(dossier.applicant_phone),
        contact_email=_usable_email(dossier.applicant_email),
        dossier=dossier,
        note=f"Tạo từ hồ sơ một cửa {dossier.code}.",
    )
    changes = {"dossier": [None, dossier.code], "kind": [None, kind], "registered_on": [None, str(event.registered_on)]}
    record(None, "civil.event_from_dossier", event, unit=dossier.unit, changes=changes)
    announce_on_commit(event)
    return event


def _usable_phone(phone: str) -> str:
    try:
        return clean_phone(phone) if phone else ""
    except ValidationError:
        return ""  # the desk's data is what it is; the registrar may correct it


def _usable_email(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        return ""  # an imported dossier's address that no letter could reach
    return email
