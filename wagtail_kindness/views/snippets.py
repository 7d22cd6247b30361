"""The speaker snippet's admin views."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ..models import Speaker


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


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = SpeakerIndexView
    list_display = ["display_name", "job_title", "organisation", UpdatedAtColumn()]
    list_filter = {"organisation": ["icontains"], "honorific": ["exact"]}
    list_per_page = 50
    ordering = ["name"]
