"""Registrations in the admin: a listing with search, filters and export; inspect, resend, remove.

A Wagtail ``ModelViewSet`` (:class:`RegistrationViewSet`, menu "Registrations")
guarded by Django's model permissions on
:class:`~wagtail_kindness.models.Registration`, which an administrator gives
to a group in Wagtail's group settings:

* **view**: the listing (search by name or email; filters by series, state,
  meeting date, "every conversation"), its CSV/XLSX export (Wagtail's
  listing export: never the secret ``key`` of the links), the read-only
  inspect view, and a person's data as JSON;
* **change**: resend an email — the joining details of a confirmed
  registration's coming place, or the confirmation request of a pending
  one (each a new row of the mail ledger: ``deliver.enqueue`` with a fresh
  occasion, since a mail of the ledger is sent once);
* **delete**: remove a registration (its coming places are released first,
  so that the first person waiting is promoted) and erase a person's data.

There is no add, edit or copy view: people's data is not edited by hand.
Page permissions give nothing here: an editor who may edit the series but
has no registration permission sees no menu item and gets 403.  Admin
messages give counts, never a name or an address.  The listing and the
export read the rows in a fixed number of queries (the series joined, the
places prefetched).
"""

from __future__ import annotations

import json

import django_filters
from django import forms
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from ..joining import cancel as cancelling
from ..joining import deliver, forget
from ..joining.meetings import meeting_on
from ..models import ConversationSeriesPage, Delivery, Place, Registration

__all__ = [
    "PersonDataView",
    "RegistrationFilterSet",
    "RegistrationViewSet",
    "ResendView",
    "coming_place",
    "meetings_text",
    "resend",
]

#: The viewset's name: its URL names are ``wagtail_kindness_registrations:<view>``.
NAME = "wagtail_kindness_registrations"
#: The views of a ``ModelViewSet`` that are not offered: people's data is not edited by hand.
_NOT_OFFERED = ("add", "edit", "copy", "history", "history_results", "usage")
#: The permissions an administrator can give (no "add": registrations come from the form).
ACTIONS = ("view", "change", "delete")
#: The columns of the export, in order (never ``key``: it is inside the signed links).
EXPORT_FIELDS = [
    "name",
    "email",
    "series",
    "meetings",
    "state",
    "every",
    "follow_up",
    "time_zone",
    "language",
    "created_at",
    "confirmed_at",
]
#: A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def policy() -> ModelPermissionPolicy:
    return ModelPermissionPolicy(Registration)


def _require(user, *actions: str) -> None:
    if not policy().user_has_any_permission(user, actions):
        raise PermissionDenied


# -- what a row says -------------------------------------------------------------


def meetings_text(registration) -> str:
    """Its places: "17 Dec 2026 — Confirmed; 21 Jan 2027 — On the waiting list" (prefetched)."""
    return "; ".join(
        f"{date_format(place.date, 'j M Y')} — {place.get_state_display()}"
        for place in registration.places.all()
    )


def _yes_no(value: bool) -> str:
    return pgettext("registration admin", "yes") if value else pgettext("registration admin", "no")


def _rows():
    """Registrations with their series and places: two queries for any number of rows."""
    return Registration.objects.select_related("series").prefetch_related(
        Prefetch("places", queryset=Place.objects.order_by("date", "pk"))
    )


# -- the work behind the buttons ------------------------------------------------------


def coming_place(registration, now):
    """Its next confirmed place at a meeting that is on and has not ended, else ``None``."""
    held = registration.places.filter(state=Place.State.CONFIRMED).order_by("date")
    for place in held:
        meeting = meeting_on(registration.series, place.date)
        if meeting is not None and meeting.is_on and not meeting.has_ended(now):
            return place
    return None


