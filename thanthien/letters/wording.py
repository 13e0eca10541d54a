"""What a commune may write in its own letter wording: placeholders and a few safe template tags.

Staff wording is a Django template; tags that reach outside the letter ({% include %}, {% load %}, {% debug %})
are refused everywhere the wording is rendered, and the parser's English errors are said in Vietnamese."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.template import Engine

from . import texts

# No {% for %}: every value of a letter is a short text, and a loop over one only multiplies the output (three
# nested loops rendered 8 MB in 2 s). Filters that pad or repeat ("ljust:100000000") are refused for the same reason.
ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif", "with", "endwith", "firstof", "comment", "endcomment"})
ALLOWED_FILTERS = frozenset({"upper", "lower", "capfirst", "title", "default", "truncatechars", "truncatewords", "cut"})
MAX_OUTPUT_CHARS = 200_000
_FILTER = re.compile(r"\|\s*(\w+)")
_TAG_BODY = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_TAG = re.compile(r"{%-?\s*(\w+)")
_VARIABLE = re.compile(r"{{\s*([A-Za-z_]\w*)")
# Django's parser messages, said in Vietnamese; "{line}" is the line of the wording the parser stopped at.
_SYNTAX_HINTS: list[tuple[re.Pattern[str], str]] = [
    # actions.render_text wraps the wording in {% autoescape off %}: a tag left open swallows its end.
    (
        re.compile(r"Invalid block tag on line \d+: 'endautoescape', expected .*'(end\w+)'"),
        "có điều kiện «Nếu có …» ({{% if %}}) chưa được đóng: thiếu «Hết điều kiện» ({{% {0} %}}).",
    ),
    (
        re.compile(r"Unclosed tag on line \d+: '(\w+)'"),
        "thẻ {{% {0} %}} chưa được đóng: thiếu «Hết điều kiện» ({{% end{0} %}}).",
    ),
    (
        re.compile(r"Invalid block tag on line \d+: '(else|elif|endif|endwith)'"),
        "«Nếu không» / «Hết điều kiện» ({{% {0} %}}) đứng ở chỗ không có «Nếu có …» ({{% if %}}) nào đang mở.",
    ),
    (
        re.compile(r"Invalid block tag on line \d+: '([^']*)'"),
        "không hiểu thẻ {{% {0} %}}; chỉ dùng «Nếu có …», «Nếu không», «Hết điều kiện» ({{% if %}}, {{% else %}}, "
        "{{% endif %}}).",
    ),
    (
        re.compile(r"Unexpected end of expression in if tag"),
        "điều kiện «Nếu có …» ({{% if %}}) chưa ghi tên trường, ví dụ {{% if partner_name %}}.",
    ),
    (
        re.compile(r"Unused '([^']*)' at end of if expression"),
        "điều kiện «Nếu có …» ({{% if %}}) có phần thừa “{0}”: chỉ ghi một tên trường.",
    ),
    (
        re.compile(r"Not expecting '([^']*)' in this position in if tag"),
        "điều kiện «Nếu có …» ({{% if %}}) viết sai ở chỗ “{0}”: chỉ ghi một tên trường.",
    ),
    (
        re.compile(r"Could not parse the remainder: '([^']*)' from '([^']*)'"),
        "không hiểu được “{1}”: tên trường viết liền, không dấu, ví dụ {{{{ recipient_name }}}}.",
    ),
    (re.compile(r"Could not parse some characters: (.*)"), "không hiểu được “{0}”: tên trường viết liền, không dấu."),
    (re.compile(r"Invalid filter: '([^']*)'"), "bộ lọc “{0}” không tồn tại; hãy bỏ phần “|{0}”."),
    (re.compile(r"Empty variable tag on line \d+"), "có cặp {{{{ }}}} trống, chưa ghi tên trường."),
    (re.compile(r"Empty block tag on line \d+"), "có cặp {{% %}} trống."),
    (re.compile(r"'(\w+)' tag takes at least one argument"), "thẻ {{% {0} %}} thiếu tên trường."),
    (re.compile(r"'(\w+)' expected at least one variable assignment"), "thẻ {{% {0} %}} thiếu phần gán, ví dụ a=b."),
]
_LINE = re.compile(r"on line (\d+)")


@lru_cache(maxsize=1)
def _builtin_tags() -> frozenset[str]:
    # Tags Django would run ({% include %}, {% load %}, {% debug %} ...); a misspelt one gets the parser's message.
    return frozenset(name for library in Engine.get_default().template_builtins for name in library.tags)


def explain_template_error(message: str, line: int | None = None) -> str:
    """Django's English parser message, said in Vietnamese for the commune official, with the line."""
    if line is None and (found_line := _LINE.search(message)):
        line = int(found_line[1])
    where = f"Dòng {line}: " if line else ""
    for pattern, hint in _SYNTAX_HINTS:
        found = pattern.search(message)
        if found:
            text = hint.format(*found.groups())
            return f"Mẫu thư có lỗi. {where}{text[:1].upper()}{text[1:]}"
    if message.startswith("Mẫu thư"):
        return message
    return (
        f"Mẫu thư có lỗi. {where}Câu lệnh trong {{% %}} hoặc {{{{ }}}} viết chưa đúng; "
        "xem lại chỗ này hoặc chèn lại trường từ danh sách."
    )


