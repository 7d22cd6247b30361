"""The language of a page's outputs, and the words and formats it is written in.

Every output bound to a page (the series' archive and routes, a conversation
page, the calendars, the feeds, the JSON-LD, the API's words, the "add to
calendar" links) is written in the *page's language*:

* with Wagtail's internationalisation (``WAGTAIL_I18N_ENABLED``), the
  language of the page's locale (or the active variant of it: ``en-gb`` for
  an ``en`` page, as Wagtail's own URLs do);
* without it, the active language: ``LANGUAGE_CODE``, or the visitor's with
  Django's ``LocaleMiddleware``.

:func:`serve_in_language` serves (and renders) a page in its language and
says so in ``Content-Language``; Django's ``LocaleMiddleware`` adds ``Vary:
Accept-Language`` when the language may come from the request.  Dates, times
and zones are written by :mod:`kindness_core.schedule.dates` in
:func:`output_locale`; the calendars' and feeds' words come from the
plugin's catalogue (:func:`calendar_words`).

What a page *stores* (an untitled conversation's title, "Juillet 2022") is
in its :func:`content_language`: the locale's with Wagtail's i18n, else
``LANGUAGE_CODE``, never a visitor's.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import npgettext, pgettext
from wagtail.coreutils import get_supported_content_language_variant

from kindness_core.formats.ical_text import CalendarWords
from kindness_core.schedule.dates import format_day, locale_name
from kindness_core.series import Conversation, Role, month_label

__all__ = [
    "ServedInItsLanguage",
    "calendar_words",
    "content_language",
    "default_language",
    "forget_locales",
    "i18n_enabled",
    "in_page_language",
    "output_locale",
    "page_language",
    "serve_in_language",
    "uid_domain_for",
    "with_stored_title",
]


def i18n_enabled() -> bool:
    """Whether Wagtail's internationalisation is on (``WAGTAIL_I18N_ENABLED``)."""
    return bool(getattr(settings, "WAGTAIL_I18N_ENABLED", False))


def default_language() -> str:
    """The language of the default locale (``LANGUAGE_CODE``, as Wagtail reads it); no query."""
    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _locale_language(page) -> str | None:
    locale_id = getattr(page, "locale_id", None) if page is not None else None
    if locale_id is None:
        return None
    loaded = page._state.fields_cache.get("locale")  # fetched with the page
    if loaded is not None:
        return loaded.language_code
    return _language_of_locale(locale_id)


@functools.lru_cache(maxsize=256)
def _language_of_locale(locale_id: int) -> str | None:
    """A locale's language, read once per process: a listing of N pages makes no
    query per page for it.  :func:`forget_locales` (a locale saved or deleted)
    empties it."""
    from wagtail.models import Locale

    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()


def forget_locales(**kwargs) -> None:
    """Forget the locales' languages (``post_save`` / ``post_delete`` of ``Locale``)."""
    _language_of_locale.cache_clear()


def page_language(page) -> str:
    """The language ``page``'s outputs are written in (a Django language code).

    With Wagtail's i18n: its locale's language, or the active language if that
    is a variant of it.  Without: the active language.
    """
    active = translation.get_language() or settings.LANGUAGE_CODE
    if not i18n_enabled():
        return active
    language = _locale_language(page)
    if language is None:
        return active
    try:
        if get_supported_content_language_variant(active) == language:
            return active
    except LookupError:
        pass
    return language


def content_language(page, *, parent: Any = None) -> str:
    """The language of what ``page`` stores: its locale's with Wagtail's i18n, else
    ``LANGUAGE_CODE``.

    ``parent`` (a page, or a function giving it) stands in for a page not yet
    given a locale (a new page, before Wagtail's first save sets it from its parent).
    """
    if not i18n_enabled():
        return settings.LANGUAGE_CODE
    language = _locale_language(page)
    if language is None and parent is not None:
        language = _locale_language(parent() if callable(parent) else parent)
    return language or default_language()


def output_locale(language: str | None = None) -> str:
    """The Babel locale of ``language`` (default: the active language), for the core's formats."""
    return locale_name(language or translation.get_language() or settings.LANGUAGE_CODE)


