"""The conversations listing for editors: Wagtail's flat page listing (``PageListingViewSet``).

One row per conversation page of the series the user may work on
(:func:`~wagtail_kindness.permissions.series_for_user`): its title (a link to
its edit view when the user may edit it), series (when there are several),
date, status, speakers, whether its summary and recording are available, and
whether it is live, and for a series where people sign up, its
registrations (confirmed places, and how many wait).  Filters: upcoming or
past, missing a summary or a recording (meetings that took place, as the
dashboard counts them), series; the search box looks in the titles.

The rows cost a fixed number of queries whatever their number: the speakers
are prefetched, and the resources of a page of rows are converted together
(:func:`~wagtail_kindness.editorial.with_resources`), and their places are
counted in one aggregated query (``Place.objects.per_meeting``).
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BaseColumn, Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from kindness_core.series import Role, Status

from ..editorial import (
    FOLLOW_UPS,
    FollowUp,
    children_of,
    follow_up_label,
    follow_up_state,
    took_place,
    user_series,
    with_resources,
)
from ..models import ConversationPage, ConversationPerson, JoinMode, Place
from ..models.joining import PlaceCounts

__all__ = [
    "ConversationFilterSet",
    "ConversationIndexView",
    "ConversationListingViewSet",
]

#: The people a row names: the guests, not the regular hosts.
SPEAKER_ROLES = (Role.SPEAKER, Role.CO_SPEAKER)


# -- registrations ----------------------------------------------------------------

#: (confirmed, waiting) places at one meeting.


def places_text(counts: PlaceCounts | None) -> str:
    """The places of a meeting in words, e.g. "3 registered, 2 waiting" (else "")."""
    if counts is None:
        return ""
    confirmed, waiting = counts
    text = ngettext("%(count)d registered", "%(count)d registered", confirmed) % {
        "count": confirmed
    }
    if waiting:
        text += ", " + ngettext("%(count)d waiting", "%(count)d waiting", waiting) % {
            "count": waiting
        }
    return text


# -- filters -----------------------------------------------------------------


class ConversationFilterSet(WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=pgettext_lazy("conversation listing filter", "Any"),
        widget=RadioSelect,
        method="filter_when",
    )
    missing = django_filters.ChoiceFilter(
        label=_("Missing after the meeting"),
        choices=[(block_type, follow_up_label(block_type)) for block_type in FOLLOW_UPS],
        empty_label=pgettext_lazy("conversation listing filter", "Any"),
        widget=RadioSelect,
        method="filter_missing",
        help_text=_("Meetings that took place (not cancelled) without it."),
    )
    series = django_filters.MultipleChoiceFilter(
        label=_("Series"), widget=CheckboxSelectMultiple, method="filter_series"
    )

    class Meta:
        model = ConversationPage
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        series = user_series(self.request) if self.request is not None else []
        if len(series) < 2:
            del self.filters["series"]  # one series: nothing to choose
        else:
            self.filters["series"].extra["choices"] = [(str(s.pk), s.title) for s in series]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(start__gte=now)
        if value == "past":
            return queryset.filter(start__lt=now)
        return queryset

    def filter_missing(self, queryset, name, value):
        """The meetings that took place whose follow-up ``value`` is not available.

        The resources are JSON: they are read (one query, and one per kind of
        document) and the pages kept by id.
        """
        if value not in FOLLOW_UPS:
            return queryset
        past = queryset.filter(took_place(timezone.now()))
        pages = with_resources(past.only("pk", "resources").prefetch_related(None).order_by())
        ids = [page.pk for page in pages if follow_up_state(page, value) is not FollowUp.AVAILABLE]
        return past.filter(pk__in=ids)

    def filter_series(self, queryset, name, value):
        chosen = [s for s in user_series(self.request) if str(s.pk) in value]
        return queryset.filter(children_of(chosen)) if value else queryset


# -- columns -----------------------------------------------------------------


def _status(page: ConversationPage) -> str:
    if page.status == Status.POSTPONED and page.postponed_date:
        return gettext("Postponed to %(date)s") % {"date": date_format(page.postponed_date)}
    return page.get_status_display()


def _speakers(page: ConversationPage) -> str:
    people = page.people.all()  # prefetched with their speakers
    return ", ".join(str(person.speaker) for person in people if person.role in SPEAKER_ROLES)


def _registrations(page: ConversationPage) -> str:
    return places_text(getattr(page, "kindness_places", None))


class SeriesColumn(Column):
    """The series of a row, from the user's series already read (no query)."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        parent_path = instance.path[: -instance.steplen]
        series = user_series(parent_context["request"])
        context["value"] = next((s.title for s in series if s.path == parent_path), "")
        return context


