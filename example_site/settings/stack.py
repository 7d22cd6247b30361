"""The Wagtail stack the plugin runs in, shared by the example site and the plugin's tests.

``example_site/settings/base.py`` and ``tests/settings.py`` both start from
these lists and add their own apps around them.  This module is plain data: it
reads no environment and imports nothing, so ``tests/settings.py`` can use it
without the example site's dependencies (WhiteNoise, its database, its apps).
"""

from __future__ import annotations

# Wagtail and what it needs; the plugin (``wagtail_kindness``) goes before them,
# so that its templates win over Wagtail's.
WAGTAIL_APPS = [
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]

# Sessions, CSRF, log-in, messages and X-Frame-Options: what the Wagtail admin needs.
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def templates(*dirs: object) -> list[dict[str, object]]:
    """Django templates from ``dirs`` and then the apps, with Wagtail's context processors."""
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": list(dirs),
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.debug",
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ]
