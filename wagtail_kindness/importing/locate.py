"""Find the series page to import into or export: by id, path or address, in any locale.

``--series`` is read as Wagtail serves pages (``wagtail.views.serve``): the
site of the address's host (:func:`wagtail.models.sites.get_site_for_hostname`,
the default site for a bare path), the translation of its root page in the
path's language (an ``i18n_patterns`` prefix such as ``/fr/``, or
``--locale``), then one child per slug.  A page id names any page directly.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import get_site_for_hostname

from ..models import ConversationSeriesPage
from .errors import ArchiveImportError

__all__ = [
    "SeriesPlace",
    "default_site",
    "find_locale",
    "find_series",
    "locate_series",
    "resolve_page_path",
    "site_path",
]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPlace:
    """Where ``--series`` points: the series, or the parent and slug of a new one."""

    page: ConversationSeriesPage | None
    parent: Page | None = None
    slug: str = ""


def default_site() -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        site = Site.objects.select_related("root_page").first()
    if site is None:
        raise ArchiveImportError("this site has no Wagtail Site: run migrate first")
    return site


def site_path(page: Page) -> str:
    """The page's address as the site serves it: ``"/conversations/"``, ``"/fr/conversations/"``.

    A page of another site than the default one is given with its site's
    address; a page no site serves, by its Wagtail path.
    """
    try:
        parts = page.get_url_parts()
    except NoReverseMatch:  # no route serves Wagtail's pages
        parts = None
    if not parts:
        return page.url_path
    site_id, root_url, path = parts
    if site_id == default_site().pk:
        return path
    return (root_url or "") + path


def find_locale(code: str) -> Locale:
    """The Wagtail locale of a language code (``fr``, ``fr-ca``), or a one-line error."""
    known = ", ".join(
        Locale.objects.order_by("language_code").values_list("language_code", flat=True)
    )
    try:
        language = get_supported_content_language_variant(code.strip())
    except LookupError:
        language = None
    locale = Locale.objects.filter(language_code=language).first() if language else None
    if locale is None:
        raise ArchiveImportError(
            f"--locale {code}: no such locale on this site (its locales: {known})"
        )
    return locale


def _walk(root: Page, segments: list[str]) -> Page | None:
    page: Page | None = root
    for segment in segments:
        if page is None:
            return None
        page = page.get_children().filter(slug=segment).first()
    return page


def _split_prefix(segments: list[str]) -> tuple[Locale | None, list[str]]:
    """An ``i18n_patterns`` language prefix (``fr``) off the path's segments."""
    if not (segments and getattr(settings, "WAGTAIL_I18N_ENABLED", False)):
        return None, segments
    language = translation.get_language_from_path("/" + "/".join(segments) + "/")
    if not language or segments[0].lower() != language.lower():
        return None, segments
    return find_locale(language), segments[1:]


def _in_locale(page: Page | None, locale: Locale | None) -> Page | None:
    if page is None or locale is None or page.locale_id == locale.pk:
        return page
    return page.get_translation_or_none(locale)


def resolve_page_path(
    path: str, *, locale: Locale | None = None
) -> tuple[Page | None, Page | None, str]:
    """``"/conversations/"`` as (the page there or None, its parent or None, its slug).

    ``path`` is a path of the default site (``/fr/conversations/`` with a
    language prefix) or a full address (``https://host/fr/conversations/``,
    read in the site of that host).  Without a prefix the path is read in
    ``locale``: the translation of the page at that path in the site's own
    tree, else the page at that path under the translated root.
    """
    value = (path or "").strip()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            site = get_site_for_hostname(parts.hostname, port)
        except Site.DoesNotExist:
            raise ArchiveImportError("this site has no Wagtail Site: run migrate first") from None
        value = parts.path
    else:
        site = default_site()
        value = parts.path if parts.scheme == "" else value
    segments = [unquote(s) for s in value.split("/") if s]
    prefixed, segments = _split_prefix(segments)
    if prefixed is not None and locale is not None and prefixed.pk != locale.pk:
        raise ArchiveImportError(
            f"--series {path} is in {prefixed.language_code}, not in --locale "
            f"{locale.language_code}: give one of them"
        )
    locale = prefixed or locale
    root: Page = site.root_page
    translated_root = _in_locale(root, locale)
    if locale is not None and translated_root is None:
        raise ArchiveImportError(
            f"--series {path}: the site has no {locale.language_code} home page yet: "
            "translate its root page first"
        )
    slug = segments[-1] if segments else ""

    def find(parts: list[str]) -> Page | None:
        if prefixed is None and locale is not None:  # the translation of the page at that path
            found = _in_locale(_walk(root, parts), locale)
            if found is not None:
                return found
        return _walk(translated_root or root, parts)

    page = find(segments)
    parent = find(segments[:-1]) if segments else None
    return (page.specific if page is not None else None), parent, slug


def _by_id(value: str, locale: Locale | None) -> Page:
    page = Page.objects.filter(pk=int(value)).first()
    if page is None:
        raise ArchiveImportError(f"--series {value}: no page has the id {value}")
    translated = _in_locale(page, locale)
    if translated is None:
        raise ArchiveImportError(
            f"--series {value}: page {value} has no {locale.language_code} translation: "
            "translate it first"
        )
    return translated.specific


def locate_series(value: str | None = None, *, locale: str | None = None) -> SeriesPlace:
    """Where ``--series VALUE`` (and ``--locale``) point.

    ``value`` is a page id (``42``), a path (``/conversations/``,
    ``/fr/conversations/``) or a full address; None means the site's only
    series (in ``locale``, if given).  The place has no page when nothing is
    at the path (an import creates the series there, under ``parent``).
    Raises :class:`ArchiveImportError` for an unknown id or locale, a page
    that is not a series, or several series to choose from.
    """
    wanted = find_locale(locale) if locale else None
    if not value or not value.strip():
        series = ConversationSeriesPage.objects.all()
        if wanted is not None:
            series = series.filter(locale=wanted)
        found = list(series[:2])
        if len(found) > 1:
            raise ArchiveImportError(
                "this site has several conversation series: choose one with --series "
                "(a path such as /conversations/, a page id or an address), or --locale"
            )
        return SeriesPlace(page=found[0] if found else None)
    value = value.strip()
    if value.isdigit():
        page, parent, slug = _by_id(value, wanted), None, ""
    else:
        page, parent, slug = resolve_page_path(value, locale=wanted)
    if page is not None and not isinstance(page, ConversationSeriesPage):
        raise ArchiveImportError(
            f"--series {value} is a {page.specific_class._meta.verbose_name}, not a "
            "conversation series: give the path or id of a series page"
        )
    return SeriesPlace(page=page, parent=parent, slug=slug)


def find_series(
    path: str | None = None, *, locale: str | None = None
) -> ConversationSeriesPage | None:
    """The series at ``path``, or the only series of the site when ``path`` is None.

    Raises :class:`ArchiveImportError` when ``path`` is not a series page, or
    when no path is given and there are several series.
    """
    return locate_series(path, locale=locale).page
