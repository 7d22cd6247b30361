"""Dates, times and zones in a locale's words (``kindness_core.schedule.dates``).

English keeps the house forms, built from CLDR's names (checked against the
old hand-written tables for every day of a year and every minute of a day);
French, Spanish, Welsh, Japanese and Arabic get CLDR's forms.  Times are the
zone's wall clock on both sides of the March and October changes, in three
zones whose changes fall on different days.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import kindness_core
from kindness_core.errors import KindnessInputError
from kindness_core.schedule.dates import (
    DEFAULT_LOCALE,
    check_locale,
    format_clock,
    format_day,
    format_month,
    format_when,
    format_zone,
    is_english,
    locale_name,
)
from kindness_core.schedule.description import format_time
from kindness_core.schedule.rules import DAY_NAMES, MONTH_NAMES
from kindness_core.schedule.zone_phrases import zone_label

THURSDAY = dt.date(2026, 12, 17)
UTC = dt.UTC


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr", "fr"),
        ("pt-br", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt_BR", "pt_BR"),
        ("en-us", "en_US"),
        ("EN-GB", "en_GB"),
        ("zh-hans", "zh_Hans"),
        ("zh-hant-tw", "zh_Hant_TW"),
        ("sr-latn", "sr_Latn"),
        ("es-419", "es_419"),
        ("cy", "cy"),
        ("  de  ", "de"),
        ("fr-xx", "fr"),  # a region Babel has no data for: the language
        ("de-CH-1996", "de_CH"),
        ("fr-FR-u-ca-gregory", "fr"),  # an extension Babel cannot read: the language
        ("xx", DEFAULT_LOCALE),
        ("x-klingon", DEFAULT_LOCALE),
        ("i-klingon", DEFAULT_LOCALE),
        ("tlh", DEFAULT_LOCALE),
        ("", DEFAULT_LOCALE),
        ("   ", DEFAULT_LOCALE),
        ("-", DEFAULT_LOCALE),
        ("__", DEFAULT_LOCALE),
        (None, DEFAULT_LOCALE),
    ],
)
def test_locale_name(tag: str | None, expected: str) -> None:
    assert locale_name(tag) == expected


@pytest.mark.parametrize("odd", [3, b"fr", "é" * 300, "fr\x00", "../../etc/passwd", "fr;en"])
def test_locale_name_never_raises(odd: object) -> None:
    assert isinstance(locale_name(odd), str)  # type: ignore[arg-type]


def test_locale_name_is_cached() -> None:
    locale_name.cache_clear()
    locale_name("pt-br")
    locale_name("pt-br")
    assert locale_name.cache_info().hits >= 1


@pytest.mark.parametrize(("tag", "expected"), [("fr", "fr"), ("pt-BR", "pt_BR"), ("es", "es"),
                                                ("en", "en"), ("fr-xx", "fr")])  # fmt: skip
def test_check_locale(tag: str, expected: str) -> None:
    assert check_locale(tag) == expected


@pytest.mark.parametrize("tag", ["xx", "", "  ", "x-klingon", "tlh"])
def test_check_locale_refuses_what_babel_does_not_know(tag: str) -> None:
    message = r"unknown locale .*: give a language code such as en, fr or pt-BR"
    with pytest.raises(KindnessInputError, match=message):
        check_locale(tag)


@pytest.mark.parametrize(("tag", "expected"), [("en", True), ("en_GB", True), ("en-us", True),
                                                ("en_AU", True), ("fr", False), ("es", False),
                                                ("cy", False), ("xx", True)])  # fmt: skip
def test_is_english(tag: str, expected: bool) -> None:
    assert is_english(tag) is expected


# -- days and months -----------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "full", "no_year"),
    [
        ("en_GB", "Thursday 17 December 2026", "Thursday 17 December"),
        ("en_US", "Thursday 17 December 2026", "Thursday 17 December"),
        ("fr", "jeudi 17 décembre 2026", "jeudi 17 décembre"),
        ("es", "jueves, 17 de diciembre de 2026", "jueves, 17 de diciembre"),
        ("cy", "Dydd Iau, 17 Rhagfyr 2026", "Dydd Iau, 17 Rhagfyr"),
        ("ja", "2026年12月17日木曜日", "12月17日木曜日"),
        ("ar", "الخميس، 17 ديسمبر 2026", "الخميس، 17 ديسمبر"),
        ("de", "Donnerstag, 17. Dezember 2026", "Donnerstag, 17. Dezember"),
    ],
)
def test_format_day(locale: str, full: str, no_year: str) -> None:
    assert format_day(THURSDAY, locale) == full
    assert format_day(THURSDAY, locale, year=False) == no_year


def test_format_day_defaults_to_british_english() -> None:
    assert format_day(dt.date(2027, 1, 21)) == "Thursday 21 January 2027"


@pytest.mark.parametrize("locale", ["en_GB", "en_US", "en"])
def test_english_days_are_the_house_form_all_year(locale: str) -> None:
    day = dt.date(2028, 1, 1)  # a leap year
    while day.year == 2028:
        house = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
        assert format_day(day, locale) == house
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("locale", ["fr", "es", "cy", "pt_BR", "it"])
def test_days_without_year_keep_the_full_weekday(locale: str) -> None:
    """CLDR's "MMMMEEEEd" often matches an abbreviated pattern: it is widened back."""
    from babel.dates import get_day_names, get_month_names

    for offset in range(7):
        day = THURSDAY + dt.timedelta(days=offset)
        text = format_day(day, locale, year=False)
        assert str(get_day_names("wide", locale=locale)[day.weekday()]).lower() in text.lower()
        assert str(get_month_names("wide", locale=locale)[day.month]) in text
        assert "2026" not in text


