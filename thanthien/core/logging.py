"""Log filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """django.request logs every 4xx raised as an exception (PermissionDenied, Http404 …) with its traceback:
    each refused page would write thirty lines and bury the real 500s. A record with a status code below 500
    keeps its one line ("Forbidden (Permission denied): /thu/") and loses the traceback; 500s keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