def resend(registration, now) -> str | None:
    """Send again what the person needs; returns the kind sent, or ``None`` (nothing to send).

    A pending registration gets a new confirmation request; a confirmed one
    the joining details of its coming place.  Each is a new mail of the
    ledger: its occasion names this resend (the date part first, as the
    other occasions of its kind).
    """
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    if registration.state == Registration.State.PENDING:
        deliver.enqueue(registration, Delivery.Kind.CONFIRM, now.isoformat())
        return Delivery.Kind.CONFIRM
    if registration.state != Registration.State.CONFIRMED:
        return None
    place = coming_place(registration, now)
    if place is None:
        return None
    deliver.enqueue(registration, Delivery.Kind.JOINING, f"{place.date.isoformat()}#resend-{stamp}")
    return Delivery.Kind.JOINING


# -- filters ---------------------------------------------------------------------


def _series_choices(request):
    return ConversationSeriesPage.objects.order_by("path")


class RegistrationFilterSet(WagtailFilterSet):
    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        queryset=_series_choices,
        empty_label=pgettext_lazy("registration filter", "All"),
    )
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("registration", "State"),
        choices=Registration.State.choices,
        empty_label=pgettext_lazy("registration filter", "Any"),
        widget=forms.RadioSelect,
    )
    meeting = django_filters.DateFromToRangeFilter(
        label=_("Meeting date"),
        method="filter_meeting",
        widget=DateRangePickerWidget,
        help_text=_("Registrations with a place (confirmed or waiting) at a meeting then."),
    )
    every = django_filters.BooleanFilter(label=_("Every conversation"), widget=BooleanRadioSelect)

    class Meta:
        model = Registration
        fields: list[str] = []

    def filter_meeting(self, queryset, name, value):
        found = Place.objects.exclude(state=Place.State.CANCELLED)
        if value and value.start:
            found = found.filter(date__gte=value.start)
        if value and value.stop:
            found = found.filter(date__lte=value.stop)
        return queryset.filter(pk__in=found.values("registration_id"))


# -- views -----------------------------------------------------------------------


