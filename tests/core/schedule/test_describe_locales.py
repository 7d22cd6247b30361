"""``describe(schedule, locale=…)``: English unchanged, French grammar, other languages.

Every shape of rule the English grammar reads has a French sentence (the
table below); other languages get the English sentence with their own
clock, zone and dates.
"""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import get_day_names

from kindness_core import describe as describe_from_package
from kindness_core.schedule.dates import format_clock, format_day, format_zone
from kindness_core.schedule.description import describe, schedule_warnings
from kindness_core.schedule.description_fr import describe_french, french_list
from kindness_core.schedule.recurrence import Schedule
from kindness_core.schedule.rules import WEEKDAYS

PARIS = "à 18:30, heure : France"

# rule, start (or None), French sentence (at 18:30 Europe/Paris)
FRENCH = [
    ("FREQ=MONTHLY;BYDAY=3TH", None, f"Le troisième jeudi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=1TU,3TU", None,
     f"Le premier et le troisième mardi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=-1FR", None, f"Le dernier vendredi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=-2TH", None, f"L’avant-dernier jeudi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=-3TH", None,
     f"Le troisième jeudi en partant de la fin de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=4WE", None, f"Le quatrième mercredi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=5SA", None, f"Le cinquième samedi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=1MO,3MO,-1FR", None,
     f"Le premier et le troisième lundi et le dernier vendredi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1", None,
     f"Le premier jour de semaine de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1", None,
     f"Le premier et le dernier jour de semaine de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=-1", None,
     f"Le dernier jour de week-end de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=MO,FR;BYSETPOS=2", None,
     f"Le deuxième lundi ou vendredi de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=15", None, f"Le 15 de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=1,15", None, f"Le 1er et le 15 de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", None, f"Le dernier jour de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=-2", None, f"L’avant-dernier jour de chaque mois {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", None,
     f"Le 13 de chaque mois, si c’est un vendredi {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=MO,TU,WE,TH,FR", None,
     f"Le 1er de chaque mois, si c’est un jour de semaine {PARIS}"),
    ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU", "2026-01-06",
     f"Le premier mardi du mois, un mois sur deux {PARIS}, à partir du mardi 6 janvier 2026"),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10", "2026-01-10",
     f"Le 10 du mois, tous les 3 mois {PARIS}, à partir du samedi 10 janvier 2026"),
    ("FREQ=MONTHLY;BYMONTH=3,9;BYDAY=3TH", None,
     f"Le troisième jeudi de mars et septembre {PARIS}"),
    ("FREQ=MONTHLY;BYMONTH=4,10;BYDAY=1TU", None,
     f"Le premier mardi d’avril et octobre {PARIS}"),
    ("FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=3TH", None,
     f"Le troisième jeudi de chaque mois sauf août {PARIS}"),
    ("FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11;BYDAY=-1FR", None,
     f"Le dernier vendredi de chaque mois sauf août et décembre {PARIS}"),
    ("FREQ=WEEKLY;BYDAY=WE", None, f"Chaque mercredi {PARIS}"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", None, f"Chaque lundi et jeudi {PARIS}"),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", None, f"Chaque lundi, mercredi et vendredi {PARIS}"),
    ("FREQ=WEEKLY;BYDAY=WE;BYMONTH=4,8", None, f"Chaque mercredi en avril et août {PARIS}"),
    ("FREQ=WEEKLY;BYDAY=TU;BYMONTH=1,2,3,4,5,6,7,9,10,11,12", None,
     f"Chaque mardi sauf en août {PARIS}"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "2026-01-07",
     f"Un mercredi sur deux {PARIS}, à partir du mercredi 7 janvier 2026"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2026-01-05",
     f"Chaque lundi et jeudi, une semaine sur deux {PARIS}, à partir du lundi 5 janvier 2026"),
    ("FREQ=WEEKLY;INTERVAL=4;BYDAY=MO,FR", "2026-01-05",
     f"Toutes les 4 semaines le lundi et le vendredi {PARIS}, à partir du lundi 5 janvier 2026"),
    ("FREQ=DAILY", None, f"Chaque jour {PARIS}"),
    ("FREQ=DAILY;INTERVAL=2", "2026-01-05",
     f"Un jour sur deux {PARIS}, à partir du lundi 5 janvier 2026"),
    ("FREQ=DAILY;INTERVAL=3", "2026-01-05",
     f"Tous les 3 jours {PARIS}, à partir du lundi 5 janvier 2026"),
    ("FREQ=DAILY;BYMONTH=8", None, f"Chaque jour en août {PARIS}"),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", None,
     f"Chaque jour de semaine (du lundi au vendredi) {PARIS}"),
    ("FREQ=DAILY;BYDAY=SA,SU", None, f"Chaque samedi et dimanche {PARIS}"),
    ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", None, f"Chaque année le 25 décembre {PARIS}"),
    ("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", None, f"Chaque année le 1er janvier {PARIS}"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", None,
     f"Le dernier jour de février, chaque année {PARIS}"),
    ("FREQ=YEARLY;BYMONTH=3;BYDAY=2TU", None, f"Le deuxième mardi de mars, chaque année {PARIS}"),
    ("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", None,
     f"Le dernier dimanche d’octobre, chaque année {PARIS}"),
    ("FREQ=MONTHLY;BYDAY=3TH;COUNT=5", "2026-01-15",
     f"Le troisième jeudi de chaque mois {PARIS}, à partir du jeudi 15 janvier 2026, 5 fois"),
    ("FREQ=MONTHLY;BYDAY=3TH;COUNT=1", "2026-01-15",
     f"Le troisième jeudi de chaque mois {PARIS}, à partir du jeudi 15 janvier 2026, une fois"),
    ("FREQ=MONTHLY;BYDAY=2WE;UNTIL=20270101T000000Z", None,
     f"Le deuxième mercredi de chaque mois {PARIS}, jusqu’au vendredi 1 janvier 2027"),
    ("FREQ=MONTHLY;BYDAY=2WE;UNTIL=20261231T233000Z", None,  # 00:30 on 1 January in Paris
     f"Le deuxième mercredi de chaque mois {PARIS}, jusqu’au vendredi 1 janvier 2027"),
    ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", None,
     f"Se répète selon la règle FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO {PARIS}"),
    ("FREQ=YEARLY;BYYEARDAY=100", None,
     f"Se répète selon la règle FREQ=YEARLY;BYYEARDAY=100 {PARIS}"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1,-2", None,
     f"Se répète selon la règle FREQ=MONTHLY;BYMONTHDAY=-1,-2 {PARIS}"),
    ("FREQ=YEARLY;INTERVAL=2;BYMONTH=6;BYMONTHDAY=1", "2026-06-01",
     "Se répète selon la règle FREQ=YEARLY;INTERVAL=2;BYMONTH=6;BYMONTHDAY=1 "
     f"{PARIS}, à partir du lundi 1 juin 2026"),
]  # fmt: skip


