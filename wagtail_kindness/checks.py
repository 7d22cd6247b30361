"""System checks for the ``WAGTAILKINDNESS_*`` settings (ids ``wagtail_kindness.E0xx``).

E009-E015 and W003 are the settings of joining a conversation (``JOIN_*``);
E016 is ``IMPORT_FETCH`` (``kindness_import --fetch-documents``); E017 is
``CACHE_CONTROL`` (:mod:`wagtail_kindness.http_cache`).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.zones import get_zone

from . import conf
from .addresses import calendar_ics_installed


def _zone_problem(value: object) -> str | None:
    try:
        get_zone(value)  # type: ignore[arg-type]
    except KindnessInputError as error:
        return str(error)
    return None


def _whole_number(name: str, low: int, high: int, check_id: str) -> list[Error]:
    value = conf.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [
            Error(
                f"{conf.PREFIX}{name} is {value!r}: "
                f"it must be a whole number from {low} to {high}.",
                hint=f"Set {conf.PREFIX}{name} = {conf.DEFAULTS[name]!r} (the default), "
                "or remove it from your settings.",
                id=check_id,
            )
        ]
    return []


def _positive(value: object, high: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= 1
        and (high is None or value <= high)
    )


#: Django's own default sender: mail from it is refused or lost as spam.
DJANGO_DEFAULT_FROM = "webmaster@localhost"


def check_joining(errors: list) -> None:
    """The ``JOIN_*`` settings (E009-E015)."""
    hours = conf.get("JOIN_REMINDER_HOURS")
    if (
        isinstance(hours, str | bytes)
        or not isinstance(hours, list | tuple)
        or not all(_positive(h, 24 * 14) for h in hours)
    ):
        errors.append(
            Error(
                f"{conf.PREFIX}JOIN_REMINDER_HOURS is {hours!r}: it must be a list of whole "
                "hours from 1 to 336 (two weeks).",
                hint="Write e.g. WAGTAILKINDNESS_JOIN_REMINDER_HOURS = (24, 1), or () for none.",
                id="wagtail_kindness.E009",
            )
        )
    for kind in ("IP", "EMAIL"):
        name = f"JOIN_RATE_LIMIT_{kind}"
        value = conf.get(name)
        if not (isinstance(value, list | tuple) and len(value) == 2 and all(map(_positive, value))):
            errors.append(
                Error(
                    f"{conf.PREFIX}{name} is {value!r}: it must be a pair (count, seconds) of "
                    "whole numbers of at least 1.",
                    hint=f"Write e.g. {conf.PREFIX}{name} = {conf.DEFAULTS[name]!r} "
                    "(the default): that many sign-ups per that many seconds.",
                    id="wagtail_kindness.E010",
                )
            )
    errors += _whole_number("JOIN_RETENTION_DAYS", 1, 3650, "wagtail_kindness.E011")
    errors += _whole_number("JOIN_CONFIRM_MAX_AGE", 60, 60 * 60 * 24 * 30, "wagtail_kindness.E012")
    errors += _whole_number("JOIN_MAX_TRIES", 1, 100, "wagtail_kindness.E013")
    alias = conf.get("JOIN_RATE_LIMIT_CACHE")
    if not isinstance(alias, str) or alias not in settings.CACHES:
        errors.append(
            Error(
                f"{conf.PREFIX}JOIN_RATE_LIMIT_CACHE is {alias!r}, which is not in CACHES.",
                hint="Name one of the caches in CACHES ('default' unless you set it); a cache "
                "all the web processes share (e.g. Redis or Memcached), so that the limits hold.",
                id="wagtail_kindness.E014",
            )
        )
    backend = conf.get("JOIN_TASK_BACKEND")
    tasks = getattr(settings, "TASKS", None) or {"default": None}
    if not isinstance(backend, str) or backend not in tasks:
        errors.append(
            Error(
                f"{conf.PREFIX}JOIN_TASK_BACKEND is {backend!r}, which is not in TASKS.",
                hint="Name one of the task backends in TASKS ('default' unless you set it); "
                "the plugin's emails are sent by it.",
                id="wagtail_kindness.E015",
            )
        )


#: ``type/subtype`` as RFC 9110 spells a media type (lower case; no parameters).
_MEDIA_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")
#: The largest ``IMPORT_FETCH["MAX_BYTES"]`` accepted (1 GiB) and ``TIMEOUT`` (seconds).
FETCH_MAX_BYTES = 1024**3
FETCH_MAX_TIMEOUT = 600


def _fetch_problem(value: object) -> str | None:
    """What is wrong with ``IMPORT_FETCH``, or None."""
    if not isinstance(value, dict):
        return f"it must be a dict, not {type(value).__name__}"
    known = conf.DEFAULTS["IMPORT_FETCH"]
    unknown = sorted(map(repr, set(value) - set(known)))  # type: ignore[arg-type]
    if unknown:
        return f"unknown key {', '.join(unknown)} (the keys are {', '.join(known)})"  # type: ignore[arg-type]
    size = value.get("MAX_BYTES", 1)
    if not _positive(size, FETCH_MAX_BYTES):
        return (
            f"MAX_BYTES is {size!r}: it must be a whole number of bytes from 1 to {FETCH_MAX_BYTES}"
        )
    timeout = value.get("TIMEOUT", 1)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not (0 < timeout <= FETCH_MAX_TIMEOUT)
    ):
        return (
            f"TIMEOUT is {timeout!r}: it must be a number of seconds above 0, "
            f"at most {FETCH_MAX_TIMEOUT}"
        )
    types = value.get("CONTENT_TYPES", ("application/pdf",))
    if isinstance(types, str | bytes) or not isinstance(types, list | tuple | set | frozenset):
        return f"CONTENT_TYPES is {types!r}: it must be a list of media types"
    bad = [t for t in types if not isinstance(t, str) or not _MEDIA_TYPE.fullmatch(t)]
    if bad or not types:
        return (
            f"CONTENT_TYPES holds {', '.join(map(repr, bad))}: each must be a lower-case "
            "media type such as 'application/pdf'"
            if bad
            else "CONTENT_TYPES is empty: no document could be downloaded"
        )
    return None


def check_import_fetch(errors: list) -> None:
    """``IMPORT_FETCH``: the limits of ``kindness_import --fetch-documents`` (E016)."""
    if problem := _fetch_problem(conf.get("IMPORT_FETCH")):
        errors.append(
            Error(
                f"{conf.PREFIX}IMPORT_FETCH is not usable: {problem}.",
                hint=f"Write e.g. {conf.PREFIX}IMPORT_FETCH = {{'MAX_BYTES': 25 * 1024 * 1024, "
                "'TIMEOUT': 20}: the keys you leave out keep their defaults "
                "(see wagtail_kindness.conf).",
                id="wagtail_kindness.E016",
            )
        )


#: The longest ``CACHE_CONTROL`` durations accepted (seconds): a year.
CACHE_CONTROL_MAX = 60 * 60 * 24 * 365


def _cache_control_problem(value: object) -> str | None:
    """What is wrong with ``CACHE_CONTROL``, or None."""
    if not isinstance(value, dict):
        return f"it must be a dict, not {type(value).__name__}"
    known = conf.DEFAULTS["CACHE_CONTROL"]
    unknown = sorted(map(repr, set(value) - set(known)))  # type: ignore[arg-type]
    if unknown:
        return f"unknown key {', '.join(unknown)} (the keys are {', '.join(known)})"  # type: ignore[arg-type]
    for key, seconds in value.items():
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int)
            or not 0 <= seconds <= CACHE_CONTROL_MAX
        ):
            return (
                f"{key} is {seconds!r}: it must be a whole number of seconds "
                f"from 0 to {CACHE_CONTROL_MAX}"
            )
    return None


def check_cache_control(errors: list) -> None:
    """``CACHE_CONTROL``: the public pages' ``Cache-Control`` (E017)."""
    if problem := _cache_control_problem(conf.get("CACHE_CONTROL")):
        errors.append(
            Error(
                f"{conf.PREFIX}CACHE_CONTROL is not usable: {problem}.",
                hint=f"Write e.g. {conf.PREFIX}CACHE_CONTROL = {{'max_age': 60, "
                "'stale_while_revalidate': 300}; max_age 0 sends no Cache-Control "
                "on the public pages.",
                id="wagtail_kindness.E017",
            )
        )


