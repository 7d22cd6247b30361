"""The example site under test: a throw-away database from ``DATABASE_URL``, no DEBUG.

Static files are served by WhiteNoise straight from the apps (no collectstatic).
"""

from .base import *  # noqa: F403

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
