"""XLSForm (the ODK / KoboToolbox convention) in and out: a `survey` sheet (type, name, label, required, relevant,
begin_group / end_group), a `choices` sheet (list_name, name, label, and our one extra column `satisfied`), a
`settings` sheet (form_title, form_id, version).

A workbook is read into its *source* (the rows of each sheet as dicts, what a version keeps and exports again) and
the source is checked into a `Form`: every problem is a Vietnamese sentence naming the sheet and the row as the
spreadsheet shows it. A staff edit changes the source and goes through the same check, so a form made on screen
exports to a workbook that pyxform converts like an imported one."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
SURVEY_COLUMNS = ("type", "name", "label", "required", "relevant")
CHOICE_COLUMNS = ("list_name", "name", "label", "satisfied")
SETTING_COLUMNS = ("form_title", "form_id", "version")
SIMPLE_TYPES = ("text", "integer", "note")
SELECT_TYPES = ("select_one", "select_multiple")
MAX_ROWS = 2_000
MAX_LABEL = 1000

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$")
# The one condition supported: ${question} = 'value' (single or double quotes).
_RELEVANT = re.compile(r"""^\s*\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}\s*=\s*(?:'([^']*)'|"([^"]*)")\s*$""")
_YES = {"yes", "true", "1", "có", "x"}
_NO = {"", "no", "false", "0", "không"}

Source = dict[str, Any]


class XLSFormError(ValueError):
    """The workbook cannot be read at all (not an .xlsx, no survey sheet)."""


@dataclass
class FormQuestion:
    order: int
    name: str
    type: str
    label: str
    required: bool = False
    relevant: str = ""
    relevant_name: str = ""
    relevant_value: str = ""
    group_name: str = ""
    group_label: str = ""
    list_name: str = ""
    is_scale: bool = False


@dataclass
class FormChoice:
    list_name: str
    order: int
    name: str
    label: str
    satisfied: bool


