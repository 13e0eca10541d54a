"""Django's {# #} comment is one line only: one spread over lines is printed on the page as text. Every template
uses {% comment %} for a comment of several lines."""

from __future__ import annotations

import re
from pathlib import Path

import thanthien

ROOT = Path(thanthien.__file__).resolve().parent
OPEN_WITHOUT_CLOSE = re.compile(r"\{#(?:(?!#\}).)*$", re.M)


def test_no_template_has_a_comment_over_several_lines() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in ROOT.glob("*/templates/**/*.html")
        for text in [path.read_text(encoding="utf-8")]
        for match in OPEN_WITHOUT_CLOSE.finditer(text)
    ]
    assert found == []
