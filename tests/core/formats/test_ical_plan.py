"""kindness_core.formats.ical_plan: which instance each conversation replaces."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core import Archive, Conversation, KindnessInputError, Schedule, Series, Status
from kindness_core.formats.ical_plan import plan_series

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
SERIES = Series(
    key="conversations-for-kindness",
    name="Conversations for Kindness",
    schedule=Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Europe/London"),
)


def at(y: int, m: int, d: int, h: int = 18, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=LONDON)


def conv(key: str, start: dt.datetime, **kw: object) -> Conversation:
    return Conversation(key=f"conversations-for-kindness/{key}", start=start, **kw)  # type: ignore[arg-type]


def test_plan_of_a_small_archive() -> None:
    archive = Archive(
        series=SERIES,
        conversations=(
            conv("2023-01", at(2023, 1, 19)),
            conv("2023-02", at(2023, 2, 16), status=Status.CANCELLED),
            conv("2023-03", at(2023, 3, 23), previous_start=at(2023, 3, 16)),
            conv("2023-05", at(2023, 5, 18)),
            conv("2023-05-extra", at(2023, 5, 25)),
        ),
    )
    plan = plan_series(archive, now=NOW)
    assert plan.dtstart == at(2023, 1, 19)
    assert plan.end == at(2023, 1, 19, 19)
    assert plan.until is None
    # April unrecorded; February cancelled is an override (written STATUS:CANCELLED).
    assert plan.exdates == (at(2023, 4, 20),)
    assert plan.rdates == (at(2023, 5, 25),)
    assert [(o.recurrence_id, o.start, o.conversation.key) for o in plan.overrides] == [
        (at(2023, 1, 19), at(2023, 1, 19), "conversations-for-kindness/2023-01"),
        (at(2023, 2, 16), at(2023, 2, 16), "conversations-for-kindness/2023-02"),
        (at(2023, 3, 16), at(2023, 3, 23), "conversations-for-kindness/2023-03"),
        (at(2023, 5, 18), at(2023, 5, 18), "conversations-for-kindness/2023-05"),
        (at(2023, 5, 25), at(2023, 5, 25), "conversations-for-kindness/2023-05-extra"),
    ]
    assert plan.separate == ()


def test_two_conversations_at_one_time_are_kept_apart() -> None:
    archive = Archive(
        series=SERIES,
        conversations=(
            conv("2023-01", at(2023, 1, 19)),
            conv("2023-01-b", at(2023, 1, 19)),
        ),
    )
    plan = plan_series(archive, now=NOW)
    assert [o.conversation.key for o in plan.overrides] == ["conversations-for-kindness/2023-01"]
    assert [c.key for c in plan.separate] == ["conversations-for-kindness/2023-01-b"]


def test_until_cuts_the_rule_and_drops_later_records() -> None:
    archive = Archive(
        series=SERIES,
        conversations=(conv("2023-01", at(2023, 1, 19)), conv("2023-06", at(2023, 6, 15))),
    )
    plan = plan_series(archive, now=NOW, until=dt.date(2023, 3, 31))
    assert plan.until == dt.datetime(2023, 3, 31, 22, 59, 59, tzinfo=dt.UTC)  # 23:59:59 BST
    assert plan.until_local == dt.datetime(2023, 3, 31, 23, 59, 59, tzinfo=LONDON)
    assert [o.conversation.key for o in plan.overrides] == ["conversations-for-kindness/2023-01"]


def test_start_given_in_another_zone_is_planned_in_the_series_zone() -> None:
    utc = conv("2023-06", dt.datetime(2023, 6, 15, 17, tzinfo=dt.UTC))
    plan = plan_series(Archive(series=SERIES, conversations=(utc,)), now=NOW)
    assert plan.overrides[0].recurrence_id == at(2023, 6, 15)
    assert plan.overrides[0].start.tzinfo == LONDON


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"now": dt.datetime(2024, 1, 1)}, "aware"),
        ({"now": NOW, "until": dt.datetime(2024, 1, 1)}, "until"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(KindnessInputError, match=message):
        plan_series(Archive(series=SERIES), **kwargs)  # type: ignore[arg-type]
