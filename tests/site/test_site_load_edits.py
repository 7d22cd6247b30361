"""The example site under load while conversation pages are published and unpublished.

``example_site/loadcheck.py`` serves the site with gunicorn (2 workers) on
127.0.0.1: 32 readers request ``/``, ``/conversations/`` and
``calendar.ics`` for 30 s while an editor publishes or unpublishes a
conversation every second.  Every response must be a whole 200 (no 5xx, no
failed request), every edit must go through, and afterwards the archive
(every page, from every worker) and the calendar must show exactly what the
database holds.  Times are printed, never asserted.

SQLite (WAL) by default; the database ``DATABASE_URL`` names when it is
PostgreSQL (``.ci/postgres run -- make test-postgres``).  ``make test-load``.
"""

from __future__ import annotations

import pytest

from example_site.loadcheck import run

pytestmark = pytest.mark.load


def test_site_serves_whole_pages_and_the_final_archive_while_pages_are_edited():
    outcome = run(duration=30.0, readers=32, workers=2, interval=1.0)
    print(outcome.summary())
    assert outcome.ok, outcome.summary()
    assert outcome.statuses[200] == outcome.requests > 0
    assert outcome.edits["published"] > 0
    assert outcome.edits["unpublished"] > 0
    assert outcome.final
