"""``DatabaseUnavailableMiddleware`` answers 503 only when the database cannot be reached.

The class: ``OperationalError`` raised by a database that is up and refuses
one query (a full-text search SQLite's FTS5 cannot parse, in every spelling
that reaches it; a table that does not exist) is left to Django, while the
outages (a database that cannot be opened, a lost connection, a lock that
outlasted the busy timeout) stay a 503 (``test_plugin_faults.py``).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError, OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from wagtail.models import Page

from wagtail_kindness.middleware import database_unavailable

MIDDLEWARE = "wagtail_kindness.middleware.DatabaseUnavailableMiddleware"

#: Searches SQLite's FTS5 cannot parse (wagtail/wagtail#13227) or that reach it oddly.
BAD_SEARCHES = ['"', 'kind"ness', '"""', 'a " b', "kindness AND", "NEAR(", "*", "^"]


class SearchEverything:
    """A site's own search, written as in Wagtail's starter project (no error handling)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/search/":
            query = request.GET.get("q", "")
            titles = [page.title for page in Page.objects.live().search(query)]
            return HttpResponse(", ".join(titles))
        return self.get_response(request)


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_SEARCHES)
def test_a_search_the_database_refuses_is_not_an_outage(series, query):
    stack = [MIDDLEWARE, f"{__name__}.SearchEverything", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=stack):
        response = Client(raise_request_exception=False).get("/search/", {"q": query})
    assert response.status_code != 503, query
    if response.status_code == 500:  # the site's view did not handle it: Django's 500
        assert "Temporarily unavailable" not in response.content.decode()


@pytest.mark.django_db
def test_the_reported_search_really_fails_on_sqlite(series):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite's FTS5 refuses an unbalanced double quote")
    with pytest.raises(OperationalError) as raised:
        list(Page.objects.live().search('"'))
    assert not database_unavailable(raised.value)


@pytest.mark.django_db
def test_a_missing_table_is_not_an_outage():
    with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")
    assert not database_unavailable(raised.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "message", ["database is locked", "database table is locked: wagtailcore_page"]
)
def test_a_lock_that_outlasted_the_timeout_is_an_outage(message):
    assert database_unavailable(OperationalError(message))


def test_other_errors_are_never_an_outage():
    assert not database_unavailable(ValueError("database is locked"))
