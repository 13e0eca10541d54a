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


class ImportRun(models.Model):
    """One import of a file (thanthien.lib.importing): kept so that an import killed half-way is shown as
    interrupted, never as complete, and so that the upload page can list the recent runs."""

    class State(models.TextChoices):
        RUNNING = "running", "Đang nhập"
        INTERRUPTED = "interrupted", "Bị gián đoạn"
        DONE = "done", "Hoàn tất"

    kind = models.CharField(max_length=40)
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    digest = models.CharField(max_length=64, blank=True)  # SHA-256 of the file: the same file resumes a run
    state = models.CharField(max_length=12, choices=State.choices, default=State.RUNNING)
    rows_to_write = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    completed_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["kind", "unit", "-started_at"], name="core_importrun_recent")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
