"""Every ``WAGTAILKINDNESS_*`` setting, read here and only here, with its default.

Values are read from :mod:`django.conf.settings` on each access, so
``override_settings`` works in tests.  See ``docs/plugin.md`` for the reference;
:mod:`wagtail_kindness.checks` validates them at start-up.
"""

from __future__ import annotations

from django.conf import settings

from .zone_choices import canonical_zones

PREFIX = "WAGTAILKINDNESS_"

#: name (without the prefix) -> default
DEFAULTS: dict[str, object] = {
    # IANA zone offered first (and pre-selected) for a new series.
    "DEFAULT_TIME_ZONE": "Europe/London",
    # Zones editors may choose from; None means every IANA zone on the machine.
    "TIME_ZONES": None,
    # Conversations per archive page.
    "ARCHIVE_PER_PAGE": 24,
    # Extra zones the ``conversation_times`` tag shows when given none.
    "DISPLAY_TIME_ZONES": ("America/New_York", "Asia/Kolkata", "Australia/Sydney"),
    # How many dates ``upcoming_conversations`` shows when given no count.
    "UPCOMING_COUNT": 3,
    # Template the plugin's page templates extend.
    "BASE_TEMPLATE": "wagtail_kindness/base.html",
    # Newest conversations in the RSS and Atom feeds.
    "FEED_LIMIT": 20,
    # Django cache (alias) and seconds for the built calendar and feeds.
    "CACHE_ALIAS": "default",
    "CACHE_TIMEOUT": 60 * 60 * 24,
    # The Cache-Control of the plugin's public responses to anonymous visitors
    # (wagtail_kindness.http_cache): seconds a shared cache (Varnish, a CDN) or a
    # browser may keep them, and may serve them stale while it fetches a fresh
    # copy.  A dict; the keys given replace these defaults.  max_age 0: no
    # Cache-Control on them (responses that depend on the visitor stay no-store).
    "CACHE_CONTROL": {"max_age": 60, "stale_while_revalidate": 300},
    # Right-hand side of iCalendar UIDs; None: the Wagtail site's hostname.
    "ICAL_UID_DOMAIN": None,
    # The JSON-LD ``organizer``: a name or a JSON-LD object; None: the site's name.
    "JSONLD_ORGANIZER": None,
    # -- joining a conversation (docs/howto/let-people-join.md) --
    # Seconds a confirmation link stays valid.
    "JOIN_CONFIRM_MAX_AGE": 60 * 60 * 48,
    # Registrations are erased this many days after their last meeting.
    "JOIN_RETENTION_DAYS": 90,
    # Hours before a meeting that reminders go out, unless the series sets its own.
    "JOIN_REMINDER_HOURS": (24, 1),
    # Sign-ups allowed per window: (count, seconds), per address (IP) and per email.
    "JOIN_RATE_LIMIT_IP": (10, 60 * 60),
    "JOIN_RATE_LIMIT_EMAIL": (3, 60 * 60),
    # Django cache (alias) that keeps the rate-limit counters.
    "JOIN_RATE_LIMIT_CACHE": "default",
    # A failed email is tried again on the next runs, this many times in all.
    "JOIN_MAX_TRIES": 5,
    # The sender of the plugin's emails; None: DEFAULT_FROM_EMAIL.
    "JOIN_FROM_EMAIL": None,
    # Django task backend (alias in TASKS) that sends the emails.
    "JOIN_TASK_BACKEND": "default",
    # -- importing (docs/howto/import-your-archive.md) --
    # ``kindness_import --fetch-documents``: the limits of each linked document's
    # download.  A dict; the keys given replace these defaults, the others stay:
    # MAX_BYTES (the largest file, in bytes; a longer one is refused), TIMEOUT
    # (seconds per file), CONTENT_TYPES (the media types accepted;
    # application/octet-stream only for a file named .pdf, .docx, …).
    "IMPORT_FETCH": {
        "MAX_BYTES": 25 * 1024 * 1024,
        "TIMEOUT": 20,
        "CONTENT_TYPES": (
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.presentation",
            "application/msword",
            "application/vnd.ms-powerpoint",
            "application/rtf",
            "text/rtf",
            "application/octet-stream",
        ),
    },
}