def check_tags(body: str) -> None:
    unknown_tags = sorted({tag for tag in _TAG.findall(body) if tag in _builtin_tags() and tag not in ALLOWED_TAGS})
    if unknown_tags:
        listed = ", ".join(f"{{% {tag} %}}" for tag in unknown_tags)
        raise ValidationError(
            f"Mẫu thư chỉ dùng được các thẻ {{% if %}}, {{% with %}}, {{% firstof %}}; không dùng: {listed}."
        )
    filters = {name for chunk in _TAG_BODY.findall(body) for name in _FILTER.findall(chunk)}
    refused = sorted(filters - ALLOWED_FILTERS)
    if refused:
        raise ValidationError(
            "Mẫu thư chỉ dùng được các bộ lọc "
            + ", ".join(f"|{f}" for f in sorted(ALLOWED_FILTERS))
            + "; không dùng: "
            + ", ".join(f"|{f}" for f in refused)
            + "."
        )


def check_output(text: str) -> str:
    if len(text) > MAX_OUTPUT_CHARS:
        raise ValidationError(
            f"Mẫu thư tạo ra nội dung quá dài ({len(text) // 1000} nghìn ký tự, tối đa {MAX_OUTPUT_CHARS // 1000} "
            "nghìn): một thư chỉ nên dài khoảng một trang."
        )
    return text


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


# --- the friendly view: «Tên trường» instead of {{ name }} -------------------------------------------------

_VAR = re.compile(r"{{\s*(\w+)\s*}}")
_IF = re.compile(r"{%-?\s*if\s+(\w+)\s*-?%}")
_ELSE = re.compile(r"{%-?\s*else\s*-?%}")
_ENDIF = re.compile(r"{%-?\s*endif\s*-?%}")
_CHIP = re.compile(r"«([^«»\n]*)»")
IF_WORD, ELSE_WORD, ENDIF_WORD = "Nếu có", "Nếu không", "Hết điều kiện"


def to_friendly(source: str) -> str:
    """The wording with «Tên trường» for each known field and «Nếu có …» … «Hết điều kiện» for its conditions;
    anything else stays as written (the raw view shows it all)."""
    labels = texts.LABELS

    def var(m: re.Match[str]) -> str:
        return f"«{labels[m[1]]}»" if m[1] in labels else m[0]

    def cond(m: re.Match[str]) -> str:
        return f"«{IF_WORD} {labels[m[1]]}»" if m[1] in labels else m[0]

    text = _IF.sub(cond, _VAR.sub(var, source))
    return _ENDIF.sub(f"«{ENDIF_WORD}»", _ELSE.sub(f"«{ELSE_WORD}»", text))


def from_friendly(text: str) -> str:
    """Back to the template syntax; an unknown «…» is refused with its line."""
    names = {label.casefold(): name for name, label in texts.LABELS.items()}
    problems: list[str] = []

    def chip(m: re.Match[str]) -> str:
        words = " ".join(m[1].split())
        key = words.casefold()
        if key == ELSE_WORD.casefold():
            return "{% else %}"
        if key == ENDIF_WORD.casefold():
            return "{% endif %}"
        if key.startswith(IF_WORD.casefold() + " ") and key[len(IF_WORD) + 1 :] in names:
            return f"{{% if {names[key[len(IF_WORD) + 1 :]]} %}}"
        if key in names:
            return f"{{{{ {names[key]} }}}}"
        line = text.count("\n", 0, m.start()) + 1
        problems.append(f"Dòng {line}: «{words}» không phải tên trường nào; hãy chọn trường trong danh sách bên dưới.")
        return m[0]

    source = _CHIP.sub(chip, text)
    if problems:
        raise ValidationError(problems)
    return source


_OPEN_IF = re.compile(r"{%-?\s*if\b")


def unclosed_line(source: str) -> int | None:
    """The line of the last {% if %} of `source`: where an unclosed condition starts."""
    found = list(_OPEN_IF.finditer(source))
    return source.count("\n", 0, found[-1].start()) + 1 if found else None