@pytest.mark.parametrize(
    ("locale", "plain", "title"),
    [
        ("en_GB", "July 2022", "July 2022"),
        ("en_US", "July 2022", "July 2022"),
        ("fr", "juillet 2022", "Juillet 2022"),
        ("es", "julio de 2022", "Julio de 2022"),
        ("cy", "Gorffennaf 2022", "Gorffennaf 2022"),
        ("ja", "2022年7月", "2022年7月"),
        ("ar", "يوليو 2022", "يوليو 2022"),
    ],
)
def test_format_month(locale: str, plain: str, title: str) -> None:
    assert format_month(dt.date(2022, 7, 14), locale) == plain
    assert format_month(dt.date(2022, 7, 14), locale, title=True) == title


def test_english_months_are_the_house_form() -> None:
    for month in range(1, 13):
        day = dt.date(2023, month, 1)
        assert format_month(day) == f"{MONTH_NAMES[month - 1]} 2023"


# -- clocks ---------------------------------------------------------------------


def _house_clock(value: dt.time) -> str:
    """The English clock as it was written by hand before Babel."""
    hour = value.hour % 12 or 12
    seconds = f":{value.second:02d}" if value.second else ""
    return f"{hour}:{value.minute:02d}{seconds}{'am' if value.hour < 12 else 'pm'}"


def test_english_clock_is_unchanged_every_minute() -> None:
    for minute in range(24 * 60):
        value = dt.time(minute // 60, minute % 60)
        assert format_clock(value) == format_time(value) == _house_clock(value)
        assert format_clock(value, "en_US") == _house_clock(value)


@pytest.mark.parametrize(
    ("value", "english"),
    [(dt.time(18), "6:00pm"), (dt.time(12, 30), "12:30pm"), (dt.time(9, 5), "9:05am"),
     (dt.time(0, 0), "12:00am"), (dt.time(9, 5, 30), "9:05:30am")],
)  # fmt: skip
def test_english_clock(value: dt.time, english: str) -> None:
    assert format_clock(value, "en_GB") == english


@pytest.mark.parametrize(
    ("locale", "evening", "with_seconds"),
    [
        ("fr", "18:00", "09:05:30"),
        ("es", "18:00", "9:05:30"),
        ("cy", "18:00", "09:05:30"),
        ("ja", "18:00", "9:05:30"),
        ("ar", "6:00 م", "9:05:30 ص"),
        ("de", "18:00", "09:05:30"),
    ],
)
def test_format_clock(locale: str, evening: str, with_seconds: str) -> None:
    assert format_clock(dt.time(18), locale) == evening
    assert format_clock(dt.time(9, 5, 30), locale) == with_seconds


def test_an_aware_time_is_shown_as_given() -> None:
    value = dt.time(18, tzinfo=ZoneInfo("America/New_York"))
    assert format_clock(value, "fr") == "18:00"


# -- zones --------------------------------------------------------------------


ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo"]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr", ["heure : Royaume-Uni", "heure : France", "heure : États-Unis (New York)",
                "heure : Japon"]),
        ("es", ["hora de Reino Unido", "hora de Francia", "hora de Estados Unidos (Nueva York)",
                "hora de Japón"]),
        ("cy", ["Amser Y Deyrnas Unedig", "Amser Ffrainc",
                "Amser Yr Unol Daleithiau (Efrog Newydd)", "Amser Japan"]),
        ("ja", ["イギリス時間", "フランス時間", "アメリカ合衆国（ニューヨーク）時間", "日本時間"]),  # noqa: RUF001
        ("ar", ["توقيت المملكة المتحدة", "توقيت فرنسا", "توقيت الولايات المتحدة (نيويورك)",
                "توقيت اليابان"]),
    ],
)  # fmt: skip
def test_format_zone(locale: str, expected: list[str]) -> None:
    assert [format_zone(zone, locale) for zone in ZONES] == expected


