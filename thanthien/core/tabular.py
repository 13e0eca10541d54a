"""Moved to thanthien.lib (tabular reader) and thanthien.lib.importing (report types); kept for old imports."""

from thanthien.lib.importing import ImportReport, LineError
from thanthien.lib.tabular import TabularError, header_delimiter, read_rows, text

__all__ = ["ImportReport", "LineError", "TabularError", "header_delimiter", "read_rows", "text"]
