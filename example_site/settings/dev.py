"""Local development: ``make run``.  Never use these settings on a public server."""

from .base import *  # noqa: F403

DEBUG = True
# bandit B105, accepted 2026-11-26: a development-only key; production reads DJANGO_SECRET_KEY.
SECRET_KEY = "example-site-development-only-not-secret"  # noqa: S105  # nosec B105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Django's debug error page has inline styles: in development the policy
# (settings/csp.py) is report-only, so violations show in the browser's console.
SECURE_CSP_REPORT_ONLY = SECURE_CSP  # noqa: F405
SECURE_CSP: dict[str, list[str]] = {}
# make run: every mail (the joining emails: confirm, joining link, reminders) is
# printed on the console, where runserver runs; nothing is sent.
globals().update(mail_settings("django.core.mail.backends.console.EmailBackend"))  # noqa: F405
