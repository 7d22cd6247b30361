"""The speaker snippet's admin views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.log_actions import log
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetCreateView,
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


class _SpeakerColumns:
    """The chooser's listing: the name, then the job title and organisation."""

    @property
    def columns(self):
        return [
            *super().columns,
            Column("job_title", label=_("Job title"), accessor="job_title"),
            Column("organisation", label=_("Organisation"), accessor="organisation"),
        ]


class SpeakerChooseView(_MayChooseSpeakers, _SpeakerColumns, ChooseView):
    pass


class SpeakerChooseResultsView(_MayChooseSpeakers, _SpeakerColumns, ChooseResultsView):
    pass


class SpeakerCreationForm(WagtailAdminModelForm):
    """A new speaker, from the chooser: the fields an editor knows while adding a person.

    The photo and links are added later, on the speaker's own page.  A name
    (or other name) that is already a speaker's is refused: choose them
    instead (``Speaker.find``, honorific and case ignored).
    """

    class Meta:
        model = Speaker
        fields = ["honorific", "name", "job_title", "organisation", "aliases", "bio"]

    def clean(self):
        cleaned = super().clean()
        for name in [cleaned.get("name") or "", *(cleaned.get("aliases") or "").splitlines()]:
            existing = Speaker.find(name) if name.strip() else None
            if existing is not None:
                raise ValidationError(
                    _(
                        "%(speaker)s is already a speaker (as '%(name)s'): "
                        "find them in the Search tab."
                    ),
                    code="duplicate",
                    params={"speaker": existing, "name": name.strip()},
                )
        return cleaned


class SpeakerCreateView(_MayChooseSpeakers, SnippetCreateView):
    """Creates a speaker from the chooser (for users who may also add speakers), and logs it."""

    def save_form(self, form):
        speaker = super().save_form(form)
        log(instance=speaker, action="wagtail.create", user=self.request.user)
        return speaker


class SpeakerChooserViewSet(SnippetChooserViewSet):
    """The speaker chooser: search by name, other name, organisation or job title
    (``Speaker.search_fields``), and a "New speaker" tab for users who may add one."""

    choose_view_class = SpeakerChooseView
    choose_results_view_class = SpeakerChooseResultsView
    create_view_class = SpeakerCreateView
    creation_form_class = SpeakerCreationForm
    creation_tab_label = _("New speaker")
    create_action_label = _("Add speaker")
    create_action_clicked_label = _("Adding…")


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
