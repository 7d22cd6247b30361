"""The example site's navigation in the visitor's language: ``{% site_links as links %}``.

``links.home`` and ``links.series`` are the home page and the series in the
active language (the English ones when a page has no translation);
``links.languages`` is the language switcher (empty unless the site has
several locales) and ``links.alternates`` the ``<link rel="alternate"
hreflang>`` of the page's translations (empty unless it has one).  With
``WAGTAIL_I18N_ENABLED`` off this is the home page and the series, in two
queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Locale, Page, Site

from example_site.home.models import HomePage

__all__ = ["Alternate", "Language", "SiteLinks", "site_links"]

register = template.Library()


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """One link of the language switcher."""

    code: str
    name: str
    url: str
    current: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternate:
    """One ``<link rel="alternate" hreflang="…" href="…">`` (``x-default`` included)."""

    hreflang: str
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteLinks:
    home: Page | None
    series: Page | None
    languages: tuple[Language, ...] = ()
    alternates: tuple[Alternate, ...] = ()


def _i18n() -> bool:
    return bool(getattr(settings, "WAGTAIL_I18N_ENABLED", False))


def _by_language(page: Page) -> dict[str, Page]:
    """The live, public translations of ``page`` (itself included), by language code."""
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    return {translation.locale.language_code: translation for translation in translations}


def _languages(request, page, homes: dict[str, Page]) -> tuple[Language, ...]:
    """The switcher: each content language's version of this page, else its home page."""
    names = dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES))
    codes = set(Locale.objects.values_list("language_code", flat=True))
    if len(codes) < 2:
        return ()
    active = Locale.get_active().language_code
    translations = _by_language(page) if isinstance(page, Page) and page.pk else {}
    languages = []
    for code, name in names.items():
        if code not in codes:
            continue
        if code == active:
            url = request.get_full_path()
        elif translations:
            # A page (a routable page's sub-address too): its translation, else that
            # language's home page.
            target = translations.get(code) or homes.get(code)
            url = target.get_url(request) if target is not None else None
        else:  # a view of the site's own (search): the same address in that language
            url = translate_url(request.path, code)
        if url:
            languages.append(Language(code=code, name=name, url=url, current=code == active))
    return tuple(languages) if len(languages) > 1 else ()


def _alternates(request, page) -> tuple[Alternate, ...]:
    """``hreflang`` links between the page's translations, when this is the page's own address."""
    if not isinstance(page, Page) or not page.pk:
        return ()
    if request.path != urlsplit(page.get_url(request) or "").path:  # a routable page's sub-address
        return ()
    translations = _by_language(page)
    if len(translations) < 2:
        return ()
    links = [
        Alternate(hreflang=code, href=request.build_absolute_uri(translation.get_url(request)))
        for code, translation in translations.items()
    ]
    default = translations.get(Locale.get_default().language_code)
    if default is not None:
        href = request.build_absolute_uri(default.get_url(request))
        links.append(Alternate(hreflang="x-default", href=href))
    return tuple(links)


@register.simple_tag(takes_context=True)
def site_links(context) -> SiteLinks:
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return SiteLinks(home=None, series=None)
    home = site.root_page.specific
    if not _i18n():
        series = home.series() if isinstance(home, HomePage) else None
        return SiteLinks(home=home, series=series)
    homes = _by_language(home)
    home = homes.get(Locale.get_active().language_code, home)
    page = context.get("page")
    return SiteLinks(
        home=home,
        series=home.series() if isinstance(home, HomePage) else None,
        languages=_languages(request, page, homes),
        alternates=_alternates(request, page),
    )
