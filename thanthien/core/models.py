from __future__ import annotations

from django.db import models


class SweepRun(models.Model):
    """When each periodic sweep last ran; the claim lets several processes share one schedule."""

    name = models.CharField(max_length=80, unique=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.IntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name
