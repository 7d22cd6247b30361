"""Settings of ``make lighthouse``: the example site's production settings, static in a temp dir.

``run.py`` sets ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``, ``DATABASE_URL`` and
``KINDNESS_LIGHTHOUSE_STATIC_ROOT`` (where ``collectstatic`` writes the hashed,
compressed files that WhiteNoise serves), so nothing is written into the checkout.
"""

import os
from pathlib import Path

from example_site.settings.production import *  # noqa: F403

STATIC_ROOT = Path(os.environ["KINDNESS_LIGHTHOUSE_STATIC_ROOT"])
# Lighthouse sends ``X-Forwarded-Proto: https`` with the page's requests, as the TLS
# proxy in front of a production site would, but not with the ones Chromium makes
# on its own (robots.txt): the http -> https redirect is the proxy's job here.
SECURE_SSL_REDIRECT = False
