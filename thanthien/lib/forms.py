"""What every staff form shares: fields in error say so to screen readers and point to their message."""

from __future__ import annotations

from django import forms


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

    def auto_id_for(self, name: str) -> str:
        assert isinstance(self, forms.BaseForm)
        return f"id_{self.add_prefix(name)}"