class TitleColumn(PageTitleColumn):
    """The title, linked to the edit view when the user may edit the page.

    Without Wagtail's "more" buttons: for a user without the publish
    permission, their delete and move checks read each page's descendants
    (two queries a row).
    """

    cell_template_name = "wagtail_kindness/admin/listing/title_cell.html"


class FollowUpColumn(BaseColumn):
    """Whether a row's summary or recording is available, pending or absent."""

    cell_template_name = "wagtail_kindness/admin/listing/follow_up_cell.html"

    def __init__(self, block_type: str, **kwargs):
        super().__init__(block_type, **kwargs)
        self.block_type = block_type

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["state"] = follow_up_state(instance, self.block_type)
        return context


# -- the view and its viewset --------------------------------------------------


class ConversationIndexView(IndexView):
    """The listing: Wagtail's page index view on the user's conversation pages."""

    model = ConversationPage
    page_title = _("Conversations")
    paginate_by = 50
    default_ordering = "-date"
    base_filterset_class = ConversationFilterSet

    title_column = TitleColumn(
        "title",
        label=pgettext_lazy("conversation listing", "Title"),
        sort_key="title",
        classname="title",
    )
    series_column = SeriesColumn("series", label=_("Series"))
    other_columns = [
        Column("date", label=pgettext_lazy("conversation listing", "Date"), sort_key="date"),
        Column(
            "status",
            label=pgettext_lazy("conversation listing", "Status"),
            accessor=_status,
            sort_key="status",
        ),
        Column("speakers", label=_("Speakers"), accessor=_speakers),
        FollowUpColumn("summary", label=pgettext_lazy("conversation listing", "Summary")),
        FollowUpColumn("recording", label=_("Recording")),
        Column("registrations", label=_("Registrations"), accessor=_registrations),
        PageStatusColumn("live", label=_("Publication"), sort_key="live"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not user_series(request):
            raise PermissionDenied  # no series to work on: no listing
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        several = len(user_series(self.request)) > 1
        return [self.title_column, *([self.series_column] if several else []), *self.other_columns]

    def get_base_queryset(self):
        pages = ConversationPage.objects.filter(children_of(user_series(self.request)))
        return self.annotate_queryset(pages)

    def annotate_queryset(self, pages):
        # Wagtail's annotations for its page listing, but the resources are kept
        # (the summary and recording columns read them) and the speakers prefetched.
        people = ConversationPerson.objects.select_related("speaker").order_by("sort_order")
        pages = pages.defer("body").prefetch_related(
            "content_type", "sites_rooted_here", Prefetch("people", queryset=people)
        )
        if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            pages = pages.prefetch_workflow_states()
        if self.i18n_enabled:
            pages = pages.prefetch_related("locale").annotate_has_untranslated_locale()
        return pages.annotate_site_root_state().annotate_approved_schedule()

    def get_ordering(self):
        # The search below is on the database: results keep the chosen order.
        ordering = self.request.GET.get("ordering", self.default_ordering)
        return ordering if ordering in self.get_valid_orderings() else self.default_ordering

    def order_queryset(self, queryset):
        tie = "-pk" if self.ordering.startswith("-") else "pk"
        return queryset.order_by(self.ordering, tie)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(title__icontains=self.search_query)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = with_resources(rows)  # the rows' documents in one query
        self._count_places(page.object_list)
        return paginator, page, page.object_list, is_paginated

    def _count_places(self, rows) -> None:
        """Each row of a sign-up series gets ``kindness_places``: one query for the page of rows."""
        signup = {s.path: s.pk for s in user_series(self.request) if s.join_mode == JoinMode.SIGNUP}
        keyed = [(row, signup.get(row.path[: -row.steplen])) for row in rows]
        counts = Place.objects.per_meeting((pk, row.date) for row, pk in keyed if pk is not None)
        for row, pk in keyed:
            if pk is not None:
                row.kindness_places = counts[(pk, row.date)]


class ConversationsMenuItem(MenuItem):
    """Shown only to users who may work on a series."""

    def is_shown(self, request):
        return bool(user_series(request))


class ConversationListingViewSet(PageListingViewSet):
    name = "wagtail_kindness_conversations"
    url_prefix = "kindness/conversations"
    model = ConversationPage
    index_view_class = ConversationIndexView
    filterset_class = ConversationFilterSet
    columns = PageListingViewSet.UNDEFINED  # the view's own (a series column if several)
    icon = "date"
    menu_label = _("Conversations")
    menu_order = 150
    add_to_admin_menu = True
    menu_item_class = ConversationsMenuItem