@register(Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    errors: list[Error | Warning] = []
    default_zone = conf.get("DEFAULT_TIME_ZONE")
    if problem := _zone_problem(default_zone):
        errors.append(
            Error(
                f"{conf.PREFIX}DEFAULT_TIME_ZONE is not a usable time zone: {problem}.",
                hint="Use an IANA name such as 'Europe/London'; see "
                "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones",
                id="wagtail_kindness.E001",
            )
        )
    zones = conf.get("TIME_ZONES")
    if zones is not None:
        if isinstance(zones, str) or not hasattr(zones, "__iter__"):
            errors.append(
                Error(
                    f"{conf.PREFIX}TIME_ZONES must be a list of IANA zone names, "
                    f"not {type(zones).__name__}.",
                    hint="Write e.g. WAGTAILKINDNESS_TIME_ZONES = ['Europe/London', "
                    "'America/New_York'], or None for every zone.",
                    id="wagtail_kindness.E002",
                )
            )
        else:
            bad = [z for z in zones if _zone_problem(z)]
            if bad:
                errors.append(
                    Error(
                        f"{conf.PREFIX}TIME_ZONES holds unknown zones: "
                        f"{', '.join(map(repr, bad))}.",
                        hint="Use IANA names such as 'Europe/London'; check the spelling "
                        "and capitals.",
                        id="wagtail_kindness.E002",
                    )
                )
    display = conf.get("DISPLAY_TIME_ZONES")
    if isinstance(display, str) or not hasattr(display, "__iter__"):
        errors.append(
            Error(
                f"{conf.PREFIX}DISPLAY_TIME_ZONES must be a list of IANA zone names.",
                hint="Write e.g. ('America/New_York', 'Asia/Kolkata'), or () for none.",
                id="wagtail_kindness.E003",
            )
        )
    else:
        bad = [z for z in display if _zone_problem(z)]
        if bad:
            errors.append(
                Error(
                    f"{conf.PREFIX}DISPLAY_TIME_ZONES holds unknown zones: "
                    f"{', '.join(map(repr, bad))}.",
                    hint="Use IANA names such as 'America/New_York'.",
                    id="wagtail_kindness.E003",
                )
            )
    errors += _whole_number("ARCHIVE_PER_PAGE", 1, 500, "wagtail_kindness.E004")
    errors += _whole_number("UPCOMING_COUNT", 1, 50, "wagtail_kindness.E005")
    errors += _whole_number("FEED_LIMIT", 1, 500, "wagtail_kindness.E007")
    errors += _whole_number("CACHE_TIMEOUT", 0, 60 * 60 * 24 * 365, "wagtail_kindness.E008")
    base = conf.get("BASE_TEMPLATE")
    if not isinstance(base, str) or not base:
        errors.append(
            Error(
                f"{conf.PREFIX}BASE_TEMPLATE must be a template name.",
                hint="Use e.g. 'base.html' or the default 'wagtail_kindness/base.html'.",
                id="wagtail_kindness.E006",
            )
        )
    check_joining(errors)
    check_import_fetch(errors)
    check_cache_control(errors)
    if not settings.USE_TZ:
        errors.append(
            Warning(
                "USE_TZ is False: conversation times are stored as aware datetimes.",
                hint="Set USE_TZ = True so that times are stored in UTC and shown in "
                "each series' own zone.",
                id="wagtail_kindness.W001",
            )
        )
    return errors


@register(Tags.compatibility, deploy=True)
def check_join_sender(app_configs=None, **kwargs):
    """W003: the joining emails need a sender of the site's domain."""
    if conf.get("JOIN_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL != DJANGO_DEFAULT_FROM:
        return []
    return [
        Warning(
            f"The joining emails would be sent from {DJANGO_DEFAULT_FROM} (Django's "
            "DEFAULT_FROM_EMAIL): most mail servers refuse it or file it as spam.",
            hint="Set DEFAULT_FROM_EMAIL, or WAGTAILKINDNESS_JOIN_FROM_EMAIL, to an "
            "address of your domain, e.g. 'Conversations <conversations@example.org>'.",
            id="wagtail_kindness.W003",
        )
    ]


@register(Tags.urls)
def check_calendar_urls(app_configs=None, **kwargs):
    """W002: ``…/calendar.ics`` and the emails' one-click unsubscribe need the plugin's URLs."""
    if calendar_ics_installed():
        return []
    return [
        Warning(
            "wagtail_kindness.urls is not in the URLconf: the calendars are served at "
            "…/calendar/ only, and …/calendar.ics answers 404 (Wagtail's own URL pattern "
            "refuses a dot); the one-click unsubscribe of the joining emails "
            "(List-Unsubscribe-Post, RFC 8058) has no address.",
            hint='Add path("", include("wagtail_kindness.urls")) to urlpatterns, before '
            'path("", include(wagtail_urls)), in your ROOT_URLCONF.',
            id="wagtail_kindness.W002",
        )
    ]
