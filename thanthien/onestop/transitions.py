"""The dossier state machine, in one place: which status may follow which (the national codes 1–10), with the
button text the dossier page offers for each step, and which steps need a reason.

actions.change_status enforces it; forms and views read it. Nothing else lists transitions."""

from __future__ import annotations

from .models import Status

WITHDRAW = (Status.WITHDRAWN, "Công dân rút hồ sơ")
STOP = (Status.STOPPED, "Dừng xử lý")
RESOLVE = (Status.RESOLVED, "Đã có kết quả")
SUPPLEMENT = (Status.SUPPLEMENT, "Yêu cầu bổ sung")
FINANCIAL = (Status.FINANCIAL, "Yêu cầu nghĩa vụ tài chính")

# From each status, the steps in the order the dossier page shows their buttons: (next status, button text).
# A status not listed (refused, withdrawn, stopped, returned) is final.
STEPS: dict[int, tuple[tuple[int, str], ...]] = {
    Status.NEW: ((Status.ACCEPTED, "Tiếp nhận"), (Status.REFUSED, "Không tiếp nhận")),
    Status.ACCEPTED: ((Status.PROCESSING, "Chuyển xử lý"), RESOLVE, SUPPLEMENT, FINANCIAL, WITHDRAW, STOP),
    Status.PROCESSING: (RESOLVE, SUPPLEMENT, FINANCIAL, WITHDRAW, STOP),
    Status.SUPPLEMENT: ((Status.PROCESSING, "Đã nhận đủ bổ sung"), WITHDRAW, STOP),
    Status.FINANCIAL: ((Status.PROCESSING, "Đã hoàn thành nghĩa vụ tài chính"), RESOLVE, WITHDRAW, STOP),
    Status.RESOLVED: ((Status.RETURNED, "Đã trả kết quả"),),
}

# The allowed next statuses, read by the action.
TRANSITIONS: dict[int, frozenset[int]] = {before: frozenset(to for to, _ in steps) for before, steps in STEPS.items()}

# Steps that must say why (a refusal, what to supplement or pay, a withdrawal, a stop): the reason is printed on
# the notices and read out at the lookup.
NEEDS_NOTE = frozenset({Status.REFUSED, Status.SUPPLEMENT, Status.FINANCIAL, Status.WITHDRAWN, Status.STOPPED})


def allowed(before: int, to: int) -> bool:
    return to in TRANSITIONS.get(before, frozenset())


def next_steps(status: int) -> list[tuple[int, str]]:
    """The steps the dossier page offers from `status`, as (next status, button text)."""
    return list(STEPS.get(status, ()))


def step_label(before: int, to: int) -> str:
    """The button text of the step, or the status name when the step is not offered from `before`."""
    return dict(STEPS.get(before, ())).get(to, Status(to).label)