def get(name: str) -> object:
    """The value of ``WAGTAILKINDNESS_<name>`` or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown wagtail-kindness setting {PREFIX}{name}")
    return getattr(settings, PREFIX + name, DEFAULTS[name])


def default_time_zone() -> str:
    return str(get("DEFAULT_TIME_ZONE"))


def time_zones() -> tuple[str, ...]:
    """Zones offered in the series page's time-zone list (default zone first).

    Unless ``TIME_ZONES`` names them, the zones in use
    (:func:`wagtail_kindness.zone_choices.canonical_zones`), without the old
    names the IANA data keeps as links (``Africa/Asmera``).
    """
    configured = get("TIME_ZONES")
    zones = tuple(configured) if configured else canonical_zones()
    default = default_time_zone()
    return (default, *(z for z in zones if z != default))


def archive_per_page() -> int:
    return int(get("ARCHIVE_PER_PAGE"))  # type: ignore[call-overload]


def display_time_zones() -> tuple[str, ...]:
    return tuple(get("DISPLAY_TIME_ZONES"))  # type: ignore[arg-type]


def upcoming_count() -> int:
    return int(get("UPCOMING_COUNT"))  # type: ignore[call-overload]


def base_template() -> str:
    return str(get("BASE_TEMPLATE"))


def feed_limit() -> int:
    return int(get("FEED_LIMIT"))  # type: ignore[call-overload]


def cache_alias() -> str:
    return str(get("CACHE_ALIAS"))


def cache_timeout() -> int:
    return int(get("CACHE_TIMEOUT"))  # type: ignore[call-overload]


def cache_control() -> tuple[int, int]:
    """``(max_age, stale_while_revalidate)`` of ``CACHE_CONTROL``, defaults for the keys not given.

    Not validated here: check ``wagtail_kindness.E017`` reports a bad value.
    """
    defaults: dict = DEFAULTS["CACHE_CONTROL"]  # type: ignore[assignment]
    value = get("CACHE_CONTROL")
    given = value if isinstance(value, dict) else {}
    merged = {**defaults, **given}
    return int(merged["max_age"]), int(merged["stale_while_revalidate"])


def ical_uid_domain() -> str | None:
    value = get("ICAL_UID_DOMAIN")
    return str(value) if value else None


def jsonld_organizer() -> object:
    return get("JSONLD_ORGANIZER")


# -- joining a conversation ---------------------------------------------------


def join_confirm_max_age() -> int:
    return int(get("JOIN_CONFIRM_MAX_AGE"))  # type: ignore[call-overload]


def join_retention_days() -> int:
    return int(get("JOIN_RETENTION_DAYS"))  # type: ignore[call-overload]


def join_reminder_hours() -> tuple[int, ...]:
    return tuple(int(h) for h in get("JOIN_REMINDER_HOURS"))  # type: ignore[attr-defined]


def join_rate_limit(kind: str) -> tuple[int, int]:
    """``(count, seconds)`` for ``kind`` ``"ip"`` or ``"email"``."""
    count, seconds = get(f"JOIN_RATE_LIMIT_{kind.upper()}")  # type: ignore[misc]
    return int(count), int(seconds)


def join_rate_limit_cache() -> str:
    return str(get("JOIN_RATE_LIMIT_CACHE"))


def join_max_tries() -> int:
    return int(get("JOIN_MAX_TRIES"))  # type: ignore[call-overload]


def join_from_email() -> str:
    value = get("JOIN_FROM_EMAIL")
    return str(value) if value else str(settings.DEFAULT_FROM_EMAIL)


def join_task_backend() -> str:
    return str(get("JOIN_TASK_BACKEND"))


# -- importing -------------------------------------------------------------------


def import_fetch() -> dict[str, object]:
    """``IMPORT_FETCH`` with its defaults for the keys not given.

    Not validated here: check ``wagtail_kindness.E016`` reports a bad value.
    """
    defaults = DEFAULTS["IMPORT_FETCH"]
    value = get("IMPORT_FETCH")
    given = value if isinstance(value, dict) else {}
    return {**defaults, **given}  # type: ignore[dict-item]


def document_extensions() -> tuple[str, ...] | None:
    """Wagtail's ``WAGTAILDOCS_EXTENSIONS`` (lower case, no dot), or None: any extension."""
    value = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    return tuple(str(e).lower().lstrip(".") for e in value) if value else None