@pytest.mark.parametrize(
    "zone", [*ZONES, "UTC", "Etc/GMT-2", "America/Sao_Paulo", "Asia/Kolkata", "Banana/Land"]
)
def test_english_zones_keep_their_labels(zone: str) -> None:
    assert format_zone(zone) == format_zone(zone, "en_US") == zone_label(zone)


@pytest.mark.parametrize(
    ("zone", "fr", "es"),
    [
        ("UTC", "UTC", "UTC"),
        ("Etc/UTC", "UTC", "UTC"),
        ("Etc/GMT", "UTC", "UTC"),
        ("Etc/GMT-2", "UTC+02:00", "GMT+02:00"),
        ("Etc/GMT+5", "UTC-05:00", "GMT-05:00"),
        ("EST5EDT", "EST5EDT", "EST5EDT"),  # no country, not fixed: its name
        ("Banana/Land", "Banana/Land", "Banana/Land"),  # not a zone at all
        ("", "", ""),
    ],
)
def test_zones_of_no_country_never_raise(zone: str, fr: str, es: str) -> None:
    assert format_zone(zone, "fr") == fr
    assert format_zone(zone, "es") == es


def test_old_zone_names_are_read_as_their_country() -> None:
    assert format_zone("Asia/Calcutta", "fr") == format_zone("Asia/Kolkata", "fr") == "heure : Inde"
    assert format_zone("Europe/Kiev", "es") == format_zone("Europe/Kyiv", "es")


# -- a moment in a zone ---------------------------------------------------------


def test_format_when_in_each_locale() -> None:
    moment = dt.datetime(2026, 12, 17, 18, tzinfo=UTC)
    assert format_when(moment, "Europe/London") == "Thursday 17 December 2026, 6:00pm UK time"
    assert format_when(moment, "Europe/London", "fr") == (
        "jeudi 17 décembre 2026, 18:00, heure : Royaume-Uni"
    )
    assert format_when(moment, "Europe/London", "es") == (
        "jueves, 17 de diciembre de 2026, 18:00, hora de Reino Unido"
    )
    assert format_when(moment, "Europe/London", "ja") == "2026年12月17日木曜日 18:00, イギリス時間"
    assert format_when(moment, "Europe/London", "ar") == (
        "الخميس، 17 ديسمبر 2026، 6:00 م، توقيت المملكة المتحدة"
    )


def test_format_when_crosses_the_date_line() -> None:
    moment = dt.datetime(2026, 12, 17, 23, 30, tzinfo=UTC)
    assert (
        format_when(moment, "Asia/Tokyo", "fr") == "vendredi 18 décembre 2026, 08:30, heure : Japon"
    )
    assert format_when(moment, "America/New_York", "es") == (
        "jueves, 17 de diciembre de 2026, 18:30, hora de Estados Unidos (Nueva York)"
    )