def schedule(rule: str, start: str | None = None, zone: str = "Europe/Paris") -> Schedule:
    return Schedule(
        rule=rule,
        time=dt.time(18, 30),
        timezone=zone,
        start=dt.date.fromisoformat(start) if start else None,
    )


@pytest.mark.parametrize(("rule", "start", "french"), FRENCH)
def test_french_sentence(rule: str, start: str | None, french: str) -> None:
    value = schedule(rule, start)
    assert describe(value, locale="fr") == french
    assert describe(value, locale="fr-ca").startswith(french.split(" à ")[0])
    assert describe_french(value) == french


@pytest.mark.parametrize(("rule", "start", "french"), FRENCH)
def test_english_is_unchanged_whatever_english(rule: str, start: str | None, french: str) -> None:
    value = schedule(rule, start)
    english = describe(value)
    assert describe(value, locale="en_GB") == describe(value, locale="en-us") == english
    assert describe(value, locale="en") == describe_from_package(value) == english
    assert " at 6:30pm Europe/Paris time" in english


def test_the_issue_s_example() -> None:
    value = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Europe/London")
    assert describe(value) == "Third Thursday of every month at 6:00pm UK time"
    assert describe(value, locale="fr") == (
        "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni"
    )
    assert (
        describe(value, locale="fr_BE")
        == describe(value, locale="fr_CH")
        == (describe(value, locale="fr"))
    )


