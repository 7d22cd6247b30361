"""The example site's search: public pages only; any query gives a normal page.

Run inside the site (``manage.py shell`` on a copy of the demo database, its
``test`` settings with ``DatabaseUnavailableMiddleware``): searches the
database's full-text engine cannot read (quotes, operators, symbols), empty
and huge ones, a null character; then a conversation whose series is
unpublished must not be found, and is found again once the series is live.
"""

from __future__ import annotations

import json
import shutil

import pytest

from example_site.demo_server import manage

QUERIES = [
    "kindness",
    '"',
    'kind"ness',
    '"""',
    "NEAR(",
    "AND",
    "*",
    "^",
    "-",
    "\x00",
    "x" * 5000,
    "",
]

SCRIPT = """
import json
from django.test import Client
from wagtail.models import Page
from wagtail_kindness.models import ConversationSeriesPage
client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
out = {"queries": {}}
for query in json.loads(QUERIES):
    response = client.get("/search/", {"q": query})
    out["queries"][query[:20]] = [response.status_code, response.content.decode()]
series = ConversationSeriesPage.objects.get()
series.unpublish()
out["unpublished"] = client.get("/search/", {"q": "Hesham"}).content.decode()
series.refresh_from_db()
series.save_revision().publish()
out["republished"] = client.get("/search/", {"q": "Hesham"}).content.decode()
print("JSON" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def searched(demo_database, tmp_path_factory):
    db = tmp_path_factory.mktemp("search") / "db.sqlite3"
    shutil.copy(demo_database, db)
    code = SCRIPT.replace("json.loads(QUERIES)", f"json.loads({json.dumps(json.dumps(QUERIES))})")
    output = manage(db, "shell", "-c", code)
    return json.loads(output.split("JSON", 1)[1])


@pytest.mark.parametrize("query", QUERIES)
def test_every_query_gives_a_normal_page(searched, query):
    status, html = searched["queries"][query[:20]]
    assert status == 200, query
    assert "Temporarily unavailable" not in html
    assert "<h1>Search</h1>" in html


def test_a_search_the_database_cannot_read_says_so(searched):
    _status, html = searched["queries"]['"']
    assert "could not be read" in html


def test_a_word_finds_the_conversations(searched):
    _status, html = searched["queries"]["kindness"]
    assert "results" in html


def test_a_conversation_of_an_unpublished_series_is_not_found(searched):
    assert "Nothing found." in searched["unpublished"]
    assert "Nothing found." not in searched["republished"]
