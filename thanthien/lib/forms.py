"""What every staff form shares: fields in error say so to screen readers and point to their message."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class AccessibleErrorsMixin:
    """`mark_errors()` after validation: each field in error gets `is-invalid`, `aria-invalid` and an
    `aria-describedby` pointing at the message the template renders with the id `<field id>-err`."""

    def mark_errors(self) -> None:
        assert isinstance(self, forms.BaseForm)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.auto_id_for(name)}-err"

    def add_action_errors(self, exc: ValidationError) -> None:
        """An action's ValidationError beside the fields it names (the rest above the form)."""
        assert isinstance(self, forms.BaseForm)
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(name if name in self.fields else None, error)
        else:
            for error in exc.messages:
                self.add_error(None, error)

    def auto_id_for(self, name: str) -> str:
        assert isinstance(self, forms.BaseForm)
        return f"id_{self.add_prefix(name)}"
