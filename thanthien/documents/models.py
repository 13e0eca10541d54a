"""The one counter table behind every number the system issues (numbering.py)."""

from __future__ import annotations

from django.db import models


class NumberCounter(models.Model):
    """The last number issued in one series of one unit.

    `series` names what is counted and over which period: "dossier:H15.50.05.13-261008-|" (a dossier code prefix,
    so a daily pattern restarts every day), "letter:apology:2026", "document:TB:2026"."""

    unit = models.ForeignKey("org.Unit", models.CASCADE, related_name="+", verbose_name="đơn vị")
    series = models.CharField("dãy số", max_length=120)
    value = models.PositiveBigIntegerField("số cuối đã cấp", default=0)

    class Meta:
        verbose_name = "bộ đếm số"
        verbose_name_plural = "bộ đếm số"
        constraints = [models.UniqueConstraint(fields=["unit", "series"], name="number_counter_series")]

    def __str__(self) -> str:
        return f"{self.series}: {self.value}"
