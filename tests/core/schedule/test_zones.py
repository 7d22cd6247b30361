"""kindness_core.schedule.zones: IANA zones and one local time typed by a person."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core.errors import (
    AmbiguousTimeError,
    KindnessInputError,
    NonexistentTimeError,
    RuleError,
    UnknownTimeZoneError,
)
from kindness_core.schedule.zones import (
    check_local_time,
    get_zone,
    localize,
    require_aware,
    require_date,
    require_naive,
    zone_names,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("name", ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"])
def test_get_zone_gives_the_zoneinfo(name: str) -> None:
    assert get_zone(name) == ZoneInfo(name)
    assert name in zone_names()


@pytest.mark.parametrize(
    "name",
    ["Mars/Olympus", "", " Europe/London", "Europe/London ", "localtime", "Factory",
     "../etc/passwd", "/usr/share/zoneinfo/UTC", "GMT+1:00"],
)  # fmt: skip
def test_unknown_zones_are_refused(name: str) -> None:
    with pytest.raises(UnknownTimeZoneError) as caught:
        get_zone(name)
    message = str(caught.value)
    assert "unknown time zone" in message
    assert "IANA" in message or "did you mean" in message
    # One hierarchy: a zone error is a rule error, an input error and a ValueError.
    assert isinstance(caught.value, RuleError)
    assert isinstance(caught.value, KindnessInputError)
    assert isinstance(caught.value, ValueError)


def test_a_wrongly_spelt_zone_gets_a_suggestion() -> None:
    with pytest.raises(UnknownTimeZoneError, match="did you mean 'Europe/London'") as caught:
        get_zone("europe/london")
    assert caught.value.suggestion == "Europe/London"
    with pytest.raises(UnknownTimeZoneError, match="did you mean 'America/New_York'"):
        get_zone("America/New York")


def test_a_zone_name_must_be_text() -> None:
    with pytest.raises(UnknownTimeZoneError):
        get_zone(None)  # type: ignore[arg-type]


# -- local times: the gap and the overlap ------------------------------------------


def test_spring_forward_gap_does_not_exist() -> None:
    # The clocks go from 01:00 GMT to 02:00 BST on the last Sunday of March.
    with pytest.raises(NonexistentTimeError, match="does not exist in Europe/London") as caught:
        check_local_time(dt.datetime(2023, 3, 26, 1, 30), "Europe/London")
    assert "choose a time outside the gap" in str(caught.value)
    with pytest.raises(NonexistentTimeError):
        localize(dt.datetime(2023, 3, 26, 1, 0), "Europe/London")
    with pytest.raises(NonexistentTimeError):
        localize(dt.datetime(2023, 3, 12, 2, 30), "America/New_York")


def test_autumn_overlap_is_ambiguous() -> None:
    # The clocks go from 02:00 BST back to 01:00 GMT on the last Sunday of October.
    with pytest.raises(AmbiguousTimeError, match="happens twice in Europe/London") as caught:
        check_local_time(dt.datetime(2023, 10, 29, 1, 30), "Europe/London")
    assert "outside the overlap" in str(caught.value)
    with pytest.raises(AmbiguousTimeError):
        localize(dt.datetime(2023, 11, 5, 1, 30), "America/New_York")


def test_fold_picks_one_of_the_two_instants_of_an_overlap() -> None:
    local = dt.datetime(2023, 10, 29, 1, 30)
    first = localize(local, "Europe/London", fold=0)
    second = localize(local, "Europe/London", fold=1)
    assert first.utcoffset() == dt.timedelta(hours=1)
    assert second.utcoffset() == dt.timedelta(0)
    assert second.astimezone(dt.UTC) - first.astimezone(dt.UTC) == dt.timedelta(hours=1)
    with pytest.raises(KindnessInputError, match="fold must be 0 or 1"):
        localize(local, "Europe/London", fold=2)
    # fold never rescues a time that does not exist
    with pytest.raises(NonexistentTimeError):
        localize(dt.datetime(2023, 3, 26, 1, 30), "Europe/London", fold=1)


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        (dt.datetime(2023, 3, 26, 0, 59), dt.timedelta(0)),
        (dt.datetime(2023, 3, 26, 2, 0), dt.timedelta(hours=1)),
        (dt.datetime(2023, 10, 29, 0, 59), dt.timedelta(hours=1)),
        (dt.datetime(2023, 10, 29, 2, 0), dt.timedelta(0)),
        (dt.datetime(2023, 7, 20, 18, 0), dt.timedelta(hours=1)),
        (dt.datetime(2024, 2, 15, 18, 0), dt.timedelta(0)),
    ],
)
def test_times_beside_the_changes_are_fine(local: dt.datetime, offset: dt.timedelta) -> None:
    check_local_time(local, "Europe/London")
    aware = localize(local, "Europe/London")
    assert aware.replace(tzinfo=None) == local
    assert aware.utcoffset() == offset


def test_localize_wants_a_naive_time() -> None:
    with pytest.raises(KindnessInputError, match="has a time zone"):
        localize(dt.datetime(2024, 1, 1, tzinfo=LONDON), "Europe/London")
    with pytest.raises(KindnessInputError, match="must be a date and time"):
        check_local_time(dt.date(2024, 1, 1), "Europe/London")  # type: ignore[arg-type]


def test_zone_with_no_changes_has_no_gap() -> None:
    check_local_time(dt.datetime(2023, 3, 26, 1, 30), "Asia/Kolkata")
    check_local_time(dt.datetime(2023, 3, 26, 1, 30), "UTC")


def test_require_helpers() -> None:
    aware = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert require_aware(aware, "x") is aware
    with pytest.raises(KindnessInputError, match="x must be an aware datetime"):
        require_aware(dt.datetime(2024, 1, 1), "x")
    with pytest.raises(KindnessInputError, match="x must be an aware datetime"):
        require_aware("2024-01-01", "x")
    assert require_naive(dt.datetime(2024, 1, 1), "y") == dt.datetime(2024, 1, 1)
    assert require_date(dt.date(2024, 1, 1), "z") == dt.date(2024, 1, 1)
    with pytest.raises(KindnessInputError, match="z must be a date"):
        require_date(dt.datetime(2024, 1, 1), "z")
