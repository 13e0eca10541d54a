"""`manage.py check --deploy` warns when printed Vietnamese would come out with missing letters."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

from .pdf import check_fonts


@register(Tags.compatibility, deploy=True)
def fonts_cover_vietnamese(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        CheckWarning(problem, hint="apt-get install fonts-liberation2", id=f"documents.W{i:03d}")
        for i, problem in enumerate(check_fonts(), start=1)
    ]