@pytest.mark.parametrize("locale", ["fr", "fr_CA", "fr_BE"])
def test_french_day_names_come_from_cldr(locale: str) -> None:
    names = get_day_names("wide", locale=locale)
    for index, code in enumerate(WEEKDAYS):
        text = describe(schedule(f"FREQ=MONTHLY;BYDAY=1{code}"), locale=locale)
        assert text.startswith(f"Le premier {names[index]} de chaque mois à ")


@pytest.mark.parametrize(
    ("zone", "words"),
    [("Europe/London", "heure : Royaume-Uni"),
     ("America/New_York", "heure : États-Unis (New York)"),
     ("Asia/Tokyo", "heure : Japon"), ("UTC", "UTC")],
)  # fmt: skip
def test_french_zones(zone: str, words: str) -> None:
    text = describe(schedule("FREQ=WEEKLY;BYDAY=WE", zone=zone), locale="fr")
    assert text == f"Chaque mercredi à 18:30, {words}"


# -- other languages: the English sentence, their clock, zone and dates ----------------


@pytest.mark.parametrize(
    ("locale", "at", "starting"),
    [
        ("es", "at 18:30, hora de Francia", "starting miércoles, 7 de enero de 2026"),
        ("de", "at 18:30, Frankreich (Ortszeit)", "starting Mittwoch, 7. Januar 2026"),
        ("cy", "at 18:30, Amser Ffrainc", "starting Dydd Mercher, 7 Ionawr 2026"),
        ("ja", "at 18:30, フランス時間", "starting 2026年1月7日水曜日"),
        ("ar", "at 6:30 م, توقيت فرنسا", "starting الأربعاء، 7 يناير 2026"),
    ],
)
def test_other_languages_keep_english_words(locale: str, at: str, starting: str) -> None:
    value = schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "2026-01-07")
    assert describe(value, locale=locale) == f"Every other Wednesday {at}, {starting}"
    assert describe(schedule("FREQ=MONTHLY;BYDAY=3TH"), locale=locale) == (
        f"Third Thursday of every month {at}"
    )


@pytest.mark.parametrize("locale", ["es", "pt-BR", "cy"])
def test_other_languages_until_and_fallback(locale: str) -> None:
    value = schedule("FREQ=MONTHLY;BYDAY=2WE;UNTIL=20270101T000000Z")
    clock = format_clock(dt.time(18, 30), locale)
    zone = format_zone("Europe/Paris", locale)
    until = format_day(dt.date(2027, 1, 1), locale)
    assert describe(value, locale=locale) == (
        f"Second Wednesday of every month at {clock}, {zone}, until {until}"
    )
    odd = schedule("FREQ=YEARLY;BYYEARDAY=100")
    assert describe(odd, locale=locale) == (
        f"Repeats by the rule FREQ=YEARLY;BYYEARDAY=100 at {clock}, {zone}"
    )


@pytest.mark.parametrize("locale", ["xx", "", "x-klingon"])
def test_unknown_locales_read_english(locale: str) -> None:
    value = schedule("FREQ=MONTHLY;BYDAY=3TH")
    assert describe(value, locale=locale) == describe(value)


def test_warnings_stay_english() -> None:
    value = schedule("FREQ=MONTHLY;BYDAY=5TH")
    assert schedule_warnings(value)[0].startswith("BYDAY=5TH: many months have no fifth Thursday")
    assert describe(value, locale="fr") == f"Le cinquième jeudi de chaque mois {PARIS}"


def test_french_list() -> None:
    assert french_list(["lundi"]) == "lundi"
    assert french_list(["lundi", "mardi"]) == "lundi et mardi"
    assert french_list(["lundi", "mardi", "jeudi"], "ou") == "lundi, mardi ou jeudi"
