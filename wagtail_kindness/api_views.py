"""Wagtail's pages endpoint, answering 400 instead of 500 to bad query parameters.

:class:`KindnessPagesAPIViewSet` is Wagtail's ``PagesAPIViewSet`` with the
same filters, search, ordering and pagination; only errors that a query
parameter causes become Wagtail's usual 400 ``{"message": …}``:

* a filter value the field cannot hold (``?date=abc``, ``?time=25:00``,
  ``?people=x``): Wagtail checks only integer, boolean and foreign-key
  values itself, Django refuses the others when the filter is built;
* a number too large for the database (``?people=<30 digits>``,
  ``?offset=<20 digits>``: more than a signed 64-bit integer);
* ``?search_operator=`` other than ``and`` or ``or``, and a search with a
  null character;
* a search that SQLite's FTS5 cannot parse (an unbalanced ``"``,
  wagtail/wagtail#13227).

It also leaves out the conversations of a series page that is not live
(Wagtail's unpublish leaves the children of a page live): listing, detail,
``find`` and search.

A blank search (``?search=%20``) finds nothing, as an empty one does (the
search backend's query parser leaves nothing of it and then fails).

It lives apart from :mod:`wagtail_kindness.api` because Wagtail's API views
load the page model on import, which the page models' own module cannot
wait for.  Register it in place of ``PagesAPIViewSet``::

    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail_kindness.api_views import KindnessPagesAPIViewSet

    api_router = WagtailAPIRouter("wagtailapi")
    api_router.register_endpoint("pages", KindnessPagesAPIViewSet)

See ``docs/urls.md``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import OperationalError
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from .languages import i18n_enabled
from .queries import exclude_unpublished_series

__all__ = [
    "MAX_OFFSET",
    "KindnessFieldsFilter",
    "KindnessPagesAPIViewSet",
    "KindnessPagination",
    "KindnessSearchFilter",
]

#: The largest ``offset`` PostgreSQL and SQLite accept (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1

#: How SQLite's FTS5 refuses a search it cannot parse (wagtail/wagtail#13227).
_FTS5_QUERY_ERRORS = ("unterminated string", "fts5: syntax error")


def _detail(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class KindnessFieldsFilter(FieldsFilter):
    """Wagtail's field filters; a value the field cannot hold is a 400."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError) as error:
            raise BadRequestError(f"field filter error. {_detail(error)}") from error


class KindnessSearchFilter(SearchFilter):
    """Wagtail's search; a bad ``search_operator`` or a null character is a 400."""

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search")
        if query is not None:
            if "\x00" in query:
                raise BadRequestError("search error. null characters are not allowed")
            operator = request.GET.get("search_operator")
            if operator and operator.lower() not in ("and", "or"):
                raise BadRequestError("search_operator must be 'and' or 'or'")
        results = super().filter_queryset(request, queryset, view)
        if query and not query.strip():  # the parser leaves nothing of it, then fails
            return queryset.none()  # nothing found, as for an empty search
        return results


class KindnessPagination(WagtailPagination):
    """Wagtail's ``offset``/``limit`` pagination, refusing what the database cannot run.

    The count is the first query to run, so a search SQLite cannot parse, or
    a filter number SQLite cannot hold, fails here.
    """

    def paginate_queryset(self, queryset, request, view=None):
        try:
            page = super().paginate_queryset(queryset, request, view)
        except OverflowError as error:  # SQLite: a filter number over 64 bits
            raise BadRequestError(
                f"a number in the query is too large: use at most {MAX_OFFSET}"
            ) from error
        except OperationalError as error:
            if "search" not in request.GET or not str(error).startswith(_FTS5_QUERY_ERRORS):
                raise
            raise BadRequestError(
                f"search error. the database cannot read this search ({error}): "
                'leave out the double quote (")'
            ) from error
        if int(request.GET.get("offset", 0)) > MAX_OFFSET:  # a number: checked above
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return page


class KindnessPagesAPIViewSet(PagesAPIViewSet):
    """``PagesAPIViewSet`` with the checks above; ``/find/?id=abc`` is a 400 too."""

    filter_backends = [
        {FieldsFilter: KindnessFieldsFilter, SearchFilter: KindnessSearchFilter}.get(f, f)
        for f in PagesAPIViewSet.filter_backends
    ]
    pagination_class = KindnessPagination

    def get_base_queryset(self):
        """Wagtail's public pages, without the conversations of unpublished series."""
        return exclude_unpublished_series(super().get_base_queryset())

    def get_queryset(self):
        """Wagtail's; a listing of conversations fetches their people and themes (and,
        with Wagtail's i18n, every page's locale: its ``meta`` and the words' language)
        in one query each, whatever the number of pages."""
        queryset = super().get_queryset()
        if hasattr(queryset, "with_people_and_themes"):
            queryset = queryset.with_people_and_themes().defer(None)  # the body may be asked for
        if i18n_enabled():
            queryset = queryset.select_related("locale")
        return queryset

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                int(request.GET["id"])
            except ValueError as error:
                raise BadRequestError("id must be an integer") from error
        return super().find_object(queryset, request)