@contextmanager
def in_page_language(page) -> Iterator[str]:
    """Activate ``page``'s language (:func:`page_language`) for the block; yields it."""
    language = page_language(page)
    if language == translation.get_language():
        yield language
        return
    with translation.override(language):
        yield language


def serve_in_language(page, serve: Callable[..., Any], request, *args, **kwargs):
    """``serve(request, …)`` in ``page``'s language, with ``Content-Language``.

    A template response is rendered while the language is active (Django would
    render it later, in the request's language).
    """
    before = translation.get_language()
    with in_page_language(page) as language:
        response = serve(request, *args, **kwargs)
        if language != before and not getattr(response, "is_rendered", True):
            response = response.render()
    if not response.has_header("Content-Language"):
        response.headers["Content-Language"] = language
    return response


class ServedInItsLanguage:
    """A page mixin: the page is served, and previewed, in its language
    (:func:`serve_in_language`).  Routable pages skip ``serve()`` for a
    preview, hence both."""

    def serve(self, request, *args, **kwargs):
        return serve_in_language(self, super().serve, request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        return serve_in_language(self, super().serve_preview, request, mode_name)


_LABEL = re.compile(r"[^a-z0-9-]+")


def uid_domain_for(page, domain: str) -> str:
    """The right-hand side of ``page``'s calendar UIDs in its locale.

    The default locale (and every page without Wagtail's i18n) keeps
    ``domain``, so subscribers' events keep their UIDs; another locale's
    events are ``…@fr.example.org``: a translated meeting is another event,
    which never replaces the original in a calendar holding both.
    """
    if not i18n_enabled():
        return domain
    language = _locale_language(page)
    if language is None or language == default_language():
        return domain
    label = _LABEL.sub("-", language.lower()).strip("-") or "locale"
    return f"{label}.{domain}"


def with_stored_title(conversation: Conversation, page) -> Conversation:
    """``conversation`` named by ``page``'s stored title when it has none of its own.

    An untitled conversation's page title is its month in the page's language
    ("Juillet 2022", set when the page is saved); the core's own fallback
    (``display_title``) is English.
    """
    if conversation.title or not getattr(page, "title", ""):
        return conversation
    return dataclasses.replace(conversation, title=page.title)


# -- the words of the calendars and feeds, in the active language ------------

_ROLES: dict[Role, Callable[[int], str]] = {
    Role.SPEAKER: lambda n: npgettext(
        "people of a conversation", "Guest speaker", "Guest speakers", n
    ),
    Role.CO_SPEAKER: lambda n: npgettext(
        "people of a conversation", "Co-speaker", "Co-speakers", n
    ),
    Role.HOST: lambda n: npgettext("people of a conversation", "Host", "Hosts", n),
    Role.FACILITATOR: lambda n: npgettext(
        "people of a conversation", "Facilitator", "Facilitators", n
    ),
    Role.COORDINATOR: lambda n: npgettext(
        "people of a conversation", "Coordinator", "Coordinators", n
    ),
}


def _role_label(role: Role, count: int) -> str:
    return _ROLES[Role(role)](count)


def calendar_words(language: str | None = None) -> CalendarWords:
    """The calendars' and feeds' words in ``language`` (default: the active one).

    Labels come from the plugin's catalogue (a language it has no messages for
    gets the English ones); dates are CLDR's for the locale.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    locale = output_locale(language)
    with translation.override(language):
        return CalendarWords(
            cancelled=pgettext("calendar event title", "Cancelled: {title}"),
            postponed=pgettext("calendar event title", "Postponed: {title}"),
            postponed_from=pgettext("calendar description", "Postponed from {date}"),
            date=functools.partial(format_day, locale=locale),
            month=functools.partial(month_label, locale=locale),
            role_label=_RoleLabels(language),
            more=pgettext("calendar description", "More: {url}"),
            join_online=pgettext("calendar description", "Join online: {url}"),
            contact=pgettext("calendar description", "Contact: {contact}"),
            with_people=pgettext("calendar description", "With {names}"),
            join_label=pgettext("calendar description", "Join online"),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class _RoleLabels:
    """The label of a role for a number of people, in one language (called later)."""

    language: str

    def __call__(self, role: Role, count: int) -> str:
        with translation.override(self.language):
            return _role_label(role, count)
