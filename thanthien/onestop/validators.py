"""Applicant data checks with Vietnamese messages; each returns the normalised value or raises ValidationError.

The one CCCD and phone rule lives in thanthien.lib.vn (forms, the API and every importer use it); kept here
for the imports that name this module."""

from __future__ import annotations

from thanthien.lib.vn import clean_cccd, clean_phone

__all__ = ["clean_cccd", "clean_phone"]
