"""System checks for the ``WAGTAILKINDNESS_*`` settings (ids ``wagtail_kindness.E0xx``)."""

from __future__ import annotations

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


@register(Tags.urls)
def check_calendar_urls(app_configs=None, **kwargs):
    """W002: ``…/calendar.ics`` needs the plugin's URL pattern."""
    if calendar_ics_installed():
        return []
    return [
        Warning(
            "wagtail_kindness.urls is not in the URLconf: the calendars are served at "
            "…/calendar/ only, and …/calendar.ics answers 404 (Wagtail's own URL pattern "
            "refuses a dot).",
            hint='Add path("", include("wagtail_kindness.urls")) to urlpatterns, before '
            'path("", include(wagtail_urls)), in your ROOT_URLCONF.',
            id="wagtail_kindness.W002",
        )
    ]
