"""A plain "503 Service Unavailable" page when the database cannot be reached.

Add :class:`DatabaseUnavailableMiddleware` near the top of ``MIDDLEWARE``
(after ``SecurityMiddleware`` and WhiteNoise, before ``SessionMiddleware``)::

    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "wagtail_kindness.middleware.DatabaseUnavailableMiddleware",
        ...
    ]

When handling a request raises :class:`django.db.utils.OperationalError` or
:class:`~django.db.utils.InterfaceError` *because the database cannot be
reached* (the server is down, refuses the connection, the SQLite file cannot
be opened, the connection was lost, the database stayed locked), the visitor
gets a small page with status 503 and a ``Retry-After`` header instead of a
500 or a traceback, and the error is logged (logger
``wagtail_kindness.middleware``, with its traceback).

An ``OperationalError`` is also what a database says to a query it refuses
while it is up: a full-text search it cannot parse (SQLite's FTS5 and an
unbalanced ``"``), a missing table.  Those are not outages: after such an
error the middleware asks each database for ``SELECT 1``, and if they all
answer, the error is left to Django (the view should have handled it; see
:func:`database_unavailable`).  Every other error is left to Django too.

The page is the template :attr:`~DatabaseUnavailableMiddleware.template_name`
(``wagtail_kindness/503.html``), rendered without the request, so no context
processor runs and nothing touches the database.  Override the template, or
subclass the middleware and set ``template_name`` and ``retry_after``.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

__all__ = ["DATABASE_ERRORS", "DatabaseUnavailableMiddleware", "database_unavailable"]

logger = logging.getLogger(__name__)

#: The exceptions that mean "the database cannot be reached".
DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)

#: How SQLite says it stayed locked for its whole busy timeout (an outage for the visitor).
_LOCKED = ("database is locked", "database table is locked")


def database_unavailable(error: BaseException) -> bool:
    """True if ``error`` means a database cannot be reached, not that it refused one query.

    An ``InterfaceError`` or a lock that outlasted the busy timeout is an
    outage; any other ``OperationalError`` is one only if a database that the
    request used (or tried to) does not answer ``SELECT 1`` now.
    """
    if not isinstance(error, DATABASE_ERRORS):
        return False
    if isinstance(error, InterfaceError) or str(error).startswith(_LOCKED):
        return True
    for connection in connections.all(initialized_only=True):
        try:
            if connection.needs_rollback:
                continue  # inside a transaction that failed: it cannot be asked now
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception:
            return True
    return False


#: Set on a request whose handling raised one of :data:`DATABASE_ERRORS`
#: where ``process_exception`` does not see it (in another middleware).
_MARK = "_kindness_database_error"

_FALLBACK = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Service unavailable</title>"
    "</head><body><h1>Service unavailable</h1><p>Please try again in a few minutes.</p>"
    "</body></html>"
)


def _mark_database_error(sender, request=None, **kwargs) -> None:
    """``got_request_exception``: remember a database error on the request.

    Django turns an exception raised in a middleware into a 500 response before
    the middleware above it sees it; the signal is sent while the exception is
    being handled, so ``sys.exc_info()`` still names it.
    """
    error = sys.exc_info()[1]
    if request is not None and database_unavailable(error):
        setattr(request, _MARK, error)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page when the database is unavailable."""

    #: The page shown; rendered with no request, so it must not need one.
    template_name = "wagtail_kindness/503.html"
    #: Seconds a client is asked to wait (the ``Retry-After`` header).
    retry_after = 60

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(
            _mark_database_error, dispatch_uid="wagtail_kindness.database_unavailable"
        )

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS as error:  # with DEBUG_PROPAGATE_EXCEPTIONS
            if not database_unavailable(error):
                raise
            return self.unavailable(request, error)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code >= 500:
            return self.unavailable(request, error)
        return response

    def process_exception(self, request, exception):
        """Errors raised by the view or while rendering its template."""
        if database_unavailable(exception):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error: BaseException) -> HttpResponse:
        """The 503 response (and the log record) for ``error``."""
        logger.error(
            "Database unavailable while handling %s %s: %s",
            request.method,
            request.path,
            " ".join(str(error).split()) or type(error).__name__,
            exc_info=(type(error), error, error.__traceback__),
        )
        try:
            body = render_to_string(self.template_name, {"retry_after": self.retry_after})
        except Exception:  # a broken override must not turn the 503 into a 500
            logger.exception("wagtail_kindness: could not render %s", self.template_name)
            body = _FALLBACK
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
        response.headers["Retry-After"] = str(int(self.retry_after))
        response.headers["Cache-Control"] = "no-store"
        return response
