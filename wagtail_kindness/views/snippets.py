"""The speaker snippet's admin views."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Speaker


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["display_name", "job_title", "organisation", UpdatedAtColumn()]
    list_filter = {"organisation": ["icontains"], "honorific": ["exact"]}
    list_per_page = 50
    ordering = ["name"]
