"""The speaker snippet's admin views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ..models import Speaker
from ..permissions import may_choose_speakers


class SpeakerIndexView(IndexView):
    """Wagtail's snippet listing, where every sortable column also sorts search results.

    The search backend finds the speakers; the database sorts them, so a
    column need not be a search ``FilterField`` (the "Updated" column is not
    a field at all) to sort what a search found.  Without an explicit sort,
    the results keep the search's relevance order, as in Wagtail.
    """

    def search_queryset(self, queryset):
        if not (self.is_searching and self.is_explicitly_ordered):
            return super().search_queryset(queryset)
        found = super().search_queryset(queryset.order_by())
        return queryset.filter(pk__in=[speaker.pk for speaker in found])


class _MayChooseSpeakers:
    """Wagtail's snippet chooser lists every speaker to any admin user; here, only
    to those who manage speakers or may work on a series (``may_choose_speakers``)."""

    def dispatch(self, request, *args, **kwargs):
        if not may_choose_speakers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SpeakerChooseView(_MayChooseSpeakers, ChooseView):
    pass


class SpeakerChooseResultsView(_MayChooseSpeakers, ChooseResultsView):
    pass


class SpeakerChooserViewSet(SnippetChooserViewSet):
    choose_view_class = SpeakerChooseView
    choose_results_view_class = SpeakerChooseResultsView


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = SpeakerIndexView
    chooser_viewset_class = SpeakerChooserViewSet
    list_display = [
        "listing_name",  # the display name, sorted by name
        "job_title",
        "organisation",
        UpdatedAtColumn(),
    ]
    list_filter = {"organisation": ["icontains"], "honorific": ["exact"]}
    list_per_page = 50
    ordering = ["name"]
