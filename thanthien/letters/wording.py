"""What a commune may write in its own letter wording: placeholders and a few safe template tags.

Staff wording is a Django template; tags that reach outside the letter ({% include %}, {% load %}, {% debug %})
are refused everywhere the wording is rendered, and the parser's English errors are said in Vietnamese."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.template import Engine

from . import texts

ALLOWED_TAGS = frozenset(
    {"if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "firstof", "comment", "endcomment"}
)
_TAG = re.compile(r"{%-?\s*(\w+)")
_VARIABLE = re.compile(r"{{\s*([A-Za-z_]\w*)")
_SYNTAX_HINTS: list[tuple[re.Pattern[str], str]] = [
    # actions.render_text wraps the wording in {% autoescape off %}: a tag left open swallows its end.
    (
        re.compile(r"Invalid block tag on line (\d+): 'endautoescape', expected .*'(end\w+)'"),
        "Có thẻ mở chưa được đóng (thiếu {{% {1} %}}).",
    ),
    (
        re.compile(r"Unclosed tag on line (\d+): '(\w+)'"),
        "Dòng {0}: thẻ {{% {1} %}} chưa được đóng (thiếu {{% end{1} %}}).",
    ),
    (
        re.compile(r"Invalid block tag on line (\d+): '([^']*)'"),
        "Dòng {0}: thẻ {{% {1} %}} không hợp lệ hoặc đặt sai chỗ (ví dụ {{% endif %}} khi chưa có {{% if %}}).",
    ),
    (
        re.compile(r"Could not parse the remainder: '([^']*)' from '([^']*)'"),
        "Không hiểu được “{1}”: tên trường viết liền, không dấu, ví dụ {{{{ recipient_name }}}}.",
    ),
    (re.compile(r"Could not parse some characters: (.*)"), "Không hiểu được “{0}”: tên trường viết liền, không dấu."),
    (re.compile(r"Invalid filter: '([^']*)'"), "Bộ lọc “{0}” không tồn tại; hãy bỏ phần “|{0}”."),
    (re.compile(r"Empty variable tag on line (\d+)"), "Dòng {0}: có cặp {{{{ }}}} trống, chưa ghi tên trường."),
    (re.compile(r"Empty block tag on line (\d+)"), "Dòng {0}: có cặp {{% %}} trống."),
]


@lru_cache(maxsize=1)
def _builtin_tags() -> frozenset[str]:
    # Tags Django would run ({% include %}, {% load %}, {% debug %} ...); a misspelt one gets the parser's message.
    return frozenset(name for library in Engine.get_default().template_builtins for name in library.tags)


def explain_template_error(message: str) -> str:
    """Django's English parser message, said in Vietnamese for the commune official."""
    for pattern, hint in _SYNTAX_HINTS:
        found = pattern.search(message)
        if found:
            return f"Mẫu thư có lỗi cú pháp. {hint.format(*found.groups())}"
    return message if message.startswith("Mẫu thư") else f"Mẫu thư có lỗi: {message}"


def check_tags(body: str) -> None:
    unknown_tags = sorted({tag for tag in _TAG.findall(body) if tag in _builtin_tags() and tag not in ALLOWED_TAGS})
    if unknown_tags:
        listed = ", ".join(f"{{% {tag} %}}" for tag in unknown_tags)
        raise ValidationError(
            "Mẫu thư chỉ dùng được các thẻ {% if %}, {% for %}, {% with %}, {% firstof %}; "
            f"không dùng: {listed}."
        )


def wording_warnings(body: str) -> list[str]:
    warnings = []
    unknown = sorted({name for name in _VARIABLE.findall(body) if name not in texts.PLACEHOLDERS})
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        warnings.append(f"Trường không có trong danh sách, sẽ để trống khi in: {names}.")
    if body.count("{{") != body.count("}}"):
        warnings.append("Số dấu {{ và }} không khớp nhau: có trường chưa được đóng.")
    return warnings


_ISSUER_TAIL = re.compile(r"\s*(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\b.*$", re.IGNORECASE)


def post_title(raw: str) -> str:
    """ "Chủ tịch UBND xã Hoằng Hợp" → "Chủ tịch": under "TM. ỦY BAN NHÂN DÂN" the post is named alone, the same
    on the draft and on the signed letter."""
    return _ISSUER_TAIL.sub("", " ".join(raw.split())).strip(" ,-–")