# The same UTC instant either side of each change: the wall clock moves by an hour.
# 2026: Europe changes on 29 March and 25 October, the US on 8 March and 1 November.
DST_CASES = [
    # zone, instant (UTC), English, French, Spanish
    ("Europe/London", dt.datetime(2026, 3, 28, 17, tzinfo=UTC),
     "Saturday 28 March 2026, 5:00pm UK time",
     "samedi 28 mars 2026, 17:00, heure : Royaume-Uni",
     "sábado, 28 de marzo de 2026, 17:00, hora de Reino Unido"),
    ("Europe/London", dt.datetime(2026, 3, 29, 17, tzinfo=UTC),
     "Sunday 29 March 2026, 6:00pm UK time",
     "dimanche 29 mars 2026, 18:00, heure : Royaume-Uni",
     "domingo, 29 de marzo de 2026, 18:00, hora de Reino Unido"),
    ("Europe/London", dt.datetime(2026, 10, 24, 17, tzinfo=UTC),
     "Saturday 24 October 2026, 6:00pm UK time",
     "samedi 24 octobre 2026, 18:00, heure : Royaume-Uni",
     "sábado, 24 de octubre de 2026, 18:00, hora de Reino Unido"),
    ("Europe/London", dt.datetime(2026, 10, 25, 17, tzinfo=UTC),
     "Sunday 25 October 2026, 5:00pm UK time",
     "dimanche 25 octobre 2026, 17:00, heure : Royaume-Uni",
     "domingo, 25 de octubre de 2026, 17:00, hora de Reino Unido"),
    ("Europe/Paris", dt.datetime(2026, 3, 28, 17, tzinfo=UTC),
     "Saturday 28 March 2026, 6:00pm Europe/Paris time",
     "samedi 28 mars 2026, 18:00, heure : France",
     "sábado, 28 de marzo de 2026, 18:00, hora de Francia"),
    ("Europe/Paris", dt.datetime(2026, 3, 29, 17, tzinfo=UTC),
     "Sunday 29 March 2026, 7:00pm Europe/Paris time",
     "dimanche 29 mars 2026, 19:00, heure : France",
     "domingo, 29 de marzo de 2026, 19:00, hora de Francia"),
    ("Europe/Paris", dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST
     "Sunday 25 October 2026, 2:30am Europe/Paris time",
     "dimanche 25 octobre 2026, 02:30, heure : France",
     "domingo, 25 de octubre de 2026, 2:30, hora de Francia"),
    ("Europe/Paris", dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 CET, again
     "Sunday 25 October 2026, 2:30am Europe/Paris time",
     "dimanche 25 octobre 2026, 02:30, heure : France",
     "domingo, 25 de octubre de 2026, 2:30, hora de Francia"),
    ("America/New_York", dt.datetime(2026, 3, 7, 18, tzinfo=UTC),
     "Saturday 7 March 2026, 1:00pm America/New_York time",
     "samedi 7 mars 2026, 13:00, heure : États-Unis (New York)",
     "sábado, 7 de marzo de 2026, 13:00, hora de Estados Unidos (Nueva York)"),
    ("America/New_York", dt.datetime(2026, 3, 8, 18, tzinfo=UTC),
     "Sunday 8 March 2026, 2:00pm America/New_York time",
     "dimanche 8 mars 2026, 14:00, heure : États-Unis (New York)",
     "domingo, 8 de marzo de 2026, 14:00, hora de Estados Unidos (Nueva York)"),
    ("America/New_York", dt.datetime(2026, 3, 28, 17, tzinfo=UTC),  # US already moved
     "Saturday 28 March 2026, 1:00pm America/New_York time",
     "samedi 28 mars 2026, 13:00, heure : États-Unis (New York)",
     "sábado, 28 de marzo de 2026, 13:00, hora de Estados Unidos (Nueva York)"),
    ("America/New_York", dt.datetime(2026, 10, 31, 17, tzinfo=UTC),  # Europe moved, US not
     "Saturday 31 October 2026, 1:00pm America/New_York time",
     "samedi 31 octobre 2026, 13:00, heure : États-Unis (New York)",
     "sábado, 31 de octubre de 2026, 13:00, hora de Estados Unidos (Nueva York)"),
    ("America/New_York", dt.datetime(2026, 11, 1, 17, tzinfo=UTC),
     "Sunday 1 November 2026, 12:00pm America/New_York time",
     "dimanche 1 novembre 2026, 12:00, heure : États-Unis (New York)",
     "domingo, 1 de noviembre de 2026, 12:00, hora de Estados Unidos (Nueva York)"),
]  # fmt: skip


@pytest.mark.parametrize(("zone", "moment", "english", "french", "spanish"), DST_CASES)
def test_format_when_across_the_clock_changes(
    zone: str, moment: dt.datetime, english: str, french: str, spanish: str
) -> None:
    assert format_when(moment, zone) == english
    assert format_when(moment, zone, "fr") == french
    assert format_when(moment, zone, "es") == spanish
    # The instant given in another zone says the same.
    assert format_when(moment.astimezone(ZoneInfo("Asia/Tokyo")), zone, "fr") == french


def test_format_when_wants_an_aware_moment() -> None:
    with pytest.raises(KindnessInputError, match="aware"):
        format_when(dt.datetime(2026, 12, 17, 18), "Europe/London", "fr")


def test_format_when_wants_a_zone_it_knows() -> None:
    with pytest.raises(KindnessInputError, match="Banana/Land"):
        format_when(dt.datetime(2026, 12, 17, 18, tzinfo=UTC), "Banana/Land", "fr")


def test_exported_from_the_package() -> None:
    for name in ("DEFAULT_LOCALE", "locale_name", "check_locale", "is_english", "format_day",
                 "format_month", "format_clock", "format_zone", "format_when"):  # fmt: skip
        assert name in kindness_core.__all__
        assert getattr(kindness_core, name) is not None
