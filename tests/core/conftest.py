"""Fixtures of the core tests: one small series and its conversations, built alike.

``make_series(**changes)`` gives the Conversations for Kindness series (third
Thursday, 18:00 Europe/London, a description, a join URL and a page URL);
``conv(day, title=None, *, series=None, **fields)`` gives that series'
conversation on ``day``, at the series' time, keyed ``<series key>/YYYY-MM``.
The calendar, JSON-LD and calendar-link tests all build on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kindness_core import Conversation, Schedule, Series

__all__ = ["build_conversation", "build_series"]


def build_series(**changes: Any) -> Series:
    """The test series, with ``changes`` applied to its fields."""
    fields: dict[str, Any] = {
        "key": "conversations-for-kindness",
        "name": "Conversations for Kindness",
        "schedule": Schedule(
            rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Europe/London"
        ),
        "description": "Monthly conversations about kindness in healthcare.",
        "join_url": "https://example.org/join",
        "url": "https://example.org/conversations",
    }
    fields.update(changes)
    return Series(**fields)


_DEFAULT_SERIES = build_series()


def build_conversation(
    day: dt.date, title: str | None = None, *, series: Series | None = None, **fields: Any
) -> Conversation:
    """The conversation of ``series`` (by default the test series) on ``day``."""
    series = series or _DEFAULT_SERIES
    schedule = series.schedule
    return Conversation(
        key=series.conversation_key(day.year, day.month),
        start=dt.datetime.combine(day, schedule.time, tzinfo=schedule.zone),
        title=title,
        **fields,
    )


@pytest.fixture
def make_series() -> Callable[..., Series]:
    """:func:`build_series`: ``make_series(join_url=None)``."""
    return build_series


@pytest.fixture
def conv() -> Callable[..., Conversation]:
    """:func:`build_conversation`: ``conv(dt.date(2023, 6, 15), "Title", series=series)``."""
    return build_conversation
