"""The example site under test: a throw-away database from ``DATABASE_URL``, no DEBUG.

Static files are served by WhiteNoise straight from the apps (no collectstatic).
"""

from .base import *  # noqa: F403
from .base import EMAIL_FROM_ENVIRONMENT, SMTP_BACKEND, SMTP_OPTIONS, mail_settings

DEBUG = False
# bandit B105, accepted 2026-11-26: a tests-only key; production reads DJANGO_SECRET_KEY.
SECRET_KEY = "example-site-tests-only-not-secret"  # noqa: S105  # nosec B105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Mail stays in the process's memory, unless EMAIL_HOST names a server: the
# browser test of joining (tests/site/test_site_join_browser.py) runs one.
if EMAIL_FROM_ENVIRONMENT:
    globals().update(mail_settings(SMTP_BACKEND, **SMTP_OPTIONS))
else:
    globals().update(mail_settings("django.core.mail.backends.locmem.EmailBackend"))
