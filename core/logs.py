"""Logs without private links: every log line the service writes or configures (the app's,
the development server's access log, gunicorn's access and error logs) passes one filter that
replaces anything shaped like a link token (43 URL-safe base64 characters, core.tokens) or a
token's hash (64 hex digits) with "[private link]".

Private links are capabilities: a log line holding one is a working key in the hands of
whoever reads the logs. Paths stay in the logs, so operators still see which page was asked
for; only the secret part goes.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[private link]"
_SECRET = re.compile(r"(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]{43}|[0-9a-fA-F]{64})(?![A-Za-z0-9_-])")
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def redact(text: str) -> str:
    return _SECRET.sub(REDACTED, text)


class RedactLinks(logging.Filter):
    """Rewrites a record's message (and its traceback) without link tokens. Never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler, as logging would
            return True
        clean = redact(message)
        if record.exc_info and not record.exc_text:
            # Formatters print exc_text when it is set: the traceback, without links.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        if clean != message:
            record.msg, record.args = clean, None
        return True


LINK_FILTER = RedactLinks()


def protect(logger: logging.Logger) -> None:
    """Put the filter on a logger (records logged to it) and on its handlers (records that
    reach them from other loggers)."""
    if LINK_FILTER not in logger.filters:
        logger.addFilter(LINK_FILTER)
    for handler in logger.handlers:
        if LINK_FILTER not in handler.filters:
            handler.addFilter(LINK_FILTER)


def init_logs(app: object | None = None) -> None:
    """Configure logging once per process: INFO to stderr, every handler filtered, and the
    loggers that write request lines (werkzeug's, gunicorn's) filtered themselves."""
    logging.basicConfig(level=logging.INFO, format=FORMAT)
    protect(logging.getLogger())
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        protect(logging.getLogger(name))
    flask_logger = getattr(app, "logger", None)
    if isinstance(flask_logger, logging.Logger):
        protect(flask_logger)