class RegistrationIndexView(IndexView):
    any_permission_required = list(ACTIONS)
    default_ordering = "-created_at"
    list_export = EXPORT_FIELDS
    export_headings = {
        "series": _("Series"),
        "meetings": _("Meetings"),
        "state": pgettext_lazy("registration", "State"),
        "every": _("Every conversation"),
        "follow_up": _("Follow-up"),
    }
    _computed = {
        "series": lambda r: r.series.title,
        "meetings": meetings_text,
        "state": lambda r: r.get_state_display(),
        "every": lambda r: _yes_no(r.every),
        "follow_up": lambda r: _yes_no(r.follow_up),
    }

    def get_base_queryset(self):
        return _rows()

    def to_row_dict(self, item):
        return {
            field: self._computed[field](item) if field in self._computed else getattr(item, field)
            for field in self.list_export
        }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
            return "'" + value  # a name such as "=HYPERLINK(…)" stays text
        return value

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if policy().user_has_permission(self.request.user, "view"):
            buttons.append(
                HeaderButton(
                    _("A person's data"),
                    url=reverse(f"{NAME}:person"),
                    icon_name="user",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if policy().user_has_permission(self.request.user, "change"):
            buttons.append(
                Button(
                    _("Resend"),
                    url=reverse(f"{NAME}:resend", args=[instance.pk]),
                    icon_name="mail",
                    priority=25,
                )
            )
        return buttons


class RegistrationInspectView(InspectView):
    any_permission_required = list(ACTIONS)

    def get_object(self, queryset=None):
        return get_object_or_404(_rows(), pk=self.pk)

    def get_field_label(self, field_name, field):
        if field_name == "meetings":
            return _("Meetings")
        return super().get_field_label(field_name, field)

    def get_meetings_display_value(self):
        return meetings_text(self.object) or "-"

    def get_series_display_value(self):
        return self.object.series.title

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if policy().user_has_permission(self.request.user, "change"):
            buttons.append(
                Button(
                    _("Resend"),
                    url=reverse(f"{NAME}:resend", args=[self.object.pk]),
                    icon_name="mail",
                    priority=15,
                )
            )
        return buttons


class RegistrationDeleteView(DeleteView):
    """Remove: its coming places are released (the first person waiting is promoted)."""

    def delete_action(self):
        with transaction.atomic():
            cancelling.release_coming(self.object, now=timezone.now())
            super().delete_action()

    def get_success_message(self):
        return ngettext(
            "%(count)d registration removed.", "%(count)d registrations removed.", 1
        ) % {"count": 1}


class ResendView(WagtailAdminTemplateMixin, FormView):
    """Asks, then sends again: the joining details, or the confirmation request."""

    template_name = "wagtail_kindness/admin/registrations/resend.html"
    page_title = _("Resend")
    header_icon = "mail"
    form_class = forms.Form

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "change")
        self.object = get_object_or_404(_rows(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def inspect_url(self) -> str:
        return reverse(f"{NAME}:inspect", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["registration"] = self.object
        context["pending"] = self.object.state == Registration.State.PENDING
        context["place"] = (
            coming_place(self.object, now)
            if self.object.state == Registration.State.CONFIRMED
            else None
        )
        context["back_url"] = self.inspect_url()
        return context

    def form_valid(self, form):
        with transaction.atomic():
            kind = resend(self.object, timezone.now())
        if kind == Delivery.Kind.CONFIRM:
            messages.success(self.request, gettext("The confirmation request will be sent again."))
        elif kind == Delivery.Kind.JOINING:
            messages.success(self.request, gettext("The joining details will be sent again."))
        else:
            messages.warning(
                self.request,
                gettext("Nothing to resend: this registration has no coming place."),
            )
        return redirect(self.inspect_url())


class PersonForm(forms.Form):
    email = forms.EmailField(label=pgettext_lazy("joining", "Email"), max_length=254)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PersonDataView(WagtailAdminTemplateMixin, FormView):
    """A person's data, by email: download it (JSON), or erase it after a confirmation step.

    Downloading needs the "view" permission; erasing needs "delete".
    """

    template_name = "wagtail_kindness/admin/registrations/person.html"
    page_title = _("A person's data")
    header_icon = "user"
    form_class = PersonForm

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "view")
        self.may_erase = policy().user_has_permission(request.user, "delete")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_erase"] = self.may_erase
        context["index_url"] = reverse(f"{NAME}:index")
        return context

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if "erase" not in self.request.POST:
            data = forget.export(email)
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False, default=str),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        if not self.may_erase:
            raise PermissionDenied
        if not form.cleaned_data["confirm"]:
            found = Registration.objects.filter(email__iexact=email).count()
            context = self.get_context_data(
                form=PersonForm(initial={"email": email, "confirm": True})
            )
            context["confirming"] = True
            context["found"] = found
            return self.render_to_response(context)
        count = forget.erase(email)  # their coming places go to the people waiting
        messages.success(
            self.request,
            ngettext("%(count)d registration erased.", "%(count)d registrations erased.", count)
            % {"count": count},
        )
        return redirect(reverse(f"{NAME}:person"))


# -- the viewset -------------------------------------------------------------------


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = NAME
    url_prefix = "kindness/registrations"
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 160
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    delete_view_class = RegistrationDeleteView
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email"]
    export_filename = "registrations"
    list_per_page = 50
    list_export = EXPORT_FIELDS
    list_display = [
        "name",
        "email",
        Column("series", label=_("Series"), accessor=lambda r: r.series.title),
        Column("meetings", label=_("Meetings"), accessor=meetings_text),
        Column(
            "state",
            label=pgettext_lazy("registration", "State"),
            accessor="get_state_display",
            sort_key="state",
        ),
        Column("every", label=_("Every conversation"), accessor=lambda r: _yes_no(r.every)),
        DateColumn("created_at", label=_("Signed up"), sort_key="created_at"),
    ]
    inspect_view_fields = [*EXPORT_FIELDS, "cancelled_at"]
    form_fields: list[str] = []  # no form: no add or edit view

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(Registration)
        codenames = [get_permission_codename(a, Registration._meta) for a in ACTIONS]
        return Permission.objects.filter(content_type=content_type, codename__in=codenames)

    def get_urlpatterns(self):
        kept = [p for p in super().get_urlpatterns() if p.name not in _NOT_OFFERED]
        return [
            *kept,
            path("resend/<int:pk>/", ResendView.as_view(), name="resend"),
            path("person/", PersonDataView.as_view(), name="person"),
        ]
