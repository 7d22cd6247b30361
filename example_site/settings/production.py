"""Production: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL`` are required.

Run ``manage.py collectstatic`` on deploy; WhiteNoise serves the files.  The
site is meant to sit behind a proxy that terminates HTTPS and sets
``X-Forwarded-Proto``.  Every choice below is explained in docs/howto/deploy.md;
``manage.py check --deploy`` passes with no warning (tests/site/test_site_deploy.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ENV_ALLOWED_HOSTS, ENV_SECRET_KEY, SMTP_BACKEND, SMTP_OPTIONS, mail_settings
from .base import INSTALLED_APPS as BASE_APPS

DEBUG = False
if not ENV_SECRET_KEY:
    raise ImproperlyConfigured("set DJANGO_SECRET_KEY to a long random value")
if not ENV_ALLOWED_HOSTS:
    raise ImproperlyConfigured("set DJANGO_ALLOWED_HOSTS, e.g. kindness.example.org")
SECRET_KEY = ENV_SECRET_KEY
ALLOWED_HOSTS = ENV_ALLOWED_HOSTS
WAGTAILADMIN_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"

# HTTPS only: the proxy says which requests came over HTTPS; the others are redirected.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True

# HSTS for a year, subdomains included: the site has a host name of its own
# (kindness.example.org), so "subdomains" are only names below it.  Not preloaded:
# the preload list is for a whole registrable domain and hard to leave; the
# site's owner decides that for their domain, not the example site.
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = [
    # security.W021 (SECURE_HSTS_PRELOAD not set): deliberately off, see above.  2026-11-26.
    "security.W021",
]

# Cookies: only over HTTPS, not readable by scripts (the session), not sent on
# cross-site sub-requests.  The CSRF cookie stays readable (Django's default):
# making it HttpOnly adds nothing, as the token is in every form anyway.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
# Cross-origin requests carry the origin only (never the path), and nothing over
# plain HTTP.  Not "same-origin": the video players (YouTube) refuse to play in an
# iframe whose request has no Referer at all.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: SECURE_CSP from base.py (settings/csp.py).

# Mail by SMTP (the joining emails), to the server that EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS / EMAIL_USE_SSL name in the
# environment, from DEFAULT_FROM_EMAIL (base.py; docs/howto/let-people-join.md).
globals().update(mail_settings(SMTP_BACKEND, **SMTP_OPTIONS))

# An HTTP cache in front (Varnish or a CDN, docs/howto/http-cache.md): when
# KINDNESS_FRONTEND_CACHE_URL names it (e.g. http://127.0.0.1:6081, the address that
# accepts PURGE), Wagtail's frontend cache purges a page's addresses from it on
# publish, and the plugin those of every series that shows what changed.
# make loadtest-cache sets it (benchmarks/varnish/kindness.vcl).
FRONTEND_CACHE_URL = os.environ.get("KINDNESS_FRONTEND_CACHE_URL", "").strip()
if FRONTEND_CACHE_URL:
    INSTALLED_APPS = [*BASE_APPS, "wagtail.contrib.frontend_cache"]
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
