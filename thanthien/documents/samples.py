"""Context for the sample notice: a real document a commune can print on day one, and a check of the base."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thanthien.lib.vn import nfc, sort_key
from thanthien.org.models import Membership, Role, Unit

NOTICE_SUBJECT = "Về việc công khai lịch tiếp công dân và số điện thoại của cán bộ, công chức"
# Luật Tiếp công dân leaves the fixed days to each commune; 10 and 20 are what the seed communes use.
RECEPTION_DAYS = (10, 20)


def notice_context(unit: Unit, today: dt.date, number: int = 15) -> dict[str, Any]:
    kind_word = unit.get_kind_display().lower()  # "xã", "phường", "thị trấn" as written mid-sentence
    memberships = list(Membership.objects.filter(unit=unit).select_related("user"))
    return {
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "number": f"{number}/TB-UBND",
        "place": unit.short_name(),
        "date": today,
        "doc_type": "THÔNG BÁO",
        "subject": NOTICE_SUBJECT,
        "kind_word": kind_word,
        "authority": f"Ủy ban nhân dân {unit_in_sentence(unit)}",
        "reception_days": RECEPTION_DAYS,
        "staff": staff_phones(memberships),
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "signer_name": chairman_name(memberships),
        "recipients": [
            f"Thường trực Đảng ủy, HĐND {kind_word} (để b/c)",
            f"Ủy ban MTTQ Việt Nam {kind_word}",
            f"Các ban, ngành, đoàn thể {kind_word}",
            "Các thôn, tổ dân phố (để niêm yết)",
            f"Đài truyền thanh {kind_word} (để thông báo)",
            "Lưu: VT",
        ],
    }


def unit_in_sentence(unit: Unit) -> str:
    """ "Xã Hoằng Hợp" → "xã Hoằng Hợp": the kind is a common noun inside a sentence."""
    if unit.short_name() == unit.name:
        return unit.name
    return unit.name[0].lower() + unit.name[1:]


def _full_name(membership: Membership) -> str:
    user = membership.user
    return nfc(user.get_full_name().strip() or user.get_username())


def chairman_name(memberships: list[Membership]) -> str:
    for m in memberships:
        if m.role == Role.LEADER and nfc(m.title).strip().lower().startswith("chủ tịch"):
            return _full_name(m)
    return ""


def staff_phones(memberships: list[Membership]) -> list[dict[str, str]]:
    """One row per official with a public work phone: leaders first, then by Vietnamese name order."""
    rows: dict[int, dict[str, str]] = {}
    leaders: set[int] = set()
    for m in memberships:
        if not m.phone or m.user_id in rows:
            continue
        rows[m.user_id] = {"name": _full_name(m), "title": m.title or m.get_role_display(), "phone": m.phone}
        if m.role == Role.LEADER:
            leaders.add(m.user_id)
    ordered = sorted(rows, key=lambda uid: (uid not in leaders, sort_key(rows[uid]["name"])))
    return [rows[uid] for uid in ordered]
