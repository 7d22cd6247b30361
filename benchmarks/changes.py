"""``make bench``: the first request after a publication, and conditional GETs.

``benchmarks/run.py`` measures every route warm (the median of repeated
requests) and some cold (every cache cleared before each request).  This
module measures what a site meets between the two:

* "first request after a publication": a conversation shown on the route is
  republished (its standfirst changed, ``save_revision().publish()``, not
  timed), then one request to the route is timed; repeated, the median;
* "conditional GET (304)": the request sent with ``If-None-Match`` set to the
  ETag of the previous response (the row says "no ETag" when the response
  has none, and "answered N, not 304" when the ETag is not honoured).
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlsplit

#: Routes measured after a publication (name in ``Data.urls()``).
AFTER_PUBLICATION = (
    "archive (first page)",
    "one year",
    "one speaker",
    "one theme",
    "conversation page",
    "calendar.ics",
)
#: Routes measured with ``If-None-Match``.
CONDITIONAL = ("archive (first page)", "conversation page", "calendar.ics")

AFTER = ", first request after a publication"
CONDITIONAL_SUFFIX = ", conditional GET (304)"


def drain(response) -> bytes:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
        response.close()
        return body
    return response.content


def candidates(data, name: str):
    """Conversations (newest first) that the route ``name`` may show."""
    from wagtail_kindness.models import ConversationPage

    pages = ConversationPage.objects.child_of(data.series)
    if name == "one year":
        pages = pages.filter(date__year=data.last_day.year - 1)
    elif name == "one speaker":
        pages = pages.filter(pk=data.middle().pk)
    elif name == "one theme":
        pages = pages.filter(themes__slug="theme-3")
    elif name in ("conversation page", "calendar.ics"):
        pages = pages.filter(pk=data.middle().pk)
    return pages.order_by("-date")


def shown_on(client, url: str, data, name: str):
    """A conversation shown on ``url`` (its address is in the page), else the first candidate."""
    body = drain(client.get(url)).decode("utf-8", "replace")
    first = None
    for page in candidates(data, name)[:60]:
        first = first or page
        if urlsplit(page.url).path in body:
            return page
    return first


def publish(page_id: int, counter: int) -> None:
    """Republish a conversation with a changed standfirst (as an editor would)."""
    from wagtail_kindness.models import ConversationPage

    page = ConversationPage.objects.get(pk=page_id)
    page.standfirst = f"What we learnt, revised ({counter})."
    page.save_revision().publish()


def after_publication(client, url: str, page_id: int, repeat: int) -> dict:
    """Median time and queries of the first request to ``url`` after each publication."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        drain(client.get(url))  # warm: only the publication invalidates
        publish(page_id, 0)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            body = drain(response)
        queries = len(captured.captured_queries)
        times = []
        for counter in range(1, repeat + 1):
            publish(page_id, counter)  # not timed
            began = time.perf_counter()
            drain(client.get(url))
            times.append(time.perf_counter() - began)
    except Exception as error:  # reported in the table, the run goes on
        return {"available": False, "status": f"error: {type(error).__name__}: {error}"[:80]}
    if response.status_code != 200:
        return {"available": False, "status": response.status_code}
    return {
        "available": True,
        "status": response.status_code,
        "median_ms": round(statistics.median(times) * 1000, 3),
        "queries": queries,
        "bytes": len(body),
        "repeat": repeat,
        "published": page_id,
    }


def conditional(client, url: str, repeat: int, measure) -> dict:
    """``measure(client, url, repeat, headers)`` with the ETag of the last response."""
    try:
        response = client.get(url)
        drain(response)
    except Exception as error:  # reported in the table, the run goes on
        return {"available": False, "status": f"error: {type(error).__name__}"}
    etag = response.headers.get("ETag")
    if not etag:
        return {"available": False, "status": "no ETag"}
    found = measure(client, url, repeat, {"If-None-Match": etag})
    if found.get("available") and found.get("status") != 304:
        return {"available": False, "status": f"answered {found['status']}, not 304"}
    return found


def measure_changes(client, data, urls: dict[str, str], repeat: int, after_repeat: int, measure):
    """The rows of this module for one N, keyed by their name in the table."""
    found = {}
    for name in AFTER_PUBLICATION:
        try:
            page = shown_on(client, urls[name], data, name)
        except Exception as error:  # reported in the table, the run goes on
            found[name + AFTER] = {"available": False, "status": f"error: {type(error).__name__}"}
            continue
        if page is None:
            found[name + AFTER] = {"available": False, "status": "no conversation shown"}
            continue
        found[name + AFTER] = after_publication(client, urls[name], page.pk, after_repeat)
    for name in CONDITIONAL:
        found[name + CONDITIONAL_SUFFIX] = conditional(client, urls[name], repeat, measure)
    return found
