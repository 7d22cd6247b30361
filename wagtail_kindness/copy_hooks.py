"""Admin hooks: copying and moving conversations keep one conversation a month.

* ``copy_for_next_meeting`` (``before_copy_page``): Wagtail's copy view copies
  with ``CopyPageAction`` and only the title and slug of its form, skipping the
  page's validation.  For a conversation the hook copies on POST with
  :meth:`ConversationPage.copy() <wagtail_kindness.models.ConversationPage.copy>`
  (``copying``: the next free month, the typed title…), with Wagtail's form,
  permissions, ``after_copy_page`` hooks and redirect; a destination without a
  free month is refused with an error message.  An alias keeps the original's
  date: it is refused where that month is taken.
* ``refuse_taken_month_move`` (``before_move_page``) and
  ``refuse_taken_month_bulk_move`` (``before_bulk_action``): a conversation
  cannot move into a series whose month it would take; the message names the
  page that holds it.  With ``SYNC_PAGE_TREE``, Wagtail moves the page's
  translations too: each is refused the same way (``translating``).
* ``link_or_decline_aliases`` (``after_create_page``, before
  ``wagtail.contrib.simple_translation``'s ``SYNC_PAGE_TREE`` aliases): a new
  conversation is linked to a translated series' page of its month; where that
  page is already another's version (``translating``), it gets no alias there.
  The editor is told either way.
* ``refuse_alias_month_clash`` (``before_publish_page``): an alias follows its
  page's date; a page whose alias would land in a taken month is not published.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from kindness_core.series import month_label

from .copying import move_conflict, move_refused_message
from .languages import output_locale
from .models import ConversationPage
from .months import month_taken_message, page_in_month
from .translating import (
    alias_clashes,
    link,
    linked_message,
    missing_locales,
    plan_versions,
    sync_page_tree,
    translation_moves,
)

__all__ = [
    "copy_for_next_meeting",
    "link_or_decline_aliases",
    "refuse_alias_month_clash",
    "refuse_taken_month_bulk_move",
    "refuse_taken_month_move",
]


def _messages_of(error: ValidationError):
    """The messages of ``error`` as one piece of HTML (each escaped unless built safe)."""
    return format_html_join(" ", "{}", ((message,) for message in error.messages))


def _copy_view_url(request, page) -> str:
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    next_url = get_valid_next_url_from_request(request)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def copy_for_next_meeting(request, page):
    """``before_copy_page``: a conversation is copied as the next meeting of its series."""
    page_class = page.specific_class
    if request.method != "POST" or not (page_class and issubclass(page_class, ConversationPage)):
        return None
    form = page_class.copy_form_class(request.POST, user=request.user, page=page)
    if not form.is_valid():
        return None  # Wagtail's view shows the form again, with its errors
    destination = form.cleaned_data["new_parent_page"] or page.get_parent()
    source = page.specific
    if form.cleaned_data.get("alias"):
        return _refuse_alias(request, source, destination)
    can_publish = destination.permissions_for_user(request.user).can_publish_subpage()
    try:
        with transaction.atomic():
            new_page = source.copy(
                recursive=bool(form.cleaned_data.get("copy_subpages")),
                to=destination,
                update_attrs={
                    "title": form.cleaned_data["new_title"],
                    "slug": form.cleaned_data["new_slug"],
                },
                keep_live=bool(can_publish and form.cleaned_data.get("publish_copies")),
                user=request.user,
            )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect(_copy_view_url(request, page))
    if new_page.live:
        text = _(
            "Page “%(page_title)s” copied: “%(copy_title)s”, the conversation of "
            "%(month)s, is live."
        )
    else:
        text = _(
            "Page “%(page_title)s” copied: “%(copy_title)s”, the conversation of "
            "%(month)s, is a draft."
        )
    values = {
        "page_title": source.get_admin_display_title(),
        "copy_title": new_page.get_admin_display_title(),
        "month": month_label(new_page.date, output_locale()),
    }
    edit = messages.button(
        reverse("wagtailadmin_pages:edit", args=[new_page.pk]),
        pgettext("admin message button", "Edit"),
    )
    messages.success(request, text % values, buttons=[edit])
    for fn in hooks.get_hooks("after_copy_page"):
        result = fn(request, page, new_page)
        if hasattr(result, "status_code"):
            return result
    next_url = get_valid_next_url_from_request(request)
    return redirect(next_url) if next_url else redirect("wagtailadmin_explore", destination.pk)


def _refuse_alias(request, source, destination):
    """An alias has the original's date: refused where that month is taken, else Wagtail's."""
    series = destination.specific
    other = page_in_month(series, source.date) if hasattr(series, "next_free_occurrence") else None
    if other is None:
        return None
    message = month_taken_message(series, other, source.date)
    messages.error(request, format_html("{} {}", _("An alias keeps its original's date."), message))
    return redirect(_copy_view_url(request, source))


def refuse_taken_month_move(request, page, destination):
    """``before_move_page``: refused with a message naming the page that holds the month,
    for the page and for the translations Wagtail moves with it (``SYNC_PAGE_TREE``)."""
    page = page.specific_deferred
    if not isinstance(page, ConversationPage):
        return None
    problems = []
    if (other := move_conflict(page, destination)) is not None:
        problems.append(move_refused_message(page, destination.specific, other))
    for version, target in translation_moves(page, destination):
        if (other := move_conflict(version, target)) is not None:
            problems.append(move_refused_message(version, target.specific, other))
    if not problems:
        return None
    messages.error(request, format_html_join(" ", "{}", ((problem,) for problem in problems)))
    return redirect("wagtailadmin_pages:move", page.pk)


def refuse_taken_month_bulk_move(request, action_type, objects, action):
    """``before_bulk_action``: a bulk move is refused if a conversation would take a month
    of the destination series that is taken, or that another moved conversation takes."""
    if action_type != "move" or getattr(action, "cleaned_form", None) is None:
        return None
    destination = action.cleaned_form.cleaned_data.get("chooser")
    series = destination.specific if destination is not None else None
    if not hasattr(series, "next_free_occurrence"):
        return None
    moved = ConversationPage.objects.filter(pk__in=[obj.pk for obj in objects], date__isnull=False)
    problems, claimed = [], {}
    for page in moved.order_by("date", "pk"):
        if page.path[: -page.steplen] == series.path:
            continue  # already there: it keeps its month
        month = (page.date.year, page.date.month)
        other = move_conflict(page, series) or claimed.get(month)
        if other is None:
            claimed[month] = page
        else:
            problems.append(move_refused_message(page, series, other))
    if not problems:
        return None
    messages.error(request, format_html_join(" ", "{}", ((problem,) for problem in problems)))
    return redirect(action.next_url)


def link_or_decline_aliases(request, page):
    """``after_create_page``, before ``SYNC_PAGE_TREE``'s hook aliases the new page into
    every locale: where a translated series has a page of the month, it becomes the
    new page's version, or, when it is already another page's (``translating``), the
    editor is told, and no alias is made there."""
    if not sync_page_tree() or not isinstance(page, ConversationPage):
        return None
    links, refused = plan_versions(page, missing_locales(page))
    for _locale, holder in links:
        link(page, holder)
        messages.info(request, linked_message(page, holder))
    if refused:
        page._kindness_no_version_in = set(refused)
        for message in refused.values():
            messages.warning(request, message)
    return None


def refuse_alias_month_clash(request, page):
    """``before_publish_page``: not published (the draft is kept) when an alias of the page,
    which follows its date, would take a month its series already has."""
    if not isinstance(page, ConversationPage) or not (problems := alias_clashes(page)):
        return None
    messages.error(request, format_html_join(" ", "{}", ((problem,) for problem in problems)))
    return redirect("wagtailadmin_pages:edit", page.pk)
