"""Find the series page to import into, by its path from the default site's root."""

from __future__ import annotations

from wagtail.models import Page, Site

from ..models import ConversationSeriesPage
from .errors import ArchiveImportError

__all__ = ["default_site", "find_series", "resolve_page_path", "site_path"]


def default_site() -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        site = Site.objects.select_related("root_page").first()
    if site is None:
        raise ArchiveImportError("this site has no Wagtail Site: run migrate first")
    return site


def site_path(page: Page) -> str:
    """The page's path from the default site's root: ``"/conversations/"``."""
    root = default_site().root_page.url_path
    if page.url_path.startswith(root):
        return "/" + page.url_path[len(root) :]
    return page.url_path


def resolve_page_path(path: str) -> tuple[Page | None, Page | None, str]:
    """``"/conversations/"`` as (the page there or None, its parent or None, its slug).

    Paths are read from the default site's root page.
    """
    segments = [s for s in (path or "").strip().split("/") if s]
    page: Page | None = default_site().root_page
    parent: Page | None = None
    for segment in segments:
        parent = page
        page = page.get_children().filter(slug=segment).first() if page is not None else None
    return (page.specific if page is not None else None), parent, (segments[-1] if segments else "")


def find_series(path: str | None = None) -> ConversationSeriesPage | None:
    """The series at ``path``, or the only series of the site when ``path`` is None.

    Raises :class:`ArchiveImportError` when ``path`` is not a series page, or
    when no path is given and there are several series.
    """
    if path:
        page, _parent, _slug = resolve_page_path(path)
        if page is None:
            return None
        if not isinstance(page, ConversationSeriesPage):
            raise ArchiveImportError(
                f"{path} is a {page.specific_class._meta.verbose_name}, not a conversation "
                "series: give the path of a series page"
            )
        return page
    found = list(ConversationSeriesPage.objects.all()[:2])
    if len(found) > 1:
        raise ArchiveImportError(
            "this site has several conversation series: choose one with --series PATH, "
            "e.g. --series /conversations/"
        )
    return found[0] if found else None
