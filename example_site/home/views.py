"""The example site's search: public pages only, and a search the database cannot read
is a normal page that says so (not an error)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

from wagtail_kindness.middleware import database_unavailable
from wagtail_kindness.queries import exclude_unpublished_series

PER_PAGE = 10
#: Longer searches are cut (a search box, not a document).
MAX_QUERY = 200


def search(request):
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:MAX_QUERY]
    page_obj, unreadable = None, False
    if query:
        pages = exclude_unpublished_series(Page.objects.live().public().specific())
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            pages = pages.filter(locale=Locale.get_active())  # the pages in this language
        paginator = Paginator(pages.search(query), PER_PAGE)
        try:
            page_obj = paginator.get_page(request.GET.get("page"))
            list(page_obj.object_list)
        except DatabaseError as error:  # e.g. SQLite's full-text search and a lone quote
            if database_unavailable(error):
                raise  # an outage: the middleware's 503
            page_obj, unreadable = None, True
    return TemplateResponse(
        request,
        "search.html",
        {"query": query, "page_obj": page_obj, "unreadable": unreadable},
    )
