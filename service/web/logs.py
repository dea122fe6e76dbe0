"""Logging set-up: one JSON object per line, each carrying the request id when there is one."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from flask import g, has_request_context

HANDLER_NAME = "newsfacts"


class RequestIdFilter(logging.Filter):
    """Stamp every record logged during a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and has_request_context():
            record.request_id = g.get("request_id")
        return True


class JSONFormatter(logging.Formatter):
    """A record as one JSON line: time, level, logger, message, request id and any ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            line["request_id"] = record.request_id
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(*, level: str = "INFO", as_json: bool = True) -> None:
    """Send the service's logs (logger ``service``) to stderr; safe to call once per app."""
    logger = logging.getLogger("service")
    logger.setLevel(level.upper())
    handler = next((h for h in logger.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(HANDLER_NAME)
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    plain = logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s", defaults={"request_id": "-"}
    )
    handler.setFormatter(JSONFormatter() if as_json else plain)