@dataclass
class Form:
    form_id: str = ""
    title: str = ""
    version: str = ""
    questions: list[FormQuestion] = field(default_factory=list)
    choices: list[FormChoice] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def nfc(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


# --- reading a workbook --------------------------------------------------------------------------------------------


def read_workbook(raw: bytes) -> Source:
    """The source of an .xlsx XLSForm: each sheet's non-empty rows as {column: text}, with `_rows` (the row numbers
    as the spreadsheet shows them, for the messages). Raises XLSFormError when it is no XLSForm at all."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise XLSFormError("Không đọc được tệp Excel (.xlsx). Hãy lưu biểu mẫu XLSForm dạng .xlsx.") from exc
    try:
        sheets = {nfc(ws.title).lower(): ws for ws in book.worksheets}
        if SURVEY not in sheets:
            raise XLSFormError("Tệp không có trang “survey” (danh sách câu hỏi) của biểu mẫu XLSForm.")
        source: Source = {"_rows": {}}
        for sheet in (SURVEY, CHOICES):
            rows, numbers = _sheet_rows(sheets[sheet]) if sheet in sheets else ([], [])
            source[sheet] = rows
            source["_rows"][sheet] = numbers
        settings_rows = _sheet_rows(sheets[SETTINGS])[0] if SETTINGS in sheets else []
        source[SETTINGS] = settings_rows[0] if settings_rows else {}
    finally:
        book.close()
    return source


def _sheet_rows(ws: Any) -> tuple[list[dict[str, str]], list[int]]:
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    header: list[str] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            raise XLSFormError(f"Trang “{ws.title}” có hơn {MAX_ROWS} dòng: biểu mẫu quá dài.")
        cells = [nfc(v) for v in values]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if not any(cells):
            continue
        rows.append({col: cells[i] for i, col in enumerate(header) if col and i < len(cells) and cells[i]})
        numbers.append(number)
    return rows, numbers


def digest(source: Source) -> str:
    """What a version is: its rows, without the version string (an unchanged form re-imported is the same)."""
    settings = {k: v for k, v in (source.get(SETTINGS) or {}).items() if k != "version"}
    body = {SURVEY: source.get(SURVEY, []), CHOICES: source.get(CHOICES, []), SETTINGS: settings}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def clean_source(source: Source) -> Source:
    """The source as a version keeps it (no row numbers)."""
    return {SURVEY: source.get(SURVEY, []), CHOICES: source.get(CHOICES, []), SETTINGS: source.get(SETTINGS, {})}


# --- checking ------------------------------------------------------------------------------------------------------


def _row_no(source: Source, sheet: str, index: int) -> int:
    numbers = (source.get("_rows") or {}).get(sheet) or []
    return int(numbers[index]) if index < len(numbers) else index + 2


def _label(row: dict[str, Any]) -> str:
    if row.get("label"):
        return nfc(row["label"])
    for key, value in row.items():
        if key.startswith("label::") and value:
            return nfc(value)
    return ""


def _flag(value: Any) -> bool | None:
    text = nfc(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def check(source: Source) -> Form:
    """Check a source into a Form; `form.errors` lists every problem (nothing is usable while any remains)."""
    form = Form()
    settings = source.get(SETTINGS) or {}
    form.form_id = nfc(settings.get("form_id"))
    form.title = nfc(settings.get("form_title"))
    form.version = nfc(settings.get("version"))[:60]
    if not form.form_id:
        form.errors.append("Trang settings: thiếu form_id (mã phiếu).")
    elif not _NAME.match(form.form_id):
        form.errors.append(
            f"Trang settings: form_id “{form.form_id}” chỉ được gồm chữ không dấu, số, “_”, “-”, “.” "
            "và bắt đầu bằng chữ."
        )
    if not form.title:
        form.errors.append("Trang settings: thiếu form_title (tên phiếu).")
    lists = _check_choices(source, form)
    _check_survey(source, form, lists)
    return form


def _check_choices(source: Source, form: Form) -> dict[str, dict[str, FormChoice]]:
    lists: dict[str, dict[str, FormChoice]] = {}
    for index, row in enumerate(source.get(CHOICES) or []):
        where = f"Trang choices, dòng {_row_no(source, CHOICES, index)}"
        list_name, name, label = nfc(row.get("list_name")), nfc(row.get("name")), _label(row)
        satisfied = _flag(row.get("satisfied"))
        problems = []
        if not list_name:
            problems.append("thiếu list_name (tên danh sách)")
        if not name:
            problems.append("thiếu name (mã lựa chọn)")
        elif " " in name:
            problems.append(f"mã lựa chọn “{name}” không được có dấu cách")
        if not label:
            problems.append("thiếu label (nội dung lựa chọn)")
        if satisfied is None:
            problems.append(f"cột satisfied ghi “{row.get('satisfied')}”: chỉ ghi yes hoặc để trống")
        if list_name and name and name in lists.get(list_name, {}):
            problems.append(f"lựa chọn “{name}” bị trùng trong danh sách “{list_name}”")
        if problems:
            form.errors.append(f"{where}: " + "; ".join(problems) + ".")
            continue
        choices = lists.setdefault(list_name, {})
        choice = FormChoice(list_name, len(choices) + 1, name, label[:500], bool(satisfied))
        choices[name] = choice
        form.choices.append(choice)
    return lists


def _check_survey(source: Source, form: Form, lists: dict[str, dict[str, FormChoice]]) -> None:
    seen: dict[str, FormQuestion] = {}
    group: tuple[str, str] | None = None
    group_row = 0
    groups: set[str] = set()
    for index, row in enumerate(source.get(SURVEY) or []):
        number = _row_no(source, SURVEY, index)
        where = f"Trang survey, dòng {number}"
        kind = " ".join(nfc(row.get("type")).split())
        name, label = nfc(row.get("name")), _label(row)
        if kind in ("begin_group", "begin group"):
            group = _begin_group(form, where, name, label, group, groups)
            group_row = number
            continue
        if kind in ("end_group", "end group"):
            if group is None:
                form.errors.append(f"{where}: end_group không có begin_group tương ứng.")
            group = None
            continue
        question = _question(form, where, row, kind, name, label, lists, seen)
        if question is None:
            continue
        question.group_name, question.group_label = group or ("", "")
        seen[name] = question
        form.questions.append(question)
    if group is not None:
        form.errors.append(f"Trang survey, dòng {group_row}: nhóm “{group[0]}” thiếu dòng end_group.")
    if not form.questions and not form.errors:
        form.errors.append("Trang survey: chưa có câu hỏi nào.")


def _begin_group(
    form: Form, where: str, name: str, label: str, current: tuple[str, str] | None, groups: set[str]
) -> tuple[str, str] | None:
    if current is not None:
        form.errors.append(f"{where}: nhóm lồng trong nhóm “{current[0]}” chưa được hỗ trợ; hãy đóng nhóm trước.")
        return current
    if not name or not _NAME.match(name):
        form.errors.append(f"{where}: nhóm cần name là chữ không dấu, số hoặc “_” (ví dụ tiep_can).")
        return ("", label)
    if name in groups:
        form.errors.append(f"{where}: tên nhóm “{name}” bị trùng.")
    if not label:
        form.errors.append(f"{where}: nhóm “{name}” thiếu label (tên khía cạnh).")
    groups.add(name)
    return (name, label[:300])


def _question(
    form: Form,
    where: str,
    row: dict[str, Any],
    kind: str,
    name: str,
    label: str,
    lists: dict[str, dict[str, FormChoice]],
    seen: dict[str, FormQuestion],
) -> FormQuestion | None:
    problems: list[str] = []
    base, _, list_name = kind.partition(" ")
    if base in SELECT_TYPES:
        if not list_name:
            problems.append(f"loại {base} cần tên danh sách lựa chọn (ví dụ “{base} muc_do”)")
        elif list_name not in lists:
            problems.append(f"danh sách lựa chọn “{list_name}” không có trên trang choices")
    elif kind not in SIMPLE_TYPES:
        shown = kind or "(trống)"
        problems.append(
            f"loại câu hỏi “{shown}” không được hỗ trợ (chỉ dùng select_one, select_multiple, text, integer, "
            "note, begin_group, end_group)"
        )
    if not name:
        problems.append("thiếu name (tên câu hỏi)")
    elif not _NAME.match(name):
        problems.append(f"tên câu hỏi “{name}” chỉ được gồm chữ không dấu, số, “_” và bắt đầu bằng chữ")
    elif name in seen:
        problems.append(f"tên câu hỏi “{name}” bị trùng với dòng trước")
    if not label:
        problems.append("thiếu label (nội dung câu hỏi)")
    elif len(label) > MAX_LABEL:
        problems.append(f"nội dung câu hỏi dài hơn {MAX_LABEL} ký tự")
    required = _flag(row.get("required"))
    if required is None:
        problems.append(f"cột required ghi “{row.get('required')}”: chỉ ghi yes hoặc để trống")
    relevant = nfc(row.get("relevant"))
    condition = _relevant(relevant, seen, lists, problems) if relevant else ("", "")
    if problems:
        form.errors.append(f"{where}: " + "; ".join(problems) + ".")
        return None
    scale = base == "select_one" and any(c.satisfied for c in lists[list_name].values())
    return FormQuestion(
        order=len(form.questions) + 1,
        name=name,
        type=base,
        label=label,
        required=bool(required) and base != "note",
        relevant=relevant,
        relevant_name=condition[0],
        relevant_value=condition[1],
        list_name=list_name,
        is_scale=scale,
    )


def _relevant(
    text: str, seen: dict[str, FormQuestion], lists: dict[str, dict[str, FormChoice]], problems: list[str]
) -> tuple[str, str]:
    match = _RELEVANT.match(text)
    if match is None:
        problems.append(f"điều kiện relevant “{text}” không được hỗ trợ: chỉ dùng dạng ${{ten_cau_hoi}} = 'gia_tri'")
        return ("", "")
    name, value = match.group(1), match.group(2) if match.group(2) is not None else match.group(3) or ""
    target = seen.get(name)
    if target is None:
        problems.append(f"điều kiện relevant nhắc đến câu hỏi “{name}” không có ở các dòng phía trên")
    elif target.type == "select_one" and value not in lists.get(target.list_name, {}):
        problems.append(f"điều kiện relevant: “{value}” không phải lựa chọn của câu hỏi “{name}”")
    elif target.type not in ("select_one", "text", "integer"):
        problems.append(f"điều kiện relevant chỉ dựa vào câu hỏi chọn một, chữ hoặc số, không dựa vào “{name}”")
    return (name, value)


# --- writing a workbook --------------------------------------------------------------------------------------------


def write_workbook(source: Source) -> bytes:
    """The .xlsx of a source: the three sheets with the columns the rows use, the usual ones first. Written by the
    one XLSX writer, so a label typed as "=…" stays text and is never stored as a formula."""
    from thanthien.documents.xlsx import Sheet, write_xlsx

    sheets: list[Sheet] = []
    for title, usual, rows in (
        (SURVEY, SURVEY_COLUMNS, source.get(SURVEY) or []),
        (CHOICES, CHOICE_COLUMNS, source.get(CHOICES) or []),
    ):
        columns = list(usual) + sorted({k for r in rows for k in r} - set(usual))
        sheets.append((title, columns, [[row.get(c, "") for c in columns] for row in rows]))
    settings = source.get(SETTINGS) or {}
    columns = list(SETTING_COLUMNS) + sorted(set(settings) - set(SETTING_COLUMNS))
    sheets.append((SETTINGS, columns, [[settings.get(c, "") for c in columns]]))
    return write_xlsx(sheets)
