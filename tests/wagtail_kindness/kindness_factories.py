"""Helpers shared by the plugin tests (imported by name: tests/ is not a package path)."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable

from wagtail.models import Page

from wagtail_kindness.models import ConversationPage, ConversationPerson, ConversationSeriesPage


def count_queries(call: Callable[[], object], using: str = "default") -> int:
    """How many SQL queries ``call()`` makes on the ``using`` database."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connections[using]) as queries:
        call()
    return len(queries.captured_queries)


def make_series(home: Page, **fields) -> ConversationSeriesPage:
    """The series "Conversations for Kindness" at ``/conversations/`` below ``home``, published."""
    page = ConversationSeriesPage(
        **{
            "title": "Conversations for Kindness",
            "slug": "conversations",
            "intro": "<p>Every month community members come together.</p>",
            "joining": "<p>All are welcome.</p>",
            "contact": "<p>Contact us to join.</p>",
            "join_url": "https://example.org/join",
            **fields,
        }
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_document(title: str = "Insights February 2024", name: str = "insights-2024-02.pdf"):
    """A small PDF document, its ``file_size`` set as the admin's upload form sets it."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    content = b"%PDF-1.4 kindness" * 64
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=name), file_size=len(content)
    )


def closed_port() -> int:
    """A local TCP port nothing listens on (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memcached_down(port: int, **options) -> dict:
    """Django's pymemcache backend pointed at a closed port: every call fails.

    ``retry_attempts=0``: the client gives up on the server at once, so every
    call raises (no quiet retry window whose length would make tests flaky).
    """
    return {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": f"127.0.0.1:{port}",
        "OPTIONS": {"retry_attempts": 0, **options},
    }


def add_conversation(
    series: Page,
    day: dt.date,
    *,
    title: str = "",
    status: str = "held",
    people=(),
    resources=(),
    themes=(),
    live: bool = True,
    with_revision: bool = True,
    **fields,
) -> ConversationPage:
    """Create (and publish) a conversation page the way code would."""
    page = ConversationPage(
        conversation_title=title,
        date=day,
        status=status,
        resources=list(resources),
        live=live,
        **fields,
    )
    for speaker, role in people:
        page.people.add(ConversationPerson(speaker=speaker, role=role))
    series.add_child(instance=page)
    if themes:
        page.themes.add(*themes)
    if with_revision:
        revision = page.save_revision()
        if live:
            revision.publish()
    page.refresh_from_db()
    return page


def third_thursday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (3 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 14)


def series_form_data(**overrides) -> dict:
    """POST data of the series page's admin form."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    data = {
        "title": "Conversations for Kindness",
        "slug": "conversations",
        "intro": rich_text("<p>Every month community members come together.</p>"),
        "joining": rich_text("<p>All are welcome.</p>"),
        "contact": rich_text("<p>Contact us to join.</p>"),
        "join_url": "https://example.org/join",
        "join_mode": "link",
        "schedule_ordinal": "3",
        "schedule_weekday": "TH",
        "schedule_time": "18:00",
        "schedule_duration": "60",
        "schedule_timezone": "Europe/London",
        "schedule_rule": "",
        "schedule_start": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def conversation_form_data(
    day: dt.date | str,
    *,
    title: str = "",
    time: str = "18:00",
    status: str = "held",
    people=(),
    resources=(),
    body=(),
    themes: str = "",
    slug: str = "",
    **overrides,
) -> dict:
    """POST data of the conversation page's admin form.

    ``people`` is ``[(speaker, role), …]``; ``resources`` and ``body`` are
    ``[(block_type, value_dict), …]`` as for :func:`streamfield`.
    """
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "conversation_title": title,
        "date": str(day),
        "time": time,
        "status": status,
        "postponed_date": "",
        "postponed_time": "",
        "standfirst": f"About {title or day}.",
        "people": inline_formset(
            [{"speaker": str(speaker.pk), "role": role} for speaker, role in people]
        ),
        "body": streamfield(list(body)),
        "resources": streamfield(list(resources)),
        "themes": themes,
        "slug": slug,
    }
    data.update(overrides)
    return nested_form_data(data)
